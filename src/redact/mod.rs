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
mod operators;
mod scan;
mod settings;
mod text;

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use detectors::CompiledDetector;
pub use json::{JsonFinding, redacted_pointer};
use settings::{Compiled, DenyRule};
pub use settings::{DEFAULT_KEY, LOCALES, Operator, Settings, Term};
pub use text::code_point_offsets;

/// Entities that [`Redactor::new`] detects in text: the whole catalogue, in catalogue order.
pub const DEFAULT_ENTITIES: &[&str] = &[
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "US_SSN",
    "IBAN_CODE",
    "ABA_ROUTING_NUMBER",
    "US_EIN",
    "US_ITIN",
    "CA_SIN",
    "AU_TFN",
    "AU_ABN",
    "UK_NINO",
    "IN_PAN",
    "IN_AADHAAR",
    "IN_GSTIN",
    "UK_NHS",
    "AU_ACN",
    "DE_TAX_ID",
    "JWT",
    "OAUTH_TOKEN",
    "HTTP_CREDENTIAL",
    "PRIVATE_KEY",
    "CLOUD_ACCESS_KEY",
    "PERSON",
    "IP_ADDRESS",
    "MAC_ADDRESS",
    "DATE_OF_BIRTH",
    "URL",
    "STREET_ADDRESS",
    "ES_NIF",
    "ES_NIE",
    "IT_FISCAL_CODE",
    "UK_UTR",
    "CA_BN",
    "AU_MEDICARE",
    "US_PASSPORT",
    "US_BANK_NUMBER",
    "UK_SORT_CODE",
    "AU_BSB",
    "CRYPTO",
    "EU_VAT",
];

/// One entity found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Entity name from the catalogue, such as `"EMAIL_ADDRESS"`, or of a deny list.
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
    /// A setting of [`Settings`] that is invalid. The message never quotes an allow or deny
    /// term or the hash key.
    #[error("invalid {setting}: {message}")]
    InvalidSetting {
        setting: &'static str,
        message: String,
    },
}

fn supported_entities() -> String {
    detectors::catalogue_entities()
        .collect::<Vec<_>>()
        .join(", ")
}

/// Detector of a selection of PII entities in text and JSON, with the operators that replace
/// what it finds.
///
/// Patterns are compiled once per process and shared, and settings are shared between clones,
/// so cloning a `Redactor` is cheap, and one `Redactor` can serve many threads.
#[derive(Clone)]
pub struct Redactor {
    detectors: Vec<&'static CompiledDetector>,
    selection: text::Selection,
    /// Indices into `settings.deny` of the deny rules whose entity is selected.
    deny: Vec<usize>,
    settings: Arc<Compiled>,
}

impl Redactor {
    /// Creates a redactor for all [`DEFAULT_ENTITIES`] with the default settings: every finding
    /// is replaced by its `[ENTITY]` label.
    #[must_use]
    pub fn new() -> Self {
        let detectors: Vec<&'static CompiledDetector> = DEFAULT_ENTITIES
            .iter()
            .filter_map(|name| detectors::find_compiled(name))
            .collect();
        Self {
            selection: text::Selection::new(&detectors),
            detectors,
            deny: Vec::new(),
            settings: Arc::new(Compiled::default()),
        }
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
        Self::new().select(names)
    }

    /// Creates a redactor from `settings`.
    ///
    /// Without `settings.entities`, the selection is every catalogue entity that is not specific
    /// to a country outside `settings.locales`, plus the entities of the deny list.
    ///
    /// # Errors
    ///
    /// Returns [`RedactError::UnknownEntity`] for an unknown entity name and
    /// [`RedactError::InvalidSetting`] for any other invalid setting.
    pub fn from_settings(settings: &Settings) -> Result<Self, RedactError> {
        let compiled = settings::compile(settings)?;
        let locales = settings
            .locales
            .as_deref()
            .map(settings::normalise_locales)
            .transpose()?;
        let base = Self {
            detectors: Vec::new(),
            selection: text::Selection::new(&[]),
            deny: Vec::new(),
            settings: Arc::new(compiled),
        };
        if let Some(names) = &settings.entities {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            return base.select(&names);
        }
        let mut names: Vec<&str> = detectors::CATALOGUE
            .iter()
            .filter(|detector| {
                detector.countries.is_empty()
                    || locales.as_ref().is_none_or(|locales| {
                        detector
                            .countries
                            .iter()
                            .any(|country| locales.contains(country))
                    })
            })
            .map(|detector| detector.entity)
            .collect();
        for rule in &base.settings.deny {
            names.push(rule.entity);
        }
        base.select(&names)
    }

