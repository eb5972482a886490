//! `IN_GSTIN`: Indian GST identification numbers with a valid check character.

use super::support::is_alphanumeric_token;
use super::{Detector, Pattern, Span};
use crate::redact::checksum::gstin_valid;

pub(super) const DETECTOR: Detector = Detector {
    entity: "IN_GSTIN",
    context_words: &["gstin", "gst", "gst number"],
    countries: &["IN"],
    patterns: &[Pattern {
        rule: "in_gstin.checksum",
        // State code, the holder's PAN, an entity number, `Z` and a check character.
        regex: r"(?-u:\b)[0-3][0-9][A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z](?-u:\b)",
        score: 0.9,
        requires_context: false,
        validate,
    }],
};

fn validate(text: &str, span: Span) -> Option<Span> {
    let candidate = text.get(span.start..span.end)?;
    (is_alphanumeric_token(text, span) && gstin_valid(candidate)).then_some(span)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn numbers(text: &str) -> Vec<&str> {
        found("IN_GSTIN", text)
    }

    #[test]
    fn gstin_finds_valid_number() {
        assert_eq!(
            numbers("GSTIN 27AAPFU0939F1ZV on the invoice"),
            ["27AAPFU0939F1ZV"]
        );
    }

    #[test]
    fn gstin_rejects_bad_check_character() {
        assert!(numbers("GSTIN 27AAPFU0939F1ZW").is_empty());
    }
}
