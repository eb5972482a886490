//! `Redactor` and `Finding` from Python.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use pyo3::intern;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyBytes, PyDict, PyInt, PyList, PyMapping, PyString, PyTuple, PyType};

use super::convert::json_to_python;
use super::errors;
use super::input::a_type_name;
use super::json_value::python_to_json;
use super::signature::detach_threshold;
use crate::redact::{
    DEFAULT_KEY, Finding, JsonFinding, Operator, Redactor, Settings, Term, code_point_offsets,
};
use crate::secrets::SecretBytes;

/// Flags of a compiled `re.Pattern` that translate to the `regex` crate: `re.IGNORECASE` and
/// `re.UNICODE`, which every `str` pattern has.
const RE_IGNORECASE: i64 = 2;
const RE_UNICODE: i64 = 32;

static ANALYSIS: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static LIST_NEW: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
static RE_PATTERN: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Finds and replaces PII in text and JSON.
///
/// `entities` selects the entity names detected in text, `None` every entity of `locales`;
/// `operators`, `allow`, `deny`, `threshold` and `hash_key` set how findings are chosen and
/// replaced.
#[pyclass(module = "custombooks_guard._core", name = "Redactor", frozen)]
pub struct PyRedactor {
    pub inner: Arc<Redactor>,
    /// Python callables of the entities whose operator is `Operator::Custom`, with
    /// `DEFAULT_KEY` for the default operator.
    callables: HashMap<String, Py<PyAny>>,
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
    #[pyo3(get)]
    pointer: Option<String>,
}

#[pymethods]
impl PyFinding {
    fn __repr__(&self) -> String {
        let pointer = self.pointer.as_ref().map_or_else(String::new, |pointer| {
            format!(", pointer={:?}", crate::redact::redacted_pointer(pointer))
        });
        format!(
            "Finding(entity={:?}, start={}, end={}, score={:.2}, rule={:?}{pointer})",
            self.entity, self.start, self.end, self.score, self.rule
        )
    }
}

