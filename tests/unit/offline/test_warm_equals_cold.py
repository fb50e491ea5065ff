"""A warm run reuses what earlier runs made, yet does exactly what a cold run does.

Seeded programmes and random edits (entries added, removed, changed and moved,
registrations, the taxonomy). First the inputs: read through the state's caches against
those read with an empty state. Then whole runs: after each round of edits, the run with
the state as the earlier runs left it against a run, on a copy of the same wiki, with the
same state but every cache emptied; every page either writes, and every edit summary, must
be the same, byte for byte.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import logging
import random
import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from wikisync.dev.bench import synthetic
from wikisync.dev.fakewiki import FakeWiki, TickingClock
from wikisync.planning.plan import CollectingCache, Inputs, gather_inputs
from wikisync.running import operations
from wikisync.running.progress import LOGGER
from wikisync.running.state import State

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
TODAY = START.date()
ENTRY = re.compile(r"\{\{Skills directory (?:entry|registration)\n.*?\n\}\}\n", re.DOTALL)
SKILL = re.compile(r"^\{\{Skill \|.*\}\}\n", re.MULTILINE)
FIELD = re.compile(r"^ \| (\w+) *= ?(.*)$", re.MULTILINE)
#: New values for a field, some of them mistakes.
VALUES = {
    "status": ["inactive", "away until 2020-01-01", "away until 2099-01-01", "away", "gone"],
    "languages": ["en-N", "xx-9, fr-2", "", "pt-3; es"],
    "capacity": ["0", "4", "a lot", "99"],
    "region": ["MENA", "Atlantis", ""],
    "timezone": ["Europe/Paris", "UTC+05:30", "Mars/Olympus"],
}


class Programme:
    """A seeded programme on a fake wiki, and random edits to it."""

    def __init__(self, seed: int) -> None:
        built = synthetic.build(120, seed, skills=30, with_files=True)
        self.random = random.Random(seed)
        self.settings = synthetic.programme_settings()
        self.titles = synthetic.source_titles(built.pages)
        self.accounts = built.accounts
        self.clock = TickingClock(START, step=dt.timedelta(0))
        self.wiki = FakeWiki(bot=synthetic.BOT, clock=self.clock)
        self.wiki.create_accounts(self.accounts[::2])
        self.wiki.load(built.pages, "seed")

    def inputs(self, state: State | CollectingCache | None) -> Inputs:
        return gather_inputs(self.wiki, state, self.settings, self.titles, TODAY)

    def text(self, title: str) -> str:
        text = self.wiki.text(title)
        assert text is not None
        return text

    def edit(self) -> None:
        """One random edit a person might make."""
        action = self.random.choice(
            [self.change, self.change, self.remove, self.add, self.move, self.taxonomy]
        )
        action()

    def entry_page(self) -> tuple[str, list[re.Match[str]]]:
        pages = [*self.titles.directory, *self.titles.registrations]
        title = self.random.choice(pages)
        return title, list(ENTRY.finditer(self.text(title)))

    def replace(self, title: str, match: re.Match[str] | None, new: str) -> None:
        text = self.text(title)
        start, end = (match.start(), match.end()) if match else (len(text), len(text))
        self.wiki.edit(title, text[:start] + new + text[end:])

    def change(self) -> None:
        title, entries = self.entry_page()
        if not entries:
            return self.add()
        entry = self.random.choice(entries)
        field = self.random.choice([*VALUES, "username", "learn", "consent"])
        if field == "username":
            value = self.random.choice(self.accounts)
        elif field == "learn":
            value = "; ".join(self.random.sample(self.skill_labels(), 2))
        elif field == "consent":
            value = self.random.choice(["yes", "no"])
        else:
            value = self.random.choice(VALUES[field])
        block = FIELD.sub(
            lambda m: m.group(0) if m.group(1) != field else f" | {field} = {value}", entry.group(0)
        )
        if block == entry.group(0):
            block = block.replace("\n}}\n", f"\n | {field} = {value}\n}}}}\n")
        self.replace(title, entry, block)

    def remove(self) -> None:
        title, entries = self.entry_page()
        if entries:
            self.replace(title, self.random.choice(entries), "")

    def add(self) -> None:
        """A copy of an entry of another page (the person is then listed twice)."""
        _, entries = self.entry_page()
        title, _ = self.entry_page()
        if entries:
            self.replace(title, None, self.random.choice(entries).group(0))

    def move(self) -> None:
        """An entry moved to another page."""
        source, entries = self.entry_page()
        title, _ = self.entry_page()
        if entries and title != source:
            entry = self.random.choice(entries)
            self.replace(source, entry, "")
            self.replace(title, None, entry.group(0))

    def taxonomy(self) -> None:
        """A skill removed, given a new alias, or given another label."""
        title = self.titles.taxonomy
        skills = list(SKILL.finditer(self.text(title)))
        skill = self.random.choice(skills)
        line = skill.group(0)
        new = self.random.choice(
            [
                "",
                line.replace("| aliases = ", "| aliases = zzz top; "),
                line.replace("| label = ", "| label = Renamed "),
            ]
        )
        self.replace(title, skill, new)

    def skill_labels(self) -> list[str]:
        return re.findall(r"\| label = ([^|]+?) \|", self.text(self.titles.taxonomy))


def same_inputs(warm: Inputs, cold: Inputs) -> None:
    assert warm.taxonomy == cold.taxonomy
    assert warm.people == cold.people
    assert warm.problems == cold.problems
    assert warm.feedback == cold.feedback
    assert warm.directory == cold.directory
    assert (warm.entries, warm.revisions) == (cold.entries, cold.revisions)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_warm_inputs_after_random_edits_are_the_cold_inputs(seed: int) -> None:
    programme = Programme(seed)
    with State.scratch() as state:
        same_inputs(programme.inputs(state), programme.inputs(None))
        for _ in range(5):
            for _ in range(programme.random.randint(1, 3)):
                programme.edit()
            warm = programme.inputs(state)
            cold = programme.inputs(None)
            same_inputs(warm, cold)
            assert warm.read.parsed <= 3 < cold.read.parsed


def test_planning_keeps_the_new_rows_aside_for_the_run_to_store() -> None:
    programme = Programme(5)
    with State.scratch() as state:
        cache = CollectingCache(state)
        first = programme.inputs(cache)
        assert cache.stored and cache.normalised
        assert state.cached_normalised(first.revisions, "any") == {}
        state.store_parses(cache.stored)
        state.store_normalised(cache.normalised)
        again = CollectingCache(state)
        same_inputs(programme.inputs(again), first)
        assert again.stored == [] and again.normalised == []


def test_the_state_keeps_one_normalised_row_a_page_with_entries() -> None:
    programme = Programme(6)
    with State.scratch() as state:
        for _ in range(4):
            programme.inputs(state)
            programme.edit()
        rows = state._db.execute("SELECT page FROM normalised_cache").fetchall()
    pages = {*programme.titles.directory, *programme.titles.registrations}
    assert {page for (page,) in rows} <= pages
    assert len(rows) == len({page for (page,) in rows})


def test_a_new_day_normalises_every_page_again_and_gives_that_days_inputs() -> None:
    programme = Programme(7)
    with State.scratch() as state:
        programme.inputs(state)
        tomorrow = TODAY + dt.timedelta(days=1)
        warm = gather_inputs(programme.wiki, state, programme.settings, programme.titles, tomorrow)
        cold = gather_inputs(programme.wiki, None, programme.settings, programme.titles, tomorrow)
    same_inputs(warm, cold)
    assert dataclasses.replace(warm, read=cold.read) == cold


#: Everything the state keeps only to save work; emptied, a run starts cold.
CACHES = (
    "parse_cache",
    "normalised_cache",
    "render_part",
    "page_frame",
    "account_check",
    "solver_start",
)
#: The status page tells how much was reused, so it differs on purpose.
STATUS = f"User:{synthetic.BOT}/Status"


def settings_file(folder: Path) -> str:
    """A wikisync.toml for the fake wiki with its state in ``folder``."""
    folder.mkdir(exist_ok=True)
    path = folder / "wikisync.toml"
    path.write_text(
        f'[wiki]\napi = "https://wiki.invalid/w/api.php"\nuser = "{synthetic.BOT}"\n\n'
        f'[programme]\nconfig_page = "User:{synthetic.BOT}/wikisync.json"\n\n'
        '[state]\npath = "state.sqlite"\n',
        encoding="utf-8",
    )
    return str(path)


def emptied_caches(warm: Path, cold: Path) -> None:
    """``cold``: a copy of the state ``warm`` that remembers every run but reuses nothing."""
    shutil.copy(warm, cold)
    with closing(sqlite3.connect(cold)) as db:
        for table in CACHES:
            db.execute(f"DELETE FROM {table}")
        db.commit()


def run(config: str, wiki: FakeWiki, clock: TickingClock) -> operations.JobsRun:
    done = operations.run(config, force=True, connect_to=lambda settings: wiki, clock=clock)
    assert done.result is not None and not operations.run_failed(done)
    return done


def written(wiki: FakeWiki, since: int) -> list[tuple[str, str, str]]:
    """Every save the bot made after revision ``since``, the status page's aside: title,
    text and summary, in order."""
    return [
        (r.title, r.text, r.summary)
        for r in wiki.edits_by(synthetic.BOT)
        if r.id > since and r.title != STATUS
    ]


@pytest.mark.parametrize("seed", [11, 12, 13])
def test_warm_runs_after_random_edits_write_what_cold_runs_write(
    seed: int, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)
    logging.getLogger(LOGGER).addHandler(caplog.handler)
    programme = Programme(seed)
    warm = settings_file(tmp_path / "warm")
    cold = settings_file(tmp_path / "cold")
    run(warm, programme.wiki, programme.clock)
    reused: list[int] = []
    warm_solves: list[str] = []
    for _ in range(4):
        programme.clock.advance(dt.timedelta(hours=7))
        for _ in range(programme.random.randint(1, 3)):
            programme.edit()
        emptied_caches(tmp_path / "warm" / "state.sqlite", tmp_path / "cold" / "state.sqlite")
        twin, twin_clock = copy.deepcopy((programme.wiki, programme.clock))
        newest = max(r.id for r in programme.wiki.edits_by(synthetic.BOT))
        caplog.clear()
        warm_run = run(warm, programme.wiki, programme.clock)
        remembered = parts_remembered(caplog.text)
        warm_solves.append(solve_start(caplog.text))
        caplog.clear()
        cold_run = run(cold, twin, twin_clock)
        assert parts_remembered(caplog.text) == 0
        assert solve_start(caplog.text) == "cold"
        assert written(programme.wiki, newest) == written(twin, newest)
        assert programme.wiki.titles() == twin.titles()
        for title in programme.wiki.titles():
            if title != STATUS:
                assert programme.wiki.text(title) == twin.text(title), title
        reused.append(remembered)
        assert parsed(warm_run) < parsed(cold_run)
    assert sum(reused) > 0, "no part was taken from the memo"
    assert "warm" in warm_solves, "no solve started from the last run's"


def solve_start(log: str) -> str:
    """How the run's solve began, as its log says."""
    found = re.search(r"solved ([a-z ]+): ", log)
    assert found, log
    return found.group(1)


def parts_remembered(log: str) -> int:
    """The parts the run took from the render memo, as its log says."""
    found = re.search(r"\((\d+) parts remembered", log)
    assert found, log
    return int(found.group(1))


def parsed(done: operations.JobsRun) -> int:
    assert done.result is not None
    return done.result.inputs.read.parsed
