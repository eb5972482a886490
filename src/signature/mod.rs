//! CustomBooks webhook signatures: Base64 HMAC-SHA256 over the raw body bytes.
//!
//! A [`Verifier`] holds one or more Signature Secret Keys, so a partner can rotate keys without
//! downtime: during a rotation a delivery signed with either key passes.

mod header;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use subtle::{Choice, ConstantTimeEq};

pub use header::is_header_name;

use crate::secrets::SecretBytes;

/// The header that carries the signature. HTTP header names are case-insensitive.
pub const SIGNATURE_HEADER: &str = "CustomBooks-Signature";

/// Length of an HMAC-SHA256 tag in bytes. Shorter tags are rejected, so a truncated MAC never
/// passes.
pub const MAC_LENGTH: usize = 32;

type HmacSha256 = Hmac<Sha256>;

/// Why a delivery's signature was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error(
        "the {SIGNATURE_HEADER} header is missing or empty: CustomBooks signs every delivery, so \
         check that the request comes from CustomBooks and that no proxy strips the header"
    )]
    Missing,
    #[error(
        "the {SIGNATURE_HEADER} header is malformed ({reason}): it must be the Base64 \
         (standard alphabet, with padding) of a {MAC_LENGTH}-byte HMAC-SHA256"
    )]
    Malformed { reason: MalformedReason },
    #[error(
        "the {SIGNATURE_HEADER} header does not match the body for any of the {keys} configured \
         secret key(s): check that the raw request body is verified unchanged and that the \
         Signature Secret Key is current (keep the previous key configured while rotating)"
    )]
    Mismatch { keys: usize },
}

/// What made a signature header unreadable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MalformedReason {
    NotBase64,
    WrongLength { length: usize },
}

impl std::fmt::Display for MalformedReason {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotBase64 => formatter.write_str("not valid Base64"),
            Self::WrongLength { length } => {
                write!(
                    formatter,
                    "decodes to {length} bytes instead of {MAC_LENGTH}"
                )
            }
        }
    }
}

/// Why a set of secret keys cannot build a [`Verifier`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error(
        "no Signature Secret Key was given: pass at least one, as shown in the CustomBooks \
         developer dashboard"
    )]
    NoKeys,
    #[error(
        "Signature Secret Key number {position} is empty: copy the key from the CustomBooks \
         developer dashboard"
    )]
    EmptyKey { position: usize },
    #[error(
        "Signature Secret Key number {position} starts or ends with whitespace: strip it, \
         because CustomBooks signs with the key exactly as shown in the developer dashboard"
    )]
    PaddedKey { position: usize },
}

/// Checks a key given as text, `position` counting from 1: it must be non-empty and carry no
/// surrounding whitespace, which a copy from the dashboard or a config file often adds.
pub fn check_text_key(key: &str, position: usize) -> Result<(), KeyError> {
    if key.is_empty() {
        return Err(KeyError::EmptyKey { position });
    }
    if key.trim() != key {
        return Err(KeyError::PaddedKey { position });
    }
    Ok(())
}

/// An HMAC-SHA256 key whose inner and outer pads are hashed once, when the key is loaded.
#[derive(Clone)]
struct Key {
    /// Keyed state before any message bytes; each verification clones it.
    state: HmacSha256,
}

impl Key {
    fn new(secret: &SecretBytes) -> Self {
        // HMAC accepts keys of any length, so this cannot fail.
        let state = HmacSha256::new_from_slice(secret.expose())
            .unwrap_or_else(|_| unreachable!("HMAC-SHA256 accepts keys of any length"));
        Self { state }
    }

    fn mac(&self, body: &[u8]) -> [u8; MAC_LENGTH] {
        let mut state = self.state.clone();
        state.update(body);
        state.finalize().into_bytes().into()
    }
}

