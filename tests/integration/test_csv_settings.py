"""The registration export named in wikisync.toml, on the real wiki: every scheduled run
reads it, its registrants stay listed, and an edited export makes the next run read again."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from wikisync.dev.devwiki import DevWiki
from wikisync.dev.editor import Editor
from wikisync.dev.sample import NEW_ENTRIES, SamplePlan, sample_programme
from wikisync.running import operations

BIN = Path(sys.executable).parent
SLACK = 3  # seconds: changes this close before a run's start make the next run read again
HEADER = "Username,Time zone,Skills to share,Consent,Email,Phone number\n"
FIRST = "Csv Newcomer One,Africa/Accra,Photography,yes,one.secret@example.org,+233 20 555 0101\n"
SECOND = "Csv Newcomer Two,UTC,Photography,yes,two.secret@example.org,+233 20 555 0202\n"
PART_1 = "Let's Connect/Skills directory/Part 1"


@pytest.fixture(scope="module")
def plan(devwiki: DevWiki) -> SamplePlan:
    plan = sample_programme(30, 8, seed=5, per_page=30)
    devwiki.create_accounts([*plan.accounts, "Csv Newcomer One", "Csv Newcomer Two"])
    devwiki.load(plan.pages, "test programme")
    return plan


@pytest.fixture(scope="module")
def export(devwiki: DevWiki) -> Iterator[Path]:
    path = devwiki.folder / "csv-signups.csv"
    path.write_text(HEADER + FIRST, encoding="utf-8")
    path.chmod(0o600)
    yield path
    path.unlink(missing_ok=True)


@pytest.fixture(scope="module")
def config(devwiki: DevWiki, export: Path) -> Iterator[str]:
    """The dev wiki's settings with their own state, naming the export (beside them)."""
    path = devwiki.folder / "csv-wikisync.toml"
    text = devwiki.settings_file.read_text(encoding="utf-8")
    text = text.replace('path = "state.sqlite"', 'path = "csv-state.sqlite"')
    path.write_text(
        f'{text}\n[registrations]\ncsv = "{export.name}"\n'
        # Minutes, not hours, between scheduled runs: the test's clock must stay within one
        # UTC day, since the first run of a day always reads everything.
        '\n[jobs.registrations]\nevery = "1m"\n',
        encoding="utf-8",
    )
    yield str(path)
    path.unlink(missing_ok=True)
    for state in devwiki.folder.glob("csv-state.sqlite*"):
        state.unlink()


def listed(human: Editor) -> str:
    return human.text(NEW_ENTRIES) or ""


def test_the_export_named_in_the_settings_is_read_by_every_scheduled_run(
    plan: SamplePlan, config: str, export: Path, human: Editor
) -> None:
    first = subprocess.run(
        [str(BIN / "wikisync"), "--config", config, "run"],
        capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert first.returncode == 0, first.stderr
    assert "= Csv Newcomer One\n" in listed(human)
    start = operations.now()

    def at(minutes: float) -> Callable[[], dt.datetime]:
        return lambda: start + dt.timedelta(minutes=minutes)

    human.edit(PART_1, (human.text(PART_1) or "") + "\n<!-- reviewed -->\n", "review")
    time.sleep(SLACK)
    after_an_edit = operations.run(config, clock=at(1.1))
    assert "registrations" in after_an_edit.ran
    assert "= Csv Newcomer One\n" in listed(human), "a scheduled run dropped the registrant"

    quiet = operations.run(config, clock=at(2.2))
    assert "registrations" in quiet.unchanged

    export.write_text(HEADER + FIRST + SECOND, encoding="utf-8")
    edited = operations.run(config, clock=at(3.3))
    assert "registrations" in edited.ran
    assert "= Csv Newcomer One\n" in listed(human)
    assert "= Csv Newcomer Two\n" in listed(human)
    for secret in ("one.secret", "two.secret", "555 0101", "555 0202"):
        assert secret not in listed(human)
