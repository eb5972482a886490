"""QuickBooks Online deliveries through the Flask extension.

The receiver tests start ``examples/flask_receiver.py`` under real gunicorn on 127.0.0.1 with
both CustomBooks keys and QuickBooks Online verifier tokens, and POST deliveries signed with the
library's own ``Verifier(..., "quickbooks")``. The other tests use Flask's test client.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from custombooks_guard import (
    ConfigurationError,
    Verifier,
    Webhook,
    WebhookDelivery,
    parse_webhook,
)
from custombooks_guard.flask import CustomBooks

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"
sys.path.insert(0, str(EXAMPLES_DIR))

import demo  # noqa: E402
from _quickbooks import CLOUD_EVENT, LEGACY, PII_VALUES, encode  # noqa: E402
from flask_receiver import QUICKBOOKS_PATH, WEBHOOK_PATH  # noqa: E402

CUSTOMBOOKS_KEY = "test-custombooks-key-aW50dWl0LWlzLW5vdC1hLWtleQ"
VERIFIER_TOKEN = "test-verifier-token-2b9f6c1e-8d4a-4e7b-9a35"
PREVIOUS_TOKEN = "test-verifier-token-previous-51c0e2d7-6f98"
WRONG_TOKEN = "test-verifier-token-not-configured-0a1b2c3d"


def quickbooks_headers(body: bytes, token: str = VERIFIER_TOKEN) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        **Verifier([token], "quickbooks").sign_headers(body),
    }


def stored_rows(database: Path) -> dict[str, sqlite3.Row]:
    with closing(sqlite3.connect(database)) as connection:
        connection.row_factory = sqlite3.Row
        rows = connection.execute("SELECT * FROM events ORDER BY rowid").fetchall()
    return {row["id"]: row for row in rows}


# --- the example receiver under gunicorn ------------------------------------------------------


@pytest.fixture(scope="module")
def receiver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[demo.Receiver]:
    directory = tmp_path_factory.mktemp("quickbooks-receiver")
    with demo.run_receiver(
        directory / "events.sqlite3",
        [CUSTOMBOOKS_KEY],
        directory / "gunicorn.log",
        quickbooks_tokens=[VERIFIER_TOKEN, PREVIOUS_TOKEN],
    ) as running:
        yield running


def post(receiver: demo.Receiver, path: str, body: bytes, headers: dict[str, str]) -> Any:
    status, answer = demo.request(receiver.port, "POST", path, body=body, headers=headers)
    return status, json.loads(answer)


@pytest.mark.parametrize("payload", [LEGACY, [CLOUD_EVENT]], ids=["legacy", "cloudevents"])
def test_receiver_stores_quickbooks_events(receiver: demo.Receiver, payload: object) -> None:
    body = encode(payload)

    status, answer = post(receiver, QUICKBOOKS_PATH, body, quickbooks_headers(body))

    events = parse_webhook(body, preset="quickbooks").events
    assert status == 200
    assert answer["received"] == len(events)
    assert answer["version"] == "1.0"
    assert answer["version_inferred"] is True
    rows = stored_rows(receiver.database)
    for event in events:
        row = rows[event.id]
        assert row["type"] == event.type
        assert row["entity"] == event.entity
        assert row["entity_id"] == event.entity_id
        assert row["operation"] == event.operation
        assert row["company_id"] == event.company_id
        assert row["occurred_at"] == event.occurred_at.isoformat()
        assert row["version"] == event.version


def test_receiver_redacts_quickbooks_data(receiver: demo.Receiver) -> None:
    body = encode([CLOUD_EVENT])

    status, _ = post(receiver, QUICKBOOKS_PATH, body, quickbooks_headers(body))

    assert status == 200
    data = json.loads(stored_rows(receiver.database)[CLOUD_EVENT["id"]]["data"])
    assert data["DisplayName"] == "[PERSON]"
    assert data["PrimaryEmailAddr"]["Address"] == "[EMAIL_ADDRESS]"
    assert demo.find_pii(stored_rows(receiver.database).values(), PII_VALUES) == set()


def test_receiver_accepts_previous_token(receiver: demo.Receiver) -> None:
    body = encode(LEGACY)

    status, _ = post(receiver, QUICKBOOKS_PATH, body, quickbooks_headers(body, PREVIOUS_TOKEN))

    assert status == 200


def tampered_body() -> tuple[bytes, dict[str, str]]:
    body = encode([CLOUD_EVENT])
    return body.replace(b"Maria", b"Mario"), quickbooks_headers(body)


def wrong_token() -> tuple[bytes, dict[str, str]]:
    body = encode([CLOUD_EVENT])
    return body, quickbooks_headers(body, WRONG_TOKEN)


def bad_json() -> tuple[bytes, dict[str, str]]:
    body = b'[{"id": "maria.lopez@example.com",'
    return body, quickbooks_headers(body)


def custombooks_body() -> tuple[bytes, dict[str, str]]:
    body = encode({"webhookVersion": "2.1", "events": []})
    return body, quickbooks_headers(body)


def unsigned() -> tuple[bytes, dict[str, str]]:
    return encode(LEGACY), {"Content-Type": "application/json"}


REJECTIONS = {
    "tampered-body": (tampered_body, 401, "SignatureMismatch"),
    "wrong-token": (wrong_token, 401, "SignatureMismatch"),
    "bad-json": (bad_json, 400, "InvalidJson"),
    "custombooks-body": (custombooks_body, 400, "InvalidPayload"),
    "unsigned": (unsigned, 401, "MissingSignature"),
}


@pytest.mark.parametrize("name", list(REJECTIONS))
def test_receiver_rejects_bad_quickbooks_delivery(receiver: demo.Receiver, name: str) -> None:
    build, expected_status, expected_error = REJECTIONS[name]
    body, headers = build()
    count_before = len(stored_rows(receiver.database))

    status, answer = post(receiver, QUICKBOOKS_PATH, body, headers)

    assert status == expected_status
    assert answer["error"] == expected_error
    assert len(stored_rows(receiver.database)) == count_before


def test_receiver_names_preset_for_wrong_route(receiver: demo.Receiver) -> None:
    body = encode([CLOUD_EVENT])

    status, answer = post(receiver, WEBHOOK_PATH, body, quickbooks_headers(body))

    assert status == 401
    assert answer["error"] == "MissingSignature"
    assert 'preset="quickbooks"' in answer["message"]


def test_receiver_log_has_no_quickbooks_secrets(receiver: demo.Receiver) -> None:
    signatures: list[str] = []
    for build, _, _ in REJECTIONS.values():
        body, headers = build()
        post(receiver, QUICKBOOKS_PATH, body, headers)
        signatures.extend(value for name, value in headers.items() if name == "intuit-signature")
    good = encode([CLOUD_EVENT])
    good_headers = quickbooks_headers(good)
    post(receiver, QUICKBOOKS_PATH, good, good_headers)
    signatures.append(good_headers["intuit-signature"])

    log = receiver.log_path.read_text(encoding="utf-8")

    for _, expected_status, expected_error in REJECTIONS.values():
        assert f"HTTP {expected_status}: {expected_error}:" in log
    assert "from a QuickBooks Online version 1.0 delivery (version inferred)" in log
    for secret in (CUSTOMBOOKS_KEY, VERIFIER_TOKEN, PREVIOUS_TOKEN, WRONG_TOKEN):
        assert secret not in log
    assert [value for value in signatures if value in log] == []
    assert [value for value in PII_VALUES if value in log] == []


# --- the extension with Flask's test client ---------------------------------------------------


def make_app(**config: Any) -> Flask:
    app = Flask(__name__)
    app.config.update(config)
    return app


def make_quickbooks_app(**config: Any) -> tuple[Flask, list[WebhookDelivery]]:
    """Return an app set up for QuickBooks Online at ``/hook``, and the deliveries it got."""
    app = make_app(CUSTOMBOOKS_SECRETS=[VERIFIER_TOKEN], CUSTOMBOOKS_PRESET="quickbooks", **config)
    custombooks = CustomBooks(app)
    received: list[WebhookDelivery] = []

    @custombooks.webhook("/hook")
    def handle(delivery: WebhookDelivery) -> None:
        received.append(delivery)

    return app, received


def test_preset_setting_receives_quickbooks() -> None:
    app, received = make_quickbooks_app()
    body = encode([CLOUD_EVENT])
    client = app.test_client()
    accepted = client.post("/hook", data=body, headers=quickbooks_headers(body))
    rejected = client.post("/hook", data=body, headers=quickbooks_headers(body, WRONG_TOKEN))

    assert accepted.status_code == 200
    assert accepted.json == {"received": 1}
    assert rejected.status_code == 401
    [delivery] = received
    assert delivery.events[0].type == "qbo.customer.updated.v1"
    assert delivery.events[0].data["DisplayName"] == "[PERSON]"


def test_preset_setting_redact_false_keeps_data() -> None:
    app, received = make_quickbooks_app(CUSTOMBOOKS_REDACT=False)
    body = encode([CLOUD_EVENT])
    response = app.test_client().post("/hook", data=body, headers=quickbooks_headers(body))

    assert response.status_code == 200
    assert received[0].events[0].data["DisplayName"] == "Maria Lopez"


@pytest.mark.parametrize("preset", ["xero", "QuickBooks", 1, None, ["quickbooks"]])
def test_invalid_preset_setting_named(preset: object) -> None:
    app = make_app(CUSTOMBOOKS_SECRETS=[VERIFIER_TOKEN], CUSTOMBOOKS_PRESET=preset)

    with pytest.raises(ConfigurationError, match="CUSTOMBOOKS_PRESET") as raised:
        CustomBooks(app)
    assert VERIFIER_TOKEN not in str(raised.value)


def test_quickbooks_preset_requires_tokens() -> None:
    app = make_app(CUSTOMBOOKS_PRESET="quickbooks")

    with pytest.raises(ConfigurationError, match="verifier tokens"):
        CustomBooks(app)


def test_preset_setting_conflicts_with_webhook() -> None:
    app = make_app(CUSTOMBOOKS_PRESET="quickbooks")
    webhook = Webhook([VERIFIER_TOKEN], preset="quickbooks")

    with pytest.raises(ConfigurationError, match="CUSTOMBOOKS_PRESET"):
        CustomBooks(app, webhook=webhook)


def test_route_webhook_serves_both_senders(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="custombooks_guard.flask")
    app = make_app(CUSTOMBOOKS_SECRETS=[CUSTOMBOOKS_KEY], CUSTOMBOOKS_MAX_BODY_BYTES=4096)
    custombooks = CustomBooks(app)
    received: list[str] = []

    @custombooks.webhook("/custombooks")
    def handle_custombooks(delivery: WebhookDelivery) -> None:
        received.extend(event.type for event in delivery.events)

    @custombooks.webhook("/quickbooks", webhook=Webhook([VERIFIER_TOKEN], preset="quickbooks"))
    def handle_quickbooks(delivery: WebhookDelivery) -> None:
        received.extend(event.type for event in delivery.events)

    quickbooks_body = encode(LEGACY)
    custombooks_body = encode({"webhookVersion": "2.1", "events": []})
    custombooks_headers = Verifier([CUSTOMBOOKS_KEY]).sign_headers(custombooks_body)
    client = app.test_client()

    to_quickbooks = client.post(
        "/quickbooks", data=quickbooks_body, headers=quickbooks_headers(quickbooks_body)
    )
    to_custombooks = client.post("/custombooks", data=custombooks_body, headers=custombooks_headers)
    crossed = client.post(
        "/custombooks", data=quickbooks_body, headers=quickbooks_headers(quickbooks_body)
    )
    oversized = client.post(
        "/quickbooks", data=b" " * 5000, headers=quickbooks_headers(b" " * 5000)
    )

    assert to_quickbooks.status_code == 200
    assert to_custombooks.status_code == 200
    assert crossed.status_code == 401
    assert crossed.json is not None
    assert 'preset="quickbooks"' in crossed.json["message"]
    assert oversized.status_code == 413
    assert received == ["qbo.customer.updated.v1", "qbo.invoice.created.v1"]
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2
    assert [message for message in messages if VERIFIER_TOKEN in message] == []
