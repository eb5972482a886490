"""``Webhook.receive``: verify, then parse, then redact, in one call."""

from __future__ import annotations

import json
import threading
from typing import Any

import pytest

import custombooks_guard as guard

KEY = "w8Yb3kq2TzR6mHc1NvLp0XeA4sDfGjUi"
PREVIOUS_KEY = "Pq7Ls2Wd9Kx4Vb1Nm6Ht3Ry8Ju5Zc0Ag"

CUSTOMER = {
    "Id": "58",
    "DisplayName": "Maria Lopez",
    "GivenName": "Maria",
    "FamilyName": "Lopez",
    "CompanyName": "Lopez Landscaping LLC",
    "PrimaryEmailAddr": {"Address": "maria.lopez@example.com"},
    "PrimaryPhone": {"FreeFormNumber": "(415) 555-0134"},
    "BillAddr": {
        "Line1": "1200 Harbor Way",
        "City": "Oakland",
        "CountrySubDivisionCode": "CA",
        "PostalCode": "94607",
        "Country": "US",
    },
    "TaxIdentifier": "123-45-6789",
    "Notes": (
        "Prefers calls after 5pm. Card on file 4111 1111 1111 1111. Backup mail m.l@example.org"
    ),
    "Balance": 1520.75,
}
PII_VALUES = [
    "Maria",
    "Lopez",
    "maria.lopez@example.com",
    "(415) 555-0134",
    "1200 Harbor Way",
    "Oakland",
    "94607",
    "123-45-6789",
    "4111 1111 1111 1111",
    "m.l@example.org",
]


def delivery_body(**customer_changes: Any) -> bytes:
    event = {
        "specversion": "1.0",
        "id": "evt_1",
        "source": "custombooks/company/9130354821245106",
        "type": "custombooks.customer.updated",
        "time": "2026-11-30T22:42:19Z",
        "subject": "Customer/58",
        "companyId": "9130354821245106",
        "sequence": 7,
        "data": {
            "entity": "Customer",
            "id": "58",
            "operation": "Update",
            "Customer": {**CUSTOMER, **customer_changes},
        },
    }
    return json.dumps({"webhookVersion": "2.1", "events": [event]}).encode()


def signed(body: bytes, key: str = KEY) -> dict[str, str]:
    return {"CustomBooks-Signature": guard.Verifier([key]).sign(body)}


def test_receive_redacts_event_data() -> None:
    body = delivery_body()
    delivery = guard.Webhook([KEY]).receive(body, signed(body))
    customer = delivery.events[0].data["Customer"]
    stored = json.dumps(delivery.events[0].data)
    for value in PII_VALUES:
        assert value not in stored, value
    assert customer["DisplayName"] == "[PERSON]"
    assert customer["PrimaryEmailAddr"]["Address"] == "[EMAIL_ADDRESS]"
    assert "[CREDIT_CARD]" in customer["Notes"]
    assert customer["Balance"] == 1520.75
    assert customer["Id"] == "58"
    assert delivery.events[0].extra["source"] == "custombooks/company/9130354821245106"


def test_receive_without_redaction_keeps_data() -> None:
    body = delivery_body()
    delivery = guard.Webhook([KEY], redact=False).receive(body, signed(body))
    assert delivery.events[0].data["Customer"]["DisplayName"] == "Maria Lopez"


def test_redactor_and_redact_false_conflict() -> None:
    with pytest.raises(guard.ConfigurationError, match="one or the other"):
        guard.Webhook([KEY], redactor=guard.Redactor(), redact=False)


def test_rotated_key_is_accepted() -> None:
    body = delivery_body()
    webhook = guard.Webhook([KEY, PREVIOUS_KEY])
    assert len(webhook.receive(body, signed(body, PREVIOUS_KEY)).events) == 1


def test_signature_is_checked_before_parsing() -> None:
    webhook = guard.Webhook([KEY])
    with pytest.raises(guard.SignatureMismatch):
        webhook.receive(b"not json at all", signed(b"other body"))
    with pytest.raises(guard.MissingSignature):
        webhook.receive(b'{"webhookVersion": "9.0"}', {})


