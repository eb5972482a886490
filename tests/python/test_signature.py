"""Signature verification and signing through the Python API."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging

import custombooks_guard as guard
import pytest
from _shared import shared_path
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.datastructures import EnvironHeaders, Headers

KEY = "C8FJowoRoWD8s7bA16J7PglOU3shVv5UTG79BG16"
PREVIOUS_KEY = "QJM9UayY20948VGZiHXJnB8dE3xKJm8GAF0wAwaI"
BODY = b'{"webhookVersion": "2.1", "events": []}'


def stdlib_signature(key: bytes, body: bytes) -> str:
    return base64.b64encode(hmac.new(key, body, hashlib.sha256).digest()).decode()


def test_sign_matches_stdlib() -> None:
    assert guard.Verifier([KEY]).sign(BODY) == stdlib_signature(KEY.encode(), BODY)


@given(key=st.binary(min_size=1, max_size=200), body=st.binary(max_size=4096))
def test_sign_and_verify_agree_with_stdlib(key: bytes, body: bytes) -> None:
    verifier = guard.Verifier([key])
    signature = stdlib_signature(key, body)
    assert verifier.sign(body) == signature
    verifier.verify_signature(body, signature)


@given(body=st.binary(min_size=1, max_size=512), data=st.data())
def test_any_body_bit_flip_is_rejected(body: bytes, data: st.DataObject) -> None:
    verifier = guard.Verifier([KEY])
    signature = verifier.sign(body)
    bit = data.draw(st.integers(min_value=0, max_value=len(body) * 8 - 1))
    flipped = bytearray(body)
    flipped[bit // 8] ^= 1 << (bit % 8)
    with pytest.raises(guard.SignatureMismatch):
        verifier.verify_signature(bytes(flipped), signature)


def test_rotation_accepts_either_key() -> None:
    both = guard.Verifier([KEY, PREVIOUS_KEY])
    both.verify_signature(BODY, guard.Verifier([PREVIOUS_KEY]).sign(BODY))
    both.verify_signature(BODY, guard.Verifier([KEY]).sign(BODY))
    assert both.sign(BODY) == guard.Verifier([KEY]).sign(BODY)
    assert both.key_count == 2


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param({"CustomBooks-Signature": "{sig}"}, id="title-case"),
        pytest.param({"custombooks-signature": "{sig}"}, id="lower-case"),
        pytest.param({"CUSTOMBOOKS-SIGNATURE": "{sig}"}, id="upper-case"),
        pytest.param({"HTTP_CUSTOMBOOKS_SIGNATURE": "{sig}"}, id="wsgi-environ"),
    ],
)
def test_header_lookup_variants(headers: dict[str, str]) -> None:
    verifier = guard.Verifier([KEY])
    signature = verifier.sign(BODY)
    verifier.verify(BODY, {name: value.format(sig=signature) for name, value in headers.items()})


def test_werkzeug_headers_are_read() -> None:
    verifier = guard.Verifier([KEY])
    signature = verifier.sign(BODY)
    verifier.verify(BODY, Headers([("customBooks-signature", signature)]))
    environ = {"HTTP_CUSTOMBOOKS_SIGNATURE": signature, "CONTENT_TYPE": "application/json"}
    verifier.verify(BODY, EnvironHeaders(environ))


@pytest.mark.parametrize("wrap", [bytes, bytearray, memoryview], ids=lambda kind: kind.__name__)
def test_buffer_bodies_verify(wrap: type) -> None:
    verifier = guard.Verifier([KEY])
    verifier.verify_signature(wrap(BODY), verifier.sign(BODY))
    assert verifier.sign(wrap(BODY)) == verifier.sign(BODY)


def test_non_utf8_body_verifies() -> None:
    body = b"\xff\xfe\x00binary\x80"
    verifier = guard.Verifier([KEY])
    verifier.verify_signature(body, verifier.sign(body))


def test_large_body_verifies() -> None:
    body = b"x" * (3 * 1024 * 1024)
    verifier = guard.Verifier([KEY])
    verifier.verify_signature(body, stdlib_signature(KEY.encode(), body))


def test_str_body_is_rejected_with_hint() -> None:
    verifier = guard.Verifier([KEY])
    with pytest.raises(guard.BodyTypeError, match=r"request\.get_data\(\)") as caught:
        verifier.verify(BODY.decode(), {"CustomBooks-Signature": verifier.sign(BODY)})
    assert isinstance(caught.value, TypeError)
    assert "request.body" in str(caught.value)


def test_non_buffer_body_is_rejected() -> None:
    with pytest.raises(guard.BodyTypeError, match="not bytes"):
        guard.Verifier([KEY]).verify_signature(12345, "x")  # type: ignore[arg-type]


def test_headers_must_be_a_mapping() -> None:
    with pytest.raises(guard.BodyTypeError, match="not a mapping"):
        guard.Verifier([KEY]).verify(BODY, ["CustomBooks-Signature"])  # type: ignore[arg-type]


@pytest.mark.parametrize("headers", [{}, {"CustomBooks-Signature": ""}, {"Other": "x"}])
def test_missing_signature(headers: dict[str, str]) -> None:
    with pytest.raises(guard.MissingSignature, match="CustomBooks-Signature"):
        guard.Verifier([KEY]).verify(BODY, headers)


@pytest.mark.parametrize(
    ("signature", "reason"),
    [
        ("not*base64!", "not valid Base64"),
        ("c2hvcnQ=", "decodes to 5 bytes instead of 32"),
        (stdlib_signature(KEY.encode(), BODY).rstrip("="), "not valid Base64"),
    ],
)
def test_malformed_signature(signature: str, reason: str) -> None:
    with pytest.raises(guard.MalformedSignature, match=reason):
        guard.Verifier([KEY]).verify_signature(BODY, signature)


def test_mismatch_message_gives_rotation_hint() -> None:
    signature = guard.Verifier([PREVIOUS_KEY]).sign(BODY)
    with pytest.raises(guard.SignatureMismatch, match="previous key") as caught:
        guard.Verifier([KEY]).verify_signature(BODY, signature)
    assert isinstance(caught.value, guard.SignatureError)
    assert isinstance(caught.value, ValueError)
    assert caught.value.http_status == 401


@pytest.mark.parametrize(
    ("secrets", "message"),
    [
        ([], "no Signature Secret Key"),
        ([""], "number 1 is empty"),
        ([KEY, " padded"], "number 2 starts or ends with whitespace"),
        ([KEY + "\n"], "whitespace"),
        (KEY, "not a single key"),
        (KEY.encode(), "not a single key"),
        ([KEY, 42], "number 2 is a int"),
        (None, "not a NoneType"),
    ],
)
def test_bad_secrets_raise_configuration_error(secrets: object, message: str) -> None:
    with pytest.raises(guard.ConfigurationError, match=message) as caught:
        guard.Verifier(secrets)  # type: ignore[arg-type]
    assert KEY not in str(caught.value)


def test_repr_and_errors_never_show_keys_or_macs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    verifier = guard.Verifier([KEY, PREVIOUS_KEY])
    signature = verifier.sign(BODY)
    shown = [repr(verifier), repr(guard.Webhook([KEY]))]
    for bad in [signature[:-4] + "AAA=", "c2hvcnQ=", ""]:
        with pytest.raises(guard.SignatureError) as caught:
            verifier.verify_signature(b"tampered", bad or None)
        shown.append(str(caught.value))
        shown.append(repr(caught.value))
    shown.extend(record.getMessage() for record in caplog.records)
    for text in shown:
        assert KEY not in text
        assert PREVIOUS_KEY not in text
        assert signature not in text


def test_rfc4231_vectors() -> None:
    vectors = json.loads(shared_path("vectors/rfc4231-hmac-sha256.json").read_text())
    assert len(vectors["cases"]) == 7
    for case in vectors["cases"]:
        verifier = guard.Verifier([bytes.fromhex(case["key_hex"])])
        data = bytes.fromhex(case["data_hex"])
        tag = bytes.fromhex(case["hmac_sha256_hex"])
        signature = base64.b64encode(tag).decode()
        if case["truncated_bits"] is None:
            assert verifier.sign(data) == signature, case["case"]
            verifier.verify_signature(data, signature)
        else:
            with pytest.raises(guard.MalformedSignature):
                verifier.verify_signature(data, signature)
