//! `AU_ACN`: Australian Company Numbers after a context word, with a valid check digit.

use super::support::validate_number;
use super::{Detector, Pattern, Span};
use crate::redact::checksum::au_acn_valid;

pub(super) const DETECTOR: Detector = Detector {
    entity: "AU_ACN",
    context_words: &["acn", "australian company number", "company number"],
    countries: &["AU"],
    patterns: &[Pattern {
        rule: "au_acn.checksum",
        regex: r"(?-u:\b)[0-9]{3}[ ]?[0-9]{3}[ ]?[0-9]{3}(?-u:\b)",
        score: 0.6,
        requires_context: true,
        validate,
    }],
};

fn validate(text: &str, span: Span) -> Option<Span> {
    validate_number(text, span, au_acn_valid)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn numbers(text: &str) -> Vec<&str> {
        found("AU_ACN", text)
    }

    #[test]
    fn acn_finds_number_after_context() {
        assert_eq!(numbers("ACN 004 085 616 Pty Ltd"), ["004 085 616"]);
    }

    #[test]
    fn acn_rejects_bad_check_and_missing_context() {
        assert!(numbers("ACN 004 085 617").is_empty());
        assert!(numbers("Order 004 085 616").is_empty());
    }
}