    /// Returns a redactor with the same settings that detects only the named entities, in the
    /// given order without duplicates. Names may be catalogue entities or deny-list entities.
    ///
    /// # Errors
    ///
    /// Returns [`RedactError::UnknownEntity`] for any other name.
    pub fn select(&self, names: &[&str]) -> Result<Self, RedactError> {
        let mut detectors: Vec<&'static CompiledDetector> = Vec::with_capacity(names.len());
        let mut deny = Vec::new();
        for name in names {
            let deny_rules: Vec<usize> = self
                .settings
                .deny
                .iter()
                .enumerate()
                .filter(|(_, rule)| rule.entity == *name)
                .map(|(index, _)| index)
                .collect();
            let compiled = detectors::find_compiled(name);
            if compiled.is_none() && deny_rules.is_empty() {
                return Err(RedactError::UnknownEntity {
                    name: (*name).to_owned(),
                });
            }
            if let Some(compiled) = compiled {
                if !detectors
                    .iter()
                    .any(|selected| std::ptr::eq(*selected, compiled))
                {
                    detectors.push(compiled);
                }
            }
            for index in deny_rules {
                if !deny.contains(&index) {
                    deny.push(index);
                }
            }
        }
        Ok(Self {
            selection: text::Selection::new(&detectors),
            detectors,
            deny,
            settings: Arc::clone(&self.settings),
        })
    }

    /// Returns the names of the selected entities: detectors first, then deny-list entities.
    #[must_use]
    pub fn entities(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self
            .detectors
            .iter()
            .map(|compiled| compiled.detector.entity)
            .collect();
        for rule in self.deny_rules() {
            if !names.contains(&rule.entity) {
                names.push(rule.entity);
            }
        }
        names
    }

    /// Returns whether an operator of this redactor is [`Operator::Custom`], which only
    /// [`Redactor::redact_with`] and [`Redactor::redact_json_with`] can apply.
    #[must_use]
    pub fn has_custom_operator(&self) -> bool {
        self.settings.has_custom_operator()
    }

    pub(crate) fn deny_rules(&self) -> impl Iterator<Item = &DenyRule> {
        self.deny
            .iter()
            .filter_map(|index| self.settings.deny.get(*index))
    }

    pub(crate) fn settings(&self) -> &Compiled {
        &self.settings
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.detectors.is_empty() && self.deny.is_empty()
    }

    /// Finds the selected entities in `text`.
    ///
    /// Returns findings sorted by start and without overlaps. Findings under their entity's
    /// threshold and values on the allow list are dropped first. Where the remaining matches
    /// overlap, the longest span wins, then the highest score.
    #[must_use]
    pub fn analyze(&self, text: &str) -> Vec<Finding> {
        text::analyze(self, text)
    }

    /// Analyses each text, on several threads when the texts are large enough for that to pay.
    #[must_use]
    pub fn analyze_many(&self, texts: &[&str]) -> Vec<Vec<Finding>> {
        text::parallel_map(texts, |text| self.analyze(text))
    }

