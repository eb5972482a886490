//! `Verifier`: signature checks and signing from Python.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyInt, PyString};

use super::errors;
use super::input::{
    a_type_name, describe_number, extract_body, extract_secrets, find_header, key_inputs,
};
use crate::signature::{DEFAULT_TOLERANCE_SECONDS, Scheme, SignedHeaders, Verifier};

/// Bodies of at least this many bytes are hashed with the GIL released. Below it, releasing and
/// re-acquiring the GIL costs more than the hashing it frees. The value is measured by
/// `bench/bench_signature.py --detach`, which sets it through `_set_detach_threshold`.
static DETACH_THRESHOLD: AtomicUsize = AtomicUsize::new(2 * 1024);

pub fn detach_threshold() -> usize {
    DETACH_THRESHOLD.load(Ordering::Relaxed)
}

/// Sets the GIL release threshold in bytes and returns the previous one. For benchmarks only.
#[pyfunction]
pub fn _set_detach_threshold(bytes: usize) -> usize {
    DETACH_THRESHOLD.swap(bytes, Ordering::Relaxed)
}

/// Verifies and creates webhook signatures with one or more secret keys.
///
/// ``secrets`` are the keys, the current one first: every key verifies and the first signs. A
/// ``str`` is the secret as the provider shows it; ``bytes`` are the HMAC key itself and skip
/// the text checks. ``scheme`` is one of ``SIGNATURE_SCHEMES``: ``custombooks``
/// (``CustomBooks-Signature``), ``standard_webhooks`` (``webhook-id``, ``webhook-timestamp``,
/// ``webhook-signature``, or Svix's ``svix-`` names; ``whsec_`` Base64 secrets), ``stripe``
/// (``Stripe-Signature``; ``whsec_`` secrets used as text), ``github``
/// (``X-Hub-Signature-256``), ``shopify`` (``X-Shopify-Hmac-Sha256``), ``quickbooks``
/// (``intuit-signature``) and ``xero`` (``x-xero-signature``). ``tolerance`` bounds, in
/// seconds, the difference between a signed timestamp and ``clock()`` (default ``time.time``).
///
/// Raises ``ConfigurationError`` for an unknown scheme, an empty key list, or a key that is
/// empty, padded with whitespace, lacks its ``whsec_`` prefix or is not valid Base64.
#[pyclass(module = "custombooks_guard._core", name = "Verifier", frozen)]
pub struct PyVerifier {
    pub inner: Verifier,
    clock: Option<Py<PyAny>>,
}

