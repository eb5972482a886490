//! Reading request bodies, headers and keys from the Python objects web frameworks pass in.

use pyo3::buffer::PyBuffer;
use pyo3::exceptions::PyAttributeError;
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyInt, PyString};
use zeroize::Zeroizing;

use super::errors;
use crate::signature::{KeyInput, is_header_name};

const BODY_HINT: &str = "Pass the raw request body as bytes: request.get_data() in Flask, \
                         request.body in Django.";

/// A request body: a `bytes` object read in place, or a copy of any other buffer.
pub enum Body<'py> {
    Shared(Bound<'py, PyBytes>),
    Copied(Vec<u8>),
}

impl Body<'_> {
    pub fn as_slice(&self) -> &[u8] {
        match self {
            Self::Shared(bytes) => bytes.as_bytes(),
            Self::Copied(bytes) => bytes,
        }
    }
}

/// Reads `body` as bytes. A `str` is rejected because its encoding is not the signed bytes.
///
/// A `bytearray` or `memoryview` is copied, since its owner may change it while the GIL is
/// released.
pub fn extract_body<'py>(body: &Bound<'py, PyAny>) -> PyResult<Body<'py>> {
    read_body(
        body,
        "the body is a str, but the signature covers the raw bytes as received",
    )
}

/// Reads `body` as bytes for a parser that checks no signature. A `str` is rejected because
/// decoding and encoding it again may change the bytes the sender sent.
pub fn extract_unsigned_body<'py>(body: &Bound<'py, PyAny>) -> PyResult<Body<'py>> {
    read_body(
        body,
        "the body is a str, but the parser reads the raw bytes as received, so that invalid \
         UTF-8 and a byte order mark are reported, not hidden by decoding",
    )
}

fn read_body<'py>(body: &Bound<'py, PyAny>, str_problem: &str) -> PyResult<Body<'py>> {
    if let Ok(bytes) = body.cast::<PyBytes>() {
        return Ok(Body::Shared(bytes.clone()));
    }
    if body.is_instance_of::<PyString>() {
        return Err(errors::body_type_error(format!(
            "{str_problem}. {BODY_HINT}"
        )));
    }
    if let Ok(array) = body.cast::<PyByteArray>() {
        return Ok(Body::Copied(array.to_vec()));
    }
    if let Ok(buffer) = PyBuffer::<u8>::get(body) {
        return Ok(Body::Copied(buffer.to_vec(body.py())?));
    }
    // Buffers of signed bytes, such as memoryview.cast("b"), hold the same bytes.
    if let Ok(buffer) = PyBuffer::<i8>::get(body) {
        let signed = buffer.to_vec(body.py())?;
        return Ok(Body::Copied(
            signed.iter().map(|byte| byte.to_ne_bytes()[0]).collect(),
        ));
    }
    Err(errors::body_type_error(format!(
        "the body is {}, not bytes. {BODY_HINT}",
        a_type_name(body)
    )))
}

/// Finds header `name` in `headers`: any mapping (Flask's and Django's headers, a dict with any
/// letter case, or a WSGI environ with `HTTP_` keys).
pub fn find_header(headers: &Bound<'_, PyAny>, name: &str) -> PyResult<Option<String>> {
    let py = headers.py();
    if let Ok(dict) = headers.cast::<PyDict>() {
        if let Some(value) = dict.get_item(name)? {
            return header_value(&value, name).map(Some);
        }
        for (key, value) in dict.iter() {
            if key_matches(&key, name)? {
                return header_value(&value, name).map(Some);
            }
        }
        return Ok(None);
    }
    // Werkzeug's and Django's headers look names up case-insensitively in `get`.
    match headers.call_method1(intern!(py, "get"), (name,)) {
        Ok(value) if !value.is_none() => return header_value(&value, name).map(Some),
        Ok(_) => {}
        Err(error) if error.is_instance_of::<PyAttributeError>(py) => {}
        Err(error) => return Err(error),
    }
    let items = match headers.call_method0(intern!(py, "items")) {
        Ok(items) => items,
        Err(error) if error.is_instance_of::<PyAttributeError>(py) => {
            return Err(errors::argument_type_error(format!(
                "the headers are {}, not a mapping: pass request.headers (Flask, Django) or \
                 the WSGI environ",
                a_type_name(headers)
            )));
        }
        Err(error) => return Err(error),
    };
    for item in items.try_iter()? {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
        if key_matches(&key, name)? {
            return header_value(&value, name).map(Some);
        }
    }
    Ok(None)
}

