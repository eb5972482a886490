//! `Redactor` and `Finding` from Python.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

use super::errors;
use super::input::type_name;
use super::signature::detach_threshold;
use crate::redact::{Finding, Redactor};

/// Finds and replaces PII in text and JSON.
///
/// `entities` selects the entity names detected in text; `None` selects the default set.
#[pyclass(module = "custombooks_guard._core", name = "Redactor", frozen)]
pub struct PyRedactor {
    pub inner: Arc<Redactor>,
}

/// One piece of PII found in a text. `start` and `end` are Python string indices.
#[pyclass(module = "custombooks_guard._core", name = "Finding", frozen, eq)]
#[derive(PartialEq)]
pub struct PyFinding {
    #[pyo3(get)]
    entity: &'static str,
    #[pyo3(get)]
    start: usize,
    #[pyo3(get)]
    end: usize,
    #[pyo3(get)]
    score: f32,
    #[pyo3(get)]
    rule: &'static str,
}

#[pymethods]
impl PyFinding {
    fn __repr__(&self) -> String {
        format!(
            "Finding(entity={:?}, start={}, end={}, score={:.2}, rule={:?})",
            self.entity, self.start, self.end, self.score, self.rule
        )
    }
}

#[pymethods]
impl PyRedactor {
    #[new]
    #[pyo3(signature = (entities = None))]
    fn new(entities: Option<Vec<String>>) -> PyResult<Self> {
        let redactor = match entities {
            None => Redactor::new(),
            Some(names) => {
                let names: Vec<&str> = names.iter().map(String::as_str).collect();
                Redactor::with_entities(&names).map_err(|error| errors::redact_error(&error))?
            }
        };
        Ok(Self {
            inner: Arc::new(redactor),
        })
    }

    #[getter]
    fn entities(&self) -> Vec<&'static str> {
        self.inner.entities()
    }

    /// Returns `text` with each finding replaced by `[ENTITY]`.
    fn redact(&self, py: Python<'_>, text: &str) -> String {
        if text.len() >= detach_threshold() {
            py.detach(|| self.inner.redact(text).into_owned())
        } else {
            self.inner.redact(text).into_owned()
        }
    }

    /// Returns the findings in `text`, sorted by position.
    fn analyze(&self, py: Python<'_>, text: &str) -> Vec<PyFinding> {
        let findings = if text.len() >= detach_threshold() {
            py.detach(|| self.inner.analyze(text))
        } else {
            self.inner.analyze(text)
        };
        to_code_point_offsets(text, &findings)
    }

    /// Redacts a JSON document given as `str` or `bytes`, returning the same type.
    fn redact_json<'py>(
        &self,
        py: Python<'py>,
        value: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        if let Ok(text) = value.cast::<PyString>() {
            let redacted = self.redact_json_bytes(py, text.to_cow()?.as_bytes())?;
            // The input was UTF-8 and serde_json writes UTF-8, so this conversion cannot fail.
            let redacted = String::from_utf8(redacted).map_err(|_| {
                errors::body_type_error("the redacted JSON is not valid UTF-8".to_owned())
            })?;
            return Ok(PyString::new(py, &redacted).into_any());
        }
        if let Ok(bytes) = value.cast::<PyBytes>() {
            let redacted = self.redact_json_bytes(py, bytes.as_bytes())?;
            return Ok(PyBytes::new(py, &redacted).into_any());
        }
        Err(errors::argument_type_error(format!(
            "redact_json takes a JSON document as str or bytes, not a {}",
            type_name(value)
        )))
    }

    fn __repr__(&self) -> String {
        format!("Redactor(entities={:?})", self.inner.entities())
    }
}

impl PyRedactor {
    fn redact_json_bytes(&self, py: Python<'_>, json: &[u8]) -> PyResult<Vec<u8>> {
        let result = if json.len() >= detach_threshold() {
            py.detach(|| self.inner.redact_json_bytes(json))
        } else {
            self.inner.redact_json_bytes(json)
        };
        result.map_err(|error| errors::redact_error(&error))
    }
}

/// Converts byte offsets into code point offsets, walking the text once for all findings.
fn to_code_point_offsets(text: &str, findings: &[Finding]) -> Vec<PyFinding> {
    let mut byte_position = 0;
    let mut code_points = 0;
    let mut advance = |target: usize| {
        let target = target.min(text.len());
        if target > byte_position {
            code_points += text
                .get(byte_position..target)
                .map_or(0, |part| part.chars().count());
            byte_position = target;
        }
        code_points
    };
    findings
        .iter()
        .map(|finding| PyFinding {
            entity: finding.entity,
            start: advance(finding.start),
            end: advance(finding.end),
            score: finding.score,
            rule: finding.rule,
        })
        .collect()
}
