//! Receiving a webhook delivery: verify the signature, then parse, then redact.

use std::sync::Arc;

use crate::payload::{
    self, EventData, Limits, Members, PayloadError, VersionPolicy, WebhookDelivery,
};
use crate::redact::Redactor;
use crate::signature::{SignatureError, SignedHeaders, Verifier};

/// CloudEvents attributes that carry routing data, never end users' data, so they are not
/// scanned for PII. Company ids in `source` are long digit runs that a card-number check could
/// otherwise match by chance.
const ENVELOPE_ATTRIBUTES: &[&str] = &["specversion", "source", "subject", "datacontenttype"];

/// Reason a delivery was rejected.
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
    /// rejected without hashing it. The content is parsed only once the signature is valid.
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
            .verify(body, &SignedHeaders::signature(signature), || 0.0)?;
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
        let mut data = std::mem::take(&mut event.data).into_value();
        redactor.redact_json(&mut data);
        event.data = EventData::Value(data);
        let mut extra = std::mem::take(&mut event.extra).into_map();
        for (key, value) in &mut extra {
            if !ENVELOPE_ATTRIBUTES.contains(&key.as_str()) {
                redactor.redact_json(value);
            }
        }
        event.extra = Members::Tree(extra);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "current-signature-key";

    fn webhook(max_body_bytes: usize) -> Webhook {
        let verifier = Verifier::custombooks(&[KEY]).expect("valid key");
        let limits = Limits {
            max_body_bytes,
            ..Limits::default()
        };
        Webhook::new(
            verifier,
            VersionPolicy::default(),
            limits,
            Some(Arc::new(Redactor::new())),
        )
    }

    fn sign(body: &[u8]) -> String {
        let verifier = Verifier::custombooks(&[KEY]).expect("valid key");
        verifier
            .sign(body, None, None)
            .expect("custombooks signs without extras")
    }

    const BODY: &str = r#"{"webhookVersion": "2.1", "events": [{
        "specversion": "1.0", "id": "evt_1", "source": "custombooks/company/4111111111111111",
        "type": "custombooks.customer.updated", "time": "2026-11-30T22:42:19Z",
        "subject": "Customer/58", "companyId": "4111111111111111", "sequence": 1,
        "note": "mail maria.lopez@example.com",
        "data": {"entity": "Customer", "id": "58", "operation": "Update",
                 "Customer": {"DisplayName": "Maria Lopez", "Balance": 10.5}}
    }], "contact": "maria.lopez@example.com"}"#;

    #[test]
    fn receive_redacts_data_and_unknown_members() {
        let delivery = webhook(1 << 20)
            .receive(BODY.as_bytes(), Some(&sign(BODY.as_bytes())))
            .expect("valid delivery");
        let event = &delivery.events[0];
        assert_eq!(event.data.to_value()["Customer"]["DisplayName"], "[PERSON]");
        assert_eq!(event.data.to_value()["Customer"]["Balance"], 10.5);
        assert_eq!(event.extra.to_map()["note"], "mail [EMAIL_ADDRESS]");
        assert_eq!(delivery.extra["contact"], "[EMAIL_ADDRESS]");
    }

    #[test]
    fn receive_leaves_envelope_attributes_alone() {
        // The company id in `source` passes a Luhn check but is routing data, not a card.
        let delivery = webhook(1 << 20)
            .receive(BODY.as_bytes(), Some(&sign(BODY.as_bytes())))
            .expect("valid delivery");
        let event = &delivery.events[0];
        assert_eq!(
            event.extra.to_map()["source"],
            "custombooks/company/4111111111111111"
        );
        assert_eq!(event.company_id, "4111111111111111");
    }

    #[test]
    fn signature_is_checked_before_parsing() {
        let error = webhook(1 << 20)
            .receive(b"not json", Some(&sign(b"other")))
            .unwrap_err();
        assert!(matches!(
            error,
            ReceiveError::Signature(SignatureError::Mismatch { .. })
        ));
    }

    #[test]
    fn oversized_body_is_rejected_before_hashing() {
        let error = webhook(16).receive(BODY.as_bytes(), None).unwrap_err();
        assert!(matches!(
            error,
            ReceiveError::Payload(PayloadError::TooLarge { limit: 16, .. })
        ));
    }

    #[test]
    fn without_redactor_data_is_unchanged() {
        let verifier = Verifier::custombooks(&[KEY]).expect("valid key");
        let plain = Webhook::new(verifier, VersionPolicy::default(), Limits::default(), None);
        let delivery = plain
            .receive(BODY.as_bytes(), Some(&sign(BODY.as_bytes())))
            .expect("valid delivery");
        assert_eq!(
            delivery.events[0].data.to_value()["Customer"]["DisplayName"],
            "Maria Lopez"
        );
    }
}
