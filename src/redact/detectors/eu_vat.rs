//! `EU_VAT`: VAT identification numbers of the 27 EU member states, with their country prefix
//! (`EL` or `GR` for Greece) and check digits, and Spanish company tax ids (CIF) without the
//! prefix after a context word.
//!
//! NOTE: a VAT number written without its country prefix (`136695976` for `DE136695976`) is not
//! found, except the Spanish CIF, because bare digits match too many other numbers.

use super::support::{has_context_word, is_alphanumeric_token};
use super::{Detector, Pattern, Span};
use crate::redact::checksum::{eu_vat_valid, spanish_cif_valid};

/// Words that name a VAT or tax number in the languages of the member states, written in ASCII.
const CONTEXT_WORDS: &[&str] = &[
    "vat",
    "vat id",
    "vat number",
    "vat no",
    "ust-idnr",
    "ust-id",
    "uid",
    "tva",
    "iva",
    "btw",
    "nip",
    "nif",
    "cif",
    "moms",
    "alv",
    "dph",
    "dic",
    "pvm",
    "pvn",
    "kmkr",
    "ddv",
    "oib",
    "cvr",
    "afm",
    "anum",
];

pub(super) const DETECTOR: Detector = Detector {
    entity: "EU_VAT",
    context_words: CONTEXT_WORDS,
    countries: &[
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
        "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    ],
    patterns: &[
        Pattern {
            rule: "eu_vat.checksum",
            // The prefix, an optional space or hyphen, and the national number in one piece.
            regex: concat!(
                r"(?-u:\b)(?:",
                r"AT[ \-]?U[0-9]{8}|BE[ \-]?[01]?[0-9]{9}|BG[ \-]?[0-9]{9,10}|CY[ \-]?[0-9]{8}[A-Z]",
                r"|CZ[ \-]?[0-9]{8,10}|DE[ \-]?[0-9]{9}|DK[ \-]?[0-9]{8}|EE[ \-]?[0-9]{9}",
                r"|(?:EL|GR)[ \-]?[0-9]{8,9}|ES[ \-]?[0-9A-Z][0-9]{7}[0-9A-Z]|FI[ \-]?[0-9]{8}",
                r"|FR[ \-]?[0-9A-HJ-NP-Z]{2}[0-9]{9}|HR[ \-]?[0-9]{11}|HU[ \-]?[0-9]{8}",
                r"|IE[ \-]?[0-9][0-9A-Z+*][0-9]{5}[A-W]{1,2}|IT[ \-]?[0-9]{11}",
                r"|LT[ \-]?(?:[0-9]{12}|[0-9]{9})|LU[ \-]?[0-9]{8}|LV[ \-]?[0-9]{11}|MT[ \-]?[0-9]{8}",
                r"|NL[ \-]?[0-9]{9}B[0-9]{2}|PL[ \-]?[0-9]{10}|PT[ \-]?[0-9]{9}",
                r"|RO[ \-]?(?:[0-9]{13}|[0-9]{2,10})|SE[ \-]?[0-9]{10}01|SI[ \-]?[0-9]{8}",
                r"|SK[ \-]?[0-9]{10}",
                r")(?-u:\b)"
            ),
            score: 0.85,
            requires_context: false,
            validate,
        },
        Pattern {
            rule: "eu_vat.grouped",
            // The groupings in which national registers and invoices print the numbers:
            // `BE 0403.019.261`, `DE 136 695 976`, `FR 40 303 265 045`, `DK 13 58 56 28`,
            // `NL0044.95.445.B01`, `PL 856-734-62-15`, `SE 5561888404 01`, `CZ 710319/2745`.
            regex: concat!(
                r"(?-u:\b)(?:",
                r"ATU [0-9]{8}",
                r"|BE[ \-]?[01][0-9]{3}(?:\.[0-9]{3}\.[0-9]{3}| [0-9]{3} [0-9]{3})",
                r"|(?:BG|DE|EL|GR|PT)[ \-]?[0-9]{3} [0-9]{3} [0-9]{3}",
                r"|FR[ \-]?[0-9A-HJ-NP-Z]{2} [0-9]{3} [0-9]{3} [0-9]{3}",
                r"|(?:DK|FI|HU|LU|MT|SI)[ \-]?(?:[0-9]{4} [0-9]{4}|[0-9]{2} [0-9]{2} [0-9]{2} [0-9]{2})",
                r"|NL[ \-]?(?:[0-9]{4}\.[0-9]{2}\.[0-9]{3}\.B\.?[0-9]{2}|[0-9]{9}[ .]B[0-9]{2})",
                r"|PL[ \-]?[0-9]{3}(?:-[0-9]{3}-[0-9]{2}-[0-9]{2}|-[0-9]{2}-[0-9]{2}-[0-9]{3}",
                r"| [0-9]{3} [0-9]{2} [0-9]{2}| [0-9]{2} [0-9]{2} [0-9]{3})",
                r"|SE[ \-]?(?:[0-9]{10} 01|[0-9]{6}-[0-9]{4}-?01)",
                r"|CZ[ \-]?[0-9]{6}/[0-9]{3,4}",
                r")(?-u:\b)"
            ),
            score: 0.85,
            requires_context: false,
            validate,
        },
        Pattern {
            rule: "eu_vat.es_cif",
            // A Spanish company tax id without the `ES` prefix, as printed on Spanish invoices
            // (`CIF B58378431`, `NIF: B-58378431`). An organisation letter and eight characters
            // also look like other references, so it counts only after a context word.
            regex: r"(?-u:\b)[ABCDEFGHJNPQRSUVW]-?[0-9]{7}-?[0-9A-J](?-u:\b)",
            score: 0.6,
            requires_context: true,
            validate: validate_cif,
        },
    ],
};

/// Romanian company numbers this short count only after a context word, because their one
/// check digit passes for one random number in ten.
const ROMANIAN_CONTEXT_FREE_DIGITS: usize = 6;

fn validate(text: &str, span: Span) -> Option<Span> {
    let candidate = text.get(span.start..span.end)?;
    let compact: String = candidate
        .chars()
        .filter(|character| !matches!(character, ' ' | '.' | '-' | '/'))
        .collect();
    let short_romanian =
        compact.starts_with("RO") && compact.len() < 2 + ROMANIAN_CONTEXT_FREE_DIGITS;
    let valid = is_alphanumeric_token(text, span)
        && !continues_with_digits(text, span, candidate.contains(' '))
        && eu_vat_valid(&compact)
        && (!short_romanian || has_context_word(text, span.start, CONTEXT_WORDS));
    valid.then_some(span)
}

fn validate_cif(text: &str, span: Span) -> Option<Span> {
    let compact = text.get(span.start..span.end)?.replace('-', "");
    (is_alphanumeric_token(text, span) && spanish_cif_valid(&compact)).then_some(span)
}

/// Checks whether more digits follow the match after a hyphen, period or slash, or after a
/// space when the match itself is grouped by spaces, so that a longer number is not cut short.
fn continues_with_digits(text: &str, span: Span, spaced: bool) -> bool {
    match text.as_bytes().get(span.end..) {
        Some([b'-' | b'.' | b'/', next, ..]) => next.is_ascii_digit(),
        Some([b' ', next, ..]) => spaced && next.is_ascii_digit(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::redact::checksum::EU_VAT_EXAMPLES;
    use crate::redact::detectors::found;

    #[test]
    fn vat_finds_every_member_state() {
        for vat in EU_VAT_EXAMPLES {
            let text = format!("Supplier {vat} on the invoice");
            assert_eq!(found("EU_VAT", &text), [*vat], "{text}");
        }
    }

    #[test]
    fn vat_finds_spaced_and_dotted_forms() {
        for vat in [
            "ATU 13585627",
            "AT U13585627",
            "BE 0403.019.261",
            "BE0403 019 261",
            "BE 403019261",
            "DE 136 695 976",
            "DE 136695976",
            "DE-136695976",
            "EL 094 259 216",
            "ES B58378431",
            "ES-X2482300W",
            "FR 40 303 265 045",
            "FR40 303 265 045",
            "DK 13 58 56 28",
            "FI 2077 4740",
            "NL0044.95.445.B01",
            "NL 004495445 B01",
            "PL 856-734-62-15",
            "PL 856 734 62 15",
            "PT 501 964 843",
            "SE 5561888404 01",
            "SE556188-8404-01",
            "CZ 710319/2745",
        ] {
            let text = format!("USt-IdNr. {vat}, bitte angeben.");
            assert_eq!(found("EU_VAT", &text), [vat], "{text}");
        }
    }

    #[test]
    fn vat_rejects_bad_check_digits() {
        for vat in [
            "ATU13585626",
            "BE0403019262",
            "CY10259033Q",
            "DE136695977",
            "DE 136 695 977",
            "DK13585629",
            "ESB58378432",
            "FR41303265045",
            "IE6388047W",
            "IT00743110158",
            "NL004495445B00",
            "PL8567346216",
            "RO18547291",
            "SE556188840501",
            "SK2022749610",
        ] {
            let text = format!("Supplier VAT {vat} on the invoice");
            assert!(found("EU_VAT", &text).is_empty(), "{vat}");
        }
    }

    #[test]
    fn vat_ignores_longer_numbers_and_tokens() {
        for text in [
            "DE1366959761",
            "XDE136695976",
            "DE136695976X",
            "DE 136 695 976 12",
            "order DE136695976-4",
            "PL 856-734-62-15-1",
        ] {
            assert!(found("EU_VAT", text).is_empty(), "{text}");
        }
    }

    #[test]
    fn vat_short_romanian_number_needs_context() {
        assert!(found("EU_VAT", "Repair order RO 1219 closed").is_empty());
        assert_eq!(found("EU_VAT", "CUI / VAT RO1219"), ["RO1219"]);
        assert_eq!(found("EU_VAT", "Client RO18547290"), ["RO18547290"]);
    }

    #[test]
    fn cif_needs_context_and_check() {
        assert_eq!(found("EU_VAT", "CIF B58378431, Madrid"), ["B58378431"]);
        assert_eq!(found("EU_VAT", "NIF: Q-2826000-H"), ["Q-2826000-H"]);
        assert!(found("EU_VAT", "Ref B58378431, Madrid").is_empty());
        assert!(found("EU_VAT", "CIF B58378432").is_empty());
        assert!(found("EU_VAT", "CIF I58378431").is_empty());
    }
}
