//! The one place where Rust errors become Python exceptions.
//!
//! The exception classes are defined in `custombooks_guard/exceptions.py`, so they subclass the
//! builtins callers already catch and carry docstrings; this module only raises them.

use pyo3::prelude::*;

use super::convert::object_to_python;
use crate::payload::PayloadError;
use crate::redact::RedactError;
use crate::signature::{KeyError, SignError, SignatureError};
use crate::webhook::ReceiveError;

pyo3::import_exception!(custombooks_guard.exceptions, ArgumentTypeError);
pyo3::import_exception!(custombooks_guard.exceptions, ApiFault);
pyo3::import_exception!(custombooks_guard.exceptions, BodyTypeError);
pyo3::import_exception!(custombooks_guard.exceptions, ConfigurationError);
pyo3::import_exception!(custombooks_guard.exceptions, InvalidJson);
pyo3::import_exception!(custombooks_guard.exceptions, InvalidPayload);
pyo3::import_exception!(custombooks_guard.exceptions, InvalidVersion);
pyo3::import_exception!(custombooks_guard.exceptions, MalformedSignature);
pyo3::import_exception!(custombooks_guard.exceptions, MissingSignature);
pyo3::import_exception!(custombooks_guard.exceptions, PayloadTooLarge);
pyo3::import_exception!(custombooks_guard.exceptions, RedactionError);
pyo3::import_exception!(custombooks_guard.exceptions, RedactionTypeError);
pyo3::import_exception!(custombooks_guard.exceptions, SignatureMismatch);
pyo3::import_exception!(custombooks_guard.exceptions, TimestampOutOfTolerance);
pyo3::import_exception!(custombooks_guard.exceptions, UnsupportedVersion);

pub fn signature_error(error: &SignatureError) -> PyErr {
    let message = error.to_string();
    match error {
        SignatureError::Missing { .. } => MissingSignature::new_err(message),
        SignatureError::Malformed { .. } => MalformedSignature::new_err(message),
        SignatureError::Mismatch { .. } => SignatureMismatch::new_err(message),
        SignatureError::TimestampOutOfTolerance { .. } => TimestampOutOfTolerance::new_err(message),
    }
}

pub fn payload_error(py: Python<'_>, error: &PayloadError) -> PyErr {
    let message = error.to_string();
    match error {
        PayloadError::InvalidJson { line, column, .. } => with_attributes(
            py,
            InvalidJson::new_err(message),
            &[("line", *line), ("column", *column)],
        ),
        PayloadError::TooLarge { limit, .. } => {
            too_large(py, message, "max_body_bytes", *limit, &[])
        }
        PayloadError::TooManyEvents { limit, .. } => {
            too_large(py, message, "max_events", *limit, &[])
        }
        PayloadError::TooDeep {
            limit,
            line,
            column,
        } => too_large(
            py,
            message,
            "max_depth",
            *limit,
            &[("line", *line), ("column", *column)],
        ),
        PayloadError::StringTooLong {
            limit,
            line,
            column,
        } => too_large(
            py,
            message,
            "max_string_bytes",
            *limit,
            &[("line", *line), ("column", *column)],
        ),
        PayloadError::InvalidVersion { .. } | PayloadError::MissingVersion { .. } => {
            InvalidVersion::new_err(message)
        }
        PayloadError::UnsupportedVersion {
            found, supported, ..
        } => unsupported(py, message, &found.to_string(), supported.clone()),
        PayloadError::NewerMinorRejected { found, newest, .. } => {
            unsupported(py, message, &found.to_string(), vec![newest.major])
        }
        PayloadError::InvalidPayload { .. } => InvalidPayload::new_err(message),
        PayloadError::Fault(fault) => {
            let error = ApiFault::new_err(message);
            let value = error.value(py);
            let _ = value.setattr("fault_type", &fault.fault_type);
            match fault
                .errors
                .iter()
                .map(|member| object_to_python(py, member))
                .collect::<PyResult<Vec<_>>>()
            {
                Ok(errors) => {
                    let _ = value.setattr("errors", errors);
                }
                // Converting plain JSON fails only when Python is out of memory.
                Err(conversion) => return conversion,
            }
            error
        }
    }
}

fn too_large(
    py: Python<'_>,
    message: String,
    setting: &str,
    limit: usize,
    position: &[(&str, usize)],
) -> PyErr {
    let error = with_attributes(py, PayloadTooLarge::new_err(message), position);
    let value = error.value(py);
    let _ = value.setattr("limit", limit);
    let _ = value.setattr("setting", setting);
    error
}

fn unsupported(py: Python<'_>, message: String, version: &str, supported: Vec<u32>) -> PyErr {
    let error = UnsupportedVersion::new_err(message);
    let value = error.value(py);
    // Setting an attribute on a fresh exception instance fails only when Python is out of
    // memory, and the exception then still carries its message.
    let _ = value.setattr("version", version);
    let _ = value.setattr("supported_majors", supported);
    error
}

pub fn receive_error(py: Python<'_>, error: &ReceiveError) -> PyErr {
    match error {
        ReceiveError::Signature(error) => signature_error(error),
        ReceiveError::OtherPreset { .. } => MissingSignature::new_err(error.to_string()),
        ReceiveError::Payload(error) => payload_error(py, error),
    }
}

pub fn key_error(error: &KeyError) -> PyErr {
    ConfigurationError::new_err(error.to_string())
}

pub fn sign_error(error: &SignError) -> PyErr {
    // Every signing failure is an argument the caller can fix.
    ConfigurationError::new_err(error.to_string())
}

pub fn redact_error(error: &RedactError) -> PyErr {
    match error {
        RedactError::UnknownEntity { .. } | RedactError::InvalidSetting { .. } => {
            ConfigurationError::new_err(error.to_string())
        }
        RedactError::InvalidJson { .. } => RedactionError::new_err(error.to_string()),
    }
}

pub fn redaction_error(message: String) -> PyErr {
    RedactionError::new_err(message)
}

pub fn redaction_type_error(message: String) -> PyErr {
    RedactionTypeError::new_err(message)
}

pub fn configuration_error(message: String) -> PyErr {
    ConfigurationError::new_err(message)
}

pub fn body_type_error(message: String) -> PyErr {
    BodyTypeError::new_err(message)
}

pub fn argument_type_error(message: String) -> PyErr {
    ArgumentTypeError::new_err(message)
}

fn with_attributes(py: Python<'_>, error: PyErr, attributes: &[(&str, usize)]) -> PyErr {
    let value = error.value(py);
    for (name, number) in attributes {
        let _ = value.setattr(*name, *number);
    }
    error
}
