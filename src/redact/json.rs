//! JSON redaction: field rules for the accounting entity fields that hold PII, and a text scan of
//! every other string.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde_json::Value;
use serde_json::error::Category;

use super::detectors::is_name_value;
use super::settings::Operator;
use super::text::{self, Custom, code_point_offsets};
use super::{Finding, RedactError, Redactor, operators};

/// Rule id of findings made by a field rule rather than a text detector.
const FIELD_RULE_ID: &str = "json.field";

/// One finding in a JSON value.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonFinding {
    /// JSON pointer (RFC 6901) of the string, number or boolean that contains the finding, such
    /// as `/Customer/PrimaryEmailAddr/Address`.
    pub pointer: String,
    pub entity: &'static str,
    /// Offset in code points of the first character of the finding within the string; 0 for a
    /// whole value matched by a field rule.
    pub start: usize,
    /// Offset in code points one past the finding; a number or boolean counts as its JSON text.
    pub end: usize,
    pub score: f32,
    /// Id of the pattern that matched, or `json.field` for a field rule.
    pub rule: &'static str,
}

/// Action on the value of a member whose key path matches a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldAction {
    /// Replace the value with the label of this entity, keeping the shape of objects and arrays.
    Replace(&'static str),
    /// Treat the value like any unmatched one: scan its strings as text.
    Scan,
    /// Leave the value as it is, without a text scan.
    Keep,
    /// Replace a string that has the shape of a person's name as `PERSON`, and scan any other
    /// value as text. For keys such as `name` that also hold item or account names.
    Name,
}

/// Rule for the members whose key path ends with `path`.
///
/// `"*"` in `path` matches any one key. Keys match ignoring ASCII case, `_` and `-`, and array levels are
/// skipped, so `BillAddr.*` also matches `{"BillAddr": [{"Line1": ...}]}`.
#[derive(Debug)]
pub(crate) struct FieldRule {
    pub path: &'static [&'static str],
    pub action: FieldAction,
}

impl FieldRule {
    /// Returns the entity that this rule reports, if it replaces values.
    pub(crate) const fn entity(&self) -> Option<&'static str> {
        match self.action {
            FieldAction::Replace(entity) => Some(entity),
            FieldAction::Name => Some("PERSON"),
            FieldAction::Scan | FieldAction::Keep => None,
        }
    }
}

const fn replace(path: &'static [&'static str], entity: &'static str) -> FieldRule {
    FieldRule {
        path,
        action: FieldAction::Replace(entity),
    }
}

const fn keep(path: &'static [&'static str]) -> FieldRule {
    FieldRule {
        path,
        action: FieldAction::Keep,
    }
}

const fn name(path: &'static [&'static str]) -> FieldRule {
    FieldRule {
        path,
        action: FieldAction::Name,
    }
}

const fn scan(path: &'static [&'static str]) -> FieldRule {
    FieldRule {
        path,
        action: FieldAction::Scan,
    }
}

