//! Signature schemes: where each provider puts the signature, what it signs and how it encodes
//! the MAC and the secret. Every scheme is HMAC-SHA256 on the same core.

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD as BASE64, STANDARD_NO_PAD as BASE64_NO_PAD};

use super::MalformedReason;
use super::hmac::MAC_LENGTH;

/// Most signatures read from one header. Providers send one per active key, so a handful at
/// most; the cap bounds the work a hostile header can cause.
pub const MAX_SIGNATURES: usize = 16;

/// Longest signature header accepted, in bytes.
pub const MAX_HEADER_LENGTH: usize = 4096;

/// A webhook signature scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// `CustomBooks-Signature`: Base64 HMAC-SHA256 of the raw body.
    CustomBooks,
    /// Standard Webhooks: `webhook-id`, `webhook-timestamp` and `webhook-signature` with
    /// space-separated `v1,<Base64>` items over `id.timestamp.body`; `whsec_` Base64 secrets.
    StandardWebhooks,
    /// Stripe: `Stripe-Signature: t=<timestamp>,v1=<hex>` over `timestamp.body`; the key is the
    /// UTF-8 of the whole secret, `whsec_` prefix included.
    Stripe,
    /// GitHub: `X-Hub-Signature-256: sha256=<hex>` of the raw body.
    GitHub,
    /// Shopify: `X-Shopify-Hmac-Sha256`, Base64 of the raw body.
    Shopify,
    /// QuickBooks Online: `intuit-signature`, Base64 of the raw body with the verifier token.
    QuickBooks,
    /// Xero: `x-xero-signature`, Base64 of the raw body with the webhook key.
    Xero,
}

/// How a scheme writes MACs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Base64,
    LowerHex,
}

impl Scheme {
    pub const ALL: [Self; 7] = [
        Self::CustomBooks,
        Self::StandardWebhooks,
        Self::Stripe,
        Self::GitHub,
        Self::Shopify,
        Self::QuickBooks,
        Self::Xero,
    ];

