//! `Verifier`: signature checks and signing from Python.

use pyo3::prelude::*;

use super::errors;
use super::input::{extract_body, extract_secrets, find_header};
use crate::signature::{SIGNATURE_HEADER, Verifier as CoreVerifier};

/// Bodies of at least this many bytes are hashed with the GIL released. Below it, releasing and
/// re-acquiring the GIL costs more than the hashing it frees.
// NOTE: an estimate from SHA-256 running at about 1.5 GB/s (16 KiB in about 10 µs); a measured
// crossover belongs in the signature benchmark.
pub const DETACH_THRESHOLD: usize = 16 * 1024;

#[pyclass(module = "custombooks_guard._core", name = "Verifier", frozen)]
pub struct PyVerifier {
    pub inner: CoreVerifier,
}

#[pymethods]
impl PyVerifier {
    #[new]
    fn new(secrets: &Bound<'_, PyAny>) -> PyResult<Self> {
        let keys = extract_secrets(secrets)?;
        let inner = CoreVerifier::new(&keys).map_err(|error| errors::key_error(&error))?;
        Ok(Self { inner })
    }

    /// Verifies the signature header in `headers` against `body`.
    fn verify(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        headers: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        let signature = find_header(headers, SIGNATURE_HEADER)?;
        self.check(py, body, signature.as_deref())
    }

    /// Verifies a signature header value that the caller has already read.
    #[pyo3(signature = (body, signature))]
    fn verify_signature(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        signature: Option<&str>,
    ) -> PyResult<()> {
        self.check(py, body, signature)
    }

    /// Returns the signature header value for `body`, made with the first key.
    fn sign(&self, py: Python<'_>, body: &Bound<'_, PyAny>) -> PyResult<String> {
        let body = extract_body(body)?;
        let bytes = body.as_slice();
        if bytes.len() >= DETACH_THRESHOLD {
            Ok(py.detach(|| self.inner.sign(bytes)))
        } else {
            Ok(self.inner.sign(bytes))
        }
    }

    #[getter]
    fn key_count(&self) -> usize {
        self.inner.key_count()
    }

    fn __repr__(&self) -> String {
        format!("Verifier(keys={})", self.inner.key_count())
    }
}

impl PyVerifier {
    fn check(
        &self,
        py: Python<'_>,
        body: &Bound<'_, PyAny>,
        signature: Option<&str>,
    ) -> PyResult<()> {
        let body = extract_body(body)?;
        let bytes = body.as_slice();
        let result = if bytes.len() >= DETACH_THRESHOLD {
            py.detach(|| self.inner.verify(bytes, signature))
        } else {
            self.inner.verify(bytes, signature)
        };
        result.map_err(|error| errors::signature_error(&error))
    }
}
