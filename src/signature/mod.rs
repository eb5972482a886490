//! Webhook signatures: HMAC-SHA256 verified in constant time, with rotating keys.
//!
//! A [`Verifier`] holds one scheme and one or more keys, so a partner can rotate keys without
//! downtime: during a rotation a delivery signed with either key passes. The CustomBooks scheme
//! is Base64 HMAC-SHA256 over the raw body bytes; [`Scheme`] lists the other presets.

mod header;
mod hmac;
mod scheme;

use std::fmt;

use subtle::{Choice, ConstantTimeEq};

pub use header::is_header_name;
pub use hmac::MAC_LENGTH;
pub use scheme::{MAX_HEADER_LENGTH, MAX_SIGNATURES, Scheme, parse_timestamp};

use hmac::HmacKey;
use scheme::KeyProblem;

/// The header that carries CustomBooks signatures. HTTP header names are case-insensitive.
pub const SIGNATURE_HEADER: &str = "CustomBooks-Signature";

/// Default tolerance for signed timestamps, in seconds, as Stripe and Standard Webhooks use.
pub const DEFAULT_TOLERANCE_SECONDS: u64 = 300;

/// Why a delivery's signature was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error(
        "the {header} header is missing or empty: {provider} signs every delivery, so check \
         that the request comes from {provider} and that no proxy strips the header",
        provider = scheme.provider()
    )]
    Missing {
        scheme: Scheme,
        header: &'static str,
    },
    #[error(
        "the {header} header is malformed ({reason}); check that the verifier's scheme, {}, is \
         the one the sender uses",
        scheme.name()
    )]
    Malformed {
        scheme: Scheme,
        header: &'static str,
        reason: MalformedReason,
    },
    #[error(
        "the {header} header does not match the body for any of the {keys} configured secret \
         key(s): check that the raw request body is verified unchanged and that the secret is \
         current (keep the previous key configured while rotating)"
    )]
    Mismatch {
        scheme: Scheme,
        header: &'static str,
        keys: usize,
    },
    #[error(
        "the signed timestamp is {} seconds {} this server's clock, beyond the tolerance of \
         {tolerance} seconds: check the server's clock, or reject the delivery as a replay",
        offset.unsigned_abs(),
        if *offset < 0 { "behind" } else { "ahead of" }
    )]
    TimestampOutOfTolerance {
        scheme: Scheme,
        /// Signed timestamp minus the current time, in seconds.
        offset: i64,
        tolerance: u64,
    },
}

/// What made a signature header unreadable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MalformedReason {
    NotBase64,
    NotHex,
    WrongLength { length: usize },
    MissingPrefix { prefix: &'static str },
    NotKeyValue,
    MissingTimestamp,
    RepeatedTimestamp,
    InvalidTimestamp,
    NoKnownVersion,
    TooManySignatures { count: usize },
    TooLong { length: usize },
}

impl fmt::Display for MalformedReason {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotBase64 => formatter.write_str("not valid padded Base64"),
            Self::NotHex => formatter.write_str("not lower-case hex"),
            Self::WrongLength { length } if *length < MAC_LENGTH => write!(
                formatter,
                "the MAC is {length} bytes instead of {MAC_LENGTH}, and truncated MACs are rejected"
            ),
            Self::WrongLength { length } => write!(
                formatter,
                "the MAC is {length} bytes instead of {MAC_LENGTH}; check the scheme's encoding"
            ),
            Self::MissingPrefix { prefix } => write!(formatter, "it does not start with {prefix}"),
            Self::NotKeyValue => formatter.write_str("an item is not of the form key=value"),
            Self::MissingTimestamp => formatter.write_str("it has no t= timestamp"),
            Self::RepeatedTimestamp => formatter.write_str("it has more than one t= timestamp"),
            Self::InvalidTimestamp => {
                formatter.write_str("the timestamp is not a Unix time in ASCII digits")
            }
            Self::NoKnownVersion => formatter.write_str("it has no v1 signature"),
            Self::TooManySignatures { count } => write!(
                formatter,
                "it has {count} signatures, over the limit of {MAX_SIGNATURES}"
            ),
            Self::TooLong { length } => write!(
                formatter,
                "it is {length} bytes long, over the limit of {MAX_HEADER_LENGTH}"
            ),
        }
    }
}

/// Why a set of secret keys cannot build a [`Verifier`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("no secret key was given: pass at least one, the current key first")]
    NoKeys,
    #[error("secret key number {position} is empty: copy the key from the provider's dashboard")]
    EmptyKey { position: usize },
    #[error(
        "secret key number {position} starts or ends with whitespace: strip it, because the \
         sender signs with the key exactly as its dashboard shows it"
    )]
    PaddedKey { position: usize },
    #[error(
        "secret key number {position} does not start with {prefix}, which every {scheme} \
         secret does: check that it is the webhook signing secret and not another key",
        scheme = scheme.name()
    )]
    WrongPrefix {
        scheme: Scheme,
        position: usize,
        prefix: &'static str,
    },
    #[error(
        "secret key number {position} is not valid Base64 after its whsec_ prefix: copy the \
         whole secret from the sender's dashboard"
    )]
    NotBase64 { position: usize },
}