#[pymethods]
impl PyVerifier {
    #[new]
    // `None` defaults let any object reach the checks below, which raise ConfigurationError
    // naming the argument; the text signature shows the real defaults.
    #[pyo3(
        signature = (secrets, scheme = None, *, tolerance = None, clock = None),
        text_signature = "(secrets, scheme='custombooks', *, tolerance=300, clock=None)"
    )]
    fn new(
        secrets: &Bound<'_, PyAny>,
        scheme: Option<&Bound<'_, PyAny>>,
        tolerance: Option<&Bound<'_, PyAny>>,
        clock: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let scheme = scheme.map_or(Ok(Scheme::CustomBooks), parse_scheme)?;
        let tolerance = tolerance.map_or(Ok(DEFAULT_TOLERANCE_SECONDS), parse_tolerance)?;
        if let Some(clock) = &clock {
            if !clock.is_callable() {
                return Err(errors::configuration_error(format!(
                    "clock must be a function that returns Unix time in seconds, such as \
                     time.time, not {}",
                    a_type_name(clock)
                )));
            }
        }
        let keys = extract_secrets(secrets)?;
        let inner = Verifier::new(scheme, &key_inputs(&keys), tolerance)
            .map_err(|error| errors::key_error(&error))?;
        Ok(Self {
            inner,
            clock: clock.map(Bound::unbind),
        })
    }

    /// Verify the signature headers in ``headers`` against the raw ``body``.
    ///
    /// Raises ``MissingSignature``, ``MalformedSignature``, ``SignatureMismatch`` or
    /// ``TimestampOutOfTolerance`` (all ``SignatureError``), or ``BodyTypeError`` for a ``str``
    /// body.
    fn verify(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let scheme = self.inner.scheme();
        let mut names = [
            Some(scheme.signature_header()),
            scheme.id_header(),
            scheme.timestamp_header(),
        ];
        let mut signature = find_header(headers, scheme.signature_header())?;
        if let (None, Some(svix)) = (&signature, scheme.svix_headers()) {
            signature = find_header(headers, svix[0])?;
            if signature.is_some() {
                names = svix.map(Some);
            }
        }
        let id = match names[1] {
            Some(name) => find_header(headers, name)?,
            None => None,
        };
        let timestamp = match names[2] {
            Some(name) => find_header(headers, name)?,
            None => None,
        };
        let signed = SignedHeaders {
            signature: signature.as_deref(),
            id: id.as_deref(),
            timestamp: timestamp.as_deref(),
        };
        self.check(py, body, &signed)
    }

    /// Verify header values that the caller has already read.
    ///
    /// ``message_id`` and ``timestamp`` are the ``webhook-id`` and ``webhook-timestamp``
    /// values for ``standard_webhooks``; other schemes ignore them.
    #[pyo3(signature = (body, signature, *, message_id = None, timestamp = None))]
    fn verify_signature(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        signature: Option<&str>,
        message_id: Option<&str>,
        timestamp: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let timestamp = timestamp.map(timestamp_text).transpose()?;
        let signed = SignedHeaders {
            signature,
            id: message_id,
            timestamp: timestamp.as_deref(),
        };
        self.check(py, body, &signed)
    }

    /// Return the signature header value for ``body``, made with the first key.
    ///
    /// Schemes that sign a timestamp use ``timestamp`` or the clock's time, and
    /// ``standard_webhooks`` needs ``message_id``.
    #[pyo3(signature = (body, *, message_id = None, timestamp = None))]
    fn sign(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        message_id: Option<&str>,
        timestamp: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let timestamp = timestamp.map(signing_timestamp_argument).transpose()?;
        let timestamp = self.signing_timestamp(py, timestamp)?;
        self.sign_at(py, body, message_id, timestamp)
    }

    /// Return every header a delivery of ``body`` needs: the signature and, for schemes that
    /// sign them, the id and timestamp.
    #[pyo3(signature = (body, *, message_id = None, timestamp = None))]
    fn sign_headers<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        message_id: Option<&str>,
        timestamp: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let timestamp = timestamp.map(signing_timestamp_argument).transpose()?;
        let timestamp = self.signing_timestamp(py, timestamp)?;
        let signature = self.sign_at(py, body, message_id, timestamp)?;
        let scheme = self.inner.scheme();
        let headers = PyDict::new(py);
        if let (Some(name), Some(id)) = (scheme.id_header(), message_id) {
            headers.set_item(name, id)?;
        }
        if let (Some(name), Some(timestamp)) = (scheme.timestamp_header(), timestamp) {
            headers.set_item(name, timestamp.to_string())?;
        }
        headers.set_item(scheme.signature_header(), signature)?;
        Ok(headers)
    }

    /// Name of the signature scheme, one of ``SIGNATURE_SCHEMES``.
    #[getter]
    fn scheme(&self) -> &'static str {
        self.inner.scheme().name()
    }

    /// Number of keys that verify.
    #[getter]
    fn key_count(&self) -> usize {
        self.inner.key_count()
    }

    /// Largest difference in seconds, either way, between a signed timestamp and the clock.
    #[getter]
    fn tolerance(&self) -> u64 {
        self.inner.tolerance_seconds()
    }

    /// Verifiers are immutable, so a copy is the verifier itself.
    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __deepcopy__(slf: Py<Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf
    }

    fn __repr__(&self) -> String {
        format!(
            "Verifier(scheme='{}', keys={}, tolerance={})",
            self.inner.scheme().name(),
            self.inner.key_count(),
            self.inner.tolerance_seconds()
        )
    }
}

