"""QuickBooks Online webhook formats read through the quickbooks preset."""

from __future__ import annotations

import json
import warnings
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

import custombooks_guard as guard

LEGACY: dict[str, Any] = {
    "eventNotifications": [
        {
            "realmId": "1185883450",
            "dataChangeEvent": {
                "entities": [
                    {
                        "name": "Customer",
                        "id": "1",
                        "operation": "Create",
                        "lastUpdated": "2015-10-05T14:42:19-0700",
                    },
                    {
                        "name": "Vendor",
                        "id": "1",
                        "operation": "Create",
                        "lastUpdated": "2015-10-05T14:42:19-0700",
                    },
                ]
            },
        }
    ]
}

CLOUD_EVENT: dict[str, Any] = {
    "specversion": "1.0",
    "id": "88cd52aa-33b6-4351-9aa4-47572edbd068",
    "source": "intuit.dsnBgbseACLLRZNxo2dfc4evmEJdxde58xeeYcZliOU=",
    "type": "qbo.account.created.v1",
    "datacontenttype": "application/json",
    "time": "2025-09-10T21:31:25.179851517Z",
    "intuitentityid": "1234",
    "intuitaccountid": "310687",
    "data": {},
}


def encode(payload: object) -> bytes:
    return json.dumps(payload).encode()


def test_legacy_format() -> None:
    delivery = guard.parse_webhook(encode(LEGACY), preset="quickbooks")
    assert (delivery.version, delivery.version_inferred) == ("1.0", True)
    customer, vendor = delivery.events
    assert customer.type == "qbo.customer.created.v1"
    assert vendor.type == "qbo.vendor.created.v1"
    assert customer.entity == "Customer"
    assert customer.operation == "Create"
    assert customer.company_id == "1185883450"
    assert customer.occurred_at.utcoffset() == timedelta(hours=-7)
    assert customer.id != vendor.id


def test_cloud_events_format() -> None:
    delivery = guard.parse_webhook(encode([CLOUD_EVENT]), preset="quickbooks")
    event = delivery.events[0]
    assert event.id == "88cd52aa-33b6-4351-9aa4-47572edbd068"
    assert event.type == "qbo.account.created.v1"
    assert event.entity == "Account"
    assert event.entity_id == "1234"
    assert event.operation == "Create"
    assert event.company_id == "310687"
    assert event.occurred_at == datetime(2025, 9, 10, 21, 31, 25, 179851, tzinfo=UTC)
    assert event.data == {}
    assert event.extra["source"] == CLOUD_EVENT["source"]
    assert delivery.extra == {}


def test_both_formats_give_same_fields() -> None:
    legacy = {
        "eventNotifications": [
            {
                "realmId": "310687",
                "dataChangeEvent": {
                    "entities": [
                        {
                            "name": "Account",
                            "id": "1234",
                            "operation": "Create",
                            "lastUpdated": CLOUD_EVENT["time"],
                        }
                    ]
                },
            }
        ]
    }
    old = guard.parse_webhook(encode(legacy), preset="quickbooks").events[0]
    new = guard.parse_webhook(encode([CLOUD_EVENT]), preset="quickbooks").events[0]
    for field in ("type", "entity", "entity_id", "operation", "company_id", "occurred_at"):
        assert getattr(old, field) == getattr(new, field), field


def test_unknown_members_are_kept() -> None:
    legacy = json.loads(encode(LEGACY))
    legacy["deliveryId"] = "d-1"
    legacy["eventNotifications"][0]["dataChangeEvent"]["entities"][0]["region"] = "us"
    delivery = guard.parse_webhook(encode(legacy), preset="quickbooks")
    assert delivery.extra == {"deliveryId": "d-1"}
    assert delivery.events[0].extra == {"region": "us"}
    event = {**CLOUD_EVENT, "intuittraceid": "t-1"}
    parsed = guard.parse_webhook(encode([event]), preset="quickbooks").events[0]
    assert parsed.extra["intuittraceid"] == "t-1"


def test_newer_type_version_does_not_warn() -> None:
    event = {**CLOUD_EVENT, "type": "qbo.account.reclassified.v2"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parsed = guard.parse_webhook(encode([event]), preset="quickbooks").events[0]
    assert (parsed.operation, parsed.version) == ("reclassified", "2.0")


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"events": []}, "neither a QuickBooks Online"),
        ([{**CLOUD_EVENT, "type": "account"}], r'\[0\]\.type is "account", which does not'),
        ([{**CLOUD_EVENT, "time": "10/09/2025"}], r'\[0\]\.time is "10/09/2025"'),
        ([{**CLOUD_EVENT, "intuitentityid": 1234}], r"\[0\]\.intuitentityid must be a string"),
    ],
)
def test_malformed_payload_names_member(payload: object, message: str) -> None:
    with pytest.raises(guard.InvalidPayload, match=message):
        guard.parse_webhook(encode(payload), preset="quickbooks")


@pytest.mark.parametrize(
    "event_type",
    [
        "qbo.customer",
        "com.example.thing.created",
        "xyz.customer.created.v1",
        "qbo.customer.created.vX",
        "qbo.customer.created.v0",
        "qbo.customer.created.v01",
        "qbo.customer.created.v+2",
        "qbo.customer.created.v1.beta",
        "qbo..created.v1",
    ],
)
def test_cloud_event_type_needs_documented_form(event_type: str) -> None:
    payload = [CLOUD_EVENT, {**CLOUD_EVENT, "type": event_type}]
    with pytest.raises(guard.InvalidPayload) as caught:
        guard.parse_webhook(encode(payload), preset="quickbooks")
    message = str(caught.value)
    assert f"[1].type is {json.dumps(event_type)}" in message
    assert "qbo.<entity>.<verb>.v<N> with N a positive integer without leading zeros" in message
    assert CLOUD_EVENT["intuitentityid"] not in message
    assert CLOUD_EVENT["id"] not in message


def test_limits_apply() -> None:
    with pytest.raises(guard.PayloadTooLarge) as caught:
        guard.parse_webhook(encode([CLOUD_EVENT] * 3), preset="quickbooks", max_events=2)
    assert caught.value.setting == "max_events"


def test_preset_none_is_custombooks() -> None:
    body = encode({"webhookVersion": "2.1", "events": []})
    assert guard.parse_webhook(body, preset=None).version == "2.1"
    with pytest.raises(guard.InvalidPayload, match="must be a JSON object"):
        guard.parse_webhook(encode([CLOUD_EVENT]), preset=None)


def test_invalid_preset_options_raise() -> None:
    with pytest.raises(guard.ConfigurationError, match='preset is "xero"'):
        guard.parse_webhook(b"[]", preset="xero")  # type: ignore[arg-type]
    with pytest.raises(guard.ConfigurationError, match=r"preset must be a str.*not an int"):
        guard.parse_webhook(b"[]", preset=1)  # type: ignore[arg-type]
    with pytest.raises(guard.ConfigurationError, match="drop policy"):
        guard.parse_webhook(b"[]", preset="quickbooks", policy=guard.VersionPolicy())


def test_custombooks_preset_rejects_cloud_events_array() -> None:
    with pytest.raises(guard.InvalidPayload, match="must be a JSON object"):
        guard.parse_webhook(encode([CLOUD_EVENT]))
