"""Speed of ``Redactor.analyze`` against Presidio, datafog-core and scrubadub in one process.

Run with ``make bench``, which installs the peers from ``requirements-bench.txt``. Each tool runs
with its default entities on the same inputs:

- short texts: the generated cases of ``bench/quality.py`` (bookkeeping sentences of 40 to 260
  characters, with and without PII), timed over the whole set;
- a log-like document of 1 MiB, built from four line templates with random values.

Presidio runs its pattern recognizers with the ``no_op`` NLP engine, so no spaCy model is
needed. datafog is measured through ``datafog_core.scan``, its Rust engine, because the
``datafog`` package's Python layer adds telemetry. Presidio's e-mail recognizer calls
tldextract, which would download the public suffix list; the script points tldextract at the
snapshot it ships so nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import quality
from peer_packages import missing_peer

import custombooks_guard as guard

DOCUMENT_BYTES = 1 << 20
LOG_LINES = [
    "2026-11-30T14:42:{s:02d}Z INFO sync realmId=9479046054854601 entities={n} duration_ms={d}",
    "2026-11-30T14:42:{s:02d}Z WARN customer Maria Lopez (maria.lopez@example.com, "
    "+44 20 7946 0958) updated card 4111 1111 1111 1111",
    "2026-11-30T14:42:{s:02d}Z INFO invoice INV-{d} total $1,{n}.75 due 2026-12-31 for "
    "Account 4000 Sales",
    "2026-11-30T14:42:{s:02d}Z DEBUG GET /v3/company/9479046054854601/query?minorversion=75 "
    "200 {d} ms from 63.252.72.138",
]


@dataclass(frozen=True)
class Tool:
    name: str
    analyze: Callable[[str], object]
    # Whether the tool takes turns with the others in every round. Presidio and scrubadub take
    # seconds per megabyte, so they run once.
    fast: bool


def log_document(seed: str) -> str:
    rng = random.Random(seed)
    lines = []
    size = 0
    while size < DOCUMENT_BYTES:
        line = rng.choice(LOG_LINES).format(
            s=rng.randint(0, 59), n=rng.randint(1, 999), d=rng.randint(100, 99_999)
        )
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines)


def offline_tldextract() -> None:
    """Make tldextract use its bundled public suffix list instead of downloading one."""
    import tldextract
    import tldextract.tldextract as module

    module.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())


def peers() -> list[Tool]:
    offline_tldextract()
    import datafog_core
    import scrubadub  # type: ignore[import-untyped]
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    configuration = {
        "nlp_engine_name": "no_op",
        "models": [{"lang_code": "en", "model_name": "none"}],
    }
    engine = NlpEngineProvider(nlp_configuration=configuration).create_engine()
    presidio = AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])
    scrubber = scrubadub.Scrubber()
    return [
        Tool("datafog-core", datafog_core.scan, fast=True),
        Tool("Presidio (no_op)", lambda text: presidio.analyze(text, language="en"), fast=False),
        Tool("scrubadub", lambda text: list(scrubber.iter_filth(text)), fast=False),
    ]


def time_short(analyze: Callable[[str], object], texts: list[str]) -> float:
    """Return the time per text in seconds of one pass over ``texts``."""
    started = time.perf_counter()
    for text in texts:
        analyze(text)
    return (time.perf_counter() - started) / len(texts)


def time_document(analyze: Callable[[str], object], document: str) -> float:
    """Return the time in seconds of one analysis of the document."""
    started = time.perf_counter()
    analyze(document)
    return time.perf_counter() - started


def measure(
    tools: list[Tool], texts: list[str], document: str, rounds: int
) -> dict[str, tuple[float, float]]:
    """Return each tool's median time per short text and best time for the document.

    The fast tools take turns within each round, so that a change in the load of a shared
    machine reaches all of them alike. The slow ones run once. The first round of short texts
    also builds our lazy DFA's states for them, and the median leaves it out.
    """
    for tool in tools:
        # The first calls build caches (our lazy DFA states, Presidio's recognizers).
        tool.analyze(texts[0])
        tool.analyze(document[:10_000])
    fast = [tool for tool in tools if tool.fast]
    short: dict[str, list[float]] = {tool.name: [] for tool in tools}
    whole: dict[str, list[float]] = {tool.name: [] for tool in tools}
    # The short texts first, then the document: a document run between two passes over the
    # short texts would push one tool's tables out of the processor caches and not another's.
    for _ in range(rounds):
        for tool in fast:
            short[tool.name].append(time_short(tool.analyze, texts))
    for _ in range(rounds):
        for tool in fast:
            whole[tool.name].append(time_document(tool.analyze, document))
    for tool in tools:
        if not tool.fast:
            short[tool.name].append(time_short(tool.analyze, texts))
            whole[tool.name].append(time_document(tool.analyze, document))
        print(f"measured {tool.name}", file=sys.stderr)
    return {
        name: (statistics.median(short[name]), min(whole[name]))
        for name in (tool.name for tool in tools)
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="rounds of the fast tools")
    arguments = parser.parse_args()

    texts = [example.text for example in quality.generated_examples("quality-v1")]
    document = log_document("bench-v1")
    megabytes = len(document.encode()) / 1e6

    ours = guard.Redactor()
    try:
        peer_tools = peers()
    except ModuleNotFoundError as error:
        raise SystemExit(missing_peer(error)) from None
    tools = [Tool("custombooks-guard", ours.analyze, fast=True), *peer_tools]
    timings = measure(tools, texts, document, arguments.rounds)
    results = {
        name: (per_text, megabytes / seconds) for name, (per_text, seconds) in timings.items()
    }

    our_text, our_rate = results["custombooks-guard"]
    print(
        f"Date: {datetime.now(UTC):%Y-%m-%d %H:%M}, Python {platform.python_version()}, "
        f"{platform.machine()}, {len(texts)} short texts, document {megabytes:.2f} MB, "
        f"{arguments.rounds} rounds\n"
    )
    # Ratios are our time divided by the other's, as in docs/benchmarks.md: below 1 is faster.
    print("| tool | µs per short text | ours / other | MB/s on 1 MiB log | ours / other |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, (per_text, rate) in results.items():
        print(
            f"| {name} | {per_text * 1e6:.1f} | {our_text / per_text:.3f} | {rate:.2f} "
            f"| {rate / our_rate:.3f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
