//! Known-answer tests of the HMAC core: RFC 4231 and Project Wycheproof.

mod common;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use custombooks_guard::signature::{
    KeyInput, MAC_LENGTH, Scheme, SignatureError, SignedHeaders, Verifier,
};
use serde_json::Value;

fn load(relative: &str) -> Option<Value> {
    let path = common::shared_path(relative)?;
    let text = std::fs::read_to_string(path).expect("readable vectors");
    Some(serde_json::from_str(&text).expect("valid JSON"))
}

fn verifier(key: &[u8]) -> Verifier {
    Verifier::new(Scheme::CustomBooks, &[KeyInput::Raw(key)], 300).expect("non-empty key")
}

fn verify(verifier: &Verifier, data: &[u8], signature: &str) -> Result<(), SignatureError> {
    verifier.verify(data, &SignedHeaders::signature(Some(signature)), || 0.0)
}

#[test]
fn rfc4231_cases() {
    let Some(vectors) = load("vectors/rfc4231-hmac-sha256.json") else {
        return;
    };
    let cases = vectors["cases"].as_array().expect("cases");
    assert_eq!(cases.len(), 7);
    for case in cases {
        let number = &case["case"];
        let verifier = verifier(&from_hex(case["key_hex"].as_str().expect("key")));
        let data = from_hex(case["data_hex"].as_str().expect("data"));
        let tag = from_hex(case["hmac_sha256_hex"].as_str().expect("tag"));
        let signature = BASE64.encode(&tag);
        if case["truncated_bits"].is_null() {
            assert_eq!(
                verifier.sign(&data, None, None).as_ref(),
                Ok(&signature),
                "case {number}"
            );
            assert_eq!(
                verify(&verifier, &data, &signature),
                Ok(()),
                "case {number}"
            );
        } else {
            // A truncated tag must never pass a full-length verifier.
            assert!(tag.len() < MAC_LENGTH, "case {number}");
            assert!(
                matches!(
                    verify(&verifier, &data, &signature),
                    Err(SignatureError::Malformed { .. })
                ),
                "case {number}"
            );
        }
    }
}

#[test]
fn wycheproof_cases() {
    let Some(vectors) = load("vectors/wycheproof-hmac-sha256.json") else {
        return;
    };
    let mut checked = 0;
    for group in vectors["testGroups"].as_array().expect("groups") {
        let full_length = group["tagSize"].as_u64() == Some(256);
        for test in group["tests"].as_array().expect("tests") {
            let id = &test["tcId"];
            let verifier = verifier(&from_hex(test["key"].as_str().expect("key")));
            let message = from_hex(test["msg"].as_str().expect("msg"));
            let tag = from_hex(test["tag"].as_str().expect("tag"));
            let result = verify(&verifier, &message, &BASE64.encode(&tag));
            let expected_valid = full_length && test["result"] == "valid";
            assert_eq!(result.is_ok(), expected_valid, "tcId {id}");
            checked += 1;
        }
    }
    assert_eq!(checked, 174);
}

fn from_hex(text: &str) -> Vec<u8> {
    assert!(text.len() % 2 == 0, "odd-length hex");
    (0..text.len())
        .step_by(2)
        .map(|index| u8::from_str_radix(&text[index..index + 2], 16).expect("hex digit"))
        .collect()
}
