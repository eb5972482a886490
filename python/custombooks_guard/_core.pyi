"""Type stubs for the native module ``custombooks_guard._core``."""

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import (
    Any,
    Literal,
    Protocol,
    Self,
    SupportsIndex,
    TypeAlias,
    TypeVar,
    final,
    overload,
)

from typing_extensions import Buffer

from custombooks_guard.analysis import Analysis

__all__ = [
    "SIGNATURE_HEADER",
    "SIGNATURE_SCHEMES",
    "ApiResponse",
    "Event",
    "Finding",
    "Redactor",
    "Verifier",
    "VersionPolicy",
    "Webhook",
    "WebhookDelivery",
    "_set_detach_threshold",
    "parse_response",
    "parse_webhook",
]

class _Headers(Protocol):
    """Request headers: any mapping, Werkzeug's ``Headers``, Django's ``HttpHeaders`` or a WSGI
    environ. Names are matched case-insensitively."""

    def items(self) -> Iterable[tuple[str, Any]]: ...

SIGNATURE_HEADER: str
"""Name of the header that carries the signature: ``CustomBooks-Signature``."""

SIGNATURE_SCHEMES: list[str]
"""Names of the signature schemes ``Verifier`` accepts."""

@final
class Verifier:
    """Verifies and creates webhook signatures with one or more secret keys.

    One instance is immutable and serves every thread. Keys stay in native memory, are wiped
    when the verifier is dropped, and never appear in a repr or an error message.

    Args:
        secrets: Secret keys, the current one first. During a rotation pass
            ``[current, previous]``: a delivery signed with either verifies, and ``sign`` uses
            the first. A ``str`` is the secret as the provider shows it (``whsec_`` Base64 for
            ``standard_webhooks``); ``bytes`` are used as the HMAC key as they are.
        scheme: One of ``SIGNATURE_SCHEMES``: ``custombooks`` (the default),
            ``standard_webhooks``, ``stripe``, ``github``, ``shopify``, ``quickbooks``, ``xero``.
        tolerance: Largest difference in seconds, either way, between a signed timestamp and
            the clock, for schemes that sign one.
        clock: Function returning Unix time in seconds; ``time.time`` when omitted.

    Raises:
        ConfigurationError: The scheme is unknown, the list is empty, a key is empty, padded
            with whitespace, lacks its scheme's prefix or is not valid Base64.
    """

    def __new__(
        cls,
        secrets: Sequence[str | bytes],
        scheme: str = "custombooks",
        *,
        tolerance: int = 300,
        clock: Callable[[], float] | None = None,
    ) -> Self: ...
    def verify(self, body: Buffer, headers: _Headers) -> None:
        """Verify the signature headers in ``headers`` against the raw ``body``.

        Raises:
            MissingSignature, MalformedSignature, SignatureMismatch: The check failed.
            TimestampOutOfTolerance: The signature is valid but its timestamp is too old or new.
            BodyTypeError: ``body`` is a ``str``.
            ArgumentTypeError: ``headers`` is not a mapping.
        """

    def verify_signature(
        self,
        body: Buffer,
        signature: str | None,
        *,
        message_id: str | None = None,
        timestamp: str | int | None = None,
    ) -> None:
        """Verify header values that the caller has already read.

        ``message_id`` and ``timestamp`` are the ``webhook-id`` and ``webhook-timestamp``
        values for ``standard_webhooks``; other schemes ignore them.
        """

    def sign(
        self, body: Buffer, *, message_id: str | None = None, timestamp: int | None = None
    ) -> str:
        """Return the signature header value for ``body``, made with the first key.

        Schemes that sign a timestamp use ``timestamp`` or the clock's time.
        """

    def sign_headers(
        self, body: Buffer, *, message_id: str | None = None, timestamp: int | None = None
    ) -> dict[str, str]:
        """Return every header a delivery of ``body`` needs, the signature included."""

    @property
    def scheme(self) -> str:
        """Name of the signature scheme."""

    @property
    def key_count(self) -> int:
        """Number of keys that verify."""

    @property
    def tolerance(self) -> int:
        """Tolerance for signed timestamps, in seconds."""

    def __copy__(self) -> Self: ...
    def __deepcopy__(self, memo: object, /) -> Self: ...

