//! `CLOUD_ACCESS_KEY`: access keys of AWS, Google Cloud and Azure, and GitHub and Stripe tokens,
//! recognised by their documented prefixes.

use super::support::accept_as_is;
use super::{Detector, Pattern, Span};

pub(super) const DETECTOR: Detector = Detector {
    entity: "CLOUD_ACCESS_KEY",
    context_words: &[],
    countries: &[],
    patterns: &[
        Pattern {
            rule: "cloud.aws_access_key_id",
            // AWS key ids: a four-letter type prefix and 16 Base32 characters.
            regex: r"(?-u:\b)(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA|APKA)[A-Z2-7]{16}(?-u:\b)",
            score: 0.9,
            requires_context: false,
            validate: accept_as_is,
        },
        Pattern {
            rule: "cloud.aws_secret_access_key",
            regex: r#"(?i)aws_?secret_?access_?key["']?[ \t]*[:=][ \t]*["']?[A-Za-z0-9/+]{40}(?-u:\b)"#,
            score: 0.95,
            requires_context: false,
            validate: value_after_separator,
        },
        Pattern {
            rule: "cloud.google_api_key",
            regex: r"(?-u:\b)AIza[0-9A-Za-z_\-]{35}",
            score: 0.9,
            requires_context: false,
            validate: accept_as_is,
        },
        Pattern {
            rule: "cloud.azure_account_key",
            regex: r"(?i)AccountKey=[A-Za-z0-9+/]{86}==",
            score: 0.95,
            requires_context: false,
            validate: value_after_separator,
        },
        Pattern {
            rule: "cloud.github_token",
            regex: r"(?-u:\b)(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})(?-u:\b)",
            score: 0.9,
            requires_context: false,
            validate: accept_as_is,
        },
        Pattern {
            rule: "cloud.stripe_secret_key",
            regex: r"(?-u:\b)(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24,99}(?-u:\b)",
            score: 0.9,
            requires_context: false,
            validate: accept_as_is,
        },
    ],
};

/// Narrows the match to the value after `=` or `:` and an optional quote.
fn value_after_separator(text: &str, span: Span) -> Option<Span> {
    let candidate = text.get(span.start..span.end)?;
    let separator = candidate.find(['=', ':'])?;
    let value_offset = candidate
        .get(separator + 1..)?
        .find(|character: char| !matches!(character, ' ' | '\t' | '"' | '\''))?;
    Some(Span {
        start: span.start + separator + 1 + value_offset,
        end: span.end,
    })
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn keys(text: &str) -> Vec<&str> {
        found("CLOUD_ACCESS_KEY", text)
    }

    #[test]
    fn cloud_finds_documented_key_shapes() {
        assert_eq!(
            keys("key AKIAIOSFODNN7EXAMPLE used"),
            ["AKIAIOSFODNN7EXAMPLE"]
        );
        assert_eq!(
            keys("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"]
        );
        let google = format!("AIza{}", "a".repeat(35));
        assert_eq!(keys(&format!("key={google}")), [google.as_str()]);
        let github = format!("ghp_{}", "A1".repeat(18));
        assert_eq!(keys(&github), [github.as_str()]);
        let stripe = format!("sk_live_{}", "4eC39HqLyjWDarjtT1zdp7dc");
        assert_eq!(keys(&stripe), [stripe.as_str()]);
    }

    #[test]
    fn cloud_rejects_near_misses() {
        assert!(keys("AKIAIOSFODNN7EXAMPL").is_empty());
        assert!(keys("XAKIAIOSFODNN7EXAMPLE").is_empty());
        assert!(keys("ghp_short").is_empty());
    }
}
