"""The cheap "did anything change?" question on the real wiki: blocks and unblocks of
participants make the next run read, and a killed run is finished by the next plain run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from wikisync.dev.devwiki import DevWiki
from wikisync.dev.editor import Editor
from wikisync.dev.sample import SamplePlan, sample_programme
from wikisync.model import Person
from wikisync.running import operations
from wikisync.running.schedule import JOBS
from wikisync.running.state import State
from wikisync.settings.config import Settings

MATCHES = "Let's Connect/Matches"
MATCHES_JOB_PAGES = [MATCHES, "Let's Connect/Groups", "Let's Connect/Learning clinics/Candidates"]
PROBLEMS = "Let's Connect/Directory problems"
PART_1 = "Let's Connect/Skills directory/Part 1"
BLOCKED = "This account is blocked."
BIN = Path(sys.executable).parent
SLACK = 3  # seconds: changes this close before a run's start make the next run read again


@pytest.fixture(scope="module")
def plan(devwiki: DevWiki) -> SamplePlan:
    plan = sample_programme(60, 12, seed=11, per_page=30)
    devwiki.create_accounts(plan.accounts)
    devwiki.load(plan.pages, "test programme")
    return plan


@pytest.fixture(scope="module")
def config(devwiki: DevWiki) -> str:
    return str(devwiki.settings_file)


@pytest.fixture(scope="module")
def sharer(plan: SamplePlan, config: str) -> str:
    """A sharer on the Matches page who learns nothing, so the page names them only as one."""
    wait_past_recent_human_edits()
    done = operations.run(config, force=True)
    assert done.result is not None
    people: dict[str, Person] = {p.username: p for p in done.result.inputs.people}
    sharers = sorted({s.sharer for s in done.result.result.suggestions})
    return next(name for name in sharers if name.isascii() and not people[name].learns)


def wait_past_recent_human_edits() -> None:
    """Let the last human edit fall out of the next run's window of doubt."""
    time.sleep(SLACK)


def cli(config: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "wikisync"), "--config", config, *args],
        capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL,
    )  # fmt: skip


@dataclass(frozen=True)
class Counted:
    """What a run in a fresh process did, and the API requests it made, by kind."""

    ran: list[str]
    unchanged: list[str]
    requests: int
    kinds: dict[str, int]


def counted_run(config: str, *jobs: str) -> Counted:
    """A run in a fresh process, as cron starts it, reporting its own request count."""
    script = (
        "import json, sys\n"
        "from wikisync import wiki\n"
        "from wikisync.running import operations\n"
        "done = operations.run(sys.argv[1], sys.argv[2:])\n"
        "print(json.dumps({'ran': done.ran, 'unchanged': done.unchanged,\n"
        "    'requests': wiki.REQUESTS.total, 'kinds': dict(wiki.REQUESTS.counts)}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, config, *jobs],
        capture_output=True, text=True, timeout=180, check=True,
    )  # fmt: skip
    return Counted(**json.loads(out.stdout.strip().splitlines()[-1]))


def texts(human: Editor, titles: Sequence[str]) -> dict[str, str | None]:
    return {title: human.text(title) for title in titles}


def bot_edits(human: Editor) -> int:
    data = human._get(
        action="query", list="usercontribs", ucuser="SyncBot", uclimit="max", formatversion=2
    )
    return len(data["query"]["usercontribs"])


