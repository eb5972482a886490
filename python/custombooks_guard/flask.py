"""Flask extension that receives CustomBooks (or QuickBooks Online) webhooks.

::

    from flask import Flask

    from custombooks_guard.flask import CustomBooks

    app = Flask(__name__)
    app.config["CUSTOMBOOKS_SECRETS"] = [current_key, previous_key]
    custombooks = CustomBooks(app)


    @custombooks.webhook("/webhooks/custombooks")
    def handle(delivery):
        for event in delivery.events:  # verified, parsed, and with PII redacted
            save(event.id, event.type, event.data)

Settings, read by :meth:`CustomBooks.init_app`:

``CUSTOMBOOKS_SECRETS``
    List of Signature Secret Keys, the current one first. Required unless a
    :class:`~custombooks_guard.Webhook` is passed to :class:`CustomBooks`.
``CUSTOMBOOKS_PRESET``
    The sender: ``"custombooks"`` (the default) or ``"quickbooks"``, which verifies the
    ``intuit-signature`` header and reads both QuickBooks Online webhook formats into the same
    events. With ``"quickbooks"``, ``CUSTOMBOOKS_SECRETS`` lists the Intuit app's verifier
    tokens.
``CUSTOMBOOKS_REDACT``
    ``False`` to hand event data to the handler unredacted. Defaults to ``True``.
``CUSTOMBOOKS_MAX_BODY_BYTES``
    Largest request body accepted, in bytes. Defaults to 1 MiB (1048576).
``CUSTOMBOOKS_MAX_EVENTS``
    Most events accepted in one delivery. Defaults to 1000.
``CUSTOMBOOKS_MAX_DEPTH``
    Most nested JSON objects and arrays, from 1 to 127. Defaults to 64.
``CUSTOMBOOKS_MAX_STRING_BYTES``
    Longest JSON string or key, in UTF-8 bytes. Defaults to 128 KiB (131072).

A rejected delivery gets the JSON response ``{"error": <exception class>, "message": <text>}``
with the exception's ``http_status``: 401 for a bad signature, 400 for a malformed payload, 413
for an oversized body and 422 for an unsupported payload version. Each rejection is logged at
WARNING through the ``custombooks_guard.flask`` logger with the exception class and message.
The library's messages contain no body, header value or key. At most they quote a short prefix
of a malformed version or timestamp, with any PII in it replaced by its entity label.

An app that receives both senders passes its own :class:`~custombooks_guard.Webhook` to a
route, which then uses it in place of the one the settings describe::

    quickbooks = Webhook(quickbooks_tokens, preset="quickbooks")


    @custombooks.webhook("/webhooks/quickbooks", webhook=quickbooks)
    def handle_quickbooks(delivery):
        ...
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias, TypedDict, TypeVar, cast
from weakref import WeakKeyDictionary

from flask import Flask, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import RequestEntityTooLarge

from custombooks_guard import (
    ConfigurationError,
    GuardError,
    PayloadTooLarge,
    Webhook,
    WebhookDelivery,
)

__all__ = ["DEFAULT_MAX_BODY_BYTES", "EXTENSION_KEY", "CustomBooks", "WebhookHandler"]

logger = logging.getLogger(__name__)

EXTENSION_KEY = "custombooks_guard"
"""Key of the extension in ``app.extensions``."""

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
"""Default of ``CUSTOMBOOKS_MAX_BODY_BYTES``: CustomBooks bodies stay under 1 MiB."""

_PRESETS: tuple[Literal["custombooks", "quickbooks"], ...] = ("custombooks", "quickbooks")

WebhookHandler: TypeAlias = Callable[[WebhookDelivery], ResponseReturnValue | None]
"""A view that takes a verified delivery and returns a Flask response, or ``None`` for the
default ``{"received": <event count>}``."""

HandlerT = TypeVar("HandlerT", bound=WebhookHandler)


@dataclass(frozen=True)
class _Route:
    rule: str
    endpoint: str
    handler: WebhookHandler
    webhook: Webhook | None


_LIMIT_SETTINGS = {
    "max_events": "CUSTOMBOOKS_MAX_EVENTS",
    "max_depth": "CUSTOMBOOKS_MAX_DEPTH",
    "max_string_bytes": "CUSTOMBOOKS_MAX_STRING_BYTES",
}
"""Webhook limit keywords and the settings that set them, besides the body size."""


@dataclass(frozen=True)
class _AppState:
    webhook: Webhook
    max_body_bytes: int
    # True when the settings built the webhook, so that limit errors can name the settings.
    from_settings: bool


class CustomBooks:
    """Flask extension that verifies, parses and redacts webhook deliveries.

    The settings describe one sender, CustomBooks unless ``CUSTOMBOOKS_PRESET`` names another.

    Args:
        app: The application to set up now. Pass none and call :meth:`init_app` later when the
            application is made by a factory.
        webhook: A configured :class:`~custombooks_guard.Webhook` to use for every application,
            for example one with a custom redactor. ``CUSTOMBOOKS_SECRETS``,
            ``CUSTOMBOOKS_PRESET``, ``CUSTOMBOOKS_REDACT``, ``CUSTOMBOOKS_MAX_EVENTS``,
            ``CUSTOMBOOKS_MAX_DEPTH`` and ``CUSTOMBOOKS_MAX_STRING_BYTES`` must then be left
            unset, because that Webhook's own arguments set them. ``CUSTOMBOOKS_MAX_BODY_BYTES``
            still bounds the ``Content-Length`` checked before the body is read.
    """

    def __init__(self, app: Flask | None = None, *, webhook: Webhook | None = None) -> None:
        self._webhook = webhook
        self._routes: list[_Route] = []
        # Per-application state, so that one extension object can serve several apps made by
        # the same factory. Weak keys let an app that is no longer used be collected.
        self._states: WeakKeyDictionary[Flask, _AppState] = WeakKeyDictionary()
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Read the ``CUSTOMBOOKS_`` settings of ``app`` and register the webhook views.

        Raises:
            ConfigurationError: A setting is missing or invalid. The message names it.
            RuntimeError: A ``CustomBooks`` extension is already registered on ``app``.
        """
        if EXTENSION_KEY in app.extensions:
            raise RuntimeError(
                f"a CustomBooks extension is already registered on the Flask app {app.name!r}: "
                "call init_app once per app"
            )
        max_body_bytes = _read_size(
            app.config, "CUSTOMBOOKS_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES
        )
        if self._webhook is None:
            webhook = _build_webhook(app.config, max_body_bytes)
        else:
            _check_no_webhook_settings(app.config)
            webhook = self._webhook

        self._states[app] = _AppState(
            webhook=webhook, max_body_bytes=max_body_bytes, from_settings=self._webhook is None
        )
        app.extensions[EXTENSION_KEY] = self
        for route in self._routes:
            self._add_view(app, route)

    def receive(self) -> WebhookDelivery:
        """Verify, parse and redact the delivery in the current request.

        A body whose ``Content-Length`` is over ``CUSTOMBOOKS_MAX_BODY_BYTES`` is rejected
        before it is read. A body sent without ``Content-Length`` is read up to that limit.

        Raises:
            SignatureError: The signature is missing, malformed or does not match.
            PayloadError: The payload is not JSON, too large, or of an unsupported version.
            RuntimeError: ``init_app`` has not been called for the current app.
        """
        # The proxy is resolved because the state is keyed by the application object itself.
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        state = self._states.get(app)
        if state is None:
            raise RuntimeError(
                f"CustomBooks is not set up on the Flask app {app.name!r}: call "
                "custombooks.init_app(app) first"
            )
        return _receive(state)

    def webhook(
        self, rule: str, *, endpoint: str | None = None, webhook: Webhook | None = None
    ) -> Callable[[HandlerT], HandlerT]:
        """Register the decorated function as the POST view for webhook deliveries at ``rule``.

        The function is called with the verified :class:`~custombooks_guard.WebhookDelivery`.
        When it returns ``None`` the view responds 200 with ``{"received": <event count>}``.
        Any other return value becomes the response, as it does for a Flask view. A
        rejected delivery never reaches the function.

        Rules registered before :meth:`init_app` are added to each app when it is set up.

        Args:
            rule: URL rule, such as ``"/webhooks/custombooks"``.
            endpoint: Endpoint name; defaults to the function's name.
            webhook: Receiver for this route in place of the app's, for example
                ``Webhook(tokens, preset="quickbooks")`` in an app whose settings describe
                CustomBooks. ``CUSTOMBOOKS_MAX_BODY_BYTES`` still bounds the body.
        """

        def decorator(handler: HandlerT) -> HandlerT:
            route = _Route(
                rule=rule, endpoint=endpoint or handler.__name__, handler=handler, webhook=webhook
            )
            self._routes.append(route)
            for app in list(self._states.keys()):
                self._add_view(app, route)
            return handler

        return decorator

    def _add_view(self, app: Flask, route: _Route) -> None:
        state = self._states[app]
        if route.webhook is not None:
            state = _AppState(
                webhook=route.webhook, max_body_bytes=state.max_body_bytes, from_settings=False
            )

        @functools.wraps(route.handler)
        def view() -> ResponseReturnValue:
            try:
                delivery = _receive(state)
            except GuardError as error:
                return _rejection_response(error)
            logger.debug(
                "accepted webhook delivery to %s: version %s, %d events",
                request.path,
                delivery.version,
                len(delivery),
            )
            result = route.handler(delivery)
            if result is None:
                return jsonify(received=len(delivery))
            return result

        app.add_url_rule(route.rule, endpoint=route.endpoint, view_func=view, methods=["POST"])


