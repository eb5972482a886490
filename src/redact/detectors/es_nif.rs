//! `ES_NIF`: Spanish DNI numbers (the NIF of Spanish citizens) with a valid check letter.

use super::support::is_alphanumeric_token;
use super::{Detector, Pattern, Span};
use crate::redact::checksum::spanish_id_valid;

pub(super) const DETECTOR: Detector = Detector {
    entity: "ES_NIF",
    context_words: &[
        "nif",
        "dni",
        "documento nacional",
        "número de identificación fiscal",
    ],
    countries: &["ES"],
    patterns: &[Pattern {
        rule: "es_nif.letter",
        regex: r"(?-u:\b)[0-9]{8}-?[A-Z](?-u:\b)",
        score: 0.7,
        requires_context: false,
        validate,
    }],
};

/// Validates a DNI or NIE, with or without hyphens before and after the digits.
pub(super) fn validate(text: &str, span: Span) -> Option<Span> {
    let compact: String = text.get(span.start..span.end)?.replace('-', "");
    (is_alphanumeric_token(text, span) && spanish_id_valid(&compact)).then_some(span)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    #[test]
    fn nif_finds_valid_letter() {
        assert_eq!(found("ES_NIF", "DNI 54362315K del cliente"), ["54362315K"]);
        assert_eq!(found("ES_NIF", "NIF: 54362315-K"), ["54362315-K"]);
    }

    #[test]
    fn nif_rejects_wrong_letter() {
        assert!(found("ES_NIF", "DNI 54362315J").is_empty());
        assert!(found("ES_NIF", "ref 154362315K").is_empty());
    }
}
