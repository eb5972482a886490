//! `CA_SIN`: Canadian Social Insurance Numbers that pass the Luhn check.

use super::support::validate_number;
use super::{Detector, Pattern, Span};
use crate::redact::checksum::luhn_valid;

pub(super) const DETECTOR: Detector = Detector {
    entity: "CA_SIN",
    context_words: &[
        "sin",
        "social insurance",
        "numéro d'assurance sociale",
        "nas",
    ],
    countries: &["CA"],
    patterns: &[
        Pattern {
            rule: "ca_sin.formatted",
            regex: r"(?-u:\b)[0-9]{3}[- ][0-9]{3}[- ][0-9]{3}(?-u:\b)",
            score: 0.5,
            requires_context: false,
            validate,
        },
        Pattern {
            rule: "ca_sin.context",
            regex: r"(?-u:\b)[0-9]{9}(?-u:\b)",
            score: 0.5,
            requires_context: true,
            validate,
        },
    ],
};

/// Checks the Luhn digit and the first digit: 0 and 8 are never issued.
fn is_sin(digits: &str) -> bool {
    digits.len() == 9 && !digits.starts_with(['0', '8']) && luhn_valid(digits)
}

fn validate(text: &str, span: Span) -> Option<Span> {
    validate_number(text, span, is_sin)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn sins(text: &str) -> Vec<&str> {
        found("CA_SIN", text)
    }

    #[test]
    fn sin_finds_formatted_and_context_forms() {
        assert_eq!(sins("SIN 938-063-740 on the T4."), ["938-063-740"]);
        assert_eq!(sins("SIN 127 152 783 on the T4."), ["127 152 783"]);
        assert_eq!(sins("SIN 172087173 on the T4."), ["172087173"]);
    }

    #[test]
    fn sin_rejects_luhn_failures_and_bare_digits() {
        assert!(sins("SIN 938-063-741").is_empty());
        assert!(sins("SIN 046-454-286").is_empty());
        assert!(sins("Batch 172087173").is_empty());
        assert!(sins("SIN 938-063 740").is_empty());
    }
}
