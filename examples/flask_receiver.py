"""Example Flask receiver that stores verified CustomBooks webhook events in SQLite.

With QuickBooks Online verifier tokens configured, it also receives QuickBooks Online deliveries
at ``/webhooks/quickbooks`` into the same table.

Each accepted event is stored once in the ``events`` table with its data already redacted; a
redelivered event is ignored by id. The settings come from the environment, or from the
arguments of :func:`create_app`:

``CUSTOMBOOKS_SECRETS``
    Signature Secret Keys, comma-separated, the current key first.
``QUICKBOOKS_VERIFIER_TOKENS``
    Optional. Verifier tokens of the Intuit app, comma-separated, the current token first.
``CUSTOMBOOKS_DATABASE``
    Path of the SQLite database file; it is created when missing.

Run it under gunicorn::

    CUSTOMBOOKS_SECRETS=current-key,previous-key CUSTOMBOOKS_DATABASE=events.sqlite3 \\
        gunicorn --chdir examples --bind 127.0.0.1:8000 'flask_receiver:create_app()'

or, for manual tests, with Flask's development server::

    CUSTOMBOOKS_SECRETS=current-key python examples/flask_receiver.py --port 8000 \\
        --database events.sqlite3

Both listen on 127.0.0.1 only. The keys are read from the environment and never from the
command line, where other users of the machine could see them.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask

from custombooks_guard import ConfigurationError, Webhook, WebhookDelivery
from custombooks_guard.flask import CustomBooks

__all__ = ["QUICKBOOKS_PATH", "WEBHOOK_PATH", "create_app", "store_events"]

logger = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/custombooks"
QUICKBOOKS_PATH = "/webhooks/quickbooks"
LOG_FORMAT = "%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s"
# Seconds a connection waits for another worker's write transaction to finish.
SQLITE_BUSY_TIMEOUT = 30.0

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    operation TEXT NOT NULL,
    company_id TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    version TEXT NOT NULL,
    data TEXT NOT NULL,
    received_at TEXT NOT NULL
)
"""

INSERT_EVENT = """
INSERT OR IGNORE INTO events (
    id, type, entity, entity_id, operation, company_id, occurred_at, version, data, received_at
) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""


def create_app(
    database: str | os.PathLike[str] | None = None,
    secrets: Sequence[str] | None = None,
    quickbooks_tokens: Sequence[str] | None = None,
) -> Flask:
    """Create the receiver app.

    Args:
        database: SQLite database path; defaults to ``$CUSTOMBOOKS_DATABASE``.
        secrets: Signature Secret Keys, the current one first; defaults to the comma-separated
            ``$CUSTOMBOOKS_SECRETS``.
        quickbooks_tokens: QuickBooks Online verifier tokens, the current one first; defaults to
            the comma-separated ``$QUICKBOOKS_VERIFIER_TOKENS``. Without tokens the app has no
            QuickBooks route.

    Raises:
        ValueError: No database path is given.
        custombooks_guard.ConfigurationError: No keys are given, or a key is invalid.
    """
    _configure_logging()
    if database is None:
        database = os.environ.get("CUSTOMBOOKS_DATABASE")
    if not database:
        raise ValueError(
            "no database path: pass create_app(database=...) or set CUSTOMBOOKS_DATABASE"
        )
    database_path = Path(database)
    if secrets is None:
        secrets = _split_keys(os.environ.get("CUSTOMBOOKS_SECRETS", ""))
    if quickbooks_tokens is None:
        quickbooks_tokens = _split_keys(os.environ.get("QUICKBOOKS_VERIFIER_TOKENS", ""))

    app = Flask(__name__)
    app.config["CUSTOMBOOKS_SECRETS"] = list(secrets)
    custombooks = CustomBooks(app)
    _create_schema(database_path)

    @custombooks.webhook(WEBHOOK_PATH)
    def receive_events(delivery: WebhookDelivery) -> dict[str, object]:
        return _store_and_respond(database_path, delivery, "CustomBooks")

    if quickbooks_tokens:
        quickbooks = Webhook(list(quickbooks_tokens), preset="quickbooks")

        @custombooks.webhook(QUICKBOOKS_PATH, webhook=quickbooks)
        def receive_quickbooks_events(delivery: WebhookDelivery) -> dict[str, object]:
            return _store_and_respond(database_path, delivery, "QuickBooks Online")

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        with closing(_connect(database_path)) as connection:
            connection.execute("SELECT 1").fetchone()
        return {"status": "ok"}

    paths = [WEBHOOK_PATH, QUICKBOOKS_PATH] if quickbooks_tokens else [WEBHOOK_PATH]
    logger.info(
        "receiver ready: webhooks at %s, events stored in %s", " and ".join(paths), database_path
    )
    return app


def _store_and_respond(database: Path, delivery: WebhookDelivery, sender: str) -> dict[str, object]:
    stored = store_events(database, delivery)
    logger.info(
        "stored %d new of %d events from a %s version %s delivery%s",
        stored,
        len(delivery),
        sender,
        delivery.version,
        " (version inferred)" if delivery.version_inferred else "",
    )
    return {
        "received": len(delivery),
        "stored": stored,
        "version": delivery.version,
        "version_inferred": delivery.version_inferred,
    }


def store_events(database: Path, delivery: WebhookDelivery) -> int:
    """Insert the delivery's events in one transaction and return how many were new."""
    received_at = datetime.now(UTC).isoformat()
    rows = [
        (
            event.id,
            event.type,
            event.entity,
            event.entity_id,
            event.operation,
            event.company_id,
            event.occurred_at.isoformat(),
            event.version,
            # ensure_ascii=False keeps names as UTF-8 text rather than \u escapes.
            json.dumps(event.data, ensure_ascii=False, separators=(",", ":")),
            received_at,
        )
        for event in delivery.events
    ]
    with closing(_connect(database)) as connection:
        before = connection.total_changes
        with connection:
            connection.executemany(INSERT_EVENT, rows)
        return connection.total_changes - before


def _connect(database: Path) -> sqlite3.Connection:
    return sqlite3.connect(database, timeout=SQLITE_BUSY_TIMEOUT)


def _create_schema(database: Path) -> None:
    database.parent.mkdir(parents=True, exist_ok=True)
    with closing(_connect(database)) as connection, connection:
        connection.execute(SCHEMA)


def _split_keys(value: str) -> list[str]:
    return [key.strip() for key in value.split(",") if key.strip()]


def _configure_logging() -> None:
    # Under gunicorn only gunicorn's own loggers have handlers, so the app's records (and the
    # extension's rejection warnings) go to stderr, next to gunicorn's error log.
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, stream=sys.stderr)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the receiver on 127.0.0.1 with Flask's development server."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=8000, help="TCP port (default: 8000)")
    parser.add_argument(
        "--database",
        default=os.environ.get("CUSTOMBOOKS_DATABASE"),
        help="SQLite database file (default: $CUSTOMBOOKS_DATABASE)",
    )
    args = parser.parse_args(argv)
    if not args.database:
        parser.error("--database is required when CUSTOMBOOKS_DATABASE is not set")
    try:
        app = create_app(database=args.database)
    except ConfigurationError as error:
        parser.error(str(error))
    app.run(host="127.0.0.1", port=args.port)


if __name__ == "__main__":
    main()
