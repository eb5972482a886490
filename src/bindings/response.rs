//! `ApiResponse` and `parse_response` from Python.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDateTime, PyDict, PyList};

use super::convert::{json_to_python, object_to_python, timestamp_to_python};
use super::errors;
use super::input::extract_unsigned_body;
use super::policy::{LimitArguments, PyVersionPolicy, limits, policy_or_default};
use super::signature::detach_threshold;
use crate::payload::{self, ApiResponse, PayloadKind, ResponseBody};

/// A parsed API response. Its entity data becomes Python objects the first time it is read.
#[pyclass(module = "custombooks_guard._core", name = "ApiResponse", frozen)]
pub struct PyApiResponse {
    response: ApiResponse,
    data: PyOnceLock<Py<PyAny>>,
    extra: PyOnceLock<Py<PyDict>>,
}

#[pymethods]
impl PyApiResponse {
    #[getter]
    fn version(&self) -> String {
        self.response.version.to_string()
    }

    #[getter]
    fn version_inferred(&self) -> bool {
        self.response.version_inferred
    }

    #[getter]
    fn newer_minor(&self) -> bool {
        self.response.newer_minor
    }

    #[getter]
    fn time<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDateTime>>> {
        self.response
            .time
            .as_ref()
            .map(|time| timestamp_to_python(py, time))
            .transpose()
    }

    #[getter]
    fn kind(&self) -> &'static str {
        match self.response.body {
            ResponseBody::Entity { .. } => "entity",
            ResponseBody::Query { .. } => "query",
        }
    }

    #[getter]
    fn entity(&self) -> Option<&str> {
        match &self.response.body {
            ResponseBody::Entity { name, .. } => Some(name),
            ResponseBody::Query { name, .. } => name.as_deref(),
        }
    }

    #[getter]
    fn data<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let data = self.data.get_or_try_init(py, || {
            let data = match &self.response.body {
                ResponseBody::Entity { value, .. } => object_to_python(py, value)?.into_any(),
                ResponseBody::Query { items, .. } => {
                    let list = PyList::empty(py);
                    for item in items {
                        list.append(json_to_python(py, item)?)?;
                    }
                    list.into_any()
                }
            };
            Ok::<_, PyErr>(data.unbind())
        })?;
        Ok(data.bind(py).clone())
    }

    #[getter]
    fn start_position(&self) -> Option<u64> {
        self.query_field(|start_position, _, _| start_position)
    }

    #[getter]
    fn max_results(&self) -> Option<u64> {
        self.query_field(|_, max_results, _| max_results)
    }

    #[getter]
    fn total_count(&self) -> Option<u64> {
        self.query_field(|_, _, total_count| total_count)
    }

    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let extra = self.extra.get_or_try_init(py, || {
            object_to_python(py, &self.response.extra).map(Bound::unbind)
        })?;
        Ok(extra.bind(py).clone())
    }

    fn __len__(&self) -> usize {
        match &self.response.body {
            ResponseBody::Entity { .. } => 1,
            ResponseBody::Query { items, .. } => items.len(),
        }
    }

    fn __repr__(&self) -> String {
        // The entity name is routing data; the entity itself may hold PII and is left out.
        format!(
            "ApiResponse(version='{}', kind='{}', entity={}, items={})",
            self.response.version,
            self.kind(),
            self.entity()
                .map_or_else(|| "None".to_owned(), |name| format!("'{name}'")),
            self.__len__()
        )
    }
}

impl PyApiResponse {
    fn query_field(
        &self,
        pick: impl Fn(Option<u64>, Option<u64>, Option<u64>) -> Option<u64>,
    ) -> Option<u64> {
        match &self.response.body {
            ResponseBody::Query {
                start_position,
                max_results,
                total_count,
                ..
            } => pick(*start_position, *max_results, *total_count),
            ResponseBody::Entity { .. } => None,
        }
    }
}

/// Parses an API response body. A `Fault` raises `ApiFault`.
// `None` defaults let any object reach `limits`, which raises ConfigurationError naming the
// argument. The text signature shows the real defaults, and a test checks them against the
// limits in force.
#[pyfunction]
#[pyo3(
    signature = (
        body,
        *,
        policy = None,
        max_body_bytes = None,
        max_depth = None,
        max_string_bytes = None,
    ),
    text_signature = "(body, *, policy=None, max_body_bytes=1048576, max_depth=64, \
                      max_string_bytes=131072)"
)]
pub fn parse_response(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    policy: Option<Py<PyVersionPolicy>>,
    max_body_bytes: Option<&Bound<'_, PyAny>>,
    max_depth: Option<&Bound<'_, PyAny>>,
    max_string_bytes: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyApiResponse> {
    // API responses have no events, so max_events has no effect and is not offered.
    let limits = limits(&LimitArguments {
        max_body_bytes,
        max_events: None,
        max_depth,
        max_string_bytes,
    })?;
    let policy = policy_or_default(py, policy)?;
    let policy = policy.get();
    let body = extract_unsigned_body(body)?;
    let bytes = body.as_slice();
    let parse = || payload::parse_response(bytes, &policy.policy, &limits);
    let result = if bytes.len() >= detach_threshold() {
        py.detach(parse)
    } else {
        parse()
    };
    let response = result.map_err(|error| errors::payload_error(py, &error))?;
    if response.newer_minor {
        policy.note_newer_minor(py, PayloadKind::ApiResponse, response.version)?;
    }
    Ok(PyApiResponse {
        response,
        data: PyOnceLock::new(),
        extra: PyOnceLock::new(),
    })
}