@final
class Event:
    """One change in a CustomBooks company, the same shape for every payload version."""

    @property
    def id(self) -> str:
        """Unique id for deduplication: the sender's in 2.x, derived in 1.x."""

    @property
    def type(self) -> str:
        """Event type, such as ``custombooks.customer.updated``."""

    @property
    def entity(self) -> str:
        """Entity name, such as ``Customer``."""

    @property
    def entity_id(self) -> str:
        """Id of the entity that changed."""

    @property
    def operation(self) -> str:
        """Operation, such as ``Create`` or ``Merge``; unknown ones are kept as sent."""

    @property
    def company_id(self) -> str:
        """Id of the CustomBooks company (``realmId`` in 1.x)."""

    @property
    def occurred_at(self) -> datetime:
        """When the change happened, an aware datetime with the sender's UTC offset."""

    @property
    def version(self) -> str:
        """Version of the payload that carried the event, such as ``"2.1"``."""

    @property
    def sequence(self) -> int | None:
        """Sender's sequence number, from version 2.1 on."""

    @property
    def deleted_id(self) -> str | None:
        """Id of the entity merged away, on ``Merge`` events."""

    @property
    def changed_fields(self) -> tuple[str, ...]:
        """Names of the changed fields, when the sender lists them."""

    @property
    def data(self) -> dict[str, Any]:
        """Event data (the 2.x ``data`` object, empty in 1.x), converted on first access."""

    @property
    def extra(self) -> dict[str, Any]:
        """Members of the event that this version's decoder does not map to a field."""

@final
class WebhookDelivery:
    """A parsed webhook payload: its version and its events."""

    @property
    def version(self) -> str:
        """Payload version, such as ``"2.1"``."""

    @property
    def version_inferred(self) -> bool:
        """True when the payload had no version and it was inferred from the shape."""

    @property
    def newer_minor(self) -> bool:
        """True when the minor version is newer than this parser was written for."""

    @property
    def events(self) -> tuple[Event, ...]:
        """The normalised events, in payload order."""

    @property
    def extra(self) -> dict[str, Any]:
        """Top-level members that this version's decoder does not know."""

    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[Event]:
        """Iterate over the events, as ``events`` does."""

    @overload
    def __getitem__(self, key: SupportsIndex, /) -> Event:
        """Return the event at ``key``, or a tuple of events for a slice, as ``events`` does."""
    @overload
    def __getitem__(self, key: slice, /) -> tuple[Event, ...]: ...

@final
class Finding:
    """One piece of PII found in a text or a JSON document."""

    @property
    def entity(self) -> str:
        """Entity name, such as ``EMAIL_ADDRESS``."""

    @property
    def start(self) -> int:
        """Start index in the Python string."""

    @property
    def end(self) -> int:
        """End index (exclusive) in the Python string."""

    @property
    def score(self) -> float:
        """Confidence from 0 to 1."""

    @property
    def rule(self) -> str:
        """Id of the pattern that matched, ``json.field`` for a JSON field rule."""

    @property
    def pointer(self) -> str | None:
        """JSON pointer of the value that contains the finding; None for findings in text."""

_Operator: TypeAlias = (
    Literal["replace", "mask", "hash", "remove", "keep"]
    | tuple[Literal["replace"], str]
    | tuple[Literal["mask"], int]
    | tuple[Literal["mask"], int, str]
    | Callable[[str, str], str]
)
_JsonDocument = TypeVar("_JsonDocument", bytes, str, dict[str, Any], list[Any])

