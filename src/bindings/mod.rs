//! The `custombooks_guard._core` extension module: translation between Python and the core.

mod convert;
mod errors;
mod input;
mod json_value;
mod payload;
mod policy;
mod redact;
mod response;
mod signature;
mod webhook;

use pyo3::prelude::*;

#[pymodule]
#[pyo3(name = "_core")]
fn core_module(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add("SIGNATURE_HEADER", crate::signature::SIGNATURE_HEADER)?;
    let schemes: Vec<&str> = crate::signature::Scheme::ALL
        .iter()
        .map(|scheme| scheme.name())
        .collect();
    module.add("SIGNATURE_SCHEMES", schemes)?;
    module.add_class::<signature::PyVerifier>()?;
    module.add_class::<payload::PyEvent>()?;
    module.add_class::<payload::PyWebhookDelivery>()?;
    module.add_class::<redact::PyRedactor>()?;
    module.add_class::<redact::PyFinding>()?;
    module.add_class::<webhook::PyWebhook>()?;
    module.add_function(wrap_pyfunction!(payload::parse_webhook, module)?)?;
    module.add_function(wrap_pyfunction!(signature::_set_detach_threshold, module)?)?;
    module.add_class::<policy::PyVersionPolicy>()?;
    module.add_class::<response::PyApiResponse>()?;
    module.add_function(wrap_pyfunction!(response::parse_response, module)?)?;
    Ok(())
}
