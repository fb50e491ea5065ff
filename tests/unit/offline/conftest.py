"""Fixtures of the offline runs: a seeded in-memory wiki, its clock, and a wikisync.toml."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from wikisync.dev.fakewiki import FakeWiki, TickingClock, sample_wiki
from wikisync.dev.sample import SamplePlan, sample_programme

HERE = str(Path(__file__).parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

BOT = "SyncBot"
START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
SETTINGS = f"""\
[wiki]
api = "https://wiki.invalid/w/api.php"
user = "{BOT}"

[programme]
config_page = "User:{BOT}/wikisync.json"

[state]
path = "state.sqlite"
"""


@pytest.fixture(scope="module")
def plan() -> SamplePlan:
    """A smaller sample programme than the demo's (60 people, 16 skills, 3 directory
    pages): the same shapes, in half the time."""
    return sample_programme(60, 16, per_page=25)


@pytest.fixture
def clock() -> TickingClock:
    return TickingClock(START)


@pytest.fixture
def fake(plan: SamplePlan, clock: TickingClock) -> FakeWiki:
    seeded = sample_wiki(plan, FakeWiki(bot=BOT, clock=clock))
    clock.advance(dt.timedelta(hours=1))
    return seeded


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A wikisync.toml whose state file lies in the test's own folder."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "wikisync.toml"
    path.write_text(SETTINGS, encoding="utf-8")
    return str(path)
