"""Compare webhook signature verification with its peers, in one process.

Run with ``make bench`` or ``python bench/bench_signature.py``; ``--detach`` measures instead
where releasing the GIL while hashing starts to pay. Each figure is the best of several
repeats of a timed loop, and every ratio divides our time by the other's (below 1 is faster).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import os
import platform
import threading
import time
import timeit
from collections.abc import Callable
from datetime import UTC, datetime

from peer_packages import missing_peer

import custombooks_guard as guard

try:
    import standardwebhooks
    import stripe
    import svix.webhooks
except ModuleNotFoundError as error:
    raise SystemExit(missing_peer(error)) from None

SIZES = {"300 B": 300, "3 KB": 3_000, "30 KB": 30_000, "1 MB": 1_000_000}
KEY = "C8FJowoRoWD8s7bA16J7PglOU3shVv5UTG79BG16"
STANDARD_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
STRIPE_SECRET = "whsec_3bd6a0b8c2f94e1d8a7f6e5d4c3b2a19"
MESSAGE_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek"


def make_body(size: int) -> bytes:
    """Return an ASCII JSON document of exactly ``size`` bytes."""
    event = {"id": "evt_1", "type": "custombooks.customer.updated", "note": ""}
    skeleton = json.dumps({"webhookVersion": "2.1", "events": [event]})
    event["note"] = "x" * max(0, size - len(skeleton))
    return json.dumps({"webhookVersion": "2.1", "events": [event]}).encode()[:size]


def best_seconds(function: Callable[[], object], budget: float = 0.4) -> float:
    """Return the best time per call, in seconds, over five repeats of about ``budget`` / 5."""
    timer = timeit.Timer(function)
    calls, elapsed = timer.autorange()
    number = max(1, int(calls * budget / 5 / max(elapsed, 1e-9)))
    return min(timer.repeat(repeat=5, number=number)) / number


def interleaved_best(functions: dict[str, Callable[[], object]]) -> dict[str, float]:
    """Return the best time per call of each function, timing them in turn in seven rounds.

    Interleaving gives every function the same share of the machine's changing load, so the
    ratios stay fair on a shared machine.
    """
    timers = {name: timeit.Timer(function) for name, function in functions.items()}
    numbers = {}
    for name, timer in timers.items():
        calls, elapsed = timer.autorange()
        numbers[name] = max(1, int(calls * 0.05 / max(elapsed, 1e-9)))
    best = dict.fromkeys(functions, float("inf"))
    for _ in range(7):
        for name, timer in timers.items():
            seconds = timer.timeit(number=numbers[name]) / numbers[name]
            best[name] = min(best[name], seconds)
    return best


def candidates(body: bytes) -> dict[str, Callable[[], object]]:
    """Return a verification of ``body`` per library, each with a valid signature."""
    now = int(time.time())
    ours = guard.Verifier([KEY])
    signature = ours.sign(body)
    headers = {"CustomBooks-Signature": signature}
    key = KEY.encode()

    def stdlib_recipe() -> bool:
        expected = hmac.new(key, body, hashlib.sha256).digest()
        return hmac.compare_digest(expected, base64.b64decode(signature))

    standard = guard.Verifier([STANDARD_SECRET], "standard_webhooks")
    standard_headers = standard.sign_headers(body, message_id=MESSAGE_ID, timestamp=now)
    reference = standardwebhooks.Webhook(STANDARD_SECRET)
    svix_webhook = svix.webhooks.Webhook(STANDARD_SECRET)
    svix_headers = {
        "svix-id": MESSAGE_ID,
        "svix-timestamp": str(now),
        "svix-signature": standard_headers["webhook-signature"],
    }
    ours_stripe = guard.Verifier([STRIPE_SECRET], "stripe")
    text = body.decode()
    stripe_header = stripe.WebhookSignature.generate_signature_header(
        text, STRIPE_SECRET, timestamp=now
    )
    stripe_headers = {"Stripe-Signature": stripe_header}
    return {
        "ours (custombooks)": lambda: ours.verify(body, headers),
        "ours (standard_webhooks)": lambda: standard.verify(body, standard_headers),
        "ours (stripe)": lambda: ours_stripe.verify(body, stripe_headers),
        "stdlib hmac+base64+compare_digest": stdlib_recipe,
        "standardwebhooks": lambda: reference.verify(body, standard_headers, json_parse=False),
        "svix": lambda: svix_webhook.verify(body, svix_headers),
        "stripe": lambda: stripe.WebhookSignature.verify_header(
            text, stripe_header, STRIPE_SECRET, tolerance=300
        ),
        "hashlib.sha256 (ceiling)": lambda: hashlib.sha256(body).digest(),
    }


def describe_machine() -> str:
    """Return the CPU model, core count, load average and Python version, for the record."""
    model = platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{model}, {os.cpu_count()} cores, load average {load}, Python {platform.python_version()}"
    )


def compare() -> None:
    print(f"# signature verification, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(f"# {describe_machine()}")
    results: dict[str, dict[str, float]] = {}
    for label, size in SIZES.items():
        body = make_body(size)
        results[label] = interleaved_best(candidates(body))

    names = list(next(iter(results.values())))
    print("\n| library | " + " | ".join(SIZES) + " |")
    print("|---|" + "---:|" * len(SIZES))
    for name in names:
        cells = [format_time(results[label][name]) for label in SIZES]
        print(f"| {name} | " + " | ".join(cells) + " |")

    print("\n| ratio (ours / other) | " + " | ".join(SIZES) + " |")
    print("|---|" + "---:|" * len(SIZES))
    pairs = [
        ("ours (custombooks)", "stdlib hmac+base64+compare_digest"),
        ("ours (standard_webhooks)", "standardwebhooks"),
        ("ours (standard_webhooks)", "svix"),
        ("ours (stripe)", "stripe"),
        ("ours (custombooks)", "hashlib.sha256 (ceiling)"),
    ]
    for ours, other in pairs:
        cells = [f"{results[label][ours] / results[label][other]:.2f}" for label in SIZES]
        print(f"| {ours} / {other} | " + " | ".join(cells) + " |")
    one_mb = results["1 MB"]
    throughput = one_mb["hashlib.sha256 (ceiling)"] / one_mb["ours (custombooks)"]
    print(f"\nours at 1 MB: {throughput:.2f}x the throughput of hashlib.sha256")


def format_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.2f} µs"
    return f"{seconds * 1e3:.3f} ms"


def threaded_seconds(verify: Callable[[], object], threads: int, calls: int) -> float:
    """Return the wall time for ``threads`` threads each making ``calls`` calls."""
    barrier = threading.Barrier(threads + 1)

    def work() -> None:
        barrier.wait()
        for _ in range(calls):
            verify()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    return time.perf_counter() - started


def measure_detach() -> None:
    """Time verification with the GIL always held and always released, alone and in 2 threads."""
    print(f"# GIL release, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(f"# {describe_machine()}")
    verifier = guard.Verifier([KEY])
    print("| body | held, 1 thread | released, 1 thread | held, 2 threads | released, 2 threads |")
    print("|---:|---:|---:|---:|---:|")
    previous = guard._core._set_detach_threshold(0)
    try:
        for size in (256, 1024, 2048, 4096, 8192, 16384, 65536, 262144):
            body = make_body(size)
            signature = verifier.sign(body)

            def verify(body: bytes = body, signature: str = signature) -> None:
                verifier.verify_signature(body, signature)

            row = []
            for threshold in (1 << 62, 0):
                guard._core._set_detach_threshold(threshold)
                row.append(best_seconds(verify))
            calls = max(200, int(0.2 / row[0]))
            for threshold in (1 << 62, 0):
                guard._core._set_detach_threshold(threshold)
                row.append(min(threaded_seconds(verify, 2, calls) for _ in range(3)) / calls)
            print(f"| {size} | " + " | ".join(format_time(value) for value in row) + " |")
    finally:
        guard._core._set_detach_threshold(previous)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--detach", action="store_true", help="measure where releasing the GIL pays off"
    )
    arguments = parser.parse_args()
    if arguments.detach:
        measure_detach()
    else:
        compare()


if __name__ == "__main__":
    main()
