"""Signature verification and signing through the Python API, for every scheme."""

from __future__ import annotations

import array
import base64
import copy
import hashlib
import hmac
import json
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
import standardwebhooks
import stripe
import svix.webhooks
from _shared import shared_path
from django.http.request import HttpHeaders
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import EnvironHeaders, Headers

import custombooks_guard as guard

KEY = "C8FJowoRoWD8s7bA16J7PglOU3shVv5UTG79BG16"
PREVIOUS_KEY = "QJM9UayY20948VGZiHXJnB8dE3xKJm8GAF0wAwaI"
BODY = b'{"webhookVersion": "2.1", "events": []}'
NOW = 1614265330
STANDARD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
STRIPE_SECRET = "whsec_3bd6a0b8c2f94e1d8a7f6e5d4c3b2a19"

# Schemes whose header is the Base64 MAC of the raw body, keyed with the secret's UTF-8 bytes.
BASE64_BODY_SCHEMES = {
    "custombooks": "CustomBooks-Signature",
    "shopify": "X-Shopify-Hmac-Sha256",
    "quickbooks": "intuit-signature",
    "xero": "x-xero-signature",
}
SECRETS = {
    "custombooks": KEY,
    "standard_webhooks": STANDARD_SECRET,
    "stripe": STRIPE_SECRET,
    "github": "It's a Secret to Everybody",
    "shopify": "shpss_5c1e0d7a9b8c",
    "quickbooks": "a1b2c3d4-verifier-token",
    "xero": "xero-webhook-key-91f2",
}


def fixed_clock(now: float = NOW) -> Callable[[], float]:
    return lambda: now


def make_verifier(scheme: str, **options: object) -> guard.Verifier:
    options.setdefault("clock", fixed_clock())
    return guard.Verifier([SECRETS[scheme]], scheme, **options)  # type: ignore[arg-type]


def stdlib_mac(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, body, hashlib.sha256).digest()


def stdlib_signature(key: bytes, body: bytes) -> str:
    return base64.b64encode(stdlib_mac(key, body)).decode()


def test_schemes_are_listed() -> None:
    assert guard.SIGNATURE_SCHEMES == [
        "custombooks",
        "standard_webhooks",
        "stripe",
        "github",
        "shopify",
        "quickbooks",
        "xero",
    ]


def test_sign_matches_stdlib() -> None:
    assert guard.Verifier([KEY]).sign(BODY) == stdlib_signature(KEY.encode(), BODY)


@pytest.mark.parametrize("scheme", sorted(BASE64_BODY_SCHEMES))
@given(body=st.binary(max_size=2048), secret=st.text(min_size=1, max_size=64))
def test_base64_schemes_agree_with_stdlib(scheme: str, body: bytes, secret: str) -> None:
    secret = secret.strip() or "k"
    verifier = guard.Verifier([secret], scheme)
    expected = stdlib_signature(secret.encode(), body)
    assert verifier.sign(body) == expected
    verifier.verify(body, {BASE64_BODY_SCHEMES[scheme]: expected})


@given(body=st.binary(max_size=2048))
def test_github_agrees_with_stdlib(body: bytes) -> None:
    secret = SECRETS["github"]
    header = "sha256=" + stdlib_mac(secret.encode(), body).hex()
    verifier = guard.Verifier([secret], "github")
    assert verifier.sign(body) == header
    verifier.verify(body, {"X-Hub-Signature-256": header})


@given(body=st.binary(max_size=2048), timestamp=st.integers(min_value=0, max_value=2**37))
def test_standard_webhooks_agrees_with_reference_library(body: bytes, timestamp: int) -> None:
    reference = standardwebhooks.Webhook(STANDARD_SECRET)
    message_id = "msg_p5jXN8AQM9LWM0D4loKWxJek"
    when = datetime.fromtimestamp(timestamp, tz=UTC)
    theirs = reference.sign(message_id, when, body)
    ours = guard.Verifier([STANDARD_SECRET], "standard_webhooks", clock=fixed_clock(timestamp))
    assert ours.sign(body, message_id=message_id, timestamp=timestamp) == theirs
    headers = ours.sign_headers(body, message_id=message_id, timestamp=timestamp)
    assert headers == {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": theirs,
    }
    ours.verify(body, headers)


