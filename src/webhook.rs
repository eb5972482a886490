//! Receiving a webhook delivery: verify the signature, then parse, then redact.

use std::sync::Arc;

use crate::payload::{self, Limits, PayloadError, VersionPolicy, WebhookDelivery};
use crate::redact::Redactor;
use crate::signature::{SignatureError, SignedHeaders, Verifier};

/// CloudEvents attributes that carry routing data, never end users' data, so they are not
/// scanned for PII. Company ids in `source` are long digit runs that a card-number check could
/// otherwise match by chance.
const ENVELOPE_ATTRIBUTES: &[&str] = &["specversion", "source", "subject", "datacontenttype"];

/// Why a delivery was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReceiveError {
    #[error(transparent)]
    Signature(#[from] SignatureError),
    #[error(transparent)]
    Payload(#[from] PayloadError),
}

/// A webhook receiver's configuration: keys, version policy, limits and redaction.
#[derive(Debug, Clone)]
pub struct Webhook {
    verifier: Verifier,
    policy: VersionPolicy,
    limits: Limits,
    redactor: Option<Arc<Redactor>>,
}

impl Webhook {
    /// Builds a receiver. With `redactor` set to `None`, event data is returned unredacted.
    pub fn new(
        verifier: Verifier,
        policy: VersionPolicy,
        limits: Limits,
        redactor: Option<Arc<Redactor>>,
    ) -> Self {
        Self {
            verifier,
            policy,
            limits,
            redactor,
        }
    }

    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// Verifies `body` against `signature`, parses it and redacts every event's data.
    ///
    /// Only the body's length is read before the signature check, so an oversized body is
    /// rejected without hashing it; the content is parsed only once the signature is valid.
    pub fn receive(
        &self,
        body: &[u8],
        signature: Option<&str>,
    ) -> Result<WebhookDelivery, ReceiveError> {
        if body.len() > self.limits.max_body_bytes {
            return Err(PayloadError::TooLarge {
                size: body.len(),
                limit: self.limits.max_body_bytes,
            }
            .into());
        }
        // CustomBooks signatures carry no timestamp, so the clock is never read.
        self.verifier
            .verify(body, &SignedHeaders::signature(signature), || 0)?;
        let mut delivery = payload::parse_webhook(body, &self.policy, &self.limits)?;
        if let Some(redactor) = &self.redactor {
            redact_delivery(redactor, &mut delivery);
        }
        Ok(delivery)
    }
}

/// Redacts event data and every member a decoder did not recognise, since a newer minor version
/// may add fields that hold PII.
fn redact_delivery(redactor: &Redactor, delivery: &mut WebhookDelivery) {
    for value in delivery.extra.values_mut() {
        redactor.redact_json(value);
    }
    for event in &mut delivery.events {
        redactor.redact_json(&mut event.data);
        for (key, value) in &mut event.extra {
            if !ENVELOPE_ATTRIBUTES.contains(&key.as_str()) {
                redactor.redact_json(value);
            }
        }
    }
}
