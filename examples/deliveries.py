"""Signed CustomBooks webhook deliveries for the demo and the receiver tests.

:func:`build_deliveries` returns one :class:`Delivery` per case the receiver must handle, each
with the HTTP status and outcome it should get and the PII values its body contains. Bodies are
signed with the project's own code (``custombooks_guard.Verifier.sign``) and built from synthetic
data picked by a seeded ``random.Random``, so one seed always gives the same bodies.

All people and companies are invented. E-mail addresses use the example.com and example.org
domains, and phone numbers use 555-0100 to 555-0199, which are reserved for fictional use in
the US. Card numbers are the public test numbers of the card networks. Social security numbers
follow the issuing rules (area 001-899 except 666, group 01-99, serial 0001-9999) but are
random.
"""

from __future__ import annotations

import json
import random
import unicodedata
from dataclasses import dataclass
from typing import Any

from custombooks_guard import SIGNATURE_HEADER, Verifier, parse_webhook

__all__ = ["ACCEPTED", "DEFAULT_SEED", "Delivery", "build_deliveries"]

ACCEPTED = "accepted"
"""Outcome of a delivery that the receiver verifies and stores."""

DEFAULT_SEED = 20261130

BATCH_SIZE = 300
"""Events in the large delivery: several hundred, under the 1,000 a payload may hold."""

JSON_CONTENT_TYPE = "application/json; charset=utf-8"


@dataclass(frozen=True)
class Delivery:
    """One webhook delivery and the receiver's expected response to it."""

    name: str
    description: str
    body: bytes
    headers: dict[str, str]
    sent_version: str
    """``webhookVersion`` as sent, or ``"none"`` when the payload has none."""
    expected_status: int
    expected_outcome: str
    """``ACCEPTED``, or the name of the exception class that the receiver reports."""
    event_ids: tuple[str, ...]
    """Ids of the events the receiver stores; empty for a rejected delivery."""
    pii: tuple[str, ...]
    """PII values that occur in the body. None of them may reach the database."""

    @property
    def accepted(self) -> bool:
        """Whether the receiver should accept the delivery."""
        return self.expected_outcome == ACCEPTED


# Synthetic data. The names are at least four letters long and occur in no JSON key or
# redaction label, so that a search for them finds only unredacted values.
GIVEN_NAMES = (
    "Maria", "Jamal", "Priya", "Olusegun", "Hannah", "Mateo", "Keiko", "Dmitri", "Fatima",
    "Connor", "Isabella", "Tobias", "Amara", "Zoë", "José", "Ingrid", "Rafael", "Siobhan",
)  # fmt: skip
FAMILY_NAMES = (
    "Lopez", "Okafor", "Nakamura", "Fischer", "Haddad", "Kowalski", "Brennan", "Castillo",
    "Lindqvist", "Moreau", "Patel", "Whitaker", "Nguyen", "Abernathy", "Delacroix", "Oyelaran",
)  # fmt: skip
TRADES = (
    "Landscaping", "Plumbing", "Bakery", "Design Studio", "Auto Repair", "Catering",
    "Dental Care", "Bookkeeping", "Roofing", "Pet Grooming",
)  # fmt: skip
COMPANY_SUFFIXES = ("LLC", "Inc.", "& Sons", "Co.")
STREETS = (
    "Harbor Way", "Maple Avenue", "Cedar Street", "Lakeview Drive", "Mission Boulevard",
    "Elm Court", "Pioneer Road", "Juniper Lane",
)  # fmt: skip
# City, state, first three digits of its ZIP codes, and a telephone area code there.
CITIES = (
    ("Oakland", "CA", "946", "510"),
    ("Portland", "OR", "972", "503"),
    ("Austin", "TX", "787", "512"),
    ("Denver", "CO", "802", "303"),
    ("Madison", "WI", "537", "608"),
    ("Raleigh", "NC", "276", "919"),
    ("Boston", "MA", "021", "617"),
    ("Tucson", "AZ", "857", "520"),
)
# Public test card numbers of Visa, Mastercard, American Express and Discover; all pass Luhn.
TEST_CARDS = (
    "4111 1111 1111 1111",
    "5555 5555 5555 4444",
    "4012 8888 8888 1881",
    "3782 822463 10005",
    "6011 1111 1111 1117",
    "5105 1051 0510 5100",
)
ITEMS = (
    ("Monthly lawn care", 180.0),
    ("Water heater installation", 1240.0),
    ("Wedding cake, three tiers", 450.0),
    ("Logo redesign", 900.0),
    ("Brake pads and rotors", 615.5),
    ("Quarterly bookkeeping", 750.0),
)
NOTE_TEMPLATES = (
    "Prefers calls after 5pm at {phone}. Card on file {card}.",
    "Send statements to {email}, not to the main address.",
    "SSN {ssn} is on the W-9. Confirm changes by phone at {phone}.",
    "Paid by card {card}; e-mail the receipt to {email}.",
)
OPERATION_VERBS = {
    "Create": "created",
    "Update": "updated",
    "Delete": "deleted",
    "Merge": "merged",
    "Void": "voided",
    "Emailed": "emailed",
}
CROCKFORD_BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


