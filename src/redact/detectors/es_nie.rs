//! `ES_NIE`: Spanish foreigner identity numbers (NIE) with a valid check letter.

use super::es_nif::validate;
use super::{Detector, Pattern};

pub(super) const DETECTOR: Detector = Detector {
    entity: "ES_NIE",
    context_words: &["nie", "número de identidad de extranjero", "extranjero"],
    countries: &["ES"],
    patterns: &[Pattern {
        rule: "es_nie.letter",
        regex: r"(?-u:\b)[XYZ]-?[0-9]{7}-?[A-Z](?-u:\b)",
        score: 0.8,
        requires_context: false,
        validate,
    }],
};

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    #[test]
    fn nie_finds_valid_letter() {
        assert_eq!(found("ES_NIE", "NIE X2482300W vigente"), ["X2482300W"]);
        assert_eq!(found("ES_NIE", "NIE: Y-1234567-X"), ["Y-1234567-X"]);
    }

    #[test]
    fn nie_rejects_wrong_letter() {
        assert!(found("ES_NIE", "NIE X2482300A").is_empty());
    }
}