/// A secret key as the caller has it.
#[derive(Clone, Copy)]
pub enum KeyInput<'a> {
    /// The secret as the provider's dashboard shows it; decoded as the scheme defines.
    Text(&'a str),
    /// Key bytes, used as the HMAC key as they are.
    Raw(&'a [u8]),
}

impl fmt::Debug for KeyInput<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("KeyInput(***)")
    }
}

/// The signature header and, for schemes that sign them, the id and timestamp headers.
#[derive(Debug, Clone, Copy, Default)]
pub struct SignedHeaders<'a> {
    pub signature: Option<&'a str>,
    pub id: Option<&'a str>,
    pub timestamp: Option<&'a str>,
}

impl<'a> SignedHeaders<'a> {
    pub fn signature(signature: Option<&'a str>) -> Self {
        Self {
            signature,
            ..Self::default()
        }
    }
}

/// Why [`Verifier::sign`] cannot sign.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    #[error(
        "the {scheme} scheme signs a message id, so signing needs one (message_id=)",
        scheme = scheme.name()
    )]
    MissingId { scheme: Scheme },
    #[error(
        "the {scheme} scheme signs a timestamp, so signing needs one (timestamp=)",
        scheme = scheme.name()
    )]
    MissingTimestamp { scheme: Scheme },
    #[error("the timestamp {timestamp} is negative: pass Unix time in whole seconds")]
    NegativeTimestamp { timestamp: i64 },
}

/// Verifies and creates signatures of one scheme with one or more secret keys.
///
/// The first key signs; every key verifies. The type holds no interior mutability, so one
/// instance can serve every thread of a web server. Keys are kept only as HMAC pad states,
/// which are wiped when the verifier is dropped.
#[derive(Clone)]
pub struct Verifier {
    scheme: Scheme,
    keys: Vec<HmacKey>,
    tolerance_seconds: u64,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Verifier")
            .field("scheme", &self.scheme.name())
            .field("keys", &self.keys.len())
            .field("tolerance_seconds", &self.tolerance_seconds)
            .finish()
    }
}

