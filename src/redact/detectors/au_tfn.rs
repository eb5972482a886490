//! `AU_TFN`: Australian Tax File Numbers after a context word, with a valid check digit.

use super::support::validate_number;
use super::{Detector, Pattern, Span};
use crate::redact::checksum::au_tfn_valid;

pub(super) const DETECTOR: Detector = Detector {
    entity: "AU_TFN",
    context_words: &["tfn", "tax file number", "tax file"],
    countries: &["AU"],
    patterns: &[Pattern {
        rule: "au_tfn.checksum",
        // One in eleven numbers of this shape passes the check, so a context word is required.
        regex: r"(?-u:\b)[0-9]{3}[ ]?[0-9]{3}[ ]?[0-9]{2,3}(?-u:\b)",
        score: 0.6,
        requires_context: true,
        validate,
    }],
};

fn validate(text: &str, span: Span) -> Option<Span> {
    validate_number(text, span, au_tfn_valid)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn tfns(text: &str) -> Vec<&str> {
        found("AU_TFN", text)
    }

    #[test]
    fn tfn_finds_spaced_and_compact_forms() {
        assert_eq!(tfns("TFN 121 876 643 and ABN"), ["121 876 643"]);
        assert_eq!(tfns("TFN 869236911 and ABN"), ["869236911"]);
    }

    #[test]
    fn tfn_rejects_bad_check_and_missing_context() {
        assert!(tfns("TFN 121 876 644").is_empty());
        assert!(tfns("Order 121 876 643").is_empty());
    }
}