impl PyVerifier {
    fn check(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        signed: &SignedHeaders<'_>,
    ) -> PyResult<()> {
        let body = extract_body(body)?;
        let bytes = body.as_slice();
        // The clock is read before the GIL is released because it may be a Python function.
        let now = if self.inner.scheme().signs_timestamp() {
            self.now(py)?
        } else {
            0.0
        };
        let verify = || self.inner.verify(bytes, signed, || now);
        let result = if bytes.len() >= detach_threshold() {
            py.detach(verify)
        } else {
            verify()
        };
        result.map_err(|error| errors::signature_error(&error))
    }

    fn sign_at(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        message_id: Option<&str>,
        timestamp: Option<i64>,
    ) -> PyResult<String> {
        let body = extract_body(body)?;
        let bytes = body.as_slice();
        let sign = || self.inner.sign(bytes, message_id, timestamp);
        let result = if bytes.len() >= detach_threshold() {
            py.detach(sign)
        } else {
            sign()
        };
        result.map_err(|error| errors::sign_error(&error))
    }

    fn now(&self, py: Python<'_>) -> PyResult<f64> {
        let Some(clock) = &self.clock else {
            return Ok(system_now());
        };
        let value = clock.bind(py).call0()?;
        let seconds: f64 = value.extract().map_err(|_: PyErr| {
            errors::configuration_error(format!(
                "clock returned {}, not Unix time in seconds as an int or float",
                a_type_name(&value)
            ))
        })?;
        if !seconds.is_finite() {
            return Err(errors::configuration_error(
                "clock returned a value that is not finite".to_owned(),
            ));
        }
        Ok(seconds)
    }

    fn signing_timestamp(&self, py: Python<'_>, timestamp: Option<i64>) -> PyResult<Option<i64>> {
        match timestamp {
            Some(timestamp) => Ok(Some(timestamp)),
            None if self.inner.scheme().signs_timestamp() => {
                // Whole seconds, as the schemes write them; the cast saturates far beyond any
                // real clock.
                #[allow(clippy::cast_possible_truncation)]
                let seconds = self.now(py)?.floor() as i64;
                Ok(Some(seconds))
            }
            None => Ok(None),
        }
    }
}

fn system_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |elapsed| elapsed.as_secs_f64())
}

fn parse_scheme(value: &Bound<'_, PyAny>) -> PyResult<Scheme> {
    let names: Vec<&str> = Scheme::ALL.iter().map(|scheme| scheme.name()).collect();
    let Ok(name) = value.cast::<PyString>() else {
        return Err(errors::configuration_error(format!(
            "scheme must be a str, one of {}, not {}",
            names.join(", "),
            a_type_name(value)
        )));
    };
    let name = name.to_cow()?;
    Scheme::from_name(&name).ok_or_else(|| {
        errors::configuration_error(format!(
            "unknown signature scheme '{name}': use one of {}",
            names.join(", ")
        ))
    })
}

fn parse_tolerance(value: &Bound<'_, PyAny>) -> PyResult<u64> {
    let invalid = || {
        errors::configuration_error(format!(
            "tolerance must be an int of zero or more seconds, not {}; the default is \
             {DEFAULT_TOLERANCE_SECONDS}",
            describe_number(value)
        ))
    };
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(invalid());
    }
    value.extract::<u64>().map_err(|_| invalid())
}

/// Reads the `timestamp` argument of `sign`: Unix time in whole seconds, as an int.
fn signing_timestamp_argument(value: &Bound<'_, PyAny>) -> PyResult<i64> {
    if value.is_instance_of::<PyBool>() || !value.is_instance_of::<PyInt>() {
        return Err(errors::argument_type_error(format!(
            "timestamp must be Unix time in whole seconds as an int, not {}",
            a_type_name(value)
        )));
    }
    value.extract::<i64>().map_err(|_| {
        errors::configuration_error(format!(
            "timestamp {} is out of range: pass Unix time in whole seconds",
            describe_number(value)
        ))
    })
}

/// Reads a timestamp given as header text or as an int.
fn timestamp_text(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(text.to_cow()?.into_owned());
    }
    if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        return Ok(value.str()?.to_cow()?.into_owned());
    }
    Err(errors::argument_type_error(format!(
        "timestamp must be the header's str or an int, not {}",
        a_type_name(value)
    )))
}
