//! Conversions from core values to Python objects.

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDateTime, PyDelta, PyDict, PyFloat, PyList, PyString, PyTzInfo};
use serde_json::{Map, Value};

use crate::payload::Timestamp;

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
