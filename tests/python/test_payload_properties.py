"""Property tests: unknown members never break parsing and are kept, any minor version parses."""

from __future__ import annotations

import contextlib
import copy
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import custombooks_guard as guard

ACCEPT = guard.VersionPolicy(newer_minor="accept")

V1_ENTITY: dict[str, Any] = {
    "name": "Customer",
    "id": "58",
    "operation": "Create",
    "lastUpdated": "2026-11-30T14:42:19.000Z",
}
V2_EVENT: dict[str, Any] = {
    "specversion": "1.0",
    "id": "evt_1",
    "source": "custombooks/company/913",
    "type": "custombooks.customer.updated",
    "time": "2026-11-30T22:42:19Z",
    "subject": "Customer/58",
    "companyId": "913",
    "sequence": 1,
    "data": {"entity": "Customer", "id": "58", "operation": "Update", "Customer": {"Id": "58"}},
}

# Members each decoder reads; an extra member with one of these names would be a known field.
KNOWN_TOP = {"webhookVersion", "events", "eventNotifications"}
KNOWN_V1 = {"realmId", "dataChangeEvent", "entities", "name", "id", "operation", "lastUpdated"}
KNOWN_V1 |= {"deletedId"}
KNOWN_V2 = {"id", "type", "time", "companyId", "sequence", "data", "source", "subject"}
KNOWN_DATA = {"entity", "id", "operation", "deletedId", "changedFields"}

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def extra_members(known: set[str]) -> st.SearchStrategy[dict[str, Any]]:
    keys = st.text(min_size=1, max_size=12).filter(lambda key: key not in known)
    return st.dictionaries(keys, json_values, min_size=1, max_size=4)


def encode(payload: object) -> bytes:
    return json.dumps(payload).encode()


@given(
    top=extra_members(KNOWN_TOP),
    event=extra_members(KNOWN_V2),
    data=extra_members(KNOWN_DATA),
)
def test_v2_unknown_members_are_kept(
    top: dict[str, Any], event: dict[str, Any], data: dict[str, Any]
) -> None:
    raw_event = copy.deepcopy(V2_EVENT)
    raw_event.update(event)
    raw_event["data"].update(data)
    payload = {"webhookVersion": "2.1", "events": [raw_event], **top}

    delivery = guard.parse_webhook(encode(payload))

    assert delivery.extra == top
    parsed = delivery.events[0]
    assert parsed.id == "evt_1"
    for key, value in event.items():
        assert parsed.extra[key] == value
    for key, value in data.items():
        assert parsed.data[key] == value


@given(
    notification=extra_members(KNOWN_V1),
    change=extra_members(KNOWN_V1),
    entity=extra_members(KNOWN_V1),
)
def test_v1_unknown_members_are_kept(
    notification: dict[str, Any], change: dict[str, Any], entity: dict[str, Any]
) -> None:
    raw_notification = {
        **notification,
        "realmId": "913",
        "dataChangeEvent": {**change, "entities": [{**V1_ENTITY, **entity}]},
    }
    payload = {"webhookVersion": "1.0", "eventNotifications": [raw_notification]}

    event = guard.parse_webhook(encode(payload)).events[0]

    assert event.entity_id == "58"
    # The entity's own members win over those of its notification and change.
    expected = {**notification, **change, **entity}
    assert event.extra == expected


@given(major=st.sampled_from([1, 2]), minor=st.integers(min_value=0, max_value=2**32 - 1))
def test_any_minor_of_known_major_parses(major: int, minor: int) -> None:
    version = f"{major}.{minor}"
    if major == 1:
        payload: dict[str, Any] = {
            "webhookVersion": version,
            "eventNotifications": [
                {"realmId": "913", "dataChangeEvent": {"entities": [V1_ENTITY]}}
            ],
        }
    else:
        payload = {"webhookVersion": version, "events": [V2_EVENT]}

    delivery = guard.parse_webhook(encode(payload), policy=ACCEPT)

    assert delivery.version == version
    assert delivery.events[0].version == version
    assert delivery.newer_minor == (minor > 1)


@given(minor=st.integers(min_value=0, max_value=2**32 - 1), extra=extra_members({"apiVersion"}))
def test_any_api_minor_parses(minor: int, extra: dict[str, Any]) -> None:
    # Upper-case members with object values are entities, so extras are lower-case keys here.
    extra = {f"x{key}": value for key, value in extra.items()}
    payload = {"apiVersion": f"3.{minor}", "Customer": {"Id": "58"}, **extra}

    response = guard.parse_response(encode(payload), policy=ACCEPT)

    assert response.version == f"3.{minor}"
    assert response.newer_minor == (minor > 4)
    assert response.extra == extra


@given(body=st.binary(max_size=200))
def test_arbitrary_bytes_raise_only_our_errors(body: bytes) -> None:
    for parse in (guard.parse_webhook, guard.parse_response):
        with contextlib.suppress(guard.PayloadError, guard.ApiFault):
            parse(body, policy=ACCEPT)


@given(value=json_values)
def test_any_json_value_is_read_like_json_loads(value: Any) -> None:
    payload = {"apiVersion": "3.4", "Customer": {"Value": value}}

    response = guard.parse_response(encode(payload))

    assert response.data == {"Value": json.loads(json.dumps(value))}
