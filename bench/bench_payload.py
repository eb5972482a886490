"""Parse webhook deliveries with custombooks-guard and with its peers, in one process.

Run with `make bench`. Each parser turns a 2.1 delivery into events of the same shape: id, type,
entity, entity id, operation, company id, an aware `occurred_at`, sequence, changed fields and
the event data. Two workloads are timed for each delivery size:

- envelope: parse, then read `id`, `type` and `occurred_at` of every event;
- full: the same, and read every event's data as Python objects too.

custombooks-guard converts event data to Python objects only when it is read, so its envelope
time excludes that work; the peers build the data while parsing, so both workloads cost them the
same. Ratios are custombooks-guard's time divided by the peer's: below 1.0 is faster.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import timeit
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from peer_packages import missing_peer

import custombooks_guard as guard

try:
    import msgspec
    import orjson
    import pydantic
except ModuleNotFoundError as error:
    raise SystemExit(missing_peer(error)) from None

# --- the delivery

FIRST_NAMES = ["Maria", "Ken", "Aiko", "Luis", "Grace", "Omar", "Ines", "Tom"]
LAST_NAMES = ["Lopez", "Sato", "Okafor", "Meyer", "Novak", "Haddad", "Silva", "Byrne"]


def make_event(rng: random.Random, index: int) -> dict[str, Any]:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    entity_id = str(1000 + index)
    customer = {
        "Id": entity_id,
        "DisplayName": f"{first} {last}",
        "GivenName": first,
        "FamilyName": last,
        "CompanyName": f"{last} Landscaping LLC",
        "PrimaryEmailAddr": {"Address": f"{first}.{last}@example.com".lower()},
        "PrimaryPhone": {"FreeFormNumber": f"(415) 555-{rng.randrange(10000):04d}"},
        "BillAddr": {
            "Line1": f"{rng.randrange(1, 9999)} Harbor Way",
            "City": "Oakland",
            "CountrySubDivisionCode": "CA",
            "PostalCode": "94607",
            "Country": "US",
        },
        "Notes": "Prefers calls after 5pm.",
        "Balance": round(rng.uniform(0, 10000), 2),
        "Active": True,
        "MetaData": {
            "CreateTime": "2026-01-04T09:12:00-08:00",
            "LastUpdatedTime": "2026-11-30T14:42:19-08:00",
        },
    }
    return {
        "specversion": "1.0",
        "id": f"evt_{index:026d}",
        "source": "custombooks/company/9130354821245106",
        "type": "custombooks.customer.updated",
        "time": f"2026-11-30T22:{index % 60:02d}:19.250Z",
        "subject": f"Customer/{entity_id}",
        "datacontenttype": "application/json",
        "companyId": "9130354821245106",
        "sequence": 184467 + index,
        "data": {
            "entity": "Customer",
            "id": entity_id,
            "operation": "Update",
            "changedFields": ["PrimaryEmailAddr", "BillAddr"],
            "Customer": customer,
        },
    }


def make_delivery(target_bytes: int) -> bytes:
    """Return a 2.1 delivery body with as many events as fit in `target_bytes`, at least one."""
    rng = random.Random(target_bytes)
    events = [make_event(rng, 0)]
    body = json.dumps({"webhookVersion": "2.1", "events": events}).encode()
    while True:
        events.append(make_event(rng, len(events)))
        longer = json.dumps({"webhookVersion": "2.1", "events": events}).encode()
        if len(longer) > target_bytes:
            return body
        body = longer


# --- json + dataclasses and orjson + dataclasses


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    type: str
    entity: str
    entity_id: str
    operation: str
    company_id: str
    occurred_at: datetime
    sequence: int | None
    changed_fields: tuple[str, ...]
    data: dict[str, Any]


def event_from_dict(raw: dict[str, Any]) -> Event:
    data = raw["data"]
    return Event(
        id=raw["id"],
        type=raw["type"],
        entity=data["entity"],
        entity_id=data["id"],
        operation=data["operation"],
        company_id=raw["companyId"],
        occurred_at=datetime.fromisoformat(raw["time"]),
        sequence=raw.get("sequence"),
        changed_fields=tuple(data.get("changedFields", ())),
        data=data,
    )


def parse_stdlib(body: bytes) -> list[Event]:
    return [event_from_dict(raw) for raw in json.loads(body)["events"]]


def parse_orjson(body: bytes) -> list[Event]:
    return [event_from_dict(raw) for raw in orjson.loads(body)["events"]]


# --- msgspec


class MsgspecData(msgspec.Struct):
    entity: str
    id: str
    operation: str
    changedFields: list[str] = []
    Customer: dict[str, Any] | None = None


class MsgspecEvent(msgspec.Struct):
    id: str
    type: str
    time: datetime
    companyId: str
    data: MsgspecData
    sequence: int | None = None
    specversion: str | None = None
    source: str | None = None
    subject: str | None = None
    datacontenttype: str | None = None


class MsgspecDelivery(msgspec.Struct):
    webhookVersion: str
    events: list[MsgspecEvent]


MSGSPEC_DECODER = msgspec.json.Decoder(MsgspecDelivery)


def parse_msgspec(body: bytes) -> list[MsgspecEvent]:
    return MSGSPEC_DECODER.decode(body).events


# --- pydantic


class PydanticData(pydantic.BaseModel):
    entity: str
    id: str
    operation: str
    changedFields: list[str] = []
    Customer: dict[str, Any] | None = None


class PydanticEvent(pydantic.BaseModel):
    id: str
    type: str
    time: datetime
    companyId: str
    data: PydanticData
    sequence: int | None = None
    specversion: str | None = None
    source: str | None = None
    subject: str | None = None
    datacontenttype: str | None = None


class PydanticDelivery(pydantic.BaseModel):
    webhookVersion: str
    events: list[PydanticEvent]


def parse_pydantic(body: bytes) -> list[PydanticEvent]:
    return PydanticDelivery.model_validate_json(body).events


# --- custombooks-guard

POLICY = guard.VersionPolicy()


def parse_guard(body: bytes) -> tuple[guard.Event, ...]:
    return guard.parse_webhook(body, policy=POLICY).events


# --- workloads


def envelope(parse: Callable[[bytes], Any], time_field: str) -> Callable[[bytes], None]:
    def run(body: bytes) -> None:
        for event in parse(body):
            _ = (event.id, event.type, getattr(event, time_field))

    return run


def full(parse: Callable[[bytes], Any], time_field: str) -> Callable[[bytes], None]:
    def run(body: bytes) -> None:
        for event in parse(body):
            _ = (event.id, event.type, getattr(event, time_field), event.data)

    return run


PARSERS: dict[str, tuple[Callable[[bytes], Any], str]] = {
    "custombooks-guard": (parse_guard, "occurred_at"),
    "json + dataclasses": (parse_stdlib, "occurred_at"),
    "orjson + dataclasses": (parse_orjson, "occurred_at"),
    "msgspec Struct": (parse_msgspec, "time"),
    "pydantic v2": (parse_pydantic, "time"),
}


def check_same_events(body: bytes) -> None:
    """Fail unless every parser returns the same ids, times and data for `body`."""
    expected = [(event.id, event.occurred_at, event.data) for event in parse_stdlib(body)]
    ours = [(event.id, event.occurred_at, event.data) for event in parse_guard(body)]
    assert ours == expected
    for events in (parse_msgspec(body), parse_pydantic(body)):
        assert [(event.id, event.time) for event in events] == [row[:2] for row in expected]


def best_times(
    functions: dict[str, Callable[[bytes], None]], body: bytes, repeat: int
) -> dict[str, float]:
    """Return each function's best time per call over `repeat` rounds.

    Each round times every function once, in turn, so that all of them see the same share of a
    shared machine's load.
    """
    timers = {
        name: timeit.Timer(lambda function=function: function(body))
        for name, function in functions.items()
    }
    numbers = {name: timer.autorange()[0] for name, timer in timers.items()}
    best = dict.fromkeys(functions, float("inf"))
    for _ in range(repeat):
        for name, timer in timers.items():
            best[name] = min(best[name], timer.timeit(numbers[name]) / numbers[name])
    return best


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument(
        "--repeat", type=int, default=7, help="timing rounds per case (best wins)"
    )
    options = arguments.parse_args()

    print(
        f"python {platform.python_version()}, {platform.machine()}, custombooks-guard "
        f"{guard.__version__}, msgspec {msgspec.__version__}, orjson {orjson.__version__}, "
        f"pydantic {pydantic.VERSION}"
    )
    for label, size in (("3 KB", 3 * 1024), ("300 KB", 300 * 1024)):
        body = make_delivery(size)
        check_same_events(body)
        events = len(json.loads(body)["events"])
        print(f"\n{label} delivery: {len(body)} bytes, {events} events")
        for workload_name, workload in (("envelope", envelope), ("full", full)):
            functions = {name: workload(parse, field) for name, (parse, field) in PARSERS.items()}
            times = best_times(functions, body, options.repeat)
            ours = times["custombooks-guard"]
            print(f"  {workload_name}")
            for name, seconds in times.items():
                ratio = "" if name == "custombooks-guard" else f"  ratio {ours / seconds:.2f}"
                print(f"    {name:22} {seconds * 1e6:10.1f} us{ratio}")


if __name__ == "__main__":
    main()