def test_bad_json_after_valid_signature() -> None:
    body = b'{"webhookVersion": "2.1", "events": ['
    with pytest.raises(guard.InvalidJson):
        guard.Webhook([KEY]).receive(body, signed(body))


def test_strict_policy_rejects_missing_version() -> None:
    body = json.dumps({"events": []}).encode()
    with pytest.raises(guard.InvalidVersion, match="no webhookVersion"):
        guard.Webhook([KEY], infer_missing_version=False).receive(body, signed(body))


def test_event_limit_is_configurable() -> None:
    payload = json.loads(delivery_body())
    payload["events"] = payload["events"] * 3
    body = json.dumps(payload).encode()
    with pytest.raises(guard.PayloadTooLarge, match="max_events") as caught:
        guard.Webhook([KEY], max_events=2).receive(body, signed(body))
    assert caught.value.limit == 2


def test_str_body_is_rejected() -> None:
    body = delivery_body()
    with pytest.raises(guard.BodyTypeError, match=r"request\.body") as caught:
        guard.Webhook([KEY]).receive(body.decode(), signed(body))  # type: ignore[arg-type]
    assert "the signature covers the raw bytes" in str(caught.value)


@pytest.mark.parametrize("parse", [guard.parse_webhook, guard.parse_response])
def test_parsers_reject_str_body_without_signature_talk(parse: Any) -> None:
    with pytest.raises(guard.BodyTypeError, match=r"request\.get_data\(\)") as caught:
        parse(delivery_body().decode())
    message = str(caught.value)
    assert "the parser reads the raw bytes" in message
    assert "signature" not in message


def test_errors_leak_no_payload_or_secret() -> None:
    body = delivery_body(Notes="x" * 10)
    tampered = body.replace(b"Maria", b"Mario")
    headers = signed(body)
    with pytest.raises(guard.SignatureMismatch) as caught:
        guard.Webhook([KEY]).receive(tampered, headers)
    message = str(caught.value)
    assert KEY not in message
    assert headers["CustomBooks-Signature"] not in message
    assert "Mario" not in message


def test_one_webhook_serves_many_threads() -> None:
    webhook = guard.Webhook([KEY])
    bodies = [delivery_body(Id=str(index)) for index in range(8)]
    large = json.loads(delivery_body())
    large["events"] = large["events"] * 400
    bodies.append(json.dumps(large).encode())
    failures: list[BaseException] = []

    def work() -> None:
        try:
            for _ in range(20):
                for body in bodies:
                    delivery = webhook.receive(body, signed(body))
                    assert delivery.events[0].data["Customer"]["DisplayName"] == "[PERSON]"
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


@pytest.mark.parametrize(
    ("option", "value"),
    [("max_body_bytes", 0), ("max_body_bytes", -1), ("max_events", 0), ("max_events", -5)],
)
def test_limits_must_be_positive(option: str, value: int) -> None:
    with pytest.raises(guard.ConfigurationError, match=f"{option} must be an int from 1 to"):
        guard.Webhook([KEY], **{option: value})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"redact": "no"}, "redact must be True or False, not a str"),
        ({"redact": 0}, "redact must be True or False, not an int"),
        ({"infer_missing_version": "yes"}, "infer_missing_version must be True or False"),
        ({"redactor": "PERSON"}, "redactor must be a Redactor or None, not a str"),
        ({"policy": {"missing_version": "reject"}}, "policy must be a VersionPolicy or None"),
    ],
)
def test_webhook_rejects_wrong_option_types(options: dict[str, Any], message: str) -> None:
    with pytest.raises(guard.ArgumentTypeError, match=message):
        guard.Webhook([KEY], **options)


def test_webhook_accepts_none_options() -> None:
    webhook = guard.Webhook([KEY], redactor=None, policy=None, infer_missing_version=None)
    assert webhook.preset == "custombooks"
