//! `US_EIN`: US Employer Identification Numbers with a prefix that the IRS assigns.

use super::support::validate_number;
use super::{Detector, Pattern, Span};

pub(super) const DETECTOR: Detector = Detector {
    entity: "US_EIN",
    context_words: &[
        "ein",
        "fein",
        "employer identification",
        "employer id",
        "tax id",
        "tin",
        "w-9",
    ],
    countries: &["US"],
    patterns: &[
        Pattern {
            rule: "us_ein.dashed",
            regex: r"(?-u:\b)[0-9]{2}-[0-9]{7}(?-u:\b)",
            score: 0.5,
            requires_context: false,
            validate,
        },
        Pattern {
            rule: "us_ein.context",
            regex: r"(?-u:\b)[0-9]{9}(?-u:\b)",
            score: 0.4,
            requires_context: true,
            validate,
        },
    ],
};

/// Checks that the two-digit prefix is one the IRS assigns to a campus or to online
/// applications: every prefix except 00, 07-09, 17-19, 28, 29, 49, 69, 70, 78, 79, 89, 96
/// and 97.
fn has_assigned_prefix(digits: &str) -> bool {
    let Some(prefix) = digits.get(..2).and_then(|prefix| prefix.parse::<u8>().ok()) else {
        return false;
    };
    digits.len() == 9
        && !matches!(
            prefix,
            0 | 7..=9 | 17..=19 | 28 | 29 | 49 | 69 | 70 | 78 | 79 | 89 | 96 | 97
        )
}

fn validate(text: &str, span: Span) -> Option<Span> {
    validate_number(text, span, has_assigned_prefix)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn eins(text: &str) -> Vec<&str> {
        found("US_EIN", text)
    }

    #[test]
    fn ein_finds_dashed_and_context_forms() {
        assert_eq!(eins("Vendor EIN 98-2552351 on the W-9."), ["98-2552351"]);
        assert_eq!(eins("FEIN: 412345678"), ["412345678"]);
    }

    #[test]
    fn ein_rejects_unassigned_prefix_and_bare_digits() {
        assert!(eins("EIN 07-1234567").is_empty());
        assert!(eins("EIN 97-1234567").is_empty());
        assert!(eins("Order 412345678").is_empty());
        assert!(eins("ref 41-12345678").is_empty());
    }
}