impl Verifier {
    /// Builds a verifier, validating every key for the scheme.
    pub fn new(
        scheme: Scheme,
        secrets: &[KeyInput<'_>],
        tolerance_seconds: u64,
    ) -> Result<Self, KeyError> {
        if secrets.is_empty() {
            return Err(KeyError::NoKeys);
        }
        let mut keys = Vec::with_capacity(secrets.len());
        for (index, secret) in secrets.iter().enumerate() {
            let position = index + 1;
            let key = match secret {
                KeyInput::Raw([]) => {
                    return Err(KeyError::EmptyKey { position });
                }
                KeyInput::Raw(bytes) => HmacKey::new(bytes),
                KeyInput::Text(text) => {
                    check_text_key(text, position)?;
                    let bytes =
                        zeroize::Zeroizing::new(scheme.key_from_text(text).map_err(|problem| {
                            match problem {
                                KeyProblem::WrongPrefix { prefix } => KeyError::WrongPrefix {
                                    scheme,
                                    position,
                                    prefix,
                                },
                                KeyProblem::NotBase64 => KeyError::NotBase64 { position },
                            }
                        })?);
                    HmacKey::new(&bytes)
                }
            };
            keys.push(key);
        }
        Ok(Self {
            scheme,
            keys,
            tolerance_seconds,
        })
    }

    /// Builds a CustomBooks verifier from Signature Secret Keys, the current one first.
    pub fn custombooks(secrets: &[&str]) -> Result<Self, KeyError> {
        let inputs: Vec<KeyInput<'_>> = secrets
            .iter()
            .map(|secret| KeyInput::Text(secret))
            .collect();
        Self::new(Scheme::CustomBooks, &inputs, DEFAULT_TOLERANCE_SECONDS)
    }

    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// Number of keys that verify.
    pub fn key_count(&self) -> usize {
        self.keys.len()
    }

    pub fn tolerance_seconds(&self) -> u64 {
        self.tolerance_seconds
    }

    /// Checks `headers` against `body`; `now` (Unix seconds, fractions kept) is read only for
    /// schemes that sign a timestamp.
    ///
    /// Every key is compared with every signature in constant time, and all are tried even
    /// after a match, so the time taken does not reveal which key matched. The timestamp is
    /// checked only after a MAC matches, so an unauthenticated timestamp reveals nothing.
    pub fn verify(
        &self,
        body: &[u8],
        headers: &SignedHeaders<'_>,
        now: impl FnOnce() -> f64,
    ) -> Result<(), SignatureError> {
        let scheme = self.scheme;
        let header = scheme.signature_header();
        let value = required(scheme, header, headers.signature)?;
        let parsed =
            scheme::parse_header(scheme, value).map_err(|reason| SignatureError::Malformed {
                scheme,
                header,
                reason,
            })?;

        let id = match scheme.id_header() {
            Some(id_header) => Some(required(scheme, id_header, headers.id)?),
            None => None,
        };
        let timestamp_text = match scheme.timestamp_header() {
            Some(timestamp_header) => Some(required(scheme, timestamp_header, headers.timestamp)?),
            None => parsed.timestamp,
        };
        let timestamp = match timestamp_text {
            Some(text) => Some(parse_timestamp(text).ok_or(SignatureError::Malformed {
                scheme,
                header: scheme.timestamp_header().unwrap_or(header),
                reason: MalformedReason::InvalidTimestamp,
            })?),
            None => None,
        };

        let prefix = signed_prefix(id, timestamp_text);
        let mut matched = Choice::from(0);
        for key in &self.keys {
            let expected = key.mac(&[prefix.as_bytes(), body]);
            for mac in &parsed.macs {
                matched |= expected.ct_eq(mac);
            }
        }
        if !bool::from(matched) {
            return Err(SignatureError::Mismatch {
                scheme,
                header,
                keys: self.keys.len(),
            });
        }

        if let Some(timestamp) = timestamp {
            // Compared in floating point so that a clock at T + 0.9 s is not rounded to T.
            // Timestamps have at most 18 digits, and f64 holds every integer below 2^53 exactly,
            // which covers every date up to the year 285 million.
            #[allow(clippy::cast_precision_loss)]
            let offset = timestamp as f64 - now();
            #[allow(clippy::cast_precision_loss)]
            let tolerance = self.tolerance_seconds as f64;
            if offset.is_nan() || offset.abs() > tolerance {
                return Err(SignatureError::TimestampOutOfTolerance {
                    scheme,
                    offset: rounded_seconds(offset),
                    tolerance: self.tolerance_seconds,
                });
            }
        }
        Ok(())
    }

    /// Returns the signature header value for `body`, made with the first (current) key.
    ///
    /// `id` and `timestamp` are required by the schemes that sign them and ignored otherwise.
    pub fn sign(
        &self,
        body: &[u8],
        id: Option<&str>,
        timestamp: Option<i64>,
    ) -> Result<String, SignError> {
        let scheme = self.scheme;
        let id = match scheme.id_header() {
            Some(_) => Some(id.ok_or(SignError::MissingId { scheme })?),
            None => None,
        };
        let timestamp = if scheme.signs_timestamp() {
            match timestamp {
                None => return Err(SignError::MissingTimestamp { scheme }),
                Some(timestamp) if timestamp < 0 => {
                    return Err(SignError::NegativeTimestamp { timestamp });
                }
                Some(timestamp) => Some(timestamp),
            }
        } else {
            None
        };
        let timestamp_text = timestamp.map(|value| value.to_string());
        let prefix = signed_prefix(id, timestamp_text.as_deref());
        // `new` rejects an empty key list, so the first key always exists.
        let mac = self.keys[0].mac(&[prefix.as_bytes(), body]);
        Ok(scheme.format(&mac, timestamp))
    }
}

/// Rounds an offset in seconds away from zero, so that 300.2 seconds beyond a tolerance of 300
/// is reported as 301.
fn rounded_seconds(offset: f64) -> i64 {
    // The cast saturates at the i64 range, which no real clock difference reaches.
    #[allow(clippy::cast_possible_truncation)]
    let rounded = if offset < 0.0 {
        offset.floor() as i64
    } else {
        offset.ceil() as i64
    };
    rounded
}

/// Returns `id.timestamp.` or `timestamp.`, the part that schemes sign before the body.
fn signed_prefix(id: Option<&str>, timestamp: Option<&str>) -> String {
    let mut prefix = String::new();
    for part in [id, timestamp].into_iter().flatten() {
        prefix.push_str(part);
        prefix.push('.');
    }
    prefix
}

fn required<'a>(
    scheme: Scheme,
    header: &'static str,
    value: Option<&'a str>,
) -> Result<&'a str, SignatureError> {
    // Values are used untrimmed: web servers strip the whitespace around header values, so any
    // that remains is part of a malformed value (" 123" is not a timestamp).
    match value {
        Some(value) if !value.trim().is_empty() => Ok(value),
        _ => Err(SignatureError::Missing { scheme, header }),
    }
}

/// Checks a key given as text, `position` counting from 1: it must be non-empty and carry no
/// surrounding whitespace, which a copy from a dashboard or a config file often adds.
pub fn check_text_key(key: &str, position: usize) -> Result<(), KeyError> {
    if key.is_empty() {
        return Err(KeyError::EmptyKey { position });
    }
    if key.trim() != key {
        return Err(KeyError::PaddedKey { position });
    }
    Ok(())
}

#[cfg(test)]
mod tests;