/// Field rules for the entities that partners see most (`Customer`, `Vendor`, `Employee`,
/// `Invoice`, `Bill`, `Payment`, `BankAccount`).
///
/// The first matching rule wins. Free-text fields such as `Notes`, `PrivateNote`,
/// `CustomerMemo.value`, `Memo` and `Description` have no rule because the text scan covers them.
pub(crate) const FIELD_RULES: &[FieldRule] = &[
    // CustomBooks company ids are 16-digit platform identifiers, not personal data, and a scan
    // could mistake one for a card number.
    keep(&["realmId"]),
    keep(&["companyId"]),
    // An address id and a country code alone do not identify a person, so they stay readable.
    scan(&["BillAddr", "Id"]),
    scan(&["BillAddr", "Country"]),
    scan(&["ShipAddr", "Id"]),
    scan(&["ShipAddr", "Country"]),
    scan(&["PrimaryAddr", "Id"]),
    scan(&["PrimaryAddr", "Country"]),
    replace(&["BillAddr", "*"], "STREET_ADDRESS"),
    replace(&["ShipAddr", "*"], "STREET_ADDRESS"),
    replace(&["PrimaryAddr", "*"], "STREET_ADDRESS"),
    replace(&["DisplayName"], "PERSON"),
    replace(&["GivenName"], "PERSON"),
    replace(&["MiddleName"], "PERSON"),
    replace(&["FamilyName"], "PERSON"),
    replace(&["FullyQualifiedName"], "PERSON"),
    replace(&["PrintOnCheckName"], "PERSON"),
    // Keys that partners' own records use for a person's name.
    replace(&["full_name"], "PERSON"),
    replace(&["first_name"], "PERSON"),
    replace(&["last_name"], "PERSON"),
    replace(&["middle_name"], "PERSON"),
    replace(&["surname"], "PERSON"),
    replace(&["customer_name"], "PERSON"),
    replace(&["contact_name"], "PERSON"),
    replace(&["billing_name"], "PERSON"),
    replace(&["shipping_name"], "PERSON"),
    replace(&["cardholder_name"], "PERSON"),
    replace(&["account_holder_name"], "PERSON"),
    replace(&["payee_name"], "PERSON"),
    // References to items, accounts and other records that are not people carry their `name`
    // too, and it stays readable unless the text scan finds PII in it.
    scan(&["ItemRef", "name"]),
    scan(&["AccountRef", "name"]),
    scan(&["ClassRef", "name"]),
    scan(&["DepartmentRef", "name"]),
    scan(&["TaxCodeRef", "name"]),
    scan(&["CurrencyRef", "name"]),
    scan(&["PaymentMethodRef", "name"]),
    scan(&["SalesTermRef", "name"]),
    scan(&["Item", "Name"]),
    scan(&["Account", "Name"]),
    name(&["name"]),
    name(&["contact"]),
    replace(&["CompanyName"], "ORGANIZATION"),
    replace(&["PrimaryEmailAddr", "Address"], "EMAIL_ADDRESS"),
    replace(&["BillEmail", "Address"], "EMAIL_ADDRESS"),
    replace(&["PrimaryPhone", "FreeFormNumber"], "PHONE_NUMBER"),
    replace(&["Mobile", "FreeFormNumber"], "PHONE_NUMBER"),
    replace(&["AlternatePhone", "FreeFormNumber"], "PHONE_NUMBER"),
    replace(&["Fax", "FreeFormNumber"], "PHONE_NUMBER"),
    replace(&["WebAddr", "URI"], "URL"),
    replace(&["TaxIdentifier"], "TAX_ID"),
    replace(&["BusinessNumber"], "TAX_ID"),
    replace(&["SSN"], "US_SSN"),
    replace(&["GSTIN"], "IN_GSTIN"),
    replace(&["PAN"], "IN_PAN"),
    replace(&["BirthDate"], "DATE_OF_BIRTH"),
    replace(&["AcctNum"], "US_BANK_NUMBER"),
    replace(&["BankAccountNumber"], "US_BANK_NUMBER"),
    replace(&["RoutingNumber"], "ABA_ROUTING_NUMBER"),
    replace(&["CreditCard", "Number"], "CREDIT_CARD"),
    replace(&["IBAN"], "IBAN_CODE"),
    // OAuth token responses and stored connection settings.
    replace(&["access_token"], "OAUTH_TOKEN"),
    replace(&["refresh_token"], "OAUTH_TOKEN"),
    replace(&["id_token"], "OAUTH_TOKEN"),
    replace(&["client_secret"], "OAUTH_TOKEN"),
];

/// Number of trailing keys that rule matching needs: the length of the longest rule path.
const PATH_WINDOW: usize = longest_rule_path();

const fn longest_rule_path() -> usize {
    let mut longest = 0;
    let mut index = 0;
    while index < FIELD_RULES.len() {
        let length = FIELD_RULES[index].path.len();
        if length > longest {
            longest = length;
        }
        index += 1;
    }
    longest
}

/// Last keys of the path from the root to a member, innermost last, without array levels.
#[derive(Debug, Clone, Copy)]
struct KeyPath<'a> {
    keys: [Option<&'a str>; PATH_WINDOW],
}

impl<'a> KeyPath<'a> {
    const ROOT: Self = Self {
        keys: [None; PATH_WINDOW],
    };

    /// Returns the path of the member `key` of the value at this path.
    fn child(self, key: &'a str) -> Self {
        let mut keys = self.keys;
        keys.rotate_left(1);
        if let Some(last) = keys.last_mut() {
            *last = Some(key);
        }
        Self { keys }
    }

    /// Checks whether the path ends with `rule_path`.
    fn ends_with(&self, rule_path: &[&str]) -> bool {
        rule_path.len() <= PATH_WINDOW
            && rule_path
                .iter()
                .rev()
                .zip(self.keys.iter().rev())
                .all(|(expected, key)| {
                    key.is_some_and(|key| *expected == "*" || is_same_key(expected, key))
                })
    }
}

/// Compares two keys ignoring ASCII case, `_` and `-`, so that a rule for `customer_name`
/// also matches `customerName`, `CustomerName` and `customer-name`.
fn is_same_key(expected: &str, key: &str) -> bool {
    normalised_key(expected).eq(normalised_key(key))
}

fn normalised_key(key: &str) -> impl Iterator<Item = u8> + '_ {
    key.bytes()
        .filter(|byte| !matches!(byte, b'_' | b'-'))
        .map(|byte| byte.to_ascii_lowercase())
}

fn field_action(path: &KeyPath<'_>) -> FieldAction {
    FIELD_RULES
        .iter()
        .find(|rule| path.ends_with(rule.path))
        .map_or(FieldAction::Scan, |rule| rule.action)
}

