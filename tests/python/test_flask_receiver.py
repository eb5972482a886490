"""The Flask extension, and the example receiver under gunicorn driven over loopback HTTP.

The receiver tests start ``examples/flask_receiver.py`` under real gunicorn (two workers) on
127.0.0.1 with a database and a log file in a temporary directory, and POST the deliveries from
``examples/deliveries.py``. The PII checks expect the redactor to replace the values listed with
each delivery; they fail while the redactor returns its input unchanged.
"""

from __future__ import annotations

import http.client
import io
import json
import logging
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from custombooks_guard import (
    SIGNATURE_HEADER,
    ConfigurationError,
    GuardError,
    PayloadError,
    Verifier,
    Webhook,
    WebhookDelivery,
    parse_webhook,
)
from custombooks_guard.flask import EXTENSION_KEY, CustomBooks

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES_DIR = REPO_ROOT / "examples"
sys.path.insert(0, str(EXAMPLES_DIR))

import demo  # noqa: E402
from deliveries import Delivery, build_deliveries  # noqa: E402
from flask_receiver import WEBHOOK_PATH  # noqa: E402

CURRENT_KEY = "test-current-key-Qm9vZ2xlLWlzLW5vdC1hLWtleQ"
PREVIOUS_KEY = "test-previous-key-c2lnbmluZy1rZXktMjAyNQ"
KEYS = [CURRENT_KEY, PREVIOUS_KEY]

DELIVERIES = build_deliveries(CURRENT_KEY, PREVIOUS_KEY)
ACCEPTED = [delivery for delivery in DELIVERIES if delivery.accepted]
REJECTED = [delivery for delivery in DELIVERIES if not delivery.accepted]
ALL_PII = {value for delivery in DELIVERIES for value in delivery.pii}


def by_name(name: str) -> Delivery:
    return next(delivery for delivery in DELIVERIES if delivery.name == name)


def delivery_id(delivery: Delivery) -> str:
    return delivery.name


def stored_rows(database: Path, event_ids: tuple[str, ...] | None = None) -> list[sqlite3.Row]:
    with closing(sqlite3.connect(database)) as connection:
        connection.row_factory = sqlite3.Row
        rows = connection.execute("SELECT * FROM events ORDER BY rowid").fetchall()
    if event_ids is None:
        return rows
    return [row for row in rows if row["id"] in event_ids]


# --- the example receiver under gunicorn ------------------------------------------------------


@pytest.fixture(scope="module")
def receiver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[demo.Receiver]:
    directory = tmp_path_factory.mktemp("receiver")
    with demo.run_receiver(
        directory / "events.sqlite3", KEYS, directory / "gunicorn.log"
    ) as running:
        yield running


def post_all(receiver: demo.Receiver) -> None:
    for delivery in DELIVERIES:
        answer = demo.send(receiver.port, delivery)
        assert answer.status == delivery.expected_status, delivery.name


@pytest.mark.parametrize("delivery", DELIVERIES, ids=delivery_id)
def test_receiver_status_per_delivery(receiver: demo.Receiver, delivery: Delivery) -> None:
    answer = demo.send(receiver.port, delivery)

    assert answer.status == delivery.expected_status
    assert answer.outcome == delivery.expected_outcome
    if delivery.accepted:
        assert answer.json["received"] == len(delivery.event_ids)
    else:
        assert answer.json["message"]


def test_receiver_stores_events_once(receiver: demo.Receiver) -> None:
    for delivery in ACCEPTED:
        assert demo.send(receiver.port, delivery).status == 200
    count_before = len(stored_rows(receiver.database))

    redelivered = demo.send(receiver.port, by_name("v2.1-events"))

    assert redelivered.status == 200
    assert redelivered.json["stored"] == 0
    rows = stored_rows(receiver.database)
    assert len(rows) == count_before
    expected_ids = {event_id for delivery in ACCEPTED for event_id in delivery.event_ids}
    assert sorted(row["id"] for row in rows) == sorted(expected_ids)


