//! `AU_BSB`: Australian bank-state-branch numbers after a BSB context word.

use super::support::validate_six_digits;
use super::{Detector, Pattern};

pub(super) const DETECTOR: Detector = Detector {
    entity: "AU_BSB",
    context_words: &["bsb", "bank state branch"],
    countries: &["AU"],
    patterns: &[Pattern {
        rule: "au_bsb.context",
        regex: r"(?-u:\b)[0-9]{3}[- ]?[0-9]{3}(?-u:\b)",
        score: 0.6,
        requires_context: true,
        validate: validate_six_digits,
    }],
};

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    #[test]
    fn bsb_needs_context() {
        assert_eq!(
            found("AU_BSB", "BSB 062-000, account 12345678"),
            ["062-000"]
        );
        assert!(found("AU_BSB", "Invoice 062-000").is_empty());
    }
}
