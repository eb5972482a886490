//! `PHONE_NUMBER`: international, North American and trunk-prefix national numbers, and bare
//! digit runs after a phone context word.

use super::support::{count_digits, has_uniform_separators, is_standalone};
use super::{Detector, Pattern, Span};

/// Optional extension such as `x41586`, ` ext. 12` or ` extension 7`.
macro_rules! extension {
    () => {
        r"(?:[ ]?(?:[xX]|[eE][xX][tT]\.?|[eE]xtension)[ ]?[0-9]{1,6})?"
    };
}

pub(super) const DETECTOR: Detector = Detector {
    entity: "PHONE_NUMBER",
    context_words: &[
        "phone",
        "phones",
        "telephone",
        "tel",
        "ph",
        "mobile",
        "cell",
        "cellphone",
        "call",
        "calls",
        "called",
        "calling",
        "fax",
        "whatsapp",
        "sms",
    ],
    countries: &[],
    patterns: &[
        Pattern {
            rule: "phone.international",
            // `+CC` then digit groups with optional single separators and parentheses, and the
            // UK-style trunk marker `(0)`: `+1-537-640-6812x41586`, `+34806 28 66 33`,
            // `+44(0)115 496 0152`, `+61.2.8804.9170`.
            regex: concat!(
                r"\+[1-9][0-9]{0,2}(?:[ .\-]?\(0\))?(?:[ .\-]?\(?[0-9]{1,5}\)?){1,6}",
                extension!()
            ),
            score: 0.7,
            requires_context: false,
            validate: validate_international,
        },
        Pattern {
            rule: "phone.nanp",
            // North American Numbering Plan: `(415) 555-0134`, `415.555.0134`, `1 (232) 275-0142`,
            // `001-204-704-0523x2248`.
            regex: concat!(
                r"(?:(?-u:\b)(?:00)?1[ .\-]?)?(?:\([0-9]{3}\)[ .\-]?|(?-u:\b)[0-9]{3}[ .\-])[0-9]{3}[ .\-][0-9]{4}",
                extension!()
            ),
            score: 0.6,
            requires_context: false,
            validate: validate_standalone,
        },
        Pattern {
            rule: "phone.national",
            // National numbers with a trunk prefix 0 and at least one separator or parenthesised
            // area code: `080-1542-9941`, `(0909)8790064`, `020 7946 0958`, `(03)-9332-8367`,
            // `01 23 45 67 89`, `098765 43210`.
            regex: r"(?:\(0[0-9]{1,5}\)[ .\-]?|(?-u:\b)0[0-9]{1,5}[ .\-])[0-9]{2,8}(?:[ .\-][0-9]{2,8}){0,3}(?-u:\b)",
            score: 0.5,
            requires_context: false,
            validate: validate_national,
        },
        Pattern {
            rule: "phone.brazil",
            // Brazilian numbers with the two-digit area code in parentheses and a hyphen before
            // the last four digits: `(11) 91234-5678`, `(21) 2345-6789`.
            regex: r"\([1-9][0-9]\) ?9?[0-9]{4}-[0-9]{4}(?-u:\b)",
            score: 0.6,
            requires_context: false,
            validate: validate_standalone,
        },
        Pattern {
            rule: "phone.context",
            // Bare digit runs and local numbers without a trunk prefix (`45115652`, `4954-9026`,
            // `912 345 678`, `12 34 56 78`, `612 34 56 78`) look like any other number, so they count only after
            // a context word such as "phone" or "call".
            regex: r"(?-u:\b)(?:[0-9]{7,11}|[0-9]{3,4}[ .\-][0-9]{4}|[0-9]{3}[ .\-][0-9]{3}[ .\-][0-9]{3}|[0-9]{2,3}(?:[ .\-][0-9]{2}){3})(?-u:\b)",
            score: 0.4,
            requires_context: true,
            validate: validate_standalone,
        },
    ],
};

/// E.164 numbers have at most 15 digits including the country code. The minimum of 8 keeps
/// signed amounts and time-zone offsets such as `+1520.75` or `+0530` out.
const INTERNATIONAL_DIGITS: std::ops::RangeInclusive<usize> = 8..=15;

