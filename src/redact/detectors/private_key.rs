//! `PRIVATE_KEY`: PEM private keys, whole or cut off before their end line.

use super::support::accept_as_is;
use super::{Detector, Pattern};

pub(super) const DETECTOR: Detector = Detector {
    entity: "PRIVATE_KEY",
    context_words: &[],
    countries: &[],
    patterns: &[
        Pattern {
            rule: "private_key.pem",
            // RSA, EC, DSA, OPENSSH, ENCRYPTED and PKCS #8 keys. The lazy body stops at the first
            // end line, and the regex crate runs it in linear time.
            regex: r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----",
            score: 1.0,
            requires_context: false,
            validate: accept_as_is,
        },
        Pattern {
            rule: "private_key.truncated",
            // A log line may cut a key short or escape its line breaks as `\n`; the Base64 body
            // is still secret.
            regex: r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[A-Za-z0-9+/=\s]|\\n)*",
            score: 0.95,
            requires_context: false,
            validate: accept_as_is,
        },
    ],
};

#[cfg(test)]
mod tests {
    use crate::redact::detectors::found;

    const KEY: &str = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx\nQ2Fy==\n\
                       -----END RSA PRIVATE KEY-----";

    fn keys(text: &str) -> Vec<&str> {
        found("PRIVATE_KEY", text)
    }

    #[test]
    fn private_key_finds_whole_and_truncated_keys() {
        assert_eq!(keys(&format!("key:\n{KEY}\nnext line")), [KEY]);
        let escaped = r"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\nkqhkiG9w";
        assert_eq!(keys(&format!("config={escaped}\" rest")), [escaped]);
    }

    #[test]
    fn private_key_ignores_public_keys() {
        assert!(keys("-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----").is_empty());
    }
}
