//! A fast path for 2.x webhook deliveries that reads the envelope and keeps event data raw.
//!
//! Building a full JSON tree of a delivery costs several times more than reading it, and most
//! handlers read only a few envelope fields. This path reads the body once with [`Scanner`],
//! which checks syntax and limits as it goes. It decodes the top level, the events and the
//! members of each event's `data` object, and keeps every value below them as spans of the body.
//!
//! It only ever returns deliveries that the tree-building decoders would return for the same
//! body. On anything else it returns `None`, and the caller runs those decoders, which produce
//! the error or the result. Such bodies include invalid JSON, a limit reached, another major
//! version, a member of an unexpected type, a policy error and an object with many members.

// Inlining the per-member steps into their callers keeps their results in registers. Returned
// through memory, they made the parse about a tenth slower in one `perf` profile.
#![allow(clippy::inline_always)]

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::fields::resolve_version;
use super::scan::{Rejected, Scan, Scanner, StringToken};
use super::{
    Event, EventData, Limits, Members as EventMembers, PayloadKind, RawObject, Timestamp, Version,
    VersionPolicy, WebhookDelivery,
};

/// Maximum number of members in one object that this path reads. Repeated keys are found by a
/// linear search, so larger objects go to the tree-building decoders, whose maps are hashed.
const MAX_MEMBERS: usize = 32;

/// Parses a 2.x delivery under `policy` and `limits`, or returns `None` for the tree-building
/// decoders to parse it.
pub(super) fn parse_v2(
    body: &[u8],
    policy: &VersionPolicy,
    limits: &Limits,
) -> Option<WebhookDelivery> {
    if body.len() > limits.max_body_bytes {
        return None;
    }
    let text = std::str::from_utf8(body).ok()?;
    let shared: Arc<str> = Arc::from(text);
    let mut reader = Reader {
        scanner: Scanner::new(text, limits),
        text,
        shared: &shared,
        limits,
        event: Members::with_capacity(16),
        data: Members::with_capacity(16),
    };
    let top = reader.top().ok()?;
    reader.scanner.finish().ok()?;

    let (mut events, has_2_1_fields) = top.events?;
    if top.members.contains("eventNotifications") {
        return None;
    }
    let mut payload = Map::new();
    for member in top.members.entries {
        payload.insert(member.key.into_owned(), to_value(member.value)?);
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

/// Decodes one event from its members and those of its `data` object, `None` when `data` is
/// missing or null. The raw values borrow from the body, and the event's data keeps `shared`,
/// a copy of it.
fn decode_event(
    members: &Members<'_>,
    data: Option<&Members<'_>>,
    version: Version,
    shared: &Arc<str>,
) -> Option<Event> {
    let (mut id, mut kind, mut time) = (None, None, None);
    let (mut company_id, mut sequence) = (None, None);
    let (mut source, mut subject) = (None, None);
    let mut extra = Vec::with_capacity(members.entries.len());
    for member in &members.entries {
        let raw = member.value;
        match member.key.as_ref() {
            "id" => id = Some(raw),
            "type" => kind = Some(raw),
            "time" => time = Some(raw),
            "companyId" => company_id = Some(raw),
            "sequence" => sequence = Some(raw),
            other => {
                match other {
                    "source" => source = Some(raw),
                    "subject" => subject = Some(raw),
                    _ => {}
                }
                extra.push(member.spans()?);
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
    // Digits alone: a sign, a fraction or an exponent is left to the tree-building decoders.
    let sequence = match sequence.filter(|raw| !is_null(raw)) {
        Some(raw) if raw.bytes().all(|byte| byte.is_ascii_digit()) => Some(raw.parse().ok()?),
        Some(_) => return None,
        None => None,
    };
    let no_data = Members::default();
    let data = data.unwrap_or(&no_data);

    let subject = subject.and_then(string);
    let subject = subject
        .as_deref()
        .and_then(|subject| subject.split_once('/'));
    let member = |name: &str| data.get(name).and_then(string);
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
        Some(raw) => strings(raw)?,
    };

    let members = data
        .entries
        .iter()
        .map(Member::spans)
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

/// Returns the string that raw JSON contains, or `None` when it contains another type.
fn string(raw: &str) -> Option<Cow<'_, str>> {
    let inner = raw.strip_prefix('"')?.strip_suffix('"')?;
    if inner.contains('\\') {
        serde_json::from_str(raw).ok().map(Cow::Owned)
    } else {
        Some(Cow::Borrowed(inner))
    }
}

/// Returns the strings in raw JSON that the scanner accepted: an array of strings, or null
/// for none. Returns `None` for anything else.
fn strings(raw: &str) -> Option<Vec<String>> {
    if raw == "null" {
        return Some(Vec::new());
    }
    // The body was already read under the caller's limits, so none apply here.
    let limits = Limits {
        max_depth: 1,
        max_string_bytes: usize::MAX,
        ..Limits::default()
    };
    let mut scanner = Scanner::new(raw, &limits);
    let mut array = scanner.array().ok()?;
    let mut items = Vec::new();
    while scanner.next_item(&mut array).ok()? {
        let token = scanner.string().ok()?;
        let quoted = &raw[(token.inner.start - 1)..=token.inner.end];
        items.push(string(quoted)?.into_owned());
    }
    Some(items)
}

/// Converts raw JSON into a tree, quickly for a string without escapes.
fn to_value(raw: &str) -> Option<Value> {
    match string(raw) {
        Some(text) => Some(Value::String(text.into_owned())),
        None => serde_json::from_str(raw).ok(),
    }
}

fn is_null(raw: &&str) -> bool {
    *raw == "null"
}

/// One member of an object: its key and the raw JSON text of its value.
struct Member<'a> {
    key: Cow<'a, str>,
    /// Span of the key between its quotes, escapes as written.
    key_span: Range<usize>,
    value: &'a str,
    value_span: Range<usize>,
}

impl Member<'_> {
    /// Returns the spans of the key and the value. A key with escapes has no span that
    /// contains its text, so this returns `None` for it.
    fn spans(&self) -> Option<(Range<usize>, Range<usize>)> {
        match self.key {
            Cow::Borrowed(_) => Some((self.key_span.clone(), self.value_span.clone())),
            Cow::Owned(_) => None,
        }
    }
}

/// An object's members in order, each key once with its last value, as the tree keeps them.
#[derive(Default)]
struct Members<'a> {
    entries: Vec<Member<'a>>,
}

impl<'a> Members<'a> {
    fn with_capacity(capacity: usize) -> Self {
        Self {
            entries: Vec::with_capacity(capacity),
        }
    }

    fn clear(&mut self) {
        self.entries.clear();
    }

    #[inline(always)]
    fn insert(&mut self, member: Member<'a>) -> Scan<()> {
        if let Some(known) = self
            .entries
            .iter_mut()
            .find(|known| known.key == member.key)
        {
            known.value = member.value;
            known.value_span = member.value_span;
        } else if self.entries.len() == MAX_MEMBERS {
            return Err(Rejected);
        } else {
            self.entries.push(member);
        }
        Ok(())
    }

    fn contains(&self, key: &str) -> bool {
        self.entries.iter().any(|member| member.key == key)
    }

    fn get(&self, key: &str) -> Option<&'a str> {
        self.entries
            .iter()
            .find(|member| member.key == key)
            .map(|member| member.value)
    }
}

