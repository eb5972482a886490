//! Receiving a webhook delivery: verify the signature, then parse, then redact.

use std::sync::Arc;

use crate::payload::{
    self, EventData, Limits, Members, PayloadError, VersionPolicy, WebhookDelivery,
};
use crate::redact::Redactor;
use crate::signature::{
    DEFAULT_TOLERANCE_SECONDS, KeyError, KeyInput, Scheme, SignatureError, SignedHeaders, Verifier,
};

/// CloudEvents attributes that carry routing data, never end users' data, so they are not
/// scanned for PII. Company ids in `source` are long digit runs that a card-number check could
/// otherwise match by chance.
const ENVELOPE_ATTRIBUTES: &[&str] = &["specversion", "source", "subject", "datacontenttype"];

/// A webhook sender whose deliveries a [`Webhook`] receives. The preset sets both the
/// signature scheme and the payload format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Preset {
    /// CustomBooks: `CustomBooks-Signature`, and payload versions under the version policy.
    CustomBooks,
    /// QuickBooks Online: `intuit-signature`, and the legacy `eventNotifications` object or the
    /// CloudEvents array, which carry no payload version.
    QuickBooks,
}

impl Preset {
    pub const ALL: [Self; 2] = [Self::CustomBooks, Self::QuickBooks];

    /// Looks a preset up by the name used in the Python API, such as `"quickbooks"`.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|preset| preset.name() == name)
    }

    /// Name of the preset in the Python API.
    pub fn name(self) -> &'static str {
        match self {
            Self::CustomBooks => "custombooks",
            Self::QuickBooks => "quickbooks",
        }
    }

    /// Name of the sender, for messages.
    pub fn provider(self) -> &'static str {
        match self {
            Self::CustomBooks => "CustomBooks",
            Self::QuickBooks => "QuickBooks Online",
        }
    }

    /// Signature scheme of the sender's deliveries.
    pub fn scheme(self) -> Scheme {
        match self {
            Self::CustomBooks => Scheme::CustomBooks,
            Self::QuickBooks => Scheme::QuickBooks,
        }
    }

    /// Whether the payloads carry a version that a [`VersionPolicy`] checks.
    pub fn uses_version_policy(self) -> bool {
        matches!(self, Self::CustomBooks)
    }

    /// Parses a webhook body in this sender's format. `policy` applies to CustomBooks payloads
    /// only, because QuickBooks Online payloads carry no version.
    pub fn parse(
        self,
        body: &[u8],
        policy: &VersionPolicy,
        limits: &Limits,
    ) -> Result<WebhookDelivery, PayloadError> {
        match self {
            Self::CustomBooks => payload::parse_webhook(body, policy, limits),
            Self::QuickBooks => payload::parse_quickbooks_webhook(body, limits),
        }
    }
}

/// Reason a delivery was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReceiveError {
    #[error(transparent)]
    Signature(#[from] SignatureError),
    #[error(
        "the {header} header is missing, but the request carries the {found_header} header \
         that {found_provider} signs its deliveries with: receive {found_provider} deliveries \
         with a Webhook built with preset=\"{found_name}\" and that sender's secret",
        header = expected.scheme().signature_header(),
        found_header = found.scheme().signature_header(),
        found_provider = found.provider(),
        found_name = found.name(),
    )]
    OtherPreset { expected: Preset, found: Preset },
    #[error(transparent)]
    Payload(#[from] PayloadError),
}

/// A webhook receiver's configuration: sender, keys, version policy, limits and redaction.
#[derive(Debug, Clone)]
pub struct Webhook {
    preset: Preset,
    verifier: Verifier,
    policy: VersionPolicy,
    limits: Limits,
    redactor: Option<Arc<Redactor>>,
}

