"""``Redactor``: analysis, operators, lists, thresholds, JSON and bad input from Python."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
from collections import OrderedDict
from typing import Any

import pytest

import custombooks_guard as guard

HASH_KEY = "pseudonym-key-for-tests-0123456789"
TEXT = (
    "Señora Núñez (maria.lopez@example.com) paid with 4111 1111 1111 1111; "
    "SSN 363-41-0219, phone +44 20 7946 0958."
)


def spans(text: str, findings: list[guard.Finding]) -> list[tuple[str, str]]:
    return [(finding.entity, text[finding.start : finding.end]) for finding in findings]


# --- analyze ----------------------------------------------------------------------------------


def test_analyze_offsets_are_code_points() -> None:
    findings = guard.Redactor().analyze(TEXT)
    assert spans(TEXT, findings) == [
        ("EMAIL_ADDRESS", "maria.lopez@example.com"),
        ("CREDIT_CARD", "4111 1111 1111 1111"),
        ("US_SSN", "363-41-0219"),
        ("PHONE_NUMBER", "+44 20 7946 0958"),
    ]


def test_analyze_reports_score_and_rule() -> None:
    finding = guard.Redactor().analyze("card 4111111111111111")[0]
    assert finding.rule == "credit_card.luhn"
    assert 0.0 < finding.score <= 1.0
    assert finding.pointer is None


def test_analyze_returns_analysis_list() -> None:
    analysis = guard.Redactor().analyze(TEXT)
    assert isinstance(analysis, guard.Analysis)
    assert isinstance(analysis, list)
    assert len(analysis) == 4
    assert guard.Redactor().analyze("nothing here") == []


def test_analyze_entities_per_call() -> None:
    redactor = guard.Redactor()
    assert [f.entity for f in redactor.analyze(TEXT, entities=["US_SSN"])] == ["US_SSN"]
    assert redactor.redact(TEXT, entities=["EMAIL_ADDRESS"]).count("[") == 1


def test_analysis_repr_html_hides_values() -> None:
    analysis = guard.Redactor().analyze("<b>mail a@example.com</b>")
    shown = analysis._repr_html_()
    assert "<mark" in shown
    assert "[EMAIL_ADDRESS]" in shown
    assert "a@example.com" not in shown
    assert "&lt;b&gt;mail" in shown
    assert "a@example.com" in analysis.to_html(show_values=True)
    assert "a@example.com" not in repr(analysis)


# --- operators --------------------------------------------------------------------------------


def test_operator_default_replace() -> None:
    assert guard.Redactor().redact("mail a@example.com") == "mail [EMAIL_ADDRESS]"


def test_operator_replace_with_label() -> None:
    redactor = guard.Redactor(operators={"DEFAULT": ("replace", "<pii>")})
    assert redactor.redact("mail a@example.com") == "mail <pii>"


def test_operator_mask_keeps_last_characters() -> None:
    redactor = guard.Redactor(
        operators={"CREDIT_CARD": "mask", "US_SSN": ("mask", 2, "#")},
    )
    assert redactor.redact("card 4111 1111 1111 1111") == "card ***************1111"
    assert redactor.redact("SSN 363-41-0219") == "SSN #########19"


def test_operator_mask_keeps_at_most_half() -> None:
    redactor = guard.Redactor(
        operators={"EMAIL_ADDRESS": ("mask", 100), "CREDIT_CARD": ("mask", 10**30)}
    )
    assert redactor.redact("mail ab@example.com") == "mail *******ple.com"
    assert redactor.redact("card 4111 1111 1111 1111") == "card **********1111 1111"


def test_operator_hash_is_keyed_hmac() -> None:
    redactor = guard.Redactor(operators={"EMAIL_ADDRESS": "hash"}, hash_key=HASH_KEY)
    digest = hmac.new(HASH_KEY.encode(), b"a@example.com", hashlib.sha256).hexdigest()
    expected = f"EMAIL_ADDRESS_{digest[:16]}"
    assert redactor.redact("mail a@example.com") == f"mail {expected}"
    # Equal values give equal pseudonyms, so joins on them still work.
    assert redactor.redact("a@example.com, a@example.com") == f"{expected}, {expected}"
    other = guard.Redactor(operators={"EMAIL_ADDRESS": "hash"}, hash_key=b"another key, 16 bytes")
    assert other.redact("a@example.com") != expected


def test_operator_remove_and_keep() -> None:
    redactor = guard.Redactor(operators={"EMAIL_ADDRESS": "remove", "US_SSN": "keep"})
    assert redactor.redact("a@example.com SSN 363-41-0219") == " SSN 363-41-0219"
    assert [f.entity for f in redactor.analyze("SSN 363-41-0219")] == ["US_SSN"]


def test_operator_callable() -> None:
    calls: list[tuple[str, str]] = []

    def initials(value: str, entity: str) -> str:
        calls.append((value, entity))
        return f"<{entity.lower()}:{len(value)}>"

    redactor = guard.Redactor(operators={"EMAIL_ADDRESS": initials})
    assert redactor.redact("mail a@example.com, SSN 363-41-0219") == (
        "mail <email_address:13>, SSN [US_SSN]"
    )
    assert calls == [("a@example.com", "EMAIL_ADDRESS")]
    assert redactor.redact_many(["a@example.com", "b"]) == ["<email_address:13>", "b"]
    assert redactor.redact_json({"Notes": "a@example.com"}) == {"Notes": "<email_address:13>"}


def test_operator_callable_errors_are_ours() -> None:
    def failing(value: str, entity: str) -> str:
        raise KeyError("lookup failed")

    redactor = guard.Redactor(operators={"DEFAULT": failing})
    with pytest.raises(guard.RedactionError, match="EMAIL_ADDRESS raised KeyError") as caught:
        redactor.redact("mail a@example.com")
    assert isinstance(caught.value.__cause__, KeyError)
    assert "a@example.com" not in str(caught.value)

    returns_int = guard.Redactor(operators={"DEFAULT": lambda value, entity: 5})
    with pytest.raises(guard.RedactionTypeError, match="returned an int"):
        returns_int.redact("mail a@example.com")


def test_operators_apply_to_json_field_rules() -> None:
    redactor = guard.Redactor(operators={"US_BANK_NUMBER": "mask", "PERSON": "keep"})
    assert redactor.redact_json({"AcctNum": 123456789, "DisplayName": "Maria"}) == {
        "AcctNum": "*****6789",
        "DisplayName": "Maria",
    }


# --- allow, deny, thresholds, locales, overlaps -----------------------------------------------


def test_allow_list_exact_and_regex() -> None:
    redactor = guard.Redactor(
        allow=["support@custombooks.example", re.compile(r".*@example\.ORG", re.IGNORECASE)]
    )
    text = "support@custombooks.example ops@example.org a@example.com"
    assert redactor.redact(text) == "support@custombooks.example ops@example.org [EMAIL_ADDRESS]"


def test_deny_list_custom_entity() -> None:
    redactor = guard.Redactor(
        deny={"EMPLOYEE_ID": ["EMP-0042", re.compile(r"EMP-9\d{3}")], "PERSON": ["Ann"]},
        operators={"EMPLOYEE_ID": ("replace", "<employee>")},
    )
    assert "EMPLOYEE_ID" in redactor.entities
    assert redactor.redact("EMP-0042, EMP-9123 and Ann; Annual") == (
        "<employee>, <employee> and [PERSON]; Annual"
    )
    assert redactor.redact("EMP-0042 Ann", entities=["PERSON"]) == "EMP-0042 [PERSON]"


def test_threshold_global_and_per_entity() -> None:
    # The dashed SSN pattern scores 0.6 alone and 0.8 after "SSN".
    per_entity = guard.Redactor(threshold={"US_SSN": 0.7})
    assert per_entity.redact("id 363-41-0219") == "id 363-41-0219"
    assert per_entity.redact("SSN 363-41-0219") == "SSN [US_SSN]"
    assert guard.Redactor(threshold=1.0).analyze("a@example.com 363-41-0219") == []
    assert guard.Redactor(threshold=0).redact("a@example.com") == "[EMAIL_ADDRESS]"


def test_locales_select_country_entities() -> None:
    assert "US_SSN" not in guard.Redactor(locales=["UK"]).entities
    assert "US_SSN" in guard.Redactor(locales=["us"]).entities
    assert guard.Redactor(["US_SSN"], locales=["GB"]).entities == ["US_SSN"]


def test_overlap_prefers_longest_span() -> None:
    findings = guard.Redactor().analyze("Call +1 415-555-0134 now")
    assert [(f.entity, f.start, f.end) for f in findings] == [("PHONE_NUMBER", 5, 20)]


# --- redact_many ------------------------------------------------------------------------------


def test_redact_many_matches_redact() -> None:
    redactor = guard.Redactor()
    texts = [TEXT, "", "nothing", "x" * 300_000 + " a@example.com"] * 3
    assert redactor.redact_many(texts) == [redactor.redact(text) for text in texts]
    assert redactor.redact_many(iter(["a@example.com"])) == ["[EMAIL_ADDRESS]"]
    assert redactor.redact_many([]) == []


def test_redact_many_runs_beside_other_threads() -> None:
    redactor = guard.Redactor()
    texts = ["mail a@example.com " * 20_000] * 4
    results: list[list[str]] = []
    workers = [
        threading.Thread(target=lambda: results.append(redactor.redact_many(texts)))
        for _ in range(3)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert len(results) == 3
    assert all(result == results[0] for result in results)
    assert "a@example.com" not in results[0][0]


# --- redact_json ------------------------------------------------------------------------------

DOCUMENT: dict[str, Any] = {
    "Customer": {
        "DisplayName": "Maria Lopez",
        "Notes": "mail a@example.com",
        "Balance": 1520.75,
        "Qty": 3,
        "Active": True,
        "Fax": None,
    },
    "Line": [{"Description": "SSN 363-41-0219"}, 7, ["b@example.org"]],
}
REDACTED: dict[str, Any] = {
    "Customer": {
        "DisplayName": "[PERSON]",
        "Notes": "mail [EMAIL_ADDRESS]",
        "Balance": 1520.75,
        "Qty": 3,
        "Active": True,
        "Fax": None,
    },
    "Line": [{"Description": "SSN [US_SSN]"}, 7, ["[EMAIL_ADDRESS]"]],
}


def test_redact_json_dict_keeps_type_and_shape() -> None:
    original = json.loads(json.dumps(DOCUMENT))
    result = guard.Redactor().redact_json(DOCUMENT)
    assert result == REDACTED
    assert type(result["Customer"]["Qty"]) is int
    assert type(result["Customer"]["Balance"]) is float
    assert list(result["Customer"]) == list(DOCUMENT["Customer"])
    assert original == DOCUMENT


def test_redact_json_list_bytes_and_str() -> None:
    redactor = guard.Redactor()
    assert redactor.redact_json(["a@example.com", 1]) == ["[EMAIL_ADDRESS]", 1]
    as_bytes = redactor.redact_json(json.dumps(DOCUMENT).encode())
    assert isinstance(as_bytes, bytes)
    assert json.loads(as_bytes) == REDACTED
    as_str = redactor.redact_json(json.dumps(DOCUMENT))
    assert isinstance(as_str, str)
    assert json.loads(as_str) == REDACTED


def test_redact_json_tuples_and_dict_subclasses() -> None:
    result = guard.Redactor().redact_json(OrderedDict(a=("a@example.com", 2)))
    assert result == {"a": ["[EMAIL_ADDRESS]", 2]}


def test_redact_json_hash_keeps_joins() -> None:
    redactor = guard.Redactor(operators={"DEFAULT": "hash"}, hash_key=HASH_KEY)
    result = redactor.redact_json(
        {"PrimaryEmailAddr": {"Address": "a@example.com"}, "n": "a@example.com"}
    )
    assert result["PrimaryEmailAddr"]["Address"] == result["n"]
    assert result["n"].startswith("EMAIL_ADDRESS_")


def test_analyze_json_pointers() -> None:
    findings = guard.Redactor().analyze_json(DOCUMENT)
    assert [(f.pointer, f.entity, f.start, f.end) for f in findings] == [
        ("/Customer/DisplayName", "PERSON", 0, 11),
        ("/Customer/Notes", "EMAIL_ADDRESS", 5, 18),
        ("/Line/0/Description", "US_SSN", 4, 15),
        ("/Line/2/0", "EMAIL_ADDRESS", 0, 13),
    ]
    assert findings[0].rule == "json.field"
    assert guard.Redactor().analyze_json(json.dumps({"a/b": "a@example.com"}))[0].pointer == "/a~1b"


def test_redact_json_person_keys() -> None:
    payload = {
        "customer_name": "Kenji Tanaka",
        "contact": "Udyati Seth",
        "name": "maria garcia",
        "ItemRef": {"value": "3", "name": "Garden Hose"},
        "entities": [{"name": "Customer", "id": "58"}],
    }
    redacted = guard.Redactor().redact_json(json.dumps(payload).encode())
    assert isinstance(redacted, bytes)
    assert json.loads(redacted) == {
        "customer_name": "[PERSON]",
        "contact": "[PERSON]",
        "name": "[PERSON]",
        "ItemRef": {"value": "3", "name": "Garden Hose"},
        "entities": [{"name": "Customer", "id": "58"}],
    }
    assert b"Tanaka" not in redacted
    assert b"Seth" not in redacted


def test_redact_labelled_and_lower_case_names() -> None:
    redactor = guard.Redactor(entities=["PERSON"])
    assert redactor.redact("Name: Udyati Seth, DOB on file") == "Name: [PERSON], DOB on file"
    assert redactor.redact("customer john smith called") == "customer [PERSON] called"
    assert redactor.redact("NAME: JOHN SMITH") == "NAME: [PERSON]"
    assert redactor.redact("the customer will pay the bill in may") == (
        "the customer will pay the bill in may"
    )


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"entities": "EMAIL_ADDRESS"}, "not a single str"),
        ({"entities": ["EMAIL"]}, "unknown entity"),
        ({"entities": [1]}, "containing an int"),
        ({"entities": 5}, "not an int"),
        ({"locales": "US"}, "not a single str"),
        ({"locales": ["Mars"]}, "not supported"),
        ({"operators": ["mask"]}, "must be a dict"),
        ({"operators": {"EMAIL_ADDRESS": "zap"}}, "not an operator"),
        ({"operators": {"EMAIL_ADDRESS": ("mask", -1)}}, "not an int from 0"),
        ({"operators": {"EMAIL_ADDRESS": ("mask", True)}}, "not an int from 0"),
        ({"operators": {"EMAIL_ADDRESS": ("mask", 2.0)}}, "not an int from 0"),
        ({"operators": {"EMAIL_ADDRESS": ("mask", -(10**30))}}, "not an int from 0"),
        (
            {"operators": {"EMAIL_ADDRESS": "hash"}, "hash_key": "x"},
            "has 1 bytes, too few",
        ),
        ({"operators": {"EMAIL_ADDRESS": ("mask", 2, "**")}}, "not one character"),
        ({"operators": {"EMAIL_ADDRESS": ("replace",)}}, "wrong form"),
        ({"operators": {"EMAIL_ADDRESS": ("replace", 3)}}, "not a str"),
        ({"operators": {"EMAIL_ADDRESS": 3}}, "is an int"),
        ({"operators": {"NOT_AN_ENTITY": "keep"}}, "is not an entity"),
        ({"operators": {1: "keep"}}, "keys must be entity names"),
        ({"operators": {"EMAIL_ADDRESS": "hash"}}, "needs a hash_key"),
        ({"operators": {"EMAIL_ADDRESS": "hash"}, "hash_key": ""}, "has 0 bytes"),
        ({"hash_key": 1234}, "expected str or bytes"),
        ({"allow": "a@example.com"}, "not a single str"),
        ({"allow": [""]}, "is empty"),
        ({"allow": [3]}, "entry number 1 is an int"),
        ({"allow": [re.compile(rb"x")]}, "bytes pattern"),
        ({"allow": [re.compile("x", re.MULTILINE)]}, "flags other than"),
        ({"allow": [re.compile(r"(?<=a)b")]}, "not a valid regular expression"),
        ({"deny": ["EMP-1"]}, "must be a dict"),
        ({"deny": {"lower": ["x"]}}, "is invalid"),
        ({"deny": {"EMPLOYEE_ID": [re.compile("a*")]}}, "empty string"),
        ({"threshold": 1.5}, "from 0 to 1"),
        ({"threshold": "high"}, "is a str"),
        ({"threshold": True}, "is a bool"),
        ({"threshold": {"US_SSN": -0.5}}, "from 0 to 1"),
        ({"threshold": {"UNKNOWN": 0.5}}, "is not an entity"),
    ],
)
def test_constructor_rejects_bad_settings(arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(guard.ConfigurationError, match=message):
        guard.Redactor(**arguments)


def test_constructor_errors_never_show_terms_or_key() -> None:
    with pytest.raises(guard.ConfigurationError) as caught:
        guard.Redactor(allow=[re.compile(r"maria(?=lopez)")])
    assert "maria" not in str(caught.value)
    redactor = guard.Redactor(operators={"DEFAULT": "hash"}, hash_key=HASH_KEY)
    assert HASH_KEY not in repr(redactor)


@pytest.mark.parametrize("text", [b"a@example.com", 5, None, ["a@example.com"]])
def test_text_methods_reject_non_str(text: Any) -> None:
    redactor = guard.Redactor()
    with pytest.raises(guard.RedactionTypeError, match="expected a str"):
        redactor.analyze(text)
    with pytest.raises(guard.RedactionTypeError, match="expected a str"):
        redactor.redact(text)


def test_text_with_lone_surrogate_is_rejected() -> None:
    with pytest.raises(guard.RedactionError, match="lone surrogate"):
        guard.Redactor().redact("mail a@example.com \ud800")


def test_redact_many_rejects_bad_batches() -> None:
    redactor = guard.Redactor()
    with pytest.raises(guard.RedactionTypeError, match="not a single str"):
        redactor.redact_many("a@example.com")
    with pytest.raises(guard.RedactionTypeError, match="not an int"):
        redactor.redact_many(5)
    with pytest.raises(guard.RedactionTypeError, match="text number 2 is a bytes"):
        redactor.redact_many(["a", b"b"])


def test_per_call_entities_are_checked() -> None:
    with pytest.raises(guard.ConfigurationError, match="unknown entity"):
        guard.Redactor().redact("x", entities=["NOPE"])
    with pytest.raises(guard.ConfigurationError, match="not a single str"):
        guard.Redactor().analyze("x", entities="US_SSN")


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (5, guard.RedactionTypeError, "not an int"),
        ({1: "a"}, guard.RedactionTypeError, "JSON keys are str"),
        ({"a": {1, 2}}, guard.RedactionTypeError, 'pointer "/a" is a set'),
        ({"a": [float("nan")]}, guard.RedactionError, "NaN or infinite"),
        ({"a": 2**70}, guard.RedactionError, "64-bit range"),
        ({"a": "\ud800"}, guard.RedactionError, "lone surrogate"),
        (b'{"SSN": "363-41-0219",', guard.RedactionError, "line 1"),
        ('{"Notes": maria@example.com}', guard.RedactionError, "column 11"),
        (b"\xff", guard.RedactionError, "invalid JSON"),
        ({"maria@example.com\udcff": "x"}, guard.RedactionError, "key of the object"),
        ('{"a": 1e400}', guard.RedactionError, "number out of range"),
        ("[" * 200 + "]" * 200, guard.RedactionError, "recursion limit exceeded"),
    ],
)
def test_redact_json_rejects_bad_documents(
    value: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message) as caught:
        guard.Redactor().redact_json(value)
    assert "maria" not in str(caught.value)
    assert "363-41" not in str(caught.value)


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("jane.doe@example.com", "[EMAIL_ADDRESS]"),
        ("4111111111111111", "[CREDIT_CARD]"),
        ("SSN 123-45-6789", "SSN [US_SSN]"),
    ],
)
def test_pointers_in_messages_hide_pii_keys(key: str, shown: str) -> None:
    with pytest.raises(guard.RedactionError) as caught:
        guard.Redactor().redact_json({"customers": {key: {"balance": float("inf")}}})
    message = str(caught.value)
    assert f'"/customers/{shown}/balance"' in message
    assert key not in message
    findings = guard.Redactor().analyze_json({key: {"note": "call +44 20 7946 0958"}})
    assert findings[0].pointer == f"/{key}/note"
    assert key not in repr(findings[0])
    assert f'pointer="/{shown}/note"' in repr(findings[0])


def test_redactor_copies_are_itself_and_pickling_is_refused() -> None:
    import copy
    import pickle

    redactor = guard.Redactor(operators={"DEFAULT": "hash"}, hash_key=HASH_KEY)
    assert copy.copy(redactor) is redactor
    assert copy.deepcopy({"r": redactor})["r"] is redactor
    with pytest.raises(guard.RedactionTypeError, match="cannot be pickled") as caught:
        pickle.dumps(redactor)
    assert HASH_KEY not in str(caught.value)


def test_redact_json_rejects_self_reference() -> None:
    looped: dict[str, Any] = {}
    looped["self"] = looped
    with pytest.raises(guard.RedactionError, match="contains itself") as caught:
        guard.Redactor().redact_json(looped)
    assert len(str(caught.value)) < 300


@pytest.mark.parametrize(
    ("document", "column"),
    [
        ('{"id": 123456789012345678901234567890}', 8),
        ('{"a": 1.5, "b": -9223372036854775809}', 17),
        ("[1.5,\n 18446744073709551616]", 2),
    ],
)
def test_redact_json_rejects_integers_beyond_64_bits(document: str, column: int) -> None:
    with pytest.raises(guard.RedactionError, match=f"column {column}: the integer has more"):
        guard.Redactor().redact_json(document)


def test_redact_json_keeps_floats_and_digits_in_strings() -> None:
    document = '{"a": "x\\"123456789012345678901234567890", "b": 1.5, "c": -1.25e3}'
    assert json.loads(guard.Redactor().redact_json(document)) == json.loads(document)


def test_redact_json_skips_byte_order_mark() -> None:
    document = b'\xef\xbb\xbf{"note": "call +44 20 7946 0958"}'
    assert guard.Redactor().redact_json(document) == b'{"note":"call [PHONE_NUMBER]"}'


def test_webhook_rejects_callable_operator() -> None:
    redactor = guard.Redactor(operators={"DEFAULT": lambda value, entity: "x"})
    with pytest.raises(guard.ConfigurationError, match="callable operator"):
        guard.Webhook(["k" * 32], redactor=redactor)