def _read_size(config: dict[str, Any], name: str, default: int) -> int:
    value = config.get(name, default)
    # bool is a subclass of int, and True would silently mean a limit of 1.
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ConfigurationError(f"{name} must be a positive int, not {value!r}")
    return value


class _LimitArguments(TypedDict, total=False):
    max_events: int
    max_depth: int
    max_string_bytes: int


def _read_limits(config: dict[str, Any]) -> _LimitArguments:
    """Read the limit settings that are set, keyed by their ``Webhook`` keyword."""
    limits = {
        keyword: _read_size(config, name, 1)
        for keyword, name in _LIMIT_SETTINGS.items()
        if name in config
    }
    # The keys are those of _LIMIT_SETTINGS, which are the fields of _LimitArguments.
    return cast("_LimitArguments", limits)


def _build_webhook(config: dict[str, Any], max_body_bytes: int) -> Webhook:
    preset = config.get("CUSTOMBOOKS_PRESET", "custombooks")
    if preset not in _PRESETS:
        raise ConfigurationError(
            f'CUSTOMBOOKS_PRESET must be "custombooks" or "quickbooks", not {preset!r}'
        )
    secrets = config.get("CUSTOMBOOKS_SECRETS")
    if not secrets and preset == "quickbooks":
        raise ConfigurationError(
            "CUSTOMBOOKS_SECRETS is missing or empty: set it to the list of verifier tokens "
            "from the Intuit app's webhook settings, the current token first"
        )
    if not secrets:
        raise ConfigurationError(
            "CUSTOMBOOKS_SECRETS is missing or empty: set it to the list of Signature Secret "
            "Keys from the CustomBooks developer dashboard, the current key first"
        )
    redact = config.get("CUSTOMBOOKS_REDACT", True)
    if not isinstance(redact, bool):
        raise ConfigurationError(
            f"CUSTOMBOOKS_REDACT must be True or False, not a {type(redact).__name__}"
        )
    limits = _read_limits(config)
    try:
        return Webhook(
            secrets, preset=preset, redact=redact, max_body_bytes=max_body_bytes, **limits
        )
    except ConfigurationError as error:
        # The library's message starts with the keyword of a limit out of its range, such as
        # max_depth above 127. Any other error is about the keys, and names no key itself.
        for keyword, name in _LIMIT_SETTINGS.items():
            if str(error).startswith(f"{keyword} "):
                raise ConfigurationError(f"{name} is invalid: {error}") from error
        raise ConfigurationError(f"CUSTOMBOOKS_SECRETS is invalid: {error}") from error


