"""Suite-wide check that no log record written during the tests contains a test secret.

Every record that reaches the root logger, at any level, is kept. When the session ends, the
string constants that test modules name ``*KEY*``, ``*SECRET*`` or ``*TOKEN*`` (and the strings
inside such lists, tuples and dicts) are searched for in the kept messages, and the run fails if
one occurs.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterator

import pytest

SECRET_NAME = re.compile(r"(^|_)(KEY|KEYS|SECRET|SECRETS|TOKEN|TOKENS)($|_)")


class _RecordKeeper(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + logging.Formatter().formatException(record.exc_info)
        self.messages.append(text)


_KEEPER = _RecordKeeper()


def pytest_sessionstart(session: pytest.Session) -> None:
    root = logging.getLogger()
    root.addHandler(_KEEPER)
    root.setLevel(logging.DEBUG)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


def _test_secrets() -> set[str]:
    secrets: set[str] = set()
    for name, module in list(sys.modules.items()):
        if not name.startswith("test_") or module is None:
            continue
        for attribute, value in vars(module).items():
            if SECRET_NAME.search(attribute):
                # Short strings such as "k" would match ordinary words in messages.
                secrets.update(text for text in _strings(value) if len(text) >= 12)
    return secrets


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    logging.getLogger().removeHandler(_KEEPER)
    leaked = sorted(
        {secret for secret in _test_secrets() for message in _KEEPER.messages if secret in message}
    )
    if leaked:
        # Only the count and a short prefix are shown, so the report does not repeat the leak.
        prefixes = ", ".join(f"{secret[:4]}..." for secret in leaked)
        print(f"\n{len(leaked)} test secrets appeared in log records: {prefixes}", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    else:
        count = len(_KEEPER.messages)
        print(f"\nlog check: no test secret in the {count} log records of this run")