    /// Looks a scheme up by the name used in the Python API, such as `"standard_webhooks"`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|scheme| scheme.name() == name)
    }

    /// Name of the scheme in the Python API.
    pub fn name(self) -> &'static str {
        match self {
            Self::CustomBooks => "custombooks",
            Self::StandardWebhooks => "standard_webhooks",
            Self::Stripe => "stripe",
            Self::GitHub => "github",
            Self::Shopify => "shopify",
            Self::QuickBooks => "quickbooks",
            Self::Xero => "xero",
        }
    }

    /// Name of the provider, for messages.
    pub fn provider(self) -> &'static str {
        match self {
            Self::CustomBooks => "CustomBooks",
            Self::StandardWebhooks => "the Standard Webhooks sender",
            Self::Stripe => "Stripe",
            Self::GitHub => "GitHub",
            Self::Shopify => "Shopify",
            Self::QuickBooks => "QuickBooks",
            Self::Xero => "Xero",
        }
    }

    pub fn signature_header(self) -> &'static str {
        match self {
            Self::CustomBooks => "CustomBooks-Signature",
            Self::StandardWebhooks => "webhook-signature",
            Self::Stripe => "Stripe-Signature",
            Self::GitHub => "X-Hub-Signature-256",
            Self::Shopify => "X-Shopify-Hmac-Sha256",
            Self::QuickBooks => "intuit-signature",
            Self::Xero => "x-xero-signature",
        }
    }

    /// Header with the message id that the MAC covers, for schemes that sign one.
    pub fn id_header(self) -> Option<&'static str> {
        match self {
            Self::StandardWebhooks => Some("webhook-id"),
            _ => None,
        }
    }

    /// Separate header with the timestamp that the MAC covers. Stripe carries its timestamp
    /// inside the signature header instead.
    pub fn timestamp_header(self) -> Option<&'static str> {
        match self {
            Self::StandardWebhooks => Some("webhook-timestamp"),
            _ => None,
        }
    }

    /// Svix's own names for the signature, id and timestamp headers, which Svix sends unless a
    /// sender turns on the `webhook-` names of the Standard Webhooks specification. Read when
    /// the standard names are absent.
    pub fn svix_headers(self) -> Option<[&'static str; 3]> {
        match self {
            Self::StandardWebhooks => Some(["svix-signature", "svix-id", "svix-timestamp"]),
            _ => None,
        }
    }

    /// Whether the MAC covers a timestamp that must be within the tolerance.
    pub fn signs_timestamp(self) -> bool {
        matches!(self, Self::StandardWebhooks | Self::Stripe)
    }

    fn encoding(self) -> Encoding {
        match self {
            Self::Stripe | Self::GitHub => Encoding::LowerHex,
            _ => Encoding::Base64,
        }
    }

    /// Prefix that secrets of this scheme carry, when it has one.
    pub fn secret_prefix(self) -> Option<&'static str> {
        match self {
            Self::StandardWebhooks | Self::Stripe => Some("whsec_"),
            _ => None,
        }
    }

    /// Turns a secret as the provider shows it into HMAC key bytes, or says why the text does
    /// not fit this scheme.
    pub fn key_from_text(self, secret: &str) -> Result<Vec<u8>, KeyProblem> {
        if let Some(prefix) = self.secret_prefix() {
            if !secret.starts_with(prefix) {
                return Err(KeyProblem::WrongPrefix { prefix });
            }
        }
        match self {
            Self::StandardWebhooks => {
                let encoded = &secret["whsec_".len()..];
                BASE64
                    .decode(encoded)
                    .or_else(|_| BASE64_NO_PAD.decode(encoded))
                    .ok()
                    .filter(|key| !key.is_empty())
                    .ok_or(KeyProblem::NotBase64)
            }
            _ => Ok(secret.as_bytes().to_vec()),
        }
    }

    /// Formats one MAC as this scheme writes it in its signature header.
    pub fn format(self, mac: &[u8; MAC_LENGTH], timestamp: Option<i64>) -> String {
        match self {
            Self::StandardWebhooks => format!("v1,{}", BASE64.encode(mac)),
            Self::Stripe => format!("t={},v1={}", timestamp.unwrap_or_default(), to_hex(mac)),
            Self::GitHub => format!("sha256={}", to_hex(mac)),
            _ => BASE64.encode(mac),
        }
    }
}

/// Why a secret given as text does not fit its scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyProblem {
    WrongPrefix { prefix: &'static str },
    NotBase64,
}

/// The parts of a signature header that the verifier needs.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ParsedHeader<'a> {
    /// Decoded MACs, all of the expected length.
    pub macs: Vec<[u8; MAC_LENGTH]>,
    /// Timestamp carried inside the header (Stripe's `t=`).
    pub timestamp: Option<&'a str>,
}

