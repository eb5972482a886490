//! `AU_MEDICARE`: Australian Medicare card numbers with a valid check digit.

use super::support::validate_number;
use super::{Detector, Pattern, Span};

pub(super) const DETECTOR: Detector = Detector {
    entity: "AU_MEDICARE",
    context_words: &["medicare", "medicare card", "medicare number"],
    countries: &["AU"],
    patterns: &[Pattern {
        rule: "au_medicare.checksum",
        // Eight digits, a check digit and the card issue number, often printed `2123 45670 1`.
        regex: r"(?-u:\b)[2-6][0-9]{3} ?[0-9]{5} ?[0-9](?-u:\b)",
        score: 0.6,
        requires_context: true,
        validate,
    }],
};

/// Checks the ninth digit: weights 1, 3, 7, 9, 1, 3, 7, 9 on the first eight, sum modulo 10.
fn is_medicare(digits: &str) -> bool {
    let values: Vec<u32> = digits.bytes().map(|byte| u32::from(byte - b'0')).collect();
    let weights = [1, 3, 7, 9, 1, 3, 7, 9];
    let sum: u32 = values
        .iter()
        .zip(weights)
        .map(|(value, weight)| value * weight)
        .sum();
    values.len() == 10 && values.get(8) == Some(&(sum % 10))
}

fn validate(text: &str, span: Span) -> Option<Span> {
    validate_number(text, span, is_medicare)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    #[test]
    fn medicare_finds_valid_number_after_context() {
        assert_eq!(
            found("AU_MEDICARE", "Medicare 2123 45670 1 on file"),
            ["2123 45670 1"]
        );
    }

    #[test]
    fn medicare_rejects_bad_check_and_missing_context() {
        assert!(found("AU_MEDICARE", "Medicare 2123 45671 1").is_empty());
        assert!(found("AU_MEDICARE", "Order 2123 45670 1").is_empty());
    }
}