@dataclass(frozen=True)
class _Person:
    given_name: str
    family_name: str
    company_name: str
    email: str
    phone: str
    street: str
    city: str
    state: str
    postal_code: str

    @property
    def display_name(self) -> str:
        return f"{self.given_name} {self.family_name}"


class _SyntheticData:
    """Invents entities and events, and records every PII value it puts into them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.pii: set[str] = set()
        self.companies = [str(rng.randint(10**15, 10**16 - 1)) for _ in range(3)]
        self.sequences = {company: rng.randint(100_000, 900_000) for company in self.companies}
        self.next_entity_id = rng.randint(40, 90)

    def take_pii(self) -> set[str]:
        """Return the PII values recorded since the last call, and start a new record."""
        values, self.pii = self.pii, set()
        return values

    def _record(self, *values: str) -> None:
        self.pii.update(values)

    def person(self) -> _Person:
        rng = self.rng
        given = rng.choice(GIVEN_NAMES)
        family = rng.choice(FAMILY_NAMES)
        city, state, zip_prefix, area_code = rng.choice(CITIES)
        domain = rng.choice(("example.com", "example.org"))
        person = _Person(
            given_name=given,
            family_name=family,
            company_name=f"{family} {rng.choice(TRADES)} {rng.choice(COMPANY_SUFFIXES)}",
            email=f"{_ascii(given)}.{_ascii(family)}@{domain}".lower(),
            phone=f"({area_code}) 555-01{rng.randint(0, 99):02d}",
            street=f"{rng.randint(10, 9899)} {rng.choice(STREETS)}",
            city=city,
            state=state,
            # ZIP+4: no id, amount, date or other number in the payloads has this form.
            postal_code=f"{zip_prefix}{rng.randint(1, 99):02d}-{rng.randint(1000, 9999)}",
        )
        self._record(
            person.given_name,
            person.family_name,
            person.display_name,
            person.company_name,
            person.email,
            person.phone,
            person.street,
            person.city,
            person.postal_code,
        )
        return person

    def ssn(self) -> str:
        rng = self.rng
        area = rng.choice([*range(100, 666), *range(667, 900)])
        value = f"{area:03d}-{rng.randint(10, 99):02d}-{rng.randint(1000, 9999):04d}"
        self._record(value)
        return value

    def note(self) -> str:
        """Return a free-text note that mentions an e-mail address, phone number, card or SSN."""
        rng = self.rng
        template = rng.choice(NOTE_TEMPLATES)
        _, _, _, area_code = rng.choice(CITIES)
        email = f"billing.{rng.randint(10, 99)}@{rng.choice(('example.com', 'example.org'))}"
        phone = f"{area_code}-555-01{rng.randint(0, 99):02d}"
        card = rng.choice(TEST_CARDS)
        ssn = self.ssn() if "{ssn}" in template else ""
        text = template.format(email=email, phone=phone, card=card, ssn=ssn)
        # Each template uses only some of the values, so record those that are in the text.
        self._record(*(value for value in (email, phone, card) if value in text))
        return text

    def address(self, person: _Person) -> dict[str, str]:
        return {
            "Line1": person.street,
            "City": person.city,
            "CountrySubDivisionCode": person.state,
            "PostalCode": person.postal_code,
            "Country": "US",
        }

    def metadata(self) -> dict[str, str]:
        created = f"2026-0{self.rng.randint(1, 9)}-1{self.rng.randint(0, 9)}"
        return {
            "CreateTime": f"{created}T09:12:00-08:00",
            "LastUpdatedTime": "2026-11-30T14:42:19-08:00",
        }

    def entity_id(self) -> str:
        self.next_entity_id += 1
        return str(self.next_entity_id)

    def customer(self, entity_id: str) -> dict[str, Any]:
        person = self.person()
        return {
            "Id": entity_id,
            "SyncToken": str(self.rng.randint(0, 9)),
            "DisplayName": person.display_name,
            "GivenName": person.given_name,
            "FamilyName": person.family_name,
            "CompanyName": person.company_name,
            "PrimaryEmailAddr": {"Address": person.email},
            "PrimaryPhone": {"FreeFormNumber": person.phone},
            "BillAddr": self.address(person),
            "Notes": self.note(),
            "Balance": round(self.rng.uniform(0, 5000), 2),
            "Active": True,
            "MetaData": self.metadata(),
        }

    def vendor(self, entity_id: str) -> dict[str, Any]:
        rng = self.rng
        person = self.person()
        ein = f"{rng.randint(10, 99)}-{rng.randint(1_000_000, 9_999_999)}"
        account = f"{rng.randint(1000, 9999)}-{rng.randint(100_000, 999_999)}"
        self._record(ein, account)
        return {
            "Id": entity_id,
            "DisplayName": person.company_name,
            "CompanyName": person.company_name,
            "GivenName": person.given_name,
            "FamilyName": person.family_name,
            "PrimaryEmailAddr": {"Address": person.email},
            "PrimaryPhone": {"FreeFormNumber": person.phone},
            "BillAddr": self.address(person),
            "TaxIdentifier": ein,
            "AcctNum": account,
            "Vendor1099": True,
            "Balance": round(rng.uniform(0, 3000), 2),
            "MetaData": self.metadata(),
        }

    def employee(self, entity_id: str) -> dict[str, Any]:
        rng = self.rng
        person = self.person()
        birth_date = f"{rng.randint(1960, 2000)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        self._record(birth_date)
        return {
            "Id": entity_id,
            "DisplayName": person.display_name,
            "GivenName": person.given_name,
            "FamilyName": person.family_name,
            "PrimaryEmailAddr": {"Address": person.email},
            "PrimaryPhone": {"FreeFormNumber": person.phone},
            "PrimaryAddr": self.address(person),
            "SSN": self.ssn(),
            "BirthDate": birth_date,
            "HiredDate": f"20{rng.randint(10, 25)}-0{rng.randint(1, 9)}-01",
            "EmployeeNumber": f"E-{rng.randint(1000, 9999)}",
            "Active": True,
            "MetaData": self.metadata(),
        }

    def invoice(self, entity_id: str) -> dict[str, Any]:
        rng = self.rng
        person = self.person()
        description, amount = rng.choice(ITEMS)
        # CustomerRef.name is left out: the API sends the customer's name there, but the PII
        # field table that the redactor follows does not list it.
        return {
            "Id": entity_id,
            "DocNumber": str(rng.randint(1000, 1999)),
            "TxnDate": "2026-11-30",
            "CustomerRef": {"value": str(rng.randint(1, 99))},
            "BillEmail": {"Address": person.email},
            "BillAddr": self.address(person),
            "ShipAddr": self.address(person),
            "Line": [
                {
                    "Amount": amount,
                    "Description": description,
                    "DetailType": "SalesItemLineDetail",
                }
            ],
            "TotalAmt": amount,
            "Balance": amount,
            "CustomerMemo": {"value": self.note()},
            "PrivateNote": self.note(),
            "MetaData": self.metadata(),
        }

    def event_time(self) -> str:
        rng = self.rng
        clock = f"2026-11-30T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        seconds = f"{rng.randint(0, 59):02d}"
        return rng.choice(
            (
                f"{clock}:{seconds}Z",
                f"{clock}:{seconds}-08:00",
                f"{clock}:{seconds}.{rng.randint(0, 999):03d}+05:30",
            )
        )

    def event_id(self) -> str:
        return "evt_" + "".join(self.rng.choices(CROCKFORD_BASE32, k=26))

    def v2_event(self, entity: str, operation: str, *, minor: int) -> dict[str, Any]:
        """Return a version 2.x event; ``minor`` 0 leaves out ``companyId`` and ``sequence``."""
        company = self.rng.choice(self.companies)
        entity_id = self.entity_id()
        data: dict[str, Any] = {"entity": entity, "id": entity_id, "operation": operation}
        if operation != "Delete":
            builders = {
                "Customer": self.customer,
                "Vendor": self.vendor,
                "Employee": self.employee,
                "Invoice": self.invoice,
            }
            data[entity] = builders[entity](entity_id)
        if operation == "Update":
            data["changedFields"] = self.rng.sample(sorted(data[entity]), 2)
        event: dict[str, Any] = {
            "specversion": "1.0",
            "id": self.event_id(),
            "source": f"custombooks/company/{company}",
            "type": f"custombooks.{entity.lower()}.{OPERATION_VERBS[operation]}",
            "time": self.event_time(),
            "subject": f"{entity}/{entity_id}",
            "datacontenttype": "application/json",
        }
        if minor >= 1:
            self.sequences[company] += 1
            event["companyId"] = company
            event["sequence"] = self.sequences[company]
        event["data"] = data
        return event

    def random_v2_events(self, count: int, *, minor: int) -> list[dict[str, Any]]:
        choices = (
            ("Customer", "Update"),
            ("Customer", "Create"),
            ("Vendor", "Update"),
            ("Employee", "Create"),
            ("Invoice", "Create"),
            ("Invoice", "Emailed"),
            ("Customer", "Delete"),
        )
        return [self.v2_event(*self.rng.choice(choices), minor=minor) for _ in range(count)]

    def v1_payload(self) -> dict[str, Any]:
        """Return a version 1.0 change notification for two companies, without PII."""
        first, second = self.companies[:2]
        return {
            "webhookVersion": "1.0",
            "eventNotifications": [
                {
                    "realmId": first,
                    "dataChangeEvent": {
                        "entities": [
                            _v1_entity("Customer", self.entity_id(), "Create", "14:42:19.000Z"),
                            _v1_entity("Invoice", self.entity_id(), "Emailed", "14:42:20Z"),
                            {
                                **_v1_entity("Vendor", self.entity_id(), "Merge", "14:42:21-08:00"),
                                "deletedId": self.entity_id(),
                            },
                        ]
                    },
                },
                {
                    "realmId": second,
                    "dataChangeEvent": {
                        "entities": [
                            _v1_entity("Payment", self.entity_id(), "Void", "15:03:00.5+01:00"),
                            _v1_entity("Employee", self.entity_id(), "Update", "15:04:10Z"),
                        ]
                    },
                },
            ],
        }


def _v1_entity(name: str, entity_id: str, operation: str, clock: str) -> dict[str, str]:
    return {
        "name": name,
        "id": entity_id,
        "operation": operation,
        "lastUpdated": f"2026-11-30T{clock}",
    }


def _ascii(name: str) -> str:
    """Return ``name`` without accents, for the local part of an e-mail address."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def _encode(payload: dict[str, Any]) -> bytes:
    # Non-ASCII characters are sent as UTF-8, as CustomBooks sends them, not as \u escapes.
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def _headers(signature: str | None, *, header_name: str = SIGNATURE_HEADER) -> dict[str, str]:
    headers = {"Content-Type": JSON_CONTENT_TYPE}
    if signature is not None:
        headers[header_name] = signature
    return headers


