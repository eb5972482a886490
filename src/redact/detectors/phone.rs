//! `PHONE_NUMBER`: international numbers, and the national layouts of North America, the United
//! Kingdom, Australia, India, Germany, France, Spain, Italy, the Netherlands, Brazil and Japan,
//! checked against each country's numbering plan where the plan fixes leading digits or lengths.
//! Bare digit runs count after a phone context word.

mod guards;
mod numbering_plan;

use std::borrow::Cow;

use super::support::{count_digits, digits_only, has_uniform_separators, is_standalone};
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
            // `+CC` or `00CC`, then digit groups with optional single separators and parentheses,
            // and the trunk marker `(0)`: `+1-537-640-6812x41586`, `+34806 28 66 33`,
            // `+44(0)115 496 0152`, `+61.2.8804.9170`, `0049 30/1234567`.
            regex: concat!(
                r"(?:\+|(?-u:\b)00)[1-9][0-9]{0,2}(?:[ .\-]?\(0\))?(?:[ .\-/]?\(?[0-9]{1,5}\)?){1,6}",
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
            validate: validate_local,
        },
        Pattern {
            rule: "phone.national",
            // National numbers with a trunk prefix 0 and a separator or parenthesised area code:
            // `080-1542-9941`, `(0909)8790064`, `020 7946 0958`, `(03)-9332-8367`,
            // `01 23 45 67 89`, `098765 43210`, and the German `030/1234567` and
            // `030 12345-67` (DIN 5008 extension).
            regex: r"(?:\(0[1-9][0-9]{0,4}\)[ .\-]?|(?-u:\b)0[1-9][0-9]{0,4}(?:[ .\-]|[ ]?/[ ]?))[0-9]{2,8}(?:[ .\-][0-9]{2,8}){0,3}(?-u:\b)",
            score: 0.5,
            requires_context: false,
            validate: validate_national,
        },
        Pattern {
            rule: "phone.brazil",
            // A two-digit area code without 0 digits, then a landline of eight digits or a mobile
            // of nine starting with 9, split before the last four: `(11) 91234-5678`,
            // `(21) 2345-6789`, `(11) 9 1234-5678`, `11 91234-5678`. Without parentheses the
            // split must be a hyphen and a landline must start with 2 to 5.
            regex: r"(?:\(0?[1-9][1-9]\)[ ]?(?:9[ ]?)?[0-9]{4}[\- ]|(?-u:\b)[1-9][1-9][ ](?:9[ ]?[0-9]{4}|[2-5][0-9]{3})-)[0-9]{4}(?-u:\b)",
            score: 0.6,
            requires_context: false,
            validate: validate_local,
        },
        Pattern {
            rule: "phone.spain",
            // Spanish numbers have nine digits and no trunk prefix. Mobiles start with 6 or 7 and
            // landlines with 8 or 9: `612 34 56 78`, `912 345 678`, `91 234 56 78`. The score
            // stays below that of the nine-digit identifiers written the same way, such as a
            // Canadian SIN, which win when both match.
            regex: r"(?-u:\b)[6-9](?:[0-9]{2} [0-9]{3} [0-9]{3}|[0-9]{2} [0-9]{2} [0-9]{2} [0-9]{2}|[0-9] [0-9]{3} [0-9]{2} [0-9]{2})(?-u:\b)",
            score: 0.4,
            requires_context: false,
            validate: validate_local,
        },
        Pattern {
            rule: "phone.italy_mobile",
            // Italian mobiles: `3`, a two-digit operator code and six or seven digits, written
            // `347 1234567`, `347/1234567` or `347 123 4567`.
            regex: r"(?-u:\b)3[1-9][0-9](?:[ /\-][0-9]{6,7}|[ ][0-9]{3}[ ][0-9]{3,4})(?-u:\b)",
            score: 0.5,
            requires_context: false,
            validate: validate_local,
        },
        Pattern {
            rule: "phone.india_mobile",
            // Indian mobiles: ten digits starting with 6 to 9, written in two groups of five.
            regex: r"(?-u:\b)[6-9][0-9]{4}[ \-][0-9]{5}(?-u:\b)",
            score: 0.5,
            requires_context: false,
            validate: validate_local,
        },
        Pattern {
            rule: "phone.australia_service",
            // Australian 1300, 1800 and 1900 numbers: `1300 123 456`, `1800-123-456`.
            regex: r"(?-u:\b)1[389]00[ \-][0-9]{3}[ \-][0-9]{3}(?-u:\b)",
            score: 0.5,
            requires_context: false,
            validate: validate_uniform_local,
        },
        Pattern {
            rule: "phone.japan",
            // Japanese numbers with the exchange in parentheses: `03(1234)5678`.
            regex: r"(?-u:\b)0[1-9][0-9]{0,3}\([0-9]{1,4}\)[0-9]{4}(?-u:\b)",
            score: 0.5,
            requires_context: false,
            validate: validate_japan,
        },
        Pattern {
            rule: "phone.context",
            // Bare digit runs and local numbers without a trunk prefix (`45115652`, `4954-9026`,
            // `912 345 678`, `12 34 56 78`, `612 34 56 78`) look like any other number, so they count only after
            // a context word such as "phone" or "call".
            regex: r"(?-u:\b)(?:[0-9]{7,11}|[0-9]{3,4}[ .\-][0-9]{4}|[0-9]{3}[ .\-][0-9]{3}[ .\-][0-9]{3}|[0-9]{2,3}(?:[ .\-][0-9]{2}){3})(?-u:\b)",
            score: 0.4,
            requires_context: true,
            validate: validate_local,
        },
    ],
};