#[pymethods]
impl PyRedactor {
    #[new]
    #[pyo3(signature = (
        entities = None,
        *,
        locales = None,
        operators = None,
        allow = None,
        deny = None,
        threshold = None,
        hash_key = None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        entities: Option<&Bound<'_, PyAny>>,
        locales: Option<&Bound<'_, PyAny>>,
        operators: Option<&Bound<'_, PyAny>>,
        allow: Option<&Bound<'_, PyAny>>,
        deny: Option<&Bound<'_, PyAny>>,
        threshold: Option<&Bound<'_, PyAny>>,
        hash_key: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let mut settings = Settings {
            entities: entities
                .map(|value| extract_names("entities", value))
                .transpose()?,
            locales: locales
                .map(|value| extract_names("locales", value))
                .transpose()?,
            ..Settings::default()
        };
        let mut callables = HashMap::new();
        if let Some(operators) = operators {
            for (key, spec) in mapping_items("operators", operators)? {
                let operator = extract_operator(&key, &spec)?;
                if operator == Operator::Custom {
                    callables.insert(key.clone(), spec.unbind());
                }
                settings.operators.push((key, operator));
            }
        }
        if let Some(allow) = allow {
            settings.allow = extract_terms(py, "allow", allow)?;
        }
        if let Some(deny) = deny {
            for (entity, terms) in mapping_items("deny", deny)? {
                for term in extract_terms(py, "deny", &terms)? {
                    settings.deny.push((entity.clone(), term));
                }
            }
        }
        if let Some(threshold) = threshold {
            settings.thresholds = extract_thresholds(threshold)?;
        }
        if let Some(key) = hash_key {
            settings.hash_key = Some(extract_hash_key(key)?);
        }
        let redactor =
            Redactor::from_settings(&settings).map_err(|error| errors::redact_error(&error))?;
        Ok(Self {
            inner: Arc::new(redactor),
            callables,
        })
    }

    #[getter]
    fn entities(&self) -> Vec<&'static str> {
        self.inner.entities()
    }

    /// Returns the findings in `text`, sorted by position, as an `Analysis` list.
    #[pyo3(signature = (text, *, entities = None))]
    fn analyze<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        entities: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let redactor = self.selection(entities)?;
        let content = extract_text("text", text)?;
        let findings = analyze_text(py, &redactor, &content);
        let analysis_type = ANALYSIS.import(py, "custombooks_guard.analysis", "Analysis")?;
        // `list.__new__(Analysis)` makes an empty `Analysis` without running its Python
        // `__init__`, which would cost more than analysing a short text. The method is looked
        // up once.
        let list_new = LIST_NEW.get_or_try_init(py, || {
            py.get_type::<PyList>()
                .getattr(intern!(py, "__new__"))
                .map(Bound::unbind)
        })?;
        let analysis = list_new.bind(py).call1((analysis_type,))?;
        let list = analysis.cast::<PyList>()?;
        // A str's length counts code points, and its UTF-8 form has as many bytes only when
        // every character is ASCII.
        let ascii = text.len()? == content.len();
        for finding in to_python_findings(&content, &findings, ascii) {
            let finding = Py::new(py, finding)?;
            untrack(&finding);
            list.append(finding)?;
        }
        analysis.setattr(intern!(py, "_text"), text)?;
        Ok(analysis)
    }

    /// Returns `text` with each finding replaced by its operator's output.
    #[pyo3(signature = (text, *, entities = None))]
    fn redact(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        entities: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        let redactor = self.selection(entities)?;
        let content = extract_text("text", text)?;
        let findings = analyze_text(py, &redactor, &content);
        self.replace(py, &redactor, &content, &findings)
    }

    /// Redacts each text of a sequence, with the GIL released and on several threads when the
    /// batch is large.
    #[pyo3(signature = (texts, *, entities = None))]
    fn redact_many(
        &self,
        py: Python<'_>,
        texts: &Bound<'_, PyAny>,
        entities: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<String>> {
        let redactor = self.selection(entities)?;
        if texts.is_instance_of::<PyString>() {
            return Err(errors::redaction_type_error(
                "redact_many takes a list of str, not a single str: call redact for one text"
                    .to_owned(),
            ));
        }
        let Ok(items) = texts.try_iter() else {
            return Err(errors::redaction_type_error(format!(
                "redact_many takes a list of str, not {}",
                a_type_name(texts)
            )));
        };
        // The items are kept alive here so the text borrowed from them stays valid while the
        // GIL is released.
        let held = items.collect::<PyResult<Vec<_>>>()?;
        let mut contents: Vec<Cow<'_, str>> = Vec::with_capacity(held.len());
        for (index, item) in held.iter().enumerate() {
            contents.push(extract_text(&format!("text number {}", index + 1), item)?);
        }
        let borrowed: Vec<&str> = contents.iter().map(AsRef::as_ref).collect();
        if !self.inner.has_custom_operator() {
            return Ok(py.detach(|| redactor.redact_many(&borrowed)));
        }
        let findings = py.detach(|| redactor.analyze_many(&borrowed));
        borrowed
            .iter()
            .zip(&findings)
            .map(|(text, findings)| self.replace(py, &redactor, text, findings))
            .collect()
    }

    /// Redacts a JSON document given as `bytes`, `str`, `dict` or `list`, returning the same type.
    #[pyo3(signature = (value, *, entities = None))]
    fn redact_json<'py>(
        &self,
        py: Python<'py>,
        value: &Bound<'py, PyAny>,
        entities: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let redactor = self.selection(entities)?;
        if let Ok(text) = value.cast::<PyString>() {
            let content = extract_text("the JSON document", text.as_any())?;
            let mut document = parse_json(py, content.as_bytes())?;
            self.redact_value(py, &redactor, &mut document)?;
            let serialised = serde_json::to_string(&document).map_err(|_| {
                errors::redaction_error("the redacted JSON could not be serialised".to_owned())
            })?;
            return Ok(PyString::new(py, &serialised).into_any());
        }
        if let Ok(bytes) = value.cast::<PyBytes>() {
            if !self.inner.has_custom_operator() {
                let json = bytes.as_bytes();
                let result = if json.len() >= detach_threshold() {
                    py.detach(|| redactor.redact_json_bytes(json))
                } else {
                    redactor.redact_json_bytes(json)
                };
                let redacted = result.map_err(|error| errors::redact_error(&error))?;
                return Ok(PyBytes::new(py, &redacted).into_any());
            }
            let mut document = parse_json(py, bytes.as_bytes())?;
            self.redact_value(py, &redactor, &mut document)?;
            let serialised = serde_json::to_vec(&document).map_err(|_| {
                errors::redaction_error("the redacted JSON could not be serialised".to_owned())
            })?;
            return Ok(PyBytes::new(py, &serialised).into_any());
        }
        if value.is_instance_of::<PyDict>() || value.is_instance_of::<PyList>() {
            let mut document = python_to_json(value)?;
            self.redact_value(py, &redactor, &mut document)?;
            return json_to_python(py, &document);
        }
        Err(errors::redaction_type_error(format!(
            "redact_json takes a JSON document as bytes or str, or a dict or list, not {}",
            a_type_name(value)
        )))
    }

    /// Returns the findings in a JSON document, each with the JSON pointer of its value.
    #[pyo3(signature = (value, *, entities = None))]
    fn analyze_json(
        &self,
        py: Python<'_>,
        value: &Bound<'_, PyAny>,
        entities: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<PyFinding>> {
        let redactor = self.selection(entities)?;
        let document = if let Ok(text) = value.cast::<PyString>() {
            let content = extract_text("the JSON document", text.as_any())?;
            parse_json(py, content.as_bytes())?
        } else if let Ok(bytes) = value.cast::<PyBytes>() {
            parse_json(py, bytes.as_bytes())?
        } else if value.is_instance_of::<PyDict>() || value.is_instance_of::<PyList>() {
            python_to_json(value)?
        } else {
            return Err(errors::redaction_type_error(format!(
                "analyze_json takes a JSON document as bytes or str, or a dict or list, not {}",
                a_type_name(value)
            )));
        };
        let findings = py.detach(|| redactor.analyze_json(&document));
        Ok(findings.into_iter().map(PyFinding::from_json).collect())
    }

    fn __repr__(&self) -> String {
        format!("Redactor(entities={:?})", self.inner.entities())
    }

    /// Returns this redactor as its own copy, since a redactor never changes.
    fn __copy__(slf: Py<Self>) -> Py<Self> {
        slf
    }

    fn __deepcopy__(slf: Py<Self>, _memo: &Bound<'_, PyAny>) -> Py<Self> {
        slf
    }

    /// Raises `RedactionTypeError`: a redactor contains its hash key, which must not be pickled.
    #[allow(clippy::unused_self)]
    fn __reduce__(&self) -> PyResult<()> {
        Err(errors::redaction_type_error(
            "a Redactor cannot be pickled, since it holds its hash key: build one in each process \
             from the same settings"
                .to_owned(),
        ))
    }
}