    /// Replaces every finding in `text` with the output of its entity's operator.
    ///
    /// [`Operator::Custom`] is applied as the default `[ENTITY]` label here; use
    /// [`Redactor::redact_with`] to supply the replacement. Returns the text borrowed, without
    /// copying, when nothing is replaced.
    #[must_use]
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let findings = self.analyze(text);
        self.replace(text, &findings)
    }

    /// Replaces `findings`, as [`Redactor::analyze`] returned them for `text`, with their
    /// operators' output.
    #[must_use]
    pub fn replace<'t>(&self, text: &'t str, findings: &[Finding]) -> Cow<'t, str> {
        let never =
            |_: &Finding, _: &str| -> Result<Option<String>, std::convert::Infallible> { Ok(None) };
        match text::replace(self.settings(), text, findings, &mut { never }) {
            Ok(redacted) => redacted,
            Err(infallible) => match infallible {},
        }
    }

    /// Redacts like [`Redactor::redact`], but calls `custom` with each finding of an entity
    /// whose operator is [`Operator::Custom`] and the matched text, and uses its output.
    ///
    /// # Errors
    ///
    /// Returns the first error that `custom` returns.
    pub fn redact_with<'t, E>(
        &self,
        text: &'t str,
        findings: &[Finding],
        custom: &mut dyn FnMut(&Finding, &str) -> Result<String, E>,
    ) -> Result<Cow<'t, str>, E> {
        let mut wrapped = |finding: &Finding, value: &str| custom(finding, value).map(Some);
        text::replace(self.settings(), text, findings, &mut wrapped)
    }

    /// Redacts each text, on several threads when the texts are large enough for that to pay.
    #[must_use]
    pub fn redact_many(&self, texts: &[&str]) -> Vec<String> {
        text::parallel_map(texts, |text| self.redact(text).into_owned())
    }

    /// Redacts a JSON value in place.
    ///
    /// Object keys never change. A member whose key path matches a field rule, such as
    /// `DisplayName`, `PrimaryEmailAddr.Address` or `BillAddr.*`, has each leaf replaced by the
    /// operator of the rule's entity, so with the default operator it becomes `"[PERSON]"`.
    /// Strings, numbers and booleans become strings (or stay, under [`Operator::Keep`]), and
    /// objects and arrays keep their shape. `null` and empty strings stay as they are because
    /// they contain no data. The values of `realmId` and `companyId`, which are platform ids,
    /// stay as they are too.
    ///
    /// Every other string is redacted like text, and other numbers and booleans stay unchanged.
    pub fn redact_json(&self, value: &mut serde_json::Value) {
        let mut never =
            |_: &Finding, _: &str| -> Result<Option<String>, std::convert::Infallible> { Ok(None) };
        if let Err(infallible) = json::walk(self, value, &mut never, None) {
            match infallible {}
        }
    }

    /// Redacts a JSON value like [`Redactor::redact_json`], calling `custom` for findings whose
    /// operator is [`Operator::Custom`], as [`Redactor::redact_with`] does.
    ///
    /// # Errors
    ///
    /// Returns the first error that `custom` returns; `value` may then be partly redacted.
    pub fn redact_json_with<E>(
        &self,
        value: &mut serde_json::Value,
        custom: &mut dyn FnMut(&Finding, &str) -> Result<String, E>,
    ) -> Result<(), E> {
        let mut wrapped = |finding: &Finding, value: &str| custom(finding, value).map(Some);
        json::walk(self, value, &mut wrapped, None)
    }

    /// Returns the findings in a JSON value, each with the JSON pointer (RFC 6901) of the string,
    /// number or boolean it was found in, without changing the value.
    #[must_use]
    pub fn analyze_json(&self, value: &serde_json::Value) -> Vec<JsonFinding> {
        let mut copy = value.clone();
        let mut findings = Vec::new();
        let mut keep =
            |_: &Finding, _: &str| -> Result<Option<String>, std::convert::Infallible> { Ok(None) };
        if let Err(infallible) = json::walk(self, &mut copy, &mut keep, Some(&mut findings)) {
            match infallible {}
        }
        findings
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

/// Parses JSON bytes into a value, with an error that gives the position but never quotes the
/// input.
///
/// # Errors
///
/// Returns [`RedactError::InvalidJson`] when `json` is not valid UTF-8 JSON.
pub fn parse_json(json: &[u8]) -> Result<serde_json::Value, RedactError> {
    json::parse(json)
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
    use super::{DEFAULT_ENTITIES, Operator, RedactError, Redactor, Settings, Term};

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
        let text = format!(
            "{:?}",
            Redactor::with_entities(&["EMAIL_ADDRESS", "US_SSN"]).expect("known")
        );
        assert_eq!(
            text,
            "Redactor { entities: [\"EMAIL_ADDRESS\", \"US_SSN\"] }"
        );
    }

    fn with_settings(settings: Settings) -> Redactor {
        Redactor::from_settings(&settings).expect("settings are valid")
    }

    fn exact(text: &str) -> Term {
        Term::Exact(text.to_owned())
    }

    #[test]
    fn settings_operators_per_entity_and_default() {
        let redactor = with_settings(Settings {
            operators: vec![
                (
                    "CREDIT_CARD".to_owned(),
                    Operator::Mask {
                        keep_last: 4,
                        mask_char: '*',
                    },
                ),
                ("US_SSN".to_owned(), Operator::Remove),
                ("EMAIL_ADDRESS".to_owned(), Operator::Keep),
                (
                    "DEFAULT".to_owned(),
                    Operator::Replace {
                        label: Some("<pii>".to_owned()),
                    },
                ),
            ],
            ..Settings::default()
        });
        assert_eq!(
            redactor
                .redact("card 4111 1111 1111 1111, SSN 123-45-6789, a@example.com, 415-555-0134"),
            "card ***************1111, SSN , a@example.com, <pii>"
        );
    }

    #[test]
    fn settings_allow_list_drops_findings() {
        let redactor = with_settings(Settings {
            allow: vec![
                exact("support@custombooks.example"),
                Term::Regex {
                    pattern: r".*@example\.org".to_owned(),
                    case_insensitive: true,
                },
            ],
            ..Settings::default()
        });
        assert_eq!(
            redactor.redact("support@custombooks.example, ops@EXAMPLE.org, a@example.com"),
            "support@custombooks.example, ops@EXAMPLE.org, [EMAIL_ADDRESS]"
        );
    }

    #[test]
    fn settings_deny_list_adds_findings() {
        let redactor = with_settings(Settings {
            deny: vec![
                ("EMPLOYEE_ID".to_owned(), exact("EMP-0042")),
                (
                    "EMPLOYEE_ID".to_owned(),
                    Term::Regex {
                        pattern: r"EMP-9[0-9]{3}".to_owned(),
                        case_insensitive: false,
                    },
                ),
                ("PERSON".to_owned(), exact("Ann")),
            ],
            ..Settings::default()
        });
        assert!(redactor.entities().contains(&"EMPLOYEE_ID"));
        assert_eq!(
            redactor.redact("EMP-0042 and EMP-9123 met Ann about the Annual report"),
            "[EMPLOYEE_ID] and [EMPLOYEE_ID] met [PERSON] about the Annual report"
        );
        let finding = &redactor.analyze("EMP-0042")[0];
        assert_eq!((finding.rule, finding.score), ("deny.exact", 1.0));
        let only_people = redactor
            .select(&["PERSON"])
            .expect("deny entity is selectable");
        assert_eq!(only_people.redact("EMP-0042 Ann"), "EMP-0042 [PERSON]");
    }

    #[test]
    fn settings_thresholds_per_entity() {
        // The dashed SSN pattern scores 0.6 without a context word and 0.8 with one.
        let redactor = with_settings(Settings {
            thresholds: vec![("US_SSN".to_owned(), 0.7)],
            ..Settings::default()
        });
        assert_eq!(redactor.redact("id 363-41-0219"), "id 363-41-0219");
        assert_eq!(redactor.redact("SSN 363-41-0219"), "SSN [US_SSN]");
        let strict = with_settings(Settings {
            thresholds: vec![("DEFAULT".to_owned(), 1.0)],
            ..Settings::default()
        });
        assert!(strict.analyze("a@example.com 363-41-0219").is_empty());
    }

    #[test]
    fn settings_locales_filter_default_entities() {
        let british = with_settings(Settings {
            locales: Some(vec!["GB".to_owned()]),
            ..Settings::default()
        });
        assert!(!british.entities().contains(&"US_SSN"));
        assert!(british.entities().contains(&"EMAIL_ADDRESS"));
        let american = with_settings(Settings {
            locales: Some(vec!["us".to_owned()]),
            ..Settings::default()
        });
        assert!(american.entities().contains(&"US_SSN"));
    }

    #[test]
    fn settings_explicit_entities_override_locales() {
        let redactor = with_settings(Settings {
            entities: Some(vec!["US_SSN".to_owned()]),
            locales: Some(vec!["GB".to_owned()]),
            ..Settings::default()
        });
        assert_eq!(redactor.entities(), ["US_SSN"]);
    }

    #[test]
    fn settings_unknown_entity_rejected() {
        let error = Redactor::from_settings(&Settings {
            entities: Some(vec!["PASSPORT".to_owned()]),
            ..Settings::default()
        })
        .expect_err("unknown entity");
        assert!(matches!(error, RedactError::UnknownEntity { .. }));
    }

    #[test]
    fn redact_with_calls_custom_operator() {
        let redactor = with_settings(Settings {
            operators: vec![("EMAIL_ADDRESS".to_owned(), Operator::Custom)],
            ..Settings::default()
        });
        assert!(redactor.has_custom_operator());
        let text = "mail a@example.com, SSN 123-45-6789";
        let findings = redactor.analyze(text);
        let mut seen = Vec::new();
        let redacted = redactor
            .redact_with(text, &findings, &mut |finding, value| {
                seen.push((finding.entity, value.to_owned()));
                Ok::<_, ()>(value.to_uppercase())
            })
            .expect("callback succeeds");
        assert_eq!(redacted, "mail A@EXAMPLE.COM, SSN [US_SSN]");
        assert_eq!(seen, [("EMAIL_ADDRESS", "a@example.com".to_owned())]);
        let failed = redactor.redact_with(text, &findings, &mut |_, _| Err("stop"));
        assert_eq!(failed, Err("stop"));
    }

    #[test]
    fn redact_many_keeps_order_across_threads() {
        let redactor = Redactor::new();
        let long = "x ".repeat(200_000);
        let texts: Vec<String> = (0..8)
            .map(|index| format!("{long} mail user{index}@example.com"))
            .collect();
        let borrowed: Vec<&str> = texts.iter().map(String::as_str).collect();
        let redacted = redactor.redact_many(&borrowed);
        assert_eq!(redacted.len(), 8);
        for (input, output) in borrowed.iter().zip(&redacted) {
            assert_eq!(*output, redactor.redact(input));
            assert!(output.ends_with("mail [EMAIL_ADDRESS]"));
        }
        assert!(redactor.redact_many(&[]).is_empty());
        assert_eq!(redactor.analyze_many(&["a@example.com"])[0].len(), 1);
    }

    #[test]
    fn analyze_json_reports_pointers_in_document_order() {
        let value = serde_json::json!({
            "Customer": {"DisplayName": "Maria Lopez", "Notes": "née Núñez, a@example.com"},
            "Line": [{"Description": "call 415-555-0134"}],
            "a/b~c": "b@example.org",
            "AcctNum": 123_456_789
        });
        let original = value.clone();
        let findings = Redactor::new().analyze_json(&value);
        assert_eq!(value, original);
        let summary: Vec<_> = findings
            .iter()
            .map(|finding| {
                (
                    finding.pointer.as_str(),
                    finding.entity,
                    finding.start,
                    finding.end,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("/Customer/DisplayName", "PERSON", 0, 11),
                ("/Customer/Notes", "EMAIL_ADDRESS", 11, 24),
                ("/Line/0/Description", "PHONE_NUMBER", 5, 17),
                ("/a~1b~0c", "EMAIL_ADDRESS", 0, 13),
                ("/AcctNum", "US_BANK_NUMBER", 0, 9),
            ]
        );
        assert_eq!(findings[0].rule, "json.field");
    }

    #[test]
    fn redact_json_applies_operators_to_field_rules() {
        let redactor = with_settings(Settings {
            operators: vec![
                (
                    "US_BANK_NUMBER".to_owned(),
                    Operator::Mask {
                        keep_last: 4,
                        mask_char: '*',
                    },
                ),
                ("PERSON".to_owned(), Operator::Keep),
            ],
            ..Settings::default()
        });
        let mut value = serde_json::json!({"AcctNum": 123_456_789, "DisplayName": "Maria",
                                           "Notes": "a@example.com"});
        redactor.redact_json(&mut value);
        assert_eq!(
            value,
            serde_json::json!({"AcctNum": "*****6789", "DisplayName": "Maria",
                               "Notes": "[EMAIL_ADDRESS]"})
        );
    }

    #[test]
    fn code_point_offsets_count_characters() {
        let text = "電話 a@example.com";
        let findings = Redactor::new().analyze(text);
        assert_eq!(super::code_point_offsets(text, &findings), [(3, 16)]);
    }
}
