//! A fast path for 2.x webhook deliveries that reads the envelope and keeps event data raw.
//!
//! Building a full JSON tree of a delivery costs several times more than reading it, and most
//! handlers read only a few envelope fields. This path reads the top level, the events and the
//! members of each event's `data` object, and keeps every value below them as raw JSON.
//!
//! It only ever returns deliveries that the tree-building decoders would return for the same
//! body. On anything else (another major version, a member of an unexpected type, a policy
//! error, an object with many members) it returns `None` and the caller runs those decoders,
//! which produce the error or the result.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::fields::resolve_version;
use super::{
    Event, EventData, Limits, Members as EventMembers, PayloadKind, RawObject, Timestamp, Version,
    VersionPolicy, WebhookDelivery,
};

/// Maximum number of members in one object that this path reads. Repeated keys are found by a
/// linear search, so larger objects go to the tree-building decoders, whose maps are hashed.
const MAX_MEMBERS: usize = 32;

/// Parses a 2.x delivery that [`super::json::check`] has already accepted under the same limits.
pub(super) fn parse_v2(
    body: &[u8],
    policy: &VersionPolicy,
    limits: &Limits,
) -> Option<WebhookDelivery> {
    // The check pass accepted the body, so it is UTF-8, and serde_json need not check each
    // string again.
    let text = std::str::from_utf8(body).ok()?;
    let shared: Arc<str> = Arc::from(text);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let seed = TopSeed {
        limits,
        text,
        shared: &shared,
    };
    let top = seed.deserialize(&mut deserializer).ok()?;
    deserializer.end().ok()?;

    let (mut events, has_2_1_fields) = top.events?;
    if top.members.contains("eventNotifications") {
        return None;
    }
    let mut payload = Map::new();
    for (key, raw) in top.members.entries {
        payload.insert(key.into_owned(), to_value(raw)?);
    }
    let resolved = resolve_version(&mut payload, PayloadKind::Webhook, policy, |_| {
        Ok(Version::new(2, u32::from(has_2_1_fields)))
    })
    .ok()?;
    if resolved.version.major != 2 {
        return None;
    }
    for event in &mut events {
        event.version = resolved.version;
    }
    Some(WebhookDelivery {
        version: resolved.version,
        version_inferred: resolved.inferred,
        newer_minor: resolved.newer_minor,
        events,
        extra: payload,
    })
}

/// Decodes one event. The raw values borrow from `text`, the body, and the event's data keeps
/// `shared`, a copy of it.
fn decode_event(
    event: ShallowEvent<'_>,
    version: Version,
    text: &str,
    shared: &Arc<str>,
) -> Option<Event> {
    let (mut id, mut kind, mut time) = (None, None, None);
    let (mut company_id, mut sequence) = (None, None);
    let (mut source, mut subject) = (None, None);
    let mut extra = Vec::with_capacity(event.members.entries.len());
    for (key, raw) in &event.members.entries {
        match key.as_ref() {
            "id" => id = Some(*raw),
            "type" => kind = Some(*raw),
            "time" => time = Some(*raw),
            "companyId" => company_id = Some(*raw),
            "sequence" => sequence = Some(*raw),
            other => {
                match other {
                    "source" => source = Some(*raw),
                    "subject" => subject = Some(*raw),
                    _ => {}
                }
                extra.push(member_span(text, key, raw)?);
            }
        }
    }
    let id = string(id?)?.into_owned();
    let kind = string(kind?)?.into_owned();
    let occurred_at = Timestamp::parse(&string(time?)?)?;
    let company_id = if let Some(raw) = company_id.filter(|raw| !is_null(raw)) {
        string(raw)?.into_owned()
    } else {
        // Version 2.0 has no companyId: the company is the last segment of `source`.
        let source = string(source?)?;
        source.rsplit('/').next().unwrap_or(&source).to_owned()
    };
    let sequence = match sequence.filter(|raw| !is_null(raw)) {
        Some(raw) => Some(serde_json::from_str::<u64>(raw.get()).ok()?),
        None => None,
    };
    let data = event.data.unwrap_or_default();

    let subject = subject.and_then(string);
    let subject = subject
        .as_deref()
        .and_then(|subject| subject.split_once('/'));
    let member = |name: &str| data.get(name).and_then(|raw| string(raw));
    let entity = match member("entity") {
        Some(entity) => entity.into_owned(),
        None => subject?.0.to_owned(),
    };
    let entity_id = match member("id") {
        Some(entity_id) => entity_id.into_owned(),
        None => subject?.1.to_owned(),
    };
    let operation = member("operation")?.into_owned();
    let deleted_id = member("deletedId").map(Cow::into_owned);
    let changed_fields = match data.get("changedFields") {
        None => Vec::new(),
        Some(raw) => serde_json::from_str::<Option<Vec<String>>>(raw.get())
            .ok()?
            .unwrap_or_default(),
    };

    let members = data
        .entries
        .iter()
        .map(|(key, raw)| member_span(text, key, raw))
        .collect::<Option<Vec<_>>>()?;
    Some(Event {
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
        data: EventData::Raw(RawObject::new(Arc::clone(shared), members)),
        extra: EventMembers::Raw(RawObject::new(Arc::clone(shared), extra)),
    })
}

