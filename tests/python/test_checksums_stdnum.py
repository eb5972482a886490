"""Differential tests: each checksum detector agrees with python-stdnum on random inputs.

For every entity whose identifier python-stdnum validates, random candidates in the detector's
format are embedded in a sentence with the entity's context word. Half the candidates get their
last character (or the IBAN check digits) chosen so that stdnum accepts them, the rest stay
random, so both outcomes occur often. The detector must find a candidate exactly when stdnum
accepts it.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from stdnum import bitcoin, iban, luhn
from stdnum.au import abn, acn, tfn
from stdnum.ca import bn, sin
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.gb import nhs, utr
from stdnum.in_ import aadhaar, gstin, pan
from stdnum.it import codicefiscale
from stdnum.us import ein, itin, rtn

import custombooks_guard as guard

CASES_PER_ENTITY = 400
DIGITS = string.digits
LETTERS = string.ascii_uppercase


def digits(rng: random.Random, count: int, first: str = DIGITS) -> str:
    return rng.choice(first) + "".join(rng.choice(DIGITS) for _ in range(count - 1))


@dataclass(frozen=True)
class Case:
    entity: str
    template: str
    generate: Callable[[random.Random], str]
    is_valid: Callable[[str], bool]
    # Characters tried for the last position when making a valid candidate.
    last_alphabet: str = DIGITS


def aba_candidate(rng: random.Random) -> str:
    # The detector also requires a Federal Reserve prefix, which stdnum does not check, so only
    # such prefixes are generated.
    prefix = rng.choice([*range(13), *range(21, 33), *range(61, 73), 80])
    return f"{prefix:02d}" + digits(rng, 7)


def gstin_candidate(rng: random.Random) -> str:
    state = f"{rng.randint(1, 37):02d}"
    holder = "".join(rng.choice(LETTERS) for _ in range(3)) + rng.choice("PCHFATBLJG")
    holder += rng.choice(LETTERS) + digits(rng, 4) + rng.choice(LETTERS)
    return state + holder + rng.choice("123456789") + "Z" + rng.choice(DIGITS + LETTERS)


def itin_candidate(rng: random.Random) -> str:
    # The detector also accepts groups 50-65, which stdnum rejects, so those are left out here
    # and tested on their own.
    group = rng.choice([group for group in range(100) if not 50 <= group <= 65])
    return f"9{digits(rng, 2)}-{group:02d}-{digits(rng, 4)}"


def de_tax_id_candidate(rng: random.Random) -> str:
    # Nine distinct digits and one of them repeated, in random order, mostly meet the digit
    # pattern rule that stdnum checks before the check digit.
    distinct = rng.sample(DIGITS, 9)
    body = [*distinct, rng.choice(distinct)]
    rng.shuffle(body)
    if body[0] == "0":
        body.reverse()
    return "".join(body) + rng.choice(DIGITS)


def fiscal_code_candidate(rng: random.Random) -> str:
    # A valid birth date and town code, so that only the check letter decides, which is what
    # the detector checks; stdnum also checks the date.
    letters = "".join(rng.choice(LETTERS) for _ in range(6))
    day = rng.randint(1, 28) + rng.choice([0, 40])
    birth = f"{rng.randint(0, 99):02d}{rng.choice('ABCDEHLMPRST')}{day:02d}"
    return letters + birth + rng.choice(LETTERS) + digits(rng, 3) + "A"


def pan_candidate(rng: random.Random) -> str:
    letters = "".join(rng.choice(LETTERS) for _ in range(3))
    return letters + rng.choice(LETTERS) + rng.choice(LETTERS) + digits(rng, 4) + "A"


CASES = [
    Case(
        "CREDIT_CARD",
        "Card on file {}, expires 11/30.",
        lambda r: "4" + digits(r, 15),
        luhn.is_valid,
    ),
    Case("ABA_ROUTING_NUMBER", "Routing number {} for the ACH debit.", aba_candidate, rtn.is_valid),
    Case(
        "US_EIN",
        "Vendor EIN {} on the W-9.",
        lambda r: (lambda n: f"{n[:2]}-{n[2:]}")(digits(r, 9)),
        ein.is_valid,
        "",
    ),
    Case("US_ITIN", "ITIN {} on file.", itin_candidate, itin.is_valid, ""),
    Case("CA_SIN", "SIN {} on the T4.", lambda r: digits(r, 9), sin.is_valid),
    Case("AU_TFN", "TFN {} for payroll.", lambda r: digits(r, 9), tfn.is_valid),
    Case("AU_ABN", "ABN {} for the supplier.", lambda r: digits(r, 11, "123456789"), abn.is_valid),
    Case("AU_ACN", "ACN {} Pty Ltd.", lambda r: digits(r, 9), acn.is_valid),
    Case("UK_NHS", "NHS number {} on the referral.", lambda r: digits(r, 10), nhs.is_valid),
    Case(
        "IN_AADHAAR",
        "Aadhaar {} on the form.",
        lambda r: digits(r, 12, "23456789"),
        aadhaar.is_valid,
    ),
    Case("IN_PAN", "PAN {} on the form.", pan_candidate, pan.is_valid, ""),
    Case("IN_GSTIN", "GSTIN {} on the invoice.", gstin_candidate, gstin.is_valid, DIGITS + LETTERS),
    Case("DE_TAX_ID", "Steuer-ID {} im Bescheid.", de_tax_id_candidate, idnr.is_valid),
    Case("ES_NIF", "DNI {} del cliente.", lambda r: digits(r, 8) + "A", dni.is_valid, LETTERS),
    Case(
        "ES_NIE",
        "NIE {} del cliente.",
        lambda r: r.choice("XYZ") + digits(r, 7) + "A",
        nie.is_valid,
        LETTERS,
    ),
    Case(
        "IT_FISCAL_CODE",
        "Codice fiscale {} del cliente.",
        fiscal_code_candidate,
        codicefiscale.is_valid,
        LETTERS,
    ),
    Case("UK_UTR", "UTR {} on the return.", lambda r: digits(r, 10), utr.is_valid),
    Case("CA_BN", "Business number {} on file.", lambda r: digits(r, 9), bn.is_valid),
]


def make_valid(case: Case, candidate: str) -> str | None:
    """Return ``candidate`` with a last character, or else last two, that stdnum accepts."""
    for character in case.last_alphabet:
        changed = candidate[:-1] + character
        if case.is_valid(changed):
            return changed
    for first in case.last_alphabet:
        for second in case.last_alphabet:
            changed = candidate[:-2] + first + second
            if case.is_valid(changed):
                return changed
    return None


def detected(redactor: guard.Redactor, case: Case, candidate: str) -> bool:
    text = case.template.format(candidate)
    return any(
        finding.entity == case.entity and text[finding.start : finding.end] == candidate
        for finding in redactor.analyze(text, entities=[case.entity])
    )


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.entity)
def test_detector_agrees_with_stdnum(case: Case) -> None:
    rng = random.Random(f"stdnum-{case.entity}")  # noqa: S311 - seeded test data, not secrets
    redactor = guard.Redactor()
    outcomes = {True: 0, False: 0}
    for index in range(CASES_PER_ENTITY):
        candidate = case.generate(rng)
        if index % 2 == 0:
            candidate = make_valid(case, candidate) or candidate
        expected = case.is_valid(candidate)
        outcomes[expected] += 1
        assert detected(redactor, case, candidate) == expected, candidate
    # Both outcomes must be exercised, or the comparison proves little.
    assert outcomes[True] >= CASES_PER_ENTITY // 10
    assert outcomes[False] >= CASES_PER_ENTITY // 10


def test_crypto_agrees_with_stdnum() -> None:
    rng = random.Random("stdnum-CRYPTO")  # noqa: S311 - seeded test data, not secrets
    redactor = guard.Redactor()
    case = Case("CRYPTO", "Refund to wallet {} today.", str, bitcoin.is_valid)
    addresses = [
        "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2",
        "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy",
        "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3",
    ]
    outcomes = {True: 0, False: 0}
    for address in addresses:
        for _ in range(60):
            position = rng.randrange(1, len(address))
            alphabet = (
                "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
                if address.startswith("bc1")
                else ("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")
            )
            changed = address[:position] + rng.choice(alphabet) + address[position + 1 :]
            for candidate in (address, changed):
                expected = bitcoin.is_valid(candidate)
                outcomes[expected] += 1
                assert detected(redactor, case, candidate) == expected, candidate
    assert outcomes[True] >= 100
    assert outcomes[False] >= 100


def test_crypto_accepts_taproot_stdnum_rejects() -> None:
    # A Taproot address uses the Bech32m checksum of BIP 350, which python-stdnum 2.2 predates.
    taproot = "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"
    case = Case("CRYPTO", "Refund to wallet {} today.", str, bitcoin.is_valid)
    assert not bitcoin.is_valid(taproot)
    assert detected(guard.Redactor(), case, taproot)


def test_itin_accepts_groups_stdnum_rejects() -> None:
    redactor = guard.Redactor()
    case = Case("US_ITIN", "ITIN {} on file.", itin_candidate, itin.is_valid)
    assert not itin.is_valid("912-55-1234")
    assert detected(redactor, case, "912-55-1234")


def test_iban_agrees_with_stdnum() -> None:
    rng = random.Random("stdnum-IBAN_CODE")  # noqa: S311 - seeded test data, not secrets
    redactor = guard.Redactor()
    outcomes = {True: 0, False: 0}
    # Countries whose BBAN is digits only and that stdnum checks by format and mod 97 alone.
    countries = {"DE": 18, "AT": 16, "PL": 24, "HU": 24, "CH": 17}
    for index in range(CASES_PER_ENTITY):
        country = rng.choice(sorted(countries))
        bban = digits(rng, countries[country])
        check = f"{rng.randint(0, 99):02d}"
        if index % 2 == 0:
            check = iban.calc_check_digits(country + "00" + bban)
        candidate = country + check + bban
        expected = iban.is_valid(candidate)
        outcomes[expected] += 1
        case = Case("IBAN_CODE", "Wire the refund to IBAN {}, reference 7.", str, iban.is_valid)
        assert detected(redactor, case, candidate) == expected, candidate
        spaced = " ".join(candidate[i : i + 4] for i in range(0, len(candidate), 4))
        assert detected(redactor, case, spaced) == expected, spaced
    assert outcomes[True] >= CASES_PER_ENTITY // 10
    assert outcomes[False] >= CASES_PER_ENTITY // 10
