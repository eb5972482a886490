"""Differential tests: EU VAT numbers and Spanish CIFs are found exactly when python-stdnum
accepts them.

For each member state, random numbers in the state's format are written with the prefix into a
sentence with a VAT context word. Half of them get their check characters chosen so that
``stdnum.eu.vat`` accepts them, the rest stay random, so both outcomes occur often. Some are
written in the grouped forms that registers print (``DE 136 695 976``), which the detector must
treat like the compact form.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from stdnum.es import cif
from stdnum.eu import vat

import custombooks_guard as guard

CASES_PER_COUNTRY = 200
DIGITS = string.digits
LETTERS = string.ascii_uppercase


def digits(rng: random.Random, count: int, first: str = DIGITS) -> str:
    return rng.choice(first) + "".join(rng.choice(DIGITS) for _ in range(count - 1))


def birth_date(rng: random.Random, month_offsets: tuple[int, ...] = (0,)) -> str:
    """Return ``YYMMDD`` with a month that may carry a sex or century offset."""
    month = rng.randint(1, 12) + rng.choice(month_offsets)
    return f"{rng.randint(0, 99):02d}{month:02d}{rng.randint(1, 31):02d}"


def group(number: str, sizes: tuple[int, ...], separator: str = " ") -> str:
    """Return ``number`` split into groups of ``sizes``, after a space that follows the prefix."""
    parts, start = [], 0
    for size in sizes:
        parts.append(number[start : start + size])
        start += size
    return " " + separator.join(parts)


@dataclass(frozen=True)
class Country:
    prefix: str
    generate: Callable[[random.Random], str]
    # Indexes into the national number whose characters are tried to make it valid.
    check_positions: tuple[int, ...]
    check_alphabet: str = DIGITS
    # Grouped forms of a valid-length national number, written right after the prefix, as the
    # detector should also find them.
    grouped: tuple[Callable[[str], str], ...] = ()


def last(count: int) -> tuple[int, ...]:
    return tuple(range(-count, 0))


def bulgaria(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return digits(rng, 9)
    if rng.random() < 0.5:
        return birth_date(rng, (0, 20, 40)) + digits(rng, 4)
    return digits(rng, 10)


def czechia(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return digits(rng, 8, "012345678")
    if kind == 1:
        return "6" + digits(rng, 8)
    if kind == 2:
        return birth_date(rng, (0, 50)) + digits(rng, 4)
    return f"{rng.randint(0, 53):02d}" + birth_date(rng, (0, 50))[2:] + digits(rng, 3)


def spain(rng: random.Random) -> str:
    kind = rng.randrange(4)
    if kind == 0:
        return digits(rng, 8) + rng.choice(LETTERS)
    if kind == 1:
        return rng.choice("XYZ") + digits(rng, 7) + rng.choice(LETTERS)
    if kind == 2:
        return rng.choice("KLM") + digits(rng, 7) + rng.choice(LETTERS)
    return rng.choice("ABCDEFGHJNPQRSUVW") + digits(rng, 7) + rng.choice(DIGITS + "ABCDEFGHIJ")


def france(rng: random.Random) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    key = digits(rng, 2) if rng.random() < 0.5 else rng.choice(alphabet) + rng.choice(LETTERS)
    siren = digits(rng, 9, "123456789") if rng.random() < 0.9 else "000" + digits(rng, 6)
    return key + siren


def ireland(rng: random.Random) -> str:
    letters = "WABCDEFGHIJKLMNOPQRSTUV"
    if rng.random() < 0.3:
        return digits(rng, 1) + rng.choice(LETTERS + "+*") + digits(rng, 5) + rng.choice(letters)
    second = rng.choice(["", rng.choice("AH")])
    return digits(rng, 7) + rng.choice(letters) + second


def latvia(rng: random.Random) -> str:
    kind = rng.randrange(3)
    if kind == 0:
        return digits(rng, 11, "456789")
    if kind == 1:
        return "32" + digits(rng, 9)
    date = birth_date(rng)
    return date[4:6] + date[2:4] + date[0:2] + digits(rng, 1, "012") + digits(rng, 4)


def lithuania(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return digits(rng, 7) + "1" + digits(rng, 1)
    return digits(rng, 10) + "1" + digits(rng, 1)


def romania(rng: random.Random) -> str:
    if rng.random() < 0.25:
        county = rng.choice([*range(1, 49), 51, 52, 70, 80])
        return digits(rng, 1, "123456789") + birth_date(rng) + f"{county:02d}" + digits(rng, 4)
    return digits(rng, rng.randint(6, 10), "123456789")


def slovakia(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return birth_date(rng, (0, 50)) + digits(rng, 4)
    return digits(rng, 2, "123456789") + rng.choice("234789") + digits(rng, 7)


COUNTRIES = [
    Country("AT", lambda r: "U" + digits(r, 8), last(1), grouped=(lambda n: f"U {n[1:]}",)),
    Country(
        "BE",
        lambda r: digits(r, 10, "01"),
        last(2),
        grouped=(lambda n: group(n, (4, 3, 3), "."),),
    ),
    Country("BG", bulgaria, last(1)),
    Country("CY", lambda r: digits(r, 8, "0134569") + "A", last(1), LETTERS),
    Country("CZ", czechia, last(1)),
    Country("DE", lambda r: digits(r, 9), last(1), grouped=(lambda n: group(n, (3, 3, 3)),)),
    Country("DK", lambda r: digits(r, 8), last(1), grouped=(lambda n: group(n, (2, 2, 2, 2)),)),
    Country("EE", lambda r: "10" + digits(r, 7), last(1)),
    Country("EL", lambda r: digits(r, 9), last(1), grouped=(lambda n: group(n, (3, 3, 3)),)),
    Country("GR", lambda r: digits(r, 9), last(1)),
    Country("ES", spain, last(1), DIGITS + LETTERS),
    Country("FI", lambda r: digits(r, 8), last(1), grouped=(lambda n: group(n, (4, 4)),)),
    Country(
        "FR",
        france,
        (10, 0, 1),
        "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ",
        grouped=(lambda n: group(n, (2, 3, 3, 3)),),
    ),
    Country("HR", lambda r: digits(r, 11), last(1)),
    Country("HU", lambda r: digits(r, 8), last(1)),
    Country("IE", ireland, (7,), "WABCDEFGHIJKLMNOPQRSTUV"),
    Country("IT", lambda r: digits(r, 7) + f"{r.randint(1, 100):03d}" + digits(r, 1), last(1)),
    Country("LT", lithuania, last(1)),
    Country("LU", lambda r: digits(r, 8), last(2), grouped=(lambda n: group(n, (4, 4)),)),
    Country("LV", latvia, last(1)),
    Country("MT", lambda r: digits(r, 8, "123456789"), last(1)),
    Country(
        "NL",
        lambda r: digits(r, 9) + "B" + digits(r, 2),
        (8, 11),
        grouped=(lambda n: f"{n[:4]}.{n[4:6]}.{n[6:9]}.{n[9:]}", lambda n: f" {n[:9]} {n[9:]}"),
    ),
    Country(
        "PL",
        lambda r: digits(r, 10),
        last(1),
        grouped=(
            lambda n: group(n, (3, 3, 2, 2), "-"),
            lambda n: group(n, (3, 2, 2, 3)),
        ),
    ),
    Country("PT", lambda r: digits(r, 9), last(1), grouped=(lambda n: group(n, (3, 3, 3)),)),
    Country("RO", romania, last(1)),
    Country(
        "SE",
        lambda r: digits(r, 10) + "01",
        (9,),
        grouped=(lambda n: f" {n[:10]} {n[10:]}", lambda n: f"{n[:6]}-{n[6:10]}-{n[10:]}"),
    ),
    Country("SI", lambda r: digits(r, 8), last(1), grouped=(lambda n: group(n, (4, 4)),)),
    Country("SK", slovakia, last(1)),
]


def replace_at(number: str, position: int, character: str) -> str:
    position %= len(number)
    return number[:position] + character + number[position + 1 :]


def make_valid(country: Country, number: str) -> str | None:
    """Return ``number`` with characters at the check positions that stdnum accepts."""
    for position in country.check_positions:
        for character in country.check_alphabet:
            changed = replace_at(number, position, character)
            if vat.is_valid(country.prefix + changed):
                return changed
    first, *rest = country.check_positions
    for second in rest[:1]:
        for one in country.check_alphabet:
            for other in country.check_alphabet:
                changed = replace_at(replace_at(number, first, one), second, other)
                if vat.is_valid(country.prefix + changed):
                    return changed
    return None


def detected(redactor: guard.Redactor, template: str, candidate: str) -> bool:
    text = template.format(candidate)
    return any(
        finding.entity == "EU_VAT" and text[finding.start : finding.end] == candidate
        for finding in redactor.analyze(text, entities=["EU_VAT"])
    )


@pytest.mark.parametrize("country", COUNTRIES, ids=lambda country: country.prefix)
def test_vat_agrees_with_stdnum(country: Country) -> None:
    rng = random.Random(f"stdnum-EU_VAT-{country.prefix}")  # noqa: S311 - seeded test data
    redactor = guard.Redactor()
    template = "Supplier VAT {} on the invoice."
    outcomes = {True: 0, False: 0}
    for index in range(CASES_PER_COUNTRY):
        number = country.generate(rng)
        if index % 2 == 0:
            number = make_valid(country, number) or number
        expected = vat.is_valid(country.prefix + number)
        outcomes[expected] += 1
        for written in (country.prefix + number, f"{country.prefix} {number}"):
            assert detected(redactor, template, written) == expected, written
        for grouped in country.grouped:
            written = country.prefix + grouped(number)
            assert detected(redactor, template, written) == expected, written
    # Both outcomes must be exercised, or the comparison proves little.
    assert outcomes[True] >= CASES_PER_COUNTRY // 10
    assert outcomes[False] >= CASES_PER_COUNTRY // 10


def test_vat_covers_every_member_state() -> None:
    members = "AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK"
    assert len(members.split()) == 27
    assert set(members.split()) <= {country.prefix for country in COUNTRIES}


def test_cif_agrees_with_stdnum() -> None:
    rng = random.Random("stdnum-ES_CIF")  # noqa: S311 - seeded test data, not secrets
    redactor = guard.Redactor()
    template = "Proveedor con CIF {} en la factura."
    outcomes = {True: 0, False: 0}
    for index in range(CASES_PER_COUNTRY * 2):
        number = (
            rng.choice("ABCDEFGHJNPQRSUVW") + digits(rng, 7) + rng.choice(DIGITS + "ABCDEFGHIJ")
        )
        if index % 2 == 0:
            number = next(
                (
                    number[:-1] + control
                    for control in rng.sample(DIGITS + "ABCDEFGHIJ", 20)
                    if cif.is_valid(number[:-1] + control)
                ),
                number,
            )
        expected = cif.is_valid(number)
        outcomes[expected] += 1
        assert detected(redactor, template, number) == expected, number
    assert outcomes[True] >= CASES_PER_COUNTRY // 5
    assert outcomes[False] >= CASES_PER_COUNTRY // 5


@pytest.mark.parametrize(
    "text",
    [
        "Invoice DE136695977 total 1,250.00",
        "Ref ESB58378432 pending",
        "Order PL8567346215-3 shipped",
        "Batch FR40303265045123 posted",
        "Repair order RO 1219 closed",
    ],
)
def test_vat_ignores_invalid_or_embedded_numbers(text: str) -> None:
    assert guard.Redactor(entities=["EU_VAT"]).analyze(text) == []
