//! `Webhook`: verify, parse and redact a delivery in one call from Python.

use std::sync::Arc;

use pyo3::prelude::*;

use super::errors;
use super::input::{extract_body, extract_secrets, find_header, key_inputs};
use super::payload::PyWebhookDelivery;
use super::policy::{PyVersionPolicy, limits, policy_or_default};
use super::redact::PyRedactor;
use super::signature::detach_threshold;
use crate::payload::PayloadKind;
use crate::redact::Redactor;
use crate::signature::{DEFAULT_TOLERANCE_SECONDS, SIGNATURE_HEADER, Scheme, Verifier};
use crate::webhook::Webhook;

/// Verifies, parses and redacts CustomBooks webhook deliveries.
///
/// `secrets` are the Signature Secret Keys, the current one first. `receive(body, headers)`
/// verifies the signature over the raw body, then parses the payload, then redacts event data.
#[pyclass(module = "custombooks_guard._core", name = "Webhook", frozen)]
pub struct PyWebhook {
    inner: Webhook,
    /// The policy object, which also reports newer minor versions once each.
    policy: Py<PyVersionPolicy>,
}

#[pymethods]
impl PyWebhook {
    // Keep these defaults equal to `Limits::default()`; a test checks that they match.
    #[new]
    #[pyo3(signature = (
        secrets,
        *,
        redactor = None,
        redact = true,
        max_body_bytes = 1_048_576,
        max_events = 1000,
        max_depth = 64,
        max_string_bytes = 131_072,
        policy = None,
        infer_missing_version = None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        secrets: &Bound<'_, PyAny>,
        redactor: Option<PyRef<'_, PyRedactor>>,
        redact: bool,
        max_body_bytes: i64,
        max_events: i64,
        max_depth: i64,
        max_string_bytes: i64,
        policy: Option<Py<PyVersionPolicy>>,
        infer_missing_version: Option<bool>,
    ) -> PyResult<Self> {
        let max_body_bytes = positive("max_body_bytes", max_body_bytes)?;
        let max_events = positive("max_events", max_events)?;
        let max_depth = positive("max_depth", max_depth)?;
        let max_string_bytes = positive("max_string_bytes", max_string_bytes)?;
        let keys = extract_secrets(secrets)?;
        let verifier = Verifier::new(
            Scheme::CustomBooks,
            &key_inputs(&keys),
            DEFAULT_TOLERANCE_SECONDS,
        )
        .map_err(|error| errors::key_error(&error))?;
        if redactor.is_some() && !redact {
            return Err(errors::configuration_error(
                "redact=False turns redaction off, so a redactor cannot be given with it: pass \
                 one or the other"
                    .to_owned(),
            ));
        }
        if redactor
            .as_ref()
            .is_some_and(|redactor| redactor.inner.has_custom_operator())
        {
            // Receiving runs with the GIL released, where a Python operator cannot be called.
            return Err(errors::configuration_error(
                "the redactor has a callable operator, which Webhook cannot call while it \
                 receives: use \"replace\", \"mask\", \"hash\", \"remove\" or \"keep\", or \
                 redact event.data with Redactor.redact_json after receive"
                    .to_owned(),
            ));
        }
        let redactor = match redactor {
            Some(redactor) => Some(Arc::clone(&redactor.inner)),
            None if redact => Some(Arc::new(Redactor::new())),
            None => None,
        };
        let policy = match (policy, infer_missing_version) {
            (Some(_), Some(_)) => {
                return Err(errors::configuration_error(
                    "infer_missing_version and policy cannot be given together: set \
                     missing_version on the VersionPolicy instead"
                        .to_owned(),
                ));
            }
            (None, Some(false)) => Py::new(py, PyVersionPolicy::strict())?,
            (policy, _) => policy_or_default(py, policy)?,
        };
        let limits = limits(max_body_bytes, max_events, max_depth, max_string_bytes)?;
        let inner = Webhook::new(verifier, policy.get().policy.clone(), limits, redactor);
        Ok(Self { inner, policy })
    }

    /// Verifies, parses and redacts one delivery.
    fn receive(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
    ) -> PyResult<PyWebhookDelivery> {
        let signature = find_header(headers, SIGNATURE_HEADER)?;
        let body = extract_body(body)?;
        let bytes = body.as_slice();
        let receive = || self.inner.receive(bytes, signature.as_deref());
        let result = if bytes.len() >= detach_threshold() {
            py.detach(receive)
        } else {
            receive()
        };
        let delivery = result.map_err(|error| errors::receive_error(py, &error))?;
        if delivery.newer_minor {
            self.policy
                .get()
                .note_newer_minor(py, PayloadKind::Webhook, delivery.version)?;
        }
        PyWebhookDelivery::from_core(py, delivery)
    }

    /// Returns the signature header value for `body`, made with the first key.
    fn sign(&self, body: &Bound<'_, PyAny>) -> PyResult<String> {
        let body = extract_body(body)?;
        self.inner
            .verifier()
            .sign(body.as_slice(), None, None)
            .map_err(|error| errors::sign_error(&error))
    }

    fn __repr__(&self) -> String {
        format!("Webhook(keys={})", self.inner.verifier().key_count())
    }
}

fn positive(name: &str, value: i64) -> PyResult<usize> {
    usize::try_from(value)
        .ok()
        .filter(|value| *value > 0)
        .ok_or_else(|| {
            errors::configuration_error(format!("{name} must be at least 1, not {value}"))
        })
}
