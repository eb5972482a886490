//! Redactor settings: operators, allow and deny lists, score thresholds, locales and the
//! pseudonym key, checked once when a [`Redactor`](super::Redactor) is built.

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, Mutex, PoisonError};

use regex::Regex;

use super::RedactError;
use super::detectors;
use super::json::FIELD_RULES;
use crate::secrets::SecretBytes;

/// Key of the operator and the threshold that apply to entities without their own entry,
/// as in Presidio's anonymizer.
pub const DEFAULT_KEY: &str = "DEFAULT";

/// Maximum length of an entity name in a deny list.
const MAX_ENTITY_NAME: usize = 64;

/// Minimum length of a hash key in bytes. A shorter key could be found by trying keys against
/// known pseudonyms.
const HASH_KEY_MIN_BYTES: usize = 16;

/// Number of hexadecimal digits of a pseudonym: 64 bits of the HMAC, enough to keep accidental
/// collisions rare among the values of one data set.
pub(crate) const PSEUDONYM_HEX_DIGITS: usize = 16;

/// Replacement for a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operator {
    /// Replace with `label`, or with `[ENTITY]` when `label` is `None`.
    Replace { label: Option<String> },
    /// Replace every character but the last `keep_last` with `mask_char`.
    Mask { keep_last: usize, mask_char: char },
    /// Replace with `ENTITY_` and the first hexadecimal digits of HMAC-SHA256 of the value
    /// under the redactor's hash key, so equal values get equal pseudonyms.
    Hash,
    /// Delete the value.
    Remove,
    /// Leave the value as it is and only report the finding.
    Keep,
    /// Let the caller compute the replacement, through
    /// [`Redactor::redact_with`](super::Redactor::redact_with).
    Custom,
}

/// One entry of an allow or deny list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// A literal string, compared exactly (case-sensitive).
    Exact(String),
    /// A regular expression in the syntax of the `regex` crate.
    Regex {
        pattern: String,
        case_insensitive: bool,
    },
}

/// Everything that configures a [`Redactor`](super::Redactor) besides its entities.
///
/// Maps are keyed by entity name; [`DEFAULT_KEY`] sets the value for every entity without an
/// entry of its own.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Entities to detect; `None` selects every catalogue entity of `locales`.
    pub entities: Option<Vec<String>>,
    /// Country codes (ISO 3166-1 alpha-2, `UK` for `GB`) whose country-specific entities the
    /// default selection contains; `None` for every country.
    pub locales: Option<Vec<String>>,
    pub operators: Vec<(String, Operator)>,
    /// Values never reported, whatever detector matches them.
    pub allow: Vec<Term>,
    /// Values always reported, as `(entity, term)`. The entity may be a name of the caller's own.
    pub deny: Vec<(String, Term)>,
    /// Minimum score of a finding, per entity.
    pub thresholds: Vec<(String, f32)>,
    pub hash_key: Option<SecretBytes>,
}

/// A compiled deny-list entry.
#[derive(Debug)]
pub(crate) struct DenyRule {
    pub entity: &'static str,
    pub rule: &'static str,
    pub regex: Regex,
}

/// Settings after validation, shared by every clone of a redactor.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub operators: HashMap<&'static str, Operator>,
    pub default_operator: Operator,
    pub allow_exact: HashSet<String>,
    pub allow_regexes: Vec<Regex>,
    pub deny: Vec<DenyRule>,
    pub thresholds: HashMap<&'static str, f32>,
    pub default_threshold: f32,
    pub hash_key: Option<SecretBytes>,
}

impl Default for Compiled {
    fn default() -> Self {
        Self {
            operators: HashMap::new(),
            default_operator: Operator::Replace { label: None },
            allow_exact: HashSet::new(),
            allow_regexes: Vec::new(),
            deny: Vec::new(),
            thresholds: HashMap::new(),
            default_threshold: 0.0,
            hash_key: None,
        }
    }
}

impl Compiled {
    pub fn operator(&self, entity: &str) -> &Operator {
        self.operators.get(entity).unwrap_or(&self.default_operator)
    }

    pub fn threshold(&self, entity: &str) -> f32 {
        self.thresholds
            .get(entity)
            .copied()
            .unwrap_or(self.default_threshold)
    }

    /// Checks whether `value` is on the allow list.
    pub fn is_allowed(&self, value: &str) -> bool {
        self.allow_exact.contains(value)
            || self.allow_regexes.iter().any(|regex| regex.is_match(value))
    }