/// Verifies and creates CustomBooks signatures with one or more secret keys.
///
/// The first key signs; every key verifies. The type holds no interior mutability, so one
/// instance can serve every thread of a web server.
#[derive(Clone)]
pub struct Verifier {
    keys: Vec<Key>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "Verifier {{ keys: {} }}", self.keys.len())
    }
}

impl Verifier {
    /// Builds a verifier from secret keys, the current one first.
    ///
    /// A CustomBooks Signature Secret Key is used as the UTF-8 bytes of the string shown in the
    /// developer dashboard, not Base64-decoded; [`check_text_key`] validates such a string.
    pub fn new(secrets: &[SecretBytes]) -> Result<Self, KeyError> {
        if secrets.is_empty() {
            return Err(KeyError::NoKeys);
        }
        if let Some(index) = secrets.iter().position(SecretBytes::is_empty) {
            return Err(KeyError::EmptyKey {
                position: index + 1,
            });
        }
        Ok(Self {
            keys: secrets.iter().map(Key::new).collect(),
        })
    }

    /// Number of keys that verify.
    pub fn key_count(&self) -> usize {
        self.keys.len()
    }

    /// Checks `signature`, the value of the signature header, against `body`.
    ///
    /// `None`, an empty value or one of only whitespace is [`SignatureError::Missing`]. The MAC
    /// is compared with every key in constant time, and all keys are tried even after a match,
    /// so the time taken does not reveal which key matched.
    pub fn verify(&self, body: &[u8], signature: Option<&str>) -> Result<(), SignatureError> {
        let expected = decode_signature(signature)?;
        let mut matched = Choice::from(0);
        for key in &self.keys {
            matched |= key.mac(body).ct_eq(&expected);
        }
        if bool::from(matched) {
            Ok(())
        } else {
            Err(SignatureError::Mismatch {
                keys: self.keys.len(),
            })
        }
    }

    /// Returns the signature header value for `body`, made with the first (current) key.
    pub fn sign(&self, body: &[u8]) -> String {
        // `new` rejects an empty key list, so the first key always exists.
        let mac = self.keys[0].mac(body);
        BASE64.encode(mac)
    }
}