def test_standard_webhooks_reference_accepts_our_headers() -> None:
    ours = guard.Verifier([STANDARD_SECRET], "standard_webhooks")
    headers = ours.sign_headers(BODY, message_id="msg_1")
    standardwebhooks.Webhook(STANDARD_SECRET).verify(BODY, headers)


@given(text=st.text(max_size=512), timestamp=st.integers(min_value=1, max_value=2**40))
def test_stripe_agrees_with_stripe_package(text: str, timestamp: int) -> None:
    body = text.encode()
    header = stripe.WebhookSignature.generate_signature_header(
        text, STRIPE_SECRET, timestamp=timestamp
    )
    ours = guard.Verifier([STRIPE_SECRET], "stripe", clock=fixed_clock(timestamp))
    ours.verify(body, {"Stripe-Signature": header})
    assert ours.sign(body, timestamp=timestamp) == header


def test_stripe_package_accepts_our_header() -> None:
    ours = guard.Verifier([STRIPE_SECRET], "stripe")
    header = ours.sign(BODY)
    stripe.WebhookSignature.verify_header(BODY.decode(), header, STRIPE_SECRET, tolerance=300)


def test_known_answers() -> None:
    standard = guard.Verifier([STANDARD_SECRET], "standard_webhooks")
    signature = standard.sign(
        b'{"test": 2432232314}', message_id="msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp=NOW
    )
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    github = guard.Verifier(["It's a Secret to Everybody"], "github")
    assert github.sign(b"Hello, World!") == (
        "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
    )


@pytest.mark.parametrize("scheme", list(SECRETS))
@given(body=st.binary(min_size=1, max_size=256), data=st.data())
def test_any_bit_flip_is_rejected(scheme: str, body: bytes, data: st.DataObject) -> None:
    verifier = make_verifier(scheme)
    headers = verifier.sign_headers(body, message_id="msg_1")
    verifier.verify(body, headers)

    bit = data.draw(st.integers(min_value=0, max_value=len(body) * 8 - 1))
    flipped_body = bytearray(body)
    flipped_body[bit // 8] ^= 1 << (bit % 8)
    with pytest.raises(guard.SignatureError):
        verifier.verify(bytes(flipped_body), headers)

    for name, value in headers.items():
        raw = value.encode()
        bit = data.draw(st.integers(min_value=0, max_value=len(raw) * 8 - 1))
        flipped = bytearray(raw)
        flipped[bit // 8] ^= 1 << (bit % 8)
        try:
            text = flipped.decode()
        except UnicodeDecodeError:
            continue
        with pytest.raises(guard.SignatureError):
            verifier.verify(body, {**headers, name: text})


@pytest.mark.parametrize("scheme", list(SECRETS))
def test_header_names_in_any_case(scheme: str) -> None:
    verifier = make_verifier(scheme)
    headers = verifier.sign_headers(BODY, message_id="msg_1")
    verifier.verify(BODY, {name.title(): value for name, value in headers.items()})
    verifier.verify(BODY, {name.lower(): value for name, value in headers.items()})
    environ = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}
    verifier.verify(BODY, environ)
    verifier.verify(BODY, EnvironHeaders(environ))
    verifier.verify(BODY, Headers(list(headers.items())))
    verifier.verify(BODY, HttpHeaders(environ))


def test_several_signatures_in_one_header() -> None:
    current = guard.Verifier([STANDARD_SECRET], "standard_webhooks", clock=fixed_clock())
    other = guard.Verifier(["whsec_" + base64.b64encode(b"x" * 24).decode()], "standard_webhooks")
    theirs = other.sign(BODY, message_id="msg_1", timestamp=NOW)
    ours = current.sign(BODY, message_id="msg_1", timestamp=NOW)
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(NOW)}
    current.verify(BODY, {**headers, "webhook-signature": f"v1a,ignored {theirs} {ours}"})
    with pytest.raises(guard.MalformedSignature, match="no v1 signature"):
        current.verify(BODY, {**headers, "webhook-signature": "v1a,abc v2,def"})