@final
class Redactor:
    """Finds PII in text and JSON and replaces it.

    Args:
        entities: Entity names to detect; ``None`` for every entity of ``locales``.
        locales: Country codes (``US``, ``GB`` or ``UK``, ``CA``, ...) whose country-specific
            entities the default selection contains; ``None`` for all.
        operators: Operator per entity name, with ``"DEFAULT"`` for the rest: ``"replace"``
            (``[ENTITY]``), ``("replace", label)``, ``"mask"`` (keeps the last 4),
            ``("mask", keep_last[, mask_char])``, ``"hash"`` (keyed pseudonym), ``"remove"``,
            ``"keep"`` (report only), or a callable ``(value, entity) -> str``.
        allow: Values never reported: ``str`` compared exactly, ``re.Pattern`` matched whole.
        deny: Values always reported, per entity name (which may be a name of your own).
        threshold: Minimum score, for all entities or per entity name (with ``"DEFAULT"``).
        hash_key: Secret key of the ``"hash"`` operator's HMAC-SHA256.

    Raises:
        ConfigurationError: An entity, operator, list entry, threshold or key is invalid.
    """

    def __new__(
        cls,
        entities: Sequence[str] | None = None,
        *,
        locales: Sequence[str] | None = None,
        operators: Mapping[str, _Operator] | None = None,
        allow: Sequence[str | re.Pattern[str]] | None = None,
        deny: Mapping[str, Sequence[str | re.Pattern[str]]] | None = None,
        threshold: float | Mapping[str, float] | None = None,
        hash_key: str | bytes | None = None,
    ) -> Self: ...
    @property
    def entities(self) -> list[str]:
        """Entity names this redactor detects in text."""

    def analyze(self, text: str, *, entities: Sequence[str] | None = None) -> Analysis:
        """Return the findings in ``text``, sorted by position and without overlaps.

        ``entities`` narrows the selection for this call.
        """

    def redact(self, text: str, *, entities: Sequence[str] | None = None) -> str:
        """Return ``text`` with each finding replaced by its operator's output."""

    def redact_many(
        self, texts: Iterable[str], *, entities: Sequence[str] | None = None
    ) -> list[str]:
        """Redact each text with the GIL released, on several threads for large batches."""

    def redact_json(
        self, value: _JsonDocument, *, entities: Sequence[str] | None = None
    ) -> _JsonDocument:
        """Redact a JSON document by field names and by scanning strings.

        Returns the same type and shape as given. Numbers stay numbers unless a field rule
        marks their key as sensitive.

        Raises:
            RedactionError: The document is not valid JSON or contains a non-JSON value.
        """

    def analyze_json(
        self,
        value: bytes | str | dict[str, Any] | list[Any],
        *,
        entities: Sequence[str] | None = None,
    ) -> list[Finding]:
        """Return the findings in a JSON document, each with the JSON pointer of its value."""
    def __copy__(self) -> Redactor:
        """Return this redactor: it never changes."""
    def __deepcopy__(self, _memo: object) -> Redactor:
        """Return this redactor: it never changes."""

