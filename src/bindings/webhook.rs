//! `Webhook`: verify, parse and redact a delivery in one call from Python.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyString};

use super::errors;
use super::input::{a_type_name, extract_body, extract_secrets, find_header, key_inputs};
use super::payload::PyWebhookDelivery;
use super::policy::{LimitArguments, PyVersionPolicy, limits, policy_or_default};
use super::redact::PyRedactor;
use super::signature::detach_threshold;
use crate::payload::PayloadKind;
use crate::redact::Redactor;
use crate::webhook::{Preset, Webhook};

/// Verifies, parses and redacts webhook deliveries from CustomBooks or, with
/// `preset="quickbooks"`, from QuickBooks Online.
///
/// `secrets` are the sender's keys, the current one first. `receive(body, headers)` verifies
/// the signature over the raw body, then parses the payload, then redacts event data.
#[pyclass(module = "custombooks_guard._core", name = "Webhook", frozen)]
pub struct PyWebhook {
    inner: Webhook,
    /// The policy object, which also reports newer minor versions once each.
    policy: Py<PyVersionPolicy>,
}

#[pymethods]
impl PyWebhook {
    // `None` defaults let any object reach `preset_argument` and `limits`, which raise
    // ConfigurationError naming the argument. The text signature shows the real defaults, and
    // a test checks them against the limits in force.
    #[new]
    #[pyo3(
        signature = (
            secrets,
            *,
            preset = None,
            redactor = None,
            redact = None,
            max_body_bytes = None,
            max_events = None,
            max_depth = None,
            max_string_bytes = None,
            policy = None,
            infer_missing_version = None,
        ),
        text_signature = "(secrets, *, preset='custombooks', redactor=None, redact=True, \
                          max_body_bytes=1048576, max_events=1000, max_depth=64, \
                          max_string_bytes=131072, policy=None, infer_missing_version=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        secrets: &Bound<'_, PyAny>,
        preset: Option<&Bound<'_, PyAny>>,
        redactor: Option<&Bound<'_, PyAny>>,
        redact: Option<&Bound<'_, PyAny>>,
        max_body_bytes: Option<&Bound<'_, PyAny>>,
        max_events: Option<&Bound<'_, PyAny>>,
        max_depth: Option<&Bound<'_, PyAny>>,
        max_string_bytes: Option<&Bound<'_, PyAny>>,
        policy: Option<&Bound<'_, PyAny>>,
        infer_missing_version: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let redactor = redactor
            .filter(|value| !value.is_none())
            .map(|value| {
                value.cast::<PyRedactor>().map(Bound::borrow).map_err(|_| {
                    errors::argument_type_error(format!(
                        "redactor must be a Redactor or None, not {}: build one with \
                         Redactor(...)",
                        a_type_name(value)
                    ))
                })
            })
            .transpose()?;
        let redact = redact.map_or(Ok(true), |value| flag("redact", value))?;
        let policy = policy
            .filter(|value| !value.is_none())
            .map(|value| {
                value
                    .cast::<PyVersionPolicy>()
                    .map(|policy| policy.clone().unbind())
                    .map_err(|_| {
                        errors::argument_type_error(format!(
                            "policy must be a VersionPolicy or None, not {}: build one with \
                             VersionPolicy(...)",
                            a_type_name(value)
                        ))
                    })
            })
            .transpose()?;
        let infer_missing_version = infer_missing_version
            .filter(|value| !value.is_none())
            .map(|value| flag("infer_missing_version", value))
            .transpose()?;
        let limits = limits(&LimitArguments {
            max_body_bytes,
            max_events,
            max_depth,
            max_string_bytes,
        })?;
        let policy_argument = match (&policy, infer_missing_version) {
            (Some(_), _) => Some("policy"),
            (None, Some(_)) => Some("infer_missing_version"),
            (None, None) => None,
        };
        let preset = preset_argument(preset, policy_argument)?;
        let keys = extract_secrets(secrets)?;
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
        let inner = Webhook::new(
            preset,
            &key_inputs(&keys),
            policy.get().policy.clone(),
            limits,
            redactor,
        )
        .map_err(|error| errors::key_error(&error))?;
        Ok(Self { inner, policy })
    }

    /// Verifies, parses and redacts one delivery.
    fn receive(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
    ) -> PyResult<PyWebhookDelivery> {
        let preset = self.inner.preset();
        let signature = find_header(headers, preset.scheme().signature_header())?;
        let signed_for = match signature {
            Some(_) => None,
            None => other_preset_signed_for(headers, preset)?,
        };
        let body = extract_body(body)?;
        let bytes = body.as_slice();
        let receive = || self.inner.receive(bytes, signature.as_deref(), signed_for);
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

    /// Name of the sender preset, ``"custombooks"`` or ``"quickbooks"``.
    #[getter]
    fn preset(&self) -> &'static str {
        self.inner.preset().name()
    }

    /// Name of the header that carries the signature, such as ``"CustomBooks-Signature"``.
    #[getter]
    fn signature_header(&self) -> &'static str {
        self.inner.preset().scheme().signature_header()
    }

    fn __repr__(&self) -> String {
        format!(
            "Webhook(preset='{}', keys={})",
            self.inner.preset().name(),
            self.inner.verifier().key_count()
        )
    }
}

/// Reads a `preset` argument: the name of a [`Preset`], `"custombooks"` when `None`.
///
/// `policy_argument` names the version policy argument the caller gave, if any. QuickBooks
/// Online payloads carry no version, so such an argument with that preset is rejected.
pub fn preset_argument(
    value: Option<&Bound<'_, PyAny>>,
    policy_argument: Option<&str>,
) -> PyResult<Preset> {
    let preset = match value {
        None => Preset::CustomBooks,
        Some(value) => {
            let Ok(name) = value.cast::<PyString>() else {
                return Err(errors::configuration_error(format!(
                    "preset must be a str, \"custombooks\" or \"quickbooks\", not {}",
                    a_type_name(value)
                )));
            };
            let name = name.to_cow()?;
            Preset::from_name(&name).ok_or_else(|| {
                errors::configuration_error(format!(
                    "preset is {name:?}; pass \"custombooks\" or \"quickbooks\""
                ))
            })?
        }
    };
    if let (Some(argument), false) = (policy_argument, preset.uses_version_policy()) {
        return Err(errors::configuration_error(format!(
            "{argument} sets the version policy, which applies to CustomBooks payloads only: \
             drop {argument} when preset is \"{}\"",
            preset.name()
        )));
    }
    Ok(preset)
}

/// Returns another preset whose signature header `headers` contains, so that the error for a
/// missing signature can name the preset that fits.
fn other_preset_signed_for(
    headers: &Bound<'_, PyAny>,
    expected: Preset,
) -> PyResult<Option<Preset>> {
    for preset in Preset::ALL {
        if preset != expected && find_header(headers, preset.scheme().signature_header())?.is_some()
        {
            return Ok(Some(preset));
        }
    }
    Ok(None)
}

/// Reads a `bool` argument, rejecting other types, which Python would treat as true or false
/// by their value.
fn flag(name: &str, value: &Bound<'_, PyAny>) -> PyResult<bool> {
    value
        .cast::<PyBool>()
        .map(PyBoolMethods::is_true)
        .map_err(|_| {
            errors::argument_type_error(format!(
                "{name} must be True or False, not {}",
                a_type_name(value)
            ))
        })
}
