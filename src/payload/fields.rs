//! Reading members of a decoded JSON object, with errors that name the member's path.

use serde_json::{Map, Value};

use super::{Limits, PayloadError, PayloadKind, Timestamp, Version, VersionPolicy};

/// A payload's version after the policy accepted it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct ResolvedVersion {
    pub version: Version,
    /// True when the payload carried no version and it was inferred from the shape.
    pub inferred: bool,
    /// True when the minor version is newer than the newest the policy lists.
    pub newer_minor: bool,
}

/// Removes the version member of `kind` from `payload` and checks it against `policy`.
///
/// `infer` returns the version of a payload without one, from its shape.
pub(super) fn resolve_version(
    payload: &mut Map<String, Value>,
    kind: PayloadKind,
    policy: &VersionPolicy,
    infer: impl FnOnce(&Map<String, Value>) -> Result<Version, PayloadError>,
) -> Result<ResolvedVersion, PayloadError> {
    let (version, inferred) = match payload.shift_remove(kind.version_field()) {
        Some(Value::String(text)) => match Version::parse(&text) {
            Some(version) => (version, false),
            None => {
                return Err(PayloadError::InvalidVersion {
                    kind,
                    found: quote_untrusted(&text),
                });
            }
        },
        Some(other) => {
            return Err(PayloadError::InvalidVersion {
                kind,
                found: format!("of JSON type {}", json_type(&other)),
            });
        }
        None if policy.infer_missing => (infer(payload)?, true),
        None => return Err(PayloadError::MissingVersion { kind }),
    };

    let Some(newest) = policy.newest_known(kind, version) else {
        return Err(PayloadError::UnsupportedVersion {
            kind,
            found: version,
            supported: policy.supported_majors(kind),
        });
    };
    let newer_minor = version.minor > newest.minor;
    if newer_minor && policy.reject_newer_minor {
        return Err(PayloadError::NewerMinorRejected {
            kind,
            found: version,
            newest,
        });
    }
    Ok(ResolvedVersion {
        version,
        inferred,
        newer_minor,
    })
}

/// Checks `items` against the event limit, then decodes each one, which must be an object, with
/// `decode`. Errors name an item `{array}[index]`.
pub(super) fn decode_event_objects<T>(
    items: Vec<Value>,
    array: &str,
    limits: &Limits,
    decode: impl Fn(Map<String, Value>, &str) -> Result<T, PayloadError>,
) -> Result<Vec<T>, PayloadError> {
    if items.len() > limits.max_events {
        return Err(PayloadError::TooManyEvents {
            count: items.len(),
            limit: limits.max_events,
        });
    }
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let path = format!("{array}[{index}]");
            let Value::Object(item) = item else {
                return Err(invalid(&path, "must be an object"));
            };
            decode(item, &path)
        })
        .collect()
}

pub(super) fn invalid(path: &str, problem: &str) -> PayloadError {
    PayloadError::InvalidPayload {
        path: path.to_owned(),
        problem: problem.to_owned(),
    }
}

pub(super) fn member_path(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

pub(super) fn take_array(
    object: &mut Map<String, Value>,
    key: &str,
    parent: &str,
) -> Result<Vec<Value>, PayloadError> {
    match object.shift_remove(key) {
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(invalid(&member_path(parent, key), "must be an array")),
        None => Err(invalid(&member_path(parent, key), "is missing")),
    }
}

pub(super) fn take_string(
    object: &mut Map<String, Value>,
    key: &str,
    parent: &str,
) -> Result<String, PayloadError> {
    take_optional_string(object, key, parent)?
        .ok_or_else(|| invalid(&member_path(parent, key), "is missing"))
}

pub(super) fn take_optional_string(
    object: &mut Map<String, Value>,
    key: &str,
    parent: &str,
) -> Result<Option<String>, PayloadError> {
    match object.shift_remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err(invalid(&member_path(parent, key), "must be a string")),
    }
}

pub(super) fn parse_time(text: &str, path: &str) -> Result<Timestamp, PayloadError> {
    Timestamp::parse(text).ok_or_else(|| {
        invalid(
            path,
            &format!(
                "is {}, which is not an RFC 3339 timestamp such as 2026-11-30T14:42:19Z",
                quote_untrusted(text)
            ),
        )
    })
}

/// Quotes a short, escaped prefix of an untrusted value for an error message, with any PII in
/// it replaced by its entity label, so that a message never repeats end users' data.
pub(super) fn quote_untrusted(text: &str) -> String {
    const MAX_CHARS: usize = 32;
    let redactor = crate::redact::Redactor::new();
    if text.chars().count() <= MAX_CHARS {
        let redacted = redactor.redact(text);
        format!("{redacted:?}")
    } else {
        let prefix: String = text.chars().take(MAX_CHARS).collect();
        let redacted = redactor.redact(&prefix);
        format!("{redacted:?}...")
    }
}

pub(super) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

#[cfg(test)]
mod tests {
    use super::quote_untrusted;

    #[test]
    fn quoted_values_keep_no_pii() {
        assert_eq!(quote_untrusted("yesterday"), "\"yesterday\"");
        assert_eq!(
            quote_untrusted("margaret.thornton@example.org"),
            "\"[EMAIL_ADDRESS]\""
        );
        assert_eq!(quote_untrusted("4111 1111 1111 1111"), "\"[CREDIT_CARD]\"");
        let long = format!("{} and more text after it", "x".repeat(40));
        assert!(quote_untrusted(&long).ends_with("\"..."));
    }
}