    pub fn has_custom_operator(&self) -> bool {
        self.default_operator == Operator::Custom
            || self
                .operators
                .values()
                .any(|operator| *operator == Operator::Custom)
    }
}

fn invalid(setting: &'static str, message: String) -> RedactError {
    RedactError::InvalidSetting { setting, message }
}

/// Returns the `&'static` copy of an entity name of a deny list.
///
/// Findings carry `&'static str` entity names so that they stay cheap to copy. Catalogue names are
/// constants; a name of the caller's own is stored once per process in this set.
// NOTE: the set grows with each distinct name and is never freed, which is bounded by the
// names a program uses in its deny lists.
fn intern(name: &str) -> &'static str {
    static NAMES: LazyLock<Mutex<HashSet<&'static str>>> =
        LazyLock::new(|| Mutex::new(HashSet::new()));
    if let Some(known) = known_entity(name) {
        return known;
    }
    let mut names = NAMES.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(existing) = names.get(name) {
        return existing;
    }
    let leaked: &'static str = Box::leak(name.to_owned().into_boxed_str());
    names.insert(leaked);
    leaked
}

/// Returns the static name of a catalogue entity or of an entity that a JSON field rule reports.
pub(crate) fn known_entity(name: &str) -> Option<&'static str> {
    detectors::catalogue_entities()
        .chain(
            FIELD_RULES
                .iter()
                .filter_map(super::json::FieldRule::entity),
        )
        .find(|entity| *entity == name)
}

fn check_entity_name(setting: &'static str, name: &str) -> Result<(), RedactError> {
    let mut characters = name.chars();
    let well_formed = characters
        .next()
        .is_some_and(|first| first.is_ascii_uppercase())
        && characters.all(|character| {
            character.is_ascii_uppercase() || character.is_ascii_digit() || character == '_'
        })
        && name.len() <= MAX_ENTITY_NAME;
    if well_formed {
        Ok(())
    } else {
        Err(invalid(
            setting,
            format!(
                "entity name {name:?} is invalid: use upper-case ASCII letters, digits and \
                 underscores, starting with a letter, at most {MAX_ENTITY_NAME} characters"
            ),
        ))
    }
}

/// Resolves a key of the operator or threshold map: a known entity, a deny-list entity or
/// [`DEFAULT_KEY`].
fn resolve_key(
    setting: &'static str,
    key: &str,
    deny_entities: &[&'static str],
) -> Result<Option<&'static str>, RedactError> {
    if key == DEFAULT_KEY {
        return Ok(None);
    }
    if let Some(entity) =
        known_entity(key).or_else(|| deny_entities.iter().copied().find(|entity| *entity == key))
    {
        return Ok(Some(entity));
    }
    Err(invalid(
        setting,
        format!(
            "{key:?} is not an entity: use a catalogue name such as \"EMAIL_ADDRESS\", an entity \
             of the deny list, or \"{DEFAULT_KEY}\""
        ),
    ))
}

fn compile_term(
    setting: &'static str,
    index: usize,
    term: &Term,
    anchored: bool,
) -> Result<Regex, RedactError> {
    let (pattern, case_insensitive) = match term {
        Term::Exact(text) => (word_bounded(&regex::escape(text), text), false),
        Term::Regex {
            pattern,
            case_insensitive,
        } => (pattern.clone(), *case_insensitive),
    };
    if pattern.is_empty() {
        return Err(invalid(
            setting,
            format!(
                "entry number {} is empty, which would match everywhere",
                index + 1
            ),
        ));
    }
    let flags = if case_insensitive { "(?i)" } else { "" };
    let full = if anchored {
        format!("{flags}^(?:{pattern})$")
    } else {
        format!("{flags}(?:{pattern})")
    };
    let regex = Regex::new(&full).map_err(|_| {
        // The regex error quotes the pattern, which may itself be personal data, so only the
        // entry's position is reported.
        invalid(
            setting,
            format!(
                "entry number {} is not a valid regular expression for the Rust regex crate \
                 (look-around and backreferences are not supported)",
                index + 1
            ),
        )
    })?;
    if !anchored && regex.is_match("") {
        return Err(invalid(
            setting,
            format!(
                "entry number {} matches the empty string, which would match everywhere",
                index + 1
            ),
        ));
    }
    Ok(regex)
}