/// National numbers with the trunk 0 have 10 to 12 digits in the countries this detector aims
/// at (United Kingdom, Australia, Japan, India, Germany, France).
// NOTE: shorter national numbers, such as some 9-digit German ones, are missed, because 9-digit
// groups like `007 425 532` are usually tax file numbers instead.
const NATIONAL_DIGITS: std::ops::RangeInclusive<usize> = 10..=12;

fn validate_standalone(text: &str, span: Span) -> Option<Span> {
    is_standalone(text, span).then_some(span)
}

fn validate_international(text: &str, span: Span) -> Option<Span> {
    if !is_standalone(text, span) {
        return None;
    }
    let candidate = text.get(span.start..span.end)?;
    let number = strip_extension(candidate);
    // The trunk marker `(0)` is dialled only inside the country, so it is not part of the count.
    let trunk_digits = usize::from(number.contains("(0)"));
    let digits = count_digits(number).saturating_sub(trunk_digits);
    INTERNATIONAL_DIGITS.contains(&digits).then_some(span)
}

fn validate_national(text: &str, span: Span) -> Option<Span> {
    if !is_standalone(text, span) {
        return None;
    }
    let candidate = text.get(span.start..span.end)?;
    let valid =
        NATIONAL_DIGITS.contains(&count_digits(candidate)) && has_uniform_separators(candidate);
    valid.then_some(span)
}

/// Returns the number without its extension, which starts at the first letter.
fn strip_extension(candidate: &str) -> &str {
    candidate
        .find(|character: char| character.is_ascii_alphabetic())
        .and_then(|index| candidate.get(..index))
        .unwrap_or(candidate)
}

#[cfg(test)]
mod tests {
    use crate::redact::{Finding, Redactor};

    fn phone_findings(text: &str) -> Vec<Finding> {
        Redactor::with_entities(&["PHONE_NUMBER"])
            .expect("entity is known")
            .analyze(text)
    }

    fn phones(text: &str) -> Vec<&str> {
        phone_findings(text)
            .iter()
            .map(|finding| &text[finding.start..finding.end])
            .collect()
    }

    fn assert_whole_phone(number: &str) {
        let text = format!("Reach the customer at {number} today.");
        assert_eq!(phones(&text), [number], "in {text:?}");
    }

    #[test]
    fn phone_finds_international_forms() {
        for number in [
            "+1-537-640-6812x41586",
            "+34806 28 66 33",
            "+44 20 7946 0958",
            "+44(0)115 496 0152",
            "+49 (0)30 901820",
            "+33 1 23 45 67 89",
            "+44(0)1214960793",
            "+61.2.8804.9170",
            "+61 421 742 180",
            "+910146730024",
            "+1 (415) 555-0134",
            "+49 30 12345678",
        ] {
            assert_whole_phone(number);
        }
    }

    #[test]
    fn phone_finds_north_american_forms() {
        for number in [
            "(415) 555-0134",
            "415-555-0134",
            "415.555.0134",
            "001-204-704-0523x2248",
            "916-427-2082x874",
            "1 (232) 275-0142",
            "(597)592-6224",
            "(580) 491-7031 x797",
            "155 171 6079",
            "1-800-555-0199",
            "(415) 555-0134 ext. 12",
        ] {
            assert_whole_phone(number);
        }
    }

    #[test]
    fn phone_finds_national_trunk_forms() {
        for number in [
            "080-1542-9941",
            "(0909)8790064",
            "020 7946 0958",
            "(03)-9332-8367",
            "(07).6111.3930",
            "0440 191 614",
            "0161 4960921",
            "(0118) 496 0100",
            "028 9018 0546",
            "01 23 45 67 89",
            "07700 900123",
            "098765 43210",
            "(030) 1234567",
        ] {
            assert_whole_phone(number);
        }
    }

    #[test]
    fn phone_finds_bare_digits_after_context_word() {
        assert_eq!(phones("Call Tammy on 45115652"), ["45115652"]);
        assert_eq!(phones("mobile: 0200772837"), ["0200772837"]);
        assert_eq!(
            phones("Customer called from 4954-9026 about it"),
            ["4954-9026"]
        );
        assert_eq!(phones("Tel. 3307 6661"), ["3307 6661"]);
        assert_eq!(phones("fax 01174960633"), ["01174960633"]);
        assert_eq!(phones("PHONE 5035390757"), ["5035390757"]);
        assert_eq!(phones("Tel. 912 345 678"), ["912 345 678"]);
        assert_eq!(phones("Phone 12 34 56 78"), ["12 34 56 78"]);
    }