/// E.164 numbers have at most 15 digits including the country code. The minimum of 8 keeps
/// signed amounts and time-zone offsets such as `+1520.75` or `+0530` out.
const INTERNATIONAL_DIGITS: std::ops::RangeInclusive<usize> = 8..=15;

/// National numbers with the trunk 0 have 10 to 12 digits in most of the countries this detector
/// aims at. Shorter German and Italian numbers are accepted by [`has_short_national_shape`].
const NATIONAL_DIGITS: std::ops::RangeInclusive<usize> = 10..=12;

/// Digits of the shortest national numbers accepted, such as `0391 12345` or `06 123 4567`.
const SHORT_NATIONAL_DIGITS: usize = 9;

/// Validates a number written with a country code.
///
/// `00` before the country code is also the start of many other digit runs, so such a number
/// needs a country code in service and at least one separator.
fn validate_international(text: &str, span: Span) -> Option<Span> {
    if !is_standalone(text, span) {
        return None;
    }
    let candidate = text.get(span.start..span.end)?;
    let number = strip_extension(candidate);
    // The trunk marker `(0)` is dialled only inside the country, so it is not part of the count.
    let number = if number.contains("(0)") {
        Cow::Owned(number.replacen("(0)", "", 1))
    } else {
        Cow::Borrowed(number)
    };
    let all_digits = digits_only(&number);
    let (digits, double_zero) = match all_digits.strip_prefix("00") {
        Some(rest) if !number.starts_with('+') => (rest, true),
        _ => (all_digits.as_str(), false),
    };
    let has_separator = number.trim_end().contains([' ', '.', '-', '/', '(']);
    let plan_ok = match numbering_plan::country_code(digits) {
        Some(country) => numbering_plan::has_plan_length(country, &digits[country.len()..]),
        None => !double_zero,
    };
    let valid =
        INTERNATIONAL_DIGITS.contains(&digits.len()) && plan_ok && (!double_zero || has_separator);
    valid.then_some(span)
}

/// Validates a number written without a country code. The number must be standalone, not
/// continue an IBAN or a hyphenated code (`Q-07700-900123`), and be neither a reference number
/// after a word such as "Invoice" nor an amount.
fn validate_local(text: &str, span: Span) -> Option<Span> {
    let valid = is_standalone(text, span)
        && !guards::follows_iban_groups(text, span.start)
        && !guards::follows_reference_word(text, span.start)
        && !guards::follows_hyphenated_code(text, span.start)
        && !guards::is_amount(text, span.start, span.end);
    valid.then_some(span)
}

