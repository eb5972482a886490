use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::*;

const NOW: i64 = 1_614_265_330;
#[allow(clippy::cast_precision_loss)]
const NOW_SECONDS: f64 = NOW as f64;

fn custombooks(keys: &[&str]) -> Verifier {
    Verifier::custombooks(keys).expect("valid keys")
}

fn verifier(scheme: Scheme, key: &str) -> Verifier {
    Verifier::new(scheme, &[KeyInput::Text(key)], DEFAULT_TOLERANCE_SECONDS).expect("valid key")
}

fn check(verifier: &Verifier, body: &[u8], signature: &str) -> Result<(), SignatureError> {
    verifier.verify(body, &SignedHeaders::signature(Some(signature)), || {
        NOW_SECONDS
    })
}

#[test]
fn custombooks_signature_round_trips() {
    let verifier = custombooks(&["C8FJowoRoWD8s7bA16J7PglOU3shVv5UTG79BG16"]);
    let body = br#"{"webhookVersion": "2.1", "events": []}"#;
    let signature = verifier.sign(body, None, None).expect("signs");
    assert_eq!(signature.len(), 44);
    assert_eq!(check(&verifier, body, &signature), Ok(()));
}

#[test]
fn rfc4231_case_2_known_answer() {
    let verifier = custombooks(&["Jefe"]);
    let signature = verifier
        .sign(b"what do ya want for nothing?", None, None)
        .expect("signs");
    let mac = BASE64.decode(signature).expect("own output is Base64");
    let hex: String = mac
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect::<Vec<_>>()
        .concat();
    assert_eq!(
        hex,
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
    );
}

#[test]
fn standard_webhooks_known_answer() {
    // The example from the Standard Webhooks specification's reference libraries.
    let verifier = verifier(
        Scheme::StandardWebhooks,
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    );
    let body = br#"{"test": 2432232314}"#;
    let expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    let signed = verifier
        .sign(body, Some("msg_p5jXN8AQM9LWM0D4loKWxJek"), Some(NOW))
        .expect("signs");
    assert_eq!(signed, expected);
    let headers = SignedHeaders {
        signature: Some(expected),
        id: Some("msg_p5jXN8AQM9LWM0D4loKWxJek"),
        timestamp: Some("1614265330"),
    };
    assert_eq!(verifier.verify(body, &headers, || NOW_SECONDS), Ok(()));
}

#[test]
fn github_known_answer() {
    // The example from GitHub's documentation on validating webhook deliveries.
    let verifier = verifier(Scheme::GitHub, "It's a Secret to Everybody");
    let expected = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    assert_eq!(
        verifier.sign(b"Hello, World!", None, None).expect("signs"),
        expected
    );
    assert_eq!(check(&verifier, b"Hello, World!", expected), Ok(()));
}

#[test]
fn stripe_signs_timestamp_and_body() {
    let verifier = verifier(Scheme::Stripe, "whsec_test_secret");
    let signed = verifier.sign(b"{}", None, Some(NOW)).expect("signs");
    assert!(signed.starts_with("t=1614265330,v1="));
    assert_eq!(check(&verifier, b"{}", &signed), Ok(()));
    let other_time = signed.replace("t=1614265330", "t=1614265331");
    assert!(matches!(
        check(&verifier, b"{}", &other_time),
        Err(SignatureError::Mismatch { .. })
    ));
}

#[test]
fn any_rotated_key_verifies() {
    let old = custombooks(&["previous-key"]);
    let both = custombooks(&["current-key", "previous-key"]);
    let signature = old.sign(b"{}", None, None).expect("signs");
    assert_eq!(check(&both, b"{}", &signature), Ok(()));
    assert_eq!(both.key_count(), 2);
}

#[test]
fn tampered_body_is_mismatch() {
    let verifier = custombooks(&["key"]);
    let signature = verifier
        .sign(b"{\"amount\": 10}", None, None)
        .expect("signs");
    assert!(matches!(
        check(&verifier, b"{\"amount\": 99}", &signature),
        Err(SignatureError::Mismatch { keys: 1, .. })
    ));
}

#[test]
fn missing_and_blank_signatures_are_missing() {
    let verifier = custombooks(&["key"]);
    for signature in [None, Some(""), Some("   ")] {
        let result = verifier.verify(b"{}", &SignedHeaders::signature(signature), || NOW_SECONDS);
        assert_eq!(
            result,
            Err(SignatureError::Missing {
                scheme: Scheme::CustomBooks,
                header: SIGNATURE_HEADER
            })
        );
    }
}

