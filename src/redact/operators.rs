//! Replacement text for a finding under each [`Operator`].

use std::fmt::Write as _;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::settings::{Compiled, Operator, PSEUDONYM_HEX_DIGITS};

/// Returns the replacement of `value`, found as `entity`, or `None` when the value stays.
///
/// [`Operator::Custom`] gets the `[ENTITY]` label here; callers that support custom operators
/// handle them before calling this.
pub(crate) fn apply(settings: &Compiled, entity: &str, value: &str) -> Option<String> {
    match settings.operator(entity) {
        Operator::Replace { label: Some(label) } => Some(label.clone()),
        Operator::Replace { label: None } | Operator::Custom => Some(label(entity)),
        Operator::Mask {
            keep_last,
            mask_char,
        } => Some(mask(value, *keep_last, *mask_char)),
        Operator::Hash => Some(pseudonym(settings, entity, value)),
        Operator::Remove => Some(String::new()),
        Operator::Keep => None,
    }
}

/// Returns the default label of an entity, such as `[EMAIL_ADDRESS]`.
pub(crate) fn label(entity: &str) -> String {
    format!("[{entity}]")
}

/// Replaces every character of `value` but the last `keep_last` with `mask_char`. At most half
/// of the characters stay, so that a short value (`Li Wei`) is never shown whole or nearly so.
fn mask(value: &str, keep_last: usize, mask_char: char) -> String {
    let length = value.chars().count();
    let masked = length - keep_last.min(length / 2);
    value
        .chars()
        .enumerate()
        .map(|(index, character)| if index < masked { mask_char } else { character })
        .collect()
}

/// Returns `ENTITY_` followed by the first [`PSEUDONYM_HEX_DIGITS`] hexadecimal digits of
/// HMAC-SHA256 of `value` under the hash key.
///
/// The entity is not part of the HMAC input, so one value found as two entities still joins on
/// its digits.
fn pseudonym(settings: &Compiled, entity: &str, value: &str) -> String {
    let key = settings
        .hash_key
        .as_ref()
        .map_or(&[][..], |key| key.expose());
    // HMAC accepts keys of any length, so this cannot fail; a failure would return the label.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return label(entity);
    };
    mac.update(value.as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut token = String::with_capacity(entity.len() + 1 + PSEUDONYM_HEX_DIGITS);
    token.push_str(entity);
    token.push('_');
    for byte in digest.iter().take(PSEUDONYM_HEX_DIGITS / 2) {
        let _ = write!(token, "{byte:02x}");
    }
    token
}

#[cfg(test)]
mod tests {
    use super::{apply, mask};
    use crate::redact::settings::{Settings, compile};
    use crate::redact::{Operator, Settings as PublicSettings};
    use crate::secrets::SecretBytes;

    fn with_operator(operator: Operator) -> super::Compiled {
        let settings: Settings = PublicSettings {
            operators: vec![("DEFAULT".to_owned(), operator)],
            hash_key: Some(SecretBytes::from("k3y-for-tests-only")),
            ..PublicSettings::default()
        };
        compile(&settings).expect("settings are valid")
    }

    #[test]
    fn mask_keeps_last_characters() {
        assert_eq!(mask("4111 1111 1111 1111", 4, '*'), "***************1111");
        assert_eq!(mask("ab", 4, '*'), "*b");
        assert_eq!(mask("Li Wei", 4, '*'), "***Wei");
        assert_eq!(mask("x", 4, '*'), "*");
        assert_eq!(mask("secret", usize::MAX, '*'), "***ret");
        assert_eq!(mask("Núñez", 2, '#'), "###ez");
        assert_eq!(mask("abc", 0, 'x'), "xxx");
    }

    #[test]
    fn hash_is_keyed_stable_and_prefixed() {
        let compiled = with_operator(Operator::Hash);
        let first = apply(&compiled, "EMAIL_ADDRESS", "a@example.com").expect("replaced");
        let again = apply(&compiled, "EMAIL_ADDRESS", "a@example.com").expect("replaced");
        let other = apply(&compiled, "EMAIL_ADDRESS", "b@example.com").expect("replaced");
        assert_eq!(first, again);
        assert_ne!(first, other);
        assert!(first.starts_with("EMAIL_ADDRESS_"));
        assert_eq!(first.len(), "EMAIL_ADDRESS_".len() + 16);
        assert!(!first.contains("example"));

        let settings: Settings = PublicSettings {
            operators: vec![("DEFAULT".to_owned(), Operator::Hash)],
            hash_key: Some(SecretBytes::from("another-key-for-tests")),
            ..PublicSettings::default()
        };
        let other_key = compile(&settings).expect("settings are valid");
        assert_ne!(
            apply(&other_key, "EMAIL_ADDRESS", "a@example.com"),
            Some(first)
        );
    }

    #[test]
    fn hash_matches_hmac_sha256_reference() {
        // The first 16 hexadecimal digits of HMAC-SHA256 of "a@example.com" under
        // "k3y-for-tests-only", computed with Python's hmac module.
        let compiled = with_operator(Operator::Hash);
        let token = apply(&compiled, "X", "a@example.com").expect("replaced");
        assert_eq!(token, "X_9266fbc29e61d99b");
    }

    #[test]
    fn other_operators() {
        assert_eq!(
            apply(&with_operator(Operator::Remove), "US_SSN", "123-45-6789"),
            Some(String::new())
        );
        assert_eq!(
            apply(&with_operator(Operator::Keep), "US_SSN", "123-45-6789"),
            None
        );
        assert_eq!(
            apply(
                &with_operator(Operator::Replace {
                    label: Some("<ssn>".to_owned())
                }),
                "US_SSN",
                "123-45-6789"
            ),
            Some("<ssn>".to_owned())
        );
        assert_eq!(
            apply(&with_operator(Operator::Custom), "US_SSN", "123-45-6789"),
            Some("[US_SSN]".to_owned())
        );
    }
}
