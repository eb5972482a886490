//! `JWT`: JSON Web Tokens, signed (three segments) or encrypted (five segments, where the
//! encrypted key is empty for direct encryption, as some access tokens are).

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::{Detector, Pattern, Span};

pub(super) const DETECTOR: Detector = Detector {
    entity: "JWT",
    context_words: &[],
    countries: &[],
    patterns: &[Pattern {
        rule: "jwt.compact",
        // The header is a JSON object, so its Base64url form starts with `eyJ` (`{"`).
        regex: r"eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){2,4}",
        score: 0.95,
        requires_context: false,
        validate,
    }],
};

fn is_token_character(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'-')
}

/// Checks the segment count, that the signature or ciphertext is not empty, and that the header
/// decodes to a JSON object naming an algorithm.
fn validate(text: &str, span: Span) -> Option<Span> {
    let bytes = text.as_bytes();
    let joined_before = span
        .start
        .checked_sub(1)
        .and_then(|index| bytes.get(index))
        .is_some_and(|byte| is_token_character(*byte));
    if joined_before {
        return None;
    }
    let token = text.get(span.start..span.end)?;
    let segments: Vec<&str> = token.split('.').collect();
    let complete = match segments.as_slice() {
        [_, _, signature] => !signature.is_empty(),
        [_, _, _, ciphertext, tag] => !ciphertext.is_empty() && !tag.is_empty(),
        _ => false,
    };
    if !complete {
        return None;
    }
    let header = URL_SAFE_NO_PAD.decode(segments.first()?).ok()?;
    let header: serde_json::Value = serde_json::from_slice(&header).ok()?;
    let names_algorithm = header.get("alg").is_some() || header.get("enc").is_some();
    names_algorithm.then_some(span)
}

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    const SIGNED: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0In0.\
                          dGhpcy1pcy1hLXNpZ25hdHVyZQ";
    // Header {"alg":"dir","enc":"A256GCM"}, empty encrypted key.
    const ENCRYPTED: &str = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXYtMTIzNDU2Nzg.\
                             Y2lwaGVydGV4dA.dGFnLTEyMzQ1Njc4";

    fn tokens(text: &str) -> Vec<&str> {
        found("JWT", text)
    }

    #[test]
    fn jwt_finds_signed_and_encrypted_tokens() {
        assert_eq!(tokens(&format!("Authorization: Bearer {SIGNED}")), [SIGNED]);
        assert_eq!(tokens(&format!("token={ENCRYPTED}&x=1")), [ENCRYPTED]);
        assert_eq!(tokens(&format!("\"id_token\": \"{SIGNED}\"")), [SIGNED]);
    }

    #[test]
    fn jwt_rejects_incomplete_and_fake_tokens() {
        let unsigned = SIGNED.rsplit_once('.').expect("has segments").0;
        assert!(tokens(&format!("{unsigned}.")).is_empty());
        assert!(tokens(unsigned).is_empty());
        // `eyJ` followed by text that is not a JSON header.
        assert!(tokens("eyJzzzzzzzzzzzzz.abc.def").is_empty());
        assert!(tokens(&format!("x{SIGNED}")).is_empty());
    }
}
