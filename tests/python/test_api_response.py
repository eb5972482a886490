"""API responses, version 3.x: entities, query results and faults."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

import custombooks_guard as guard

TIME = "2026-11-30T14:43:02.117-08:00"
CUSTOMER = {"Id": "58", "DisplayName": "Maria Lopez", "Balance": 1520.75}


def encode(payload: object) -> bytes:
    return json.dumps(payload).encode()


def test_single_entity() -> None:
    response = guard.parse_response(
        encode({"apiVersion": "3.4", "time": TIME, "Customer": CUSTOMER, "requestId": "r-1"})
    )
    assert response.version == "3.4"
    assert not response.version_inferred
    assert not response.newer_minor
    assert response.kind == "entity"
    assert response.entity == "Customer"
    assert response.data == CUSTOMER
    assert response.data is response.data
    assert len(response) == 1
    assert response.extra == {"requestId": "r-1"}
    assert response.start_position is None
    assert response.time is not None
    assert response.time.utcoffset() == timedelta(hours=-8)
    assert response.time.microsecond == 117000


def test_query_with_pagination() -> None:
    body = encode(
        {
            "apiVersion": "3.4",
            "time": TIME,
            "QueryResponse": {
                "Customer": [{"Id": "58"}, {"Id": "59"}],
                "startPosition": 1,
                "maxResults": 2,
                "totalCount": 40,
                "nextCursor": "c2",
            },
        }
    )
    response = guard.parse_response(body)
    assert response.kind == "query"
    assert response.entity == "Customer"
    assert response.data == [{"Id": "58"}, {"Id": "59"}]
    assert len(response) == 2
    assert (response.start_position, response.max_results, response.total_count) == (1, 2, 40)
    assert response.extra == {"QueryResponse": {"nextCursor": "c2"}}


def test_empty_query() -> None:
    response = guard.parse_response(b'{"apiVersion": "3.4", "QueryResponse": {}}')
    assert response.entity is None
    assert response.data == []
    assert len(response) == 0


def test_fault_raises_api_fault() -> None:
    errors: list[dict[str, Any]] = [
        {"Message": "Duplicate Name Exists Error", "Detail": "Maria Lopez exists", "code": "6240"}
    ]
    body = encode(
        {
            "apiVersion": "3.4",
            "time": TIME,
            "Fault": {"type": "ValidationFault", "Error": errors},
        }
    )
    with pytest.raises(guard.ApiFault) as caught:
        guard.parse_response(body)
    fault = caught.value
    assert isinstance(fault, guard.GuardError)
    assert fault.fault_type == "ValidationFault"
    assert fault.errors == errors
    assert '"6240"' in str(fault)
    assert "Maria" not in str(fault)
    assert "Duplicate" not in str(fault)


def test_fault_message_lists_the_first_codes_only() -> None:
    errors = [{"Message": "Invalid value", "code": str(6000 + n)} for n in range(2000)]
    body = encode({"apiVersion": "3.4", "Fault": {"type": "ValidationFault", "Error": errors}})
    with pytest.raises(guard.ApiFault) as caught:
        guard.parse_response(body)
    message = str(caught.value)
    assert 'codes "6000", "6001", "6002", "6003", "6004" and 1995 more;' in message
    assert len(message) < 200
    assert caught.value.errors == errors


def test_fault_without_type_is_named_fault() -> None:
    body = encode({"apiVersion": "3.4", "Fault": {"Error": [{"code": "500"}]}})
    with pytest.raises(guard.ApiFault) as caught:
        guard.parse_response(body)
    assert caught.value.fault_type == "Fault"


def test_missing_version_is_inferred() -> None:
    response = guard.parse_response(encode({"Invoice": {"Id": "130"}}))
    assert (response.version, response.version_inferred) == ("3.0", True)
    with pytest.raises(guard.InvalidVersion, match="has no apiVersion"):
        guard.parse_response(
            encode({"Invoice": {"Id": "130"}}), policy=guard.VersionPolicy.strict()
        )


def test_newer_minor_warns() -> None:
    policy = guard.VersionPolicy()
    with pytest.warns(guard.NewerMinorVersionWarning, match=r"apiVersion 3\.9"):
        response = guard.parse_response(
            encode({"apiVersion": "3.9", "Customer": CUSTOMER}), policy=policy
        )
    assert response.newer_minor


def test_unknown_major_is_unsupported() -> None:
    with pytest.raises(guard.UnsupportedVersion) as caught:
        guard.parse_response(encode({"apiVersion": "4.0", "Customer": CUSTOMER}))
    assert caught.value.version == "4.0"
    assert caught.value.supported_majors == [3]
    assert str(caught.value).startswith('apiVersion "4.0" is not supported')


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"apiVersion": "3.4"}, "holds no entity"),
        ({"apiVersion": "3.4", "Customer": {}, "Vendor": {}}, r"holds 2 entities"),
        ({"apiVersion": "3.4", "time": "yesterday", "Customer": {}}, r'time is "yesterday"'),
        ({"apiVersion": "3.4", "QueryResponse": []}, "QueryResponse must be an object"),
        (
            {"apiVersion": "3.4", "QueryResponse": {"maxResults": "2"}},
            "QueryResponse.maxResults must be an unsigned integer",
        ),
        ({"apiVersion": "3.4", "Fault": {"Error": {}}}, "Fault.Error must be an array"),
        (
            {"apiVersion": "3.4", "QueryResponse": {"Customer": {"Id": "1"}}},
            r"QueryResponse\.Customer must be an array of objects",
        ),
        (
            {"apiVersion": "3.4", "QueryResponse": {}, "Customer": CUSTOMER},
            r"has both a QueryResponse and an entity \(Customer\)",
        ),
    ],
)
def test_malformed_response_names_member(payload: dict[str, Any], message: str) -> None:
    with pytest.raises(guard.InvalidPayload, match=message):
        guard.parse_response(encode(payload))


@pytest.mark.parametrize("version", ['"3"', "3.4", '"3.4.1"', "null"])
def test_malformed_api_version_is_invalid(version: str) -> None:
    # The example is an API version, not a webhook one.
    with pytest.raises(guard.InvalidVersion, match=r'apiVersion .* "MAJOR\.MINOR", such as "3\.4"'):
        guard.parse_response(f'{{"apiVersion": {version}, "Customer": {{}}}}'.encode())


def test_repr_omits_entity_data() -> None:
    response = guard.parse_response(encode({"apiVersion": "3.4", "Customer": CUSTOMER}))
    assert repr(response) == "ApiResponse(version='3.4', kind='entity', entity='Customer', items=1)"