/// Wraps an escaped literal in word boundaries on the sides where it starts or ends with a word
/// character, so the deny term `Ann` does not match inside `Annual`.
fn word_bounded(escaped: &str, text: &str) -> String {
    let is_word = |character: char| character.is_alphanumeric() || character == '_';
    let before = if text.chars().next().is_some_and(is_word) {
        r"\b"
    } else {
        ""
    };
    let after = if text.chars().next_back().is_some_and(is_word) {
        r"\b"
    } else {
        ""
    };
    format!("{before}{escaped}{after}")
}

fn check_operator(entity: &str, operator: &Operator) -> Result<(), RedactError> {
    if let Operator::Replace { label: Some(label) } = operator {
        if label.len() > 256 {
            return Err(invalid(
                "operators",
                format!("the replacement label for {entity} is longer than 256 bytes"),
            ));
        }
    }
    Ok(())
}

/// Validates `settings` and compiles its lists.
pub(crate) fn compile(settings: &Settings) -> Result<Compiled, RedactError> {
    let mut compiled = Compiled::default();

    let mut deny_entities: Vec<&'static str> = Vec::new();
    for (index, (entity, term)) in settings.deny.iter().enumerate() {
        check_entity_name("deny", entity)?;
        let entity = intern(entity);
        if !deny_entities.contains(&entity) {
            deny_entities.push(entity);
        }
        let rule = match term {
            Term::Exact(_) => "deny.exact",
            Term::Regex { .. } => "deny.regex",
        };
        let regex = compile_term("deny", index, term, false)?;
        compiled.deny.push(DenyRule {
            entity,
            rule,
            regex,
        });
    }

    for (index, term) in settings.allow.iter().enumerate() {
        match term {
            Term::Exact(text) if text.is_empty() => {
                return Err(invalid(
                    "allow",
                    format!("entry number {} is empty", index + 1),
                ));
            }
            Term::Exact(text) => {
                compiled.allow_exact.insert(text.clone());
            }
            Term::Regex { .. } => {
                compiled
                    .allow_regexes
                    .push(compile_term("allow", index, term, true)?);
            }
        }
    }

    for (key, operator) in &settings.operators {
        check_operator(key, operator)?;
        match resolve_key("operators", key, &deny_entities)? {
            Some(entity) => {
                compiled.operators.insert(entity, operator.clone());
            }
            None => compiled.default_operator = operator.clone(),
        }
    }
    let needs_key = compiled.default_operator == Operator::Hash
        || compiled
            .operators
            .values()
            .any(|operator| *operator == Operator::Hash);
    match &settings.hash_key {
        Some(key) if key.len() < HASH_KEY_MIN_BYTES => {
            return Err(invalid(
                "hash_key",
                format!(
                    "the hash key has {} bytes, too few to keep pseudonyms from being guessed: \
                     pass at least {HASH_KEY_MIN_BYTES} random bytes, kept as secret as a \
                     signature key",
                    key.len()
                ),
            ));
        }
        Some(key) => compiled.hash_key = Some(key.clone()),
        None if needs_key => {
            return Err(invalid(
                "hash_key",
                "the \"hash\" operator needs a hash_key: pass at least 16 random bytes, kept as \
                 secret as a signature key, so pseudonyms cannot be reversed by guessing"
                    .to_owned(),
            ));
        }
        None => {}
    }

    for (key, threshold) in &settings.thresholds {
        if !(0.0..=1.0).contains(threshold) {
            return Err(invalid(
                "threshold",
                format!("the threshold for {key} is {threshold}, expected a number from 0 to 1"),
            ));
        }
        match resolve_key("threshold", key, &deny_entities)? {
            Some(entity) => {
                compiled.thresholds.insert(entity, *threshold);
            }
            None => compiled.default_threshold = *threshold,
        }
    }
    Ok(compiled)
}

/// Country codes that country-specific entities carry, and what `locales` accepts.
pub const LOCALES: &[&str] = &[
    "US", "CA", "GB", "AU", "IN", "DE", "FR", "ES", "IT", "NL", "BR", "JP",
];