@final
class Webhook:
    """Verifies, parses and redacts webhook deliveries from CustomBooks or QuickBooks Online.

    Args:
        secrets: The sender's keys, the current one first: CustomBooks Signature Secret Keys,
            or with ``preset="quickbooks"`` the verifier tokens of the Intuit app.
        preset: The sender. ``"custombooks"`` verifies ``CustomBooks-Signature`` and parses
            versioned CustomBooks payloads. ``"quickbooks"`` verifies ``intuit-signature`` and
            parses QuickBooks Online's legacy ``eventNotifications`` object and its CloudEvents
            array into the same events, typed ``qbo.<entity>.<verb>.v1``, as
            ``parse_webhook(body, preset="quickbooks")`` does. QuickBooks payloads carry no
            version, so that preset takes no ``policy`` or ``infer_missing_version``.
            ``None`` is the default, ``"custombooks"``.
        redactor: Redactor for event data; the default one when omitted.
        redact: False to return event data unredacted.
        max_body_bytes: Largest body accepted, in bytes, at least 1.
        max_events: Most events accepted in one delivery, at least 1.
        max_depth: Most nested JSON objects and arrays, from 1 to 127.
        max_string_bytes: Longest JSON string or key, in UTF-8 bytes, at least 1.
        policy: Version policy; the default one (newer minors warn, missing versions are
            inferred) when omitted.
        infer_missing_version: False is short for ``policy=VersionPolicy.strict()``: a payload
            without ``webhookVersion`` raises ``InvalidVersion``. Not allowed with ``policy``.

    Raises:
        ConfigurationError: A key is invalid, a limit is not an int in its range, the preset
            is unknown or neither a ``str`` nor ``None``, or ``policy`` or
            ``infer_missing_version`` is given with the QuickBooks preset.
    """

    def __new__(
        cls,
        secrets: Sequence[str | bytes],
        *,
        preset: Literal["custombooks", "quickbooks"] | None = "custombooks",
        redactor: Redactor | None = None,
        redact: bool = True,
        max_body_bytes: int = 1048576,
        max_events: int = 1000,
        max_depth: int = 64,
        max_string_bytes: int = 131072,
        policy: VersionPolicy | None = None,
        infer_missing_version: bool | None = None,
    ) -> Self: ...
    def receive(self, body: Buffer, headers: _Headers) -> WebhookDelivery:
        """Verify the signature, then parse the payload, then redact event data.

        Raises:
            SignatureError: The signature is missing, malformed or does not match. A missing
                signature on a request that carries the other preset's signature header raises
                ``MissingSignature`` naming the preset that fits.
            PayloadError: The payload is not JSON, too large, of an unsupported version, or in
                the other preset's format.
            BodyTypeError: ``body`` is a ``str`` or ``headers`` is not a mapping.
        """

    def sign(self, body: Buffer) -> str:
        """Return the signature header value for ``body``, made with the first key."""

    @property
    def preset(self) -> Literal["custombooks", "quickbooks"]:
        """Name of the sender preset."""

    @property
    def signature_header(self) -> str:
        """Name of the header that carries the signature, such as ``"intuit-signature"``."""

@final
class VersionPolicy:
    """The payload versions a parser accepts, and how it treats newer and missing ones.

    Args:
        webhook_versions: Known webhook versions, one ``"MAJOR.MINOR"`` per major: the newest
            minor your handlers were written for. Defaults to ``("1.1", "2.1")``.
        api_versions: Known API response versions in the same form. Defaults to ``("3.4",)``.
        newer_minor: For a newer minor version of a known major: ``"warn"`` parses it and
            issues ``NewerMinorVersionWarning`` once per version (again after a warning that a
            filter turned into an exception), ``"accept"`` parses it
            silently, ``"reject"`` raises ``UnsupportedVersion``.
        missing_version: ``"infer"`` infers a missing version from the payload's shape and sets
            ``version_inferred``; ``"reject"`` raises ``InvalidVersion``.

    Raises:
        ConfigurationError: A version list is a single str or not a list of str, a version is
            malformed, a list is empty or names the same major twice, a major has no decoder
            in this library, or an option is not one of its choices.
    """

    def __new__(
        cls,
        *,
        webhook_versions: Sequence[str] | None = None,
        api_versions: Sequence[str] | None = None,
        newer_minor: Literal["warn", "accept", "reject"] = "warn",
        missing_version: Literal["infer", "reject"] = "infer",
    ) -> Self: ...
    @staticmethod
    def strict() -> VersionPolicy:
        """Return the default policy, except that a missing version raises ``InvalidVersion``."""

    @property
    def webhook_versions(self) -> tuple[str, ...]:
        """Known webhook versions."""

    @property
    def api_versions(self) -> tuple[str, ...]:
        """Known API response versions."""

    @property
    def newer_minor(self) -> Literal["warn", "accept", "reject"]:
        """Handling of a newer minor version."""

    @property
    def missing_version(self) -> Literal["infer", "reject"]:
        """Handling of a payload without a version."""