impl Webhook {
    /// Builds a receiver for `preset`'s deliveries, signed with any of `secrets`. With
    /// `redactor` set to `None`, event data is returned unredacted. `policy` is not read for
    /// presets whose payloads carry no version.
    pub fn new(
        preset: Preset,
        secrets: &[KeyInput<'_>],
        policy: VersionPolicy,
        limits: Limits,
        redactor: Option<Arc<Redactor>>,
    ) -> Result<Self, KeyError> {
        // Neither preset's scheme signs a timestamp, so the tolerance is never used.
        let verifier = Verifier::new(preset.scheme(), secrets, DEFAULT_TOLERANCE_SECONDS)?;
        Ok(Self {
            preset,
            verifier,
            policy,
            limits,
            redactor,
        })
    }

    pub fn preset(&self) -> Preset {
        self.preset
    }

    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// Verifies `body` against `signature`, parses it and redacts every event's data.
    ///
    /// `signed_for` is another preset whose signature header the request carries. It is read
    /// only when `signature` is missing, to name the preset that fits in the error.
    ///
    /// Only the body's length is read before the signature check, so an oversized body is
    /// rejected without hashing it. The content is parsed only once the signature is valid.
    pub fn receive(
        &self,
        body: &[u8],
        signature: Option<&str>,
        signed_for: Option<Preset>,
    ) -> Result<WebhookDelivery, ReceiveError> {
        if body.len() > self.limits.max_body_bytes {
            return Err(PayloadError::TooLarge {
                size: body.len(),
                limit: self.limits.max_body_bytes,
            }
            .into());
        }
        let missing = signature.is_none_or(|value| value.trim().is_empty());
        if let (true, Some(found)) = (missing, signed_for) {
            if found != self.preset {
                return Err(ReceiveError::OtherPreset {
                    expected: self.preset,
                    found,
                });
            }
        }
        // Neither preset's signatures carry a timestamp, so the clock is never read.
        self.verifier
            .verify(body, &SignedHeaders::signature(signature), || 0.0)?;
        let mut delivery = self.preset.parse(body, &self.policy, &self.limits)?;
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

    fn build(preset: Preset, max_body_bytes: usize, redactor: Option<Redactor>) -> Webhook {
        let limits = Limits {
            max_body_bytes,
            ..Limits::default()
        };
        Webhook::new(
            preset,
            &[KeyInput::Text(KEY)],
            VersionPolicy::default(),
            limits,
            redactor.map(Arc::new),
        )
        .expect("valid key")
    }

    fn webhook(max_body_bytes: usize) -> Webhook {
        build(Preset::CustomBooks, max_body_bytes, Some(Redactor::new()))
    }

    fn sign_for(preset: Preset, body: &[u8]) -> String {
        let verifier = Verifier::new(
            preset.scheme(),
            &[KeyInput::Text(KEY)],
            DEFAULT_TOLERANCE_SECONDS,
        )
        .expect("valid key");
        verifier
            .sign(body, None, None)
            .expect("the scheme signs without extras")
    }

    fn sign(body: &[u8]) -> String {
        sign_for(Preset::CustomBooks, body)
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
            .receive(BODY.as_bytes(), Some(&sign(BODY.as_bytes())), None)
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
            .receive(BODY.as_bytes(), Some(&sign(BODY.as_bytes())), None)
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
            .receive(b"not json", Some(&sign(b"other")), None)
            .unwrap_err();
        assert!(matches!(
            error,
            ReceiveError::Signature(SignatureError::Mismatch { .. })
        ));
    }

    #[test]
    fn oversized_body_is_rejected_before_hashing() {
        let error = webhook(16)
            .receive(BODY.as_bytes(), None, None)
            .unwrap_err();
        assert!(matches!(
            error,
            ReceiveError::Payload(PayloadError::TooLarge { limit: 16, .. })
        ));
    }

    #[test]
    fn without_redactor_data_is_unchanged() {
        let plain = build(Preset::CustomBooks, 1 << 20, None);
        let delivery = plain
            .receive(BODY.as_bytes(), Some(&sign(BODY.as_bytes())), None)
            .expect("valid delivery");
        assert_eq!(
            delivery.events[0].data.to_value()["Customer"]["DisplayName"],
            "Maria Lopez"
        );
    }

    const QUICKBOOKS_CLOUD_EVENTS: &str = r#"[{"specversion": "1.0", "id": "88cd52aa",
        "source": "intuit.dsnBgbseACLLRZNxo2dfc4evmEJdxde58xeeYcZliOU=",
        "type": "qbo.customer.updated.v1", "datacontenttype": "application/json",
        "time": "2025-09-10T21:31:25Z", "intuitentityid": "58", "intuitaccountid": "310687",
        "data": {"note": "call maria.lopez@example.com"}}]"#;