def test_receiver_stores_event_fields(receiver: demo.Receiver) -> None:
    delivery = by_name("v2.1-events")
    assert demo.send(receiver.port, delivery).status == 200

    rows = {row["id"]: row for row in stored_rows(receiver.database, delivery.event_ids)}

    for event in parse_webhook(delivery.body).events:
        row = rows[event.id]
        assert row["type"] == event.type
        assert row["entity"] == event.entity
        assert row["entity_id"] == event.entity_id
        assert row["operation"] == event.operation
        assert row["company_id"] == event.company_id
        assert row["occurred_at"] == event.occurred_at.isoformat()
        assert row["version"] == "2.1"
        assert json.loads(row["data"])["entity"] == event.entity


def test_receiver_stores_no_rejected_event(receiver: demo.Receiver) -> None:
    post_all(receiver)
    stored_ids = {row["id"] for row in stored_rows(receiver.database)}

    for delivery in REJECTED:
        try:
            events = parse_webhook(delivery.body).events
        except PayloadError:
            continue  # broken JSON or an unknown version: no event ids to look for
        assert not stored_ids & {event.id for event in events}, delivery.name


@pytest.mark.parametrize("delivery", ACCEPTED, ids=delivery_id)
def test_receiver_stores_no_pii(receiver: demo.Receiver, delivery: Delivery) -> None:
    assert demo.send(receiver.port, delivery).status == 200

    rows = stored_rows(receiver.database, delivery.event_ids)

    assert len(rows) == len(delivery.event_ids)
    assert demo.find_pii(rows, delivery.pii) == set()


def test_receiver_database_has_no_pii(receiver: demo.Receiver) -> None:
    post_all(receiver)

    assert demo.find_pii(stored_rows(receiver.database), ALL_PII) == set()


def test_receiver_get_is_not_500(receiver: demo.Receiver) -> None:
    status, _ = demo.request(receiver.port, "GET", WEBHOOK_PATH)
    health_status, health = demo.request(receiver.port, "GET", "/healthz")

    assert status == 405
    assert health_status == 200
    assert json.loads(health) == {"status": "ok"}


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data", None],
)
def test_receiver_other_content_types(receiver: demo.Receiver, content_type: str | None) -> None:
    delivery = by_name("v2.1-events")
    signed = dict(delivery.headers)
    unsigned: dict[str, str] = {}
    if content_type is None:
        del signed["Content-Type"]
    else:
        signed["Content-Type"] = content_type
        unsigned["Content-Type"] = content_type

    unsigned_status, unsigned_body = demo.request(
        receiver.port, "POST", WEBHOOK_PATH, body=b"name=Maria", headers=unsigned
    )
    # The signature covers the raw bytes, so the Content-Type does not matter to it.
    signed_status, _ = demo.request(
        receiver.port, "POST", WEBHOOK_PATH, body=delivery.body, headers=signed
    )

    assert unsigned_status == 401
    assert json.loads(unsigned_body)["error"] == "MissingSignature"
    assert signed_status == 200


def test_receiver_rejects_content_length_before_reading(receiver: demo.Receiver) -> None:
    # The body is never sent: a receiver that tried to read it would wait until the timeout.
    connection = http.client.HTTPConnection(demo.HOST, receiver.port, timeout=10)
    try:
        connection.putrequest("POST", WEBHOOK_PATH)
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(5 * 1024 * 1024))
        connection.putheader(SIGNATURE_HEADER, Verifier([CURRENT_KEY]).sign(b"{}"))
        connection.endheaders()
        response = connection.getresponse()
        status, body = response.status, response.read()
    finally:
        connection.close()

    assert status == 413
    assert json.loads(body)["error"] == "PayloadTooLarge"


def test_receiver_bounds_chunked_body(receiver: demo.Receiver) -> None:
    body = b'{"webhookVersion": "2.1", "events": []}' + b" " * (1024 * 1024)
    chunks = [body[start : start + 65536] for start in range(0, len(body), 65536)]
    connection = http.client.HTTPConnection(demo.HOST, receiver.port, timeout=30)
    try:
        connection.request(
            "POST",
            WEBHOOK_PATH,
            body=iter(chunks),
            headers={
                "Content-Type": "application/json",
                SIGNATURE_HEADER: Verifier([CURRENT_KEY]).sign(body),
            },
            encode_chunked=True,
        )
        response = connection.getresponse()
        status, answer = response.status, response.read()
    finally:
        connection.close()

    assert status == 413
    assert json.loads(answer)["error"] == "PayloadTooLarge"


