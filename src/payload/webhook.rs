//! Decoders for webhook payload versions 1.x (change notifications) and 2.x (events with data).

use std::fmt::Write as _;

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::fields::{
    decode_event_objects, invalid, parse_time, resolve_version, take_array, take_optional_string,
    take_string,
};
use super::{
    Event, EventData, Limits, Members, PayloadError, PayloadKind, Version, VersionPolicy,
    WebhookDelivery,
};

/// Parses a webhook body under `policy` and `limits`.
///
/// The body must already be authenticated: parsing comes after signature verification.
pub fn parse_webhook(
    body: &[u8],
    policy: &VersionPolicy,
    limits: &Limits,
) -> Result<WebhookDelivery, PayloadError> {
    if let Some(delivery) = super::shallow::parse_v2(body, policy, limits) {
        return Ok(delivery);
    }
    // Errors, 1.x and unusual 2.x shapes: the tree-building decoders find the error to report.
    parse_webhook_tree(body, policy, limits)
}

/// Parses a webhook body like [`parse_webhook`], always through a tree of the whole body.
pub(super) fn parse_webhook_tree(
    body: &[u8],
    policy: &VersionPolicy,
    limits: &Limits,
) -> Result<WebhookDelivery, PayloadError> {
    let mut payload = match super::json::parse(body, limits)? {
        Value::Object(payload) => payload,
        Value::Array(_) => {
            return Err(invalid(
                "the payload",
                "must be a JSON object, not an array. QuickBooks Online sends CloudEvents \
                 webhooks as arrays: read those with preset=\"quickbooks\"",
            ));
        }
        _ => return Err(invalid("the payload", "must be a JSON object")),
    };

    let resolved = resolve_version(&mut payload, PayloadKind::Webhook, policy, infer_version)?;
    let version = resolved.version;
    let events = match version.major {
        1 => decode_v1(&mut payload, version, limits)?,
        2 => decode_v2(&mut payload, version, limits)?,
        // The policy check allows only majors with a decoder; this covers a policy built
        // without that check.
        _ => {
            return Err(PayloadError::UnsupportedVersion {
                kind: PayloadKind::Webhook,
                found: version,
                supported: PayloadKind::Webhook.decodable_majors().to_vec(),
            });
        }
    };
    Ok(WebhookDelivery {
        version,
        version_inferred: resolved.inferred,
        newer_minor: resolved.newer_minor,
        events,
        extra: payload,
    })
}

/// Infers the version of a payload without `webhookVersion` from its top-level members.
fn infer_version(payload: &Map<String, Value>) -> Result<Version, PayloadError> {
    if payload.contains_key("eventNotifications") {
        return Ok(Version::new(1, 0));
    }
    let Some(Value::Array(events)) = payload.get("events") else {
        return Err(invalid(
            "the payload",
            "has no webhookVersion and neither eventNotifications nor an events array, so its \
             version cannot be inferred",
        ));
    };
    // Version 2.1 added companyId and sequence to each event.
    let has_2_1_fields = events.iter().any(|event| {
        event
            .as_object()
            .is_some_and(|event| event.contains_key("companyId") || event.contains_key("sequence"))
    });
    Ok(Version::new(2, u32::from(has_2_1_fields)))
}

pub(super) fn decode_v1(
    payload: &mut Map<String, Value>,
    version: Version,
    limits: &Limits,
) -> Result<Vec<Event>, PayloadError> {
    let path = "eventNotifications";
    let notifications = take_array(payload, "eventNotifications", "")?;
    let mut events = Vec::new();
    for (index, notification) in notifications.into_iter().enumerate() {
        let path = format!("{path}[{index}]");
        let Value::Object(mut notification) = notification else {
            return Err(invalid(&path, "must be an object"));
        };
        let company_id = take_string(&mut notification, "realmId", &path)?;
        let change_path = format!("{path}.dataChangeEvent");
        let Some(Value::Object(mut change)) = notification.shift_remove("dataChangeEvent") else {
            return Err(invalid(&change_path, "must be an object"));
        };
        let entities = take_array(&mut change, "entities", &change_path)?;
        if events.len() + entities.len() > limits.max_events {
            return Err(PayloadError::TooManyEvents {
                count: events.len() + entities.len(),
                limit: limits.max_events,
            });
        }
        // Members this decoder does not know, at the notification and change level, are kept on
        // every event they apply to.
        let mut shared_extra = notification;
        shared_extra.append(&mut change);
        for (position, entity) in entities.into_iter().enumerate() {
            let path = format!("{change_path}.entities[{position}]");
            let Value::Object(mut entity) = entity else {
                return Err(invalid(&path, "must be an object"));
            };
            let mut event = decode_v1_entity(&mut entity, &company_id, version, &path)?;
            for (key, value) in &shared_extra {
                entity.entry(key.clone()).or_insert_with(|| value.clone());
            }
            event.extra = Members::Tree(entity);
            events.push(event);
        }
    }
    Ok(events)
}

