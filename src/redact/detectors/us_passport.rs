//! `US_PASSPORT`: US passport numbers (nine digits, or a letter and eight digits in the
//! Next Generation format) after a passport context word. They have no check digit.

use super::support::is_alphanumeric_token;
use super::{Detector, Pattern, Span};

pub(super) const DETECTOR: Detector = Detector {
    entity: "US_PASSPORT",
    context_words: &["passport", "passport number", "passport no"],
    countries: &["US"],
    patterns: &[Pattern {
        rule: "us_passport.context",
        regex: r"(?-u:\b)[A-Z]?[0-9]{8,9}(?-u:\b)",
        score: 0.6,
        requires_context: true,
        validate,
    }],
};

/// Accepts nine digits, or one letter and eight digits.
fn validate(text: &str, span: Span) -> Option<Span> {
    let candidate = text.get(span.start..span.end)?;
    let shaped = candidate.len() == 9;
    (shaped && is_alphanumeric_token(text, span)).then_some(span)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    #[test]
    fn passport_needs_context() {
        assert_eq!(
            found("US_PASSPORT", "Passport number 912803456."),
            ["912803456"]
        );
        assert_eq!(
            found("US_PASSPORT", "passport A12345678 expires"),
            ["A12345678"]
        );
        assert!(found("US_PASSPORT", "Order 912803456").is_empty());
        assert!(found("US_PASSPORT", "Passport 12345678").is_empty());
    }
}
