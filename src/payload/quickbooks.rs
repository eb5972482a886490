//! QuickBooks Online's two webhook formats, read into the same [`Event`] as CustomBooks
//! payloads: the legacy `eventNotifications` object and the CloudEvents array that Intuit
//! announced in 2025 to replace it.
//!
//! Neither format carries a payload version, so a delivery reports version 1.0 as inferred, and
//! the version policy does not apply. Event types follow the CloudEvents format,
//! `qbo.<entity>.<verb>.v1`, for both formats, so one handler serves both.

use serde_json::{Map, Value};

use super::Members;
use super::fields::{decode_event_objects, invalid, parse_time, quote_untrusted, take_string};
use super::webhook::{decode_v1, past_tense};
use super::{Event, EventData, Limits, PayloadError, Timestamp, Version, WebhookDelivery};

const LEGACY_MEMBER: &str = "eventNotifications";

/// Member that every versioned CustomBooks webhook payload has and QuickBooks payloads lack.
const CUSTOMBOOKS_VERSION_MEMBER: &str = "webhookVersion";

/// Entity names as QuickBooks Online writes them in the legacy format, used to restore the
/// capitals that CloudEvents types drop (`journalentry` to `JournalEntry`).
const ENTITY_NAMES: &[&str] = &[
    "Account",
    "Bill",
    "BillPayment",
    "Budget",
    "Class",
    "CreditMemo",
    "Currency",
    "Customer",
    "Department",
    "Deposit",
    "Employee",
    "Estimate",
    "Invoice",
    "Item",
    "JournalCode",
    "JournalEntry",
    "Payment",
    "PaymentMethod",
    "Preferences",
    "Purchase",
    "PurchaseOrder",
    "RefundReceipt",
    "SalesReceipt",
    "TaxAgency",
    "Term",
    "TimeActivity",
    "Transfer",
    "Vendor",
    "VendorCredit",
];

/// Legacy operations and the verbs CloudEvents types use for them.
const OPERATIONS: &[(&str, &str)] = &[
    ("Create", "created"),
    ("Update", "updated"),
    ("Delete", "deleted"),
    ("Merge", "merged"),
    ("Void", "voided"),
    ("Emailed", "emailed"),
];

/// Parses a QuickBooks Online webhook body in either format under `limits`.
pub fn parse_quickbooks_webhook(
    body: &[u8],
    limits: &Limits,
) -> Result<WebhookDelivery, PayloadError> {
    let value = super::json::parse(body, limits)?;
    let version = Version::new(1, 0);
    let (events, extra) = match value {
        Value::Array(events) => {
            let events = decode_event_objects(events, "", limits, decode_cloud_event)?;
            (events, Map::new())
        }
        Value::Object(mut payload) if payload.contains_key(LEGACY_MEMBER) => {
            normalise_legacy_times(&mut payload);
            let mut events = decode_v1(&mut payload, version, limits)?;
            for event in &mut events {
                event.kind = format!(
                    "qbo.{}.{}.v1",
                    event.entity.to_ascii_lowercase(),
                    past_tense(&event.operation)
                );
            }
            (events, payload)
        }
        Value::Object(payload) if payload.contains_key(CUSTOMBOOKS_VERSION_MEMBER) => {
            return Err(invalid(
                "the payload",
                "is not a QuickBooks Online webhook: it has webhookVersion, so it is a \
                 CustomBooks payload, which preset=\"custombooks\" (the default) reads",
            ));
        }
        _ => {
            return Err(invalid(
                "the payload",
                "is neither a QuickBooks Online eventNotifications object nor a CloudEvents \
                 array",
            ));
        }
    };
    Ok(WebhookDelivery {
        version,
        version_inferred: true,
        newer_minor: false,
        events,
        extra,
    })
}

