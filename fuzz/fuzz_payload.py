"""Fuzz parse_webhook (both presets) and parse_response through the Python API with atheris.

Run with `make fuzz` (FUZZ_SECONDS sets the time, 60 by default). Any exception other than
custombooks-guard's PayloadError or ApiFault, a crash or a hang is a finding; libFuzzer saves the
input that caused it in `.fuzz/`.

`make fuzz` builds the Rust core with libFuzzer's coverage instrumentation (sancov) into its own
virtual environment, so libFuzzer observes the parser's branches. Each input is also used as a recipe
that mutates one of the seed payloads below with JSON tokens, so that many runs are near-valid
payloads that reach the decoders.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

import atheris  # type: ignore[import-untyped]

with atheris.instrument_imports():
    import custombooks_guard as guard

ACCEPT = guard.VersionPolicy(newer_minor="accept")

V2_EVENT = {
    "specversion": "1.0",
    "id": "evt_1",
    "source": "custombooks/company/913",
    "type": "custombooks.customer.updated",
    "time": "2026-11-30T22:42:19.250+05:30",
    "subject": "Customer/58",
    "companyId": "913",
    "sequence": 7,
    "data": {
        "entity": "Customer",
        "id": "58",
        "operation": "Merge",
        "deletedId": "57",
        "changedFields": ["BillAddr"],
        "Customer": {"Id": "58", "Balance": 1520.75, "Tags": [1, None, True, "x\u00e9"]},
    },
}
V1_NOTIFICATION = {
    "realmId": "913",
    "dataChangeEvent": {
        "entities": [
            {"name": "Vendor", "id": "7", "operation": "Emailed", "lastUpdated": "2026-11-30Z"},
            {"name": "Bill", "id": "9", "operation": "Void", "lastUpdated": "2026-11-30T14:42:21Z"},
        ]
    },
}
SEEDS: list[Any] = [
    {"webhookVersion": "2.1", "events": [V2_EVENT], "deliveryAttempt": 1},
    {"events": [V2_EVENT]},
    {"webhookVersion": "1.0", "eventNotifications": [V1_NOTIFICATION]},
    {"eventNotifications": [V1_NOTIFICATION]},
    {"apiVersion": "3.4", "time": "2026-11-30T14:43:02.117-08:00", "Customer": {"Id": "58"}},
    {"apiVersion": "3.4", "QueryResponse": {"Invoice": [{"Id": "1"}], "startPosition": 1}},
    {"apiVersion": "3.4", "Fault": {"type": "ValidationFault", "Error": [{"code": "6240"}]}},
    [
        {
            "specversion": "1.0",
            "id": "88cd52aa",
            "type": "qbo.journalentry.merged.v1",
            "time": "2025-09-10T21:31:25.179851517Z",
            "intuitentityid": "1234",
            "intuitaccountid": "310687",
            "data": {},
        }
    ],
    {
        "eventNotifications": [
            {
                "realmId": "1",
                "dataChangeEvent": {
                    "entities": [
                        {
                            "name": "Item",
                            "id": "2",
                            "operation": "Void",
                            "lastUpdated": "2015-10-05T14:42:19-0700",
                        }
                    ]
                },
            }
        ]
    },
]


def read_everything(result: guard.WebhookDelivery | guard.ApiResponse) -> None:
    """Touch every lazily converted field, so conversion runs on the fuzzed input too."""
    _ = (result.version, result.extra, repr(result))
    if isinstance(result, guard.ApiResponse):
        _ = (result.data, result.time, result.entity, len(result))
        return
    for event in result.events:
        _ = (event.id, event.type, event.occurred_at, event.data, event.extra, repr(event))


SEED_BODIES = [json.dumps(seed).encode() for seed in SEEDS]
TOKENS = [
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b'"',
    b"\\",
    b"\\u",
    b"null",
    b"true",
    b"-",
    b"0",
    b"1e999",
    b"9" * 30,
    b".5",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\\ud800",
    b'"2.9"',
    b'"9.0"',
    b'"webhookVersion"',
    b'"apiVersion"',
    b'"events"',
    b'"data"',
    b'"time"',
    b'"sequence"',
    b'"2026-02-29T24:00:00+99:99"',
    b"[" * 200,
    b'"QueryResponse"',
    b'"Fault"',
]


def mutate(recipe: bytes) -> bytes:
    """Return a seed body changed by a few insertions, deletions and replacements.

    libFuzzer keeps only inputs that add coverage, which it cannot see here, so its inputs stay
    short. Seeding a generator with the input still gives each distinct input its own mutation.
    """
    rng = random.Random(recipe)  # noqa: S311 - a mutation recipe, not a secret
    body = bytearray(rng.choice(SEED_BODIES))
    for _ in range(rng.randint(1, 8)):
        position = rng.randint(0, len(body))
        action = rng.randint(0, 3)
        if action == 0:
            body[position:position] = rng.choice(TOKENS)
        elif action == 1:
            del body[position : position + rng.randint(1, 16)]
        elif action == 2 and position < len(body):
            body[position] = rng.randint(0, 255)
        else:
            end = position + rng.randint(1, 64)
            body[position:position] = body[position:end]
    return bytes(body)


def parse_quickbooks(body: bytes, policy: guard.VersionPolicy) -> guard.WebhookDelivery:
    # The QuickBooks preset takes no policy.
    del policy
    return guard.parse_webhook(body, preset="quickbooks")


def parse_all_ways(body: bytes) -> None:
    for parse in (guard.parse_webhook, guard.parse_response, parse_quickbooks):
        try:
            result = parse(body, policy=ACCEPT)
        except (guard.PayloadError, guard.ApiFault):
            continue
        read_everything(result)


def test_one_input(data: bytes) -> None:
    parse_all_ways(data)
    parse_all_ways(mutate(data))


def write_seeds(corpus: Path) -> None:
    corpus.mkdir(parents=True, exist_ok=True)
    for index, seed in enumerate(SEEDS):
        (corpus / f"seed-{index}.json").write_bytes(json.dumps(seed).encode())


def main() -> None:
    corpus = next((Path(arg) for arg in sys.argv[1:] if not arg.startswith("-")), None)
    if corpus is not None:
        write_seeds(corpus)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
