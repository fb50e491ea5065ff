"""Escaping: the MediaWiki port matches the real function, and escape() never lets markup act."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wikisync.render.escape import (
    clean,
    escape,
    escape_cell,
    escape_template_argument,
    shorten,
    wf_escape_wiki_text,
)

DATA = Path(__file__).parent / "data"
PORT_CASES = json.loads((DATA / "wf_escape_1_39.json").read_text(encoding="utf-8"))["cases"]
HOSTILE = json.loads((DATA / "hostile_values.json").read_text(encoding="utf-8"))["values"]

#: Sequences that start markup somewhere in a page; none may survive escape().
ACTIVE_SEQUENCES = (
    "[",
    "]",
    "{",
    "}",
    "|",
    "<",
    ">",
    "'",
    "=",
    ";",
    '"',
    "__",
    "~~~",
    "://",
    "!!",
    "\n",
    "\r",
    "\t",
)
PROTOCOL_WITHOUT_SLASHES = re.compile(
    r"\b(bitcoin|geo|magnet|mailto|matrix|news|sip|sips|sms|tel|urn|xmpp):", re.I | re.A
)
MAGIC_LINK = re.compile(r"(ISBN|PMID|RFC)\s")
ENTITY = re.compile(r"&#[0-9]+;")


@pytest.mark.parametrize("case", PORT_CASES, ids=lambda case: repr(case["input"])[:40])
def test_port_matches_mediawiki_1_39(case: dict[str, str]) -> None:
    assert wf_escape_wiki_text(case["input"]) == case["output"]


def test_port_cases_cover_every_table_row() -> None:
    inputs = "\n".join(case["input"] for case in PORT_CASES)
    for sequence in ("\n#", "\r*", "\n----", "\r\n", "__", "://", "ISBN\f", "mailto:", "é"):
        assert sequence in inputs


@pytest.mark.parametrize("value", HOSTILE, ids=lambda value: repr(value)[:40])
def test_escape_leaves_no_active_sequence(value: str) -> None:
    escaped = ENTITY.sub("\x00", escape(value))
    for sequence in ACTIVE_SEQUENCES:
        assert sequence not in escaped
    assert not PROTOCOL_WITHOUT_SLASHES.search(escaped)
    assert not MAGIC_LINK.search(escaped)
    assert not escaped.startswith(("#", "*", ":", " ", "-", "+", "!", "_", "~"))
    assert not escaped.endswith(("_", "~"))


@pytest.mark.parametrize("value", HOSTILE, ids=lambda value: repr(value)[:40])
def test_escape_shows_the_cleaned_value_literally(value: str) -> None:
    assert html.unescape(escape(value)) == clean(value)


@given(st.text())
def test_escape_round_trips_any_text(value: str) -> None:
    assert html.unescape(escape(value)) == clean(value)


@given(st.text(), st.text())
def test_two_escaped_values_never_join_into_a_token(left: str, right: str) -> None:
    joined = escape(left) + escape(right)
    assert "~~~" not in joined
    assert "__" not in joined
    assert "!!" not in joined


def test_clean_collapses_newlines_and_removes_controls() -> None:
    assert clean("a\n\n== b ==\r\n c\t\u2028d") == "a == b == c d"
    assert clean("\u202eevil\u202c \u2067x\u2069") == "evil x"
    assert clean("nul\x00bell\x07") == "nulbell"
    assert clean("\ud800x") == "\ufffdx"


def test_escape_keeps_right_to_left_marks_and_plain_text() -> None:
    assert escape("Wikimedia Ghana User Group") == "Wikimedia Ghana User Group"
    assert escape("ويكيميديا\u200f") == "ويكيميديا\u200f"


def test_escape_breaks_signatures_and_magic_words() -> None:
    assert escape("~~~~") == "&#126;~&#126;&#126;"
    assert escape("a~~~~b") == "a~~&#126;~b"
    assert escape("__NOTOC__") == "&#95;&#95;NOTOC_&#95;"
    assert escape("RFC 1234") == "RFC&#32;1234"
    assert escape("see mailto:x") == "see mailto&#58;x"


def test_escape_limit_cuts_before_escaping() -> None:
    assert escape("a<b" * 10, limit=5) == "a&#60;ba…"
    assert shorten("short", 10) == "short"


@pytest.mark.parametrize("value", ["a || b", "|}", "|- row", "! h", "a !! b", "|+ c", "x|y"])
def test_cell_values_cannot_split_or_end_a_row(value: str) -> None:
    cell = escape_cell(value)
    assert "|" not in cell
    assert "!!" not in cell
    assert not cell.startswith(("!", "-", "+"))


@pytest.mark.parametrize("value", ["a=b", "x|y", "}}", "{{!}}", "{{{1}}}"])
def test_template_arguments_cannot_name_split_or_close(value: str) -> None:
    argument = escape_template_argument(value)
    assert not set("=|{}") & set(argument)
    assert "{{!}}" not in argument