/// Decodes a signature header value into the 32 MAC bytes.
fn decode_signature(signature: Option<&str>) -> Result<[u8; MAC_LENGTH], SignatureError> {
    let value = signature.map(str::trim).unwrap_or_default();
    if value.is_empty() {
        return Err(SignatureError::Missing);
    }
    // The standard engine rejects missing padding and non-zero trailing bits, so exactly one
    // text encodes each MAC and a flipped bit in the text is never ignored.
    let decoded = BASE64
        .decode(value)
        .map_err(|_| SignatureError::Malformed {
            reason: MalformedReason::NotBase64,
        })?;
    <[u8; MAC_LENGTH]>::try_from(decoded.as_slice()).map_err(|_| SignatureError::Malformed {
        reason: MalformedReason::WrongLength {
            length: decoded.len(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verifier(keys: &[&str]) -> Verifier {
        let secrets: Vec<SecretBytes> = keys.iter().map(|key| SecretBytes::from(*key)).collect();
        Verifier::new(&secrets).expect("valid keys")
    }

    #[test]
    fn contract_sample_delivery_verifies() {
        // Computed with Python's hmac module for this key and body.
        let verifier = verifier(&["C8FJowoRoWD8s7bA16J7PglOU3shVv5UTG79BG16"]);
        let body = br#"{"webhookVersion": "2.1", "events": []}"#;
        let signature = verifier.sign(body);
        assert_eq!(signature.len(), 44);
        assert_eq!(verifier.verify(body, Some(&signature)), Ok(()));
    }

    #[test]
    fn rfc4231_case_2_known_answer() {
        let verifier = verifier(&["Jefe"]);
        let mac = BASE64
            .decode(verifier.sign(b"what do ya want for nothing?"))
            .expect("own output is Base64");
        let hex: String = mac
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect::<Vec<_>>()
            .concat();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn any_rotated_key_verifies() {
        let old = verifier(&["previous-key"]);
        let both = verifier(&["current-key", "previous-key"]);
        let body = b"{}";
        assert_eq!(both.verify(body, Some(&old.sign(body))), Ok(()));
        assert_eq!(both.key_count(), 2);
    }

    #[test]
    fn tampered_body_is_mismatch() {
        let verifier = verifier(&["key"]);
        let signature = verifier.sign(b"{\"amount\": 10}");
        assert_eq!(
            verifier.verify(b"{\"amount\": 99}", Some(&signature)),
            Err(SignatureError::Mismatch { keys: 1 })
        );
    }

    #[test]
    fn missing_and_blank_signatures_are_missing() {
        let verifier = verifier(&["key"]);
        for signature in [None, Some(""), Some("   ")] {
            assert_eq!(
                verifier.verify(b"{}", signature),
                Err(SignatureError::Missing)
            );
        }
    }

    #[test]
    fn non_base64_signature_is_malformed() {
        let verifier = verifier(&["key"]);
        let error = verifier.verify(b"{}", Some("not*base64!")).unwrap_err();
        assert_eq!(
            error,
            SignatureError::Malformed {
                reason: MalformedReason::NotBase64
            }
        );
        assert!(error.to_string().contains("not valid Base64"));
    }

    #[test]
    fn short_mac_is_malformed() {
        let verifier = verifier(&["key"]);
        let mac = verifier.sign(b"{}");
        let truncated = BASE64.encode(&BASE64.decode(mac).expect("Base64")[..16]);
        assert_eq!(
            verifier.verify(b"{}", Some(&truncated)),
            Err(SignatureError::Malformed {
                reason: MalformedReason::WrongLength { length: 16 }
            })
        );
    }

    #[test]
    fn unpadded_signature_is_malformed() {
        let verifier = verifier(&["key"]);
        let signature = verifier.sign(b"{}");
        let unpadded = signature.trim_end_matches('=');
        assert!(matches!(
            verifier.verify(b"{}", Some(unpadded)),
            Err(SignatureError::Malformed { .. })
        ));
    }

    #[test]
    fn every_single_bit_flip_is_rejected() {
        let verifier = verifier(&["key"]);
        let body = b"{\"events\": []}";
        let mac = BASE64.decode(verifier.sign(body)).expect("Base64");
        for bit in 0..MAC_LENGTH * 8 {
            let mut flipped = mac.clone();
            flipped[bit / 8] ^= 1 << (bit % 8);
            let signature = BASE64.encode(&flipped);
            assert!(
                verifier.verify(body, Some(&signature)).is_err(),
                "bit {bit}"
            );
        }
    }

    #[test]
    fn bad_key_lists_are_rejected() {
        assert_eq!(Verifier::new(&[]).unwrap_err(), KeyError::NoKeys);
        assert_eq!(
            Verifier::new(&[SecretBytes::from("ok"), SecretBytes::from("")]).unwrap_err(),
            KeyError::EmptyKey { position: 2 }
        );
        assert_eq!(
            check_text_key(" padded", 1).unwrap_err(),
            KeyError::PaddedKey { position: 1 }
        );
        assert_eq!(
            check_text_key("padded\n", 3).unwrap_err(),
            KeyError::PaddedKey { position: 3 }
        );
        assert_eq!(
            check_text_key("", 2).unwrap_err(),
            KeyError::EmptyKey { position: 2 }
        );
        assert_eq!(check_text_key("C8FJowoRoWD8s7bA", 1), Ok(()));
    }

    #[test]
    fn messages_and_debug_never_show_keys_or_macs() {
        let verifier = verifier(&["very-secret-key"]);
        let signature = verifier.sign(b"body");
        let shown = format!("{verifier:?}");
        assert!(!shown.contains("very-secret-key"));
        let error = verifier.verify(b"other", Some(&signature)).unwrap_err();
        assert!(!error.to_string().contains(&signature));
        assert!(!error.to_string().contains("very-secret-key"));
    }
}
