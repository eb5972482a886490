"""Run the main job end to end: signed deliveries into the Flask receiver under gunicorn.

The demo starts ``flask_receiver`` under gunicorn (two workers, 127.0.0.1, a free port) with
keys generated for this run, POSTs every delivery from ``deliveries.build_deliveries`` over HTTP,
and prints one line per delivery. It then checks the SQLite database: every accepted event is
stored once, and no PII value from any delivery is in it or in the server log.

Run it from the repository root with the project's virtual environment::

    .venv/bin/python examples/demo.py

It exits with 0 when every response and check is as expected, and with 1 otherwise. The database
is recreated at ``.demo/custombooks.sqlite3`` on each run and the server log is written to
``.demo/gunicorn.log``. The keys are passed to gunicorn in its environment and never printed.
"""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from deliveries import Delivery, build_deliveries
from flask_receiver import WEBHOOK_PATH

from custombooks_guard import SIGNATURE_HEADER

REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_DIR = REPO_ROOT / "examples"
DEMO_DIR = REPO_ROOT / ".demo"
DATABASE = DEMO_DIR / "custombooks.sqlite3"
SERVER_LOG = DEMO_DIR / "gunicorn.log"

HOST = "127.0.0.1"
WORKERS = 2
STARTUP_TIMEOUT = 30.0
"""Seconds to wait for ``/healthz`` to respond after gunicorn starts."""
REQUEST_TIMEOUT = 30.0
"""Seconds to wait for the receiver's response to one request."""
SHUTDOWN_TIMEOUT = 15.0
"""Seconds to wait for gunicorn to exit after SIGTERM before it is killed."""
SAMPLE_ROWS = 5
DATA_PREVIEW_CHARS = 90


class ReceiverError(RuntimeError):
    """The receiver did not start or did not stop."""


@dataclass(frozen=True)
class Receiver:
    """A running gunicorn process that serves ``flask_receiver``."""

    port: int
    process: subprocess.Popen[bytes]
    database: Path
    log_path: Path


@dataclass(frozen=True)
class DeliveryResponse:
    """The receiver's response to one delivery."""

    status: int
    json: dict[str, Any]
    failure: str | None = None
    """Exception class name when no response arrived, such as ``ConnectionResetError``."""

    @property
    def outcome(self) -> str:
        if self.failure is not None:
            return f"no response: {self.failure}"
        if self.status == 200:
            return "accepted"
        return str(self.json.get("error", f"HTTP {self.status}"))


def find_free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free now.

    Another process may take the port before gunicorn binds it; gunicorn then fails to start
    and the wait for ``/healthz`` reports it.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def run_receiver(
    database: Path,
    keys: Sequence[str],
    log_path: Path,
    *,
    workers: int = WORKERS,
    quickbooks_tokens: Sequence[str] = (),
) -> Iterator[Receiver]:
    """Start ``flask_receiver`` under gunicorn, wait until it responds, and stop it on exit.

    gunicorn's access and error logs and the app's log all go to ``log_path``. With
    ``quickbooks_tokens`` the receiver also serves QuickBooks Online deliveries.

    Raises:
        ReceiverError: gunicorn exited or did not respond within ``STARTUP_TIMEOUT``.
    """
    port = find_free_port()
    environment = {
        **os.environ,
        "CUSTOMBOOKS_SECRETS": ",".join(keys),
        "CUSTOMBOOKS_DATABASE": str(database),
        "QUICKBOOKS_VERIFIER_TOKENS": ",".join(quickbooks_tokens),
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--chdir",
        str(EXAMPLES_DIR),
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        *_control_socket_options(),
        "flask_receiver:create_app()",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=environment, cwd=REPO_ROOT
        )
    try:
        _wait_until_healthy(port, process, log_path)
        yield Receiver(port=port, process=process, database=database, log_path=log_path)
    finally:
        _stop(process)


