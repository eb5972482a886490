//! Redaction of end users' personal data (PII) from text and JSON.
//!
//! A [`Redactor`] contains a selection of entities from the catalogue (e-mail addresses, phone
//! numbers, payment cards, US Social Security numbers). [`Redactor::analyze`] returns the
//! findings in a text with byte offsets, [`Redactor::redact`] replaces them with labels such as
//! `[EMAIL_ADDRESS]`, and [`Redactor::redact_json`] combines field rules for the entity
//! fields that hold PII (`DisplayName`, `BillAddr.*`, ...) with a scan of every other string.
//!
//! Detection uses the `regex` crate, so matching time is linear in the length of the input.

mod checksum;
mod detectors;
mod json;
mod text;

use std::borrow::Cow;
use std::fmt;

use detectors::CompiledDetector;

/// Entities that [`Redactor::new`] detects in text.
pub const DEFAULT_ENTITIES: &[&str] = &["EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "US_SSN"];

/// One entity found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Entity name from the catalogue, such as `"EMAIL_ADDRESS"`.
    pub entity: &'static str,
    /// Byte offset of the first byte, always on a character boundary.
    pub start: usize,
    /// Byte offset one past the last byte, always on a character boundary.
    pub end: usize,
    /// Confidence in `0.0..=1.0`. Check-digit validation and context words raise it.
    pub score: f32,
    /// Short id of the pattern that matched, such as `"phone.international"` or `"credit_card.luhn"`.
    pub rule: &'static str,
}

/// Errors of the redaction core.
#[derive(Debug, thiserror::Error)]
pub enum RedactError {
    /// An entity name that the catalogue does not contain.
    #[error("unknown entity {name:?}, expected one of: {}", supported_entities())]
    UnknownEntity { name: String },
    /// Input that is not valid JSON. The position comes from `serde_json` (line and column
    /// counted from 1), and the reason describes the kind of error without quoting the input.
    #[error("invalid JSON at line {line}, column {column}: {reason}")]
    InvalidJson {
        line: usize,
        column: usize,
        reason: String,
    },
}

fn supported_entities() -> String {
    detectors::catalogue_entities()
        .collect::<Vec<_>>()
        .join(", ")
}

/// Detector of a selection of PII entities in text and JSON.
///
/// Patterns are compiled once per process and shared, so creating and cloning a `Redactor` is
/// cheap, and one `Redactor` can serve many threads.
#[derive(Clone)]
pub struct Redactor {
    detectors: Vec<&'static CompiledDetector>,
}

impl Redactor {
    /// Creates a redactor for all [`DEFAULT_ENTITIES`].
    #[must_use]
    pub fn new() -> Self {
        let detectors = DEFAULT_ENTITIES
            .iter()
            .filter_map(|name| detectors::find_compiled(name))
            .collect();
        Self { detectors }
    }

    /// Creates a redactor for the named entities, in the given order without duplicates.
    ///
    /// The selection limits which entities are found in text. JSON field rules apply whatever
    /// the selection, except that an empty selection redacts nothing at all.
    ///
    /// # Errors
    ///
    /// Returns [`RedactError::UnknownEntity`] for a name that the catalogue does not contain.
    /// Names are case-sensitive, as in `"PHONE_NUMBER"`.
    pub fn with_entities(names: &[&str]) -> Result<Self, RedactError> {
        let mut detectors: Vec<&'static CompiledDetector> = Vec::with_capacity(names.len());
        for name in names {
            let compiled =
                detectors::find_compiled(name).ok_or_else(|| RedactError::UnknownEntity {
                    name: (*name).to_owned(),
                })?;
            if !detectors
                .iter()
                .any(|selected| std::ptr::eq(*selected, compiled))
            {
                detectors.push(compiled);
            }
        }
        Ok(Self { detectors })
    }

