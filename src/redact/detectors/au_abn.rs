//! `AU_ABN`: Australian Business Numbers with a valid mod 89 check.

use super::support::validate_number;
use super::{Detector, Pattern, Span};
use crate::redact::checksum::au_abn_valid;

pub(super) const DETECTOR: Detector = Detector {
    entity: "AU_ABN",
    context_words: &["abn", "australian business number", "business number"],
    countries: &["AU"],
    patterns: &[
        Pattern {
            rule: "au_abn.spaced",
            regex: r"(?-u:\b)[0-9]{2} [0-9]{3} [0-9]{3} [0-9]{3}(?-u:\b)",
            score: 0.6,
            requires_context: false,
            validate,
        },
        Pattern {
            rule: "au_abn.context",
            regex: r"(?-u:\b)[0-9]{11}(?-u:\b)",
            score: 0.5,
            requires_context: true,
            validate,
        },
    ],
};

fn validate(text: &str, span: Span) -> Option<Span> {
    validate_number(text, span, au_abn_valid)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn abns(text: &str) -> Vec<&str> {
        found("AU_ABN", text)
    }

    #[test]
    fn abn_finds_spaced_and_context_forms() {
        assert_eq!(
            abns("ABN 91 771 988 403 for the supplier"),
            ["91 771 988 403"]
        );
        assert_eq!(abns("ABN 13960438165 for the supplier"), ["13960438165"]);
        assert_eq!(abns("supplier 51 824 753 556"), ["51 824 753 556"]);
    }

    #[test]
    fn abn_rejects_bad_check_and_bare_digits() {
        assert!(abns("ABN 91 771 988 404").is_empty());
        assert!(abns("call 13960438165").is_empty());
    }
}
