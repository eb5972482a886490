//! Decoder for API responses, version 3.x: a single entity, a query result or a fault.

use std::fmt;

use serde_json::{Map, Value};

use super::fields::{invalid, parse_time, quote_untrusted, resolve_version};
use super::{Limits, PayloadError, PayloadKind, Timestamp, Version, VersionPolicy};

const QUERY_MEMBER: &str = "QueryResponse";
const FAULT_MEMBER: &str = "Fault";
/// Error codes a `Fault`'s message lists; its errors keep them all.
const MAX_CODES_SHOWN: usize = 5;
/// Pagination members of a `QueryResponse`.
const PAGINATION_MEMBERS: [&str; 3] = ["startPosition", "maxResults", "totalCount"];

/// A parsed API response.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiResponse {
    pub version: Version,
    /// True when the response carried no `apiVersion` and it was inferred from the shape.
    pub version_inferred: bool,
    /// True when the minor version is newer than the newest the policy lists.
    pub newer_minor: bool,
    /// Server time of the response, from `time`, when present.
    pub time: Option<Timestamp>,
    pub body: ResponseBody,
    /// Top-level members that this version's decoder does not know. Members of `QueryResponse`
    /// that it does not know are kept here too, under `QueryResponse`.
    pub extra: Map<String, Value>,
}

/// The content of an API response.
#[derive(Debug, Clone, PartialEq)]
pub enum ResponseBody {
    /// One entity, such as the `Customer` a read or an update returns.
    Entity {
        name: String,
        value: Map<String, Value>,
    },
    /// The result of a query: the entities found and the pagination fields.
    Query {
        /// Name of the entity queried; `None` when the result is empty and names none.
        name: Option<String>,
        items: Vec<Value>,
        start_position: Option<u64>,
        max_results: Option<u64>,
        total_count: Option<u64>,
    },
}

/// A `Fault` the API returned in place of a result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Fault {
    /// Fault type such as `ValidationFault`, as sent.
    pub fault_type: String,
    /// The members of `Fault.Error`, each as sent (`Message`, `Detail`, `code`, ...).
    pub errors: Vec<Map<String, Value>>,
}

impl fmt::Display for Fault {
    /// Names the fault type and the error codes only: messages and details can quote the data
    /// that was sent, so they stay in `errors`.
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut codes = self
            .errors
            .iter()
            .filter_map(|error| match error.get("code") {
                Some(Value::String(code)) => Some(quote_untrusted(code)),
                Some(Value::Number(code)) => Some(code.to_string()),
                _ => None,
            });
        // The first few codes keep the message short however many errors a fault holds.
        let first_codes: Vec<String> = codes.by_ref().take(MAX_CODES_SHOWN).collect();
        let more = codes.count();
        write!(
            formatter,
            "the API returned a fault of type {} with {} error(s)",
            quote_untrusted(&self.fault_type),
            self.errors.len()
        )?;
        if !first_codes.is_empty() {
            write!(formatter, ", codes {}", first_codes.join(", "))?;
        }
        if more > 0 {
            write!(formatter, " and {more} more")?;
        }
        formatter.write_str("; read the fault's errors for the messages")
    }
}

