"""Verify, parse and redact CustomBooks webhooks.

A receiver needs one object and one call::

    guard = custombooks_guard.Webhook(secrets=[current_key, previous_key])
    delivery = guard.receive(request.get_data(), request.headers)
    for event in delivery.events:
        save(event.id, event.type, event.data)  # data has PII redacted
"""

from __future__ import annotations

from custombooks_guard import exceptions
from custombooks_guard._core import (
    SIGNATURE_HEADER,
    SIGNATURE_SCHEMES,
    ApiResponse,
    Event,
    Finding,
    Redactor,
    Verifier,
    VersionPolicy,
    Webhook,
    WebhookDelivery,
    parse_response,
    parse_webhook,
)
from custombooks_guard.analysis import Analysis
from custombooks_guard.exceptions import (
    ApiFault,
    ArgumentTypeError,
    BodyTypeError,
    ConfigurationError,
    GuardError,
    InvalidJson,
    InvalidPayload,
    InvalidVersion,
    MalformedSignature,
    MissingSignature,
    NewerMinorVersionWarning,
    PayloadError,
    PayloadTooLarge,
    RedactionError,
    RedactionTypeError,
    SignatureError,
    SignatureMismatch,
    TimestampOutOfTolerance,
    UnsupportedVersion,
)

__version__ = "0.1.0"

__all__ = [
    "SIGNATURE_HEADER",
    "SIGNATURE_SCHEMES",
    "Analysis",
    "ApiFault",
    "ApiResponse",
    "ArgumentTypeError",
    "BodyTypeError",
    "ConfigurationError",
    "Event",
    "Finding",
    "GuardError",
    "InvalidJson",
    "InvalidPayload",
    "InvalidVersion",
    "MalformedSignature",
    "MissingSignature",
    "NewerMinorVersionWarning",
    "PayloadError",
    "PayloadTooLarge",
    "RedactionError",
    "RedactionTypeError",
    "Redactor",
    "SignatureError",
    "SignatureMismatch",
    "TimestampOutOfTolerance",
    "UnsupportedVersion",
    "Verifier",
    "VersionPolicy",
    "Webhook",
    "WebhookDelivery",
    "exceptions",
    "parse_response",
    "parse_webhook",
]
