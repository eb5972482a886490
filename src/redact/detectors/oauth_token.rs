//! `OAUTH_TOKEN`: the values of OAuth fields (`access_token`, `refresh_token`, `client_secret`,
//! `id_token`, and `code` in query strings) in query strings, JSON text and log lines.

use super::{Detector, Pattern, Span};

pub(super) const DETECTOR: Detector = Detector {
    entity: "OAUTH_TOKEN",
    context_words: &[],
    countries: &[],
    patterns: &[
        Pattern {
            rule: "oauth.field",
            // The field name, an optional closing quote, `=` or `:`, an optional opening quote,
            // then the value. Validation narrows the finding to the value.
            regex: r#"(?i)(?-u:\b)(?:access[_-]?token|refresh[_-]?token|client[_-]?secret|id[_-]?token)["']?[ \t]*[:=][ \t]*["']?[A-Za-z0-9\-._~+/]{8,}=*"#,
            score: 0.9,
            requires_context: false,
            validate,
        },
        Pattern {
            rule: "oauth.code",
            // `code` is too common a word elsewhere, so only the query-string form counts.
            regex: r"[?&]code=[A-Za-z0-9\-._~+/%]{8,}",
            score: 0.85,
            requires_context: false,
            validate,
        },
    ],
};

/// Narrows the match to the value after the separator and its quote.
fn validate(text: &str, span: Span) -> Option<Span> {
    let candidate = text.get(span.start..span.end)?;
    let separator = candidate.find(['=', ':'])?;
    let value_offset = candidate
        .get(separator + 1..)?
        .find(|character: char| !matches!(character, ' ' | '\t' | '"' | '\''))?;
    let start = span.start + separator + 1 + value_offset;
    (start < span.end).then_some(Span {
        start,
        end: span.end,
    })
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn tokens(text: &str) -> Vec<&str> {
        found("OAUTH_TOKEN", text)
    }

    #[test]
    fn oauth_finds_values_in_queries_json_and_logs() {
        assert_eq!(
            tokens("refresh_token=i3ylOjt6o0NpUmkV realm=7746256339765163"),
            ["i3ylOjt6o0NpUmkV"]
        );
        assert_eq!(
            tokens(r#"{"access_token": "ya29.a0AfH6SMBx", "expires_in": 3600}"#),
            ["ya29.a0AfH6SMBx"]
        );
        assert_eq!(tokens("client_secret: 'Zx9-Q_7wLmN2'"), ["Zx9-Q_7wLmN2"]);
        assert_eq!(
            tokens("GET /callback?code=AB12cd34EF56&state=xyz"),
            ["AB12cd34EF56"]
        );
        assert_eq!(tokens("ACCESS_TOKEN=abcdef123456"), ["abcdef123456"]);
    }

    #[test]
    fn oauth_rejects_short_values_and_plain_words() {
        assert!(tokens("refresh_token=abc").is_empty());
        assert!(tokens("Discount code: SUMMER2026").is_empty());
        assert!(tokens("the access token expired").is_empty());
    }
}