/// Returns the spans of a member's key and value in `text`. A key with escapes has no span of
/// its own in the body, so this returns `None` for it.
// Only the `Cow` variant shows whether the key is a slice of the body.
#[allow(clippy::ptr_arg)]
fn member_span(
    text: &str,
    key: &Cow<'_, str>,
    raw: &RawValue,
) -> Option<(Range<usize>, Range<usize>)> {
    match key {
        Cow::Borrowed(key) => Some((span(text, key)?, span(text, raw.get())?)),
        Cow::Owned(_) => None,
    }
}

/// Returns the string that raw JSON contains, or `None` when it contains another type.
fn string(raw: &RawValue) -> Option<Cow<'_, str>> {
    let text = raw.get();
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains('\\') {
        serde_json::from_str(text).ok().map(Cow::Owned)
    } else {
        Some(Cow::Borrowed(inner))
    }
}

/// Returns the span of `part` in `text`, or `None` when `part` is not a slice of `text`.
fn span(text: &str, part: &str) -> Option<Range<usize>> {
    let start = (part.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    let span = start..start.checked_add(part.len())?;
    text.get(span.clone()).map(|_| span)
}

/// Converts raw JSON into a tree, quickly for a string without escapes.
fn to_value(raw: &RawValue) -> Option<Value> {
    match string(raw) {
        Some(text) => Some(Value::String(text.into_owned())),
        None => serde_json::from_str(raw.get()).ok(),
    }
}

fn is_null(raw: &&RawValue) -> bool {
    raw.get() == "null"
}

/// An object's members in order, each key once with its last value, as the tree keeps them.
#[derive(Default)]
struct Members<'de> {
    entries: Vec<(Cow<'de, str>, &'de RawValue)>,
}

impl<'de> Members<'de> {
    fn read<A: MapAccess<'de>>(
        map: &mut A,
        mut special: impl FnMut(&str, &mut A) -> Result<bool, A::Error>,
    ) -> Result<Self, A::Error> {
        let mut entries: Vec<(Cow<'de, str>, &'de RawValue)> = Vec::with_capacity(12);
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if special(&key, map)? {
                continue;
            }
            let value: &'de RawValue = map.next_value()?;
            if let Some(entry) = entries.iter_mut().find(|(known, _)| *known == key) {
                entry.1 = value;
            } else if entries.len() == MAX_MEMBERS {
                return Err(de::Error::custom("too many members for the fast path"));
            } else {
                entries.push((key, value));
            }
        }
        Ok(Self { entries })
    }

    fn contains(&self, key: &str) -> bool {
        self.entries.iter().any(|(known, _)| known == key)
    }

    fn get(&self, key: &str) -> Option<&&'de RawValue> {
        self.entries
            .iter()
            .find(|(known, _)| known == key)
            .map(|(_, raw)| raw)
    }
}

/// The top level of a delivery: its `events`, read further, and its other members raw.
struct Top<'de> {
    /// The decoded events, and whether any has a member that version 2.1 added.
    events: Option<(Vec<Event>, bool)>,
    members: Members<'de>,
}

struct ShallowEvent<'de> {
    /// `None` when `data` is missing or null.
    data: Option<Members<'de>>,
    members: Members<'de>,
}

/// Reads a delivery from `text`. Event data keeps `shared`, a copy of `text`.
struct TopSeed<'a> {
    limits: &'a Limits,
    text: &'a str,
    shared: &'a Arc<str>,
}

impl<'de> DeserializeSeed<'de> for TopSeed<'_> {
    type Value = Top<'de>;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Top<'de>, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_> {
    type Value = Top<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a webhook delivery object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Top<'de>, A::Error> {
        let mut events = None;
        let members = Members::read(&mut map, |key, map| {
            if key != "events" {
                return Ok(false);
            }
            events = Some(map.next_value_seed(EventsSeed {
                limits: self.limits,
                text: self.text,
                shared: self.shared,
            })?);
            Ok(true)
        })?;
        Ok(Top { events, members })
    }
}

/// Reads and decodes the events, each as soon as it is read, with a placeholder version.
struct EventsSeed<'a> {
    limits: &'a Limits,
    text: &'a str,
    shared: &'a Arc<str>,
}