    /// Returns the names of the selected entities.
    #[must_use]
    pub fn entities(&self) -> Vec<&'static str> {
        self.detectors
            .iter()
            .map(|compiled| compiled.detector.entity)
            .collect()
    }

    /// Finds the selected entities in `text`.
    ///
    /// Returns findings sorted by start and without overlaps. Where matches overlap, the longest
    /// span wins, then the highest score.
    #[must_use]
    pub fn analyze(&self, text: &str) -> Vec<Finding> {
        text::analyze(&self.detectors, text)
    }

    /// Replaces every finding in `text` with its entity label, such as `[EMAIL_ADDRESS]`.
    ///
    /// Returns the text borrowed, without copying, when nothing is found.
    #[must_use]
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let findings = self.analyze(text);
        text::replace(text, &findings)
    }

    /// Redacts a JSON value in place.
    ///
    /// Object keys never change. A member whose key path matches a field rule, such as
    /// `DisplayName`, `PrimaryEmailAddr.Address` or `BillAddr.*`, gets the rule's label, such as
    /// `"[PERSON]"`, in place of its value. Strings, numbers and booleans become the label, and
    /// objects and arrays keep their shape with each leaf replaced. `null` and empty strings stay
    /// as they are because they contain no data. The values of `realmId` and `companyId`, which
    /// are platform ids, stay as they are too.
    ///
    /// Every other string is redacted like text, and other numbers and booleans stay unchanged.
    pub fn redact_json(&self, value: &mut serde_json::Value) {
        if self.detectors.is_empty() {
            return;
        }
        json::redact_value(self, value);
    }

    /// Parses JSON bytes, redacts them as [`Redactor::redact_json`] does, and serialises the
    /// result compactly, keeping the order of object members.
    ///
    /// # Errors
    ///
    /// Returns [`RedactError::InvalidJson`] when `json` is not valid UTF-8 JSON. The error contains
    /// the line and column of the problem, never the input itself.
    pub fn redact_json_bytes(&self, json: &[u8]) -> Result<Vec<u8>, RedactError> {
        json::redact_bytes(self, json)
    }
}

impl Default for Redactor {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Redactor {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Redactor")
            .field("entities", &self.entities())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::{DEFAULT_ENTITIES, RedactError, Redactor};

    #[test]
    fn redactor_is_send_sync_and_cheap_to_clone() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<Redactor>();
    }

    #[test]
    fn new_selects_default_entities() {
        assert_eq!(Redactor::new().entities(), DEFAULT_ENTITIES);
        assert_eq!(Redactor::default().entities(), DEFAULT_ENTITIES);
    }

    #[test]
    fn with_entities_keeps_order_and_drops_duplicates() {
        let redactor = Redactor::with_entities(&["US_SSN", "EMAIL_ADDRESS", "US_SSN"])
            .expect("entities are known");
        assert_eq!(redactor.entities(), ["US_SSN", "EMAIL_ADDRESS"]);
    }

    #[test]
    fn with_entities_limits_text_detection() {
        let redactor = Redactor::with_entities(&["EMAIL_ADDRESS"]).expect("entity is known");
        assert_eq!(
            redactor.redact("a@example.com, SSN 123-45-6789"),
            "[EMAIL_ADDRESS], SSN 123-45-6789"
        );
    }

    #[test]
    fn with_entities_rejects_unknown_name() {
        let error = Redactor::with_entities(&["EMAIL_ADDRESS", "PASSPORT"])
            .expect_err("PASSPORT is not in the catalogue");
        assert!(matches!(&error, RedactError::UnknownEntity { name } if name == "PASSPORT"));
        let message = error.to_string();
        assert!(message.contains("\"PASSPORT\""), "{message}");
        for entity in DEFAULT_ENTITIES {
            assert!(message.contains(entity), "{message}");
        }
    }

    #[test]
    fn with_entities_names_are_case_sensitive() {
        assert!(Redactor::with_entities(&["email_address"]).is_err());
    }

    #[test]
    fn empty_selection_redacts_nothing() {
        let redactor = Redactor::with_entities(&[]).expect("empty selection is valid");
        assert!(redactor.entities().is_empty());
        assert!(redactor.analyze("a@example.com 123-45-6789").is_empty());
        let mut value = serde_json::json!({"DisplayName": "Maria Lopez", "Notes": "a@example.com"});
        let original = value.clone();
        redactor.redact_json(&mut value);
        assert_eq!(value, original);
    }

    #[test]
    fn debug_shows_entities_only() {
        let text = format!("{:?}", Redactor::new());
        assert_eq!(
            text,
            "Redactor { entities: [\"EMAIL_ADDRESS\", \"PHONE_NUMBER\", \"CREDIT_CARD\", \"US_SSN\"] }"
        );
    }
}