def test_receiver_log_has_reasons_not_secrets(receiver: demo.Receiver) -> None:
    post_all(receiver)
    log = receiver.log_path.read_text(encoding="utf-8")
    signatures = {value for delivery in DELIVERIES if (value := demo.signature_of(delivery))}

    for delivery in REJECTED:
        assert f"HTTP {delivery.expected_status}: {delivery.expected_outcome}:" in log
    for key in KEYS:
        assert key not in log
    assert [value for value in signatures if value in log] == []
    assert sorted(value for value in ALL_PII if value in log) == []


def test_demo_exits_zero() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES_DIR / "demo.py")],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert str(REPO_ROOT / ".demo" / "custombooks.sqlite3") in result.stdout
    assert "UNEXPECTED" not in result.stdout


# --- the extension with Flask's test client ---------------------------------------------------


def signed_headers(body: bytes, key: str = CURRENT_KEY) -> dict[str, str]:
    return {"Content-Type": "application/json", SIGNATURE_HEADER: Verifier([key]).sign(body)}


def make_app(**config: Any) -> Flask:
    app = Flask(__name__)
    app.config.update(config)
    return app


def make_receiver_app(**config: Any) -> tuple[Flask, list[WebhookDelivery]]:
    """Return an app with one webhook view, and the list of deliveries its handler got."""
    app = make_app(CUSTOMBOOKS_SECRETS=KEYS, **config)
    custombooks = CustomBooks(app)
    received: list[WebhookDelivery] = []

    @custombooks.webhook("/hook")
    def handle(delivery: WebhookDelivery) -> None:
        received.append(delivery)

    return app, received


class UnreadableStream(io.BytesIO):
    """A request body that fails the test when the receiver reads it."""

    def read(self, size: int | None = -1) -> bytes:
        raise AssertionError("the body was read")

    def readinto(self, buffer: Any) -> int:
        raise AssertionError("the body was read")


@pytest.mark.parametrize("secrets", [None, [], (), ""])
def test_extension_requires_secrets_setting(secrets: object) -> None:
    app = make_app() if secrets is None else make_app(CUSTOMBOOKS_SECRETS=secrets)

    with pytest.raises(ConfigurationError, match="CUSTOMBOOKS_SECRETS"):
        CustomBooks(app)
    assert EXTENSION_KEY not in app.extensions


@pytest.mark.parametrize("secrets", ["single-key-not-a-list", ["good-key", 42], [" padded "]])
def test_extension_invalid_secrets_named(secrets: object) -> None:
    app = make_app(CUSTOMBOOKS_SECRETS=secrets)

    with pytest.raises(ConfigurationError, match="CUSTOMBOOKS_SECRETS") as raised:
        CustomBooks(app)
    assert "single-key-not-a-list" not in str(raised.value)
    assert "good-key" not in str(raised.value)


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("CUSTOMBOOKS_REDACT", "yes"),
        ("CUSTOMBOOKS_REDACT", 1),
        ("CUSTOMBOOKS_MAX_BODY_BYTES", 0),
        ("CUSTOMBOOKS_MAX_BODY_BYTES", -1),
        ("CUSTOMBOOKS_MAX_BODY_BYTES", True),
        ("CUSTOMBOOKS_MAX_BODY_BYTES", "1MB"),
        ("CUSTOMBOOKS_MAX_EVENTS", 0),
        ("CUSTOMBOOKS_MAX_EVENTS", "1000"),
        ("CUSTOMBOOKS_MAX_DEPTH", False),
        ("CUSTOMBOOKS_MAX_DEPTH", 128),
        ("CUSTOMBOOKS_MAX_STRING_BYTES", -1),
        ("CUSTOMBOOKS_MAX_STRING_BYTES", 2**64),
    ],
)
def test_extension_invalid_setting_named(setting: str, value: object) -> None:
    app = make_app(CUSTOMBOOKS_SECRETS=KEYS, **{setting: value})

    with pytest.raises(ConfigurationError, match=setting):
        CustomBooks(app)


