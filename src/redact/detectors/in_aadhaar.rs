//! `IN_AADHAAR`: Indian Aadhaar numbers that pass the Verhoeff check.

use super::support::validate_number;
use super::{Detector, Pattern, Span};
use crate::redact::checksum::verhoeff_valid;

pub(super) const DETECTOR: Detector = Detector {
    entity: "IN_AADHAAR",
    context_words: &["aadhaar", "aadhar", "uid", "uidai", "adhaar"],
    countries: &["IN"],
    patterns: &[
        Pattern {
            rule: "in_aadhaar.grouped",
            regex: r"(?-u:\b)[2-9][0-9]{3}[ -][0-9]{4}[ -][0-9]{4}(?-u:\b)",
            score: 0.6,
            requires_context: false,
            validate,
        },
        Pattern {
            rule: "in_aadhaar.context",
            // Twelve bare digits are also product codes (UPC-A), so they need a context word.
            regex: r"(?-u:\b)[2-9][0-9]{11}(?-u:\b)",
            score: 0.6,
            requires_context: true,
            validate,
        },
    ],
};

fn validate(text: &str, span: Span) -> Option<Span> {
    validate_number(text, span, verhoeff_valid)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn aadhaars(text: &str) -> Vec<&str> {
        found("IN_AADHAAR", text)
    }

    #[test]
    fn aadhaar_finds_grouped_and_context_forms() {
        assert_eq!(aadhaars("Aadhaar 940764165656, PAN"), ["940764165656"]);
        assert_eq!(aadhaars("Aadhaar 9784 5346 3881, PAN"), ["9784 5346 3881"]);
    }

    #[test]
    fn aadhaar_rejects_bad_check_and_bare_digits() {
        assert!(aadhaars("Aadhaar 940764165657").is_empty());
        assert!(aadhaars("UPC 940764165656").is_empty());
        assert!(aadhaars("Aadhaar 140764165656").is_empty());
    }
}
