"""Limits on payload size and shape, and how malformed JSON is reported."""

from __future__ import annotations

import contextlib
import inspect
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


MAX_SIZE = 2**64 - 1

LIMIT_CASES = [
    ({"max_depth": 0}, "max_depth must be an int from 1 to 127, not 0"),
    ({"max_depth": 128}, "max_depth must be an int from 1 to 127, not 128"),
    ({"max_depth": -1}, "max_depth must be an int from 1 to 127, not -1"),
    ({"max_depth": 2**70}, f"max_depth must be an int from 1 to 127, not {2**70}"),
    ({"max_depth": 1.5}, "max_depth must be an int from 1 to 127, not a float"),
    ({"max_depth": "64"}, "max_depth must be an int from 1 to 127, not a str"),
    ({"max_depth": True}, "max_depth must be an int from 1 to 127, not a bool"),
    ({"max_body_bytes": 0}, f"max_body_bytes must be an int from 1 to {MAX_SIZE}, not 0"),
    ({"max_body_bytes": -5}, f"max_body_bytes must be an int from 1 to {MAX_SIZE}, not -5"),
    (
        {"max_body_bytes": 2**70},
        f"max_body_bytes must be an int from 1 to {MAX_SIZE}, not {2**70}",
    ),
    ({"max_string_bytes": 0}, "max_string_bytes must be an int from 1 to .*, not 0"),
    ({"max_string_bytes": -(2**70)}, "max_string_bytes must be an int from 1 to .*, not -"),
    ({"max_string_bytes": b"1"}, "max_string_bytes must be an int from 1 to .*, not a bytes"),
]
EVENT_LIMIT_CASES = [
    ({"max_events": 0}, "max_events must be an int from 1 to .*, not 0"),
    ({"max_events": -1}, "max_events must be an int from 1 to .*, not -1"),
    ({"max_events": 2**64}, f"max_events must be an int from 1 to .*, not {2**64}"),
    ({"max_events": 10.0}, "max_events must be an int from 1 to .*, not a float"),
    ({"max_events": False}, "max_events must be an int from 1 to .*, not a bool"),
]


@pytest.mark.parametrize(("options", "message"), LIMIT_CASES + EVENT_LIMIT_CASES)
def test_bad_limits_raise_configuration_error(options: dict[str, Any], message: str) -> None:
    with pytest.raises(guard.ConfigurationError, match=message):
        guard.parse_webhook(b"{}", **options)
    with pytest.raises(guard.ConfigurationError, match=message):
        guard.parse_webhook(b"[]", preset="quickbooks", **options)
    with pytest.raises(guard.ConfigurationError, match=message):
        guard.Webhook(["key"], **options)


@pytest.mark.parametrize(("options", "message"), LIMIT_CASES)
def test_bad_response_limits_raise_configuration_error(
    options: dict[str, Any], message: str
) -> None:
    with pytest.raises(guard.ConfigurationError, match=message):
        guard.parse_response(b"{}", **options)


def test_huge_limit_int_names_setting() -> None:
    # Python refuses to print an int of more than 4300 digits, so the message describes it.
    with pytest.raises(guard.ConfigurationError, match="max_depth must be an int from 1 to 127"):
        guard.parse_webhook(b"{}", max_depth=10**5000)


def test_largest_limits_are_accepted() -> None:
    body = delivery()
    limits = {"max_body_bytes": MAX_SIZE, "max_depth": 127, "max_string_bytes": MAX_SIZE}
    assert len(guard.parse_webhook(body, max_events=MAX_SIZE, **limits)) == 1
    assert guard.Webhook(["key"], max_events=MAX_SIZE, **limits).preset == "custombooks"
    assert guard.parse_response(b'{"Customer": {}}', **limits).entity == "Customer"


@pytest.mark.parametrize(
    ("function", "body"),
    [
        (guard.parse_webhook, b'{"webhookVersion": "2.1", "events": []}'),
        (guard.parse_response, b"{}"),
    ],
)
def test_signature_defaults_are_applied(function: Any, body: bytes) -> None:
    parameters = inspect.signature(function).parameters
    body_limit = parameters["max_body_bytes"].default
    with pytest.raises(guard.PayloadTooLarge) as caught:
        function(body + b" " * (body_limit - len(body) + 1))
    assert caught.value.limit == body_limit
    string_limit = parameters["max_string_bytes"].default
    long_string = b'{"x": "' + b"x" * (string_limit + 1) + b'"}'
    with pytest.raises(guard.PayloadTooLarge) as caught:
        function(long_string)
    assert caught.value.limit == string_limit
    depth_limit = parameters["max_depth"].default
    with pytest.raises(guard.PayloadTooLarge) as caught:
        function(b'{"x": ' + json.dumps(nested(depth_limit)).encode() + b"}")
    assert caught.value.limit == depth_limit


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
