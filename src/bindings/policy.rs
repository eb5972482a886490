//! `VersionPolicy` from Python, and the warning for newer minor versions.

use std::collections::HashSet;
use std::ffi::CString;
use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyTuple;

use super::errors;
use crate::payload::{Limits, PayloadKind, Version, VersionPolicy};

pyo3::import_exception!(custombooks_guard.exceptions, NewerMinorVersionWarning);

const NEWER_MINOR_CHOICES: &str = "\"warn\", \"accept\" or \"reject\"";
const MISSING_VERSION_CHOICES: &str = "\"infer\" or \"reject\"";

/// The payload versions a parser accepts, as set from Python.
#[pyclass(module = "custombooks_guard._core", name = "VersionPolicy", frozen)]
pub struct PyVersionPolicy {
    pub policy: VersionPolicy,
    warn_newer_minor: bool,
    /// Newer minor versions already warned about, so each is reported once per policy.
    warned: Mutex<HashSet<(PayloadKind, Version)>>,
}

impl PyVersionPolicy {
    fn from_core(policy: VersionPolicy, warn_newer_minor: bool) -> Self {
        Self {
            policy,
            warn_newer_minor,
            warned: Mutex::new(HashSet::new()),
        }
    }

    /// Warns through `warnings` the first time this policy accepts `version`, a minor version
    /// newer than the newest it lists.
    pub fn note_newer_minor(
        &self,
        py: Python<'_>,
        kind: PayloadKind,
        version: Version,
    ) -> PyResult<()> {
        if !self.warn_newer_minor {
            return Ok(());
        }
        let first = self
            .warned
            .lock()
            .map_or(true, |mut warned| warned.insert((kind, version)));
        if !first {
            return Ok(());
        }
        let newest = self
            .policy
            .newest_known(kind, version)
            .map_or_else(String::new, |newest| newest.to_string());
        let message = format!(
            "{} {version} is newer than {newest}, the newest minor version the version policy \
             lists: fields added since are kept in extra and unknown event types stay strings; \
             update the handlers, then add {version} to the policy",
            kind.version_field()
        );
        let message = CString::new(message).unwrap_or_default();
        let category = py.get_type::<NewerMinorVersionWarning>();
        PyErr::warn(py, category.as_any(), &message, 1)
    }
}

#[pymethods]
impl PyVersionPolicy {
    #[new]
    #[pyo3(signature = (
        *,
        webhook_versions = None,
        api_versions = None,
        newer_minor = "warn",
        missing_version = "infer",
    ))]
    fn new(
        webhook_versions: Option<Vec<String>>,
        api_versions: Option<Vec<String>>,
        newer_minor: &str,
        missing_version: &str,
    ) -> PyResult<Self> {
        let defaults = VersionPolicy::default();
        let (reject_newer_minor, warn_newer_minor) = match newer_minor {
            "warn" => (false, true),
            "accept" => (false, false),
            "reject" => (true, false),
            other => {
                return Err(errors::configuration_error(format!(
                    "newer_minor is {other:?}; pass {NEWER_MINOR_CHOICES}"
                )));
            }
        };
        let infer_missing = match missing_version {
            "infer" => true,
            "reject" => false,
            other => {
                return Err(errors::configuration_error(format!(
                    "missing_version is {other:?}; pass {MISSING_VERSION_CHOICES}"
                )));
            }
        };
        let policy = VersionPolicy {
            webhook: match webhook_versions {
                Some(versions) => parse_versions(&versions, "webhook_versions")?,
                None => defaults.webhook,
            },
            api: match api_versions {
                Some(versions) => parse_versions(&versions, "api_versions")?,
                None => defaults.api,
            },
            reject_newer_minor,
            infer_missing,
        };
        policy
            .check()
            .map_err(|error| errors::configuration_error(error.to_string()))?;
        Ok(Self::from_core(policy, warn_newer_minor))
    }

    /// Returns a policy that rejects a payload without a version instead of inferring it.
    #[staticmethod]
    pub fn strict() -> Self {
        let policy = VersionPolicy {
            infer_missing: false,
            ..VersionPolicy::default()
        };
        Self::from_core(policy, true)
    }

    #[getter]
    fn webhook_versions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        version_tuple(py, &self.policy.webhook)
    }

    #[getter]
    fn api_versions<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        version_tuple(py, &self.policy.api)
    }

    #[getter]
    fn newer_minor(&self) -> &'static str {
        if self.policy.reject_newer_minor {
            "reject"
        } else if self.warn_newer_minor {
            "warn"
        } else {
            "accept"
        }
    }

    #[getter]
    fn missing_version(&self) -> &'static str {
        if self.policy.infer_missing {
            "infer"
        } else {
            "reject"
        }
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "VersionPolicy(webhook_versions={}, api_versions={}, newer_minor='{}', \
             missing_version='{}')",
            self.webhook_versions(py)?.repr()?,
            self.api_versions(py)?.repr()?,
            self.newer_minor(),
            self.missing_version()
        ))
    }
}

fn parse_versions(texts: &[String], setting: &str) -> PyResult<Vec<Version>> {
    texts
        .iter()
        .map(|text| {
            Version::parse(text).ok_or_else(|| {
                errors::configuration_error(format!(
                    "{setting} holds {text:?}, which is not a \"MAJOR.MINOR\" version such as \
                     \"2.1\""
                ))
            })
        })
        .collect()
}

fn version_tuple<'py>(py: Python<'py>, versions: &[Version]) -> PyResult<Bound<'py, PyTuple>> {
    PyTuple::new(py, versions.iter().map(ToString::to_string))
}

/// Returns `policy`, or the shared default policy when it is `None`.
pub fn policy_or_default(
    py: Python<'_>,
    policy: Option<Py<PyVersionPolicy>>,
) -> PyResult<Py<PyVersionPolicy>> {
    static DEFAULT: PyOnceLock<Py<PyVersionPolicy>> = PyOnceLock::new();
    if let Some(policy) = policy {
        return Ok(policy);
    }
    let policy = DEFAULT.get_or_try_init(py, || {
        Py::new(
            py,
            PyVersionPolicy::from_core(VersionPolicy::default(), true),
        )
    })?;
    Ok(policy.clone_ref(py))
}

/// Builds and checks limits from keyword arguments.
pub fn limits(
    max_body_bytes: usize,
    max_events: usize,
    max_depth: usize,
    max_string_bytes: usize,
) -> PyResult<Limits> {
    let limits = Limits {
        max_body_bytes,
        max_events,
        max_depth,
        max_string_bytes,
    };
    limits
        .check()
        .map_err(|error| errors::configuration_error(error.to_string()))?;
    Ok(limits)
}
