//! `HTTP_CREDENTIAL`: the credentials of HTTP `Bearer` and `Basic` authorization values.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use super::{Detector, Pattern, Span};

/// Shortest bearer token reported; shorter words after "bearer" are usually prose.
const MIN_BEARER_LENGTH: usize = 16;

pub(super) const DETECTOR: Detector = Detector {
    entity: "HTTP_CREDENTIAL",
    context_words: &[],
    countries: &[],
    patterns: &[
        Pattern {
            rule: "http.bearer",
            regex: r"(?i)(?-u:\b)bearer[ \t]+[A-Za-z0-9\-._~+/]{8,}=*",
            score: 0.85,
            requires_context: false,
            validate: validate_bearer,
        },
        Pattern {
            rule: "http.basic",
            regex: r"(?i)(?-u:\b)basic[ \t]+[A-Za-z0-9+/]{4,}={0,2}",
            score: 0.85,
            requires_context: false,
            validate: validate_basic,
        },
    ],
};

/// Returns the span of the credential after the scheme name and its spaces.
fn credential(text: &str, span: Span) -> Option<(Span, &str)> {
    let candidate = text.get(span.start..span.end)?;
    let offset = candidate.find([' ', '\t'])?;
    let value_offset =
        offset + candidate.get(offset..)?.len() - candidate.get(offset..)?.trim_start().len();
    let value = Span {
        start: span.start + value_offset,
        end: span.end,
    };
    Some((value, text.get(value.start..value.end)?))
}

/// Accepts a token of at least [`MIN_BEARER_LENGTH`] characters that contains a digit or
/// punctuation, so "bearer instruments" in prose is not a credential.
fn validate_bearer(text: &str, span: Span) -> Option<Span> {
    let (value, token) = credential(text, span)?;
    let token_like = token.len() >= MIN_BEARER_LENGTH
        && token.bytes().any(|byte| {
            byte.is_ascii_digit() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'+' | b'/')
        });
    token_like.then_some(value)
}

/// Accepts Base64 that decodes to UTF-8 `user:password`.
fn validate_basic(text: &str, span: Span) -> Option<Span> {
    let (value, encoded) = credential(text, span)?;
    let decoded = STANDARD.decode(encoded).ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    decoded.contains(':').then_some(value)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    fn credentials(text: &str) -> Vec<&str> {
        found("HTTP_CREDENTIAL", text)
    }

    #[test]
    fn http_finds_bearer_and_basic_credentials() {
        assert_eq!(
            credentials("Authorization: Bearer 2YotnFZFEjr1zCsicMWpAA"),
            ["2YotnFZFEjr1zCsicMWpAA"]
        );
        // "Aladdin:open sesame" in Base64.
        assert_eq!(
            credentials("authorization: basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
            ["QWxhZGRpbjpvcGVuIHNlc2FtZQ=="]
        );
    }

    #[test]
    fn http_rejects_prose_and_non_credentials() {
        assert!(credentials("payable to the bearer instruments department").is_empty());
        assert!(credentials("basic accounting").is_empty());
        assert!(credentials("Basic aGVsbG8gd29ybGQ=").is_empty());
    }
}