/// The top level of a delivery: its `events`, read further, and its other members raw.
struct Top<'a> {
    /// The decoded events, and whether any has a member that version 2.1 added.
    events: Option<(Vec<Event>, bool)>,
    members: Members<'a>,
}

/// Reads a delivery from `text` in one pass. Event data keeps `shared`, a copy of `text`.
struct Reader<'a> {
    scanner: Scanner<'a>,
    text: &'a str,
    shared: &'a Arc<str>,
    limits: &'a Limits,
    /// Members of the event being read, and of its `data` object. Both are reused from event
    /// to event.
    event: Members<'a>,
    data: Members<'a>,
}

impl<'a> Reader<'a> {
    fn top(&mut self) -> Scan<Top<'a>> {
        let mut object = self.scanner.object()?;
        let mut events = None;
        let mut members = Members::default();
        while let Some(key) = self.scanner.next_key(&mut object)? {
            let key_text = self.key(&key)?;
            if key_text == "events" {
                events = Some(self.events()?);
                continue;
            }
            members.insert(self.member(key_text, key)?)?;
        }
        Ok(Top { events, members })
    }

    /// Reads and decodes the events, each as soon as it is read, with a placeholder version.
    fn events(&mut self) -> Scan<(Vec<Event>, bool)> {
        let mut array = self.scanner.array()?;
        let mut events = Vec::new();
        let mut has_2_1_fields = false;
        while self.scanner.next_item(&mut array)? {
            if events.len() == self.limits.max_events {
                return Err(Rejected);
            }
            let has_data = self.event()?;
            // Version 2.1 added companyId and sequence to each event.
            has_2_1_fields |= self.event.contains("companyId") || self.event.contains("sequence");
            let placeholder = Version::new(2, 0);
            let data = has_data.then_some(&self.data);
            let event = decode_event(&self.event, data, placeholder, self.shared);
            events.push(event.ok_or(Rejected)?);
        }
        Ok((events, has_2_1_fields))
    }

    /// Reads an event into `self.event` and `self.data`, and returns whether it has a `data`
    /// object.
    fn event(&mut self) -> Scan<bool> {
        let mut object = self.scanner.object()?;
        let mut has_data = false;
        self.event.clear();
        while let Some(key) = self.scanner.next_key(&mut object)? {
            let key_text = self.key(&key)?;
            if key_text == "data" {
                has_data = self.data()?;
                continue;
            }
            let member = self.member(key_text, key)?;
            self.event.insert(member)?;
        }
        Ok(has_data)
    }

    /// Reads an event's `data`, an object or null, into `self.data`, and returns whether it
    /// is an object.
    fn data(&mut self) -> Scan<bool> {
        self.data.clear();
        if self.scanner.peek() != Some(b'{') {
            let span = self.scanner.value()?;
            return if &self.text[span] == "null" {
                Ok(false)
            } else {
                Err(Rejected)
            };
        }
        let mut object = self.scanner.object()?;
        while let Some(key) = self.scanner.next_key(&mut object)? {
            let key_text = self.key(&key)?;
            let member = self.member(key_text, key)?;
            self.data.insert(member)?;
        }
        Ok(true)
    }

    /// Reads the value of a member whose key the scanner just read.
    #[inline(always)]
    fn member(&mut self, key: Cow<'a, str>, token: StringToken) -> Scan<Member<'a>> {
        let value_span = self.scanner.value()?;
        Ok(Member {
            key,
            key_span: token.inner,
            value: &self.text[value_span.clone()],
            value_span,
        })
    }

    /// Returns a key's text, borrowed from the body unless it contains escapes.
    #[inline(always)]
    fn key(&self, token: &StringToken) -> Scan<Cow<'a, str>> {
        if !token.escaped {
            return Ok(Cow::Borrowed(&self.text[token.inner.clone()]));
        }
        let quoted = &self.text[(token.inner.start - 1)..=token.inner.end];
        serde_json::from_str(quoted)
            .map(Cow::Owned)
            .map_err(|_| Rejected)
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
        let folder = super::super::shared_folder();
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
