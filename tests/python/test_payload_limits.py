"""Limits on payload size and shape, and how malformed JSON is reported."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from _shared import shared_path

import custombooks_guard as guard

EVENT: dict[str, Any] = {
    "id": "evt_1",
    "source": "custombooks/company/913",
    "type": "custombooks.customer.updated",
    "time": "2026-11-30T22:42:19Z",
    "subject": "Customer/58",
    "data": {"entity": "Customer", "id": "58", "operation": "Update"},
}


def delivery(**data: Any) -> bytes:
    event = {**EVENT, "data": {**EVENT["data"], **data}}
    return json.dumps({"webhookVersion": "2.1", "events": [event]}).encode()


def nested(levels: int) -> Any:
    value: Any = "leaf"
    for _ in range(levels):
        value = {"n": value}
    return value


def test_depth_limit_names_setting() -> None:
    # The payload object, events array, event and data make four levels around `Notes`.
    assert guard.parse_webhook(delivery(Notes=nested(60)))
    with pytest.raises(guard.PayloadTooLarge) as caught:
        guard.parse_webhook(delivery(Notes=nested(61)))
    error = caught.value
    assert (error.setting, error.limit) == ("max_depth", 64)
    assert "max_depth" in str(error)
    assert error.line == 1
    assert error.http_status == 413
    assert guard.parse_webhook(delivery(Notes=nested(61)), max_depth=65)


def test_string_limit_names_setting() -> None:
    body = delivery(Notes="x" * 131072)
    assert guard.parse_webhook(body)
    with pytest.raises(guard.PayloadTooLarge) as caught:
        guard.parse_webhook(delivery(Notes="x" * 131073))
    assert (caught.value.setting, caught.value.limit) == ("max_string_bytes", 131072)
    with pytest.raises(guard.PayloadTooLarge, match="max_string_bytes"):
        guard.parse_webhook(body, max_string_bytes=100)


def test_limit_errors_omit_payload_data() -> None:
    email = "maria.lopez@example.com "
    bodies = [delivery(Notes=email * 6000), delivery(Notes={"n": [[[[email]]]]})]
    for body, options in zip(bodies, [{}, {"max_depth": 5}], strict=True):
        with pytest.raises(guard.PayloadTooLarge) as caught:
            guard.parse_webhook(body, **options)
        assert "maria" not in str(caught.value)
        assert "maria" not in repr(caught.value)


def test_string_limit_counts_utf8_bytes_after_unescaping() -> None:
    assert guard.parse_webhook(delivery(Notes="\u00e9" * 50), max_string_bytes=100)
    escaped = delivery(Notes="\u00e9" * 51)
    assert b"\\u00e9" in escaped
    with pytest.raises(guard.PayloadTooLarge):
        guard.parse_webhook(escaped, max_string_bytes=100)


def test_event_and_body_limits_name_settings() -> None:
    body = json.dumps({"webhookVersion": "2.1", "events": [EVENT] * 3}).encode()
    with pytest.raises(guard.PayloadTooLarge) as caught:
        guard.parse_webhook(body, max_events=2)
    assert (caught.value.setting, caught.value.limit) == ("max_events", 2)
    with pytest.raises(guard.PayloadTooLarge) as caught:
        guard.parse_webhook(body, max_body_bytes=100)
    assert (caught.value.setting, caught.value.limit) == ("max_body_bytes", 100)


def test_limit_defaults_match_webhook() -> None:
    body = delivery(Notes=nested(61))
    webhook = guard.Webhook(["key"], redact=False)
    headers = {guard.SIGNATURE_HEADER: webhook.sign(body)}
    with pytest.raises(guard.PayloadTooLarge) as received:
        webhook.receive(body, headers)
    assert received.value.setting == "max_depth"
    long_string = delivery(Notes="x" * 131073)
    with pytest.raises(guard.PayloadTooLarge) as received:
        webhook.receive(long_string, {guard.SIGNATURE_HEADER: webhook.sign(long_string)})
    assert received.value.limit == 131072
    with pytest.raises(guard.PayloadTooLarge):
        guard.parse_response(b'{"Customer": ' + json.dumps(nested(64)).encode() + b"}")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"max_depth": 0}, "max_depth must be at least 1"),
        ({"max_depth": 128}, "max_depth is 128, but the JSON parser reads at most 127"),
        ({"max_events": 0}, "max_events must be at least 1"),
        ({"max_string_bytes": 0}, "max_string_bytes must be at least 1"),
        ({"max_body_bytes": 0}, "max_body_bytes must be at least 1"),
    ],
)
def test_unusable_limits_raise(options: dict[str, int], message: str) -> None:
    with pytest.raises(guard.ConfigurationError, match=message):
        guard.parse_webhook(b"{}", **options)
    with pytest.raises(guard.ConfigurationError, match=message):
        guard.Webhook(["key"], **options)


def test_negative_limit_is_a_type_error() -> None:
    with pytest.raises(OverflowError):
        guard.parse_webhook(b"{}", max_depth=-1)


def test_duplicate_keys_last_value_wins_like_json_loads() -> None:
    body = delivery(Notes="first", Id="58").replace(b'"Id": "58"', b'"Notes": "second"')
    assert body.count(b'"Notes"') == 2
    event = guard.parse_webhook(body).events[0]
    assert event.data == json.loads(body)["events"][0]["data"]
    assert event.data["Notes"] == "second"
    assert list(event.data)[-1] == "Notes"
    assert list(event.data).count("Notes") == 1


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"\xef\xbb\xbf{}", "byte order mark"),
        (b'{"a": NaN}', "expected value"),
        (b'{"a": Infinity}', "expected value"),
        (b'{"a": -Infinity}', "invalid number"),
        (b'{"a": 1e400}', "number out of range"),
        (b'{"a": "\xc3"}', "invalid unicode code point"),
        (b'{"a": "\\ud800"}', "unexpected end of hex escape"),
    ],
)
def test_edge_cases_are_invalid_json(body: bytes, reason: str) -> None:
    with pytest.raises(guard.InvalidJson, match=reason) as caught:
        guard.parse_webhook(body)
    assert caught.value.line == 1


@pytest.mark.parametrize(
    "time",
    [
        "2026-11-30T22:42:19Z",
        "2026-11-30T22:42:19.5Z",
        "2026-11-30T22:42:19.123456789+05:30",
        "2026-11-30T14:42:19-08:00",
        "2026-11-30t22:42:19z",
    ],
)
def test_rfc3339_timestamps_parse(time: str) -> None:
    body = json.dumps({"webhookVersion": "2.1", "events": [{**EVENT, "time": time}]})
    event = guard.parse_webhook(body.encode()).events[0]
    assert event.occurred_at.tzinfo is not None


@pytest.mark.parametrize(
    "time", ["2026-11-30 22:42", "2026-11-30T22:42:19", "1764542539", "2026-02-30T00:00:00Z"]
)
def test_invalid_timestamp_names_field_and_value(time: str) -> None:
    body = json.dumps({"webhookVersion": "2.1", "events": [{**EVENT, "time": time}]})
    with pytest.raises(guard.InvalidPayload) as caught:
        guard.parse_webhook(body.encode())
    assert "events[0].time" in str(caught.value)
    assert json.dumps(time) in str(caught.value)


def suite_files(prefix: str) -> list[Any]:
    folder = shared_path("vectors/jsontestsuite")
    return sorted(folder.glob(f"{prefix}*.json"))


def test_suite_rejected_cases_raise_our_errors() -> None:
    files = suite_files("n_")
    assert len(files) >= 180
    for path in files:
        with pytest.raises((guard.InvalidJson, guard.PayloadTooLarge)):
            guard.parse_webhook(path.read_bytes())


def test_suite_accepted_cases_are_valid_json() -> None:
    files = suite_files("y_")
    assert len(files) >= 90
    for path in files:
        # Valid JSON that is not a webhook payload fails later, in the decoder.
        with contextlib.suppress(guard.InvalidPayload, guard.InvalidVersion):
            guard.parse_webhook(path.read_bytes())
