//! The JSON layer: `serde_json` with limits on nesting depth and string length.
//!
//! When an object has the same key twice, the last value wins and the key keeps the position of
//! its first occurrence, as with Python's `json.loads`, so code that reads a body again with the
//! standard library gets the same values.

use std::cell::Cell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::{Limits, PayloadError};

/// Deepest nesting that `serde_json` itself parses: it stops at the 128th nested container.
pub const MAX_DEPTH_CEILING: usize = 127;

const RECURSION_LIMIT_MESSAGE: &str = "recursion limit exceeded";

const BYTE_ORDER_MARK: &[u8] = b"\xef\xbb\xbf";

/// The first limit or rule that a document broke while it was being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Violation {
    Depth,
    StringLength,
}

/// Parses `body` into a JSON value under `limits`.
pub fn parse(body: &[u8], limits: &Limits) -> Result<Value, PayloadError> {
    let violation = Cell::new(None);
    let seed = LimitedValue {
        depth: 0,
        limits,
        violation: &violation,
    };
    read(body, limits, &violation, seed)
}

/// Checks that `body` is a JSON document within `limits` without building anything.
///
/// It reads the body exactly as [`parse`] does, so it fails exactly when [`parse`] fails.
pub fn check(body: &[u8], limits: &Limits) -> Result<(), PayloadError> {
    let violation = Cell::new(None);
    let seed = Checked(LimitedValue {
        depth: 0,
        limits,
        violation: &violation,
    });
    read(body, limits, &violation, seed)
}

/// Reads `body` with `seed`, which records in `violation` the limit it finds broken.
fn read<T>(
    body: &[u8],
    limits: &Limits,
    violation: &Cell<Option<Violation>>,
    seed: impl for<'de> DeserializeSeed<'de, Value = T>,
) -> Result<T, PayloadError> {
    if body.len() > limits.max_body_bytes {
        return Err(PayloadError::TooLarge {
            size: body.len(),
            limit: limits.max_body_bytes,
        });
    }
    if body.starts_with(BYTE_ORDER_MARK) {
        return Err(PayloadError::InvalidJson {
            line: 1,
            column: 1,
            reason: "a UTF-8 byte order mark starts the body (RFC 8259 forbids senders to add \
                     one)"
                .to_owned(),
        });
    }

    // Reading a body known to be UTF-8 as text skips checking each string again; both readers
    // accept and reject the same documents.
    let result = match std::str::from_utf8(body) {
        Ok(text) => read_all(serde_json::Deserializer::from_str(text), seed),
        Err(_) => read_all(serde_json::Deserializer::from_slice(body), seed),
    };
    result.map_err(|error| match violation.get() {
        Some(violation) => violation_error(violation, &error, limits),
        // serde_json stops at its own fixed depth, one level past MAX_DEPTH_CEILING.
        None if error.to_string().starts_with(RECURSION_LIMIT_MESSAGE) => {
            violation_error(Violation::Depth, &error, limits)
        }
        None => PayloadError::from(&error),
    })
}

fn read_all<'de, R, T>(
    mut deserializer: serde_json::Deserializer<R>,
    seed: impl DeserializeSeed<'de, Value = T>,
) -> Result<T, serde_json::Error>
where
    R: serde_json::de::Read<'de>,
{
    let value = seed.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

fn violation_error(
    violation: Violation,
    error: &serde_json::Error,
    limits: &Limits,
) -> PayloadError {
    let (line, column) = (error.line(), error.column());
    match violation {
        Violation::Depth => PayloadError::TooDeep {
            limit: limits.max_depth,
            line,
            column,
        },
        Violation::StringLength => PayloadError::StringTooLong {
            limit: limits.max_string_bytes,
            line,
            column,
        },
    }
}

/// Builds a [`Value`] like `serde_json`'s own `Deserialize` impl, checking limits on the way.
#[derive(Clone, Copy)]
struct LimitedValue<'a> {
    /// Containers enclosing the value being read.
    depth: usize,
    limits: &'a Limits,
    violation: &'a Cell<Option<Violation>>,
}

