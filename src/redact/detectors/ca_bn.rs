//! `CA_BN`: Canadian Business Numbers with a valid Luhn digit, with a program account (such as
//! `RT0001`) or after a context word.

use super::support::{digits_only, is_alphanumeric_token};
use super::{Detector, Pattern, Span};
use crate::redact::checksum::luhn_valid;

pub(super) const DETECTOR: Detector = Detector {
    entity: "CA_BN",
    context_words: &[
        "bn",
        "business number",
        "gst/hst",
        "hst",
        "gst number",
        "cra",
    ],
    countries: &["CA"],
    patterns: &[
        Pattern {
            rule: "ca_bn.program",
            regex: r"(?-u:\b)[0-9]{9} ?(?:RT|RP|RC|RM|RR|RZ)[0-9]{4}(?-u:\b)",
            score: 0.85,
            requires_context: false,
            validate,
        },
        Pattern {
            rule: "ca_bn.context",
            regex: r"(?-u:\b)[0-9]{9}(?-u:\b)",
            score: 0.5,
            requires_context: true,
            validate,
        },
    ],
};

fn validate(text: &str, span: Span) -> Option<Span> {
    let candidate = text.get(span.start..span.end)?;
    let number = digits_only(candidate.get(..9)?);
    (is_alphanumeric_token(text, span) && luhn_valid(&number)).then_some(span)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    #[test]
    fn bn_finds_program_and_context_forms() {
        assert_eq!(
            found("CA_BN", "GST/HST 123456782 RT0001"),
            ["123456782 RT0001"]
        );
        assert_eq!(found("CA_BN", "Business number 123456782."), ["123456782"]);
    }

    #[test]
    fn bn_rejects_bad_check_and_bare_digits() {
        assert!(found("CA_BN", "123456783RT0001").is_empty());
        assert!(found("CA_BN", "Order 123456782").is_empty());
    }
}