impl<'de> DeserializeSeed<'de> for EventsSeed<'_> {
    type Value = (Vec<Event>, bool);

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EventsSeed<'_> {
    type Value = (Vec<Event>, bool);

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an array of events")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Self::Value, A::Error> {
        let mut events = Vec::new();
        let mut has_2_1_fields = false;
        while let Some(event) = items.next_element_seed(EventSeed)? {
            if events.len() == self.limits.max_events {
                return Err(de::Error::custom("too many events for the fast path"));
            }
            // Version 2.1 added companyId and sequence to each event.
            has_2_1_fields |=
                event.members.contains("companyId") || event.members.contains("sequence");
            let placeholder = Version::new(2, 0);
            let event = decode_event(event, placeholder, self.text, self.shared)
                .ok_or_else(|| de::Error::custom("an event for the tree-building decoders"))?;
            events.push(event);
        }
        Ok((events, has_2_1_fields))
    }
}

struct EventSeed;

impl<'de> DeserializeSeed<'de> for EventSeed {
    type Value = ShallowEvent<'de>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for EventSeed {
    type Value = ShallowEvent<'de>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an event object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut data = None;
        let members = Members::read(&mut map, |key, map| {
            if key != "data" {
                return Ok(false);
            }
            data = map.next_value_seed(DataSeed)?;
            Ok(true)
        })?;
        Ok(ShallowEvent { data, members })
    }
}

/// An event's `data`: an object whose members are kept raw, or null.
struct DataSeed;

impl<'de> DeserializeSeed<'de> for DataSeed {
    type Value = Option<Members<'de>>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DataSeed {
    type Value = Option<Members<'de>>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        Members::read(&mut map, |_, _| Ok(false)).map(Some)
    }
}