def _control_socket_options() -> list[str]:
    # gunicorn 25.1 and later open a control socket under ~/.gunicorn by default. The receiver
    # needs none, and two receivers running at once would share its path.
    major, minor = (int(part) for part in metadata.version("gunicorn").split(".")[:2])
    return ["--no-control-socket"] if (major, minor) >= (25, 1) else []


def _wait_until_healthy(port: int, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        code = process.poll()
        if code is not None:
            raise ReceiverError(
                f"gunicorn exited with code {code} before /healthz responded. "
                f"Its log, {log_path}:\n{_read_log(log_path)}"
            )
        try:
            status, _ = request(port, "GET", "/healthz", timeout=2.0)
        except (OSError, http.client.HTTPException):
            time.sleep(0.1)
            continue
        if status == 200:
            return
        time.sleep(0.1)
    raise ReceiverError(
        f"gunicorn did not respond to /healthz with 200 within {STARTUP_TIMEOUT:.0f} s. "
        f"Its log, {log_path}:\n{_read_log(log_path)}"
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    # SIGTERM makes gunicorn finish the requests in progress and stop its workers.
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=SHUTDOWN_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _read_log(log_path: Path) -> str:
    try:
        return log_path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        return f"(failed to read the log: {error})"


def request(
    port: int,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = REQUEST_TIMEOUT,
) -> tuple[int, bytes]:
    """Send one HTTP request to 127.0.0.1:``port`` and return the status and body."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def send(port: int, delivery: Delivery) -> DeliveryResponse:
    """POST ``delivery`` to the receiver's webhook path."""
    try:
        status, body = request(
            port, "POST", WEBHOOK_PATH, body=delivery.body, headers=delivery.headers
        )
    except (OSError, http.client.HTTPException) as error:
        return DeliveryResponse(status=0, json={}, failure=type(error).__name__)
    try:
        parsed = json.loads(body)
    except ValueError:
        parsed = None
    return DeliveryResponse(status=status, json=parsed if isinstance(parsed, dict) else {})


def is_expected(delivery: Delivery, response: DeliveryResponse) -> bool:
    """Return whether the status, outcome and (if accepted) event count are as expected."""
    if response.status != delivery.expected_status or response.outcome != delivery.expected_outcome:
        return False
    return not delivery.accepted or response.json.get("received") == len(delivery.event_ids)


def signature_of(delivery: Delivery) -> str | None:
    """Return the delivery's signature header value, whatever the letter case of its name."""
    for name, value in delivery.headers.items():
        if name.lower() == SIGNATURE_HEADER.lower():
            return value
    return None


def find_pii(rows: Iterable[Sequence[object]], pii: Iterable[str]) -> set[str]:
    """Return the values of ``pii`` that occur in any column of ``rows``."""
    # NUL separates the columns, so that no match spans two of them.
    text = "\0".join(str(column) for row in rows for column in row)
    return {value for value in pii if value in text}


def read_events(database: Path) -> list[sqlite3.Row]:
    """Return every stored event, oldest first."""
    with closing(sqlite3.connect(database)) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute("SELECT * FROM events ORDER BY rowid").fetchall()


def _remove_database(database: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        database.with_name(database.name + suffix).unlink(missing_ok=True)


def _format_line(
    name: str, status: str, outcome: str, version: str, events: str, new: str, result: str
) -> str:
    return f"{name:<22} {status:>6}  {outcome:<20} {version:<13} {events:>6} {new:>5}  {result}"


def _print_delivery(delivery: Delivery, response: DeliveryResponse, expected: bool) -> None:
    if response.status == 200:
        version = str(response.json.get("version", "?"))
        if response.json.get("version_inferred"):
            version += " inferred"
        events = str(response.json.get("received", "?"))
        new = str(response.json.get("stored", "?"))
    else:
        version = delivery.sent_version
        events = "-"
        new = "-"
    if expected:
        verdict = "expected"
    else:
        verdict = f"UNEXPECTED (expected {delivery.expected_status} {delivery.expected_outcome})"
    line = _format_line(
        delivery.name, str(response.status), response.outcome, version, events, new, verdict
    )
    print(line)


def _print_samples(rows: Sequence[sqlite3.Row], pii: set[str]) -> None:
    print("\nsample of the stored rows (data redacted by the receiver):")
    seen: set[str] = set()
    # Rows with data first: version 1.x events carry none.
    for row in sorted(rows, key=lambda row: row["data"] == "{}"):
        if row["entity"] in seen or len(seen) >= SAMPLE_ROWS:
            continue
        seen.add(row["entity"])
        data = row["data"]
        if find_pii([tuple(row)], pii):
            # The check below reports the failure; the demo itself must not print PII.
            data = "(not shown: contains PII)"
        elif len(data) > DATA_PREVIEW_CHARS:
            data = data[: DATA_PREVIEW_CHARS - 3] + "..."
        print(f"  {row['id']:<35} {row['type']:<30} {row['entity']:<9} {data}")


def check_database(deliveries: Sequence[Delivery], pii: set[str]) -> bool:
    """Print the stored rows and whether they are the expected ones, without PII."""
    rows = read_events(DATABASE)
    stored_ids = [row["id"] for row in rows]
    expected_ids = {event_id for d in deliveries if d.accepted for event_id in d.event_ids}
    ids_ok = sorted(stored_ids) == sorted(expected_ids)
    print(
        f"\nstored {len(rows)} events, {len(set(stored_ids))} distinct; "
        f"expected {len(expected_ids)}: {'ok' if ids_ok else 'MISMATCH'}"
    )
    _print_samples(rows, pii)

    leaked = find_pii(rows, pii)
    if leaked:
        # sqlite3.Row iterates over values, so the column names come from keys().
        names = rows[0].keys()
        columns = [name for name in names if find_pii([(row[name],) for row in rows], leaked)]
        print(
            f"\nPII check: FAILED: {len(leaked)} of {len(pii)} PII values from the deliveries "
            f"are in the database, in columns {', '.join(columns)}"
        )
    else:
        print(f"\nPII check: ok, none of the {len(pii)} PII values is in the database")
    return ids_ok and not leaked


def check_log(deliveries: Sequence[Delivery], pii: set[str], keys: Sequence[str]) -> bool:
    """Print whether the server log is free of keys, signatures and PII."""
    log = _read_log(SERVER_LOG)
    signatures = {signature for d in deliveries if (signature := signature_of(d))}
    problems = []
    if any(key in log for key in keys):
        problems.append("a secret key")
    if any(signature in log for signature in signatures):
        problems.append("a signature")
    leaked = {value for value in pii if value in log}
    if leaked:
        problems.append(f"{len(leaked)} PII values")
    if problems:
        print(f"log check: FAILED: the server log contains {' and '.join(problems)}")
        return False
    print("log check: ok, the server log contains no key, signature or PII value")
    return True


def main() -> int:
    """Run the demo and return the exit code."""
    DEMO_DIR.mkdir(exist_ok=True)
    _remove_database(DATABASE)
    print(f"database:   {DATABASE}")
    print(f"server log: {SERVER_LOG}")

    keys = [secrets.token_urlsafe(32), secrets.token_urlsafe(32)]
    deliveries = build_deliveries(*keys)
    pii = {value for delivery in deliveries for value in delivery.pii}

    unexpected = 0
    try:
        with run_receiver(DATABASE, keys, SERVER_LOG) as receiver:
            print(f"receiver:   gunicorn, {WORKERS} workers, http://{HOST}:{receiver.port}\n")
            header = _format_line(
                "delivery", "status", "outcome", "version", "events", "new", "result"
            )
            print(header)
            for delivery in deliveries:
                response = send(receiver.port, delivery)
                expected = is_expected(delivery, response)
                unexpected += not expected
                _print_delivery(delivery, response, expected)
    except ReceiverError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    database_ok = check_database(deliveries, pii)
    log_ok = check_log(deliveries, pii, keys)
    if unexpected:
        print(f"\n{unexpected} of {len(deliveries)} deliveries got an unexpected response")
    ok = not unexpected and database_ok and log_ok
    print(f"\ndemo {'passed' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