/// Validates locale codes, returning them upper-case with `UK` read as `GB`.
pub(crate) fn normalise_locales(locales: &[String]) -> Result<Vec<&'static str>, RedactError> {
    locales
        .iter()
        .map(|locale| {
            let upper = locale.to_ascii_uppercase();
            let code = if upper == "UK" { "GB" } else { upper.as_str() };
            LOCALES
                .iter()
                .copied()
                .find(|known| *known == code)
                .ok_or_else(|| {
                    invalid(
                        "locales",
                        format!(
                            "locale {locale:?} is not supported: use country codes from {}",
                            LOCALES.join(", ")
                        ),
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{Operator, Settings, Term, compile, intern, normalise_locales};
    use crate::redact::RedactError;
    use crate::secrets::SecretBytes;

    fn setting_of(error: &RedactError) -> &'static str {
        match error {
            RedactError::InvalidSetting { setting, .. } => setting,
            other => panic!("expected InvalidSetting, got {other:?}"),
        }
    }

    #[test]
    fn settings_default_compile() {
        let compiled = compile(&Settings::default()).expect("defaults are valid");
        assert_eq!(
            compiled.operator("EMAIL_ADDRESS"),
            &Operator::Replace { label: None }
        );
        assert!(compiled.threshold("US_SSN").abs() < f32::EPSILON);
    }

    #[test]
    fn settings_reject_unknown_operator_entity() {
        let settings = Settings {
            operators: vec![("EMAIL".to_owned(), Operator::Remove)],
            ..Settings::default()
        };
        let error = compile(&settings).expect_err("EMAIL is not an entity");
        assert_eq!(setting_of(&error), "operators");
        assert!(error.to_string().contains("\"EMAIL\""));
    }

    #[test]
    fn settings_hash_needs_key() {
        let settings = Settings {
            operators: vec![("DEFAULT".to_owned(), Operator::Hash)],
            ..Settings::default()
        };
        assert_eq!(
            setting_of(&compile(&settings).expect_err("no key")),
            "hash_key"
        );
        let settings = Settings {
            hash_key: Some(SecretBytes::new(Vec::new())),
            ..settings
        };
        assert_eq!(
            setting_of(&compile(&settings).expect_err("empty key")),
            "hash_key"
        );
    }

    #[test]
    fn settings_reject_threshold_out_of_range() {
        for threshold in [-0.1, 1.5, f32::NAN] {
            let settings = Settings {
                thresholds: vec![("DEFAULT".to_owned(), threshold)],
                ..Settings::default()
            };
            assert_eq!(
                setting_of(&compile(&settings).expect_err("out of range")),
                "threshold"
            );
        }
    }

    #[test]
    fn settings_bad_regex_does_not_quote_pattern() {
        let settings = Settings {
            allow: vec![Term::Regex {
                pattern: "maria(?=lopez)".to_owned(),
                case_insensitive: false,
            }],
            ..Settings::default()
        };
        let error = compile(&settings).expect_err("look-ahead is unsupported");
        assert_eq!(setting_of(&error), "allow");
        assert!(!error.to_string().contains("maria"));
    }

    #[test]
    fn settings_reject_empty_terms() {
        for settings in [
            Settings {
                allow: vec![Term::Exact(String::new())],
                ..Settings::default()
            },
            Settings {
                deny: vec![("SECRET".to_owned(), Term::Exact(String::new()))],
                ..Settings::default()
            },
            Settings {
                deny: vec![(
                    "SECRET".to_owned(),
                    Term::Regex {
                        pattern: "a*".to_owned(),
                        case_insensitive: false,
                    },
                )],
                ..Settings::default()
            },
        ] {
            assert!(compile(&settings).is_err());
        }
    }

    #[test]
    fn settings_reject_bad_deny_entity_names() {
        for name in ["", "lower", "1ABC", "A-B", &"A".repeat(65)] {
            let settings = Settings {
                deny: vec![(name.to_owned(), Term::Exact("x".to_owned()))],
                ..Settings::default()
            };
            assert_eq!(
                setting_of(&compile(&settings).expect_err("bad name")),
                "deny"
            );
        }
    }

    #[test]
    fn intern_returns_one_copy_per_name() {
        let first = intern("EMPLOYEE_ID");
        let second = intern(&String::from("EMPLOYEE_ID"));
        assert!(std::ptr::eq(first, second));
        assert!(std::ptr::eq(intern("US_SSN"), intern("US_SSN")));
    }

    #[test]
    fn locales_normalise_and_reject_unknown() {
        let locales = normalise_locales(&["uk".to_owned(), "US".to_owned()]).expect("known");
        assert_eq!(locales, ["GB", "US"]);
        let error = normalise_locales(&["XX".to_owned()]).expect_err("unknown");
        assert_eq!(setting_of(&error), "locales");
    }
}
