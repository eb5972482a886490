"""Exceptions raised by custombooks-guard.

Every exception derives from :class:`GuardError`. Bad input also derives from ``ValueError`` (or
``TypeError`` for a wrong type), so code that already catches those keeps working. Messages name
the problem and the fix; they never contain a secret, a signature or payload data.

``http_status`` on each class is the status a webhook receiver responds with.
"""

from __future__ import annotations

__all__ = [
    "ApiFault",
    "ArgumentTypeError",
    "BodyTypeError",
    "ConfigurationError",
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
    "SignatureError",
    "SignatureMismatch",
    "TimestampOutOfTolerance",
    "UnsupportedVersion",
]


class GuardError(Exception):
    """Base class of every exception raised by custombooks-guard."""

    http_status: int = 400


class ConfigurationError(GuardError, ValueError):
    """A setting or key is invalid, for example an empty list of secret keys."""

    http_status = 500


class ArgumentTypeError(GuardError, TypeError):
    """An argument has the wrong type, for example headers that are not a mapping."""

    http_status = 500


class BodyTypeError(ArgumentTypeError):
    """A request body is not bytes or a buffer, for example a ``str``."""


class SignatureError(GuardError, ValueError):
    """The delivery's signature is missing, malformed or does not match the body."""

    http_status = 401


class MissingSignature(SignatureError):
    """The signature header is absent or empty."""


class MalformedSignature(SignatureError):
    """The signature header is not Base64 of a 32-byte HMAC-SHA256."""


class SignatureMismatch(SignatureError):
    """The signature does not match the body for any configured key."""


class TimestampOutOfTolerance(SignatureError):
    """The signature is valid, but its signed timestamp is too far from the local clock."""


class PayloadError(GuardError, ValueError):
    """The payload cannot be parsed."""

    http_status = 400


class InvalidJson(PayloadError):
    """The body is not valid JSON. ``line`` and ``column`` give the position, both from 1.

    Column 0 means the start of the line, before its first character: an empty body, or a body
    that ends early just after a newline.
    """

    line: int
    column: int


class InvalidVersion(PayloadError):
    """The payload version is not a ``"MAJOR.MINOR"`` string, or is missing under a strict
    policy."""


class UnsupportedVersion(PayloadError):
    """The payload's major version is unknown. ``version`` is the version received and
    ``supported_majors`` the major versions this parser reads."""

    http_status = 422
    version: str
    supported_majors: list[int]


class InvalidPayload(PayloadError):
    """The payload is valid JSON but lacks a required field or has one of the wrong type."""


class PayloadTooLarge(PayloadError):
    """The payload is over a configured limit: its body size, number of events, nesting depth
    or string length. ``limit`` is the limit's value and ``setting`` the keyword argument that
    raises it, such as ``"max_depth"``."""

    http_status = 413
    limit: int
    setting: str


class ApiFault(GuardError):
    """The API returned a ``Fault`` in place of a result.

    ``fault_type`` is the fault's type, such as ``"ValidationFault"``, or ``"Fault"`` when the
    fault has no ``type``. ``errors`` contains each member of ``Fault.Error`` as sent
    (``Message``, ``Detail``, ``code``). The message names the type and the first five codes,
    then how many more there are; it leaves out the error messages, because they can quote the
    data that was sent.
    """

    http_status = 502
    fault_type: str
    errors: list[dict[str, object]]


class NewerMinorVersionWarning(UserWarning):
    """A payload has a minor version newer than the version policy lists. It was parsed, and
    fields added since are kept in ``extra``; issued once per version and policy. A warning that a
    filter turned into an exception does not count, so the next parse of the version warns
    again."""


class RedactionError(GuardError, ValueError):
    """Redaction could not run on the input, for example JSON that does not parse."""


class RedactionTypeError(RedactionError, ArgumentTypeError):
    """An argument of a redaction call has the wrong type, for example a ``bytes`` text."""
