//! `US_ITIN`: US Individual Taxpayer Identification Numbers (9XX-XX-XXXX with an assigned
//! group).

use super::support::validate_number;
use super::{Detector, Pattern, Span};

pub(super) const DETECTOR: Detector = Detector {
    entity: "US_ITIN",
    context_words: &[
        "itin",
        "individual taxpayer",
        "taxpayer identification",
        "tin",
    ],
    countries: &["US"],
    patterns: &[
        Pattern {
            rule: "us_itin.formatted",
            regex: r"(?-u:\b)9[0-9]{2}[- ][0-9]{2}[- ][0-9]{4}(?-u:\b)",
            score: 0.6,
            requires_context: false,
            validate,
        },
        Pattern {
            rule: "us_itin.context",
            regex: r"(?-u:\b)9[0-9]{8}(?-u:\b)",
            score: 0.5,
            requires_context: true,
            validate,
        },
    ],
};

/// Checks the group digits (fourth and fifth): 50-65, 70-88, 90-92 and 94-99.
// NOTE: python-stdnum 2.2 accepts only 70-88, 90-92 and 94-99. Groups 50-65 are accepted here
// too, so that a number in them is redacted rather than kept.
fn has_itin_group(digits: &str) -> bool {
    let Some(group) = digits.get(3..5).and_then(|group| group.parse::<u8>().ok()) else {
        return false;
    };
    digits.len() == 9
        && digits.starts_with('9')
        && matches!(group, 50..=65 | 70..=88 | 90..=92 | 94..=99)
}

fn validate(text: &str, span: Span) -> Option<Span> {
    validate_number(text, span, has_itin_group)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn itins(text: &str) -> Vec<&str> {
        found("US_ITIN", text)
    }

    #[test]
    fn itin_finds_formatted_and_context_forms() {
        assert_eq!(itins("ITIN 912-70-1234 on file"), ["912-70-1234"]);
        assert_eq!(itins("payee 999 88 7777."), ["999 88 7777"]);
        assert_eq!(itins("ITIN: 912701234"), ["912701234"]);
    }

    #[test]
    fn itin_rejects_other_groups_and_mixed_separators() {
        assert!(itins("ITIN 912-45-1234").is_empty());
        assert!(itins("ITIN 912-93-1234").is_empty());
        assert!(itins("ITIN 912-70 1234").is_empty());
        assert!(itins("id 912701234").is_empty());
    }
}
