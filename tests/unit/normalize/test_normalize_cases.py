"""Data-driven cases: each ``data/<case>.wiki`` page normalises to ``data/<case>.json``.

The JSON holds the people (fields equal to the defaults are left out), the counts of the
entry accounting, and the problems as ``[code, username, field]``. Pages whose name starts
with ``registration-`` are read as registration pages.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from wikisync.model import EntryKind, Person, SourceRef, Taxonomy
from wikisync.normalize import normalise
from wikisync.reading.parse import parse_entries
from wikisync.settings.programme import default_programme

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 6, 1)
CASES = sorted(path.stem for path in DATA.glob("*.wiki") if path.stem != "taxonomy")
_DEFAULT = Person(username="", source=SourceRef(""))


def person_json(person: Person) -> dict[str, Any]:
    """``person`` as JSON, leaving out fields that have their default value."""
    shown: dict[str, Any] = {"username": person.username}
    shown["source"] = [person.source.index, person.source.line]
    for name in Person.__slots__:
        value = getattr(person, name)
        if name in ("username", "source") or value == getattr(_DEFAULT, name):
            continue
        shown[name] = _plain(value)
    return shown


def _plain(value: object) -> Any:
    if isinstance(value, frozenset):
        return sorted(value)
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    if hasattr(value, "code") and hasattr(value, "level"):
        return f"{value.code}-{value.level}"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def run_case(name: str, taxonomy: Taxonomy) -> dict[str, Any]:
    """The normalised people, counts and problem codes of one case page."""
    text = (DATA / f"{name}.wiki").read_text(encoding="utf-8")
    kind = EntryKind.REGISTRATION if name.startswith("registration-") else EntryKind.DIRECTORY
    programme = default_programme()
    entries, parse_problems = parse_entries(text, name, 1, kind, programme.templates)
    result = normalise(entries, taxonomy, programme, TODAY)
    problems = [*parse_problems, *result.problems]
    return {
        "people": [person_json(person) for person in result.people],
        "merged": result.merged,
        "withheld": result.withheld,
        "unnamed": result.unnamed,
        "problems": sorted([item.code, item.username or "", item.field or ""] for item in problems),
    }


@pytest.mark.parametrize("case", CASES)
def test_case_normalises_as_expected(case: str, taxonomy: Taxonomy) -> None:
    expected = json.loads((DATA / f"{case}.json").read_text(encoding="utf-8"))
    assert run_case(case, taxonomy) == expected


@pytest.mark.parametrize("case", CASES)
def test_case_accounts_for_every_entry(case: str, taxonomy: Taxonomy) -> None:
    result = run_case(case, taxonomy)
    text = (DATA / f"{case}.wiki").read_text(encoding="utf-8")
    kind = EntryKind.REGISTRATION if case.startswith("registration-") else EntryKind.DIRECTORY
    entries, _ = parse_entries(text, case, 1, kind, default_programme().templates)
    used = len(result["people"]) + result["merged"] + result["withheld"] + result["unnamed"]
    assert used == len(entries)