#[test]
fn standard_webhooks_needs_id_and_timestamp() {
    let verifier = verifier(
        Scheme::StandardWebhooks,
        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    );
    let signature = verifier
        .sign(b"{}", Some("msg_1"), Some(NOW))
        .expect("signs");
    let without_id = SignedHeaders {
        signature: Some(&signature),
        id: None,
        timestamp: Some("1614265330"),
    };
    assert!(matches!(
        verifier.verify(b"{}", &without_id, || NOW_SECONDS),
        Err(SignatureError::Missing {
            header: "webhook-id",
            ..
        })
    ));
    let without_timestamp = SignedHeaders {
        signature: Some(&signature),
        id: Some("msg_1"),
        timestamp: None,
    };
    assert!(matches!(
        verifier.verify(b"{}", &without_timestamp, || NOW_SECONDS),
        Err(SignatureError::Missing {
            header: "webhook-timestamp",
            ..
        })
    ));
    assert_eq!(
        verifier.sign(b"{}", None, Some(NOW)),
        Err(SignError::MissingId {
            scheme: Scheme::StandardWebhooks
        })
    );
}

#[test]
fn tolerance_edges_are_inclusive() {
    let verifier = verifier(Scheme::Stripe, "whsec_edge");
    let signed = verifier.sign(b"{}", None, Some(NOW)).expect("signs");
    let headers = SignedHeaders::signature(Some(&signed));
    let tolerance = 300.0;
    for now in [
        NOW_SECONDS - tolerance,
        NOW_SECONDS,
        NOW_SECONDS + tolerance,
    ] {
        assert_eq!(
            verifier.verify(b"{}", &headers, || now),
            Ok(()),
            "now {now}"
        );
    }
    for now in [NOW_SECONDS - tolerance - 1.0, NOW_SECONDS + tolerance + 1.0] {
        let error = verifier.verify(b"{}", &headers, || now).unwrap_err();
        assert!(
            matches!(
                error,
                SignatureError::TimestampOutOfTolerance {
                    offset: 301 | -301,
                    tolerance: 300,
                    ..
                }
            ),
            "{error:?}"
        );
    }
}

#[test]
fn fractional_clock_is_not_rounded() {
    let verifier = verifier(Scheme::Stripe, "whsec_edge");
    let signed = verifier.sign(b"{}", None, Some(NOW)).expect("signs");
    let headers = SignedHeaders::signature(Some(&signed));
    let error = verifier
        .verify(b"{}", &headers, || NOW_SECONDS + 300.5)
        .unwrap_err();
    assert!(matches!(
        error,
        SignatureError::TimestampOutOfTolerance { offset: -301, .. }
    ));
    assert_eq!(
        verifier.verify(b"{}", &headers, || NOW_SECONDS + 299.5),
        Ok(())
    );
}

#[test]
fn negative_signing_timestamp_is_rejected() {
    let verifier = verifier(Scheme::Stripe, "whsec_edge");
    assert_eq!(
        verifier.sign(b"{}", None, Some(-5)),
        Err(SignError::NegativeTimestamp { timestamp: -5 })
    );
}

#[test]
fn timestamp_is_checked_only_after_the_mac() {
    let verifier = verifier(Scheme::Stripe, "whsec_edge");
    let forged = format!("t=1,v1={}", "00".repeat(32));
    let result = verifier.verify(b"{}", &SignedHeaders::signature(Some(&forged)), || {
        NOW_SECONDS
    });
    assert!(matches!(result, Err(SignatureError::Mismatch { .. })));
}

#[test]
fn non_digit_timestamps_are_malformed() {
    let verifier = verifier(Scheme::Stripe, "whsec_edge");
    for timestamp in [" 1614265330", "1614265330.0", "+1614265330", "-5"] {
        let header = format!("t={timestamp},v1={}", "00".repeat(32));
        let result = verifier.verify(b"{}", &SignedHeaders::signature(Some(&header)), || {
            NOW_SECONDS
        });
        assert!(
            matches!(
                result,
                Err(SignatureError::Malformed {
                    reason: MalformedReason::InvalidTimestamp,
                    ..
                })
            ),
            "{timestamp:?}: {result:?}"
        );
    }
}