impl LimitedValue<'_> {
    fn fail<E: de::Error>(self, violation: Violation) -> E {
        self.violation.set(Some(violation));
        // serde_json adds the line and column to this error; the text is replaced later.
        E::custom("payload limit")
    }

    fn nested<E: de::Error>(self) -> Result<Self, E> {
        if self.depth >= self.limits.max_depth {
            return Err(self.fail(Violation::Depth));
        }
        Ok(Self {
            depth: self.depth + 1,
            ..self
        })
    }

    fn check_string<E: de::Error>(self, text: &str) -> Result<(), E> {
        if text.len() > self.limits.max_string_bytes {
            return Err(self.fail(Violation::StringLength));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for LimitedValue<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for LimitedValue<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<Value, E> {
        Ok(Value::Bool(flag))
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<Value, E> {
        Ok(Value::Number(number.into()))
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<Value, E> {
        Ok(Value::Number(number.into()))
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<Value, E> {
        // serde_json reports numbers out of the f64 range as errors, so this is always finite.
        Number::from_f64(number)
            .map(Value::Number)
            .ok_or_else(|| E::custom("number out of range"))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Value, E> {
        self.check_string(text)?;
        Ok(Value::String(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Value, E> {
        self.check_string(&text)?;
        Ok(Value::String(text))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        let inner = self.nested()?;
        let mut values = Vec::with_capacity(items.size_hint().unwrap_or(0));
        while let Some(value) = items.next_element_seed(inner)? {
            values.push(value);
        }
        Ok(Value::Array(values))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<Value, A::Error> {
        let inner = self.nested()?;
        let mut object = Map::new();
        while let Some(key) = members.next_key_seed(Key(inner))? {
            let value = members.next_value_seed(inner)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// An object key, held to the same string limit as values.
struct Key<'a>(LimitedValue<'a>);

impl<'de> DeserializeSeed<'de> for Key<'_> {
    type Value = String;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for Key<'_> {
    type Value = String;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<String, E> {
        self.0.check_string(text)?;
        Ok(text.to_owned())
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<String, E> {
        self.0.check_string(&text)?;
        Ok(text)
    }
}

/// Reads a value like [`LimitedValue`] and checks the same limits, but keeps nothing.
#[derive(Clone, Copy)]
struct Checked<'a>(LimitedValue<'a>);

impl<'de> DeserializeSeed<'de> for Checked<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Checked<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, _flag: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: de::Error>(self, _number: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: de::Error>(self, _number: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: de::Error>(self, _number: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<(), E> {
        self.0.check_string(text)
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        let inner = Checked(self.0.nested()?);
        while items.next_element_seed(inner)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<(), A::Error> {
        let inner = Checked(self.0.nested()?);
        while members.next_key_seed(CheckedKey(inner.0))?.is_some() {
            members.next_value_seed(inner)?;
        }
        Ok(())
    }
}

/// An object key, checked like [`Key`] and not kept.
struct CheckedKey<'a>(LimitedValue<'a>);

impl<'de> DeserializeSeed<'de> for CheckedKey<'_> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for CheckedKey<'_> {
    type Value = ();

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object key")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<(), E> {
        self.0.check_string(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_default(body: &str) -> Result<Value, PayloadError> {
        parse(body.as_bytes(), &Limits::default())
    }

    #[test]
    fn values_match_serde_json() {
        let text = r#"{"a": [1, -2, 3.5, true, null, "x\u00e9"], "b": {"c": {}}, "d": []}"#;
        let expected: Value = serde_json::from_str(text).expect("valid");
        assert_eq!(parse_default(text).expect("valid"), expected);
    }

    #[test]
    fn member_order_is_kept() {
        let value = parse_default(r#"{"z": 1, "a": 2, "m": 3}"#).expect("valid");
        let keys: Vec<&String> = value.as_object().expect("object").keys().collect();
        assert_eq!(keys, ["z", "a", "m"]);
    }

    #[test]
    fn depth_limit_is_exact() {
        let limits = Limits {
            max_depth: 3,
            ..Limits::default()
        };
        assert!(parse(b"[[[1]]]", &limits).is_ok());
        let error = parse(b"[[[[1]]]]", &limits).unwrap_err();
        assert_eq!(
            error,
            PayloadError::TooDeep {
                limit: 3,
                line: 1,
                column: 4
            }
        );
        assert!(error.to_string().contains("max_depth"), "{error}");
    }

    #[test]
    fn depth_ceiling_is_reached_before_serde_json_stops() {
        let limits = Limits {
            max_depth: MAX_DEPTH_CEILING,
            ..Limits::default()
        };
        let deepest = "[".repeat(MAX_DEPTH_CEILING) + &"]".repeat(MAX_DEPTH_CEILING);
        assert!(parse(deepest.as_bytes(), &limits).is_ok());
        let deeper = "[".repeat(MAX_DEPTH_CEILING + 1) + &"]".repeat(MAX_DEPTH_CEILING + 1);
        assert!(matches!(
            parse(deeper.as_bytes(), &limits),
            Err(PayloadError::TooDeep { .. })
        ));
    }

    #[test]
    fn string_limit_covers_values_and_keys() {
        let limits = Limits {
            max_string_bytes: 4,
            ..Limits::default()
        };
        assert!(parse(br#"{"abcd": "wxyz"}"#, &limits).is_ok());
        for body in [
            r#"{"abcde": 1}"#,
            r#"{"a": "vwxyz"}"#,
            r#"["\u00e9\u00e9\u00e9"]"#,
        ] {
            let error = parse(body.as_bytes(), &limits).unwrap_err();
            assert!(
                matches!(error, PayloadError::StringTooLong { limit: 4, .. }),
                "{body}: {error:?}"
            );
            assert!(error.to_string().contains("max_string_bytes"), "{error}");
        }
    }

    #[test]
    fn duplicate_keys_keep_last_value_at_first_position() {
        let value =
            parse_default(r#"{"amount": 1, "currency": "USD", "amount": 2}"#).expect("valid");
        let object = value.as_object().expect("object");
        let members: Vec<(&String, &Value)> = object.iter().collect();
        assert_eq!(members.len(), 2);
        assert_eq!(members[0], (&"amount".to_owned(), &Value::from(2)));
        assert_eq!(members[1].0, "currency");
    }

    #[test]
    fn byte_order_mark_is_rejected() {
        let error = parse(b"\xef\xbb\xbf{}", &Limits::default()).unwrap_err();
        assert!(error.to_string().contains("byte order mark"), "{error}");
    }

    #[test]
    fn invalid_utf8_and_non_finite_numbers_are_invalid() {
        for body in [
            &b"[\"\xff\"]"[..],
            b"[NaN]",
            b"[Infinity]",
            b"[-Infinity]",
            b"[1e400]",
        ] {
            assert!(
                matches!(
                    parse(body, &Limits::default()),
                    Err(PayloadError::InvalidJson { .. })
                ),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }

    #[test]
    fn trailing_data_is_invalid() {
        assert!(matches!(
            parse_default("{} {}"),
            Err(PayloadError::InvalidJson { .. })
        ));
        assert!(parse_default("{} \n").is_ok());
    }
}