def test_extension_accepts_webhook_object() -> None:
    app = make_app()
    custombooks = CustomBooks(app, webhook=Webhook([CURRENT_KEY]))
    body = by_name("v2.1-events").body

    @custombooks.webhook("/hook")
    def handle(delivery: WebhookDelivery) -> None:
        return None

    response = app.test_client().post("/hook", data=body, headers=signed_headers(body))

    assert response.status_code == 200
    assert response.json == {"received": 5}


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("CUSTOMBOOKS_SECRETS", KEYS),
        ("CUSTOMBOOKS_REDACT", False),
        ("CUSTOMBOOKS_MAX_EVENTS", 10),
        ("CUSTOMBOOKS_MAX_DEPTH", 10),
        ("CUSTOMBOOKS_MAX_STRING_BYTES", 10),
    ],
)
def test_extension_webhook_object_conflicts(setting: str, value: object) -> None:
    app = make_app(**{setting: value})

    with pytest.raises(ConfigurationError, match=setting):
        CustomBooks(app, webhook=Webhook([CURRENT_KEY]))


def events_body(count: int, **data: Any) -> bytes:
    event = {
        "id": "evt_1",
        "source": "custombooks/company/913",
        "type": "custombooks.customer.updated",
        "time": "2026-11-30T22:42:19Z",
        "subject": "Customer/58",
        "data": {"entity": "Customer", "id": "58", "operation": "Update", **data},
    }
    return json.dumps({"webhookVersion": "2.1", "events": [event] * count}).encode()


@pytest.mark.parametrize(
    ("config", "body", "setting"),
    [
        ({}, events_body(1001), "CUSTOMBOOKS_MAX_EVENTS"),
        ({"CUSTOMBOOKS_MAX_EVENTS": 2}, events_body(3), "CUSTOMBOOKS_MAX_EVENTS"),
        (
            {"CUSTOMBOOKS_MAX_DEPTH": 5},
            events_body(1, Notes={"a": {"b": {"c": 1}}}),
            "CUSTOMBOOKS_MAX_DEPTH",
        ),
        (
            {"CUSTOMBOOKS_MAX_STRING_BYTES": 8},
            events_body(1, Notes="x" * 9),
            "CUSTOMBOOKS_MAX_STRING_BYTES",
        ),
    ],
)
def test_extension_limit_names_setting(config: dict[str, int], body: bytes, setting: str) -> None:
    app, received = make_receiver_app(**config)

    response = app.test_client().post("/hook", data=body, headers=signed_headers(body))

    assert response.status_code == 413
    assert response.json is not None
    assert response.json["error"] == "PayloadTooLarge"
    assert f"raise {setting} if" in response.json["message"]
    assert "max_" not in response.json["message"]
    assert received == []


def test_extension_max_events_setting_raises_limit() -> None:
    app, received = make_receiver_app(CUSTOMBOOKS_MAX_EVENTS=1001)
    body = events_body(1001)

    response = app.test_client().post("/hook", data=body, headers=signed_headers(body))

    assert response.status_code == 200
    assert [len(delivery) for delivery in received] == [1001]


def test_extension_own_webhook_limit_keeps_keyword() -> None:
    app = make_app()
    custombooks = CustomBooks(app, webhook=Webhook(KEYS, max_events=2))

    @custombooks.webhook("/hook")
    def handle(delivery: WebhookDelivery) -> None:
        return None

    body = events_body(3)
    response = app.test_client().post("/hook", data=body, headers=signed_headers(body))

    assert response.status_code == 413
    assert response.json is not None
    assert "raise the max_events limit" in response.json["message"]


def test_extension_init_app_twice_raises() -> None:
    app = make_app(CUSTOMBOOKS_SECRETS=KEYS)
    custombooks = CustomBooks(app)

    with pytest.raises(RuntimeError, match="already registered"):
        custombooks.init_app(app)
    with pytest.raises(RuntimeError, match="already registered"):
        CustomBooks(app)


