//! `UK_SORT_CODE`: UK bank sort codes after a sort code context word.

use super::support::validate_six_digits;
use super::{Detector, Pattern};

pub(super) const DETECTOR: Detector = Detector {
    entity: "UK_SORT_CODE",
    context_words: &["sort code", "sort", "sc"],
    countries: &["GB"],
    patterns: &[Pattern {
        rule: "uk_sort_code.context",
        // `12-34-56` is also a date shape, so a context word is required.
        regex: r"(?-u:\b)[0-9]{2}[- ]?[0-9]{2}[- ]?[0-9]{2}(?-u:\b)",
        score: 0.6,
        requires_context: true,
        validate: validate_six_digits,
    }],
};

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    #[test]
    fn sort_code_needs_context() {
        assert_eq!(
            found("UK_SORT_CODE", "Sort code 20-00-00, account"),
            ["20-00-00"]
        );
        assert!(found("UK_SORT_CODE", "Batch 20-00-00").is_empty());
        assert!(found("UK_SORT_CODE", "Sort code 20-00 00").is_empty());
    }
}
