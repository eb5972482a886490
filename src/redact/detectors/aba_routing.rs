//! `ABA_ROUTING_NUMBER`: US bank routing transit numbers after a routing context word.

use super::support::validate_number;
use super::{Detector, Pattern, Span};
use crate::redact::checksum::aba_valid;

pub(super) const DETECTOR: Detector = Detector {
    entity: "ABA_ROUTING_NUMBER",
    context_words: &[
        "routing",
        "aba",
        "rtn",
        "transit",
        "ach",
        "wire",
        "routing number",
    ],
    countries: &["US"],
    patterns: &[Pattern {
        rule: "aba.checksum",
        // One in ten nine-digit numbers passes the check, so a context word is required.
        regex: r"(?-u:\b)(?:[0-9]{9}|[0-9]{4}-[0-9]{4}-[0-9])(?-u:\b)",
        score: 0.6,
        requires_context: true,
        validate,
    }],
};

/// Checks the Federal Reserve prefix (00-12, 21-32, 61-72 or 80) and the check digit.
fn is_routing_number(digits: &str) -> bool {
    let Some(prefix) = digits.get(..2).and_then(|prefix| prefix.parse::<u8>().ok()) else {
        return false;
    };
    let known_prefix = matches!(prefix, 0..=12 | 21..=32 | 61..=72 | 80);
    known_prefix && aba_valid(digits)
}

fn validate(text: &str, span: Span) -> Option<Span> {
    validate_number(text, span, is_routing_number)
}

#[cfg(test)]
mod tests {
    use super::is_routing_number;
    use crate::redact::detectors::found;

    fn routing(text: &str) -> Vec<&str> {
        found("ABA_ROUTING_NUMBER", text)
    }

    #[test]
    fn aba_finds_number_after_context() {
        assert_eq!(
            routing("Routing number 258231346 for the ACH debit."),
            ["258231346"]
        );
        assert_eq!(routing("ABA: 0210-0002-1"), ["0210-0002-1"]);
    }

    #[test]
    fn aba_rejects_without_context_or_check() {
        assert!(routing("Order 258231346 shipped").is_empty());
        assert!(routing("Routing number 258231347").is_empty());
        assert!(routing("Routing number 2582313460").is_empty());
    }

    #[test]
    fn aba_rejects_unknown_prefix() {
        // Passes the check digit but 50 is not a Federal Reserve prefix.
        assert!(!is_routing_number("500000005"));
        assert!(is_routing_number("021000021"));
    }
}