def test_extension_app_factory_registers_routes() -> None:
    custombooks = CustomBooks()
    received: list[str] = []

    @custombooks.webhook("/before", endpoint="before_hook")
    def before(delivery: WebhookDelivery) -> None:
        received.append(f"before:{len(delivery)}")

    def create_app() -> Flask:
        app = make_app(CUSTOMBOOKS_SECRETS=KEYS)
        custombooks.init_app(app)
        return app

    first, second = create_app(), create_app()

    @custombooks.webhook("/after")
    def after(delivery: WebhookDelivery) -> tuple[str, int]:
        received.append(f"after:{len(delivery)}")
        return "stored", 202

    body = by_name("v2.0-events").body
    for app in (first, second):
        assert app.extensions[EXTENSION_KEY] is custombooks
        rules = {rule.rule: rule for rule in app.url_map.iter_rules()}
        assert rules["/before"].endpoint == "before_hook"
        assert rules["/before"].methods is not None
        assert "POST" in rules["/before"].methods
        assert rules["/after"].endpoint == "after"

        client = app.test_client()
        before_response = client.post("/before", data=body, headers=signed_headers(body))
        after_response = client.post("/after", data=body, headers=signed_headers(body))

        assert before_response.status_code == 200
        assert before_response.json == {"received": 4}
        assert after_response.status_code == 202
        assert after_response.get_data() == b"stored"
    assert received == ["before:4", "after:4", "before:4", "after:4"]


def test_extension_apps_keep_own_keys() -> None:
    custombooks = CustomBooks()

    @custombooks.webhook("/hook")
    def handle(delivery: WebhookDelivery) -> None:
        return None

    first = make_app(CUSTOMBOOKS_SECRETS=["first-app-key"])
    second = make_app(CUSTOMBOOKS_SECRETS=["second-app-key"])
    custombooks.init_app(first)
    custombooks.init_app(second)
    body = by_name("v2.1-events").body
    headers = signed_headers(body, key="first-app-key")

    assert first.test_client().post("/hook", data=body, headers=headers).status_code == 200
    assert second.test_client().post("/hook", data=body, headers=headers).status_code == 401


def test_extension_content_length_over_limit() -> None:
    app, received = make_receiver_app(CUSTOMBOOKS_MAX_BODY_BYTES=100)
    body = by_name("v2.1-events").body

    response = app.test_client().post(
        "/hook",
        input_stream=UnreadableStream(),
        headers=signed_headers(body),
        environ_overrides={"CONTENT_LENGTH": "101"},
    )

    assert response.status_code == 413
    assert response.json is not None
    assert response.json["error"] == "PayloadTooLarge"
    assert "Content-Length is 101 bytes" in response.json["message"]
    assert received == []


def test_extension_default_limit_is_one_mebibyte() -> None:
    app, received = make_receiver_app()
    client = app.test_client()
    headers = signed_headers(b"{}")

    over = client.post(
        "/hook",
        input_stream=UnreadableStream(),
        headers=headers,
        environ_overrides={"CONTENT_LENGTH": str(1024 * 1024 + 1)},
    )
    at_limit = client.post("/hook", data=b" " * (1024 * 1024), headers=headers)

    assert over.status_code == 413
    assert at_limit.status_code == 401  # read and checked: the signature is for another body
    assert received == []


@pytest.mark.parametrize(("size", "status"), [(100, 401), (101, 413), (5000, 413)])
def test_extension_bounds_body_without_length(size: int, status: int) -> None:
    app, received = make_receiver_app(CUSTOMBOOKS_MAX_BODY_BYTES=100)

    response = app.test_client().post(
        "/hook",
        input_stream=io.BytesIO(b" " * size),
        headers={"Transfer-Encoding": "chunked", **signed_headers(b"{}")},
        environ_overrides={"wsgi.input_terminated": True},
    )

    assert response.status_code == status
    assert received == []


