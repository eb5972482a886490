"""``Webhook(preset="quickbooks")``: QuickBooks Online deliveries verified, parsed and redacted.

Every delivery is signed with the library's own ``Verifier(..., "quickbooks")``, which writes the
``intuit-signature`` header as QuickBooks Online does: Base64 HMAC-SHA256 of the raw body, keyed
with the verifier token.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from _quickbooks import CLOUD_EVENT, LEGACY, PII_VALUES, encode

import custombooks_guard as guard

VERIFIER_TOKEN = "qbo-verifier-token-7c1e4a90-5b2d-4f6e-a3c8"
OTHER_TOKEN = "qbo-verifier-token-00000000-0000-4000-8000"
CUSTOMBOOKS_KEY = "w8Yb3kq2TzR6mHc1NvLp0XeA4sDfGjUi"


CUSTOMBOOKS_BODY = {
    "webhookVersion": "2.1",
    "events": [
        {
            "specversion": "1.0",
            "id": "evt_1",
            "source": "custombooks/company/9130354821245106",
            "type": "custombooks.customer.updated",
            "time": "2026-11-30T22:42:19Z",
            "subject": "Customer/58",
            "companyId": "9130354821245106",
            "sequence": 7,
            "data": {"entity": "Customer", "id": "58", "operation": "Update"},
        }
    ],
}

ENVELOPE_FIELDS = (
    "id",
    "type",
    "entity",
    "entity_id",
    "operation",
    "company_id",
    "occurred_at",
    "version",
    "sequence",
    "deleted_id",
    "changed_fields",
)


def quickbooks_headers(body: bytes, token: str = VERIFIER_TOKEN) -> dict[str, str]:
    return guard.Verifier([token], "quickbooks").sign_headers(body)


def custombooks_headers(body: bytes) -> dict[str, str]:
    return guard.Verifier([CUSTOMBOOKS_KEY]).sign_headers(body)


def quickbooks_webhook(**options: Any) -> guard.Webhook:
    return guard.Webhook([VERIFIER_TOKEN], preset="quickbooks", **options)


def assert_message_is_clean(error: BaseException, body: bytes, headers: dict[str, str]) -> None:
    """Check that ``error`` quotes no token, signature or PII from the delivery."""
    message = str(error)
    for secret in (VERIFIER_TOKEN, OTHER_TOKEN, CUSTOMBOOKS_KEY):
        assert secret not in message
    for value in headers.values():
        assert value not in message
    for value in PII_VALUES:
        assert value not in message
    assert body.decode() not in message


def test_sign_headers_use_intuit_signature() -> None:
    headers = quickbooks_headers(b"[]")
    assert list(headers) == ["intuit-signature"]


@pytest.mark.parametrize("payload", [LEGACY, [CLOUD_EVENT]], ids=["legacy", "cloudevents"])
def test_receive_gives_parse_webhook_events(payload: object) -> None:
    body = encode(payload)
    received = quickbooks_webhook(redact=False).receive(body, quickbooks_headers(body))
    parsed = guard.parse_webhook(body, preset="quickbooks")

    assert (received.version, received.version_inferred) == ("1.0", True)
    assert received.newer_minor is False
    assert len(received) == len(parsed)
    for got, expected in zip(received.events, parsed.events, strict=True):
        for field in ENVELOPE_FIELDS:
            assert getattr(got, field) == getattr(expected, field), field
        assert got.data == expected.data
        assert got.extra == expected.extra
    assert received.extra == parsed.extra


def test_receive_legacy_format_fields() -> None:
    body = encode(LEGACY)
    customer, invoice = quickbooks_webhook().receive(body, quickbooks_headers(body)).events

    assert customer.type == "qbo.customer.updated.v1"
    assert invoice.type == "qbo.invoice.created.v1"
    assert customer.entity_id == "58"
    assert customer.company_id == "1185883450"
    assert customer.occurred_at.isoformat() == "2025-09-10T14:31:25-07:00"


def test_receive_redacts_cloud_event_data() -> None:
    body = encode([CLOUD_EVENT])
    event = quickbooks_webhook().receive(body, quickbooks_headers(body)).events[0]

    stored = json.dumps(event.data)
    for value in PII_VALUES:
        assert value not in stored
    assert event.data["DisplayName"] == "[PERSON]"
    assert event.data["PrimaryEmailAddr"]["Address"] == "[EMAIL_ADDRESS]"
    assert event.data["Balance"] == 1520.75
    # Routing members are not PII and stay as sent.
    assert event.extra["source"] == CLOUD_EVENT["source"]
    assert event.company_id == "1185883450"


def test_receive_redacts_unknown_members() -> None:
    event = {**CLOUD_EVENT, "note": "call maria.lopez@example.com"}
    body = encode([event])

    received = quickbooks_webhook().receive(body, quickbooks_headers(body)).events[0]

    assert received.extra["note"] == "call [EMAIL_ADDRESS]"


def test_receive_with_custom_redactor() -> None:
    redactor = guard.Redactor(operators={"EMAIL_ADDRESS": ("replace", "<email>")})
    body = encode([CLOUD_EVENT])

    event = quickbooks_webhook(redactor=redactor).receive(body, quickbooks_headers(body)).events[0]

    assert event.data["PrimaryEmailAddr"]["Address"] == "<email>"
    assert event.data["DisplayName"] == "[PERSON]"


def test_header_name_is_case_insensitive() -> None:
    body = encode([CLOUD_EVENT])
    signature = quickbooks_headers(body)["intuit-signature"]

    delivery = quickbooks_webhook().receive(body, {"Intuit-Signature": signature})

    assert delivery.events[0].entity == "Customer"


def test_tampered_body_is_rejected() -> None:
    body = encode([CLOUD_EVENT])
    headers = quickbooks_headers(body)
    tampered = body.replace(b"Maria Lopez", b"Mario Lopez")

    with pytest.raises(guard.SignatureMismatch, match="intuit-signature") as caught:
        quickbooks_webhook().receive(tampered, headers)
    assert_message_is_clean(caught.value, tampered, headers)
    assert "Mario" not in str(caught.value)


def test_tampered_signature_is_rejected() -> None:
    body = encode(LEGACY)
    signature = quickbooks_headers(body)["intuit-signature"]
    # Changing the first character keeps valid Base64 of the same length.
    tampered = ("B" if signature[0] == "A" else "A") + signature[1:]
    headers = {"intuit-signature": tampered}

    with pytest.raises(guard.SignatureMismatch) as caught:
        quickbooks_webhook().receive(body, headers)
    assert_message_is_clean(caught.value, body, headers)


def test_malformed_signature_is_rejected() -> None:
    body = encode(LEGACY)
    headers = {"intuit-signature": "not base64!"}

    with pytest.raises(guard.MalformedSignature, match="intuit-signature") as caught:
        quickbooks_webhook().receive(body, headers)
    assert_message_is_clean(caught.value, body, headers)


def test_wrong_token_is_rejected() -> None:
    body = encode([CLOUD_EVENT])
    headers = quickbooks_headers(body, token=OTHER_TOKEN)

    with pytest.raises(guard.SignatureMismatch, match="1 configured secret") as caught:
        quickbooks_webhook().receive(body, headers)
    assert_message_is_clean(caught.value, body, headers)


def test_previous_token_is_accepted() -> None:
    body = encode([CLOUD_EVENT])
    webhook = guard.Webhook([OTHER_TOKEN, VERIFIER_TOKEN], preset="quickbooks")

    delivery = webhook.receive(body, quickbooks_headers(body, token=VERIFIER_TOKEN))

    assert len(delivery) == 1


def test_missing_signature_is_rejected() -> None:
    with pytest.raises(guard.MissingSignature, match="intuit-signature header is missing"):
        quickbooks_webhook().receive(encode(LEGACY), {"Content-Type": "application/json"})


def test_bad_json_after_valid_signature() -> None:
    body = b'[{"id": "maria.lopez@example.com", '
    headers = quickbooks_headers(body)

    with pytest.raises(guard.InvalidJson) as caught:
        quickbooks_webhook().receive(body, headers)
    assert (caught.value.line, caught.value.column) == (1, 35)
    assert_message_is_clean(caught.value, body, headers)
    assert "maria.lopez" not in str(caught.value)


def test_bad_json_with_bad_signature_reports_signature() -> None:
    # Nothing is parsed before the signature check passes.
    with pytest.raises(guard.SignatureMismatch):
        quickbooks_webhook().receive(b"{not json", quickbooks_headers(b"{}"))


def test_custombooks_body_to_quickbooks_webhook() -> None:
    body = encode(CUSTOMBOOKS_BODY)
    headers = quickbooks_headers(body)

    with pytest.raises(guard.InvalidPayload, match='preset="custombooks"') as caught:
        quickbooks_webhook().receive(body, headers)
    assert "it has webhookVersion" in str(caught.value)
    assert_message_is_clean(caught.value, body, headers)


def test_custombooks_delivery_to_quickbooks_webhook() -> None:
    body = encode(CUSTOMBOOKS_BODY)
    headers = custombooks_headers(body)

    with pytest.raises(guard.MissingSignature) as caught:
        quickbooks_webhook().receive(body, headers)
    message = str(caught.value)
    assert "intuit-signature header is missing" in message
    assert "CustomBooks-Signature header" in message
    assert 'preset="custombooks"' in message
    assert_message_is_clean(caught.value, body, headers)


def test_quickbooks_delivery_to_custombooks_webhook() -> None:
    body = encode([CLOUD_EVENT])
    headers = quickbooks_headers(body)

    with pytest.raises(guard.MissingSignature) as caught:
        guard.Webhook([CUSTOMBOOKS_KEY]).receive(body, headers)
    message = str(caught.value)
    assert "CustomBooks-Signature header is missing" in message
    assert "carries the intuit-signature header that QuickBooks Online signs" in message
    assert " a intuit" not in message
    assert 'preset="quickbooks"' in message
    assert_message_is_clean(caught.value, body, headers)


def test_cloud_events_body_to_custombooks_webhook() -> None:
    body = encode([CLOUD_EVENT])
    headers = custombooks_headers(body)

    with pytest.raises(guard.InvalidPayload, match='preset="quickbooks"') as caught:
        guard.Webhook([CUSTOMBOOKS_KEY]).receive(body, headers)
    assert "not an array" in str(caught.value)
    assert_message_is_clean(caught.value, body, headers)


def test_both_signature_headers_use_own_scheme() -> None:
    body = encode([CLOUD_EVENT])
    headers = {**custombooks_headers(body), **quickbooks_headers(body, token=OTHER_TOKEN)}

    # The request has both headers: only intuit-signature is read, and its token is wrong.
    with pytest.raises(guard.SignatureMismatch, match="intuit-signature"):
        quickbooks_webhook().receive(body, headers)


@pytest.mark.parametrize(
    ("option", "value", "setting"),
    [
        ("max_events", 1, "max_events"),
        ("max_body_bytes", 64, "max_body_bytes"),
        ("max_depth", 2, "max_depth"),
        ("max_string_bytes", 8, "max_string_bytes"),
    ],
)
def test_limits_apply(option: str, value: int, setting: str) -> None:
    body = encode([CLOUD_EVENT, {**CLOUD_EVENT, "id": "second"}])

    with pytest.raises(guard.PayloadTooLarge) as caught:
        quickbooks_webhook(**{option: value}).receive(body, quickbooks_headers(body))
    assert caught.value.setting == setting


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"preset": "xero"}, 'preset is "xero"'),
        ({"preset": "QuickBooks"}, 'preset is "QuickBooks"'),
        ({"preset": 1}, "preset must be a str"),
        ({"preset": "quickbooks", "policy": guard.VersionPolicy()}, "drop policy"),
        (
            {"preset": "quickbooks", "infer_missing_version": False},
            "drop infer_missing_version",
        ),
    ],
)
def test_invalid_preset_options_raise(options: dict[str, Any], message: str) -> None:
    with pytest.raises(guard.ConfigurationError, match=message) as caught:
        guard.Webhook([VERIFIER_TOKEN], **options)
    assert VERIFIER_TOKEN not in str(caught.value)


@pytest.mark.parametrize("secrets", [[], [""], [" padded-token "], "single-token"])
def test_invalid_tokens_raise(secrets: object) -> None:
    with pytest.raises(guard.ConfigurationError) as caught:
        guard.Webhook(secrets, preset="quickbooks")  # type: ignore[arg-type]
    assert "padded-token" not in str(caught.value)
    assert "single-token" not in str(caught.value)


def test_preset_none_is_custombooks_receiver() -> None:
    webhook = guard.Webhook([CUSTOMBOOKS_KEY], preset=None)
    body = encode(CUSTOMBOOKS_BODY)

    assert webhook.preset == "custombooks"
    assert webhook.receive(body, custombooks_headers(body)).version == "2.1"


def test_preset_properties_and_repr() -> None:
    webhook = guard.Webhook([VERIFIER_TOKEN, OTHER_TOKEN], preset="quickbooks")

    assert webhook.preset == "quickbooks"
    assert webhook.signature_header == "intuit-signature"
    assert repr(webhook) == "Webhook(preset='quickbooks', keys=2)"
    assert VERIFIER_TOKEN not in repr(webhook)


def test_default_preset_is_custombooks() -> None:
    webhook = guard.Webhook([CUSTOMBOOKS_KEY])
    body = encode(CUSTOMBOOKS_BODY)

    assert webhook.preset == "custombooks"
    assert webhook.signature_header == guard.SIGNATURE_HEADER
    assert repr(webhook) == "Webhook(preset='custombooks', keys=1)"
    assert webhook.receive(body, custombooks_headers(body)).version == "2.1"


def test_webhook_sign_matches_verifier() -> None:
    body = encode(LEGACY)
    webhook = quickbooks_webhook()

    signature = webhook.sign(body)

    assert signature == quickbooks_headers(body)["intuit-signature"]
    assert len(webhook.receive(body, {webhook.signature_header: signature})) == 2


def test_rejections_log_nothing(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    body = encode([CLOUD_EVENT])
    webhook = quickbooks_webhook()

    for headers in (quickbooks_headers(body, token=OTHER_TOKEN), custombooks_headers(body), {}):
        with pytest.raises(guard.SignatureError):
            webhook.receive(body, headers)

    # The native receiver does not log; the framework wrappers log rejections.
    assert caplog.records == []


def test_legacy_body_signed_for_custombooks() -> None:
    # With RFC 3339 times the legacy QuickBooks shape is the CustomBooks 1.x shape, so an
    # authentic CustomBooks signature makes it a CustomBooks 1.x delivery.
    body = encode(LEGACY).replace(b"-0700", b"-07:00")
    compact = encode(LEGACY)
    webhook = guard.Webhook([CUSTOMBOOKS_KEY])

    delivery = webhook.receive(body, custombooks_headers(body))

    assert (delivery.version, delivery.version_inferred) == ("1.0", True)
    assert delivery.events[0].type == "custombooks.customer.updated"
    with pytest.raises(guard.InvalidPayload, match="lastUpdated is"):
        webhook.receive(compact, custombooks_headers(compact))
