//! Every `JSONTestSuite` parsing case through the JSON layer that payload decoders use.
//!
//! `y_` files must parse and `n_` files must be rejected with a `PayloadError`. `i_` files leave
//! the outcome to the implementation; the outcomes here are the ones docs/payload-versions.md
//! documents, so a change in behaviour fails this test until the table is updated.

mod common;

use custombooks_guard::payload::{Limits, PayloadError, check_json, parse_json};

/// Outcome of each `i_` case: `true` when the JSON layer accepts the document.
const IMPLEMENTATION_DEFINED: &[(&str, bool)] = &[
    ("i_number_double_huge_neg_exp.json", true),
    ("i_number_huge_exp.json", false),
    ("i_number_neg_int_huge_exp.json", false),
    ("i_number_pos_double_huge_exp.json", false),
    ("i_number_real_neg_overflow.json", false),
    ("i_number_real_pos_overflow.json", false),
    ("i_number_real_underflow.json", true),
    ("i_number_too_big_neg_int.json", true),
    ("i_number_too_big_pos_int.json", true),
    ("i_number_very_big_negative_int.json", true),
    ("i_object_key_lone_2nd_surrogate.json", false),
    ("i_string_1st_surrogate_but_2nd_missing.json", false),
    ("i_string_1st_valid_surrogate_2nd_invalid.json", false),
    ("i_string_UTF-16LE_with_BOM.json", false),
    ("i_string_UTF-8_invalid_sequence.json", false),
    ("i_string_UTF8_surrogate_U+D800.json", false),
    ("i_string_incomplete_surrogate_and_escape_valid.json", false),
    ("i_string_incomplete_surrogate_pair.json", false),
    ("i_string_incomplete_surrogates_escape_valid.json", false),
    ("i_string_invalid_lonely_surrogate.json", false),
    ("i_string_invalid_surrogate.json", false),
    ("i_string_invalid_utf-8.json", false),
    ("i_string_inverted_surrogates_U+1D11E.json", false),
    ("i_string_iso_latin_1.json", false),
    ("i_string_lone_second_surrogate.json", false),
    ("i_string_lone_utf8_continuation_byte.json", false),
    ("i_string_not_in_unicode_range.json", false),
    ("i_string_overlong_sequence_2_bytes.json", false),
    ("i_string_overlong_sequence_6_bytes.json", false),
    ("i_string_overlong_sequence_6_bytes_null.json", false),
    ("i_string_truncated-utf-8.json", false),
    ("i_string_utf16BE_no_BOM.json", false),
    ("i_string_utf16LE_no_BOM.json", false),
    ("i_structure_500_nested_arrays.json", false),
    ("i_structure_UTF-8_BOM_empty_object.json", false),
];

fn cases(prefix: &str) -> Vec<(String, Vec<u8>)> {
    let Some(folder) = common::shared_path("vectors/jsontestsuite") else {
        return Vec::new();
    };
    let mut cases: Vec<(String, Vec<u8>)> = std::fs::read_dir(folder)
        .expect("readable folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
                && path
                    .file_name()
                    .and_then(|name| name.to_str())
                    .is_some_and(|name| name.starts_with(prefix))
        })
        .map(|path| {
            let name = path
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(&path).expect("readable file"))
        })
        .collect();
    cases.sort();
    cases
}

#[test]
fn accepted_cases_parse() {
    let cases = cases("y_");
    for (name, body) in &cases {
        if let Err(error) = parse_json(body, &Limits::default()) {
            panic!("{name}: {error}");
        }
    }
    assert!(
        cases.is_empty() || cases.len() >= 90,
        "{} y_ cases",
        cases.len()
    );
}

#[test]
fn rejected_cases_raise_payload_errors() {
    let cases = cases("n_");
    for (name, body) in &cases {
        match parse_json(body, &Limits::default()) {
            Ok(value) => panic!("{name} parsed as {value}"),
            Err(
                PayloadError::InvalidJson { .. }
                | PayloadError::TooDeep { .. }
                | PayloadError::TooLarge { .. },
            ) => {}
            Err(other) => panic!("{name}: unexpected error {other:?}"),
        }
    }
    assert!(
        cases.is_empty() || cases.len() >= 180,
        "{} n_ cases",
        cases.len()
    );
}

#[test]
fn implementation_defined_cases_match_docs() {
    let cases = cases("i_");
    let mut outcomes = Vec::new();
    for (name, body) in &cases {
        let result = parse_json(body, &Limits::default());
        let detail = match &result {
            Ok(_) => "accepted".to_owned(),
            Err(error) => format!("rejected: {error}"),
        };
        println!("{name}\t{detail}");
        outcomes.push((name.clone(), result.is_ok()));
    }
    if cases.is_empty() {
        return;
    }
    let documented: Vec<(String, bool)> = IMPLEMENTATION_DEFINED
        .iter()
        .map(|(name, accepted)| ((*name).to_owned(), *accepted))
        .collect();
    assert_eq!(outcomes, documented);
}

#[test]
fn checking_without_a_tree_agrees_with_parsing() {
    let tight = Limits {
        max_depth: 2,
        max_string_bytes: 3,
        ..Limits::default()
    };
    for prefix in ["y_", "n_", "i_"] {
        for (name, body) in &cases(prefix) {
            for limits in [&Limits::default(), &tight] {
                assert_eq!(
                    check_json(body, limits).err(),
                    parse_json(body, limits).err(),
                    "{name}"
                );
            }
        }
    }
}