def _one_event_body(data: _SyntheticData, *, version: str = "2.1") -> bytes:
    return _encode({"webhookVersion": version, "events": data.random_v2_events(1, minor=1)})


def _pii_in(body: bytes, values: set[str]) -> tuple[str, ...]:
    text = body.decode("utf-8", errors="replace")
    return tuple(sorted(value for value in values if value in text))


class _CaseBuilder:
    """Signs bodies and collects the cases in order."""

    def __init__(self, data: _SyntheticData, current: Verifier) -> None:
        self.data = data
        self.current = current
        self.cases: list[Delivery] = []

    def accepted(
        self,
        name: str,
        description: str,
        payload: dict[str, Any],
        *,
        signer: Verifier | None = None,
        header_name: str = SIGNATURE_HEADER,
    ) -> Delivery:
        body = _encode(payload)
        signature = (signer or self.current).sign(body)
        event_ids = tuple(event.id for event in parse_webhook(body).events)
        case = Delivery(
            name=name,
            description=description,
            body=body,
            headers=_headers(signature, header_name=header_name),
            sent_version=str(payload.get("webhookVersion", "none")),
            expected_status=200,
            expected_outcome=ACCEPTED,
            event_ids=event_ids,
            pii=_pii_in(body, self.data.take_pii()),
        )
        self.cases.append(case)
        return case

    def rejected(
        self,
        name: str,
        description: str,
        body: bytes,
        signature: str | None,
        *,
        sent_version: str,
        status: int,
        outcome: str,
    ) -> None:
        self.cases.append(
            Delivery(
                name=name,
                description=description,
                body=body,
                headers=_headers(signature),
                sent_version=sent_version,
                expected_status=status,
                expected_outcome=outcome,
                event_ids=(),
                pii=_pii_in(body, self.data.take_pii()),
            )
        )