@pytest.mark.parametrize(
    ("offset", "accepted"),
    [(-300, True), (300, True), (0, True), (-301, False), (301, False)],
)
@pytest.mark.parametrize("scheme", ["stripe", "standard_webhooks"])
def test_tolerance_edges(scheme: str, offset: int, accepted: bool) -> None:
    signer = make_verifier(scheme)
    headers = signer.sign_headers(BODY, message_id="msg_1", timestamp=NOW)
    verifier = make_verifier(scheme, clock=fixed_clock(NOW - offset))
    if accepted:
        verifier.verify(BODY, headers)
    else:
        with pytest.raises(guard.TimestampOutOfTolerance, match="beyond the tolerance of 300"):
            verifier.verify(BODY, headers)


def test_tolerance_is_configurable() -> None:
    headers = make_verifier("stripe").sign_headers(BODY, timestamp=NOW)
    make_verifier("stripe", tolerance=3600, clock=fixed_clock(NOW + 3600)).verify(BODY, headers)
    with pytest.raises(guard.TimestampOutOfTolerance):
        make_verifier("stripe", tolerance=0, clock=fixed_clock(NOW + 1)).verify(BODY, headers)


def test_stale_timestamp_with_bad_mac_is_mismatch() -> None:
    forged = f"t={NOW - 10_000},v1={'0' * 64}"
    with pytest.raises(guard.SignatureMismatch):
        make_verifier("stripe").verify(BODY, {"Stripe-Signature": forged})


@pytest.mark.parametrize("timestamp", [" 1614265330", "1614265330.0", "+1614265330", "1e9", ""])
def test_timestamps_must_be_digits(timestamp: str) -> None:
    verifier = make_verifier("standard_webhooks")
    signature = verifier.sign(BODY, message_id="msg_1", timestamp=NOW)
    with pytest.raises((guard.MalformedSignature, guard.MissingSignature)):
        verifier.verify_signature(BODY, signature, message_id="msg_1", timestamp=timestamp)


def test_verify_signature_takes_parts() -> None:
    verifier = make_verifier("standard_webhooks")
    signature = verifier.sign(BODY, message_id="msg_1", timestamp=NOW)
    verifier.verify_signature(BODY, signature, message_id="msg_1", timestamp=NOW)
    verifier.verify_signature(BODY, signature, message_id="msg_1", timestamp=str(NOW))
    with pytest.raises(guard.MissingSignature, match="webhook-id"):
        verifier.verify_signature(BODY, signature, timestamp=NOW)
    with pytest.raises(guard.ArgumentTypeError, match="timestamp"):
        verifier.verify_signature(BODY, signature, message_id="m", timestamp=1.5)  # type: ignore[arg-type]


def test_sign_needs_message_id_for_standard_webhooks() -> None:
    with pytest.raises(guard.ConfigurationError, match="message_id="):
        make_verifier("standard_webhooks").sign(BODY)


@pytest.mark.parametrize(
    ("timestamp", "error", "message"),
    [
        (-5, guard.ConfigurationError, "negative"),
        (2**70, guard.ConfigurationError, "out of range"),
        ("123", guard.ArgumentTypeError, "not a str"),
        (1.5, guard.ArgumentTypeError, "not a float"),
        (True, guard.ArgumentTypeError, "not a bool"),
    ],
)
def test_sign_rejects_bad_timestamps(
    timestamp: object, error: type[guard.GuardError], message: str
) -> None:
    with pytest.raises(error, match=message):
        make_verifier("stripe").sign(BODY, timestamp=timestamp)  # type: ignore[arg-type]


