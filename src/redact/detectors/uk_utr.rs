//! `UK_UTR`: UK Unique Taxpayer References after a context word, with a valid check digit.

use super::support::validate_number;
use super::{Detector, Pattern, Span};
use crate::redact::checksum::uk_utr_valid;

pub(super) const DETECTOR: Detector = Detector {
    entity: "UK_UTR",
    context_words: &[
        "utr",
        "unique taxpayer reference",
        "self assessment",
        "taxpayer reference",
    ],
    countries: &["GB"],
    patterns: &[Pattern {
        rule: "uk_utr.checksum",
        // Ten bare digits are as often phone or order numbers, so a context word is required.
        regex: r"(?-u:\b)[0-9]{5} ?[0-9]{5}(?-u:\b)",
        score: 0.6,
        requires_context: true,
        validate,
    }],
};

fn validate(text: &str, span: Span) -> Option<Span> {
    validate_number(text, span, uk_utr_valid)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    #[test]
    fn utr_finds_number_after_context() {
        assert_eq!(
            found("UK_UTR", "UTR 19558 39661 on the return"),
            ["19558 39661"]
        );
        assert_eq!(found("UK_UTR", "UTR: 1955839661"), ["1955839661"]);
    }

    #[test]
    fn utr_rejects_bad_check_and_missing_context() {
        assert!(found("UK_UTR", "UTR 2955839661").is_empty());
        assert!(found("UK_UTR", "order 1955839661").is_empty());
    }
}
