//! Differential tests: the one-pass path of [`parse_webhook`] against the tree-building path.
//!
//! Random deliveries, valid and invalid, and random mutations of them go through both paths
//! under random limits. Results and errors must be equal, and the scanner must never accept a
//! document that the JSON layer rejects.

use std::fmt::Write as _;

use serde_json::Value;

use super::scan;
use super::webhook::{parse_webhook, parse_webhook_tree};
use super::{Event, Limits, PayloadError, VersionPolicy, WebhookDelivery, check_json};

/// A small deterministic generator (xorshift64*), so a failure can be replayed from its seed.
struct Random {
    state: u64,
    /// True while the generator also picks strings and numbers that some parsers reject.
    hostile: bool,
}

impl Random {
    fn new(seed: u64) -> Self {
        Self {
            state: seed,
            hostile: false,
        }
    }

    fn next(&mut self) -> u64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        self.state.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Returns a number below `bound`.
    fn below(&mut self, bound: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(bound).expect("small bound"))
            .expect("below a usize bound")
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// Picks from `usual`, or while hostile sometimes from `doubtful`.
    fn pick_doubtful<'a>(&mut self, usual: &[&'a str], doubtful: &[&'a str]) -> &'a str {
        if self.hostile && self.chance(30) {
            self.pick(doubtful)
        } else {
            self.pick(usual)
        }
    }
}

const STRINGS: &[&str] = &[
    r#""""#,
    r#""Customer""#,
    r#""Update""#,
    r#""evt_1""#,
    r#""a longer text value past the eight-byte word""#,
    r#""x\u00e9\n\t\"\\\/""#,
    r#""\ud83d\ude00""#,
    r#""\u0000""#,
    "\"caf\u{e9} \u{1f600}\"",
    r#""2026-11-30T22:42:19.250+02:00""#,
    r#""2026-11-30T22:42:19Z""#,
    r#""custombooks/company/913""#,
    r#""Customer/58""#,
];

/// Strings that are invalid JSON or an invalid timestamp.
const DOUBTFUL_STRINGS: &[&str] = &[
    r#""\ud800""#,
    r#""\udc00x""#,
    r#""\ud800\u0041""#,
    r#""2026-13-30T22:42:19Z""#,
];

const NUMBERS: &[&str] = &[
    "0",
    "-0",
    "7",
    "-12",
    "184467",
    "3.25",
    "-0.5e-3",
    "1E5",
    "2e+2",
    "1e308",
    "1e-400",
    "18446744073709551616",
    "100000000000000000000000000000000000000000000000000",
];

/// Numbers out of the range of `f64`, or that the scanner leaves to `serde_json`.
const DOUBTFUL_NUMBERS: &[&str] = &["1e309", "1e400", "-1e400", "123.456e-789", "1e99999"];

/// Keys that no decoder reads.
const UNKNOWN_KEYS: &[&str] = &["note", "Balance", "Notes", "MetaData", "x", "\\u0049d", ""];

/// Keys that decoders read, and escaped spellings of them.
const KEYS: &[&str] = &[
    "id",
    "type",
    "time",
    "companyId",
    "sequence",
    "source",
    "subject",
    "data",
    "entity",
    "operation",
    "changedFields",
    "deletedId",
    "Customer",
    "Balance",
    "webhookVersion",
    "events",
    "eventNotifications",
    "note",
    "t\\u0079pe",
    "\\u0049d",
];

/// Appends a random JSON value nested at most `depth` levels.
fn value(random: &mut Random, depth: usize, out: &mut String) {
    let choice = if depth == 0 {
        random.below(4)
    } else {
        random.below(6)
    };
    match choice {
        0 | 3 => out.push_str(random.pick_doubtful(STRINGS, DOUBTFUL_STRINGS)),
        1 => out.push_str(random.pick_doubtful(NUMBERS, DOUBTFUL_NUMBERS)),
        2 => out.push_str(random.pick(&["true", "false", "null"])),
        4 => {
            out.push('[');
            for index in 0..random.below(4) {
                if index > 0 {
                    out.push_str(random.pick(&[",", ", ", " ,\n"]));
                }
                value(random, depth - 1, out);
            }
            out.push(']');
        }
        _ => object(random, depth - 1, &[], out),
    }
}

/// Appends a random object with the `fixed` members first, then up to three others.
fn object(random: &mut Random, depth: usize, fixed: &[(&str, String)], out: &mut String) {
    out.push('{');
    let mut first = true;
    let mut separator = |out: &mut String, random: &mut Random| {
        if !first {
            out.push_str(random.pick(&[",", ", ", ",\r\n\t"]));
        }
        first = false;
    };
    for (key, text) in fixed {
        separator(out, random);
        write!(out, "\"{key}\": {text}").expect("writing to a String");
    }
    for _ in 0..random.below(4) {
        separator(out, random);
        let key = random.pick_doubtful(UNKNOWN_KEYS, KEYS);
        write!(out, "\"{key}\": ").expect("writing to a String");
        value(random, depth, out);
    }
    out.push('}');
}

