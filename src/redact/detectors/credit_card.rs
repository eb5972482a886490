//! `CREDIT_CARD`: payment card numbers that pass the Luhn check and fall in a known issuer range.

use super::support::{digits_only, has_context_word, has_uniform_separators, is_standalone};
use super::{Detector, Pattern, Span};
use crate::redact::checksum::luhn_valid;

/// Words that announce a card number. Besides raising the score, they override
/// [`COMPANY_ID_WORDS`].
const CARD_WORDS: &[&str] = &[
    "card",
    "cards",
    "credit",
    "debit",
    "visa",
    "mastercard",
    "amex",
    "discover",
    "jcb",
    "diners",
    "maestro",
    "unionpay",
    "cc",
];

/// Words before the 16-digit company id that the accounting platform assigns (`realmId`,
/// `companyId`, and the `custombooks/company/<id>` event source). Such ids can pass the Luhn
/// check and fall in an issuer range by chance.
const COMPANY_ID_WORDS: &[&str] = &["realm", "realmid", "company", "companyid"];

pub(super) const DETECTOR: Detector = Detector {
    entity: "CREDIT_CARD",
    context_words: CARD_WORDS,
    countries: &[],
    patterns: &[Pattern {
        rule: "credit_card.luhn",
        // 12 to 19 digits, either in one run or in groups after a first group of four, as printed
        // on cards: 4-4-4-4, 4-6-5, 4-6-4, 4-4-4-4-3, 4-4-4.
        regex: r"(?-u:\b)(?:[0-9]{4}(?:[ .\-][0-9]{3,6}){2,4}|[0-9]{12,19})(?-u:\b)",
        score: 0.9,
        requires_context: false,
        validate,
    }],
};

/// Issuer identification number range: the first `prefix_digits` digits of the card number lie
/// in `first..=last`, and the number has one of `lengths` digits.
struct IssuerRange {
    first: u32,
    last: u32,
    prefix_digits: usize,
    lengths: &'static [usize],
}

const fn issuer(
    first: u32,
    last: u32,
    prefix_digits: usize,
    lengths: &'static [usize],
) -> IssuerRange {
    IssuerRange {
        first,
        last,
        prefix_digits,
        lengths,
    }
}

const SIXTEEN_TO_NINETEEN: &[usize] = &[16, 17, 18, 19];

const MAESTRO: &[usize] = &[12, 13, 14, 15, 16, 17, 18, 19];

/// Issuer ranges and card lengths of the card networks in wide use.
// NOTE: networks missing here (UATP, Troy, Verve and other regional schemes) are not detected.
const ISSUER_RANGES: &[IssuerRange] = &[
    // Visa
    issuer(4, 4, 1, &[13, 16, 19]),
    // Mastercard
    issuer(51, 55, 2, &[16]),
    issuer(2221, 2720, 4, &[16]),
    // American Express
    issuer(34, 34, 2, &[15]),
    issuer(37, 37, 2, &[15]),
    // Discover
    issuer(6011, 6011, 4, SIXTEEN_TO_NINETEEN),
    issuer(644, 649, 3, SIXTEEN_TO_NINETEEN),
    issuer(65, 65, 2, SIXTEEN_TO_NINETEEN),
    // Diners Club
    issuer(300, 305, 3, &[14, 15, 16, 17, 18, 19]),
    issuer(3095, 3095, 4, &[14, 15, 16, 17, 18, 19]),
    issuer(36, 36, 2, &[14, 15, 16, 17, 18, 19]),
    issuer(38, 39, 2, &[14, 15, 16, 17, 18, 19]),
    // JCB, including the older 15-digit ranges
    issuer(3528, 3589, 4, SIXTEEN_TO_NINETEEN),
    issuer(1800, 1800, 4, &[15]),
    issuer(2131, 2131, 4, &[15]),
    // UnionPay
    issuer(62, 62, 2, SIXTEEN_TO_NINETEEN),
    issuer(81, 81, 2, SIXTEEN_TO_NINETEEN),
    // Maestro. Its 12-digit cards are taken only in the ranges of four digits: twelve digits are
    // also product codes and other ids, which the wide 56 to 58 range would catch too often.
    issuer(5018, 5018, 4, MAESTRO),
    issuer(5020, 5020, 4, MAESTRO),
    issuer(5038, 5038, 4, MAESTRO),
    issuer(56, 58, 2, &[13, 14, 15, 16, 17, 18, 19]),
    issuer(6304, 6304, 4, MAESTRO),
    issuer(6759, 6759, 4, MAESTRO),
    issuer(6761, 6763, 4, MAESTRO),
    // Mir
    issuer(2200, 2204, 4, SIXTEEN_TO_NINETEEN),
    // RuPay
    issuer(60, 60, 2, &[16]),
    issuer(508, 508, 3, &[16]),
    issuer(82, 82, 2, &[16]),
    issuer(353, 353, 3, &[16]),
    issuer(356, 356, 3, &[16]),
];

/// Checks whether a number of ASCII digits lies in a known issuer range with a matching length.
fn has_known_issuer(digits: &str) -> bool {
    ISSUER_RANGES.iter().any(|range| {
        let prefix = digits
            .get(..range.prefix_digits)
            .and_then(|prefix| prefix.parse::<u32>().ok());
        prefix.is_some_and(|prefix| (range.first..=range.last).contains(&prefix))
            && range.lengths.contains(&digits.len())
    })
}

