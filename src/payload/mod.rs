//! Version-aware parsing of CustomBooks webhook payloads and API responses.
//!
//! The version is read from `webhookVersion` or `apiVersion`, checked against a
//! [`VersionPolicy`], and the decoder for that major version turns the payload into [`Event`]s
//! or an [`ApiResponse`]. Fields a decoder does not know are kept in `extra`, never dropped.

#[cfg(test)]
mod differential;
mod fields;
mod json;
mod quickbooks;
mod response;
mod scan;
mod shallow;
mod timestamp;
mod version;
mod webhook;

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde_json::{Map, Value};

pub use json::{MAX_DEPTH_CEILING, check as check_json, parse as parse_json};
pub use quickbooks::parse_quickbooks_webhook;
pub use response::{ApiResponse, Fault, ResponseBody, parse_response};
pub use timestamp::Timestamp;
pub use version::{PayloadKind, PolicyError, Version, VersionPolicy};
pub use webhook::parse_webhook;

/// Bounds on what a parser accepts, so an oversized or hostile payload fails fast.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest body in bytes. CustomBooks bodies stay under 1 MiB in practice.
    pub max_body_bytes: usize,
    /// Maximum number of events in one delivery. The contract allows up to 1,000.
    pub max_events: usize,
    /// Most containers (objects and arrays) nested in each other, counting the outermost one.
    /// CustomBooks entities nest fewer than 10 levels; at most [`MAX_DEPTH_CEILING`].
    pub max_depth: usize,
    /// Maximum length of a string, object keys included, in UTF-8 bytes after unescaping.
    pub max_string_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_body_bytes: 1024 * 1024,
            max_events: 1000,
            max_depth: 64,
            max_string_bytes: 128 * 1024,
        }
    }
}

impl Limits {
    /// Checks that every limit is usable: above zero, and `max_depth` within what the JSON
    /// parser supports.
    pub fn check(&self) -> Result<(), LimitError> {
        let settings = [
            ("max_body_bytes", self.max_body_bytes),
            ("max_events", self.max_events),
            ("max_depth", self.max_depth),
            ("max_string_bytes", self.max_string_bytes),
        ];
        for (setting, value) in settings {
            if value == 0 {
                return Err(LimitError::Zero { setting });
            }
        }
        if self.max_depth > MAX_DEPTH_CEILING {
            return Err(LimitError::DepthAboveCeiling {
                value: self.max_depth,
            });
        }
        Ok(())
    }
}

/// Reason a set of limits cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LimitError {
    #[error("{setting} must be at least 1")]
    Zero { setting: &'static str },
    #[error(
        "max_depth is {value}, but the JSON parser reads at most {MAX_DEPTH_CEILING} nested \
         levels: pass a value from 1 to {MAX_DEPTH_CEILING}"
    )]
    DepthAboveCeiling { value: usize },
}

/// Reason a payload could not be parsed.
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
        "the JSON nests deeper than the limit of {limit} levels at line {line}, column \
         {column}; raise the max_depth limit if such payloads are expected"
    )]
    TooDeep {
        limit: usize,
        line: usize,
        column: usize,
    },
    #[error(
        "a JSON string is longer than the limit of {limit} bytes at line {line}, column \
         {column}; raise the max_string_bytes limit if such strings are expected"
    )]
    StringTooLong {
        limit: usize,
        line: usize,
        column: usize,
    },
    #[error(
        "{} {found} is invalid: it must be a string of the form \"MAJOR.MINOR\", such as \
         \"{}\"",
        kind.version_field(),
        kind.example_version()
    )]
    InvalidVersion { kind: PayloadKind, found: String },
    #[error(
        "the payload has no {} and the version policy does not infer one: allow inference or \
         ask the sender to include the version",
        kind.version_field()
    )]
    MissingVersion { kind: PayloadKind },
    #[error(
        "{} \"{found}\" is not supported: the version policy reads major versions {}. If the \
         policy leaves out a major this library decodes, add it to the VersionPolicy; otherwise \
         upgrade custombooks-guard to read it",
        kind.version_field(),
        format_majors(supported)
    )]
    UnsupportedVersion {
        kind: PayloadKind,
        found: Version,
        supported: Vec<u32>,
    },
    #[error(
        "{} \"{found}\" is newer than {newest}, the newest minor version the version policy \
         accepts: update the handlers for {found} and add it to the policy, or allow newer \
         minor versions",
        kind.version_field()
    )]
    NewerMinorRejected {
        kind: PayloadKind,
        found: Version,
        newest: Version,
    },
    #[error("the payload is invalid: {path} {problem}")]
    InvalidPayload { path: String, problem: String },
    #[error(transparent)]
    Fault(#[from] Fault),
}