def test_svix_header_names_are_read() -> None:
    # The svix package checks the timestamp against the real clock.
    verifier = guard.Verifier([STANDARD_SECRET], "standard_webhooks")
    headers = verifier.sign_headers(BODY, message_id="msg_1")
    svix_headers = {name.replace("webhook-", "svix-"): value for name, value in headers.items()}
    verifier.verify(BODY, svix_headers)
    reference = svix.webhooks.Webhook(STANDARD_SECRET)
    reference.verify(BODY, svix_headers)


def test_fractional_clock_is_not_rounded() -> None:
    headers = make_verifier("stripe").sign_headers(BODY, timestamp=NOW)
    make_verifier("stripe", clock=fixed_clock(NOW + 299.5)).verify(BODY, headers)
    with pytest.raises(guard.TimestampOutOfTolerance, match="301 seconds behind"):
        make_verifier("stripe", clock=fixed_clock(NOW + 300.5)).verify(BODY, headers)


def test_copies_are_the_same_verifier() -> None:
    verifier = guard.Verifier([KEY])
    assert copy.copy(verifier) is verifier
    assert copy.deepcopy(verifier) is verifier


def test_rotation_accepts_either_key() -> None:
    both = guard.Verifier([KEY, PREVIOUS_KEY])
    both.verify_signature(BODY, guard.Verifier([PREVIOUS_KEY]).sign(BODY))
    both.verify_signature(BODY, guard.Verifier([KEY]).sign(BODY))
    assert both.sign(BODY) == guard.Verifier([KEY]).sign(BODY)
    assert both.key_count == 2


@pytest.mark.parametrize(
    "wrap",
    [
        bytes,
        bytearray,
        memoryview,
        lambda body: memoryview(body).cast("b"),
        lambda body: array.array("B", body),
        lambda body: memoryview(body)[::1],
    ],
    ids=["bytes", "bytearray", "memoryview", "signed-memoryview", "array", "slice"],
)
def test_buffer_bodies_verify(wrap: Callable[[bytes], Any]) -> None:
    verifier = guard.Verifier([KEY])
    verifier.verify_signature(wrap(BODY), verifier.sign(BODY))
    assert verifier.sign(wrap(BODY)) == verifier.sign(BODY)


def test_non_utf8_body_verifies() -> None:
    body = b"\xff\xfe\x00binary\x80"
    for scheme in SECRETS:
        verifier = make_verifier(scheme)
        verifier.verify(body, verifier.sign_headers(body, message_id="msg_1"))


def test_large_body_verifies_with_gil_released() -> None:
    body = b"x" * (3 * 1024 * 1024)
    verifier = guard.Verifier([KEY])
    verifier.verify_signature(body, stdlib_signature(KEY.encode(), body))


def test_str_body_is_rejected_with_hint() -> None:
    verifier = guard.Verifier([KEY])
    with pytest.raises(guard.BodyTypeError, match=r"request\.get_data\(\)") as caught:
        verifier.verify(BODY.decode(), {"CustomBooks-Signature": verifier.sign(BODY)})  # type: ignore[arg-type]
    assert isinstance(caught.value, TypeError)
    assert "request.body" in str(caught.value)


def test_non_buffer_body_is_rejected() -> None:
    with pytest.raises(guard.BodyTypeError, match="not bytes"):
        guard.Verifier([KEY]).verify_signature(12345, "x")  # type: ignore[arg-type]


def test_headers_must_be_a_mapping() -> None:
    with pytest.raises(guard.ArgumentTypeError, match="not a mapping"):
        guard.Verifier([KEY]).verify(BODY, ["CustomBooks-Signature"])  # type: ignore[arg-type]


@pytest.mark.parametrize("headers", [{}, {"CustomBooks-Signature": ""}, {"Other": "x"}])
def test_missing_signature(headers: dict[str, str]) -> None:
    with pytest.raises(guard.MissingSignature, match="CustomBooks-Signature"):
        guard.Verifier([KEY]).verify(BODY, headers)