impl PyFinding {
    fn from_json(finding: JsonFinding) -> Self {
        Self {
            entity: finding.entity,
            start: finding.start,
            end: finding.end,
            score: finding.score,
            rule: finding.rule,
            pointer: Some(finding.pointer),
        }
    }
}

impl PyRedactor {
    /// Returns the redactor for a call: this one, or a narrower selection of entities.
    fn selection(&self, entities: Option<&Bound<'_, PyAny>>) -> PyResult<Cow<'_, Redactor>> {
        let Some(entities) = entities else {
            return Ok(Cow::Borrowed(&*self.inner));
        };
        let names = extract_names("entities", entities)?;
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        self.inner
            .select(&names)
            .map(Cow::Owned)
            .map_err(|error| errors::redact_error(&error))
    }

    fn callable(&self, entity: &str) -> Option<&Py<PyAny>> {
        self.callables
            .get(entity)
            .or_else(|| self.callables.get(DEFAULT_KEY))
    }

    /// Calls the Python operator of a finding and checks that it returned a `str`.
    fn call_operator(&self, py: Python<'_>, finding: &Finding, value: &str) -> PyResult<String> {
        let Some(callable) = self.callable(finding.entity) else {
            return Ok(format!("[{}]", finding.entity));
        };
        let output = callable
            .bind(py)
            .call1((value, finding.entity))
            .map_err(|error| {
                let wrapped = errors::redaction_error(format!(
                    "the operator for {} raised {}: see the chained exception",
                    finding.entity,
                    error
                        .get_type(py)
                        .name()
                        .map_or_else(|_| "an exception".to_owned(), |name| name.to_string())
                ));
                wrapped.set_cause(py, Some(error));
                wrapped
            })?;
        match output.cast::<PyString>() {
            Ok(text) => Ok(text.to_cow()?.into_owned()),
            Err(_) => Err(errors::redaction_type_error(format!(
                "the operator for {} returned {}, expected a str",
                finding.entity,
                a_type_name(&output)
            ))),
        }
    }

    fn replace(
        &self,
        py: Python<'_>,
        redactor: &Redactor,
        text: &str,
        findings: &[Finding],
    ) -> PyResult<String> {
        if self.callables.is_empty() {
            return Ok(redactor.replace(text, findings).into_owned());
        }
        let mut custom = |finding: &Finding, value: &str| self.call_operator(py, finding, value);
        Ok(redactor
            .redact_with(text, findings, &mut custom)?
            .into_owned())
    }

    fn redact_value(
        &self,
        py: Python<'_>,
        redactor: &Redactor,
        document: &mut serde_json::Value,
    ) -> PyResult<()> {
        if self.callables.is_empty() {
            py.detach(|| redactor.redact_json(document));
            return Ok(());
        }
        let mut custom = |finding: &Finding, value: &str| self.call_operator(py, finding, value);
        redactor.redact_json_with(document, &mut custom)
    }
}

/// Analyses a text, with the GIL released when the text is large enough for that to pay.
fn analyze_text(py: Python<'_>, redactor: &Redactor, text: &str) -> Vec<Finding> {
    if text.len() >= detach_threshold() {
        py.detach(|| redactor.analyze(text))
    } else {
        redactor.analyze(text)
    }
}

fn parse_json(py: Python<'_>, json: &[u8]) -> PyResult<serde_json::Value> {
    let parse = || crate::redact::parse_json(json);
    let result = if json.len() >= detach_threshold() {
        py.detach(parse)
    } else {
        parse()
    };
    result.map_err(|error| errors::redact_error(&error))
}

/// Reads a `str` argument, rejecting other types and strings with lone surrogates.
fn extract_text<'a>(what: &str, value: &'a Bound<'_, PyAny>) -> PyResult<Cow<'a, str>> {
    let Ok(text) = value.cast::<PyString>() else {
        return Err(errors::redaction_type_error(format!(
            "{what} is {}, expected a str",
            a_type_name(value)
        )));
    };
    text.to_cow().map_err(|_| {
        errors::redaction_error(format!(
            "{what} contains a lone surrogate, which is not valid Unicode text: decode the input \
             with errors=\"replace\" or fix its source"
        ))
    })
}

/// Reads a list of names (entities or locales), rejecting a single `str`.
fn extract_names(setting: &str, value: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let message = |found: String| {
        errors::configuration_error(format!(
            "{setting} must be a list of str, not {found}: for one name pass [name]"
        ))
    };
    if value.is_instance_of::<PyString>() {
        return Err(message("a single str".to_owned()));
    }
    let Ok(items) = value.try_iter() else {
        return Err(message(a_type_name(value)));
    };
    let mut names = Vec::new();
    for item in items {
        let item = item?;
        let Ok(name) = item.cast::<PyString>() else {
            return Err(message(format!("a list containing {}", a_type_name(&item))));
        };
        names.push(name.to_cow()?.into_owned());
    }
    Ok(names)
}

/// Reads the items of a mapping whose keys are `str`.
fn mapping_items<'py>(
    setting: &str,
    value: &Bound<'py, PyAny>,
) -> PyResult<Vec<(String, Bound<'py, PyAny>)>> {
    let Ok(mapping) = value.cast::<PyMapping>() else {
        return Err(errors::configuration_error(format!(
            "{setting} must be a dict keyed by entity name, not {}",
            a_type_name(value)
        )));
    };
    let mut items = Vec::new();
    for item in mapping.items()?.iter() {
        let (key, value): (Bound<'py, PyAny>, Bound<'py, PyAny>) = item.extract()?;
        let Ok(key) = key.cast::<PyString>() else {
            return Err(errors::configuration_error(format!(
                "{setting} keys must be entity names as str, not {}",
                a_type_name(&key)
            )));
        };
        items.push((key.to_cow()?.into_owned(), value));
    }
    Ok(items)
}