/// Treatment of a value during the walk.
#[derive(Debug, Clone, Copy)]
enum Mode<'a> {
    /// Apply the field rules to members and scan strings as text.
    Scan(KeyPath<'a>),
    /// Like `Scan`, but replace a string that has the shape of a person's name as `PERSON`.
    Name(KeyPath<'a>),
    /// Replace every non-empty leaf as a finding of this entity.
    Replace(&'static str),
}

/// Redacts `value` in place with the field rules, the redactor's text detectors and its
/// operators, or, when `findings` is given, collects the findings without changing `value`.
///
/// The walk keeps its own stack instead of recursing, so deep nesting cannot overflow the thread's
/// stack. Children are pushed in reverse so that they are visited, and findings reported, in
/// document order.
pub(crate) fn walk<E>(
    redactor: &Redactor,
    value: &mut Value,
    custom: &mut Custom<'_, E>,
    mut findings: Option<&mut Vec<JsonFinding>>,
) -> Result<(), E> {
    if redactor.is_empty() {
        return Ok(());
    }
    let collect = findings.is_some();
    let mut pending = vec![(value, Mode::Scan(KeyPath::ROOT), String::new())];
    while let Some((value, mode, pointer)) = pending.pop() {
        match value {
            Value::Object(members) => {
                for (key, member) in members.iter_mut().rev() {
                    let member_pointer = if collect {
                        child_pointer(&pointer, key)
                    } else {
                        String::new()
                    };
                    let member_mode = match mode {
                        Mode::Replace(entity) => Mode::Replace(entity),
                        Mode::Scan(path) | Mode::Name(path) => {
                            let member_path = path.child(key);
                            match field_action(&member_path) {
                                FieldAction::Replace(entity) => Mode::Replace(entity),
                                FieldAction::Scan => Mode::Scan(member_path),
                                FieldAction::Name => Mode::Name(member_path),
                                FieldAction::Keep => continue,
                            }
                        }
                    };
                    pending.push((member, member_mode, member_pointer));
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate().rev() {
                    let item_pointer = if collect {
                        format!("{pointer}/{index}")
                    } else {
                        String::new()
                    };
                    pending.push((item, mode, item_pointer));
                }
            }
            leaf @ Value::String(_)
                if matches!(mode, Mode::Name(_)) && leaf.as_str().is_some_and(is_name_value) =>
            {
                replace_leaf(
                    redactor,
                    leaf,
                    "PERSON",
                    pointer,
                    custom,
                    findings.as_deref_mut(),
                )?;
            }
            Value::String(text) if matches!(mode, Mode::Scan(_) | Mode::Name(_)) => {
                let found = redactor.analyze(text);
                if found.is_empty() {
                    continue;
                }
                if let Some(findings) = findings.as_deref_mut() {
                    let offsets = code_point_offsets(text, &found);
                    findings.extend(found.iter().zip(offsets).map(|(finding, (start, end))| {
                        JsonFinding {
                            pointer: pointer.clone(),
                            entity: finding.entity,
                            start,
                            end,
                            score: finding.score,
                            rule: finding.rule,
                        }
                    }));
                    continue;
                }
                let redacted = match text::replace(redactor.settings(), text, &found, custom)? {
                    Cow::Owned(redacted) => Some(redacted),
                    Cow::Borrowed(_) => None,
                };
                if let Some(redacted) = redacted {
                    *text = redacted;
                }
            }
            Value::Null => {}
            Value::String(text) if text.is_empty() => {}
            leaf @ (Value::String(_) | Value::Bool(_) | Value::Number(_)) => {
                let Mode::Replace(entity) = mode else {
                    continue;
                };
                replace_leaf(
                    redactor,
                    leaf,
                    entity,
                    pointer,
                    custom,
                    findings.as_deref_mut(),
                )?;
            }
        }
    }
    Ok(())
}

/// Replaces one string, number or boolean under a field rule with its operator's output, or
/// reports it as a finding when `findings` is given.
fn replace_leaf<E>(
    redactor: &Redactor,
    leaf: &mut Value,
    entity: &'static str,
    pointer: String,
    custom: &mut Custom<'_, E>,
    findings: Option<&mut Vec<JsonFinding>>,
) -> Result<(), E> {
    let text = match &*leaf {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    let settings = redactor.settings();
    if settings.is_allowed(&text) {
        return Ok(());
    }
    let finding = Finding {
        entity,
        start: 0,
        end: text.len(),
        score: 1.0,
        rule: FIELD_RULE_ID,
    };
    if let Some(findings) = findings {
        findings.push(JsonFinding {
            pointer,
            entity,
            start: 0,
            end: text.chars().count(),
            score: finding.score,
            rule: FIELD_RULE_ID,
        });
        return Ok(());
    }
    let replacement = if *settings.operator(entity) == Operator::Custom {
        Some(custom(&finding, &text)?.unwrap_or_else(|| operators::label(entity)))
    } else {
        operators::apply(settings, entity, &text)
    };
    if let Some(replacement) = replacement {
        *leaf = Value::String(replacement);
    }
    Ok(())
}

/// Returns a JSON pointer for messages and reprs: each member name in which the default
/// redactor finds PII is replaced, as in `/customers/[EMAIL_ADDRESS]/balance`, since a payload
/// may use an e-mail address or a card number as a key.
#[must_use]
pub fn redacted_pointer(pointer: &str) -> String {
    static DEFAULT: std::sync::LazyLock<super::Redactor> =
        std::sync::LazyLock::new(super::Redactor::new);
    let mut masked = String::with_capacity(pointer.len());
    for (index, segment) in pointer.split('/').enumerate() {
        if index > 0 {
            masked.push('/');
        }
        let key = segment.replace("~1", "/").replace("~0", "~");
        let redacted = DEFAULT.redact(&key);
        if redacted == key.as_str() {
            masked.push_str(segment);
        } else {
            masked.push_str(&redacted.replace('~', "~0").replace('/', "~1"));
        }
    }
    masked
}

/// Returns the JSON pointer of member `key` of the value at `pointer`, escaping `~` and `/`
/// as RFC 6901 requires.
fn child_pointer(pointer: &str, key: &str) -> String {
    let mut child = String::with_capacity(pointer.len() + key.len() + 1);
    child.push_str(pointer);
    child.push('/');
    for character in key.chars() {
        match character {
            '~' => child.push_str("~0"),
            '/' => child.push_str("~1"),
            other => {
                let _ = child.write_char(other);
            }
        }
    }
    child
}

pub(crate) fn parse(json: &[u8]) -> Result<Value, RedactError> {
    // A byte order mark, which some Windows tools write before UTF-8, is not part of the JSON.
    let json = json.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(json);
    let value: Value = serde_json::from_slice(json).map_err(|error| invalid_json(&error))?;
    if contains_float(&value) {
        check_integers(json)?;
    }
    Ok(value)
}

/// Checks whether `value` contains a number that is not a 64-bit integer.
fn contains_float(value: &Value) -> bool {
    match value {
        Value::Number(number) => number.is_f64(),
        Value::Array(items) => items.iter().any(contains_float),
        Value::Object(members) => members.values().any(contains_float),
        _ => false,
    }
}

/// Rejects an integer literal beyond 64 bits, which `serde_json` would read as a float and so
/// change: `123456789012345678901234567890` would come back as `1.2345678901234568e+29`.
fn check_integers(json: &[u8]) -> Result<(), RedactError> {
    let (mut line, mut line_start) = (1, 0);
    let mut index = 0;
    while let Some(&byte) = json.get(index) {
        match byte {
            b'\n' => {
                line += 1;
                line_start = index + 1;
                index += 1;
            }
            b'"' => {
                // Skip the string, escapes included.
                index += 1;
                while let Some(&inner) = json.get(index) {
                    index += if inner == b'\\' { 2 } else { 1 };
                    if inner == b'"' {
                        break;
                    }
                }
            }
            b'-' | b'0'..=b'9' => {
                let start = index;
                while json.get(index).is_some_and(|next| {
                    matches!(next, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                }) {
                    index += 1;
                }
                let literal = std::str::from_utf8(&json[start..index]).unwrap_or_default();
                let integer = !literal.contains(['.', 'e', 'E']);
                if integer && literal.parse::<i64>().is_err() && literal.parse::<u64>().is_err() {
                    return Err(RedactError::InvalidJson {
                        line,
                        column: start - line_start + 1,
                        reason: "the integer has more digits than a 64-bit integer keeps, and \
                                 would come back changed: write it as a string"
                            .to_owned(),
                    });
                }
            }
            _ => index += 1,
        }
    }
    Ok(())
}

pub(crate) fn redact_bytes(redactor: &Redactor, json: &[u8]) -> Result<Vec<u8>, RedactError> {
    let mut value = parse(json)?;
    redactor.redact_json(&mut value);
    serde_json::to_vec(&value).map_err(|error| invalid_json(&error))
}

/// Converts a `serde_json` error into [`RedactError::InvalidJson`].
///
/// The reason comes from the error category, and for syntax errors also from `serde_json`'s
/// fixed description of the error (`number out of range`, `recursion limit exceeded`). Messages
/// of the data category can quote the input, which contains PII, so they are not used.
fn invalid_json(error: &serde_json::Error) -> RedactError {
    let reason = match error.classify() {
        Category::Syntax => {
            let message = error.to_string();
            match message.split(" at line ").next() {
                Some(code) if !code.is_empty() => code.to_owned(),
                _ => "the syntax is not JSON".to_owned(),
            }
        }
        Category::Eof => "the input ends before the JSON value is complete".to_owned(),
        Category::Data => "the JSON value has a type that cannot be represented".to_owned(),
        Category::Io => "the JSON could not be read or written".to_owned(),
    };
    RedactError::InvalidJson {
        line: error.line(),
        column: error.column(),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::{FIELD_RULES, FieldAction, KeyPath, PATH_WINDOW};
    use crate::redact::{RedactError, Redactor};

    fn redacted(mut value: Value) -> Value {
        Redactor::new().redact_json(&mut value);
        value
    }

    // The `data` object of a CustomBooks 2.1 `custombooks.customer.updated` event.
    fn customer_event_data() -> Value {
        json!({
            "entity": "Customer",
            "id": "58",
            "operation": "Update",
            "changedFields": ["PrimaryEmailAddr", "BillAddr"],
            "Customer": {
                "Id": "58",
                "DisplayName": "Maria Lopez",
                "GivenName": "Maria",
                "FamilyName": "Lopez",
                "CompanyName": "Lopez Landscaping LLC",
                "PrimaryEmailAddr": {"Address": "maria.lopez@example.com"},
                "PrimaryPhone": {"FreeFormNumber": "(415) 555-0134"},
                "BillAddr": {"Line1": "1200 Harbor Way", "City": "Oakland",
                             "CountrySubDivisionCode": "CA", "PostalCode": "94607", "Country": "US"},
                "TaxIdentifier": "123-45-6789",
                "Notes": "Prefers calls after 5pm. Card on file 4111 1111 1111 1111.",
                "Balance": 1520.75,
                "MetaData": {"CreateTime": "2026-01-04T09:12:00-08:00",
                             "LastUpdatedTime": "2026-11-30T14:42:19-08:00"}
            }
        })
    }

    #[test]
    fn json_redacts_customer_event_data() {
        let expected = json!({
            "entity": "Customer",
            "id": "58",
            "operation": "Update",
            "changedFields": ["PrimaryEmailAddr", "BillAddr"],
            "Customer": {
                "Id": "58",
                "DisplayName": "[PERSON]",
                "GivenName": "[PERSON]",
                "FamilyName": "[PERSON]",
                "CompanyName": "[ORGANIZATION]",
                "PrimaryEmailAddr": {"Address": "[EMAIL_ADDRESS]"},
                "PrimaryPhone": {"FreeFormNumber": "[PHONE_NUMBER]"},
                "BillAddr": {"Line1": "[STREET_ADDRESS]", "City": "[STREET_ADDRESS]",
                             "CountrySubDivisionCode": "[STREET_ADDRESS]",
                             "PostalCode": "[STREET_ADDRESS]", "Country": "US"},
                "TaxIdentifier": "[TAX_ID]",
                "Notes": "Prefers calls after 5pm. Card on file [CREDIT_CARD].",
                "Balance": 1520.75,
                "MetaData": {"CreateTime": "2026-01-04T09:12:00-08:00",
                             "LastUpdatedTime": "2026-11-30T14:42:19-08:00"}
            }
        });
        let result = redacted(customer_event_data());
        assert_eq!(result, expected);
        assert_eq!(result["Customer"]["Balance"].as_f64(), Some(1520.75));
        assert_eq!(result["Customer"]["Id"], "58");
    }

    #[test]
    fn json_event_data_keeps_no_pii() {
        let serialised = redacted(customer_event_data()).to_string();
        for pii in [
            "Maria",
            "Lopez",
            "maria.lopez@example.com",
            "555-0134",
            "1200 Harbor Way",
            "Oakland",
            "94607",
            "123-45-6789",
            "4111",
        ] {
            assert!(!serialised.contains(pii), "{pii} is still in {serialised}");
        }
    }

    #[test]
    fn json_keeps_keys_and_member_order() {
        let input = customer_event_data();
        let output = redacted(input.clone());
        let keys = |value: &Value| -> Vec<String> {
            value["Customer"]
                .as_object()
                .expect("Customer is an object")
                .keys()
                .cloned()
                .collect()
        };
        assert_eq!(keys(&input), keys(&output));
    }

    #[test]
    fn json_numbers_stay_numbers_outside_rules() {
        let output = redacted(json!({"TotalAmt": 7886.54, "Qty": 3, "Paid": true, "Note": null}));
        assert_eq!(
            output,
            json!({"TotalAmt": 7886.54, "Qty": 3, "Paid": true, "Note": null})
        );
    }

    #[test]
    fn json_sensitive_numbers_and_booleans_become_labels() {
        let output = redacted(json!({
            "AcctNum": 123_456_789,
            "RoutingNumber": "021000021",
            "BillAddr": {"Lat": 37.8044, "Long": -122.2712, "PostalCode": 94607},
            "SSN": true
        }));
        assert_eq!(
            output,
            json!({
                "AcctNum": "[US_BANK_NUMBER]",
                "RoutingNumber": "[ABA_ROUTING_NUMBER]",
                "BillAddr": {"Lat": "[STREET_ADDRESS]", "Long": "[STREET_ADDRESS]",
                             "PostalCode": "[STREET_ADDRESS]"},
                "SSN": "[US_SSN]"
            })
        );
    }

    #[test]
    fn json_sensitive_containers_keep_shape() {
        let output = redacted(json!({
            "DisplayName": {"first": "Maria", "parts": ["Maria", "Lopez", 7, null, ""]},
            "ShipAddr": [{"Line1": "1 Main St", "Id": "4", "Country": "GB"},
                         {"Line1": "2 High St", "Extra": {"Floor": 3}}]
        }));
        assert_eq!(
            output,
            json!({
                "DisplayName": {"first": "[PERSON]",
                                "parts": ["[PERSON]", "[PERSON]", "[PERSON]", null, ""]},
                "ShipAddr": [{"Line1": "[STREET_ADDRESS]", "Id": "4", "Country": "GB"},
                             {"Line1": "[STREET_ADDRESS]",
                              "Extra": {"Floor": "[STREET_ADDRESS]"}}]
            })
        );
    }

    #[test]
    fn json_scans_strings_in_nested_arrays() {
        let output = redacted(json!({
            "Line": [
                {"Description": "Call 415-555-0134", "Amount": 10},
                [["SSN 123-45-6789", 2], {"Memo": "mail a@example.com"}]
            ],
            "top": ["x", "b@example.org"]
        }));
        assert_eq!(
            output,
            json!({
                "Line": [
                    {"Description": "Call [PHONE_NUMBER]", "Amount": 10},
                    [["SSN [US_SSN]", 2], {"Memo": "mail [EMAIL_ADDRESS]"}]
                ],
                "top": ["x", "[EMAIL_ADDRESS]"]
            })
        );
    }

    #[test]
    fn json_rules_match_path_suffix_only() {
        let output = redacted(json!({
            "Address": "kept as text",
            "Number": "5",
            "PrimaryEmailAddr": {"Address": "someone", "Type": "work"},
            "CreditCard": {"Number": "4111111111111111", "NameOnAcct": "x"},
            "Outer": {"BillEmail": {"Address": "x@example.com"}}
        }));
        assert_eq!(
            output,
            json!({
                "Address": "kept as text",
                "Number": "5",
                "PrimaryEmailAddr": {"Address": "[EMAIL_ADDRESS]", "Type": "work"},
                "CreditCard": {"Number": "[CREDIT_CARD]", "NameOnAcct": "x"},
                "Outer": {"BillEmail": {"Address": "[EMAIL_ADDRESS]"}}
            })
        );
    }

    #[test]
    fn json_oauth_fields_are_replaced() {
        let output = redacted(json!({
            "access_token": "ya29.a0AfH6SMBx",
            "refresh_token": "AB12cd34EF56gh78",
            "token_type": "bearer",
            "expires_in": 3600,
            "x_refresh_token_expires_in": 8_726_400
        }));
        assert_eq!(
            output,
            json!({
                "access_token": "[OAUTH_TOKEN]",
                "refresh_token": "[OAUTH_TOKEN]",
                "token_type": "bearer",
                "expires_in": 3600,
                "x_refresh_token_expires_in": 8_726_400
            })
        );
    }

    #[test]
    fn json_keeps_company_ids() {
        // The id passes the Luhn check and starts with a Mastercard prefix.
        let input = json!({"realmId": "5523760927964912", "companyId": "5523760927964912",
                           "other": "5523760927964912"});
        assert_eq!(
            redacted(input),
            json!({"realmId": "5523760927964912", "companyId": "5523760927964912",
                   "other": "[CREDIT_CARD]"})
        );
    }

    #[test]
    fn json_keys_match_ignoring_ascii_case() {
        let output = redacted(json!({"displayName": "Maria", "billAddr": {"city": "Oakland"}}));
        assert_eq!(
            output,
            json!({"displayName": "[PERSON]", "billAddr": {"city": "[STREET_ADDRESS]"}})
        );
    }

    #[test]
    fn json_null_and_empty_sensitive_values_stay() {
        let output = redacted(json!({"MiddleName": "", "SSN": null, "GSTIN": "22AAAAA0000A1Z5"}));
        assert_eq!(
            output,
            json!({"MiddleName": "", "SSN": null, "GSTIN": "[IN_GSTIN]"})
        );
    }

    #[test]
    fn json_every_rule_replaces_its_field() {
        for rule in FIELD_RULES {
            let FieldAction::Replace(entity) = rule.action else {
                continue;
            };
            let mut value = Value::String("secret value".to_owned());
            for key in rule.path.iter().rev() {
                let key = if *key == "*" { "Anything" } else { key };
                value = json!({ key: value });
            }
            let output = redacted(value);
            let serialised = output.to_string();
            assert!(!serialised.contains("secret value"), "{:?}", rule.path);
            assert!(
                serialised.contains(&format!("[{entity}]")),
                "{:?}",
                rule.path
            );
        }
    }

    #[test]
    fn json_name_keys_replace_people() {
        let output = redacted(json!({
            "customer_name": "Kenji Tanaka",
            "customerName": "Udyati Seth",
            "billing-name": "amara okafor",
            "first_name": "Kenji",
            "contact": "Chidi Obi",
            "name": "Tomasz Kowalski",
            "Name": "maria garcia",
            "NAME": "JOHN SMITH",
            "CustomerRef": {"value": "42", "name": "Ifeoma Eze"},
            "people": [{"name": "Maria de la Cruz"}, {"name": "J. Smith"}]
        }));
        assert_eq!(
            output,
            json!({
                "customer_name": "[PERSON]",
                "customerName": "[PERSON]",
                "billing-name": "[PERSON]",
                "first_name": "[PERSON]",
                "contact": "[PERSON]",
                "name": "[PERSON]",
                "Name": "[PERSON]",
                "NAME": "[PERSON]",
                "CustomerRef": {"value": "42", "name": "[PERSON]"},
                "people": [{"name": "[PERSON]"}, {"name": "[PERSON]"}]
            })
        );
    }

    #[test]
    fn json_name_keys_keep_other_names() {
        let input = json!({
            "entities": [{"name": "Customer", "id": "58"}, {"name": "Item", "id": "7"}],
            "ItemRef": {"value": "3", "name": "Garden Hose"},
            "AccountRef": {"value": "80", "name": "Cost Of Goods"},
            "Account": {"Name": "Office Supplies"},
            "items": [{"name": "Hours"}, {"name": "Design"}, {"name": "v2-big"}],
            "vendor": {"name": "Acme Supplies LLC"},
            "tax": {"name": "Sales Tax Payable"},
            "flow": {"name": "checkout_flow"},
            "contact": {"phone_type": "mobile"}
        });
        assert_eq!(redacted(input.clone()), input);
    }

    #[test]
    fn json_name_key_value_still_scanned() {
        let output =
            redacted(json!({"name": "Refund for a@example.com", "contact": "a@example.com"}));
        assert_eq!(
            output,
            json!({"name": "Refund for [EMAIL_ADDRESS]", "contact": "[EMAIL_ADDRESS]"})
        );
    }

    #[test]
    fn json_name_findings_carry_pointer() {
        let redactor = Redactor::new();
        let findings = redactor.analyze_json(&json!({"contact": "Udyati Seth", "n": 1}));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].pointer, "/contact");
        assert_eq!(findings[0].entity, "PERSON");
        assert_eq!((findings[0].start, findings[0].end), (0, 11));
    }

    #[test]
    fn json_key_rules_apply_with_any_selection() {
        let redactor = Redactor::with_entities(&["US_SSN"]).expect("entity is known");
        let mut value = json!({"DisplayName": "Maria", "Notes": "a@example.com, SSN 123-45-6789"});
        redactor.redact_json(&mut value);
        assert_eq!(
            value,
            json!({"DisplayName": "[PERSON]", "Notes": "a@example.com, SSN [US_SSN]"})
        );
    }

    #[test]
    fn json_key_path_keeps_last_keys() {
        assert_eq!(PATH_WINDOW, 2);
        let path = KeyPath::ROOT
            .child("Customer")
            .child("BillAddr")
            .child("Line1");
        assert!(path.ends_with(&["BillAddr", "*"]));
        assert!(path.ends_with(&["Line1"]));
        assert!(!path.ends_with(&["Customer", "BillAddr", "Line1"]));
        assert!(!KeyPath::ROOT.child("Line1").ends_with(&["BillAddr", "*"]));
    }

    /// Takes a deeply nested value apart level by level, because dropping it whole would recurse
    /// once per level.
    fn dismantle(value: Value) {
        let mut pending = vec![value];
        while let Some(mut value) = pending.pop() {
            match &mut value {
                Value::Array(items) => pending.append(items),
                Value::Object(members) => {
                    pending.extend(
                        std::mem::take(members)
                            .into_iter()
                            .map(|(_, member)| member),
                    );
                }
                _ => {}
            }
        }
    }

    /// Builds `{key: value}` without `json!`, which would copy `value` recursively.
    fn wrap_in_object(key: &str, value: Value) -> Value {
        let mut members = serde_json::Map::new();
        members.insert(key.to_owned(), value);
        Value::Object(members)
    }

    #[test]
    fn json_deep_nesting_does_not_overflow() {
        let depth = 200_000;
        let mut value = json!({"Notes": "mail a@example.com", "GivenName": "Maria"});
        for level in 0..depth {
            value = if level % 2 == 0 {
                Value::Array(vec![value])
            } else {
                wrap_in_object("Line", value)
            };
        }
        Redactor::new().redact_json(&mut value);

        let mut innermost = &value;
        loop {
            innermost = match innermost {
                Value::Array(items) => &items[0],
                Value::Object(members) if members.contains_key("Line") => &members["Line"],
                _ => break,
            };
        }
        assert_eq!(
            innermost,
            &json!({"Notes": "mail [EMAIL_ADDRESS]", "GivenName": "[PERSON]"})
        );
        dismantle(value);
    }

    #[test]
    fn json_deep_sensitive_container_does_not_overflow() {
        let mut value = json!("Maria");
        for _ in 0..200_000 {
            value = Value::Array(vec![value]);
        }
        let mut wrapper = wrap_in_object("DisplayName", value);
        Redactor::new().redact_json(&mut wrapper);

        let mut innermost = &wrapper["DisplayName"];
        while let Value::Array(items) = innermost {
            innermost = &items[0];
        }
        assert_eq!(innermost, "[PERSON]");
        dismantle(wrapper);
    }

    #[test]
    fn json_top_level_string_is_scanned() {
        assert_eq!(redacted(json!("a@example.com")), json!("[EMAIL_ADDRESS]"));
        assert_eq!(redacted(json!(42)), json!(42));
        assert_eq!(redacted(json!("")), json!(""));
    }

    #[test]
    fn json_bytes_round_trip_compactly() {
        let input = br#"{ "Id" : "58", "DisplayName" : "Maria Lopez", "Balance" : 1520.75,
                          "Notes" : "mail a@example.com" }"#;
        let output = Redactor::new()
            .redact_json_bytes(input)
            .expect("input is valid JSON");
        assert_eq!(
            String::from_utf8(output).expect("output is UTF-8"),
            r#"{"Id":"58","DisplayName":"[PERSON]","Balance":1520.75,"Notes":"mail [EMAIL_ADDRESS]"}"#
        );
    }

    #[test]
    fn json_bytes_keep_non_ascii_text() {
        let input = "{\"Memo\":\"Señora Núñez, 電話080-1542-9941\"}".as_bytes();
        let output = Redactor::new()
            .redact_json_bytes(input)
            .expect("input is valid JSON");
        assert_eq!(
            String::from_utf8(output).expect("output is UTF-8"),
            "{\"Memo\":\"Señora Núñez, 電話[PHONE_NUMBER]\"}"
        );
    }

    #[test]
    fn json_bytes_invalid_reports_position_without_input() {
        let input = b"{\n  \"SSN\": \"123-45-6789\",\n  \"Notes\": maria@example.com\n}";
        let error = Redactor::new()
            .redact_json_bytes(input)
            .expect_err("input is not JSON");
        let RedactError::InvalidJson {
            line,
            column,
            reason,
        } = &error
        else {
            panic!("expected InvalidJson, got {error:?}");
        };
        assert_eq!((*line, *column), (3, 12));
        assert!(!reason.is_empty());
        let message = error.to_string();
        assert!(message.contains("line 3, column 12"), "{message}");
        for fragment in ["maria", "example", "123-45", "SSN", "Notes"] {
            assert!(!message.contains(fragment), "{message}");
            assert!(!format!("{error:?}").contains(fragment));
        }
    }

    #[test]
    fn json_bytes_truncated_input_error() {
        let error = Redactor::new()
            .redact_json_bytes(b"{\"DisplayName\": \"Maria")
            .expect_err("input is truncated");
        let RedactError::InvalidJson { line, reason, .. } = &error else {
            panic!("expected InvalidJson, got {error:?}");
        };
        assert_eq!(*line, 1);
        assert!(reason.contains("ends"), "{reason}");
        assert!(!error.to_string().contains("Maria"));
    }

    #[test]
    fn json_bytes_rejects_empty_and_non_utf8_input() {
        let redactor = Redactor::new();
        assert!(matches!(
            redactor.redact_json_bytes(b""),
            Err(RedactError::InvalidJson { .. })
        ));
        assert!(matches!(
            redactor.redact_json_bytes(b"\"\xff\xfe\""),
            Err(RedactError::InvalidJson { .. })
        ));
        assert!(matches!(
            redactor.redact_json_bytes(b"{} trailing"),
            Err(RedactError::InvalidJson { .. })
        ));
    }

    #[test]
    fn json_bytes_rejects_excessive_nesting() {
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let error = Redactor::new()
            .redact_json_bytes(deep.as_bytes())
            .expect_err("nesting exceeds the serde_json limit");
        assert!(matches!(error, RedactError::InvalidJson { line: 1, .. }));
    }

    #[test]
    fn json_bytes_empty_selection_only_reformats() {
        let redactor = Redactor::with_entities(&[]).expect("empty selection is valid");
        let output = redactor
            .redact_json_bytes(br#"{ "DisplayName": "Maria" }"#)
            .expect("input is valid JSON");
        assert_eq!(output, br#"{"DisplayName":"Maria"}"#);
    }
}