fn validate_uniform_local(text: &str, span: Span) -> Option<Span> {
    let candidate = text.get(span.start..span.end)?;
    validate_local(text, span).filter(|_| has_uniform_separators(candidate))
}

fn validate_japan(text: &str, span: Span) -> Option<Span> {
    let candidate = text.get(span.start..span.end)?;
    validate_local(text, span).filter(|_| (10..=11).contains(&count_digits(candidate)))
}

fn validate_national(text: &str, span: Span) -> Option<Span> {
    let candidate = text.get(span.start..span.end)?;
    let separators = separators(candidate);
    let digits = count_digits(candidate);
    let length_ok = NATIONAL_DIGITS.contains(&digits)
        || (digits == SHORT_NATIONAL_DIGITS && has_short_national_shape(candidate, &separators));
    let valid = length_ok && has_national_separators(&separators);
    validate_local(text, span).filter(|_| valid)
}

/// Returns the separators between the digit groups of `candidate`, with parentheses removed.
fn separators(candidate: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current = String::new();
    let mut after_digit = false;
    for character in candidate.chars() {
        if character.is_ascii_digit() {
            if after_digit && !current.is_empty() {
                found.push(std::mem::take(&mut current));
            }
            current.clear();
            after_digit = true;
        } else if character != '(' && character != ')' {
            current.push(character);
        }
    }
    found
}

/// Checks the separators of a national number. After the area code any of space, period,
/// hyphen or slash may stand, and the other separators are all the same. When those are spaces,
/// a final hyphen may set off an extension, as DIN 5008 writes German numbers (`030 12345-67`).
fn has_national_separators(separators: &[String]) -> bool {
    let Some((_, rest)) = separators.split_first() else {
        return true;
    };
    if rest.windows(2).all(|pair| pair[0] == pair[1]) {
        return true;
    }
    let Some((last, middle)) = rest.split_last() else {
        return true;
    };
    last == "-" && middle.iter().all(|separator| separator == " ")
}