@pytest.mark.parametrize(
    ("scheme", "signature", "reason"),
    [
        ("custombooks", "not*base64!", "not valid padded Base64"),
        ("custombooks", "c2hvcnQ=", "5 bytes instead of 32"),
        ("custombooks", stdlib_signature(KEY.encode(), BODY).rstrip("="), "Base64"),
        ("custombooks", "A" * 5000, "over the limit of 4096"),
        ("github", "0" * 64, "does not start with sha256="),
        ("github", "sha256=" + "A" * 64, "not lower-case hex"),
        ("stripe", "v1=" + "0" * 64, "no t= timestamp"),
        ("stripe", "t=1,t=2,v1=00", "more than one t= timestamp"),
        ("stripe", "nonsense", "key=value"),
    ],
)
def test_malformed_signature(scheme: str, signature: str, reason: str) -> None:
    with pytest.raises(guard.MalformedSignature, match=reason):
        make_verifier(scheme).verify_signature(BODY, signature)


def test_mac_prefixes_never_pass() -> None:
    verifier = guard.Verifier([KEY])
    mac = stdlib_mac(KEY.encode(), BODY)
    for length in (0, 16, 31):
        with pytest.raises(guard.SignatureError):
            verifier.verify_signature(BODY, base64.b64encode(mac[:length]).decode())


def test_mismatch_message_gives_rotation_hint() -> None:
    signature = guard.Verifier([PREVIOUS_KEY]).sign(BODY)
    with pytest.raises(guard.SignatureMismatch, match="previous key") as caught:
        guard.Verifier([KEY]).verify_signature(BODY, signature)
    assert isinstance(caught.value, guard.SignatureError)
    assert isinstance(caught.value, ValueError)
    assert caught.value.http_status == 401


@pytest.mark.parametrize(
    ("secrets", "scheme", "message"),
    [
        ([], "custombooks", "no secret key"),
        ([""], "custombooks", "number 1 is empty"),
        ([KEY, " padded"], "custombooks", "number 2 starts or ends with whitespace"),
        ([KEY + "\n"], "custombooks", "whitespace"),
        (KEY, "custombooks", "not a single key"),
        (KEY.encode(), "custombooks", "not a single key"),
        ([KEY, 42], "custombooks", "number 2 is an int"),
        (None, "custombooks", "not a NoneType"),
        ([b""], "custombooks", "number 1 is empty"),
        ([KEY], "svix", "unknown signature scheme 'svix'"),
        (["sk_live_123"], "stripe", "does not start with whsec_"),
        (["MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"], "standard_webhooks", "whsec_"),
        (["whsec_%%%"], "standard_webhooks", "not valid Base64"),
    ],
)
def test_bad_secrets_raise_configuration_error(secrets: object, scheme: str, message: str) -> None:
    with pytest.raises(guard.ConfigurationError, match=message) as caught:
        guard.Verifier(secrets, scheme)  # type: ignore[arg-type]
    assert KEY not in str(caught.value)


@pytest.mark.parametrize("tolerance", [-1, 1.5, "300", 2**70, True])
def test_bad_tolerance_raises_configuration_error(tolerance: object) -> None:
    with pytest.raises(guard.ConfigurationError, match="tolerance must be an int"):
        guard.Verifier([KEY], tolerance=tolerance)  # type: ignore[arg-type]


@pytest.mark.parametrize("scheme", [3, b"stripe", ["stripe"]])
def test_bad_scheme_type_raises_configuration_error(scheme: object) -> None:
    with pytest.raises(guard.ConfigurationError, match="scheme must be a str"):
        guard.Verifier([KEY], scheme)  # type: ignore[arg-type]


