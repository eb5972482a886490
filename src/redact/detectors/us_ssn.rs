//! `US_SSN`: United States Social Security numbers with a valid area, group and serial.

use super::support::{digits_only, is_standalone};
use super::{Detector, Pattern, Span};

pub(super) const DETECTOR: Detector = Detector {
    entity: "US_SSN",
    context_words: &["ssn", "ssns", "social security", "ss#"],
    countries: &["US"],
    patterns: &[
        Pattern {
            rule: "us_ssn.dashed",
            regex: r"(?-u:\b)[0-9]{3}-[0-9]{2}-[0-9]{4}(?-u:\b)",
            score: 0.6,
            requires_context: false,
            validate,
        },
        Pattern {
            rule: "us_ssn.spaced",
            regex: r"(?-u:\b)[0-9]{3} [0-9]{2} [0-9]{4}(?-u:\b)",
            score: 0.5,
            requires_context: false,
            validate,
        },
        Pattern {
            rule: "us_ssn.context",
            // Nine bare digits are as likely to be an order or routing number, so they count only
            // after a word such as "SSN".
            regex: r"(?-u:\b)[0-9]{9}(?-u:\b)",
            score: 0.5,
            requires_context: true,
            validate,
        },
    ],
};

/// Checks the number ranges that the Social Security Administration never assigns: area 000,
/// 666 and 900 to 999, group 00 and serial 0000.
fn is_assignable(digits: &str) -> bool {
    let (Some(area), Some(group), Some(serial)) =
        (digits.get(0..3), digits.get(3..5), digits.get(5..9))
    else {
        return false;
    };
    digits.len() == 9
        && area != "000"
        && area != "666"
        && !area.starts_with('9')
        && group != "00"
        && serial != "0000"
}

fn validate(text: &str, span: Span) -> Option<Span> {
    if !is_standalone(text, span) {
        return None;
    }
    let candidate = text.get(span.start..span.end)?;
    is_assignable(&digits_only(candidate)).then_some(span)
}

#[cfg(test)]
mod tests {
    use super::is_assignable;
    use crate::redact::{Finding, Redactor};

    fn ssn_findings(text: &str) -> Vec<Finding> {
        Redactor::with_entities(&["US_SSN"])
            .expect("entity is known")
            .analyze(text)
    }

    fn ssns(text: &str) -> Vec<&str> {
        ssn_findings(text)
            .iter()
            .map(|finding| &text[finding.start..finding.end])
            .collect()
    }

    #[test]
    fn ssn_finds_dashed_and_spaced_forms() {
        assert_eq!(
            ssns("Contractor Jo, SSN 363-41-0219, needs a 1099."),
            ["363-41-0219"]
        );
        assert_eq!(ssns("SSN 600 86 4237"), ["600 86 4237"]);
        assert_eq!(ssns("TaxIdentifier 123-45-6789"), ["123-45-6789"]);
        assert_eq!(ssns("id 483-40-6000 on file"), ["483-40-6000"]);
    }

    #[test]
    fn ssn_finds_bare_digits_only_with_context() {
        assert_eq!(ssns("SSN: 363410219"), ["363410219"]);
        assert_eq!(ssns("Social Security number 363410219"), ["363410219"]);
        assert!(ssns("Routing number 363410219 for the ACH debit").is_empty());
        assert!(ssns("Order 363410219").is_empty());
    }

    #[test]
    fn ssn_rejects_unassigned_areas() {
        for number in [
            "000-12-3456",
            "666-12-3456",
            "900-12-3456",
            "999-12-3456",
            "950 12 3456",
        ] {
            assert!(ssns(number).is_empty(), "{number}");
        }
        assert!(ssns("SSN 666123456").is_empty());
    }

    #[test]
    fn ssn_rejects_zero_group_or_serial() {
        assert!(ssns("123-00-4567").is_empty());
        assert!(ssns("123-45-0000").is_empty());
        assert!(!is_assignable("123004567"));
        assert!(!is_assignable("123450000"));
        assert!(!is_assignable("12345678"));
        assert!(is_assignable("899999999"));
    }

    #[test]
    fn ssn_rejects_dates_phones_and_longer_runs() {
        for text in [
            "2026-12-31",
            "415-555-0134",
            "123-45-67890",
            "1123-45-6789",
            "123-45-6789-1",
            "123 45 6789 1",
            "123-45 6789",
            "SSN 1234567890",
        ] {
            assert!(ssns(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn ssn_context_raises_score() {
        let plain = ssn_findings("id 363-41-0219");
        let with_context = ssn_findings("SSN 363-41-0219");
        assert_eq!(plain[0].rule, "us_ssn.dashed");
        assert!(with_context[0].score > plain[0].score);
    }
}
