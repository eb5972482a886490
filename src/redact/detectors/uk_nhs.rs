//! `UK_NHS`: NHS numbers after a context word, with a valid mod 11 check digit.

use super::support::validate_number;
use super::{Detector, Pattern, Span};
use crate::redact::checksum::uk_nhs_valid;

pub(super) const DETECTOR: Detector = Detector {
    entity: "UK_NHS",
    context_words: &["nhs", "nhs number", "national health", "chi"],
    countries: &["GB"],
    patterns: &[Pattern {
        rule: "uk_nhs.checksum",
        // The 3-3-4 grouping is also a North American phone shape, so a context word is required.
        regex: r"(?-u:\b)[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}(?-u:\b)",
        score: 0.7,
        requires_context: true,
        validate,
    }],
};

fn validate(text: &str, span: Span) -> Option<Span> {
    validate_number(text, span, uk_nhs_valid)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn numbers(text: &str) -> Vec<&str> {
        found("UK_NHS", text)
    }

    #[test]
    fn nhs_finds_number_after_context() {
        assert_eq!(numbers("NHS number 943 476 5919."), ["943 476 5919"]);
        assert_eq!(numbers("NHS: 9434765919"), ["9434765919"]);
    }

    #[test]
    fn nhs_rejects_bad_check_and_missing_context() {
        assert!(numbers("NHS number 943 476 5918").is_empty());
        assert!(numbers("call 943 476 5919").is_empty());
    }
}
