//! Conversions from core values to Python objects.

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDateTime, PyDelta, PyDict, PyFloat, PyList, PyString, PyTzInfo};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::errors;
use crate::payload::{EventData, Members, PayloadError, RawObject, Timestamp};

/// Converts event data into the objects `json.loads` would return.
pub fn event_data_to_python<'py>(py: Python<'py>, data: &EventData) -> PyResult<Bound<'py, PyAny>> {
    match data {
        EventData::Value(value) => json_to_python(py, value),
        EventData::Raw(raw) => raw_object_to_python(py, raw).map(Bound::into_any),
    }
}

/// Converts the members of a JSON object into a `dict`.
pub fn members_to_python<'py>(py: Python<'py>, members: &Members) -> PyResult<Bound<'py, PyDict>> {
    match members {
        Members::Tree(map) => object_to_python(py, map),
        Members::Raw(raw) => raw_object_to_python(py, raw),
    }
}

fn raw_object_to_python<'py>(py: Python<'py>, raw: &RawObject) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (key, text) in raw.members() {
        dict.set_item(key, raw_to_python(py, text)?)?;
    }
    Ok(dict)
}

/// Converts raw JSON straight into Python objects, without a tree in between.
fn raw_to_python<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let failure = RefCell::new(None);
    let seed = PythonSeed {
        py,
        failure: &failure,
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    seed.deserialize(&mut deserializer).map_err(|error| {
        // The core read and checked this text before, so only a Python error is expected.
        failure
            .into_inner()
            .unwrap_or_else(|| errors::payload_error(py, &PayloadError::from(&error)))
    })
}

/// A seed that builds the Python object for one JSON value and stores a Python error in
/// `failure`.
#[derive(Clone, Copy)]
struct PythonSeed<'a, 'py> {
    py: Python<'py>,
    failure: &'a RefCell<Option<PyErr>>,
}

impl PythonSeed<'_, '_> {
    fn fail<E: de::Error>(self, error: PyErr) -> E {
        *self.failure.borrow_mut() = Some(error);
        E::custom("Python error")
    }
}

impl<'de, 'py> DeserializeSeed<'de> for PythonSeed<'_, 'py> {
    type Value = Bound<'py, PyAny>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de, 'py> Visitor<'de> for PythonSeed<'_, 'py> {
    type Value = Bound<'py, PyAny>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<Self::Value, E> {
        Ok(PyBool::new(self.py, flag).to_owned().into_any())
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<Self::Value, E> {
        number
            .into_pyobject(self.py)
            .map(Bound::into_any)
            .map_err(|error| self.fail(error.into()))
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<Self::Value, E> {
        number
            .into_pyobject(self.py)
            .map(Bound::into_any)
            .map_err(|error| self.fail(error.into()))
    }

    // NOTE: serde_json reads an integer outside the 64-bit range as an f64, so it arrives as a
    // `float` without its last digits, where `json.loads` would keep an `int`.
    fn visit_f64<E: de::Error>(self, number: f64) -> Result<Self::Value, E> {
        Ok(PyFloat::new(self.py, number).into_any())
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(PyString::new(self.py, text).into_any())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(self.py.None().into_bound(self.py))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Self::Value, A::Error> {
        let list = PyList::empty(self.py);
        while let Some(item) = items.next_element_seed(self)? {
            list.append(item).map_err(|error| self.fail(error))?;
        }
        Ok(list.into_any())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut members: A) -> Result<Self::Value, A::Error> {
        // Setting a repeated key again keeps its first position and its last value, as
        // `json.loads` does.
        let dict = PyDict::new(self.py);
        while let Some(key) = members.next_key::<Cow<'de, str>>()? {
            let value = members.next_value_seed(self)?;
            dict.set_item(key.as_ref(), value)
                .map_err(|error| self.fail(error))?;
        }
        Ok(dict.into_any())
    }
}

/// Converts a JSON value into the objects `json.loads` would return.
pub fn json_to_python<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any(),
        Value::Number(number) => {
            if let Some(integer) = number.as_i64() {
                integer.into_pyobject(py)?.into_any()
            } else if let Some(integer) = number.as_u64() {
                integer.into_pyobject(py)?.into_any()
            } else {
                // serde_json stores every other number as a finite f64.
                PyFloat::new(py, number.as_f64().unwrap_or(f64::NAN)).into_any()
            }
        }
        Value::String(text) => PyString::new(py, text).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(json_to_python(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(members) => object_to_python(py, members)?.into_any(),
    })
}

pub fn object_to_python<'py>(
    py: Python<'py>,
    members: &Map<String, Value>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (key, value) in members {
        dict.set_item(key, json_to_python(py, value)?)?;
    }
    Ok(dict)
}

/// Converts a timestamp into an aware `datetime` with the sender's UTC offset.
pub fn timestamp_to_python<'py>(
    py: Python<'py>,
    timestamp: &Timestamp,
) -> PyResult<Bound<'py, PyDateTime>> {
    let zone = if timestamp.offset_seconds == 0 {
        PyTzInfo::utc(py)?.to_owned()
    } else {
        let offset = PyDelta::new(py, 0, timestamp.offset_seconds, 0, true)?;
        PyTzInfo::fixed_offset(py, offset)?
    };
    PyDateTime::new(
        py,
        i32::from(timestamp.year),
        timestamp.month,
        timestamp.day,
        timestamp.hour,
        timestamp.minute,
        timestamp.second,
        timestamp.nanosecond / 1000,
        Some(&zone),
    )
}