/// Reads the MACs (and Stripe's timestamp) from a signature header value.
///
/// Items of a version this library does not know are skipped. An item that fails to decode is
/// skipped when another item decodes; when none does, the first problem is reported.
pub fn parse_header(scheme: Scheme, value: &str) -> Result<ParsedHeader<'_>, MalformedReason> {
    if value.len() > MAX_HEADER_LENGTH {
        return Err(MalformedReason::TooLong {
            length: value.len(),
        });
    }
    let mut parsed = ParsedHeader::default();
    let mut candidates: Vec<&str> = Vec::new();
    match scheme {
        Scheme::StandardWebhooks => {
            for item in value.split(' ').filter(|item| !item.is_empty()) {
                if let Some(encoded) = item.strip_prefix("v1,") {
                    candidates.push(encoded);
                }
            }
        }
        Scheme::Stripe => {
            for item in value.split(',') {
                let Some((key, item_value)) = item.split_once('=') else {
                    return Err(MalformedReason::NotKeyValue);
                };
                match key {
                    "t" if parsed.timestamp.is_some() => {
                        return Err(MalformedReason::RepeatedTimestamp);
                    }
                    "t" => parsed.timestamp = Some(item_value),
                    "v1" => candidates.push(item_value),
                    _ => {}
                }
            }
            if parsed.timestamp.is_none() {
                return Err(MalformedReason::MissingTimestamp);
            }
        }
        Scheme::GitHub => match value.strip_prefix("sha256=") {
            Some(encoded) => candidates.push(encoded),
            None => return Err(MalformedReason::MissingPrefix { prefix: "sha256=" }),
        },
        _ => candidates.push(value),
    }
    if candidates.is_empty() {
        return Err(MalformedReason::NoKnownVersion);
    }
    if candidates.len() > MAX_SIGNATURES {
        return Err(MalformedReason::TooManySignatures {
            count: candidates.len(),
        });
    }
    let mut first_problem = None;
    for candidate in candidates {
        match decode_mac(scheme.encoding(), candidate) {
            Ok(mac) => parsed.macs.push(mac),
            Err(problem) => {
                first_problem.get_or_insert(problem);
            }
        }
    }
    match (parsed.macs.is_empty(), first_problem) {
        (true, Some(problem)) => Err(problem),
        _ => Ok(parsed),
    }
}

fn decode_mac(encoding: Encoding, text: &str) -> Result<[u8; MAC_LENGTH], MalformedReason> {
    let bytes = match encoding {
        // The standard engine rejects missing padding and non-zero trailing bits, so each MAC has
        // exactly one text and a flipped bit in the text is never ignored.
        Encoding::Base64 => BASE64
            .decode(text)
            .map_err(|_| MalformedReason::NotBase64)?,
        Encoding::LowerHex => from_lower_hex(text).ok_or(MalformedReason::NotHex)?,
    };
    <[u8; MAC_LENGTH]>::try_from(bytes.as_slice()).map_err(|_| MalformedReason::WrongLength {
        length: bytes.len(),
    })
}

/// Parses a Unix timestamp written as ASCII digits only: no sign, space, fraction or exponent.
pub fn parse_timestamp(text: &str) -> Option<i64> {
    let digits_only =
        !text.is_empty() && text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit());
    if digits_only { text.parse().ok() } else { None }
}

fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// Decodes lower-case hex only. Accepting upper case too would let a flipped case bit in the
/// header still verify.
fn from_lower_hex(text: &str) -> Option<Vec<u8>> {
    fn value(digit: u8) -> Option<u8> {
        match digit {
            b'0'..=b'9' => Some(digit - b'0'),
            b'a'..=b'f' => Some(digit - b'a' + 10),
            _ => None,
        }
    }
    if text.len() % 2 != 0 {
        return None;
    }
    text.as_bytes()
        .chunks_exact(2)
        .map(|pair| Some(value(pair[0])? << 4 | value(pair[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for scheme in Scheme::ALL {
            assert_eq!(Scheme::from_name(scheme.name()), Some(scheme));
        }
        assert_eq!(Scheme::from_name("CustomBooks"), None);
    }

    #[test]
    fn hex_is_lower_case_only() {
        assert_eq!(from_lower_hex("00ff10"), Some(vec![0, 255, 16]));
        assert_eq!(from_lower_hex("00FF10"), None);
        assert_eq!(from_lower_hex("0"), None);
        assert_eq!(from_lower_hex("zz"), None);
        assert_eq!(to_hex(&[0, 255, 16]), "00ff10");
    }

    #[test]
    fn timestamps_are_digits_only() {
        assert_eq!(parse_timestamp("1614265330"), Some(1_614_265_330));
        assert_eq!(parse_timestamp("0"), Some(0));
        for text in [
            "",
            " 123",
            "123 ",
            "123.0",
            "+1",
            "-1",
            "1e9",
            "１２３",
            "9999999999999999999",
        ] {
            assert_eq!(parse_timestamp(text), None, "{text:?}");
        }
    }

    #[test]
    fn stripe_header_parts() {
        let mac = to_hex(&[7u8; 32]);
        let header = format!("t=1492774577,v1={mac},v0=6ffbb59b,v1={mac}");
        let parsed = parse_header(Scheme::Stripe, &header).expect("valid");
        assert_eq!(parsed.timestamp, Some("1492774577"));
        assert_eq!(parsed.macs, vec![[7u8; 32], [7u8; 32]]);
        assert_eq!(
            parse_header(Scheme::Stripe, &format!("v1={mac}")),
            Err(MalformedReason::MissingTimestamp)
        );
        assert_eq!(
            parse_header(Scheme::Stripe, "t=1,t=2,v1=00"),
            Err(MalformedReason::RepeatedTimestamp)
        );
        assert_eq!(
            parse_header(Scheme::Stripe, "t=1,v0=abc"),
            Err(MalformedReason::NoKnownVersion)
        );
        assert_eq!(
            parse_header(Scheme::Stripe, "garbage"),
            Err(MalformedReason::NotKeyValue)
        );
    }

    #[test]
    fn standard_webhooks_skips_unknown_versions() {
        let mac = BASE64.encode([9u8; 32]);
        let header = format!("v1a,abc v2,{mac}  v1,{mac}");
        let parsed = parse_header(Scheme::StandardWebhooks, &header).expect("valid");
        assert_eq!(parsed.macs, vec![[9u8; 32]]);
        assert_eq!(
            parse_header(Scheme::StandardWebhooks, &format!("v2,{mac}")),
            Err(MalformedReason::NoKnownVersion)
        );
    }

    #[test]
    fn one_bad_item_among_good_ones_is_skipped() {
        let mac = BASE64.encode([1u8; 32]);
        let header = format!("v1,not*base64 v1,{mac}");
        let parsed = parse_header(Scheme::StandardWebhooks, &header).expect("valid");
        assert_eq!(parsed.macs.len(), 1);
        assert_eq!(
            parse_header(Scheme::StandardWebhooks, "v1,not*base64"),
            Err(MalformedReason::NotBase64)
        );
    }

    #[test]
    fn header_limits() {
        let mac = BASE64.encode([1u8; 32]);
        let many = vec![format!("v1,{mac}"); MAX_SIGNATURES + 1].join(" ");
        assert_eq!(
            parse_header(Scheme::StandardWebhooks, &many),
            Err(MalformedReason::TooManySignatures {
                count: MAX_SIGNATURES + 1
            })
        );
        let long = "A".repeat(MAX_HEADER_LENGTH + 1);
        assert!(matches!(
            parse_header(Scheme::CustomBooks, &long),
            Err(MalformedReason::TooLong { .. })
        ));
    }

    #[test]
    fn github_needs_its_prefix() {
        assert_eq!(
            parse_header(Scheme::GitHub, &to_hex(&[0u8; 32])),
            Err(MalformedReason::MissingPrefix { prefix: "sha256=" })
        );
    }

    #[test]
    fn secrets_by_scheme() {
        assert_eq!(
            Scheme::StandardWebhooks.key_from_text("whsec_AAEC"),
            Ok(vec![0, 1, 2])
        );
        assert_eq!(
            Scheme::StandardWebhooks.key_from_text("AAEC"),
            Err(KeyProblem::WrongPrefix { prefix: "whsec_" })
        );
        assert_eq!(
            Scheme::StandardWebhooks.key_from_text("whsec_***"),
            Err(KeyProblem::NotBase64)
        );
        assert_eq!(
            Scheme::Stripe.key_from_text("whsec_abc"),
            Ok(b"whsec_abc".to_vec())
        );
        assert_eq!(
            Scheme::Stripe.key_from_text("sk_live_abc"),
            Err(KeyProblem::WrongPrefix { prefix: "whsec_" })
        );
        assert_eq!(Scheme::GitHub.key_from_text("abc"), Ok(b"abc".to_vec()));
    }
}
