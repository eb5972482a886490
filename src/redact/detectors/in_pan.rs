//! `IN_PAN`: Indian Permanent Account Numbers with a valid holder-type letter.

use super::support::is_alphanumeric_token;
use super::{Detector, Pattern, Span};

pub(super) const DETECTOR: Detector = Detector {
    entity: "IN_PAN",
    context_words: &["pan", "permanent account", "income tax"],
    countries: &["IN"],
    patterns: &[Pattern {
        rule: "in_pan.format",
        // Three letters, the holder type (P person, C company, H family, F firm, A association,
        // T trust, B body, L local authority, J juridical person, G government, K trust of the
        // older Krish type), a letter, a serial of four digits and a check letter.
        regex: r"(?-u:\b)[A-Z]{3}[PCHFATBLJGK][A-Z][0-9]{4}[A-Z](?-u:\b)",
        score: 0.6,
        requires_context: false,
        validate,
    }],
};

/// Checks the token boundaries and the serial, which is never `0000`.
fn validate(text: &str, span: Span) -> Option<Span> {
    let serial = text.get(span.start + 5..span.start + 9)?;
    (serial != "0000" && is_alphanumeric_token(text, span)).then_some(span)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn pans(text: &str) -> Vec<&str> {
        found("IN_PAN", text)
    }

    #[test]
    fn pan_finds_valid_format() {
        assert_eq!(
            pans("Aadhaar 940764165656, PAN QLMFY5801A."),
            ["QLMFY5801A"]
        );
    }

    #[test]
    fn pan_rejects_other_holder_types_and_shapes() {
        assert!(pans("PAN QLMXY5801A").is_empty());
        assert!(pans("PAN QLMFY58012").is_empty());
        assert!(pans("SKU ABCPD1234EX").is_empty());
        assert!(pans("PAN ABCPD0000E").is_empty());
    }
}
