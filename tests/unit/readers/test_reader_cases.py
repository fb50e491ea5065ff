"""Pages in the shapes communities write, each read by the reader its settings name.

Each ``data/<case>/`` folder holds one page file (its path below the folder is its title),
the programme settings ``settings.json`` and ``expected.json``: how many entries the page
holds (``on_page``, counted by hand), the normalised people (as in the normalisation
cases), the entry accounting and the problems as ``[code, username, field]``; ``private``
lists what the page holds that no output may show.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tests.unit.normalize.test_normalize_cases import person_json
from wikisync.cli import main
from wikisync.model import Taxonomy
from wikisync.normalize import normalise
from wikisync.reading.readers import read_entries, reader_for
from wikisync.running.operations import SKILL_CODES, local_programme

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 6, 1)
CASES = sorted(path.name for path in DATA.iterdir() if path.is_dir())


def page_of(case: str) -> tuple[Path, str]:
    """The case's page file and the title it stands for."""
    folder = DATA / case
    (path,) = folder.rglob("*.wiki")
    return path, str(path.relative_to(folder).with_suffix(""))


def expected_of(case: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / case / "expected.json").read_text("utf-8"))
    return loaded


def run_case(case: str) -> dict[str, Any]:
    """What the case's reader and normalisation make of its page."""
    path, title = page_of(case)
    programme = local_programme(DATA / case / "settings.json")
    reader = reader_for(title, programme)
    entries, read_problems = read_entries(
        reader, path.read_text(encoding="utf-8"), title, 1, programme
    )
    result = normalise(entries, Taxonomy(()), programme, TODAY)
    problems = [p for p in (*read_problems, *result.problems) if p.code not in SKILL_CODES]
    return {
        "read": len(entries),
        "people": [person_json(person) for person in result.people],
        "merged": result.merged,
        "withheld": result.withheld,
        "unnamed": result.unnamed,
        "problems": sorted([item.code, item.username or "", item.field or ""] for item in problems),
    }


@pytest.mark.parametrize("case", CASES)
def test_case_reads_as_expected(case: str) -> None:
    expected = expected_of(case)
    found = run_case(case)
    assert found == {key: expected[key] for key in found}


@pytest.mark.parametrize("case", CASES)
def test_every_entry_on_the_page_is_read_or_a_problem(case: str) -> None:
    expected = expected_of(case)
    found = run_case(case)
    not_read = expected["on_page"] - found["read"]
    row_problems = [p for p in found["problems"] if p[0] == "table-row-cells"]
    assert not_read == expected.get("not_read", 0)
    assert not_read == 0 or row_problems


@pytest.mark.parametrize("case", CASES)
def test_check_prints_the_entries_and_problems_without_private_values(
    case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = expected_of(case)
    path, _ = page_of(case)
    monkeypatch.chdir(DATA / case)
    relative = str(path.relative_to(DATA / case))
    result = CliRunner().invoke(main, ["check", "--file", relative, "--settings", "settings.json"])
    read = expected["read"]
    assert f"{relative}: {read} {'entry' if read == 1 else 'entries'}" in result.output
    for code, _, _ in expected["problems"]:
        if code not in SKILL_CODES:
            assert code in result.output
    assert not any(value in result.output for value in expected["private"])