def build_deliveries(
    current_key: str, previous_key: str, *, seed: int = DEFAULT_SEED
) -> list[Delivery]:
    """Build the demo's deliveries for a receiver configured with ``[current_key, previous_key]``.

    The bodies depend only on ``seed``; the signatures also depend on the keys.
    """
    rng = random.Random(seed)  # noqa: S311 - synthetic test data, not secrets
    data = _SyntheticData(rng)
    cases = _CaseBuilder(data, Verifier([current_key]))
    # A key of the same shape as the real ones that the receiver does not have.
    unknown_key = "".join(rng.choices(CROCKFORD_BASE32.lower(), k=43))

    cases.accepted(
        "v1.0-notifications",
        "change notifications without entity data; the header name is in lower case",
        data.v1_payload(),
        header_name=SIGNATURE_HEADER.lower(),
    )
    cases.accepted(
        "v2.0-events",
        "no companyId or sequence, so the company comes from source",
        {"webhookVersion": "2.0", "events": data.random_v2_events(4, minor=0)},
    )
    v21 = cases.accepted(
        "v2.1-events",
        "customer, vendor, employee and invoice events with PII",
        {
            "webhookVersion": "2.1",
            "events": [
                data.v2_event("Customer", "Update", minor=1),
                data.v2_event("Vendor", "Create", minor=1),
                data.v2_event("Employee", "Create", minor=1),
                data.v2_event("Invoice", "Emailed", minor=1),
                data.v2_event("Customer", "Delete", minor=1),
            ],
        },
    )
    newer_event = data.v2_event("Invoice", "Void", minor=1)
    newer_event["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    cases.accepted(
        "v2.3-newer-minor",
        "a minor version newer than the parser, with members it does not know",
        {"webhookVersion": "2.3", "deliveryAttempt": 1, "events": [newer_event]},
    )
    cases.accepted(
        "no-version",
        "2.x shape without webhookVersion, so the version is inferred",
        {"events": data.random_v2_events(2, minor=1)},
    )
    cases.accepted(
        f"v2.1-batch-{BATCH_SIZE}",
        f"{BATCH_SIZE} events in one delivery",
        {"webhookVersion": "2.1", "events": data.random_v2_events(BATCH_SIZE, minor=1)},
    )
    cases.accepted(
        "previous-key",
        "signed with the previous key during a key rotation",
        {"webhookVersion": "2.1", "events": data.random_v2_events(2, minor=1)},
        signer=Verifier([previous_key]),
    )
    cases.cases.append(
        Delivery(
            name="v2.1-redelivery",
            description="the v2.1 delivery again, as CustomBooks retries; nothing new is stored",
            body=v21.body,
            headers=dict(v21.headers),
            sent_version=v21.sent_version,
            expected_status=200,
            expected_outcome=ACCEPTED,
            event_ids=v21.event_ids,
            pii=v21.pii,
        )
    )

    signed = _encode(
        {"webhookVersion": "2.1", "events": [data.v2_event("Customer", "Update", minor=1)]}
    )
    tampered = signed.replace(b"custombooks.customer.updated", b"custombooks.customer.deleted", 1)
    cases.rejected(
        "tampered-body",
        "the event type was changed after signing",
        tampered,
        cases.current.sign(signed),
        sent_version="2.1",
        status=401,
        outcome="SignatureMismatch",
    )
    body = _one_event_body(data)
    cases.rejected(
        "unknown-key",
        "signed with a key the receiver does not have",
        body,
        Verifier([unknown_key]).sign(body),
        sent_version="2.1",
        status=401,
        outcome="SignatureMismatch",
    )
    cases.rejected(
        "malformed-signature",
        "the signature is not Base64",
        _one_event_body(data),
        "not a signature!",
        sent_version="2.1",
        status=401,
        outcome="MalformedSignature",
    )
    cases.rejected(
        "missing-signature",
        "no signature header",
        _one_event_body(data),
        None,
        sent_version="2.1",
        status=401,
        outcome="MissingSignature",
    )
    cases.rejected(
        "empty-signature",
        "an empty signature header",
        _one_event_body(data),
        "",
        sent_version="2.1",
        status=401,
        outcome="MissingSignature",
    )

    body = _one_event_body(data, version="9.0")
    cases.rejected(
        "unknown-major-9.0",
        "a major version this parser does not know",
        body,
        cases.current.sign(body),
        sent_version="9.0",
        status=422,
        outcome="UnsupportedVersion",
    )
    # Delete events carry no entity, so 1,100 of them stay under the 1 MiB body limit and the
    # receiver reads the whole body before the event limit rejects it.
    deletes = [data.v2_event("Vendor", "Delete", minor=1) for _ in range(1100)]
    oversized = _encode({"webhookVersion": "2.1", "events": deletes})
    cases.rejected(
        "too-many-events-1100",
        "more events than the receiver's limit of 1,000 per delivery",
        oversized,
        cases.current.sign(oversized),
        sent_version="2.1",
        status=413,
        outcome="PayloadTooLarge",
    )

    whole = _one_event_body(data)
    broken = whole[: len(whole) * 3 // 5]
    cases.rejected(
        "broken-json",
        "the body is cut off in the middle but correctly signed",
        broken,
        cases.current.sign(broken),
        sent_version="2.1",
        status=400,
        outcome="InvalidJson",
    )
    return cases.cases