def _check_no_webhook_settings(config: dict[str, Any]) -> None:
    settings = (
        "CUSTOMBOOKS_SECRETS",
        "CUSTOMBOOKS_PRESET",
        "CUSTOMBOOKS_REDACT",
        *_LIMIT_SETTINGS.values(),
    )
    ignored = [name for name in settings if name in config]
    if ignored:
        raise ConfigurationError(
            f"{' and '.join(ignored)} would be ignored because a Webhook was passed to "
            "CustomBooks: configure the keys, preset, redaction and limits on that Webhook and "
            "remove the settings, or pass no Webhook"
        )


def _receive(state: _AppState) -> WebhookDelivery:
    limit = state.max_body_bytes
    length = request.content_length
    if length is not None and length > limit:
        raise _too_large(
            f"the request's Content-Length is {length} bytes, over the limit of {limit} bytes; "
            "raise CUSTOMBOOKS_MAX_BODY_BYTES if such bodies are expected",
            limit,
        )

    # A chunked body has no Content-Length. Werkzeug then stops reading at
    # request.max_content_length without an error, so one byte more than the limit is read to
    # tell a body at the limit from a longer one. A lower app-wide MAX_CONTENT_LENGTH still
    # applies. Setting the limit per request needs Flask 3.1 or later.
    app_limit = request.max_content_length
    read_limit = limit if app_limit is None else min(limit, app_limit)
    request.max_content_length = read_limit + 1
    try:
        body = request.get_data()
    except RequestEntityTooLarge:
        # Raised for a Content-Length over MAX_CONTENT_LENGTH.
        body = None
    if body is None or len(body) > read_limit:
        raise _too_large(
            f"the request body is over the limit of {read_limit} bytes; raise "
            "CUSTOMBOOKS_MAX_BODY_BYTES (or MAX_CONTENT_LENGTH) if such bodies are expected",
            read_limit,
        )

    try:
        return state.webhook.receive(body, request.headers)
    except PayloadTooLarge as error:
        name = _LIMIT_SETTINGS.get(error.setting)
        if not state.from_settings or name is None:
            raise
        raise _name_setting(error, name) from None


