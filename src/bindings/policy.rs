//! `VersionPolicy` from Python, and the warning for newer minor versions.

use std::collections::HashSet;
use std::ffi::CString;
use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyInt, PyString, PyTuple};

use super::errors;
use super::input::{a_type_name, describe_number, type_name};
use crate::payload::{Limits, MAX_DEPTH_CEILING, PayloadKind, Version, VersionPolicy};

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
    /// newer than the newest it lists. A warning that a filter turned into an exception does not
    /// count, so the version warns again on its next parse.
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
        // Unknown members of an API response's entities stay in its data, and only webhooks
        // have event types.
        let kept_members = match kind {
            PayloadKind::Webhook => {
                "fields added since are kept in extra and unknown event types stay strings"
            }
            PayloadKind::ApiResponse => "members added since are kept in extra and in data",
        };
        let message = format!(
            "{} {version} is newer than {newest}, the newest minor version the version policy \
             lists: {kept_members}. Update the handlers, then list {version} in the policy",
            kind.version_field()
        );
        let message = CString::new(message).unwrap_or_default();
        let category = py.get_type::<NewerMinorVersionWarning>();
        let warned = PyErr::warn(py, category.as_any(), &message, 1);
        if warned.is_err() {
            // A warnings filter turned the warning into an exception: the version counts as not
            // yet reported, so the next parse of it warns (and fails) again.
            if let Ok(mut versions) = self.warned.lock() {
                versions.remove(&(kind, version));
            }
        }
        warned
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
        webhook_versions: Option<&Bound<'_, PyAny>>,
        api_versions: Option<&Bound<'_, PyAny>>,
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
                Some(versions) => {
                    parse_versions(versions, PayloadKind::Webhook, "webhook_versions")?
                }
                None => defaults.webhook,
            },
            api: match api_versions {
                Some(versions) => {
                    parse_versions(versions, PayloadKind::ApiResponse, "api_versions")?
                }
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

/// Reads a list of `"MAJOR.MINOR"` strings of `kind` for `setting`.
fn parse_versions(
    value: &Bound<'_, PyAny>,
    kind: PayloadKind,
    setting: &str,
) -> PyResult<Vec<Version>> {
    let example = kind.example_version();
    // A str or bytes is iterable, but one version read as a list is never what was meant.
    if value.is_instance_of::<PyString>() || value.is_instance_of::<PyBytes>() {
        return Err(errors::configuration_error(format!(
            "{setting} must be a list of versions, not a single {}: pass [\"{example}\"], one \
             \"MAJOR.MINOR\" str per major version",
            type_name(value)
        )));
    }
    let Ok(items) = value.try_iter() else {
        return Err(errors::configuration_error(format!(
            "{setting} must be a list of \"MAJOR.MINOR\" str, such as [\"{example}\"], not {}",
            a_type_name(value)
        )));
    };
    let mut versions = Vec::new();
    for (index, item) in items.enumerate() {
        let item = item?;
        let Ok(text) = item.cast::<PyString>() else {
            return Err(errors::configuration_error(format!(
                "{setting} entry number {} is {}, not a \"MAJOR.MINOR\" str such as \"{example}\"",
                index + 1,
                a_type_name(&item)
            )));
        };
        let text = text.to_cow()?;
        let version = Version::parse(&text).ok_or_else(|| {
            errors::configuration_error(format!(
                "{setting} contains {text:?}, which is not a \"MAJOR.MINOR\" version such as \
                 \"{example}\""
            ))
        })?;
        versions.push(version);
    }
    Ok(versions)
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

/// Limit keyword arguments as passed from Python, each `None` when omitted.
// The fields have the names of the keyword arguments.
#[allow(clippy::struct_field_names)]
pub struct LimitArguments<'a, 'py> {
    pub max_body_bytes: Option<&'a Bound<'py, PyAny>>,
    pub max_events: Option<&'a Bound<'py, PyAny>>,
    pub max_depth: Option<&'a Bound<'py, PyAny>>,
    pub max_string_bytes: Option<&'a Bound<'py, PyAny>>,
}

/// Builds limits from keyword arguments, taking the default for each one omitted.
///
/// Raises `ConfigurationError` naming the setting and its valid range for a value that is not
/// an int in that range, including a `bool`, a negative int or one too large for the platform.
pub fn limits(arguments: &LimitArguments<'_, '_>) -> PyResult<Limits> {
    let defaults = Limits::default();
    let limits = Limits {
        max_body_bytes: limit_argument(
            "max_body_bytes",
            arguments.max_body_bytes,
            defaults.max_body_bytes,
            usize::MAX,
        )?,
        max_events: limit_argument(
            "max_events",
            arguments.max_events,
            defaults.max_events,
            usize::MAX,
        )?,
        max_depth: limit_argument(
            "max_depth",
            arguments.max_depth,
            defaults.max_depth,
            MAX_DEPTH_CEILING,
        )?,
        max_string_bytes: limit_argument(
            "max_string_bytes",
            arguments.max_string_bytes,
            defaults.max_string_bytes,
            usize::MAX,
        )?,
    };
    limits
        .check()
        .map_err(|error| errors::configuration_error(error.to_string()))?;
    Ok(limits)
}

/// Reads limit `setting`: an int from 1 to `max`, or `default` when the argument is omitted.
fn limit_argument(
    setting: &str,
    value: Option<&Bound<'_, PyAny>>,
    default: usize,
    max: usize,
) -> PyResult<usize> {
    let Some(value) = value else {
        return Ok(default);
    };
    // bool is a subclass of int, and True would silently mean a limit of 1. An int outside
    // usize fails to convert.
    let number = if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        value.extract::<usize>().ok()
    } else {
        None
    };
    number
        .filter(|number| (1..=max).contains(number))
        .ok_or_else(|| {
            errors::configuration_error(format!(
                "{setting} must be an int from 1 to {max}, not {}",
                describe_number(value)
            ))
        })
}