def wait_for(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def on_page(human: Editor, title: str, name: str) -> bool:
    return f"[[User:{name}|{name}]]" in (human.text(title) or "")


def test_a_blocked_sharer_is_seen_at_once_dropped_from_matches_and_reported(
    devwiki: DevWiki, config: str, sharer: str, human: Editor
) -> None:
    assert on_page(human, MATCHES, sharer)
    devwiki.block([sharer])
    done = cli(config, "run", "matches", "check")
    assert done.returncode == 0, done.stderr
    assert "ran:       matches, check" in done.stdout, done.stdout
    assert not on_page(human, MATCHES, sharer)
    rows = (human.text(PROBLEMS) or "").split("\n|-\n")
    assert any(f"[[User:{sharer}|" in row and BLOCKED in row for row in rows), rows


def test_after_a_block_a_quiet_run_makes_at_most_four_requests_and_an_unblock_is_seen(
    devwiki: DevWiki, config: str, sharer: str, human: Editor
) -> None:
    wait_past_recent_human_edits()
    settle = counted_run(config, *JOBS)
    assert {"registrations", "resources"} <= set(settle.ran), "their last full run was earlier"
    quiet = counted_run(config, *JOBS)
    print(f"no-change run: {quiet.requests} requests, {quiet.kinds}")
    assert quiet.unchanged == list(JOBS), quiet
    assert quiet.requests <= 4, quiet.kinds
    devwiki.block([sharer], unblock=True)
    after = counted_run(config, "matches")
    assert after.ran == ["matches"], after
    assert on_page(human, MATCHES, sharer)


def test_a_watch_kept_without_its_participants_makes_the_next_run_read(
    plan: SamplePlan, config: str, settings: Settings
) -> None:
    operations.run(config, JOBS, force=True)
    wait_past_recent_human_edits()
    with State.open(settings.state_path) as state:
        payload = state.snapshot(operations.WATCH_SNAPSHOT)
        assert payload is not None
        older = json.loads(payload)
        del older["participants"]
        state.store_snapshot(operations.WATCH_SNAPSHOT, json.dumps(older), operations.now())
    assert counted_run(config, "check").ran == ["check"]
    assert counted_run(config, "check").unchanged == ["check"]


def test_a_job_interrupted_since_its_last_full_run_is_not_judged_unchanged(
    plan: SamplePlan, config: str
) -> None:
    wait_past_recent_human_edits()  # the module's set-up edits, when this test runs alone
    operations.run(config, ["matches"], force=True)
    wait_past_recent_human_edits()
    assert counted_run(config, "matches").unchanged == ["matches"]
    script = (
        "import sys\n"
        "from wikisync.running import operations\n"
        "from wikisync.running.state import State\n"
        "State.open(operations.load_settings(sys.argv[1]).state_path)"
        ".start_run('matches', operations.now())\n"
    )
    subprocess.run([sys.executable, "-c", script, config], check=True, timeout=60)
    assert counted_run(config, "matches").ran == ["matches"]
    assert counted_run(config, "matches").unchanged == ["matches"]


def test_a_killed_named_run_is_finished_by_the_next_plain_run(
    plan: SamplePlan, devwiki: DevWiki, config: str, human: Editor
) -> None:
    reference = matches_after_an_edit(devwiki, plan, config, human)
    start_and_edit(devwiki, plan, config, human)
    slow = Path(config).with_name("slow.toml")
    slow.write_text(
        Path(config).read_text(encoding="utf-8").replace("put_throttle = 0", "put_throttle = 1"),
        encoding="utf-8",
    )
    slow.chmod(0o600)
    before = bot_edits(human)
    process = subprocess.Popen(
        [str(BIN / "wikisync"), "--config", str(slow), "run", "matches"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        wait_for(lambda: bot_edits(human) > before, timeout=120)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    assert texts(human, MATCHES_JOB_PAGES) != reference, "killed after its last edit"
    finished = cli(config, "run")
    assert finished.returncode == 0, finished.stderr
    assert "ran:       matches\n" in finished.stdout, finished.stdout
    assert texts(human, MATCHES_JOB_PAGES) == reference
    assert "nothing due" in cli(config, "run").stdout


def matches_after_an_edit(
    devwiki: DevWiki, plan: SamplePlan, config: str, human: Editor
) -> dict[str, str | None]:
    """The pages of the matches job as an uninterrupted ``wikisync run matches`` writes
    them after the edit of :func:`start_and_edit`."""
    start_and_edit(devwiki, plan, config, human)
    done = cli(config, "run", "matches")
    assert "ran:       matches\n" in done.stdout, done.stdout
    return texts(human, MATCHES_JOB_PAGES)


def start_and_edit(devwiki: DevWiki, plan: SamplePlan, config: str, human: Editor) -> None:
    """A fresh wiki and state, a first run of every job, then an editor drops three entries
    (which changes every page of the matches job)."""
    devwiki.reset()
    devwiki.create_accounts(plan.accounts)
    devwiki.load(plan.pages, "test programme")
    first = cli(config, "run")
    assert first.returncode == 0, first.stderr
    text = human.text(PART_1) or ""
    entries = text.split("{{Skills directory entry")
    human.edit(PART_1, "{{Skills directory entry".join([entries[0], *entries[4:]]), "drop three")