def _name_setting(error: PayloadTooLarge, name: str) -> PayloadTooLarge:
    """Return ``error`` with its fix naming the Flask setting instead of the keyword."""
    hint = f"raise the {error.setting} limit"
    message = str(error)
    if hint in message:
        message = message.replace(hint, f"raise {name}")
    else:
        message = f"{message} (set by {name})"
    renamed = PayloadTooLarge(message)
    for attribute in ("limit", "setting", "line", "column"):
        if hasattr(error, attribute):
            setattr(renamed, attribute, getattr(error, attribute))
    return renamed


def _too_large(message: str, limit: int) -> PayloadTooLarge:
    error = PayloadTooLarge(message)
    error.limit = limit
    return error


def _rejection_response(error: GuardError) -> ResponseReturnValue:
    status = error.http_status
    name = type(error).__name__
    if status >= 500:
        # A 5xx here is a fault of the receiver, not of the sender, so the sender gets no
        # details about the configuration.
        logger.error("webhook delivery to %s failed: %s: %s", request.path, name, error)
        message = "the webhook receiver failed; its log has the details"
    else:
        logger.warning(
            "rejected webhook delivery to %s with HTTP %d: %s: %s",
            request.path,
            status,
            name,
            error,
        )
        message = str(error)
    return jsonify(error=name, message=message), status