/// Parses an API response body under `policy` and `limits`.
///
/// A `Fault` becomes [`PayloadError::Fault`], so a caller never mistakes it for an entity.
pub fn parse_response(
    body: &[u8],
    policy: &VersionPolicy,
    limits: &Limits,
) -> Result<ApiResponse, PayloadError> {
    let value = super::json::parse(body, limits)?;
    let Value::Object(mut payload) = value else {
        return Err(invalid("the response", "must be a JSON object"));
    };
    let resolved = resolve_version(
        &mut payload,
        PayloadKind::ApiResponse,
        policy,
        infer_version,
    )?;
    if resolved.version.major != 3 {
        return Err(PayloadError::UnsupportedVersion {
            kind: PayloadKind::ApiResponse,
            found: resolved.version,
            supported: PayloadKind::ApiResponse.decodable_majors().to_vec(),
        });
    }

    let time = match payload.shift_remove("time") {
        None | Some(Value::Null) => None,
        Some(Value::String(text)) => Some(parse_time(&text, "time")?),
        Some(_) => return Err(invalid("time", "must be a string")),
    };
    if let Some(fault) = payload.shift_remove(FAULT_MEMBER) {
        return Err(decode_fault(fault)?.into());
    }
    let body = match payload.shift_remove(QUERY_MEMBER) {
        Some(query) => {
            // A response has one result: an entity beside the query would be lost in extra.
            if let Some((name, _)) = payload.iter().find(|(key, value)| is_entity(key, value)) {
                return Err(invalid(
                    "the response",
                    &format!(
                        "has both a QueryResponse and an entity ({}) where one was expected",
                        member_name(name)
                    ),
                ));
            }
            let (body, query_extra) = decode_query(query)?;
            if !query_extra.is_empty() {
                payload.insert(QUERY_MEMBER.to_owned(), Value::Object(query_extra));
            }
            body
        }
        None => decode_entity(&mut payload)?,
    };
    Ok(ApiResponse {
        version: resolved.version,
        version_inferred: resolved.inferred,
        newer_minor: resolved.newer_minor,
        time,
        body,
        extra: payload,
    })
}

/// Infers the version of a response without `apiVersion`: every response this library reads
/// is 3.x, and 3.0 is the oldest.
fn infer_version(payload: &Map<String, Value>) -> Result<Version, PayloadError> {
    let known_shape = payload.contains_key(QUERY_MEMBER)
        || payload.contains_key(FAULT_MEMBER)
        || payload.iter().any(|(key, value)| is_entity(key, value));
    if known_shape {
        Ok(Version::new(3, 0))
    } else {
        Err(invalid(
            "the response",
            "has no apiVersion and neither an entity, a QueryResponse nor a Fault, so its \
             version cannot be inferred",
        ))
    }
}

/// Entity members are named in upper camel case (`Customer`, `JournalEntry`); other members,
/// such as `time`, start in lower case.
fn is_entity_name(key: &str) -> bool {
    key.starts_with(|first: char| first.is_ascii_uppercase())
}

/// Formats a member name for a message: as sent when it reads like an entity name (`Customer`),
/// else quoted, shortened and redacted, since a peer controls it.
fn member_name(key: &str) -> String {
    if key.len() <= 32 && key.chars().all(|c| c.is_ascii_alphanumeric()) {
        key.to_owned()
    } else {
        quote_untrusted(key)
    }
}

fn is_entity(key: &str, value: &Value) -> bool {
    is_entity_name(key) && value.is_object()
}

fn decode_entity(payload: &mut Map<String, Value>) -> Result<ResponseBody, PayloadError> {
    let names: Vec<String> = payload
        .iter()
        .filter(|(key, value)| is_entity(key, value))
        .map(|(key, _)| key.clone())
        .collect();
    let [name] = names.as_slice() else {
        let problem = if names.is_empty() {
            "holds no entity, QueryResponse or Fault".to_owned()
        } else {
            format!(
                "holds {} entities ({}) where one was expected",
                names.len(),
                names.join(", ")
            )
        };
        return Err(invalid("the response", &problem));
    };
    let Some(Value::Object(value)) = payload.shift_remove(name) else {
        unreachable!("the name was taken from an object member");
    };
    Ok(ResponseBody::Entity {
        name: name.clone(),
        value,
    })
}

