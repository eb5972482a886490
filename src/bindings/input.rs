//! Reading request bodies, headers and keys from the Python objects web frameworks pass in.

use pyo3::buffer::PyBuffer;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};

use super::errors;
use crate::secrets::SecretBytes;
use crate::signature::{check_text_key, is_header_name};

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
    if let Ok(bytes) = body.cast::<PyBytes>() {
        return Ok(Body::Shared(bytes.clone()));
    }
    if body.is_instance_of::<PyString>() {
        return Err(errors::body_type_error(format!(
            "the body is a str, but the signature covers the raw bytes. {BODY_HINT}"
        )));
    }
    if let Ok(array) = body.cast::<PyByteArray>() {
        return Ok(Body::Copied(array.to_vec()));
    }
    match PyBuffer::<u8>::get(body) {
        Ok(buffer) => Ok(Body::Copied(buffer.to_vec(body.py())?)),
        Err(_) => Err(errors::body_type_error(format!(
            "the body is a {}, not bytes. {BODY_HINT}",
            type_name(body)
        ))),
    }
}

/// Finds header `name` in `headers`: any mapping (Flask's and Django's headers, a dict with any
/// letter case, or a WSGI environ with `HTTP_` keys).
pub fn find_header(headers: &Bound<'_, PyAny>, name: &str) -> PyResult<Option<String>> {
    if headers.hasattr("get")? {
        let value = headers.call_method1("get", (name,))?;
        if !value.is_none() {
            return header_value(&value, name).map(Some);
        }
    }
    if !headers.hasattr("items")? {
        return Err(errors::body_type_error(format!(
            "the headers are a {}, not a mapping: pass request.headers (Flask, Django) or the \
             WSGI environ",
            type_name(headers)
        )));
    }
    for item in headers.call_method0("items")?.try_iter()? {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
        let Ok(key) = key.cast::<PyString>() else {
            continue;
        };
        if is_header_name(&key.to_cow()?, name) {
            return header_value(&value, name).map(Some);
        }
    }
    Ok(None)
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
    Err(errors::body_type_error(format!(
        "the {name} header value is a {}, not a str",
        type_name(value)
    )))
}

/// Reads a list of secret keys, each a `str` (used as UTF-8) or `bytes`.
pub fn extract_secrets(secrets: &Bound<'_, PyAny>) -> PyResult<Vec<SecretBytes>> {
    if secrets.is_instance_of::<PyString>() || secrets.is_instance_of::<PyBytes>() {
        return Err(errors::configuration_error(
            "secrets must be a list of keys, not a single key: pass [key], or [current, \
             previous] while rotating"
                .to_owned(),
        ));
    }
    let Ok(items) = secrets.try_iter() else {
        return Err(errors::configuration_error(format!(
            "secrets must be a list of keys, not a {}",
            type_name(secrets)
        )));
    };
    let mut keys = Vec::new();
    for (index, item) in items.enumerate() {
        let item = item?;
        if let Ok(text) = item.cast::<PyString>() {
            let text = text.to_cow()?;
            check_text_key(&text, index + 1).map_err(|error| errors::key_error(&error))?;
            keys.push(SecretBytes::new(text.as_bytes().to_vec()));
        } else if let Ok(bytes) = item.cast::<PyBytes>() {
            keys.push(SecretBytes::new(bytes.as_bytes().to_vec()));
        } else {
            return Err(errors::configuration_error(format!(
                "Signature Secret Key number {} is a {}, not a str or bytes",
                index + 1,
                type_name(&item)
            )));
        }
    }
    Ok(keys)
}

pub fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map_or_else(|_| "object".to_owned(), |name| name.to_string())
}