    const QUICKBOOKS_LEGACY: &str = r#"{"eventNotifications": [{"realmId": "310687",
        "dataChangeEvent": {"entities": [{"name": "Customer", "id": "58",
        "operation": "Update", "lastUpdated": "2025-09-10T21:31:25Z"}]}}]}"#;

    #[test]
    fn quickbooks_preset_verifies_and_parses_both_formats() {
        let quickbooks = build(Preset::QuickBooks, 1 << 20, Some(Redactor::new()));
        for body in [QUICKBOOKS_CLOUD_EVENTS, QUICKBOOKS_LEGACY] {
            let signature = sign_for(Preset::QuickBooks, body.as_bytes());
            let delivery = quickbooks
                .receive(body.as_bytes(), Some(&signature), None)
                .expect("valid delivery");
            let event = &delivery.events[0];
            assert_eq!(event.kind, "qbo.customer.updated.v1");
            assert_eq!(event.entity_id, "58");
            assert_eq!(event.company_id, "310687");
        }
    }

    #[test]
    fn quickbooks_preset_redacts_data() {
        let quickbooks = build(Preset::QuickBooks, 1 << 20, Some(Redactor::new()));
        let body = QUICKBOOKS_CLOUD_EVENTS.as_bytes();
        let delivery = quickbooks
            .receive(body, Some(&sign_for(Preset::QuickBooks, body)), None)
            .expect("valid delivery");
        let event = &delivery.events[0];
        assert_eq!(event.data.to_value()["note"], "call [EMAIL_ADDRESS]");
        assert_eq!(
            event.extra.to_map()["source"],
            "intuit.dsnBgbseACLLRZNxo2dfc4evmEJdxde58xeeYcZliOU="
        );
    }

    #[test]
    fn quickbooks_preset_rejects_signature_of_other_body() {
        let quickbooks = build(Preset::QuickBooks, 1 << 20, None);
        let body = QUICKBOOKS_LEGACY.as_bytes();
        let signature = sign_for(Preset::QuickBooks, b"another body");
        let error = quickbooks
            .receive(body, Some(&signature), None)
            .unwrap_err();
        assert!(matches!(
            error,
            ReceiveError::Signature(SignatureError::Mismatch {
                scheme: Scheme::QuickBooks,
                ..
            })
        ));
    }

    #[test]
    fn quickbooks_preset_rejects_custombooks_payload() {
        let quickbooks = build(Preset::QuickBooks, 1 << 20, None);
        let body = BODY.as_bytes();
        let error = quickbooks
            .receive(body, Some(&sign_for(Preset::QuickBooks, body)), None)
            .unwrap_err();
        let message = error.to_string();
        assert!(
            matches!(
                error,
                ReceiveError::Payload(PayloadError::InvalidPayload { .. })
            ),
            "{message}"
        );
        assert!(message.contains("preset=\"custombooks\""), "{message}");
    }

    #[test]
    fn missing_signature_names_the_preset_that_fits() {
        let custombooks = build(Preset::CustomBooks, 1 << 20, None);
        let error = custombooks
            .receive(BODY.as_bytes(), None, Some(Preset::QuickBooks))
            .unwrap_err();
        assert_eq!(
            error,
            ReceiveError::OtherPreset {
                expected: Preset::CustomBooks,
                found: Preset::QuickBooks,
            }
        );
        let message = error.to_string();
        assert!(
            message.contains("CustomBooks-Signature header is missing"),
            "{message}"
        );
        assert!(message.contains("intuit-signature"), "{message}");
        assert!(message.contains("preset=\"quickbooks\""), "{message}");
    }

    #[test]
    fn present_signature_ignores_other_preset_header() {
        // A request with both headers is checked against this preset's header only.
        let custombooks = build(Preset::CustomBooks, 1 << 20, None);
        let body = BODY.as_bytes();
        let delivery = custombooks.receive(body, Some(&sign(body)), Some(Preset::QuickBooks));
        assert!(delivery.is_ok());
        let blank = custombooks
            .receive(body, Some("  "), Some(Preset::QuickBooks))
            .unwrap_err();
        assert!(matches!(blank, ReceiveError::OtherPreset { .. }));
    }

    #[test]
    fn preset_names_round_trip() {
        for preset in Preset::ALL {
            assert_eq!(Preset::from_name(preset.name()), Some(preset));
        }
        assert_eq!(Preset::from_name("QuickBooks"), None);
        assert!(Preset::CustomBooks.uses_version_policy());
        assert!(!Preset::QuickBooks.uses_version_policy());
    }
}