/// Checks the shape of a nine-digit national number. A space, a slash or parentheses set off the
/// area code, never a hyphen or period as in a US ZIP+4 code (`02134-1234`). The groups are not
/// 3-3-3, as in a tax file number (`007 425 532`).
fn has_short_national_shape(candidate: &str, separators: &[String]) -> bool {
    let first_ok = candidate.starts_with('(')
        || separators
            .first()
            .is_some_and(|first| first.trim() == "/" || first == " ");
    let groups: Vec<usize> = candidate
        .split(|character: char| !character.is_ascii_digit())
        .filter(|group| !group.is_empty())
        .map(str::len)
        .collect();
    first_ok && groups != [3, 3, 3]
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

    fn assert_no_phones(texts: &[&str]) {
        for text in texts {
            assert!(phones(text).is_empty(), "{text}: {:?}", phones(text));
        }
    }

    fn assert_whole_phone(number: &str) {
        let text = format!("Reach the customer at {number} today.");
        assert_eq!(phones(&text), [number], "in {text:?}");
    }

    #[test]
    fn phone_rejects_hyphenated_code_prefix() {
        assert_no_phones(&["Quote Q-07700-900123 sent", "Ref INV-020 7946 0958 paid"]);
        assert_eq!(
            phones("Call 07700 900123 - ask for sales"),
            ["07700 900123"]
        );
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

    #[test]
    fn phone_finds_layouts_of_twelve_countries() {
        for number in [
            // United States and Canada.
            "415 555 0134",
            "+1 415.555.0134",
            "1-800-555-0199",
            "001 415 555 0134",
            // United Kingdom.
            "+44 (0)20 7946 0958",
            "+44 (0) 20 7946 0958",
            "0044 20 7946 0958",
            "+447700900123",
            "07700 900 123",
            "(020) 7946 0958",
            // Australia.
            "(02) 9876 5432",
            "0412 345 678",
            "+61 (0)2 9876 5432",
            "1300 123 456",
            "1800-123-456",
            // India.
            "98765 43210",
            "+91-98765-43210",
            "011-2345 6789",
            "022 2345 6789",
            // Germany.
            "030/1234567",
            "030 / 123 456 78",
            "0171/1234567",
            "030 12345-67",
            "(0391) 12345",
            "0391 12345",
            "+49 (0)171 1234567",
            "0049 30 12345678",
            "+49 30 12345-67",
            // France.
            "01.23.45.67.89",
            "01-23-45-67-89",
            "+33 (0)1 23 45 67 89",
            "0033 6 12 34 56 78",
            // Spain.
            "612 34 56 78",
            "912 345 678",
            "91 234 56 78",
            "+34 912 34 56 78",
            "0034 612 345 678",
            // Italy.
            "06 1234 5678",
            "06 123 4567",
            "02-12345678",
            "347 1234567",
            "347/1234567",
            "+39 06 1234 5678",
            "+39 347 123 4567",
            // Netherlands.
            "06-12345678",
            "06 12345678",
            "020-1234567",
            "+31 (0)20 123 4567",
            "+31 6 12345678",
            // Brazil.
            "(11) 9 1234-5678",
            "11 91234-5678",
            "21 2345-6789",
            "(011) 91234-5678",
            "(11) 2345 6789",
            "+55 (11) 91234-5678",
            // Japan.
            "090-1234-5678",
            "0120-123-456",
            "03(1234)5678",
            "(03) 1234-5678",
            "+81 3-1234-5678",
            "+81 (0)90 1234 5678",
        ] {
            assert_whole_phone(number);
        }
    }

    #[test]
    fn phone_ignores_reference_numbers() {
        assert_no_phones(&[
            "Invoice 415-555-0134 is overdue",
            "Order #: 912 345 678 shipped",
            "PO#030/1234567",
            "Rechnung Nr. 030 12345678 bezahlt",
            "Ref 98765 43210 matched",
            "Ticket 1300 123 456 closed",
            "SKU 347-1234567 restocked",
            "Order 11 2345-6789 packed",
            "Commande 01 23 45 67 89 livrée",
        ]);
    }

    #[test]
    fn phone_ignores_amounts_in_phone_shapes() {
        assert_no_phones(&[
            "Revenue EUR 612 345 678 for the year",
            "Total € 912 345 678,50",
            "Budget 612 345 678,00 EUR approved",
            "Paid 98765 43210 INR",
            "$ 415 555 0134 wired",
        ]);
    }

    #[test]
    fn phone_ignores_postcodes_and_fragments() {
        assert_no_phones(&[
            "Boston, MA 02134-1234",
            "CEP 01310-100 São Paulo",
            "00184 Roma RM",
            "75008 Paris",
            "10115 Berlin",
            "1012 AB Amsterdam",
            "PIN 110 001",
            "〒100-0001 東京都",
            "IBAN NL91 ABNA 0417 1643 00",
            "IBAN IT60 X054 2811 1010 0000 0123 456",
            "IBAN BR15 0000 0000 0000 1093 2840 814 P2",
            "Card 5500 0000 0000 0004 on file",
            "TFN 007 425 532",
            "ACN 004 085 616",
            "Aadhaar 2202 6962 5388",
            "Updated 12/03/2026 at 14:30",
            "Paid on 2026.03.12 09:15",
            "Rows 06 12 2026",
        ]);
    }

    #[test]
    fn phone_checks_international_plan_lengths() {
        assert_no_phones(&[
            "+44 20 7946 09",
            "+33 1 23 45 67 8",
            "+1 415 555 01345",
            "+34 912 345 67",
            "0028 1234 5678",
            "00441234567890",
            "Order 0044 1234",
        ]);
    }
}