/// Adds the colon that legacy QuickBooks timestamps leave out of their offset
/// (`2015-10-05T14:42:19-0700`), which RFC 3339 requires.
fn normalise_legacy_times(payload: &mut Map<String, Value>) {
    let Some(Value::Array(notifications)) = payload.get_mut(LEGACY_MEMBER) else {
        return;
    };
    let entities = notifications
        .iter_mut()
        .filter_map(|notification| notification.pointer_mut("/dataChangeEvent/entities"))
        .filter_map(Value::as_array_mut)
        .flatten();
    for entity in entities {
        if let Some(Value::String(text)) = entity.get_mut("lastUpdated") {
            if let Some(fixed) = add_offset_colon(text) {
                *text = fixed;
            }
        }
    }
}

fn add_offset_colon(text: &str) -> Option<String> {
    let split = text.len().checked_sub(5)?;
    let (time, offset) = (text.get(..split)?, text.get(split..)?.as_bytes());
    let compact = matches!(offset[0], b'+' | b'-') && offset[1..].iter().all(u8::is_ascii_digit);
    let (hours, minutes) = (text.get(split..split + 3)?, text.get(split + 3..)?);
    (compact && time.len() >= 19).then(|| format!("{time}{hours}:{minutes}"))
}

/// The CloudEvents `type` form QuickBooks Online documents, for messages.
const CLOUD_EVENT_TYPE_FORM: &str = "qbo.<entity>.<verb>.v<N> with N a positive integer \
     without leading zeros, such as qbo.customer.created.v1";

/// The parts of a CloudEvents `type` such as `qbo.customer.created.v1`.
#[derive(Debug, PartialEq, Eq)]
struct CloudEventType<'a> {
    entity: &'a str,
    verb: &'a str,
    major: u32,
}

impl<'a> CloudEventType<'a> {
    /// Splits `qbo.<entity>.<verb>.v<N>`: exactly four segments, none empty, the first `qbo`
    /// and the last `v` followed by the ASCII digits of a positive number, without leading zeros.
    fn parse(kind: &'a str) -> Option<Self> {
        let mut segments = kind.split('.');
        let (Some("qbo"), Some(entity), Some(verb), Some(version), None) = (
            segments.next(),
            segments.next(),
            segments.next(),
            segments.next(),
            segments.next(),
        ) else {
            return None;
        };
        let digits = version.strip_prefix('v')?;
        // `u32::from_str` also takes a leading `+`, which the documented form does not have, and
        // leading zeros, which would let `v01` pass as `v1`.
        if entity.is_empty()
            || verb.is_empty()
            || digits.starts_with('0')
            || !digits.bytes().all(|byte| byte.is_ascii_digit())
        {
            return None;
        }
        let major: u32 = digits.parse().ok().filter(|major| *major > 0)?;
        Some(Self {
            entity,
            verb,
            major,
        })
    }
}