def test_extension_app_max_content_length_applies() -> None:
    app, _ = make_receiver_app(MAX_CONTENT_LENGTH=50)

    response = app.test_client().post("/hook", data=b" " * 60, headers=signed_headers(b"{}"))

    assert response.status_code == 413
    assert response.json is not None
    assert "50 bytes" in response.json["message"]


@pytest.mark.parametrize("delivery", REJECTED, ids=delivery_id)
def test_extension_maps_rejection(delivery: Delivery, caplog: pytest.LogCaptureFixture) -> None:
    app, received = make_receiver_app()
    caplog.set_level(logging.WARNING, logger="custombooks_guard.flask")

    response = app.test_client().post("/hook", data=delivery.body, headers=delivery.headers)

    assert response.status_code == delivery.expected_status
    assert response.json is not None
    assert response.json["error"] == delivery.expected_outcome
    assert response.json["message"]
    assert received == []
    records = [record for record in caplog.records if record.name == "custombooks_guard.flask"]
    assert len(records) == 1
    assert records[0].levelno == logging.WARNING
    message = records[0].getMessage()
    assert delivery.expected_outcome in message
    signature = demo.signature_of(delivery)
    if signature:
        assert signature not in message
    for key in KEYS:
        assert key not in message
    assert [value for value in delivery.pii if value in message] == []


def test_extension_receiver_fault_hides_details(caplog: pytest.LogCaptureFixture) -> None:
    class BrokenWebhook:
        def receive(self, body: bytes, headers: object) -> WebhookDelivery:
            raise ConfigurationError("invalid redactor setting marker-5f2c")

    app = make_app()
    custombooks = CustomBooks(app, webhook=BrokenWebhook())  # type: ignore[arg-type]

    @custombooks.webhook("/hook")
    def handle(delivery: WebhookDelivery) -> None:
        return None

    response = app.test_client().post("/hook", data=b"{}")

    assert response.status_code == 500
    assert response.json is not None
    assert response.json["error"] == "ConfigurationError"
    assert "marker-5f2c" not in response.json["message"]
    records = [record for record in caplog.records if record.name == "custombooks_guard.flask"]
    assert [record.levelno for record in records] == [logging.ERROR]
    assert "marker-5f2c" in records[0].getMessage()


def test_extension_receive_in_own_view() -> None:
    app = make_app(CUSTOMBOOKS_SECRETS=KEYS)
    custombooks = CustomBooks(app)

    @app.post("/own")
    def own() -> dict[str, object]:
        try:
            delivery = custombooks.receive()
        except GuardError as error:
            return {"error": type(error).__name__}
        return {"version": delivery.version, "ids": [event.id for event in delivery.events]}

    delivery = by_name("previous-key")
    client = app.test_client()
    accepted = client.post("/own", data=delivery.body, headers=delivery.headers)
    rejected = client.post("/own", data=delivery.body)

    assert accepted.json == {"version": "2.1", "ids": list(delivery.event_ids)}
    assert rejected.json == {"error": "MissingSignature"}


def test_extension_receive_needs_init_app() -> None:
    custombooks = CustomBooks()
    app = make_app()

    with (
        app.test_request_context("/hook", method="POST", data=b"{}"),
        pytest.raises(RuntimeError, match="init_app"),
    ):
        custombooks.receive()


def test_extension_redact_false_keeps_data() -> None:
    app, received = make_receiver_app(CUSTOMBOOKS_REDACT=False)
    delivery = by_name("v2.1-events")

    response = app.test_client().post("/hook", data=delivery.body, headers=delivery.headers)

    assert response.status_code == 200
    [got] = received
    stored = json.dumps([event.data for event in got.events], ensure_ascii=False)
    assert demo.find_pii([(stored,)], delivery.pii) == set(delivery.pii)


def test_extension_redacts_by_default() -> None:
    app, received = make_receiver_app()
    delivery = by_name("v2.1-events")

    response = app.test_client().post("/hook", data=delivery.body, headers=delivery.headers)

    assert response.status_code == 200
    [got] = received
    stored = json.dumps([event.data for event in got.events], ensure_ascii=False)
    assert demo.find_pii([(stored,)], delivery.pii) == set()
