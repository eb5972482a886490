//! `IT_FISCAL_CODE`: Italian fiscal codes (codice fiscale) of persons with a valid check letter.

use super::support::is_alphanumeric_token;
use super::{Detector, Pattern, Span};
use crate::redact::checksum::italian_fiscal_code_valid;

pub(super) const DETECTOR: Detector = Detector {
    entity: "IT_FISCAL_CODE",
    context_words: &["codice fiscale", "cf", "c.f", "fiscal code"],
    countries: &["IT"],
    patterns: &[Pattern {
        rule: "it_fiscal_code.check",
        // Surname and name letters, birth year, month letter, day (plus 40 for women), town
        // code and check letter. Digits may be replaced by the letters L-V for homocodes.
        regex: r"(?-u:\b)[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?-u:\b)",
        score: 0.9,
        requires_context: false,
        validate,
    }],
};

fn validate(text: &str, span: Span) -> Option<Span> {
    let code = text.get(span.start..span.end)?;
    (is_alphanumeric_token(text, span) && italian_fiscal_code_valid(code)).then_some(span)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    #[test]
    fn fiscal_code_finds_valid_code() {
        assert_eq!(
            found("IT_FISCAL_CODE", "Codice fiscale RCCMNL83S18D969H."),
            ["RCCMNL83S18D969H"]
        );
    }

    #[test]
    fn fiscal_code_rejects_wrong_check_letter() {
        assert!(found("IT_FISCAL_CODE", "CF RCCMNL83S18D969A").is_empty());
    }
}
