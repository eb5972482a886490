//! Conversion of Python `dict` and `list` values into JSON values, for `Redactor.redact_json`.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

use super::errors;
use super::input::a_type_name;

/// Deepest nesting accepted, the same order as the recursion limit of Python's `json` module.
/// The limit also stops a dict or list that contains itself.
const MAX_DEPTH: usize = 512;

/// Converts the values that `json.dumps` accepts by default: `dict` with `str` keys, `list` and
/// `tuple` (both become arrays), `str`, `int` within 64 bits, finite `float`, `bool` and `None`.
///
/// Errors name the JSON pointer of the offending value, with PII in its keys replaced, and its
/// type, never the value itself.
pub fn python_to_json(value: &Bound<'_, PyAny>) -> PyResult<Value> {
    convert(value, &mut String::new(), 0)
}

fn convert(value: &Bound<'_, PyAny>, pointer: &mut String, depth: usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(errors::redaction_error(format!(
            "the value at {} nests deeper than {MAX_DEPTH} levels or contains itself",
            pointer_in_message(pointer)
        )));
    }
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(flag) = value.cast::<PyBool>() {
        return Ok(Value::Bool(flag.is_true()));
    }
    if let Ok(text) = value.cast::<PyString>() {
        let text = text.to_cow().map_err(|_| {
            errors::redaction_error(format!(
                "the str at {} contains a lone surrogate, which JSON cannot encode",
                pointer_in_message(pointer)
            ))
        })?;
        return Ok(Value::String(text.into_owned()));
    }
    if value.is_instance_of::<PyInt>() {
        if let Ok(integer) = value.extract::<i64>() {
            return Ok(Value::from(integer));
        }
        if let Ok(integer) = value.extract::<u64>() {
            return Ok(Value::from(integer));
        }
        return Err(errors::redaction_error(format!(
            "the int at {} is outside the 64-bit range that JSON numbers keep exactly: pass it \
             as a str",
            pointer_in_message(pointer)
        )));
    }
    if let Ok(float) = value.cast::<PyFloat>() {
        return Number::from_f64(float.value())
            .map(Value::Number)
            .ok_or_else(|| {
                errors::redaction_error(format!(
                    "the float at {} is NaN or infinite, which JSON cannot represent",
                    pointer_in_message(pointer)
                ))
            });
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        let mut members = Map::with_capacity(dict.len());
        for (key, member) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(errors::redaction_type_error(format!(
                    "a key of the object at {} is {}, but JSON keys are str",
                    pointer_in_message(pointer),
                    a_type_name(&key)
                )));
            };
            let key = key
                .to_cow()
                .map_err(|_| {
                    errors::redaction_error(format!(
                        "a key of the object at {} contains a lone surrogate, which JSON cannot \
                         encode: decode its source with errors=\"replace\" or fix it",
                        pointer_in_message(pointer)
                    ))
                })?
                .into_owned();
            let length = pointer.len();
            push_key(pointer, &key);
            let converted = convert(&member, pointer, depth + 1)?;
            pointer.truncate(length);
            members.insert(key, converted);
        }
        return Ok(Value::Object(members));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (index, item) in value.try_iter()?.enumerate() {
            let length = pointer.len();
            pointer.push('/');
            pointer.push_str(&index.to_string());
            let converted = convert(&item?, pointer, depth + 1)?;
            pointer.truncate(length);
            items.push(converted);
        }
        return Ok(Value::Array(items));
    }
    Err(errors::redaction_type_error(format!(
        "the value at {} is {}, which is not a JSON type: convert it to str, int, float, bool, \
         None, dict or list first",
        pointer_in_message(pointer),
        a_type_name(value)
    )))
}

/// Appends a key to a JSON pointer with RFC 6901 escaping.
fn push_key(pointer: &mut String, key: &str) {
    pointer.push('/');
    for character in key.chars() {
        match character {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            other => pointer.push(other),
        }
    }
}

/// Returns a JSON pointer for a message, with the empty root pointer spelled out. A pointer of
/// more than [`MESSAGE_POINTER_CHARS`] characters, such as that of a value that contains itself,
/// is cut to its end.
fn pointer_in_message(pointer: &str) -> String {
    if pointer.is_empty() {
        return "the top level".to_owned();
    }
    let redacted = crate::redact::redacted_pointer(pointer);
    let length = redacted.chars().count();
    if length <= MESSAGE_POINTER_CHARS {
        return format!("JSON pointer {redacted:?}");
    }
    let end: String = redacted
        .chars()
        .skip(length - MESSAGE_POINTER_CHARS)
        .collect();
    format!("JSON pointer \"...{end}\"")
}

/// Longest JSON pointer shown whole in a message.
const MESSAGE_POINTER_CHARS: usize = 120;
