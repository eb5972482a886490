"""Every sample delivery from the contract through ``Webhook.receive``."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

import pytest
from _shared import shared_path

import custombooks_guard as guard

# `bad-tampered` is listed as invalid, but Python's hmac module computes exactly the listed
# signature for that body and secret, so no correct verifier can reject it. The test asserts the
# disagreement, so it fails once the sample data is corrected and this entry can go.
MANIFEST_ERRATA = {"bad-tampered"}

ERROR_CLASSES: dict[str, type[guard.GuardError]] = {
    "signature_missing": guard.MissingSignature,
    "signature_malformed": guard.MalformedSignature,
    "signature_mismatch": guard.SignatureMismatch,
    "unsupported_version": guard.UnsupportedVersion,
    "invalid_json": guard.InvalidJson,
}


def manifest_rows() -> list[dict[str, Any]]:
    folder = shared_path("contract/deliveries")
    lines = (folder / "manifest.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def read_body(row: dict[str, Any]) -> bytes:
    return Path(shared_path("contract/deliveries"), f"{row['name']}.body").read_bytes()


def stdlib_valid(row: dict[str, Any], body: bytes) -> bool:
    digest = hmac.new(row["secret"].encode(), body, hashlib.sha256).digest()
    return hmac.compare_digest(base64.b64encode(digest).decode(), row["signature"])


def test_manifest_has_every_kind_of_delivery() -> None:
    rows = manifest_rows()
    assert len(rows) >= 30
    assert {row.get("error") for row in rows} >= set(ERROR_CLASSES) | {None}


def test_every_delivery_matches_manifest() -> None:
    for row in manifest_rows():
        name = row["name"]
        body = read_body(row)
        webhook = guard.Webhook([row["secret"]])
        headers = {"CustomBooks-Signature": row["signature"]}
        verified = guard.Verifier([row["secret"]])

        if name in MANIFEST_ERRATA:
            assert stdlib_valid(row, body) != row["valid"], f"{name} is correct now"
            verified.verify(body, headers)
            continue
        assert stdlib_valid(row, body) == row["valid"], name

        if "error" not in row:
            delivery = webhook.receive(body, headers)
            assert delivery.version == row["version"], name
            assert delivery.version_inferred == row.get("version_inferred", False), name
            assert len(delivery.events) == row["events"], name
            continue

        with pytest.raises(ERROR_CLASSES[row["error"]]) as caught:
            webhook.receive(body, headers)
        if "version" in row:
            assert row["version"] in str(caught.value), name
        assert row["secret"] not in str(caught.value), name
        if row["signature"]:
            assert row["signature"] not in str(caught.value), name


def test_events_have_normalised_fields() -> None:
    for row in manifest_rows():
        if "error" in row:
            continue
        delivery = guard.Webhook([row["secret"]]).receive(
            read_body(row), {"customBooks-signature": row["signature"]}
        )
        for event in delivery.events:
            assert event.id
            assert event.type.startswith("custombooks.")
            assert event.entity
            assert event.entity_id
            assert event.operation
            assert event.company_id.isdigit()
            assert event.occurred_at.tzinfo is not None
            assert event.version == delivery.version
            assert isinstance(event.data, dict)
