//! `EU_VAT`: VAT identification numbers of EU member states whose check digits are implemented:
//! Germany, France (numeric key), Italy, Belgium, the Netherlands, Poland and Portugal.

use super::support::is_alphanumeric_token;
use super::{Detector, Pattern, Span};
use crate::redact::checksum::eu_vat_valid;

pub(super) const DETECTOR: Detector = Detector {
    entity: "EU_VAT",
    context_words: &[
        "vat",
        "ust-idnr",
        "tva",
        "iva",
        "btw",
        "nip",
        "nif",
        "vat number",
    ],
    countries: &["DE", "FR", "IT", "NL"],
    patterns: &[Pattern {
        rule: "eu_vat.checksum",
        regex: r"(?-u:\b)(?:DE ?[0-9]{9}|FR ?[0-9]{11}|IT ?[0-9]{11}|BE ?[01][0-9]{9}|NL ?[0-9]{9}B[0-9]{2}|PL ?[0-9]{10}|PT ?[0-9]{9})(?-u:\b)",
        score: 0.85,
        requires_context: false,
        validate,
    }],
};

fn validate(text: &str, span: Span) -> Option<Span> {
    let compact = text.get(span.start..span.end)?.replace(' ', "");
    (is_alphanumeric_token(text, span) && eu_vat_valid(&compact)).then_some(span)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    #[test]
    fn vat_finds_valid_numbers() {
        for vat in [
            "DE136695976",
            "FR40303265045",
            "IT00743110157",
            "BE0403019261",
            "NL004495445B01",
            "PL8567346215",
            "PT501964843",
        ] {
            let text = format!("Supplier VAT {vat} on the invoice");
            assert_eq!(found("EU_VAT", &text), [vat], "{text}");
        }
    }

    #[test]
    fn vat_rejects_bad_check_digits() {
        for vat in [
            "DE136695977",
            "FR41303265045",
            "IT00743110158",
            "PL8567346216",
        ] {
            assert!(found("EU_VAT", vat).is_empty(), "{vat}");
        }
    }
}