/// Decodes a `QueryResponse` into its body and the members this decoder does not know.
fn decode_query(query: Value) -> Result<(ResponseBody, Map<String, Value>), PayloadError> {
    let Value::Object(mut query) = query else {
        return Err(invalid(QUERY_MEMBER, "must be an object"));
    };
    let mut pagination = [None; PAGINATION_MEMBERS.len()];
    for (slot, member) in pagination.iter_mut().zip(PAGINATION_MEMBERS) {
        *slot = match query.shift_remove(member) {
            None | Some(Value::Null) => None,
            Some(value) => Some(value.as_u64().ok_or_else(|| {
                invalid(
                    &format!("{QUERY_MEMBER}.{member}"),
                    "must be an unsigned integer",
                )
            })?),
        };
    }
    // An entity as an object, not in an array, would otherwise read as an empty result.
    if let Some((name, _)) = query.iter().find(|(key, value)| is_entity(key, value)) {
        return Err(invalid(
            &format!("{QUERY_MEMBER}.{}", member_name(name)),
            "must be an array of objects, the entities found, but is an object",
        ));
    }
    let names: Vec<String> = query
        .iter()
        .filter(|(key, value)| is_entity_name(key) && value.is_array())
        .map(|(key, _)| key.clone())
        .collect();
    let (name, items) = match names.as_slice() {
        [] => (None, Vec::new()),
        [name] => match query.shift_remove(name) {
            Some(Value::Array(items)) => (Some(name.clone()), items),
            _ => unreachable!("the name was taken from an array member"),
        },
        _ => {
            return Err(invalid(
                QUERY_MEMBER,
                &format!(
                    "holds results for {} entities ({}) where one was expected",
                    names.len(),
                    names.join(", ")
                ),
            ));
        }
    };
    if let Some(position) = items.iter().position(|item| !item.is_object()) {
        let name = member_name(name.as_deref().unwrap_or_default());
        return Err(invalid(
            &format!("{QUERY_MEMBER}.{name}[{position}]"),
            "must be an object",
        ));
    }
    let [start_position, max_results, total_count] = pagination;
    let body = ResponseBody::Query {
        name,
        items,
        start_position,
        max_results,
        total_count,
    };
    Ok((body, query))
}