fn validate(text: &str, span: Span) -> Option<Span> {
    if !is_standalone(text, span) {
        return None;
    }
    let candidate = text.get(span.start..span.end)?;
    let digits = digits_only(candidate);
    let valid = (12..=19).contains(&digits.len())
        && has_uniform_separators(candidate)
        && luhn_valid(&digits)
        && has_known_issuer(&digits);
    (valid && !is_company_id(text, span, candidate, &digits)).then_some(span)
}

/// Checks whether an unseparated digit run follows a company-id word and no card word.
///
/// Card numbers written in groups are never company ids, so only single runs are checked.
fn is_company_id(text: &str, span: Span, candidate: &str, digits: &str) -> bool {
    candidate.len() == digits.len()
        && has_context_word(text, span.start, COMPANY_ID_WORDS)
        && !has_context_word(text, span.start, CARD_WORDS)
}

#[cfg(test)]
mod tests {
    use super::has_known_issuer;
    use crate::redact::{Finding, Redactor};

    fn card_findings(text: &str) -> Vec<Finding> {
        Redactor::with_entities(&["CREDIT_CARD"])
            .expect("entity is known")
            .analyze(text)
    }

    fn cards(text: &str) -> Vec<&str> {
        card_findings(text)
            .iter()
            .map(|finding| &text[finding.start..finding.end])
            .collect()
    }

    #[test]
    fn card_finds_valid_numbers_in_printed_forms() {
        for number in [
            "4111 1111 1111 1111",
            "4111-1111-1111-1111",
            "4111.1111.1111.1111",
            "4111111111111111",
            "5500 0000 0000 0004",
            "2221-1553-8370-0136",
            "3782 822463 10005",
            "3712-167170-67345",
            "377399126213975",
            "6011 1111 1111 1117",
            "3530111333300000",
            "30569309025904",
            "4222222222222",
            "675900000018",
            "5018 0000 0124",
            "4609445803191778798",
            "180045115676600",
        ] {
            let text = format!("Card on file {number}, expires 11/30.");
            assert_eq!(cards(&text), [number], "{text}");
        }
    }

    #[test]
    fn card_finds_number_before_expiry_date() {
        assert_eq!(
            cards("Card 4111 1111 1111 1111 09/27"),
            ["4111 1111 1111 1111"]
        );
    }

    #[test]
    fn card_rejects_luhn_failures() {
        for number in [
            "4111 1111 1111 1112",
            "4111111111111121",
            "5500000000000005",
            "3782 822463 10006",
        ] {
            assert!(cards(number).is_empty(), "{number}");
        }
    }

    #[test]
    fn card_rejects_luhn_valid_numbers_outside_issuer_ranges() {
        // Both pass the Luhn check, but no network issues cards starting 2124 or 0000.
        assert!(cards("realmId 2124200891959481 synced").is_empty());
        assert!(cards("0000000000000000").is_empty());
        // Twelve digits count only in Maestro's ranges of four digits.
        assert!(cards("item 560000000011 shipped").is_empty());
        assert!(!has_known_issuer("2124200891959481"));
        // A Visa prefix with a length that Visa does not issue.
        assert!(!has_known_issuer("411111111111111"));
    }

    #[test]
    fn card_rejects_company_ids() {
        // Both ids pass the Luhn check and start with a Mastercard prefix.
        assert!(cards("refresh_token=abc realm=5225083599184664").is_empty());
        assert!(cards("realmId 5523760927964912 synced").is_empty());
        assert!(cards("custombooks/company/5523760927964912").is_empty());
        assert!(cards("companyId: 5523760927964912").is_empty());
    }

    #[test]
    fn card_grouped_or_named_after_company_word() {
        assert_eq!(
            cards("company 5523 7609 2796 4912"),
            ["5523 7609 2796 4912"]
        );
        assert_eq!(cards("company card 5523760927964912"), ["5523760927964912"]);
    }

    #[test]
    fn card_rejects_wrong_lengths() {
        // 12 and 20 digits, both Luhn-valid.
        assert!(cards("411111111117").is_empty());
        assert!(cards("41111111111111111115").is_empty());
    }

    #[test]
    fn card_rejects_part_of_longer_digit_run() {
        assert!(cards("94111111111111111").is_empty());
        assert!(cards("4111111111111111 1").is_empty());
        assert!(cards("1234 4111 1111 1111 1111").is_empty());
        assert!(cards("evt_E4111111111111111").is_empty());
        assert!(cards("IBAN DE76 4111 1111 1111 1111").is_empty());
    }

    #[test]
    fn card_rejects_mixed_separators_and_odd_groups() {
        assert!(cards("4111 1111-1111 1111").is_empty());
        assert!(cards("4111  1111  1111  1111").is_empty());
        // A phone number that happens to pass the Luhn check: its first group has three digits.
        assert!(cards("001-762-577-3068").is_empty());
    }

    #[test]
    fn card_context_raises_score() {
        let plain = card_findings("ref 4111111111111111");
        let with_context = card_findings("Visa 4111111111111111");
        assert_eq!(plain.len(), 1);
        assert_eq!(with_context.len(), 1);
        assert_eq!(plain[0].rule, "credit_card.luhn");
        assert!(with_context[0].score > plain[0].score);
        assert!(with_context[0].score <= 1.0);
    }
}
