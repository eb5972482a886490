//! Version-aware parsing of CustomBooks webhook payloads into normalised events.
//!
//! The version is read from `webhookVersion`, checked against a [`VersionPolicy`], and the
//! decoder for that major version turns the payload into [`Event`]s. Fields a decoder does not
//! know are kept in `extra`, never dropped.

mod timestamp;
mod version;
mod webhook;

use serde_json::{Map, Value};

pub use timestamp::Timestamp;
pub use version::{Version, VersionPolicy};
pub use webhook::parse_webhook;

/// Bounds on what a parser accepts, so an oversized or hostile payload fails fast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest body in bytes. CustomBooks bodies stay under 1 MiB in practice.
    pub max_body_bytes: usize,
    /// Most events in one delivery. The contract allows up to 1,000.
    pub max_events: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: 1024 * 1024,
            max_events: 1000,
        }
    }
}

/// Why a payload could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    #[error(
        "the body is not valid JSON: {reason} at line {line}, column {column}. If the sender's \
         JSON is valid, check that no middleware changes the raw request body"
    )]
    InvalidJson {
        line: usize,
        column: usize,
        reason: String,
    },
    #[error(
        "the body is {size} bytes, over the limit of {limit} bytes; raise the max_body_bytes \
         limit if such bodies are expected"
    )]
    TooLarge { size: usize, limit: usize },
    #[error(
        "the delivery has {count} events, over the limit of {limit}; raise the max_events \
         limit if such deliveries are expected"
    )]
    TooManyEvents { count: usize, limit: usize },
    #[error(
        "webhookVersion {found} is invalid: it must be a string of the form \"MAJOR.MINOR\", \
         such as \"2.1\""
    )]
    InvalidVersion { found: String },
    #[error(
        "the payload has no webhookVersion and the version policy does not infer one: allow \
         inference or ask the sender to include the version"
    )]
    MissingVersion,
    #[error(
        "webhookVersion \"{found}\" is not supported: this parser reads major versions {}; \
         upgrade custombooks-guard to read it",
        format_majors(supported)
    )]
    UnsupportedVersion { found: Version, supported: Vec<u32> },
    #[error("the payload is invalid: {path} {problem}")]
    InvalidPayload { path: String, problem: String },
}

fn format_majors(majors: &[u32]) -> String {
    let names: Vec<String> = majors.iter().map(|major| format!("{major}.x")).collect();
    names.join(", ")
}

/// One change in a CustomBooks company, in the same shape for every payload version.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Unique id for deduplication: the sender's id in 2.x, a derived one in 1.x.
    pub id: String,
    /// Event type such as `custombooks.customer.updated`; unknown types are kept as sent.
    pub kind: String,
    /// Entity name such as `Customer`.
    pub entity: String,
    pub entity_id: String,
    /// Operation such as `Create` or `Merge`; unknown operations are kept as sent.
    pub operation: String,
    pub company_id: String,
    pub occurred_at: Timestamp,
    /// Version of the payload that carried the event.
    pub version: Version,
    /// Sender's sequence number, from version 2.1 on.
    pub sequence: Option<u64>,
    /// Id of the entity merged away, on `Merge` events.
    pub deleted_id: Option<String>,
    pub changed_fields: Vec<String>,
    /// Event data: in 2.x the `data` object with the entity; in 1.x an empty object.
    pub data: Value,
    /// Members of the event that this version's decoder does not know.
    pub extra: Map<String, Value>,
}

/// A parsed webhook payload.
#[derive(Debug, Clone, PartialEq)]
pub struct WebhookDelivery {
    pub version: Version,
    /// True when the payload carried no version and it was inferred from the shape.
    pub version_inferred: bool,
    /// True when the minor version is newer than the newest this parser was written for.
    pub newer_minor: bool,
    pub events: Vec<Event>,
    /// Top-level members that this version's decoder does not know.
    pub extra: Map<String, Value>,
}

impl From<&serde_json::Error> for PayloadError {
    fn from(error: &serde_json::Error) -> Self {
        // Syntax and end-of-input messages are fixed texts such as "trailing comma" or "EOF
        // while parsing a string". Data errors can quote the input, so they get a generic text.
        let reason = match error.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                let text = error.to_string();
                let suffix = format!(" at line {} column {}", error.line(), error.column());
                text.strip_suffix(&suffix).unwrap_or(&text).to_owned()
            }
            serde_json::error::Category::Data => "unexpected data".to_owned(),
            serde_json::error::Category::Io => "read error".to_owned(),
        };
        Self::InvalidJson {
            line: error.line(),
            column: error.column(),
            reason,
        }
    }
}