fn decode_cloud_event(mut event: Map<String, Value>, path: &str) -> Result<Event, PayloadError> {
    let id = take_string(&mut event, "id", path)?;
    let kind = take_string(&mut event, "type", path)?;
    let time = take_string(&mut event, "time", path)?;
    let occurred_at: Timestamp = parse_time(&time, &format!("{path}.time"))?;
    let entity_id = take_string(&mut event, "intuitentityid", path)?;
    let company_id = take_string(&mut event, "intuitaccountid", path)?;
    let data = match event.shift_remove("data") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(data)) => data,
        Some(_) => return Err(invalid(&format!("{path}.data"), "must be an object")),
    };

    let Some(CloudEventType {
        entity,
        verb,
        major,
    }) = CloudEventType::parse(&kind)
    else {
        return Err(invalid(
            &format!("{path}.type"),
            &format!(
                "is {}, which does not have the form {CLOUD_EVENT_TYPE_FORM}",
                quote_untrusted(&kind)
            ),
        ));
    };
    let entity = ENTITY_NAMES
        .iter()
        .find(|name| name.eq_ignore_ascii_case(entity))
        .map_or_else(|| entity.to_owned(), |name| (*name).to_owned());
    let operation = OPERATIONS
        .iter()
        .find(|(_, past)| *past == verb)
        .map_or_else(|| verb.to_owned(), |(operation, _)| (*operation).to_owned());

    Ok(Event {
        id,
        kind,
        entity,
        entity_id,
        operation,
        company_id,
        occurred_at,
        version: Version::new(major, 0),
        sequence: None,
        // The CloudEvents format documents no member for the entity merged away.
        deleted_id: None,
        changed_fields: Vec::new(),
        data: EventData::Value(Value::Object(data)),
        extra: Members::Tree(event),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Result<WebhookDelivery, PayloadError> {
        parse_quickbooks_webhook(body.as_bytes(), &Limits::default())
    }

    const LEGACY: &str = r#"{"eventNotifications": [{"realmId": "1185883450",
        "dataChangeEvent": {"entities": [
          {"name": "Customer", "id": "1", "operation": "Create",
           "lastUpdated": "2015-10-05T14:42:19-0700"},
          {"name": "JournalEntry", "id": "9", "operation": "Merge", "deletedId": "8",
           "lastUpdated": "2025-09-08T20:52:31.657Z"}]}}]}"#;

    const CLOUD_EVENTS: &str = r#"[{"specversion": "1.0",
        "id": "88cd52aa-33b6-4351-9aa4-47572edbd068",
        "source": "intuit.dsnBgbseACLLRZNxo2dfc4evmEJdxde58xeeYcZliOU=",
        "type": "qbo.journalentry.created.v1", "datacontenttype": "application/json",
        "time": "2025-09-10T21:31:25.179851517Z", "intuitentityid": "1234",
        "intuitaccountid": "310687", "data": {}}]"#;

    #[test]
    fn legacy_format_becomes_cloud_event_types() {
        let delivery = parse(LEGACY).expect("valid");
        assert_eq!(delivery.version, Version::new(1, 0));
        assert!(delivery.version_inferred);
        let [create, merge] = delivery.events.as_slice() else {
            panic!("expected two events");
        };
        assert_eq!(create.kind, "qbo.customer.created.v1");
        assert_eq!(create.company_id, "1185883450");
        assert_eq!(create.occurred_at.offset_seconds, -7 * 3600);
        assert!(create.id.starts_with("v1-"));
        assert_eq!(merge.kind, "qbo.journalentry.merged.v1");
        assert_eq!(merge.deleted_id.as_deref(), Some("8"));
    }

    #[test]
    fn cloud_events_array() {
        let delivery = parse(CLOUD_EVENTS).expect("valid");
        let event = &delivery.events[0];
        assert_eq!(event.id, "88cd52aa-33b6-4351-9aa4-47572edbd068");
        assert_eq!(event.kind, "qbo.journalentry.created.v1");
        assert_eq!(event.entity, "JournalEntry");
        assert_eq!(event.operation, "Create");
        assert_eq!(event.entity_id, "1234");
        assert_eq!(event.company_id, "310687");
        assert_eq!(event.occurred_at.nanosecond, 179_851_517);
        assert_eq!(event.version, Version::new(1, 0));
        assert_eq!(event.extra.to_map()["specversion"], "1.0");
        assert!(event.extra.to_map().contains_key("source"));
    }

    #[test]
    fn same_change_reads_the_same_in_both_formats() {
        let legacy = r#"{"eventNotifications": [{"realmId": "310687", "dataChangeEvent":
            {"entities": [{"name": "JournalEntry", "id": "1234", "operation": "Create",
            "lastUpdated": "2025-09-10T21:31:25.179851517Z"}]}}]}"#;
        let old = &parse(legacy).expect("valid").events[0];
        let new = &parse(CLOUD_EVENTS).expect("valid").events[0];
        assert_eq!(
            (&old.kind, &old.entity, &old.entity_id, &old.operation),
            (&new.kind, &new.entity, &new.entity_id, &new.operation)
        );
        assert_eq!(old.company_id, new.company_id);
        assert_eq!(old.occurred_at, new.occurred_at);
    }

    #[test]
    fn unknown_entities_and_verbs_stay_strings() {
        let body = CLOUD_EVENTS.replace("qbo.journalentry.created.v1", "qbo.widget.archived.v2");
        let event = &parse(&body).expect("valid").events[0];
        assert_eq!(event.entity, "widget");
        assert_eq!(event.operation, "archived");
        assert_eq!(event.version, Version::new(2, 0));
    }

    #[test]
    fn cloud_event_types_need_the_documented_form() {
        assert_eq!(
            CloudEventType::parse("qbo.customer.created.v1"),
            Some(CloudEventType {
                entity: "customer",
                verb: "created",
                major: 1
            })
        );
        assert_eq!(
            CloudEventType::parse("qbo.widget.archived.v12").map(|parts| parts.major),
            Some(12)
        );
        for kind in [
            "qbo.customer",
            "qbo.customer.created",
            "com.example.thing.created",
            "xyz.customer.created.v1",
            "QBO.customer.created.v1",
            "qbo.customer.created.vX",
            "qbo.customer.created.v",
            "qbo.customer.created.v0",
            "qbo.customer.created.v01",
            "qbo.customer.created.v00",
            "qbo.customer.created.v+1",
            "qbo.customer.created.v-1",
            "qbo.customer.created.1",
            "qbo.customer.created.v99999999999",
            "qbo.customer.created.v1.extra",
            "qbo..created.v1",
            "qbo.customer..v1",
            "",
        ] {
            assert_eq!(CloudEventType::parse(kind), None, "{kind}");
        }
    }

    #[test]
    fn invalid_cloud_event_type_names_field_and_form() {
        let body = CLOUD_EVENTS.replace("qbo.journalentry.created.v1", "com.example.thing.created");
        let message = parse(&body).unwrap_err().to_string();
        assert!(message.contains("[0].type"), "{message}");
        assert!(
            message.contains("\"com.example.thing.created\""),
            "{message}"
        );
        assert!(message.contains("qbo.<entity>.<verb>.v<N>"), "{message}");
    }

    #[test]
    fn malformed_payloads_name_the_member() {
        for (body, expected) in [
            (r#"{"events": []}"#, "neither a QuickBooks Online"),
            (
                r#"{"webhookVersion": "2.1", "events": []}"#,
                "it is a CustomBooks payload, which preset=\"custombooks\"",
            ),
            ("[1]", "[0] must be an object"),
            (
                &CLOUD_EVENTS.replace("qbo.journalentry.created.v1", "created"),
                "[0].type is \"created\", which does not have the form",
            ),
            (
                &CLOUD_EVENTS.replace(r#""intuitaccountid": "310687","#, ""),
                "[0].intuitaccountid is missing",
            ),
            (
                &LEGACY.replace("2015-10-05T14:42:19-0700", "2015-10-05T14:42:19-07"),
                "lastUpdated is \"2015-10-05T14:42:19-07\"",
            ),
        ] {
            let message = parse(body).unwrap_err().to_string();
            assert!(message.contains(expected), "{body}: {message}");
        }
    }

    #[test]
    fn event_limit_applies_to_cloud_events() {
        let body = format!(
            "[{}, {}]",
            &CLOUD_EVENTS[1..CLOUD_EVENTS.len() - 1],
            &CLOUD_EVENTS[1..CLOUD_EVENTS.len() - 1]
        );
        let limits = Limits {
            max_events: 1,
            ..Limits::default()
        };
        let error = parse_quickbooks_webhook(body.as_bytes(), &limits).unwrap_err();
        assert_eq!(error, PayloadError::TooManyEvents { count: 2, limit: 1 });
    }

    #[test]
    fn offset_colon_is_added_only_to_compact_offsets() {
        assert_eq!(
            add_offset_colon("2015-10-05T14:42:19-0700").as_deref(),
            Some("2015-10-05T14:42:19-07:00")
        );
        assert_eq!(add_offset_colon("2015-10-05T14:42:19-07:00"), None);
        assert_eq!(add_offset_colon("2025-09-08T20:52:31.657Z"), None);
        assert_eq!(add_offset_colon("-0700"), None);
        assert_eq!(add_offset_colon("é-0700"), None);
    }
}
