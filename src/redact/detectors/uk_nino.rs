//! `UK_NINO`: UK National Insurance numbers with an allocated prefix.

use super::support::is_alphanumeric_token;
use super::{Detector, Pattern, Span};

pub(super) const DETECTOR: Detector = Detector {
    entity: "UK_NINO",
    context_words: &["ni", "nino", "national insurance", "ni number", "nic"],
    countries: &["GB"],
    patterns: &[Pattern {
        rule: "uk_nino.format",
        // First letter never D, F, I, Q, U or V; second never D, F, I, O, Q, U or V; suffix A-D.
        regex: r"(?-u:\b)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?-u:\b)",
        score: 0.7,
        requires_context: false,
        validate,
    }],
};

/// Prefixes that HMRC never allocates.
const UNALLOCATED_PREFIXES: &[&str] = &["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"];

fn validate(text: &str, span: Span) -> Option<Span> {
    let candidate = text.get(span.start..span.end)?;
    let prefix = candidate.get(..2)?;
    let spaces = candidate.matches(' ').count();
    // Either compact or spaced between every group, as HMRC prints it.
    let consistent = spaces == 0 || spaces == 4;
    (consistent && !UNALLOCATED_PREFIXES.contains(&prefix) && is_alphanumeric_token(text, span))
        .then_some(span)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn ninos(text: &str) -> Vec<&str> {
        found("UK_NINO", text)
    }

    #[test]
    fn nino_finds_spaced_and_compact_forms() {
        assert_eq!(
            ninos("NI number SW 93 50 43 B for payroll."),
            ["SW 93 50 43 B"]
        );
        assert_eq!(ninos("NI number PX496985A for payroll."), ["PX496985A"]);
    }

    #[test]
    fn nino_rejects_unallocated_prefixes_and_letters() {
        for text in [
            "GB 12 34 56 A",
            "QQ123456C",
            "AB123456E",
            "AO123456A",
            "AB 123456 A",
        ] {
            assert!(ninos(text).is_empty(), "{text}");
        }
    }
}
