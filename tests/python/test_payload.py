"""Parsing webhook payloads of every supported version through the Python API."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

import custombooks_guard as guard

V1: dict[str, Any] = {
    "webhookVersion": "1.0",
    "eventNotifications": [
        {
            "realmId": "9130354821245106",
            "dataChangeEvent": {
                "entities": [
                    {
                        "name": "Customer",
                        "id": "58",
                        "operation": "Create",
                        "lastUpdated": "2026-11-30T14:42:19.000Z",
                    },
                    {
                        "name": "Vendor",
                        "id": "7",
                        "operation": "Merge",
                        "deletedId": "5",
                        "lastUpdated": "2026-11-30T14:42:21-08:00",
                    },
                ]
            },
        }
    ],
}

V2_EVENT: dict[str, Any] = {
    "specversion": "1.0",
    "id": "evt_01JDZ6M6T3Q8X7K2N4V5B9C0D1",
    "source": "custombooks/company/9130354821245106",
    "type": "custombooks.customer.updated",
    "time": "2026-11-30T22:42:19.250+05:30",
    "subject": "Customer/58",
    "datacontenttype": "application/json",
    "companyId": "9130354821245106",
    "sequence": 184467,
    "data": {
        "entity": "Customer",
        "id": "58",
        "operation": "Update",
        "changedFields": ["PrimaryEmailAddr", "BillAddr"],
        "Customer": {"Id": "58", "Balance": 1520.75, "Active": True},
    },
}


def encode(payload: object) -> bytes:
    return json.dumps(payload).encode()


def v2(version: str | None = "2.1", **changes: Any) -> bytes:
    event = {**V2_EVENT, **changes}
    payload: dict[str, Any] = {"events": [event]}
    if version is not None:
        payload["webhookVersion"] = version
    return encode(payload)


def test_v1_events_are_normalised() -> None:
    delivery = guard.parse_webhook(encode(V1))
    assert delivery.version == "1.0"
    assert not delivery.version_inferred
    assert len(delivery) == 2
    create, merge = delivery.events
    assert create.type == "custombooks.customer.created"
    assert create.company_id == "9130354821245106"
    assert create.occurred_at == datetime(2026, 11, 30, 14, 42, 19, tzinfo=UTC)
    assert merge.operation == "Merge"
    assert merge.deleted_id == "5"
    assert merge.occurred_at.utcoffset() == timedelta(hours=-8)
    assert merge.data == {}
    assert merge.sequence is None


def test_v1_derived_ids_are_stable() -> None:
    first = guard.parse_webhook(encode(V1)).events
    second = guard.parse_webhook(encode(V1)).events
    assert [event.id for event in first] == [event.id for event in second]
    assert first[0].id != first[1].id
    assert first[0].id.startswith("v1-")


def test_v2_event_fields() -> None:
    event = guard.parse_webhook(v2()).events[0]
    assert event.id == "evt_01JDZ6M6T3Q8X7K2N4V5B9C0D1"
    assert event.entity == "Customer"
    assert event.entity_id == "58"
    assert event.operation == "Update"
    assert event.version == "2.1"
    assert event.sequence == 184467
    assert event.changed_fields == ("PrimaryEmailAddr", "BillAddr")
    assert event.data["Customer"]["Balance"] == 1520.75
    assert event.data["Customer"]["Active"] is True
    assert event.extra["subject"] == "Customer/58"


def test_occurred_at_keeps_sender_offset() -> None:
    occurred_at = guard.parse_webhook(v2()).events[0].occurred_at
    assert occurred_at.tzinfo == timezone(timedelta(hours=5, minutes=30))
    assert occurred_at.microsecond == 250000
    assert occurred_at == datetime(2026, 11, 30, 17, 12, 19, 250000, tzinfo=UTC)


def test_v2_0_takes_company_from_source() -> None:
    event = dict(V2_EVENT)
    del event["companyId"], event["sequence"]
    delivery = guard.parse_webhook(encode({"webhookVersion": "2.0", "events": [event]}))
    assert delivery.events[0].company_id == "9130354821245106"
    assert delivery.events[0].sequence is None


def test_newer_minor_keeps_unknown_fields() -> None:
    body = v2("2.7", traceparent="00-4bf92f", priority={"level": 2})
    payload = json.loads(body)
    payload["deliveryAttempt"] = 3
    delivery = guard.parse_webhook(
        encode(payload), policy=guard.VersionPolicy(newer_minor="accept")
    )
    assert delivery.newer_minor
    assert delivery.extra == {"deliveryAttempt": 3}
    assert delivery.events[0].extra["traceparent"] == "00-4bf92f"
    assert delivery.events[0].extra["priority"] == {"level": 2}


def test_unknown_operation_and_type_stay_strings() -> None:
    data = {**V2_EVENT["data"], "operation": "Archive"}
    event = guard.parse_webhook(v2(type="custombooks.customer.archived", data=data)).events[0]
    assert event.operation == "Archive"
    assert event.type == "custombooks.customer.archived"


def test_missing_version_is_inferred() -> None:
    v1 = {key: value for key, value in V1.items() if key != "webhookVersion"}
    delivery = guard.parse_webhook(encode(v1))
    assert (delivery.version, delivery.version_inferred) == ("1.0", True)
    delivery = guard.parse_webhook(v2(version=None))
    assert (delivery.version, delivery.version_inferred) == ("2.1", True)


def test_unknown_major_names_versions() -> None:
    with pytest.raises(guard.UnsupportedVersion) as caught:
        guard.parse_webhook(b'{"webhookVersion": "9.0", "events": []}')
    error = caught.value
    assert error.version == "9.0"
    assert error.supported_majors == [1, 2]
    assert '"9.0"' in str(error)
    assert "1.x, 2.x" in str(error)
    assert error.http_status == 422


@pytest.mark.parametrize("version", ['"2"', '"2.1.0"', "2.1", '" 2.1"', '"v2"', "null"])
def test_malformed_version_is_invalid(version: str) -> None:
    with pytest.raises(guard.InvalidVersion, match=r"MAJOR\.MINOR"):
        guard.parse_webhook(f'{{"webhookVersion": {version}, "events": []}}'.encode())


@pytest.mark.parametrize(
    ("body", "line", "column"),
    [
        (b"", 1, 0),
        (b"\n", 2, 0),
        (b'{"a":\n', 2, 0),
        (b"{", 1, 1),
        (b'{"webhookVersion": "2.1",\n "events": [nope]}', 2, 14),
        (b'{"a": 1,}', 1, 9),
        (b"\xef\xbb\xbf{}", 1, 1),
        (b'{"a": "\xff"}', 1, 8),
    ],
)
def test_invalid_json_has_position(body: bytes, line: int, column: int) -> None:
    with pytest.raises(guard.InvalidJson) as caught:
        guard.parse_webhook(body)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert f"line {line}, column {column}" in str(caught.value)
    assert caught.value.http_status == 400


def test_invalid_json_message_omits_input() -> None:
    with pytest.raises(guard.InvalidJson) as caught:
        guard.parse_webhook(b'{"Notes": "maria.lopez@example.com" trailing}')
    assert "maria" not in str(caught.value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"[]", "must be a JSON object"),
        (b'{"webhookVersion": "2.1"}', "events is missing"),
        (b'{"webhookVersion": "2.1", "events": {}}', "events must be an array"),
        (b'{"webhookVersion": "2.1", "events": [1]}', r"events\[0\] must be an object"),
        (b'{"unrelated": true}', "cannot be inferred"),
        (v2(time="30/11/2026"), r"events\[0\]\.time is \"30/11/2026\""),
        (v2(sequence=-1), r"events\[0\]\.sequence must be an unsigned integer"),
    ],
)
def test_invalid_payloads_name_the_field(body: bytes, message: str) -> None:
    with pytest.raises(guard.InvalidPayload, match=message):
        guard.parse_webhook(body)


def test_unknown_fields_at_every_level_are_kept() -> None:
    event = {**V2_EVENT, "data": {**V2_EVENT["data"], "region": "us-west"}}
    v1 = json.loads(encode(V1))
    v1["eventNotifications"][0]["shard"] = 4
    v1["eventNotifications"][0]["dataChangeEvent"]["batch"] = "b1"
    v1["eventNotifications"][0]["dataChangeEvent"]["entities"][0]["source"] = "ui"

    v2_event = guard.parse_webhook(encode({"webhookVersion": "2.1", "events": [event]})).events[0]
    assert v2_event.data["region"] == "us-west"
    create, merge = guard.parse_webhook(encode(v1)).events
    assert create.extra == {"source": "ui", "shard": 4, "batch": "b1"}
    assert merge.extra == {"shard": 4, "batch": "b1"}


def test_body_limit_matches_webhook_default() -> None:
    body = b" " * (1024 * 1024 + 1)
    with pytest.raises(guard.PayloadTooLarge) as parsed:
        guard.parse_webhook(body)
    with pytest.raises(guard.PayloadTooLarge) as received:
        guard.Webhook(["key"]).receive(body, {})
    assert parsed.value.limit == received.value.limit == 1024 * 1024
    assert received.value.http_status == 413


def test_event_data_is_converted_once() -> None:
    event = guard.parse_webhook(v2()).events[0]
    assert event.data is event.data
    assert event.extra is event.extra


def test_repr_omits_data() -> None:
    delivery = guard.parse_webhook(v2())
    assert repr(delivery) == (
        "WebhookDelivery(version='2.1', version_inferred=False, newer_minor=False, events=1)"
    )
    assert "Balance" not in repr(delivery.events[0])


def test_delivery_iterates_and_indexes_events() -> None:
    events = [{**V2_EVENT, "id": f"evt_{number}"} for number in range(3)]
    delivery = guard.parse_webhook(encode({"webhookVersion": "2.0", "events": events}))
    assert [event.id for event in delivery] == ["evt_0", "evt_1", "evt_2"]
    assert delivery[0] is delivery.events[0]
    assert delivery[-1].id == "evt_2"
    assert [event.id for event in delivery[1:]] == ["evt_1", "evt_2"]
    with pytest.raises(IndexError):
        delivery[3]