@final
class ApiResponse:
    """A parsed API response: one entity or a query result."""

    @property
    def version(self) -> str:
        """Response version, such as ``"3.4"``."""

    @property
    def version_inferred(self) -> bool:
        """True when the response had no ``apiVersion`` and 3.0 was inferred from the shape."""

    @property
    def newer_minor(self) -> bool:
        """True when the minor version is newer than the version policy lists."""

    @property
    def time(self) -> datetime | None:
        """Server time of the response, with the sender's UTC offset."""

    @property
    def kind(self) -> Literal["entity", "query"]:
        """``"entity"`` for a single entity, ``"query"`` for a ``QueryResponse``."""

    @property
    def entity(self) -> str | None:
        """Entity name, such as ``Customer``; None for an empty query result."""

    @property
    def data(self) -> Any:
        """The entity as a dict, or the query's entities as a list of dicts; converted on first
        access."""

    @property
    def start_position(self) -> int | None:
        """``startPosition`` of a query result."""

    @property
    def max_results(self) -> int | None:
        """``maxResults`` of a query result."""

    @property
    def total_count(self) -> int | None:
        """``totalCount`` of a count query."""

    @property
    def extra(self) -> dict[str, Any]:
        """Top-level members the decoder does not know; unknown ``QueryResponse`` members are
        under ``"QueryResponse"``."""

    def __len__(self) -> int: ...

def _set_detach_threshold(bytes: int) -> int:
    """Set the body size from which hashing releases the GIL; return the previous one.

    For benchmarks only.
    """

def parse_webhook(
    body: Buffer,
    *,
    policy: VersionPolicy | None = None,
    preset: Literal["custombooks", "quickbooks"] | None = "custombooks",
    max_body_bytes: int = 1048576,
    max_events: int = 1000,
    max_depth: int = 64,
    max_string_bytes: int = 131072,
) -> WebhookDelivery:
    """Parse a webhook body without verifying or redacting it.

    Args:
        body: The raw request body.
        policy: Version policy; the default one when omitted.
        preset: ``"quickbooks"`` reads QuickBooks Online's legacy ``eventNotifications``
            object and its CloudEvents array into the same events, typed
            ``qbo.<entity>.<verb>.v1``. Such payloads carry no version, so the delivery reports
            1.0 as inferred and takes no ``policy``. A CloudEvents ``type`` not of the form
            ``qbo.<entity>.<verb>.v<N>`` (N a positive integer without leading zeros) raises
            ``InvalidPayload``. ``None`` is the default,
            ``"custombooks"``.
        max_body_bytes: Largest body accepted, in bytes, at least 1.
        max_events: Most events accepted in one delivery, at least 1.
        max_depth: Most nested JSON objects and arrays, from 1 to 127.
        max_string_bytes: Longest JSON string or key, in UTF-8 bytes, at least 1.

    Raises:
        PayloadError: The payload is not JSON, over a limit, or of an unsupported version.
        ConfigurationError: A limit is not an int in its range (``max_depth`` from 1 to 127,
            the others at least 1), the preset is unknown or neither a ``str`` nor ``None``, or
            a policy is given with the QuickBooks preset.
    """

def parse_response(
    body: Buffer,
    *,
    policy: VersionPolicy | None = None,
    max_body_bytes: int = 1048576,
    max_depth: int = 64,
    max_string_bytes: int = 131072,
) -> ApiResponse:
    """Parse an API response body (``apiVersion`` 3.x).

    Raises:
        ApiFault: The response is a ``Fault``; ``fault_type`` is ``"Fault"`` when it has no
            ``type``.
        InvalidPayload: The response has no result or several, or a ``QueryResponse``
            result that is not an array of objects.
        PayloadError: The body is not JSON, over a limit, or of an unsupported version.
        ConfigurationError: A limit is not an int in its range (``max_depth`` from 1 to 127,
            the others at least 1).
    """