/// An object key, borrowed from the body unless it contains escapes.
struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: de::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("an object key")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(text))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::super::webhook::parse_webhook_tree;
    use super::*;

    const EVENT: &str = r#"{"specversion": "1.0", "id": "evt_1",
        "source": "custombooks/company/913", "type": "custombooks.customer.updated",
        "time": "2026-11-30T22:42:19.250+02:00", "subject": "Customer/58", "companyId": "913",
        "sequence": 184467, "data": {"entity": "Customer", "id": "58", "operation": "Update",
        "changedFields": ["PrimaryEmailAddr"], "Customer": {"Id": "58", "Balance": 10.5,
        "Tags": [1, -2, 3e2, true, null, "x\u00e9"]}}}"#;

    fn delivery(event: &str) -> String {
        format!(r#"{{"webhookVersion": "2.1", "note": {{"a": [1]}}, "events": [{event}]}}"#)
    }

    /// Asserts that the fast path returns what the tree returns, and returns whether it
    /// returned a delivery.
    fn agrees(body: &str) -> bool {
        let (policy, limits) = (VersionPolicy::default(), Limits::default());
        assert!(
            super::super::json::check(body.as_bytes(), &limits).is_ok(),
            "{body}"
        );
        let Some(fast) = parse_v2(body.as_bytes(), &policy, &limits) else {
            return false;
        };
        let tree = parse_webhook_tree(body.as_bytes(), &policy, &limits);
        assert_eq!(Ok(&fast), tree.as_ref(), "{body}");
        for (fast, tree) in fast.events.iter().zip(&tree.expect("parsed").events) {
            // Key order too, which `Value` equality ignores.
            let keys = |event: &Event| match event.data.to_value() {
                Value::Object(map) => map.keys().cloned().collect::<Vec<_>>(),
                _ => Vec::new(),
            };
            assert_eq!(keys(fast), keys(tree), "{body}");
            assert!(
                fast.extra.to_map().keys().eq(tree.extra.to_map().keys()),
                "{body}"
            );
        }
        true
    }

    #[test]
    fn usual_deliveries_match_the_tree() {
        let usual = [
            delivery(EVENT),
            delivery(&format!("{EVENT}, {EVENT}")),
            delivery(""),
            delivery(&EVENT.replace(r#""companyId": "913","#, "")),
            delivery(&EVENT.replace(r#""companyId": "913""#, r#""companyId": null"#)),
            delivery(&EVENT.replace(r#""sequence": 184467"#, r#""sequence": null"#)),
            delivery(&EVENT.replace(r#""entity": "Customer", "id": "58","#, "")),
            delivery(&EVENT.replace(r#""entity": "Customer""#, r#""entity": 7"#)),
            delivery(&EVENT.replace(r#""evt_1""#, r#""evt_\u0031\n""#)),
            delivery(&EVENT.replace(r#""type""#, r#""t\u0079pe""#)),
            delivery(&EVENT.replace(r#""Id""#, r#""\u0049d""#)),
            delivery(&EVENT.replace(r#""Update","#, r#""Update", "operation": "Merge","#)),
            delivery(&EVENT.replace(r#""specversion": "1.0","#, r#""specversion": 1, "x": {},"#)),
            delivery(&EVENT.replace(
                r#""changedFields": ["PrimaryEmailAddr"]"#,
                r#""changedFields": null"#,
            )),
            delivery(&EVENT.replace(r#""data": {"#, r#""data": null, "data": {"#)),
            delivery(
                r#"{"id": "e", "type": "t", "time": "2026-11-30T22:42:19Z",
                "source": "a/b", "subject": "Customer/1", "data": {"operation": "Create"}}"#,
            )
            .replace(r#""2.1""#, r#""2.7""#),
            delivery(EVENT).replace(r#""webhookVersion": "2.1","#, ""),
            delivery(
                &EVENT
                    .replace(r#""sequence": 184467,"#, "")
                    .replace(r#""companyId": "913","#, ""),
            )
            .replace(r#""webhookVersion": "2.1","#, ""),
            delivery(EVENT).replace(r#""note""#, r#""webhookVersion": "2.0", "note""#),
        ];
        for body in &usual {
            assert!(
                agrees(body),
                "the fast path returned no delivery for {body}"
            );
        }
    }

    #[test]
    fn unusual_deliveries_fall_back() {
        let many_members: Vec<String> = (0..=MAX_MEMBERS)
            .map(|index| format!(r#""m{index}": {index}, "#))
            .collect();
        let many_members = many_members.concat();
        let unusual = [
            delivery(&EVENT.replace(
                r#""time": "2026-11-30T22:42:19.250+02:00""#,
                r#""time": "soon""#,
            )),
            delivery(&EVENT.replace(r#""sequence": 184467"#, r#""sequence": -1"#)),
            delivery(&EVENT.replace(r#""sequence": 184467"#, r#""sequence": 1.5"#)),
            delivery(&EVENT.replace(r#""id": "evt_1""#, r#""id": null"#)),
            delivery(&EVENT.replace(r#""companyId": "913""#, r#""companyId": 913"#)),
            delivery(&EVENT.replace(r#"["PrimaryEmailAddr"]"#, "[1]")),
            delivery(&EVENT.replace(r#""data": {"#, r#""data": null, "x": {"#)),
            delivery(&EVENT.replace(r#""data": {"#, r#""data": [], "data": {"#)),
            delivery(&EVENT.replace(
                r#""specversion""#,
                &format!("{many_members}\"specversion\""),
            )),
            delivery(EVENT).replace(r#""2.1""#, r#""1.0""#),
            delivery(EVENT).replace(r#""2.1""#, r#""3.0""#),
            delivery(EVENT).replace(r#""2.1""#, "2.1"),
            delivery(EVENT).replace(r#""note""#, r#""eventNotifications""#),
            delivery("[]"),
            delivery(&EVENT.replace(r#""Customer": {"#, r#""Cust\u006fmer": {"#)),
            delivery(&EVENT.replace(r#""specversion""#, r#""spec\u0076ersion""#)),
            r#"{"webhookVersion": "2.1", "events": {}}"#.to_owned(),
            r#"{"webhookVersion": "2.1"}"#.to_owned(),
            "[]".to_owned(),
        ];
        for body in &unusual {
            assert!(
                !agrees(body),
                "the fast path returned a delivery for {body}"
            );
        }
    }

    #[test]
    fn contract_deliveries_match_the_tree() {
        let folder = std::env::var_os("CUSTOMBOOKS_SHARED").map_or_else(
            || std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"),
            std::path::PathBuf::from,
        );
        let Ok(entries) = std::fs::read_dir(folder.join("contract/deliveries")) else {
            eprintln!(
                "skipped: no contract deliveries (set CUSTOMBOOKS_SHARED to the shared data folder)"
            );
            return;
        };
        let mut fast = 0;
        for entry in entries {
            let path = entry.expect("readable folder").path();
            if path.extension().is_none_or(|extension| extension != "body") {
                continue;
            }
            let body = std::fs::read_to_string(&path).expect("readable UTF-8 file");
            if super::super::json::check(body.as_bytes(), &Limits::default()).is_ok()
                && agrees(&body)
            {
                fast += 1;
            }
        }
        assert!(fast > 0, "no contract delivery took the fast path");
    }

    #[test]
    fn too_many_events_fall_back() {
        let limits = Limits {
            max_events: 1,
            ..Limits::default()
        };
        let body = delivery(&format!("{EVENT}, {EVENT}"));
        assert!(parse_v2(body.as_bytes(), &VersionPolicy::default(), &limits).is_none());
        assert!(
            parse_v2(
                delivery(EVENT).as_bytes(),
                &VersionPolicy::default(),
                &limits
            )
            .is_some()
        );
    }
}