const OPERATOR_HINT: &str = "use \"replace\", (\"replace\", label), \"mask\", (\"mask\", \
                             keep_last) or (\"mask\", keep_last, mask_char), \"hash\", \"remove\", \
                             \"keep\", or a callable taking (value, entity) and returning a str";

/// Reads one operator: a name, a tuple of a name and its parameters, or a callable.
fn extract_operator(entity: &str, spec: &Bound<'_, PyAny>) -> PyResult<Operator> {
    let invalid = |problem: String| {
        errors::configuration_error(format!(
            "the operator for {entity} {problem}: {OPERATOR_HINT}"
        ))
    };
    if let Ok(name) = spec.cast::<PyString>() {
        return match &*name.to_cow()? {
            "replace" => Ok(Operator::Replace { label: None }),
            "mask" => Ok(Operator::Mask {
                keep_last: 4,
                mask_char: '*',
            }),
            "hash" => Ok(Operator::Hash),
            "remove" => Ok(Operator::Remove),
            "keep" => Ok(Operator::Keep),
            other => Err(invalid(format!("is {other:?}, which is not an operator"))),
        };
    }
    if let Ok(tuple) = spec.cast::<PyTuple>() {
        let name = tuple
            .get_item(0)
            .ok()
            .and_then(|item| item.extract::<String>().ok());
        return match (name.as_deref(), tuple.len()) {
            (Some("replace"), 2) => {
                let label = tuple
                    .get_item(1)?
                    .extract::<String>()
                    .map_err(|_| invalid("has a replacement label that is not a str".to_owned()))?;
                Ok(Operator::Replace { label: Some(label) })
            }
            (Some("mask"), 2 | 3) => {
                let count = tuple.get_item(1)?;
                let not_a_count = || {
                    invalid("keeps a number of characters that is not an int from 0 up".to_owned())
                };
                if count.is_instance_of::<PyBool>() || !count.is_instance_of::<PyInt>() {
                    return Err(not_a_count());
                }
                // A count beyond any length keeps as much as the mask ever keeps: half the value.
                let keep_last = match count.extract::<usize>() {
                    Ok(keep_last) => keep_last,
                    Err(_) if count.gt(0)? => usize::MAX,
                    Err(_) => return Err(not_a_count()),
                };
                let mask_char = if tuple.len() == 3 {
                    let text = tuple.get_item(2)?.extract::<String>().ok();
                    let mut characters = text.as_deref().unwrap_or_default().chars();
                    match (characters.next(), characters.next()) {
                        (Some(character), None) => character,
                        _ => {
                            return Err(invalid(
                                "has a mask character that is not one character".to_owned(),
                            ));
                        }
                    }
                } else {
                    '*'
                };
                Ok(Operator::Mask {
                    keep_last,
                    mask_char,
                })
            }
            _ => Err(invalid("is a tuple of the wrong form".to_owned())),
        };
    }
    if spec.is_callable() {
        return Ok(Operator::Custom);
    }
    Err(invalid(format!("is {}", a_type_name(spec))))
}