/// Returns an event that is usually valid, with some members missing or of another type.
fn event(random: &mut Random) -> String {
    let usual = |random: &mut Random, text: &str| {
        if !random.hostile || random.chance(85) {
            text.to_owned()
        } else {
            let mut other = String::new();
            value(random, 2, &mut other);
            other
        }
    };
    let mut data = Vec::new();
    for (key, text) in [
        ("entity", r#""Customer""#),
        ("id", r#""58""#),
        ("operation", r#""Update""#),
        ("changedFields", r#"["PrimaryEmailAddr", "BillAddr"]"#),
    ] {
        if !random.hostile || random.chance(90) {
            data.push((key, usual(random, text)));
        }
    }
    let mut customer = String::new();
    object(random, 3, &[], &mut customer);
    data.push(("Customer", customer));
    let mut data_text = String::new();
    object(random, 2, &data, &mut data_text);

    let mut members = Vec::new();
    for (key, text) in [
        ("specversion", r#""1.0""#),
        ("id", r#""evt_1""#),
        ("source", r#""custombooks/company/913""#),
        ("type", r#""custombooks.customer.updated""#),
        ("time", r#""2026-11-30T22:42:19.250+02:00""#),
        ("subject", r#""Customer/58""#),
        ("companyId", r#""913""#),
        ("sequence", "184467"),
        ("data", data_text.as_str()),
    ] {
        if !random.hostile || random.chance(93) {
            members.push((key, usual(random, text)));
        }
    }
    let mut text = String::new();
    object(random, 2, &members, &mut text);
    text
}

fn delivery(random: &mut Random) -> String {
    let events: Vec<String> = (0..random.below(4)).map(|_| event(random)).collect();
    let version = random.pick_doubtful(
        &[r#""2.1""#, r#""2.0""#, r#""2.9""#],
        &[r#""1.0""#, r#""3.0""#, "2.1", r#""x""#],
    );
    let mut members = vec![("events", format!("[{}]", events.join(", ")))];
    if random.chance(85) {
        members.insert(0, ("webhookVersion", version.to_owned()));
    }
    let mut text = String::new();
    object(random, 2, &members, &mut text);
    if random.chance(5) {
        text.insert(
            0,
            random
                .pick(&[" ", "\n", "\u{feff}"])
                .chars()
                .next()
                .expect("one"),
        );
    }
    text
}

/// Changes `body` in one to three random places.
fn mutate(random: &mut Random, body: &mut Vec<u8>) {
    const BYTES: &[u8] = b"\"{}[],:\\ \t\n0123456789.eE+-tfnul\x01\x7f\xff\xc3\xa9";
    for _ in 0..=random.below(3) {
        if body.is_empty() {
            return;
        }
        let at = random.below(body.len());
        match random.below(5) {
            0 => {
                body.remove(at);
            }
            1 => body.insert(at, BYTES[random.below(BYTES.len())]),
            2 => body[at] = BYTES[random.below(BYTES.len())],
            3 => {
                let end = (at + random.below(16)).min(body.len());
                let copy = body[at..end].to_vec();
                let to = random.below(body.len());
                body.splice(to..to, copy);
            }
            _ => body.truncate(at),
        }
    }
}

fn limits(random: &mut Random) -> Limits {
    let mut limits = Limits::default();
    if random.chance(30) {
        limits.max_depth = 1 + random.below(8);
    }
    if random.chance(30) {
        limits.max_string_bytes = random.below(48).max(1);
    }
    if random.chance(20) {
        limits.max_events = 1 + random.below(3);
    }
    if random.chance(10) {
        limits.max_body_bytes = 1 + random.below(4000);
    }
    limits
}

/// Data and unknown members of each event, as key lists, since equality of trees ignores order.
fn key_orders(delivery: &WebhookDelivery) -> Vec<(Vec<String>, Vec<String>)> {
    let keys = |event: &Event| match event.data.to_value() {
        Value::Object(map) => map.keys().cloned().collect(),
        _ => Vec::new(),
    };
    delivery
        .events
        .iter()
        .map(|event| (keys(event), event.extra.to_map().keys().cloned().collect()))
        .collect()
}

/// Counts of the cases that each outcome covered, to show that the test reaches them.
#[derive(Default, Debug)]
struct Coverage {
    parsed: usize,
    failed: usize,
    /// Cases that the one-pass path parsed without the tree.
    fast: usize,
}

fn compare(body: &[u8], limits: &Limits, coverage: &mut Coverage) {
    let policy = VersionPolicy::default();
    let body_text = String::from_utf8_lossy(body);
    let ours: Result<WebhookDelivery, PayloadError> = parse_webhook(body, &policy, limits);
    let tree = parse_webhook_tree(body, &policy, limits);
    assert_eq!(ours, tree, "{limits:?} {body_text}");
    if let (Ok(ours), Ok(tree)) = (&ours, &tree) {
        assert_eq!(key_orders(ours), key_orders(tree), "{body_text}");
        coverage.parsed += 1;
    } else {
        coverage.failed += 1;
    }

    if super::shallow::parse_v2(body, &policy, limits).is_some() {
        coverage.fast += 1;
    }
    if std::str::from_utf8(body).is_ok_and(|text| scan::accepts(text, limits)) {
        assert!(check_json(body, limits).is_ok(), "{limits:?} {body_text}");
    }
}

#[test]
fn random_deliveries_match_the_tree() {
    let mut random = Random::new(0x9E37_79B9_7F4A_7C15);
    let mut coverage = Coverage::default();
    for _ in 0..4000 {
        random.hostile = random.chance(30);
        let body = delivery(&mut random);
        let limits = if random.chance(50) {
            Limits::default()
        } else {
            limits(&mut random)
        };
        compare(body.as_bytes(), &limits, &mut coverage);
    }
    assert!(coverage.fast > 1000, "{coverage:?}");
    assert!(coverage.parsed > coverage.fast, "{coverage:?}");
    assert!(coverage.failed > 400, "{coverage:?}");
}

#[test]
fn mutated_deliveries_match_the_tree() {
    let mut random = Random::new(0x2545_F491_4F6C_DD1D);
    let mut coverage = Coverage::default();
    for _ in 0..8000 {
        random.hostile = random.chance(30);
        let mut body = delivery(&mut random).into_bytes();
        mutate(&mut random, &mut body);
        let limits = if random.chance(70) {
            Limits::default()
        } else {
            limits(&mut random)
        };
        compare(&body, &limits, &mut coverage);
    }
    assert!(coverage.fast > 100, "{coverage:?}");
    assert!(coverage.failed > 1000, "{coverage:?}");
}

#[test]
fn scanner_accepts_subset_of_json_layer() {
    let mut random = Random::new(0x0123_4567_89AB_CDEF);
    let mut accepted = 0;
    for _ in 0..20000 {
        random.hostile = random.chance(50);
        let mut text = String::new();
        value(&mut random, 4, &mut text);
        let mut body = text.into_bytes();
        if random.chance(60) {
            mutate(&mut random, &mut body);
        }
        let limits = limits(&mut random);
        let Ok(text) = std::str::from_utf8(&body) else {
            continue;
        };
        if scan::accepts(text, &limits) {
            accepted += 1;
            let body_text = String::from_utf8_lossy(&body);
            assert!(check_json(&body, &limits).is_ok(), "{limits:?} {body_text}");
        }
    }
    assert!(accepted > 5000, "{accepted}");
}

#[test]
fn json_test_suite_through_scanner() {
    let folder = super::shared_folder();
    let Ok(entries) = std::fs::read_dir(folder.join("vectors/jsontestsuite")) else {
        eprintln!("skipped: no JSONTestSuite files (set CUSTOMBOOKS_SHARED to the shared folder)");
        return;
    };
    let limits = Limits::default();
    let mut accepted = 0;
    for entry in entries {
        let path = entry.expect("readable folder").path();
        let body = std::fs::read(&path).expect("readable file");
        let name = path.file_name().expect("name").to_string_lossy();
        if std::str::from_utf8(&body).is_ok_and(|text| scan::accepts(text, &limits)) {
            accepted += 1;
            assert!(check_json(&body, &limits).is_ok(), "{name}");
        } else if name.starts_with("y_") {
            // The scanner leaves some valid documents to serde_json: numbers it cannot prove
            // finite, and documents nested deeper than the default limit.
            assert!(
                name.starts_with("y_number") || name.contains("nested"),
                "{name} is valid JSON that the scanner rejects"
            );
        }
        // The same body as a member of a delivery goes through both paths.
        let mut delivery = br#"{"webhookVersion": "2.1", "note": "#.to_vec();
        delivery.extend_from_slice(&body);
        delivery.extend_from_slice(br#", "events": []}"#);
        compare(&delivery, &limits, &mut Coverage::default());
    }
    assert!(accepted > 90, "{accepted}");
}
