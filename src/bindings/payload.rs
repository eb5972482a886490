//! `Event`, `WebhookDelivery` and `parse_webhook` from Python.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDateTime, PyDict, PyIterator, PyTuple};
use serde_json::{Map, Value};

use super::convert::{
    event_data_to_python, members_to_python, object_to_python, timestamp_to_python,
};
use super::errors;
use super::input::extract_unsigned_body;
use super::policy::{LimitArguments, PyVersionPolicy, limits, policy_or_default};
use super::signature::detach_threshold;
use super::webhook::preset_argument;
use crate::payload::{Event, PayloadKind, WebhookDelivery};

/// One normalised event. Its data becomes Python objects the first time it is read.
#[pyclass(module = "custombooks_guard._core", name = "Event", frozen)]
pub struct PyEvent {
    event: Event,
    data: PyOnceLock<Py<PyAny>>,
    extra: PyOnceLock<Py<PyDict>>,
}

#[pymethods]
impl PyEvent {
    #[getter]
    fn id(&self) -> &str {
        &self.event.id
    }

    #[getter(r#type)]
    fn kind(&self) -> &str {
        &self.event.kind
    }

    #[getter]
    fn entity(&self) -> &str {
        &self.event.entity
    }

    #[getter]
    fn entity_id(&self) -> &str {
        &self.event.entity_id
    }

    #[getter]
    fn operation(&self) -> &str {
        &self.event.operation
    }

    #[getter]
    fn company_id(&self) -> &str {
        &self.event.company_id
    }

    #[getter]
    fn occurred_at<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDateTime>> {
        timestamp_to_python(py, &self.event.occurred_at)
    }

    #[getter]
    fn version(&self) -> String {
        self.event.version.to_string()
    }

    #[getter]
    fn sequence(&self) -> Option<u64> {
        self.event.sequence
    }

    #[getter]
    fn deleted_id(&self) -> Option<&str> {
        self.event.deleted_id.as_deref()
    }

    #[getter]
    fn changed_fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        PyTuple::new(py, &self.event.changed_fields)
    }

    #[getter]
    fn data<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let data = self.data.get_or_try_init(py, || {
            event_data_to_python(py, &self.event.data).map(Bound::unbind)
        })?;
        Ok(data.bind(py).clone())
    }

    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let extra = self.extra.get_or_try_init(py, || {
            members_to_python(py, &self.event.extra).map(Bound::unbind)
        })?;
        Ok(extra.bind(py).clone())
    }

    fn __repr__(&self) -> String {
        // Ids and names of entity types are routing data, not end users' data.
        format!(
            "Event(id='{}', type='{}', entity='{}', entity_id='{}')",
            self.event.id, self.event.kind, self.event.entity, self.event.entity_id
        )
    }
}

/// A parsed webhook payload: its version and its events.
#[pyclass(module = "custombooks_guard._core", name = "WebhookDelivery", frozen)]
pub struct PyWebhookDelivery {
    version: String,
    version_inferred: bool,
    newer_minor: bool,
    events: Py<PyTuple>,
    extra: Map<String, Value>,
}

impl PyWebhookDelivery {
    pub fn from_core(py: Python<'_>, delivery: WebhookDelivery) -> PyResult<Self> {
        let events = delivery
            .events
            .into_iter()
            .map(|event| {
                Py::new(
                    py,
                    PyEvent {
                        event,
                        data: PyOnceLock::new(),
                        extra: PyOnceLock::new(),
                    },
                )
            })
            .collect::<PyResult<Vec<_>>>()?;
        Ok(Self {
            version: delivery.version.to_string(),
            version_inferred: delivery.version_inferred,
            newer_minor: delivery.newer_minor,
            events: PyTuple::new(py, events)?.unbind(),
            extra: delivery.extra,
        })
    }
}

#[pymethods]
impl PyWebhookDelivery {
    #[getter]
    fn version(&self) -> &str {
        &self.version
    }

    #[getter]
    fn version_inferred(&self) -> bool {
        self.version_inferred
    }

    #[getter]
    fn newer_minor(&self) -> bool {
        self.newer_minor
    }

    #[getter]
    fn events<'py>(&self, py: Python<'py>) -> Bound<'py, PyTuple> {
        self.events.bind(py).clone()
    }

    #[getter]
    fn extra<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        object_to_python(py, &self.extra)
    }

    fn __len__(&self, py: Python<'_>) -> usize {
        self.events.bind(py).len()
    }

    /// Iterates over the events, as `events` does.
    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyIterator>> {
        self.events.bind(py).try_iter()
    }

    /// Returns the event at `index`, or a tuple of events for a slice, as `events[index]`.
    fn __getitem__<'py>(
        &self,
        py: Python<'py>,
        index: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        self.events.bind(py).as_any().get_item(index)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "WebhookDelivery(version='{}', version_inferred={}, newer_minor={}, events={})",
            self.version,
            if self.version_inferred {
                "True"
            } else {
                "False"
            },
            if self.newer_minor { "True" } else { "False" },
            self.events.bind(py).len()
        )
    }
}

/// Parses a webhook body without verifying or redacting it.
// `None` defaults let any object reach `preset_argument` and `limits`, which raise
// ConfigurationError naming the argument. The text signature shows the real defaults, and a test
// checks them against the limits in force.
#[pyfunction]
#[pyo3(
    signature = (
        body,
        *,
        policy = None,
        preset = None,
        max_body_bytes = None,
        max_events = None,
        max_depth = None,
        max_string_bytes = None,
    ),
    text_signature = "(body, *, policy=None, preset='custombooks', max_body_bytes=1048576, \
                      max_events=1000, max_depth=64, max_string_bytes=131072)"
)]
#[allow(clippy::too_many_arguments)]
pub fn parse_webhook(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    policy: Option<Py<PyVersionPolicy>>,
    preset: Option<&Bound<'_, PyAny>>,
    max_body_bytes: Option<&Bound<'_, PyAny>>,
    max_events: Option<&Bound<'_, PyAny>>,
    max_depth: Option<&Bound<'_, PyAny>>,
    max_string_bytes: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyWebhookDelivery> {
    let limits = limits(&LimitArguments {
        max_body_bytes,
        max_events,
        max_depth,
        max_string_bytes,
    })?;
    let preset = preset_argument(preset, policy.as_ref().map(|_| "policy"))?;
    let policy = policy_or_default(py, policy)?;
    let policy = policy.get();
    let body = extract_unsigned_body(body)?;
    let bytes = body.as_slice();
    let parse = || preset.parse(bytes, &policy.policy, &limits);
    let result = if bytes.len() >= detach_threshold() {
        py.detach(parse)
    } else {
        parse()
    };
    let delivery = result.map_err(|error| errors::payload_error(py, &error))?;
    if delivery.newer_minor {
        policy.note_newer_minor(py, PayloadKind::Webhook, delivery.version)?;
    }
    PyWebhookDelivery::from_core(py, delivery)
}