/// Reads an allow or deny list: `str` entries match exactly, compiled `re.Pattern` entries as
/// regular expressions.
fn extract_terms(
    py: Python<'_>,
    setting: &'static str,
    value: &Bound<'_, PyAny>,
) -> PyResult<Vec<Term>> {
    let hint = "pass a list of str and re.Pattern";
    if value.is_instance_of::<PyString>() {
        return Err(errors::configuration_error(format!(
            "{setting} entries must be in a list, not a single str: {hint}"
        )));
    }
    let Ok(items) = value.try_iter() else {
        return Err(errors::configuration_error(format!(
            "{setting} must be a list, not {}: {hint}",
            a_type_name(value)
        )));
    };
    let pattern_type = RE_PATTERN.import(py, "re", "Pattern")?;
    let mut terms = Vec::new();
    for (index, item) in items.enumerate() {
        let item = item?;
        if let Ok(text) = item.cast::<PyString>() {
            terms.push(Term::Exact(text.to_cow()?.into_owned()));
        } else if item.is_instance(pattern_type)? {
            let Ok(pattern) = item.getattr("pattern")?.extract::<String>() else {
                return Err(errors::configuration_error(format!(
                    "{setting} entry number {} is a bytes pattern: compile it from a str",
                    index + 1
                )));
            };
            let flags: i64 = item.getattr("flags")?.extract()?;
            if flags & !(RE_IGNORECASE | RE_UNICODE) != 0 {
                return Err(errors::configuration_error(format!(
                    "{setting} entry number {} uses flags other than re.IGNORECASE: write them \
                     inline, such as (?m) or (?s)",
                    index + 1
                )));
            }
            terms.push(Term::Regex {
                pattern,
                case_insensitive: flags & RE_IGNORECASE != 0,
            });
        } else {
            return Err(errors::configuration_error(format!(
                "{setting} entry number {} is {}: {hint}",
                index + 1,
                a_type_name(&item)
            )));
        }
    }
    Ok(terms)
}

