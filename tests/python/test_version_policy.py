"""Version policies: known versions, newer minors, missing versions and their warnings."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest

import custombooks_guard as guard

EVENT: dict[str, Any] = {
    "specversion": "1.0",
    "id": "evt_1",
    "source": "custombooks/company/913",
    "type": "custombooks.invoice.voided",
    "time": "2026-11-30T22:42:19Z",
    "subject": "Invoice/130",
    "companyId": "913",
    "sequence": 7,
    "data": {"entity": "Invoice", "id": "130", "operation": "Void"},
}


def webhook_body(version: str | None) -> bytes:
    payload: dict[str, Any] = {"events": [EVENT]}
    if version is not None:
        payload["webhookVersion"] = version
    return json.dumps(payload).encode()


def test_defaults() -> None:
    policy = guard.VersionPolicy()
    assert policy.webhook_versions == ("1.1", "2.1")
    assert policy.api_versions == ("3.4",)
    assert policy.newer_minor == "warn"
    assert policy.missing_version == "infer"
    assert repr(policy) == (
        "VersionPolicy(webhook_versions=('1.1', '2.1'), api_versions=('3.4',), "
        "newer_minor='warn', missing_version='infer')"
    )


def test_newer_minor_warns_once_per_version() -> None:
    policy = guard.VersionPolicy()
    with pytest.warns(guard.NewerMinorVersionWarning, match=r"webhookVersion 2\.5 is newer"):
        delivery = guard.parse_webhook(webhook_body("2.5"), policy=policy)
    assert delivery.newer_minor
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        guard.parse_webhook(webhook_body("2.5"), policy=policy)
    with pytest.warns(guard.NewerMinorVersionWarning, match=r"2\.6"):
        guard.parse_webhook(webhook_body("2.6"), policy=policy)


def test_newer_minor_warning_that_raised_warns_again() -> None:
    # A test suite that turns the warning into an error must fail on every parse of the
    # version, not only on the first.
    policy = guard.VersionPolicy()
    for _ in range(2):
        with warnings.catch_warnings():
            warnings.simplefilter("error", guard.NewerMinorVersionWarning)
            with pytest.raises(guard.NewerMinorVersionWarning, match=r"2\.4"):
                guard.parse_webhook(webhook_body("2.4"), policy=policy)
    with pytest.warns(guard.NewerMinorVersionWarning, match=r"2\.4"):
        guard.parse_webhook(webhook_body("2.4"), policy=policy)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        guard.parse_webhook(webhook_body("2.4"), policy=policy)


def test_newer_minor_warning_points_at_caller() -> None:
    with pytest.warns(guard.NewerMinorVersionWarning) as caught:
        guard.parse_webhook(webhook_body("2.9"), policy=guard.VersionPolicy())
    assert caught[0].filename == __file__


def test_known_minor_does_not_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        delivery = guard.parse_webhook(webhook_body("2.1"), policy=guard.VersionPolicy())
    assert not delivery.newer_minor


def test_accept_parses_newer_minor_silently() -> None:
    policy = guard.VersionPolicy(newer_minor="accept")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        delivery = guard.parse_webhook(webhook_body("2.8"), policy=policy)
    assert delivery.newer_minor
    assert delivery.version == "2.8"


def test_reject_raises_unsupported_version() -> None:
    policy = guard.VersionPolicy(newer_minor="reject")
    with pytest.raises(guard.UnsupportedVersion, match=r"newer than 2\.1") as caught:
        guard.parse_webhook(webhook_body("2.2"), policy=policy)
    assert caught.value.version == "2.2"
    assert guard.parse_webhook(webhook_body("2.0"), policy=policy).version == "2.0"


def test_narrowed_policy_rejects_dropped_major() -> None:
    policy = guard.VersionPolicy(webhook_versions=["2.1"])
    v1 = b'{"webhookVersion": "1.0", "eventNotifications": []}'
    with pytest.raises(guard.UnsupportedVersion) as caught:
        guard.parse_webhook(v1, policy=policy)
    assert caught.value.supported_majors == [2]
    assert "2.x" in str(caught.value)


def test_raised_known_minor_stops_the_flag() -> None:
    policy = guard.VersionPolicy(webhook_versions=["1.1", "2.4"])
    delivery = guard.parse_webhook(webhook_body("2.4"), policy=policy)
    assert not delivery.newer_minor


def test_strict_rejects_missing_version() -> None:
    strict = guard.VersionPolicy.strict()
    assert strict.missing_version == "reject"
    with pytest.raises(guard.InvalidVersion, match="has no webhookVersion"):
        guard.parse_webhook(webhook_body(None), policy=strict)
    delivery = guard.parse_webhook(webhook_body(None), policy=guard.VersionPolicy())
    assert (delivery.version, delivery.version_inferred) == ("2.1", True)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"newer_minor": "ignore"}, r'newer_minor is "ignore"; pass "warn"'),
        ({"missing_version": "guess"}, r'missing_version is "guess"'),
        ({"webhook_versions": ["2"]}, r'webhook_versions contains "2"'),
        ({"api_versions": ["v3.4"]}, r'api_versions contains "v3\.4"'),
        (
            {"webhook_versions": "2.1"},
            r'webhook_versions must be a list .*not a single str: pass \["2\.1"\]',
        ),
        (
            {"api_versions": "3.4"},
            r'api_versions must be a list .*not a single str: pass \["3\.4"\]',
        ),
        (
            {"webhook_versions": b"2.1"},
            r'webhook_versions must be a list .*not a single bytes: pass \["2\.1"\]',
        ),
        (
            {"api_versions": b"3.4"},
            r'api_versions must be a list .*not a single bytes: pass \["3\.4"\]',
        ),
        ({"api_versions": 3}, r'api_versions must be a list .*such as \["3\.4"\]'),
        ({"api_versions": [3.4]}, r'api_versions entry number 1 is a float.*such as "3\.4"'),
        ({"api_versions": ["3"]}, r'api_versions contains "3".*such as "3\.4"'),
        ({"webhook_versions": ["2"]}, r'webhook_versions contains "2".*such as "2\.1"'),
        ({"webhook_versions": 2.1}, r"webhook_versions must be a list .*not a float"),
        ({"api_versions": 3}, r"api_versions must be a list .*not an int"),
        ({"webhook_versions": ["2.1", 1.1]}, r"webhook_versions entry number 2 is a float"),
        ({"api_versions": [b"3.4"]}, r"api_versions entry number 1 is a bytes"),
        (
            {"webhook_versions": ["2.1", "2.3"]},
            r"webhook versions 2\.1 and 2\.3, both of major version 2",
        ),
        (
            {"webhook_versions": ["1.1", "2.1", "1.0"]},
            r"webhook versions 1\.1 and 1\.0, both of major version 1",
        ),
        (
            {"api_versions": ["3.4", "3.4"]},
            r"API response versions 3\.4 and 3\.4, both of major version 3",
        ),
        ({"webhook_versions": []}, "lists no webhook versions"),
        ({"webhook_versions": ["2.1", "4.0"]}, r"webhook version 4\.0.*1\.x, 2\.x"),
        ({"api_versions": ["2.0"]}, r"API response version 2\.0.*3\.x"),
    ],
)
def test_invalid_options_raise(options: dict[str, Any], message: str) -> None:
    with pytest.raises(guard.ConfigurationError, match=message):
        guard.VersionPolicy(**options)


def test_version_lists_take_any_iterable() -> None:
    policy = guard.VersionPolicy(webhook_versions=("2.3", "1.1"), api_versions=iter(["3.5"]))
    assert policy.webhook_versions == ("2.3", "1.1")
    assert policy.api_versions == ("3.5",)


def test_api_newer_minor_warning_fits_responses() -> None:
    body = json.dumps({"apiVersion": "3.9", "Customer": {"Id": "1"}}).encode()
    with pytest.warns(guard.NewerMinorVersionWarning) as caught:
        guard.parse_response(body, policy=guard.VersionPolicy())
    message = str(caught[0].message)
    assert message.startswith("apiVersion 3.9 is newer than 3.4"), message
    assert "kept in extra and in data" in message
    assert "event types" not in message


def test_webhook_newer_minor_warning_names_event_types() -> None:
    with pytest.warns(guard.NewerMinorVersionWarning) as caught:
        guard.parse_webhook(webhook_body("2.7"), policy=guard.VersionPolicy())
    assert "unknown event types stay strings" in str(caught[0].message)


def test_webhook_receive_uses_policy_and_warns() -> None:
    policy = guard.VersionPolicy()
    webhook = guard.Webhook(["key"], policy=policy, redact=False)
    body = webhook_body("2.3")
    headers = {guard.SIGNATURE_HEADER: webhook.sign(body)}
    with pytest.warns(guard.NewerMinorVersionWarning):
        assert webhook.receive(body, headers).newer_minor
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        webhook.receive(body, headers)


def test_webhook_strict_shorthand() -> None:
    webhook = guard.Webhook(["key"], infer_missing_version=False)
    body = webhook_body(None)
    with pytest.raises(guard.InvalidVersion):
        webhook.receive(body, {guard.SIGNATURE_HEADER: webhook.sign(body)})


def test_webhook_rejects_policy_with_shorthand() -> None:
    with pytest.raises(guard.ConfigurationError, match="cannot be given together"):
        guard.Webhook(["key"], policy=guard.VersionPolicy(), infer_missing_version=True)