pub(crate) fn format_majors(majors: &[u32]) -> String {
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
    pub data: EventData,
    /// Members of the event that this version's decoder does not know.
    pub extra: Members,
}

/// An event's data: a JSON tree, or the members of a JSON object as they arrived.
///
/// The parser keeps 2.x data as raw JSON so that an envelope costs little to parse; readers
/// convert it when they need it.
#[derive(Debug, Clone)]
pub enum EventData {
    Value(Value),
    Raw(RawObject),
}

/// The members of a JSON object, as spans of a body that the parser already read and checked
/// against the limits.
///
/// Every event of a delivery shares one copy of the body. Keys are unique: when the sender
/// repeated one, the last value is kept at the first one's position.
#[derive(Clone)]
pub struct RawObject {
    text: Arc<str>,
    /// Spans of each key (inside its quotes, free of escapes) and of its value.
    members: Vec<(Range<usize>, Range<usize>)>,
}

impl RawObject {
    /// `members` contains spans of `text`: keys without their quotes, values whole.
    pub(crate) fn new(text: Arc<str>, members: Vec<(Range<usize>, Range<usize>)>) -> Self {
        Self { text, members }
    }

    /// Returns each key with its value's JSON text, in order.
    pub fn members(&self) -> impl Iterator<Item = (&str, &str)> {
        self.members
            .iter()
            .map(|(key, value)| (&self.text[key.clone()], &self.text[value.clone()]))
    }
}

impl fmt::Debug for RawObject {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.debug_map().entries(self.members()).finish()
    }
}

impl EventData {
    /// Returns the data as a JSON tree.
    pub fn to_value(&self) -> Value {
        match self {
            Self::Value(value) => value.clone(),
            Self::Raw(raw) => Value::Object(
                raw.members()
                    .map(|(key, text)| (key.to_owned(), raw_to_value(text)))
                    .collect(),
            ),
        }
    }

    /// Returns the data as a JSON tree, without copying a tree it already holds.
    pub fn into_value(self) -> Value {
        match self {
            Self::Value(value) => value,
            raw @ Self::Raw(_) => raw.to_value(),
        }
    }
}

impl Default for EventData {
    fn default() -> Self {
        Self::Value(Value::Object(Map::new()))
    }
}

impl PartialEq for EventData {
    fn eq(&self, other: &Self) -> bool {
        self.to_value() == other.to_value()
    }
}

/// The members of a JSON object: a tree, or spans of the body as they arrived.
#[derive(Debug, Clone)]
pub enum Members {
    Tree(Map<String, Value>),
    Raw(RawObject),
}

impl Members {
    /// Returns the members as a map of trees.
    pub fn to_map(&self) -> Map<String, Value> {
        match self {
            Self::Tree(map) => map.clone(),
            Self::Raw(raw) => raw
                .members()
                .map(|(key, text)| (key.to_owned(), raw_to_value(text)))
                .collect(),
        }
    }

    /// Returns the members as a map of trees, without copying a map it already contains.
    pub fn into_map(self) -> Map<String, Value> {
        match self {
            Self::Tree(map) => map,
            raw @ Self::Raw(_) => raw.to_map(),
        }
    }
}

impl Default for Members {
    fn default() -> Self {
        Self::Tree(Map::new())
    }
}

impl PartialEq for Members {
    fn eq(&self, other: &Self) -> bool {
        self.to_map() == other.to_map()
    }
}

/// Returns the shared data folder: `CUSTOMBOOKS_SHARED`, or `../shared` next to the crate.
#[cfg(test)]
fn shared_folder() -> std::path::PathBuf {
    std::env::var_os("CUSTOMBOOKS_SHARED").map_or_else(
        || std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
        std::path::PathBuf::from,
    )
}

/// Converts JSON text that the parser already read and checked into a tree.
fn raw_to_value(text: &str) -> Value {
    // The same parser already read this text under limits below serde_json's own depth limit,
    // so reading it again cannot fail. Null is returned should that ever change.
    serde_json::from_str(text).unwrap_or(Value::Null)
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