def test_bad_options_raise_configuration_error() -> None:
    with pytest.raises(guard.ConfigurationError, match="clock must be a function"):
        guard.Verifier([KEY], clock=12)  # type: ignore[arg-type]
    broken = guard.Verifier([STRIPE_SECRET], "stripe", clock=lambda: "noon")  # type: ignore[arg-type,return-value]
    with pytest.raises(guard.ConfigurationError, match="clock returned a str"):
        broken.sign(BODY)
    infinite = guard.Verifier([STRIPE_SECRET], "stripe", clock=lambda: float("inf"))
    with pytest.raises(guard.ConfigurationError, match="not finite"):
        infinite.sign(BODY)


def test_raw_key_bytes_are_used_as_is() -> None:
    key = b"\x0c" * 20
    verifier = guard.Verifier([key], "standard_webhooks")
    encoded = "whsec_" + base64.b64encode(key).decode()
    same = guard.Verifier([encoded], "standard_webhooks")
    assert verifier.sign(BODY, message_id="m", timestamp=NOW) == same.sign(
        BODY, message_id="m", timestamp=NOW
    )


def test_repr_and_errors_never_show_keys_or_macs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    shown: list[str] = []
    for scheme, secret in SECRETS.items():
        verifier = make_verifier(scheme)
        headers = verifier.sign_headers(BODY, message_id="msg_1")
        shown.append(repr(verifier))
        late = make_verifier(scheme, clock=fixed_clock(NOW + 10_000))
        attempts = [
            (verifier, b"tampered", headers),
            (verifier, BODY, {}),
        ]
        if scheme in ("stripe", "standard_webhooks"):
            attempts.append((late, BODY, headers))
        for attempt_verifier, attempt_body, attempt_headers in attempts:
            with pytest.raises(guard.SignatureError) as caught:
                attempt_verifier.verify(attempt_body, attempt_headers)
            shown.extend([str(caught.value), repr(caught.value)])
        for text in shown:
            assert secret not in text, scheme
            for value in headers.values():
                if value not in ("msg_1", str(NOW)):
                    assert value not in text, scheme
    shown.extend(record.getMessage() for record in caplog.records)
    assert all(KEY not in text for text in shown)


def test_one_verifier_serves_many_threads() -> None:
    verifier = guard.Verifier([KEY, PREVIOUS_KEY])
    bodies = [BODY, b"x" * 100_000, b"y" * 2_000_000]
    signatures = [stdlib_signature(KEY.encode(), body) for body in bodies]
    failures: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(30):
                for body, signature in zip(bodies, signatures, strict=True):
                    verifier.verify_signature(body, signature)
                    assert verifier.sign(body) == signature
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_rfc4231_vectors() -> None:
    vectors = json.loads(shared_path("vectors/rfc4231-hmac-sha256.json").read_text())
    assert len(vectors["cases"]) == 7
    for case in vectors["cases"]:
        verifier = guard.Verifier([bytes.fromhex(case["key_hex"])])
        data = bytes.fromhex(case["data_hex"])
        signature = base64.b64encode(bytes.fromhex(case["hmac_sha256_hex"])).decode()
        if case["truncated_bits"] is None:
            assert verifier.sign(data) == signature, case["case"]
            verifier.verify_signature(data, signature)
        else:
            with pytest.raises(guard.MalformedSignature):
                verifier.verify_signature(data, signature)


def test_wycheproof_vectors() -> None:
    vectors = json.loads(shared_path("vectors/wycheproof-hmac-sha256.json").read_text())
    checked = 0
    for group in vectors["testGroups"]:
        for case in group["tests"]:
            verifier = guard.Verifier([bytes.fromhex(case["key"])])
            message = bytes.fromhex(case["msg"])
            signature = base64.b64encode(bytes.fromhex(case["tag"])).decode()
            valid = group["tagSize"] == 256 and case["result"] == "valid"
            if valid:
                verifier.verify_signature(message, signature)
            else:
                with pytest.raises(guard.SignatureError):
                    verifier.verify_signature(message, signature)
            checked += 1
    assert checked == 174