#[test]
fn non_base64_signature_is_malformed() {
    let verifier = custombooks(&["key"]);
    let error = check(&verifier, b"{}", "not*base64!").unwrap_err();
    assert!(matches!(
        error,
        SignatureError::Malformed {
            reason: MalformedReason::NotBase64,
            ..
        }
    ));
    assert!(error.to_string().contains("not valid padded Base64"));
}

#[test]
fn short_mac_is_malformed() {
    let verifier = custombooks(&["key"]);
    let mac = BASE64
        .decode(verifier.sign(b"{}", None, None).expect("signs"))
        .expect("Base64");
    let truncated = BASE64.encode(&mac[..16]);
    assert!(matches!(
        check(&verifier, b"{}", &truncated),
        Err(SignatureError::Malformed {
            reason: MalformedReason::WrongLength { length: 16 },
            ..
        })
    ));
}

#[test]
fn every_single_bit_flip_is_rejected_in_every_scheme() {
    let body = b"{\"events\": []}";
    for scheme in Scheme::ALL {
        let key = match scheme {
            Scheme::StandardWebhooks => "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            Scheme::Stripe => "whsec_flip",
            _ => "flip-key",
        };
        let verifier = verifier(scheme, key);
        let signature = verifier
            .sign(body, Some("msg_1"), Some(NOW))
            .expect("signs");
        let headers = SignedHeaders {
            signature: Some(&signature),
            id: Some("msg_1"),
            timestamp: Some("1614265330"),
        };
        assert_eq!(
            verifier.verify(body, &headers, || NOW_SECONDS),
            Ok(()),
            "{scheme:?}"
        );
        for bit in 0..signature.len() * 8 {
            let mut flipped = signature.clone().into_bytes();
            flipped[bit / 8] ^= 1 << (bit % 8);
            let Ok(flipped) = String::from_utf8(flipped) else {
                continue;
            };
            let headers = SignedHeaders {
                signature: Some(&flipped),
                ..headers
            };
            assert!(
                verifier.verify(body, &headers, || NOW_SECONDS).is_err(),
                "{scheme:?} bit {bit}: {flipped}"
            );
        }
    }
}

#[test]
fn bad_key_lists_are_rejected() {
    assert_eq!(
        Verifier::new(Scheme::CustomBooks, &[], 300).unwrap_err(),
        KeyError::NoKeys
    );
    assert_eq!(
        Verifier::custombooks(&["ok", ""]).unwrap_err(),
        KeyError::EmptyKey { position: 2 }
    );
    assert_eq!(
        Verifier::custombooks(&[" padded"]).unwrap_err(),
        KeyError::PaddedKey { position: 1 }
    );
    assert_eq!(
        Verifier::new(Scheme::CustomBooks, &[KeyInput::Raw(b"")], 300).unwrap_err(),
        KeyError::EmptyKey { position: 1 }
    );
    assert_eq!(
        Verifier::new(Scheme::Stripe, &[KeyInput::Text("sk_test_123")], 300).unwrap_err(),
        KeyError::WrongPrefix {
            scheme: Scheme::Stripe,
            position: 1,
            prefix: "whsec_"
        }
    );
    assert_eq!(
        Verifier::new(
            Scheme::StandardWebhooks,
            &[KeyInput::Text("whsec_%%%")],
            300
        )
        .unwrap_err(),
        KeyError::NotBase64 { position: 1 }
    );
}

#[test]
fn raw_keys_may_hold_any_bytes() {
    // Binary keys such as RFC 4231's 0x0c bytes are used as they are, whitespace or not.
    let verifier = Verifier::new(Scheme::CustomBooks, &[KeyInput::Raw(&[0x0c; 20])], 300);
    assert!(verifier.is_ok());
}

#[test]
fn messages_and_debug_never_show_keys_or_macs() {
    let verifier = custombooks(&["very-secret-key"]);
    let signature = verifier.sign(b"body", None, None).expect("signs");
    let shown = format!("{verifier:?}");
    assert!(!shown.contains("very-secret-key"));
    let error = check(&verifier, b"other", &signature).unwrap_err();
    assert!(!error.to_string().contains(&signature));
    assert!(!error.to_string().contains("very-secret-key"));
    assert_eq!(
        format!("{:?}", KeyInput::Text("very-secret-key")),
        "KeyInput(***)"
    );
}