fn decode_fault(fault: Value) -> Result<Fault, PayloadError> {
    let Value::Object(mut fault) = fault else {
        return Err(invalid(FAULT_MEMBER, "must be an object"));
    };
    let fault_type = match fault.shift_remove("type") {
        None | Some(Value::Null) => "Fault".to_owned(),
        Some(Value::String(text)) => text,
        Some(_) => return Err(invalid("Fault.type", "must be a string")),
    };
    let errors = match fault.shift_remove("Error") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(errors)) => errors
            .into_iter()
            .enumerate()
            .map(|(index, error)| match error {
                Value::Object(error) => Ok(error),
                _ => Err(invalid(
                    &format!("Fault.Error[{index}]"),
                    "must be an object",
                )),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(invalid("Fault.Error", "must be an array")),
    };
    Ok(Fault { fault_type, errors })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(body: &str) -> Result<ApiResponse, PayloadError> {
        parse_response(
            body.as_bytes(),
            &VersionPolicy::default(),
            &Limits::default(),
        )
    }

    #[test]
    fn single_entity() {
        let response = parse(
            r#"{"apiVersion": "3.4", "time": "2026-11-30T14:43:02.117-08:00",
                "Customer": {"Id": "58", "DisplayName": "Maria Lopez"}, "requestId": "r1"}"#,
        )
        .expect("valid");
        assert_eq!(response.version, Version::new(3, 4));
        assert!(!response.newer_minor);
        let time = response.time.expect("time");
        assert_eq!(time.offset_seconds, -8 * 3600);
        assert_eq!(time.nanosecond, 117_000_000);
        let ResponseBody::Entity { name, value } = &response.body else {
            panic!("expected an entity, got {:?}", response.body);
        };
        assert_eq!(name, "Customer");
        assert_eq!(value["Id"], "58");
        assert_eq!(response.extra["requestId"], "r1");
    }

    #[test]
    fn query_with_pagination() {
        let response = parse(
            r#"{"apiVersion": "3.9", "QueryResponse": {"Customer": [{"Id": "58"}, {"Id": "59"}],
                "startPosition": 1, "maxResults": 2, "cursor": "abc"}}"#,
        )
        .expect("valid");
        assert!(response.newer_minor);
        let ResponseBody::Query {
            name,
            items,
            start_position,
            max_results,
            total_count,
        } = &response.body
        else {
            panic!("expected a query, got {:?}", response.body);
        };
        assert_eq!(name.as_deref(), Some("Customer"));
        assert_eq!(items.len(), 2);
        assert_eq!((*start_position, *max_results), (Some(1), Some(2)));
        assert_eq!(*total_count, None);
        assert_eq!(response.extra["QueryResponse"]["cursor"], "abc");
    }

    #[test]
    fn empty_query() {
        let response = parse(r#"{"apiVersion": "3.4", "QueryResponse": {}}"#).expect("valid");
        assert!(matches!(
            response.body,
            ResponseBody::Query {
                name: None,
                ref items,
                ..
            } if items.is_empty()
        ));
    }

    #[test]
    fn fault_message_has_codes_only() {
        let error = parse(
            r#"{"apiVersion": "3.4", "Fault": {"type": "ValidationFault", "Error": [
                {"Message": "Duplicate Name Exists Error", "Detail": "Maria Lopez exists",
                 "code": "6240"}]}}"#,
        )
        .unwrap_err();
        let PayloadError::Fault(fault) = &error else {
            panic!("expected a fault, got {error:?}");
        };
        assert_eq!(fault.fault_type, "ValidationFault");
        assert_eq!(fault.errors[0]["Detail"], "Maria Lopez exists");
        let message = error.to_string();
        assert!(message.contains("\"ValidationFault\""), "{message}");
        assert!(message.contains("\"6240\""), "{message}");
        assert!(!message.contains("Maria"), "{message}");
    }

    #[test]
    fn fault_message_lists_the_first_codes() {
        let errors: Vec<String> = (0..2000)
            .map(|code| format!(r#"{{"Message": "m", "code": "{code}"}}"#))
            .collect();
        let body = format!(
            r#"{{"apiVersion": "3.4", "Fault": {{"type": "ValidationFault", "Error": [{}]}}}}"#,
            errors.join(",")
        );
        let error = parse(&body).unwrap_err();
        let PayloadError::Fault(fault) = &error else {
            panic!("expected a fault, got {error:?}");
        };
        assert_eq!(fault.errors.len(), 2000);
        let message = error.to_string();
        assert!(
            message.contains(
                "with 2000 error(s), codes \"0\", \"1\", \"2\", \"3\", \"4\" and 1995 more;"
            ),
            "{message}"
        );
        assert!(message.len() < 200, "{message}");
    }

    #[test]
    fn missing_version_is_inferred_as_3_0() {
        let response = parse(r#"{"Invoice": {"Id": "1"}}"#).expect("valid");
        assert_eq!(response.version, Version::new(3, 0));
        assert!(response.version_inferred);
    }

    #[test]
    fn other_majors_are_unsupported() {
        let error = parse(r#"{"apiVersion": "4.0", "Customer": {}}"#).unwrap_err();
        assert!(matches!(
            error,
            PayloadError::UnsupportedVersion {
                kind: PayloadKind::ApiResponse,
                ..
            }
        ));
        assert!(
            error.to_string().starts_with("apiVersion \"4.0\""),
            "{error}"
        );
    }

    #[test]
    fn malformed_responses_name_the_member() {
        for (body, expected) in [
            ("[]", "the response must be a JSON object"),
            (r#"{"apiVersion": "3.4"}"#, "holds no entity"),
            (
                r#"{"apiVersion": "3.4", "Customer": {}, "Vendor": {}}"#,
                "holds 2 entities (Customer, Vendor)",
            ),
            (
                r#"{"apiVersion": "3.4", "QueryResponse": {"startPosition": -1}}"#,
                "QueryResponse.startPosition must be an unsigned integer",
            ),
            (
                r#"{"apiVersion": "3.4", "QueryResponse": {"Customer": [1]}}"#,
                "QueryResponse.Customer[0] must be an object",
            ),
            (
                r#"{"apiVersion": "3.4", "QueryResponse": {"Customer": {"Id": "1"}}}"#,
                "QueryResponse.Customer must be an array of objects",
            ),
            (
                r#"{"apiVersion": "3.4", "QueryResponse": {}, "Customer": {"Id": "1"}}"#,
                "has both a QueryResponse and an entity (Customer)",
            ),
            (
                r#"{"apiVersion": "3.4", "time": "noon", "Customer": {}}"#,
                "time is \"noon\"",
            ),
            (
                r#"{"apiVersion": "3.4", "Fault": []}"#,
                "Fault must be an object",
            ),
        ] {
            let message = parse(body).unwrap_err().to_string();
            assert!(message.contains(expected), "{body}: {message}");
        }
    }
}
