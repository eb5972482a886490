//! `URL`: web addresses that carry credentials: a password in the user information, or a query
//! parameter that contains a token, key, signature or password. Other URLs are not personal data.

use super::{Detector, Pattern, Span};

/// Query parameter names whose values are secrets, compared ignoring ASCII case.
const SECRET_PARAMETERS: &[&str] = &[
    "access_token",
    "refresh_token",
    "id_token",
    "token",
    "auth",
    "client_secret",
    "code",
    "api_key",
    "apikey",
    "key",
    "password",
    "passwd",
    "pwd",
    "secret",
    "sig",
    "signature",
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
    "session",
    "sessionid",
];

pub(super) const DETECTOR: Detector = Detector {
    entity: "URL",
    context_words: &[],
    countries: &[],
    patterns: &[Pattern {
        rule: "url.credentials",
        regex: r#"(?i)(?-u:\b)(?:https?|ftps?|wss?|postgres(?:ql)?|mysql|redis|amqps?|mongodb(?:\+srv)?)://[^\s<>"'`]+"#,
        score: 0.9,
        requires_context: false,
        validate,
    }],
};

/// Drops punctuation that ends the sentence rather than the URL, then checks for credentials.
fn validate(text: &str, span: Span) -> Option<Span> {
    let candidate = text.get(span.start..span.end)?;
    let trimmed = candidate.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '}']);
    let narrowed = Span {
        start: span.start,
        end: span.start + trimmed.len(),
    };
    (has_user_password(trimmed) || has_secret_parameter(trimmed)).then_some(narrowed)
}

/// Checks for `user:password@` in the authority.
fn has_user_password(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    authority
        .rsplit_once('@')
        .is_some_and(|(user_information, _)| user_information.contains(':'))
}

fn has_secret_parameter(url: &str) -> bool {
    let Some((_, query)) = url.split_once('?') else {
        return false;
    };
    let query = query.split('#').next().unwrap_or_default();
    query.split('&').any(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        !value.is_empty()
            && SECRET_PARAMETERS
                .iter()
                .any(|secret| secret.eq_ignore_ascii_case(name))
    })
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn urls(text: &str) -> Vec<&str> {
        found("URL", text)
    }

    #[test]
    fn url_finds_credentials_and_tokens() {
        assert_eq!(
            urls("db at postgres://app:s3cret@db.example.com:5432/books."),
            ["postgres://app:s3cret@db.example.com:5432/books"]
        );
        assert_eq!(
            urls("GET https://api.example.com/v3/items?limit=5&access_token=abc123XYZ done"),
            ["https://api.example.com/v3/items?limit=5&access_token=abc123XYZ"]
        );
        assert_eq!(
            urls("(https://files.example.com/r.pdf?X-Amz-Signature=9f8e7d)"),
            ["https://files.example.com/r.pdf?X-Amz-Signature=9f8e7d"]
        );
    }

    #[test]
    fn url_ignores_plain_urls() {
        for text in [
            "See https://example.com/help?topic=invoices.",
            "https://user@example.com/path",
            "https://example.com/?token=",
        ] {
            assert!(urls(text).is_empty(), "{text}");
        }
    }
}