fn decode_v1_entity(
    entity: &mut Map<String, Value>,
    company_id: &str,
    version: Version,
    path: &str,
) -> Result<Event, PayloadError> {
    let name = take_string(entity, "name", path)?;
    let entity_id = take_string(entity, "id", path)?;
    let operation = take_string(entity, "operation", path)?;
    let last_updated = take_string(entity, "lastUpdated", path)?;
    let occurred_at = parse_time(&last_updated, &format!("{path}.lastUpdated"))?;
    let deleted_id = take_optional_string(entity, "deletedId", path)?;
    Ok(Event {
        id: derive_v1_id(&[company_id, &name, &entity_id, &operation, &last_updated]),
        kind: format!(
            "custombooks.{}.{}",
            name.to_ascii_lowercase(),
            past_tense(&operation)
        ),
        entity: name,
        entity_id,
        operation,
        company_id: company_id.to_owned(),
        occurred_at,
        version,
        sequence: None,
        deleted_id,
        changed_fields: Vec::new(),
        data: EventData::default(),
        extra: Members::default(),
    })
}

/// Derives a stable id for a 1.x event, which has none of its own.
///
/// The id is `v1-` and the first 128 bits, in hex, of SHA-256 over `realmId`, `name`, `id`,
/// `operation` and `lastUpdated` joined with the unit separator U+001F, so a redelivery of the
/// same change gets the same id.
fn derive_v1_id(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for (index, part) in parts.iter().enumerate() {
        if index > 0 {
            hasher.update([0x1f]);
        }
        hasher.update(part.as_bytes());
    }
    let digest = hasher.finalize();
    digest[..16]
        .iter()
        .fold(String::from("v1-"), |mut id, byte| {
            let _ = write!(id, "{byte:02x}");
            id
        })
}

/// Maps a 1.x operation to the verb used in 2.x event types; unknown ones are lower-cased.
pub(super) fn past_tense(operation: &str) -> String {
    match operation {
        "Create" => "created".to_owned(),
        "Update" => "updated".to_owned(),
        "Delete" => "deleted".to_owned(),
        "Merge" => "merged".to_owned(),
        "Void" => "voided".to_owned(),
        "Emailed" => "emailed".to_owned(),
        other => other.to_ascii_lowercase(),
    }
}

fn decode_v2(
    payload: &mut Map<String, Value>,
    version: Version,
    limits: &Limits,
) -> Result<Vec<Event>, PayloadError> {
    let raw_events = take_array(payload, "events", "")?;
    decode_event_objects(raw_events, "events", limits, |event, path| {
        decode_v2_event(event, version, path)
    })
}