fn key_matches(key: &Bound<'_, PyAny>, name: &str) -> PyResult<bool> {
    match key.cast::<PyString>() {
        Ok(key) => Ok(is_header_name(&key.to_cow()?, name)),
        Err(_) => Ok(false),
    }
}

fn header_value(value: &Bound<'_, PyAny>, name: &str) -> PyResult<String> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(text.to_cow()?.into_owned());
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        if let Ok(text) = std::str::from_utf8(bytes.as_bytes()) {
            return Ok(text.to_owned());
        }
    }
    Err(errors::argument_type_error(format!(
        "the {name} header value is {}, not a str",
        a_type_name(value)
    )))
}

/// A secret key read from Python, wiped when dropped.
pub enum OwnedKey {
    Text(Zeroizing<String>),
    Raw(Zeroizing<Vec<u8>>),
}

impl OwnedKey {
    pub fn as_input(&self) -> KeyInput<'_> {
        match self {
            Self::Text(text) => KeyInput::Text(text),
            Self::Raw(bytes) => KeyInput::Raw(bytes),
        }
    }
}

/// Reads a list of secret keys, each a `str` (the secret as the provider shows it) or `bytes`
/// (the HMAC key itself).
pub fn extract_secrets(secrets: &Bound<'_, PyAny>) -> PyResult<Vec<OwnedKey>> {
    if secrets.is_instance_of::<PyString>() || secrets.is_instance_of::<PyBytes>() {
        return Err(errors::configuration_error(
            "secrets must be a list of keys, not a single key: pass [key], or [current, \
             previous] while rotating"
                .to_owned(),
        ));
    }
    let Ok(items) = secrets.try_iter() else {
        return Err(errors::configuration_error(format!(
            "secrets must be a list of keys, not {}",
            a_type_name(secrets)
        )));
    };
    let mut keys = Vec::new();
    for (index, item) in items.enumerate() {
        let item = item?;
        if let Ok(text) = item.cast::<PyString>() {
            keys.push(OwnedKey::Text(Zeroizing::new(text.to_cow()?.into_owned())));
        } else if let Ok(bytes) = item.cast::<PyBytes>() {
            keys.push(OwnedKey::Raw(Zeroizing::new(bytes.as_bytes().to_vec())));
        } else {
            return Err(errors::configuration_error(format!(
                "secret key number {} is {}, not a str or bytes",
                index + 1,
                a_type_name(&item)
            )));
        }
    }
    Ok(keys)
}

/// Converts owned keys into the inputs the core takes.
pub fn key_inputs(keys: &[OwnedKey]) -> Vec<KeyInput<'_>> {
    keys.iter().map(OwnedKey::as_input).collect()
}

/// Returns the name of `value`'s type after "a" or "an", such as "an int", for messages.
pub fn a_type_name(value: &Bound<'_, PyAny>) -> String {
    with_article(&type_name(value))
}

/// Puts "a" or "an" before `noun` by its first letter, which fits Python's type names. A
/// leading "u" takes "a", as in "a UUID" and "a `UserDict`".
pub fn with_article(noun: &str) -> String {
    let starts_with_vowel = noun
        .chars()
        .next()
        .is_some_and(|first| "aeioAEIO".contains(first));
    if starts_with_vowel {
        format!("an {noun}")
    } else {
        format!("a {noun}")
    }
}

/// Describes a number argument for a message: its value when it is an int, else its type.
pub fn describe_number(value: &Bound<'_, PyAny>) -> String {
    if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        // Converting an int to `str` fails only above Python's digit limit
        // (`sys.set_int_max_str_digits`, 4300 digits by default).
        value
            .str()
            .map_or_else(|_| "an int".to_owned(), |text| text.to_string())
    } else {
        a_type_name(value)
    }
}

pub fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |name| name.to_string())
}
