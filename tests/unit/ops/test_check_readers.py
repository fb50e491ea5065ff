"""Pages in other shapes, read by ``wikisync check --file``: JSON lists and mentor lists,
Commons-style tabular data, profile pages whose categories the taxonomy maps to skills.

Each page of ``data/readers`` is checked against ``settings.json`` and ``Taxonomy.wiki``
there; ``expected.json`` holds, per page, the entries read, the people they normalise to
(``[username, shares, learns]``) and the problems as ``[code, username, field]``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from wikisync.cli import main
from wikisync.model import Taxonomy
from wikisync.normalize import normalise
from wikisync.reading.parse import parse_taxonomy
from wikisync.reading.readers import read_entries, reader_for
from wikisync.running.operations import local_programme, local_title
from wikisync.settings.programme import Programme, Templates

READERS = Path(__file__).parent / "data" / "readers"
EXPECTED: dict[str, dict[str, Any]] = json.loads((READERS / "expected.json").read_text("utf-8"))
PRIVATE = ("@example", "dina.private", "Profile image")


@pytest.fixture(autouse=True)
def in_the_pages_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    """Local files stand for the wiki titles of their paths below the current folder."""
    monkeypatch.chdir(READERS)


def programme() -> Programme:
    return local_programme(Path("settings.json"))


def taxonomy(templates: Templates) -> Taxonomy:
    found, problems = parse_taxonomy(Path("Taxonomy.wiki").read_text("utf-8"), "T", 0, templates)
    assert problems == []
    return found


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_check_counts_the_entries_of_each_shape(page: str) -> None:
    args = ["check", "--file", page, "--settings", "settings.json", "--taxonomy", "Taxonomy.wiki"]
    result = CliRunner().invoke(main, args)
    expected = EXPECTED[page]
    count = expected["entries"]
    assert f"{page}: {count} {'entry' if count == 1 else 'entries'}\n" in result.output
    codes = sorted(code for code, _, _ in expected["problems"])
    assert f"{len(codes)} problems" in result.output
    assert all(f": {code}: " in result.output for code in codes)
    assert result.exit_code == (1 if "missing-username" in codes else 0), result.output
    assert not any(value in result.output for value in PRIVATE)


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_each_shape_normalises_to_its_people(page: str) -> None:
    chosen = programme()
    title = local_title(Path(page))
    text = Path(page).read_text("utf-8")
    entries, problems = read_entries(
        reader_for(title, chosen), text, title, 0, chosen, shown_as=page
    )
    result = normalise(entries, taxonomy(chosen.templates), chosen, dt.date(2026, 6, 1))
    people = [[p.username, list(p.shares), list(p.learns)] for p in result.people]
    found = sorted([p.code, p.username or "", p.field or ""] for p in [*problems, *result.problems])
    assert {"entries": len(entries), "people": people, "problems": found} == EXPECTED[page]
