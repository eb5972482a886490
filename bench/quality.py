"""Per-entity precision and recall of ``Redactor`` on a labelled corpus and on generated cases.

Run with ``make quality``. The labelled corpus is ``pii/dev.jsonl`` in the shared data folder
beside the repository (``../shared``, or the folder in ``CUSTOMBOOKS_SHARED``): one JSON object
per line with ``text`` and ``spans`` (``start``, ``end``, ``entity``, offsets in code points).

A finding counts as a true positive when it overlaps a labelled span of the same entity. The
corpus labels credentials as ``JWT`` or ``OAUTH_TOKEN``, and any credential entity of the
catalogue covers either. Texts with no labelled span must produce no finding at all; their
finding count is reported on its own.

The generated cases come from templates filled with random identifiers that this script makes
valid with its own check-digit code, or for EU VAT numbers with python-stdnum's, so they test
formats the corpus does not contain.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import string
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import custombooks_guard as guard

REPOSITORY = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CUSTOMBOOKS_SHARED", REPOSITORY.parent / "shared"))
CORPUS = SHARED / "pii" / "dev.jsonl"

CREDENTIALS = frozenset(
    {"JWT", "OAUTH_TOKEN", "HTTP_CREDENTIAL", "PRIVATE_KEY", "CLOUD_ACCESS_KEY"}
)
GENERATED_PER_TEMPLATE = 40


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    entity: str


@dataclass(frozen=True)
class Example:
    text: str
    spans: tuple[Span, ...]


@dataclass
class Tally:
    true_positives: Counter[str] = field(default_factory=Counter)
    false_positives: Counter[str] = field(default_factory=Counter)
    false_negatives: Counter[str] = field(default_factory=Counter)
    no_pii_texts: int = 0
    no_pii_findings: int = 0
    errors: list[str] = field(default_factory=list)


def same_entity(found: str, labelled: str) -> bool:
    return found == labelled or (found in CREDENTIALS and labelled in CREDENTIALS)


def overlaps(finding: guard.Finding, span: Span) -> bool:
    return finding.start < span.end and span.start < finding.end


def score(redactor: guard.Redactor, examples: Iterable[Example], *, verbose: bool) -> Tally:
    tally = Tally()
    for example in examples:
        findings = redactor.analyze(example.text)
        if not example.spans:
            tally.no_pii_texts += 1
            tally.no_pii_findings += len(findings)
        for span in example.spans:
            hit = any(same_entity(f.entity, span.entity) and overlaps(f, span) for f in findings)
            label = "CREDENTIAL" if span.entity in CREDENTIALS else span.entity
            if hit:
                tally.true_positives[label] += 1
            else:
                tally.false_negatives[label] += 1
                tally.errors.append(f"missed {span.entity}: {example.text!r}")
        for finding in findings:
            label = "CREDENTIAL" if finding.entity in CREDENTIALS else finding.entity
            if not any(
                same_entity(finding.entity, span.entity) and overlaps(finding, span)
                for span in example.spans
            ):
                tally.false_positives[label] += 1
                value = example.text[finding.start : finding.end]
                tally.errors.append(f"extra {finding.entity} {value!r}: {example.text!r}")
    if verbose:
        for error in tally.errors:
            print(error, file=sys.stderr)
    return tally


def read_corpus(path: Path) -> Iterator[Example]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            spans = tuple(Span(s["start"], s["end"], s["entity"]) for s in record["spans"])
            yield Example(record["text"], spans)


# --- generated cases --------------------------------------------------------------------------


def digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(count))


def luhn_complete(rng: random.Random, prefix: str, length: int) -> str:
    body = prefix + digits(rng, length - len(prefix) - 1)
    for check in string.digits:
        candidate = body + check
        total = 0
        for index, digit in enumerate(reversed(candidate)):
            value = int(digit) * (2 if index % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("one check digit always completes a Luhn number")


def card(rng: random.Random) -> str:
    prefix, length = rng.choice(
        [
            ("4", 16),
            ("4", 19),
            ("51", 16),
            ("2221", 16),
            ("2720", 16),
            ("34", 15),
            ("37", 15),
            ("6011", 16),
            ("3528", 16),
            ("62", 19),
        ]
    )
    number = luhn_complete(rng, prefix, length)
    separator = rng.choice(["", " ", "-"])
    if not separator:
        return number
    if length == 15:
        return separator.join([number[:4], number[4:10], number[10:]])
    return separator.join(number[i : i + 4] for i in range(0, length, 4))


def iban(rng: random.Random) -> str:
    country, length = rng.choice(
        [
            ("DE", 22),
            ("GB", 22),
            ("FR", 27),
            ("NL", 18),
            ("ES", 24),
            ("IT", 27),
            ("CH", 21),
            ("PL", 28),
            ("BE", 16),
        ]
    )
    bban = digits(rng, length - 4)
    if country in {"GB", "NL"}:
        bban = "".join(rng.choice(string.ascii_uppercase) for _ in range(4)) + bban[4:]
    rearranged = bban + country + "00"
    number = int("".join(str(int(c, 36)) for c in rearranged))
    compact = f"{country}{98 - number % 97:02d}{bban}"
    if rng.random() < 0.5:
        return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
    return compact


def ssn(rng: random.Random) -> str:
    area = rng.choice([a for a in range(1, 900) if a != 666])
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def sin_number(rng: random.Random) -> str:
    number = luhn_complete(rng, rng.choice("1234567"), 9)
    return f"{number[:3]} {number[3:6]} {number[6:]}"


def aadhaar(rng: random.Random) -> str:
    # Verhoeff tables: multiplication in the dihedral group D5, and the position permutation.
    table = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
        [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
        [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
        [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
        [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
        [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
    ]
    permute = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
        [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
        [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
        [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ]
    body = rng.choice("23456789") + digits(rng, 10)
    for check in string.digits:
        candidate = body + check
        state = 0
        for position, digit in enumerate(reversed(candidate)):
            state = table[state][permute[position % 8][int(digit)]]
        if state == 0:
            return f"{candidate[:4]} {candidate[4:8]} {candidate[8:]}"
    raise AssertionError("one check digit always completes a Verhoeff number")


def phone(rng: random.Random) -> str:
    return rng.choice(
        [
            f"+1 {rng.randint(201, 989)}-{rng.randint(200, 999)}-{digits(rng, 4)}",
            f"({rng.randint(201, 989)}) {rng.randint(200, 999)}-{digits(rng, 4)}",
            f"+44 20 {rng.randint(7000, 8999)} {digits(rng, 4)}",
            f"+61 4{digits(rng, 2)} {digits(rng, 3)} {digits(rng, 3)}",
            f"+91 9{digits(rng, 4)} {digits(rng, 5)}",
            f"+49 30 {digits(rng, 8)}",
            f"+33 6 {digits(rng, 2)} {digits(rng, 2)} {digits(rng, 2)} {digits(rng, 2)}",
            f"+81 90-{digits(rng, 4)}-{digits(rng, 4)}",
        ]
    )


def national_phone(rng: random.Random) -> str:
    """Return a phone number in a national or less common international layout."""
    two = f"{rng.randint(11, 99)}".replace("0", "1")
    return rng.choice(
        [
            f"{rng.randint(201, 989)} {rng.randint(200, 999)} {digits(rng, 4)}",
            f"+44 (0)20 {rng.randint(7000, 8999)} {digits(rng, 4)}",
            f"0044 {rng.randint(1100, 1999)} {digits(rng, 6)}",
            f"07{digits(rng, 3)} {digits(rng, 3)} {digits(rng, 3)}",
            f"(0{rng.randint(2, 8)}) {rng.randint(2000, 9999)} {digits(rng, 4)}",
            f"1{rng.choice('38')}00 {digits(rng, 3)} {digits(rng, 3)}",
            f"{rng.randint(6, 9)}{digits(rng, 4)} {digits(rng, 5)}",
            f"0{rng.randint(11, 99)}-{rng.randint(2000, 9999)} {digits(rng, 4)}",
            f"0{rng.randint(30, 89)}/{rng.randint(100000, 9999999)}",
            f"0{rng.randint(151, 179)} {rng.randint(1000000, 9999999)}",
            f"0{rng.randint(30, 89)} {rng.randint(10000, 99999)}-{digits(rng, 2)}",
            f"+49 (0)30 {digits(rng, 8)}",
            "0{}.{}.{}.{}.{}".format(rng.randint(1, 5), *(digits(rng, 2) for _ in range(4))),
            f"+33 (0)1 {digits(rng, 2)} {digits(rng, 2)} {digits(rng, 2)} {digits(rng, 2)}",
            f"6{digits(rng, 2)} {digits(rng, 2)} {digits(rng, 2)} {digits(rng, 2)}",
            f"+34 9{digits(rng, 2)} {digits(rng, 3)} {digits(rng, 3)}",
            f"06 {rng.randint(1000, 9999)} {digits(rng, 4)}",
            f"3{rng.randint(20, 99)}/{rng.randint(1000000, 9999999)}",
            f"+39 3{rng.randint(20, 99)} {digits(rng, 3)} {digits(rng, 4)}",
            f"06-{rng.randint(10000000, 99999999)}",
            f"+31 (0)20 {digits(rng, 3)} {digits(rng, 4)}",
            f"({two}) 9{digits(rng, 4)}-{digits(rng, 4)}",
            f"{two} {rng.randint(2000, 5999)}-{digits(rng, 4)}",
            f"0{rng.randint(3, 9)}-{rng.randint(1000, 9999)}-{digits(rng, 4)}",
            f"0{rng.randint(3, 9)}({rng.randint(1000, 9999)}){digits(rng, 4)}",
        ]
    )


def email(rng: random.Random) -> str:
    user = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 10)))
    return f"{user}.{rng.randint(1, 99)}@{rng.choice(['example.com', 'mail.example.org'])}"


# Names from several countries, written here rather than taken from the gazetteer, so that the
# PERSON rows also measure names the gazetteer lacks.
GIVEN = [
    "Maria",
    "James",
    "Aisha",
    "Wei",
    "Olga",
    "Rahul",
    "Sofia",
    "Kenji",
    "Fatima",
    "Liam",
    "Chloe",
    "Mateo",
    "Priya",
    "Jonas",
    "Amara",
    "Diego",
    "Hannah",
    "Tomasz",
    "Ines",
    "Omar",
]
FAMILY = [
    "Lopez",
    "Okafor",
    "Nguyen",
    "Schmidt",
    "Patel",
    "Rossi",
    "Kowalski",
    "Tanaka",
    "Haddad",
    "Murphy",
    "Silva",
    "Johansson",
    "Dubois",
    "Khan",
    "Walker",
    "Moreau",
]


def ip_address(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return ".".join(str(rng.randint(1, 254)) for _ in range(4))
    return ":".join(f"{rng.randint(0, 0xFFFF):x}" for _ in range(8))


def birth_date(rng: random.Random) -> str:
    year, month, day = rng.randint(1940, 2008), rng.randint(1, 12), rng.randint(1, 28)
    months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
    return rng.choice(
        [
            f"{month:02d}/{day:02d}/{year}",
            f"{year}-{month:02d}-{day:02d}",
            f"{day} {months[month - 1]} {year}",
            f"{months[month - 1]} {day}, {year}",
        ]
    )


# Letters that UK postcodes use in their inward part.
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def street_address(rng: random.Random) -> str:
    number = rng.randint(1, 9999)
    name = rng.choice(["Oak", "Maple", "Station", "Victoria", "Mill", "Church", "Elm", "High"])
    return rng.choice(
        [
            f"{number} {name} {rng.choice(['Street', 'Road', 'Avenue', 'Lane', 'Court'])}, "
            f"Springfield, IL {rng.randint(10000, 99999)}",
            f"Flat {rng.randint(1, 40)}, {number} {name} Road, Leeds, LS{rng.randint(1, 29)} "
            f"{rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}",
            f"{number} {name} Parade, Perth, WA, {rng.randint(6000, 6999)}",
            f"{name}straße {rng.randint(1, 200)}, {rng.randint(10000, 99999)} Berlin",
            f"{rng.randint(1, 200)} rue de la {rng.choice(['Paix', 'Gare', 'Liberté'])}, "
            f"{rng.randint(10000, 95999)} Paris",
            f"Calle {rng.choice(['Mayor', 'Alcalá', 'Serrano'])} {rng.randint(1, 200)}, "
            f"{rng.randint(10000, 52999)} Madrid",
        ]
    )


def person(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


# Each member state's national number shape, with `#` for a random digit; the last character
# is then chosen so that python-stdnum accepts the number.
VAT_SHAPES = [
    "ATU########",
    "BE0#########",
    "BG#########",
    "CY########L",
    "CZ########",
    "DE#########",
    "DK########",
    "EE10#######",
    "EL#########",
    "ESB########",
    "ES########L",
    "FI########",
    "FR###########",
    "HR###########",
    "HU########",
    "IE#######L",
    "IT#######001#",
    "LT#######1#",
    "LU########",
    "LV4##########",
    "MT1#######",
    "NL#########B01",
    "PL##########",
    "PT5########",
    "RO########",
    "SE##########01",
    "SI1#######",
    "SK##2#######",
]


def eu_vat(rng: random.Random) -> str:
    from stdnum.eu import vat  # test dependency, imported only when cases are generated

    while True:
        shape = rng.choice(VAT_SHAPES)
        body = "".join(rng.choice(string.digits) if c == "#" else c for c in shape)
        check_at = len(body) - 3 if shape.startswith(("NL", "SE")) else len(body) - 1
        alphabet = string.ascii_uppercase if body[check_at] == "L" else string.digits
        for character in alphabet:
            number = body[:check_at] + character + body[check_at + 1 :]
            if vat.is_valid(number):
                return number


# Given and family names that the gazetteer lists, for lower-case names, which count only when
# both parts are known.
KNOWN_GIVEN = ["john", "maria", "linda", "james", "susan", "robert", "karen", "daniel"]
KNOWN_FAMILY = ["smith", "garcia", "johnson", "davis", "martinez", "wilson", "taylor", "lee"]


def lower_case_person(rng: random.Random) -> str:
    return f"{rng.choice(KNOWN_GIVEN)} {rng.choice(KNOWN_FAMILY)}"


def capitals_person(rng: random.Random) -> str:
    return person(rng).upper()


def varied_person(rng: random.Random) -> str:
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    return rng.choice(
        [
            f"{given[0]}. {family}",
            f"{given} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {family}",
            f"{given} {rng.choice(['van', 'de', 'de la', 'von', 'da'])} {family}",
            f"{given}-{rng.choice(GIVEN)} {family}",
            f"{given} {family}-{rng.choice(FAMILY)}",
        ]
    )


def comma_less_address(rng: random.Random) -> str:
    number = rng.randint(1, 9999)
    name = rng.choice(["Oak", "Maple", "Station", "Victoria", "Mill", "Church", "Elm", "High"])
    kind = rng.choice(["Street", "Road", "Avenue", "Lane", "Court"])
    return rng.choice(
        [
            f"{number} {name} {kind} {rng.choice(['NW', 'SE', 'North', ''])} Springfield "
            f"{rng.choice(['IL', 'MA', 'OR'])} {rng.randint(10000, 99999)}".replace("  ", " "),
            f"{number} {name} {kind} New York NY {rng.randint(10000, 14999)}",
            f"{number} {name} {kind} Leeds LS{rng.randint(1, 29)} "
            f"{rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}",
            f"{number} {name} {kind} Toronto ON M{rng.randint(1, 9)}B {rng.randint(1, 9)}K"
            f"{rng.randint(1, 9)}",
            f"{number} {name} Parade Perth WA {rng.randint(6000, 6999)}",
            f"{name}straße {rng.randint(1, 200)} {rng.randint(10000, 99999)} Berlin",
            f"{rng.randint(1, 200)} rue de la Paix {rng.randint(10000, 95999)} Paris",
            f"Calle Mayor {rng.randint(1, 200)} {rng.randint(10000, 52999)} Madrid",
        ]
    )


TEMPLATES: list[tuple[str, str, Callable[[random.Random], str]]] = [
    ("IP_ADDRESS", "Admin session opened from {} yesterday.", ip_address),
    ("DATE_OF_BIRTH", "Born {} according to the I-9.", birth_date),
    ("STREET_ADDRESS", "Mail the cheque to {} this week.", street_address),
    ("PERSON", "Dear {}, your statement is attached.", person),
    ("PERSON", "Attn: {} - accounts payable.", person),
    ("PERSON", "Refund approved by {} on Tuesday.", person),
    ("PERSON", "Customer name: {}", person),
    ("PERSON", "2026-05-01T10:00:00Z INFO user created name={} plan=pro", person),
    ("PERSON", 'event=refund contact_name="{}" amount=40.00', person),
    ("PERSON", "customer {} called about the refund", lower_case_person),
    ("PERSON", "name: {}", lower_case_person),
    ("PERSON", "NAME: {}", capitals_person),
    ("PERSON", "Statement for {} attached.", varied_person),
    ("STREET_ADDRESS", "Ship the order to {} by Friday.", comma_less_address),
    ("CREDIT_CARD", "Paid with card {} on 2026-03-14.", card),
    ("CREDIT_CARD", "Customer updated the card on file to {}.", card),
    ("IBAN_CODE", "Please remit to {} by Friday.", iban),
    ("US_SSN", "Employee SSN {} added for the W-2.", ssn),
    ("CA_SIN", "Social insurance number: {}.", sin_number),
    ("IN_AADHAAR", "UID {} verified for KYC.", aadhaar),
    ("PHONE_NUMBER", "Reach the vendor on {} after 9am.", phone),
    ("PHONE_NUMBER", "Customer phone: {}.", national_phone),
    ("PHONE_NUMBER", "Ring the depot on {} for pickup times.", national_phone),
    ("EU_VAT", "Supplier VAT ID {} on the invoice.", eu_vat),
    ("EU_VAT", "Reverse charge, customer {}.", eu_vat),
    ("EMAIL_ADDRESS", "Statement sent to {} today.", email),
]

NO_PII_TEMPLATES: list[Callable[[random.Random], str]] = [
    lambda r: (
        f"Sync agent 2.{r.randint(0, 9)}.{r.randint(0, 9)}.{r.randint(10, 99)}.1 ran at "
        f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d} "
        f"on 12/{r.randint(1, 28)}/2026."
    ),
    lambda r: f"Bill Payment for May Sales posted, {r.randint(2, 90)} Invoices due in June.",
    lambda r: f"Will Call pickup at Grant Street warehouse, Sales Tax {r.randint(1, 12)}%.",
    lambda r: (
        f"Invoice INV-{digits(r, 6)} for ${r.randint(1, 99_999):,}.{digits(r, 2)} is due "
        f"2026-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}."
    ),
    lambda r: (
        f"Order #{digits(r, 9)} shipped in {r.randint(1, 9)} boxes, weight {digits(r, 3)} kg."
    ),
    lambda r: (
        f"Journal entry {digits(r, 5)}: debit 4000 Sales {r.randint(100, 9999)}.00, "
        f"credit 1200 Receivables."
    ),
    lambda r: (
        f"Batch {digits(r, 10)} posted {r.randint(10, 500)} lines at "
        f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}."
    ),
    lambda r: f"PO {digits(r, 4)}-{digits(r, 4)} approved for ${r.randint(1, 900)},{digits(r, 3)}.",
    lambda r: (
        f"Quarter Q{r.randint(1, 4)} 2026 revenue {r.randint(1, 99)}.{digits(r, 1)}M, "
        f"margin {r.randint(1, 60)}%."
    ),
    # Reference numbers, amounts, dates, times and postcodes written in phone-number shapes.
    lambda r: f"Invoice {r.randint(201, 989)}-{r.randint(200, 999)}-{digits(r, 4)} is overdue.",
    lambda r: f"Order No. 0{r.randint(30, 89)}/{r.randint(100000, 9999999)} was packed.",
    lambda r: f"Ref {r.randint(6, 9)}{digits(r, 4)} {digits(r, 5)} matched the remittance.",
    lambda r: (
        f"Total EUR {r.randint(600, 999)} {digits(r, 2)} {digits(r, 2)} {digits(r, 2)},"
        f"{digits(r, 2)} booked."
    ),
    lambda r: f"Budget {r.randint(600, 999)} {digits(r, 3)} {digits(r, 3)},00 EUR approved.",
    lambda r: (
        f"Posted {r.randint(1, 28):02d}.{r.randint(1, 12):02d}.2026 "
        f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}, ticket {digits(r, 6)}."
    ),
    lambda r: f"Sorting route 0{digits(r, 4)}-{digits(r, 4)} closed for the day.",
    lambda r: f"Lieferung an {r.randint(10000, 99999)} Berlin, Rechnung Nr. 0{digits(r, 9)}.",
    lambda r: f"Ticket 1{r.choice('38')}00 {digits(r, 3)} {digits(r, 3)} closed by support.",
    lambda r: f"SKU 3{r.randint(20, 99)}-{r.randint(1000000, 9999999)} restocked.",
    lambda r: r.choice(
        [
            f"the customer will pay the bill in may, {r.randint(2, 30)} days late.",
            f"customer paid invoice {digits(r, 5)} in full and will grant access.",
            f"please contact sales about order {digits(r, 6)}.",
            f"dear customer, your balance of ${r.randint(1, 999)}.00 is due.",
            f"name: sales tax payable, rate {r.randint(1, 12)}%.",
            f"customer rose by {r.randint(2, 40)}% in march.",
        ]
    ),
    lambda r: r.choice(
        [
            f"Company name: {r.choice(['Acme', 'Harbor', 'Summit'])} Supplies LLC",
            f"Item name: Office Chairs, quantity {r.randint(1, 40)}",
            f"item_name={r.choice(['widget', 'hose', 'desk'])} qty={r.randint(1, 9)}",
            f"NAME: SALES TAX {r.randint(1, 12)}%",
            f"Meet at the Main Street office at {r.randint(1, 9)} pm.",
            f"Schedule A. Total due ${r.randint(10, 999)}.00",
        ]
    ),
]


def generated_examples(seed: str) -> Iterator[Example]:
    rng = random.Random(seed)
    for entity, template, make in TEMPLATES:
        prefix = template[: template.index("{}")]
        for _ in range(GENERATED_PER_TEMPLATE):
            value = make(rng)
            text = template.format(value)
            yield Example(text, (Span(len(prefix), len(prefix) + len(value), entity),))
    for make_text in NO_PII_TEMPLATES:
        for _ in range(GENERATED_PER_TEMPLATE):
            yield Example(make_text(rng), ())


# --- report -----------------------------------------------------------------------------------


def ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def shown(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def report(title: str, tally: Tally) -> None:
    print(f"\n### {title}\n")
    print("| entity | labelled | found | precision | recall | F1 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    entities = sorted(
        set(tally.true_positives) | set(tally.false_negatives) | set(tally.false_positives)
    )
    for entity in entities:
        true_positives = tally.true_positives[entity]
        labelled = true_positives + tally.false_negatives[entity]
        found = true_positives + tally.false_positives[entity]
        precision = ratio(true_positives, found)
        recall = ratio(true_positives, labelled)
        f1 = (
            2 * precision * recall / (precision + recall)
            if precision is not None and recall is not None and precision + recall
            else None
        )
        print(
            f"| {entity} | {labelled} | {found} | {shown(precision)} | {shown(recall)} "
            f"| {shown(f1)} |"
        )
    print(f"\nFindings on the {tally.no_pii_texts} texts without PII: {tally.no_pii_findings}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every miss and extra")
    arguments = parser.parse_args()

    redactor = guard.Redactor()
    if CORPUS.exists():
        report(f"{CORPUS.name}", score(redactor, read_corpus(CORPUS), verbose=arguments.verbose))
    else:
        print(f"{CORPUS} is absent: set CUSTOMBOOKS_SHARED to the shared data folder")
    generated = score(redactor, generated_examples("quality-v1"), verbose=arguments.verbose)
    report("generated cases", generated)
    return 0


if __name__ == "__main__":
    sys.exit(main())
