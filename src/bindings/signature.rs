//! `Verifier`: signature checks and signing from Python.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyInt, PyString};

use super::errors;
use super::input::{extract_body, extract_secrets, find_header, key_inputs, type_name};
use crate::signature::{DEFAULT_TOLERANCE_SECONDS, Scheme, SignedHeaders, Verifier};

/// Bodies of at least this many bytes are hashed with the GIL released. Below it, releasing and
/// re-acquiring the GIL costs more than the hashing it frees. The value is measured by
/// `bench/bench_signature.py --detach`, which sets it through `_set_detach_threshold`.
static DETACH_THRESHOLD: AtomicUsize = AtomicUsize::new(8 * 1024);

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
/// `secrets` are the keys, the current one first; every key verifies and the first signs.
/// `scheme` is one of `SIGNATURE_SCHEMES`. `tolerance` bounds, in seconds, the difference
/// between a signed timestamp and `clock()` (default `time.time`).
#[pyclass(module = "custombooks_guard._core", name = "Verifier", frozen)]
pub struct PyVerifier {
    pub inner: Verifier,
    clock: Option<Py<PyAny>>,
}

#[pymethods]
impl PyVerifier {
    #[new]
    #[pyo3(signature = (secrets, scheme = "custombooks", *, tolerance = 300, clock = None))]
    fn new(
        secrets: &Bound<'_, PyAny>,
        scheme: &str,
        tolerance: i64,
        clock: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let scheme = parse_scheme(scheme)?;
        let tolerance = u64::try_from(tolerance).map_err(|_| {
            errors::configuration_error(format!(
                "tolerance must be zero or more seconds, not {tolerance}; the default is \
                 {DEFAULT_TOLERANCE_SECONDS}"
            ))
        })?;
        if let Some(clock) = &clock {
            if !clock.is_callable() {
                return Err(errors::configuration_error(format!(
                    "clock must be a function that returns Unix time in seconds, such as \
                     time.time, not a {}",
                    type_name(clock)
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

    /// Verifies the signature headers in `headers` against `body`.
    fn verify(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let scheme = self.inner.scheme();
        let signature = find_header(headers, scheme.signature_header())?;
        let id = match scheme.id_header() {
            Some(name) => find_header(headers, name)?,
            None => None,
        };
        let timestamp = match scheme.timestamp_header() {
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

    /// Verifies header values that the caller has already read.
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

    /// Returns the signature header value for `body`, made with the first key.
    #[pyo3(signature = (body, *, message_id = None, timestamp = None))]
    fn sign(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        message_id: Option<&str>,
        timestamp: Option<i64>,
    ) -> PyResult<String> {
        let timestamp = self.signing_timestamp(py, timestamp)?;
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

    /// Returns every header a delivery of `body` needs: the signature and, for schemes that
    /// sign them, the id and timestamp.
    #[pyo3(signature = (body, *, message_id = None, timestamp = None))]
    fn sign_headers<'py>(
        &self,
        py: Python<'py>,
        body: &Bound<'py, PyAny>,
        message_id: Option<&str>,
        timestamp: Option<i64>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let timestamp = self.signing_timestamp(py, timestamp)?;
        let signature = self.sign(py, body, message_id, timestamp)?;
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

    #[getter]
    fn scheme(&self) -> &'static str {
        self.inner.scheme().name()
    }

    #[getter]
    fn key_count(&self) -> usize {
        self.inner.key_count()
    }

    #[getter]
    fn tolerance(&self) -> u64 {
        self.inner.tolerance_seconds()
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
            0
        };
        let verify = || self.inner.verify(bytes, signed, || now);
        let result = if bytes.len() >= detach_threshold() {
            py.detach(verify)
        } else {
            verify()
        };
        result.map_err(|error| errors::signature_error(&error))
    }

    fn now(&self, py: Python<'_>) -> PyResult<i64> {
        let Some(clock) = &self.clock else {
            return Ok(system_now());
        };
        let value = clock.bind(py).call0()?;
        let seconds: f64 = value.extract().map_err(|_| {
            errors::configuration_error(format!(
                "clock returned a {}, not Unix time in seconds as an int or float",
                type_name(&value)
            ))
        })?;
        if !seconds.is_finite() {
            return Err(errors::configuration_error(
                "clock returned a value that is not finite".to_owned(),
            ));
        }
        // Truncation is intended: timestamps are whole seconds, and the float range is clamped.
        #[allow(clippy::cast_possible_truncation)]
        Ok(seconds.floor() as i64)
    }

    fn signing_timestamp(&self, py: Python<'_>, timestamp: Option<i64>) -> PyResult<Option<i64>> {
        match timestamp {
            Some(timestamp) => Ok(Some(timestamp)),
            None if self.inner.scheme().signs_timestamp() => self.now(py).map(Some),
            None => Ok(None),
        }
    }
}

fn system_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| {
            i64::try_from(elapsed.as_secs()).unwrap_or(i64::MAX)
        })
}

fn parse_scheme(name: &str) -> PyResult<Scheme> {
    Scheme::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = Scheme::ALL.iter().map(|scheme| scheme.name()).collect();
        errors::configuration_error(format!(
            "unknown signature scheme '{name}': use one of {}",
            names.join(", ")
        ))
    })
}

/// Reads a timestamp given as header text or as an int.
fn timestamp_text(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(text.to_cow()?.into_owned());
    }
    if value.is_instance_of::<PyInt>() && !value.is_instance_of::<pyo3::types::PyBool>() {
        return Ok(value.str()?.to_cow()?.into_owned());
    }
    Err(errors::body_type_error(format!(
        "timestamp must be the header's str or an int, not a {}",
        type_name(value)
    )))
}