fn extract_score(what: &str, value: &Bound<'_, PyAny>) -> PyResult<f32> {
    let invalid = || {
        errors::configuration_error(format!(
            "the threshold for {what} is {}, expected a number from 0 to 1",
            a_type_name(value)
        ))
    };
    if value.is_instance_of::<pyo3::types::PyBool>() {
        return Err(invalid());
    }
    #[allow(clippy::cast_possible_truncation)]
    value
        .extract::<f64>()
        .map(|score| score as f32)
        .map_err(|_| invalid())
}

/// Reads `threshold`: one number for every entity, or a dict keyed by entity with an optional
/// `"DEFAULT"` entry.
fn extract_thresholds(value: &Bound<'_, PyAny>) -> PyResult<Vec<(String, f32)>> {
    if value.cast::<PyMapping>().is_ok() {
        return mapping_items("threshold", value)?
            .into_iter()
            .map(|(entity, score)| Ok((entity.clone(), extract_score(&entity, &score)?)))
            .collect();
    }
    Ok(vec![(
        DEFAULT_KEY.to_owned(),
        extract_score(DEFAULT_KEY, value)?,
    )])
}

fn extract_hash_key(value: &Bound<'_, PyAny>) -> PyResult<SecretBytes> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(SecretBytes::new(text.to_cow()?.as_bytes().to_vec()));
    }
    if let Ok(bytes) = value.cast::<PyBytes>() {
        return Ok(SecretBytes::new(bytes.as_bytes().to_vec()));
    }
    Err(errors::configuration_error(format!(
        "hash_key is {}, expected str or bytes",
        a_type_name(value)
    )))
}

/// Takes a finding out of the cyclic garbage collector's view.
///
/// Every `#[pyclass]` object is tracked, but a finding refers to no Python objects and so can be
/// in no reference cycle. A long text yields thousands of findings, and while they are tracked
/// each collection walks them all.
#[allow(unsafe_code)]
fn untrack(finding: &Py<PyFinding>) {
    let object = finding.as_ptr();
    // SAFETY: `object` is a live object that `finding` holds a reference to, and the caller holds
    // the GIL, as the `Py<PyFinding>` it was created with shows. `PyObject_GC_UnTrack` is called
    // only on an object whose type supports the collector, and does nothing to one that is not
    // tracked.
    unsafe {
        if pyo3::ffi::PyObject_IS_GC(object) != 0 {
            pyo3::ffi::PyObject_GC_UnTrack(object.cast());
        }
    }
}

/// Converts findings with byte offsets into Python findings with code point offsets. In an ASCII
/// text the two are the same.
fn to_python_findings(text: &str, findings: &[Finding], ascii: bool) -> Vec<PyFinding> {
    let offsets = if ascii {
        findings
            .iter()
            .map(|finding| (finding.start, finding.end))
            .collect()
    } else {
        code_point_offsets(text, findings)
    };
    findings
        .iter()
        .zip(offsets)
        .map(|(finding, (start, end))| PyFinding {
            entity: finding.entity,
            start,
            end,
            score: finding.score,
            rule: finding.rule,
            pointer: None,
        })
        .collect()
}