    #[test]
    fn phone_ignores_bare_digits_without_context() {
        for text in [
            "Batch 4527926043 posted",
            "PO 4578702097",
            "build 52646905 took 48727 ms",
            "12345678",
            "Aadhaar 2202 6962 5388",
            "Order 912 345 678",
            "Rows 12 34 56 78",
            "Please call tomorrow. Batch 4527926043 posted",
        ] {
            assert!(phones(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn phone_ignores_amounts_dates_and_identifiers() {
        for text in [
            "$1,520.75",
            "1520.75",
            "+1520.75",
            "2026-12-31",
            "31/12/2026",
            "01.02.2026 10:00",
            "2026-11-30T14:42:19.000Z",
            "2026-01-04T09:12:00-08:00",
            "2026-10-11T18:10:52+05:30",
            "Report generated 2026-11-30 14:42:19 UTC",
            "#10234",
            "INV-60402",
            "12345678",
            "123-45-6789",
            "SSN 123 45 6789",
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "4111111111111111",
            "SIN 105-086-482 on the T4",
            "TFN 007 425 532",
            "ABN 34 695 084 678",
            "IBAN DE76 2374 0954 6111 3930 95",
            "IBAN ES26 0044 9420 1721 7642 8868",
            "SKU Z925-36252",
            "Version 2.21.53 deployed",
            "realmId 2124200891959481",
            "Tracking number 1Z26MI0YHZ0NARTBNL",
        ] {
            assert!(phones(text).is_empty(), "{text}: {:?}", phones(text));
        }
    }

    #[test]
    fn phone_rejects_overlong_international_number() {
        assert!(phones("+1 2345 6789 0123 4567").is_empty());
    }

    #[test]
    fn phone_context_raises_score() {
        let plain = phone_findings("Number 415-555-0134");
        let with_context = phone_findings("Phone 415-555-0134");
        assert_eq!(plain.len(), 1);
        assert_eq!(with_context.len(), 1);
        assert!(with_context[0].score > plain[0].score);
        assert!(with_context[0].score <= 1.0);
    }

    #[test]
    fn phone_reports_rule_ids() {
        let rule = |text: &str| phone_findings(text).first().map(|finding| finding.rule);
        assert_eq!(rule("+44 20 7946 0958"), Some("phone.international"));
        assert_eq!(rule("(415) 555-0134"), Some("phone.nanp"));
        assert_eq!(rule("020 7946 0958"), Some("phone.national"));
        assert_eq!(rule("Call Tammy on 45115652"), Some("phone.context"));
    }

    #[test]
    fn phone_finds_numbers_in_a_row() {
        assert_eq!(
            phones("Numbers: 415-555-0134 415-555-0199"),
            ["415-555-0134", "415-555-0199"]
        );
    }

    #[test]
    fn phone_finds_number_inside_japanese_text() {
        let text = "電話番号は090-1234-5678です。";
        assert_eq!(phones(text), ["090-1234-5678"]);
    }

    #[test]
    fn phone_national_formats_of_twelve_countries() {
        let redactor = Redactor::with_entities(&["PHONE_NUMBER"]).expect("entity is known");
        for number in [
            "(415) 555-0134",
            "+1 604-555-0199",
            "020 7946 0958",
            "+44 7700 900123",
            "(02) 9876 5432",
            "+61 412 345 678",
            "098765 43210",
            "+91 98765 43210",
            "030 12345678",
            "+49 30 12345678",
            "01 23 45 67 89",
            "+33 6 12 34 56 78",
            "612 34 56 78",
            "+34 612 345 678",
            "06 1234 5678",
            "+39 347 123 4567",
            "020 123 4567",
            "+31 6 12345678",
            "(11) 91234-5678",
            "+55 11 91234-5678",
            "03-1234-5678",
            "+81 90-1234-5678",
        ] {
            let text = format!("Please call {number} tomorrow.");
            let found: Vec<_> = redactor
                .analyze(&text)
                .iter()
                .map(|finding| &text[finding.start..finding.end])
                .collect();
            assert_eq!(found, [number], "{text}");
        }
    }
}
