//! custombooks-guard: verify, parse and redact CustomBooks webhooks.
//!
//! - [`signature`]: HMAC-SHA256 signatures, verified in constant time with rotating keys.
//! - [`payload`]: version-aware parsing of webhook payloads into normalised events.
//! - [`redact`]: PII detection and redaction in text and JSON.
//! - [`secrets`]: secret values that are masked in output and wiped on drop.
//! - [`webhook`]: the three steps in one call, as a receiver runs them.
//!
//! The Python bindings live in `bindings` behind the `python` feature; nothing else names pyo3.

pub mod payload;
pub mod redact;
pub mod secrets;
pub mod signature;
pub mod webhook;

#[cfg(feature = "python")]
mod bindings;
