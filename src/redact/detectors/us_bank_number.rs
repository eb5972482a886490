//! `US_BANK_NUMBER`: US bank account numbers (8 to 17 digits) after an account context word.
//! They have no check digit, so the context word is what identifies them.

use super::support::validate_number;
use super::{Detector, Pattern, Span};

pub(super) const DETECTOR: Detector = Detector {
    entity: "US_BANK_NUMBER",
    context_words: &[
        // "account" alone: 8 to 17 digits right after it are an account number, while ledger
        // accounts such as `Account 4000 Sales` have fewer digits.
        "account",
        "account number",
        "acct",
        "acct no",
        "account no",
        "bank account",
        "checking",
        "savings",
        "checking account",
        "savings account",
    ],
    countries: &["US"],
    patterns: &[Pattern {
        rule: "us_bank_number.context",
        regex: r"(?-u:\b)[0-9]{8,17}(?-u:\b)",
        score: 0.6,
        requires_context: true,
        validate,
    }],
};

fn validate(text: &str, span: Span) -> Option<Span> {
    validate_number(text, span, |digits| (8..=17).contains(&digits.len()))
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    #[test]
    fn bank_number_needs_account_context() {
        assert_eq!(
            found("US_BANK_NUMBER", "Checking account 000123456789 at Chase"),
            ["000123456789"]
        );
        assert!(found("US_BANK_NUMBER", "Order 000123456789 shipped").is_empty());
        assert!(found("US_BANK_NUMBER", "Account 4000 Sales").is_empty());
        assert_eq!(
            found("US_BANK_NUMBER", "Routing 021000021 account 123456789"),
            ["123456789"]
        );
    }
}