fn decode_v2_event(
    mut event: Map<String, Value>,
    version: Version,
    path: &str,
) -> Result<Event, PayloadError> {
    let id = take_string(&mut event, "id", path)?;
    let kind = take_string(&mut event, "type", path)?;
    let time = take_string(&mut event, "time", path)?;
    let occurred_at = parse_time(&time, &format!("{path}.time"))?;
    let company_id = match take_optional_string(&mut event, "companyId", path)? {
        Some(company_id) => company_id,
        // Version 2.0 has no companyId: the company is the last segment of `source`.
        None => match event.get("source").and_then(Value::as_str) {
            Some(source) => source.rsplit('/').next().unwrap_or(source).to_owned(),
            None => return Err(invalid(path, "has neither companyId nor source")),
        },
    };
    let sequence =
        match event.shift_remove("sequence") {
            None | Some(Value::Null) => None,
            Some(value) => Some(value.as_u64().ok_or_else(|| {
                invalid(&format!("{path}.sequence"), "must be an unsigned integer")
            })?),
        };
    let data_path = format!("{path}.data");
    let data = match event.shift_remove("data") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(data)) => data,
        Some(_) => return Err(invalid(&data_path, "must be an object")),
    };

    let subject = event
        .get("subject")
        .and_then(Value::as_str)
        .and_then(|subject| subject.split_once('/'));
    let entity = match data.get("entity").and_then(Value::as_str) {
        Some(entity) => entity.to_owned(),
        None => subject
            .map(|(entity, _)| entity.to_owned())
            .ok_or_else(|| invalid(&data_path, "has no entity and the event has no subject"))?,
    };
    let entity_id = match data.get("id").and_then(Value::as_str) {
        Some(entity_id) => entity_id.to_owned(),
        None => subject
            .map(|(_, entity_id)| entity_id.to_owned())
            .ok_or_else(|| invalid(&data_path, "has no id and the event has no subject"))?,
    };
    let operation = data
        .get("operation")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .ok_or_else(|| invalid(&data_path, "has no operation"))?;
    let deleted_id = data
        .get("deletedId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let changed_fields = match data.get("changedFields") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(fields)) => fields
            .iter()
            .map(|field| field.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                invalid(
                    &format!("{data_path}.changedFields"),
                    "must hold only strings",
                )
            })?,
        Some(_) => {
            return Err(invalid(
                &format!("{data_path}.changedFields"),
                "must be an array",
            ));
        }
    };

    Ok(Event {
        id,
        kind,
        entity,
        entity_id,
        operation,
        company_id,
        occurred_at,
        version,
        sequence,
        deleted_id,
        changed_fields,
        data: EventData::Value(Value::Object(data)),
        extra: Members::Tree(event),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Result<WebhookDelivery, PayloadError> {
        parse_webhook(
            body.as_bytes(),
            &VersionPolicy::default(),
            &Limits::default(),
        )
    }

    const V1: &str = r#"{
      "webhookVersion": "1.0",
      "eventNotifications": [{
        "realmId": "9130354821245106",
        "dataChangeEvent": {"entities": [
          {"name": "Customer", "id": "58", "operation": "Create", "lastUpdated": "2026-11-30T14:42:19.000Z"},
          {"name": "Vendor", "id": "7", "operation": "Merge", "deletedId": "5", "lastUpdated": "2026-11-30T14:42:21-08:00"}
        ]}
      }]
    }"#;

    const V2: &str = r#"{
      "webhookVersion": "2.1",
      "events": [{
        "specversion": "1.0", "id": "evt_1", "source": "custombooks/company/913",
        "type": "custombooks.customer.updated", "time": "2026-11-30T22:42:19Z",
        "subject": "Customer/58", "companyId": "913", "sequence": 184467,
        "data": {"entity": "Customer", "id": "58", "operation": "Update",
                 "changedFields": ["PrimaryEmailAddr"], "Customer": {"Id": "58"}}
      }]
    }"#;

    #[test]
    fn array_payload_points_to_quickbooks_preset() {
        let message = parse(r#"[{"type": "qbo.customer.created.v1"}]"#)
            .unwrap_err()
            .to_string();
        assert!(
            message.contains("must be a JSON object, not an array"),
            "{message}"
        );
        assert!(message.contains("preset=\"quickbooks\""), "{message}");
        let scalar = parse("42").unwrap_err().to_string();
        assert!(!scalar.contains("quickbooks"), "{scalar}");
    }

    #[test]
    fn v1_change_notifications() {
        let delivery = parse(V1).expect("valid 1.0");
        assert_eq!(delivery.version, Version::new(1, 0));
        assert!(!delivery.version_inferred);
        assert!(!delivery.newer_minor);
        assert_eq!(delivery.events.len(), 2);
        let merge = &delivery.events[1];
        assert_eq!(merge.kind, "custombooks.vendor.merged");
        assert_eq!(merge.entity, "Vendor");
        assert_eq!(merge.entity_id, "7");
        assert_eq!(merge.company_id, "9130354821245106");
        assert_eq!(merge.deleted_id.as_deref(), Some("5"));
        assert_eq!(merge.occurred_at.offset_seconds, -8 * 3600);
        assert!(merge.id.starts_with("v1-"));
        assert_eq!(merge.id.len(), 35);
    }

    #[test]
    fn v1_ids_are_stable_and_distinct() {
        let first = parse(V1).expect("valid");
        let second = parse(V1).expect("valid");
        assert_eq!(first.events[0].id, second.events[0].id);
        assert_ne!(first.events[0].id, first.events[1].id);
    }

    #[test]
    fn v2_events_with_data() {
        let delivery = parse(V2).expect("valid 2.1");
        let event = &delivery.events[0];
        assert_eq!(event.id, "evt_1");
        assert_eq!(event.kind, "custombooks.customer.updated");
        assert_eq!(event.operation, "Update");
        assert_eq!(event.company_id, "913");
        assert_eq!(event.sequence, Some(184_467));
        assert_eq!(event.changed_fields, vec!["PrimaryEmailAddr".to_owned()]);
        assert_eq!(event.data.to_value()["Customer"]["Id"], "58");
        assert_eq!(event.extra.to_map()["subject"], "Customer/58");
    }

    #[test]
    fn v2_0_company_comes_from_source() {
        let body = V2
            .replace("\"2.1\"", "\"2.0\"")
            .replace("\"companyId\": \"913\",", "")
            .replace("\"sequence\": 184467,", "");
        let delivery = parse(&body).expect("valid 2.0");
        assert_eq!(delivery.events[0].company_id, "913");
        assert_eq!(delivery.events[0].sequence, None);
    }

    #[test]
    fn newer_minor_is_accepted_and_flagged() {
        let body = V2.replace("\"2.1\"", "\"2.9\"").replace(
            "\"specversion\"",
            "\"traceparent\": \"00-abc\", \"specversion\"",
        );
        let delivery = parse(&body).expect("newer minor parses");
        assert!(delivery.newer_minor);
        assert_eq!(delivery.events[0].extra.to_map()["traceparent"], "00-abc");
    }

    #[test]
    fn missing_version_is_inferred() {
        let v1 = parse(&V1.replace("\"webhookVersion\": \"1.0\",", "")).expect("infers 1.0");
        assert_eq!(
            (v1.version, v1.version_inferred),
            (Version::new(1, 0), true)
        );
        let v2 = parse(&V2.replace("\"webhookVersion\": \"2.1\",", "")).expect("infers 2.1");
        assert_eq!(
            (v2.version, v2.version_inferred),
            (Version::new(2, 1), true)
        );
    }

    #[test]
    fn strict_policy_rejects_missing_version() {
        let policy = VersionPolicy {
            infer_missing: false,
            ..VersionPolicy::default()
        };
        let body = V1.replace("\"webhookVersion\": \"1.0\",", "");
        let error = parse_webhook(body.as_bytes(), &policy, &Limits::default()).unwrap_err();
        assert_eq!(
            error,
            PayloadError::MissingVersion {
                kind: PayloadKind::Webhook
            }
        );
    }

    #[test]
    fn unknown_major_is_unsupported() {
        let error = parse(r#"{"webhookVersion": "9.0", "events": []}"#).unwrap_err();
        assert_eq!(
            error,
            PayloadError::UnsupportedVersion {
                kind: PayloadKind::Webhook,
                found: Version::new(9, 0),
                supported: vec![1, 2]
            }
        );
        let message = error.to_string();
        assert!(message.contains("\"9.0\""), "{message}");
        assert!(message.contains("1.x, 2.x"), "{message}");
    }

    #[test]
    fn malformed_versions_are_invalid() {
        for version in ["\"2\"", "\"2.1.0\"", "2.1", "null", "\"latest\""] {
            let body = format!(r#"{{"webhookVersion": {version}, "events": []}}"#);
            assert!(
                matches!(parse(&body), Err(PayloadError::InvalidVersion { .. })),
                "{version}"
            );
        }
    }

    #[test]
    fn invalid_json_reports_position_without_input() {
        let error = parse("{\"webhookVersion\": \"2.1\",\n \"events\": [secret-value").unwrap_err();
        let PayloadError::InvalidJson { line, column, .. } = &error else {
            panic!("expected InvalidJson, got {error:?}");
        };
        assert_eq!((*line, *column), (2, 13));
        assert!(!error.to_string().contains("secret-value"));
    }

    #[test]
    fn non_object_payloads_are_invalid() {
        for body in ["[]", "\"text\"", "42", "null"] {
            assert!(
                matches!(parse(body), Err(PayloadError::InvalidPayload { .. })),
                "{body}"
            );
        }
    }

    #[test]
    fn bad_event_fields_name_their_path() {
        let body = V2.replace("2026-11-30T22:42:19Z", "yesterday");
        let message = parse(&body).unwrap_err().to_string();
        assert!(message.contains("events[0].time"), "{message}");
        assert!(message.contains("\"yesterday\""), "{message}");

        let body = V1.replace("\"realmId\": \"9130354821245106\",", "");
        let message = parse(&body).unwrap_err().to_string();
        assert!(
            message.contains("eventNotifications[0].realmId is missing"),
            "{message}"
        );
    }

    #[test]
    fn limits_are_enforced() {
        let limits = Limits {
            max_body_bytes: 10,
            ..Limits::default()
        };
        let error = parse_webhook(V2.as_bytes(), &VersionPolicy::default(), &limits).unwrap_err();
        assert!(matches!(error, PayloadError::TooLarge { limit: 10, .. }));

        let limits = Limits {
            max_events: 1,
            ..Limits::default()
        };
        let error = parse_webhook(V1.as_bytes(), &VersionPolicy::default(), &limits).unwrap_err();
        assert_eq!(error, PayloadError::TooManyEvents { count: 2, limit: 1 });
    }

    #[test]
    fn unknown_operations_and_types_stay_strings() {
        let body = V1.replace("\"Create\"", "\"Archive\"");
        let delivery = parse(&body).expect("unknown operation parses");
        assert_eq!(delivery.events[0].operation, "Archive");
        assert_eq!(delivery.events[0].kind, "custombooks.customer.archive");
    }
}
