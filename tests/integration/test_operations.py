"""The operator's view on the real wiki: schedules, the no-change skip, the lock, a killed
run, feedback, notifications and clear errors, through the code of ``wikisync run``."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from wikisync import wiki
from wikisync.dev.devwiki import DevWiki
from wikisync.dev.editor import Editor
from wikisync.dev.sample import FEEDBACK, SamplePlan, sample_programme
from wikisync.running import operations
from wikisync.running.schedule import JOBS
from wikisync.running.state import State
from wikisync.settings.config import Settings

BIN = Path(sys.executable).parent
SLACK = 3  # seconds: changes this close before a run's start make the next run read again
NOTIFY_PAGE = "Let's Connect/Skills directory/Notify"
LEARNER, SHARER, QUIET = "Nia Notify", "Sam Notify", "Quinn Notify"
THIRD = "Tariq Notify"
VANDAL_DECLINES = 40
ARCHIVE_PREFIX = f"{FEEDBACK}/Archive"
Pair = tuple[str, str, str]


def notify_entries(skill: str) -> str:
    entry = "{{{{Skills directory entry\n | username = {}\n | languages = eu-N\n | {}\n{}}}}}"
    return "\n".join(
        [
            entry.format(LEARNER, f"learn = {skill}", " | notify = yes\n"),
            entry.format(SHARER, f"share = {skill}", " | capacity = 3\n | notify = yes\n"),
            entry.format(QUIET, f"learn = {skill}", " | notify = yes\n"),
            entry.format(THIRD, f"learn = {skill}", ""),
        ]
    )


@pytest.fixture(scope="module")
def plan(devwiki: DevWiki) -> SamplePlan:
    plan = sample_programme(60, 12, seed=11, per_page=30)
    skill = plan.taxonomy.skills[0].label
    devwiki.create_accounts([*plan.accounts, LEARNER, SHARER, QUIET, THIRD])
    devwiki.load({**plan.pages, NOTIFY_PAGE: notify_entries(skill)}, "test programme")
    devwiki.load({f"User talk:{QUIET}": "{{nobots}}\nPlease no bot messages."}, "opt out")
    return plan


@pytest.fixture(scope="module")
def config(devwiki: DevWiki) -> str:
    return str(devwiki.settings_file)


def wait_past_recent_human_edits() -> None:
    """Let the last human edit fall out of the next run's window of doubt."""
    time.sleep(SLACK)


def cli(config: str, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "wikisync"), "--config", config, *args],
        capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def counted_run(config: str, *args: str) -> dict[str, object]:
    """A run in a fresh process, as cron starts it, reporting its own request count."""
    script = (
        "import json, sys\n"
        "from wikisync import wiki\n"
        "from wikisync.running import operations\n"
        "done = operations.run(sys.argv[1], sys.argv[2:])\n"
        "edits = done.result.report.edits if done.result else 0\n"
        "print(json.dumps({'ran': done.ran, 'unchanged': done.unchanged, 'edits': edits,\n"
        "    'requests': wiki.REQUESTS.total, 'kinds': dict(wiki.REQUESTS.counts)}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, config, *args],
        capture_output=True, text=True, timeout=180, check=True,
    )  # fmt: skip
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def generated_texts(human: Editor, titles: list[str]) -> dict[str, str | None]:
    return {title: human.text(title) for title in titles}


def test_first_run_runs_every_job_then_nothing_is_due_for_a_while(
    plan: SamplePlan, config: str
) -> None:
    start = operations.now()

    def at(minutes: float) -> Callable[[], dt.datetime]:
        return lambda: start + dt.timedelta(minutes=minutes)

    first = operations.run(config, clock=at(0))
    assert first.ran == JOBS
    assert first.result is not None and first.result.report.edits > 10

    before = wiki.REQUESTS.total
    quiet = operations.run(config, clock=at(30))
    assert quiet.ran == quiet.unchanged == ()
    assert quiet.not_due == JOBS
    assert wiki.REQUESTS.total == before, "a run with nothing due must not contact the wiki"
    assert quiet.next_due["registrations"] == first.next_due["registrations"]

    hourly = operations.run(config, clock=at(61))
    assert set(hourly.ran + hourly.unchanged) == {"registrations", "check"}
    assert hourly.not_due == ("matches", "resources")

    later = operations.run(config, clock=at(6 * 60 + 1))
    assert set(later.ran + later.unchanged) == {"registrations", "matches", "check"}


def test_a_run_with_no_source_change_makes_at_most_three_requests_and_no_edit(
    plan: SamplePlan, config: str
) -> None:
    wait_past_recent_human_edits()
    operations.run(config, JOBS, force=True)
    skipped = counted_run(config, *JOBS)
    assert skipped["unchanged"] == list(JOBS), skipped
    assert skipped["ran"] == []
    assert skipped["edits"] == 0
    assert int(str(skipped["requests"])) <= 3, skipped["kinds"]


def test_an_edit_to_a_directory_page_makes_the_next_run_read_that_page_again(
    plan: SamplePlan, config: str, human: Editor
) -> None:
    title = next(t for t in plan.pages if t.startswith("Let's Connect/Skills directory/Part"))
    text = human.text(title)
    assert text is not None
    human.edit(title, text + "\n<!-- a note from an editor -->", "note")
    done = operations.run(config, ["matches"])
    assert done.ran == ("matches",)
    assert done.result is not None
    assert done.result.inputs.read.fetched == 1


def test_a_second_run_while_one_holds_the_lock_exits_at_once_with_code_4(
    plan: SamplePlan, config: str, settings: Settings
) -> None:
    with State.open(settings.state_path) as state, state.lock("a long run"):
        started = time.monotonic()
        second = cli(config, "run", "matches")
        took = time.monotonic() - started
    assert second.returncode == 4, second.stderr
    assert "holds the lock" in second.stderr and "a long run" in second.stderr
    assert took < 20
    assert cli(config, "run", "check", "--force").returncode == 0


def suggested(done: operations.JobsRun) -> set[Pair]:
    assert done.result is not None
    return {(s.learner, s.sharer, s.skill) for s in done.result.result.suggestions}


def matches_rows(human: Editor) -> set[str]:
    text = human.text("Let's Connect/Matches") or ""
    return {row for row in text.split("\n|-") if "[[User:" in row}


def feedback_line(pair: Pair, status: str) -> str:
    learner, sharer, skill = pair
    return (
        f"{{{{Match feedback | learner = {learner} | sharer = {sharer} | skill = {skill}"
        f" | status = {status}}}}}"
    )


def distinct_people_pairs(pairs: set[Pair], count: int) -> list[Pair]:
    """``count`` suggestions no two of which join the same two people."""
    chosen: list[Pair] = []
    people: set[frozenset[str]] = set()
    for pair in sorted(pairs):
        both = frozenset(pair[:2])
        if both not in people:
            people.add(both)
            chosen.append(pair)
    assert len(chosen) >= count, f"the sample suggests only {len(chosen)} distinct pairs"
    return chosen[:count]


def test_declined_feedback_removes_a_pair_and_met_feedback_serves_the_request(
    plan: SamplePlan, config: str, human: Editor
) -> None:
    before = operations.run(config, ["matches"], force=True).result
    assert before is not None
    declined, met = sorted(before.result.suggestions, key=lambda s: (s.learner, s.skill))[:2]
    feedback = human.text(FEEDBACK) or ""
    lines = [
        feedback_line((s.learner, s.sharer, s.skill), status)
        for s, status in ((declined, "declined"), (met, "met"))
    ]
    human.edit(FEEDBACK, feedback + "\n" + "\n".join(lines) + "\n", "feedback")
    after = operations.run(config, ["matches", "resources"]).result
    assert after is not None
    pairs = {(s.learner, s.sharer, s.skill) for s in after.result.suggestions}
    assert (declined.learner, declined.sharer, declined.skill) not in pairs
    served = {(s.learner, s.skill) for s in after.result.suggestions}
    served |= {(u.learner, u.skill) for u in after.result.unmatched}
    assert (met.learner, met.skill) not in served
    statistics = human.text("Let's Connect/Statistics") or ""
    assert met.sharer in statistics


def test_declines_added_then_reverted_on_the_feedback_page_stop_holding(
    plan: SamplePlan, config: str, human: Editor
) -> None:
    before = suggested(operations.run(config, ["matches"], force=True))
    rows_before = matches_rows(human)
    original = human.text(FEEDBACK) or ""
    vandalised = distinct_people_pairs(before, VANDAL_DECLINES)
    lines = "\n".join(feedback_line(pair, "declined") for pair in vandalised)
    human.edit(FEEDBACK, f"{original}\n{lines}\n", "declines")
    during = suggested(operations.run(config, ["matches"]))
    assert not during & set(vandalised)
    human.edit(FEEDBACK, original, "Undo revision: not real feedback")
    after = suggested(operations.run(config, ["matches"]))
    back = [pair for pair in vandalised if pair in after]
    assert len(back) == len(vandalised), f"{len(back)} of {len(vandalised)} came back"
    assert after == before
    assert matches_rows(human) == rows_before


def test_a_decline_moved_to_an_archive_page_still_holds(
    plan: SamplePlan, config: str, human: Editor, settings: Settings
) -> None:
    settings_page = f"User:{settings.wiki.user}/wikisync.json"
    programme = json.loads(human.text(settings_page) or "{}")
    programme["sources"]["feedback_archives"] = {"prefix": ARCHIVE_PREFIX}
    human.edit(settings_page, json.dumps(programme, indent=1), "feedback archives")
    before = suggested(operations.run(config, ["matches"], force=True))
    declined, archived = distinct_people_pairs(before, 2)
    original = human.text(FEEDBACK) or ""
    human.edit(FEEDBACK, f"{original}\n{feedback_line(declined, 'declined')}\n", "declined")
    assert declined not in suggested(operations.run(config, ["matches"]))
    human.edit(FEEDBACK, original, "archiving")
    human.edit(f"{ARCHIVE_PREFIX} 1", feedback_line(declined, "declined"), "archiving")
    moved = operations.run(config, ["matches"])
    assert moved.ran == ("matches",)
    assert declined not in suggested(moved)
    wait_past_recent_human_edits()
    operations.run(config, ["matches"], force=True)
    archive = f"{ARCHIVE_PREFIX} 2"
    human.edit(archive, feedback_line(archived, "declined"), "an archive of its own")
    only_archive = operations.run(config, ["matches"])
    assert only_archive.ran == ("matches",), "an archive edit must make the next run read again"
    assert archived not in suggested(only_archive)


def test_participants_who_asked_are_notified_once_and_nobots_is_respected(
    plan: SamplePlan, config: str, human: Editor
) -> None:
    operations.run(config, ["matches"], force=True)
    operations.run(config, ["matches"], force=True)
    learner_talk = human.text(f"User talk:{LEARNER}") or ""
    sharer_talk = human.text(f"User talk:{SHARER}") or ""
    assert learner_talk.count("wikisync-notification:") == 1, learner_talk
    # three new pairs, one section
    assert sharer_talk.count("wikisync-notification:") == 3, sharer_talk
    assert sharer_talk.count("== Peer learning: 3 new suggestions for you ==") == 1, sharer_talk
    assert sharer_talk.count("\n== ") + sharer_talk.startswith("== ") == 1, sharer_talk
    assert sharer_talk.count("~~~~") == 0 and sharer_talk.count("(UTC)") == 1  # one signed message
    assert SHARER in learner_talk and LEARNER in sharer_talk
    assert human.text(f"User talk:{QUIET}") == "{{nobots}}\nPlease no bot messages."
    for name, talk in ((LEARNER, learner_talk), (SHARER, sharer_talk)):
        # each message links to the person's entry on the person index
        entry = re.search(r"\[\[:(Let's Connect/Matches/By person/[^#|\]]+)#([^|\]]+)\|", talk)
        assert entry is not None and entry.group(2) == name, talk
        assert f'<span id="{name}"></span>' in (human.text(entry.group(1)) or "")


def test_a_run_killed_while_saving_is_finished_by_the_next_run(
    plan: SamplePlan, devwiki: DevWiki, config: str, human: Editor
) -> None:
    reference = reference_pages(devwiki, plan, config, human)
    reload(devwiki, plan)
    slow = Path(config).with_name("slow.toml")
    slow.write_text(
        Path(config).read_text(encoding="utf-8").replace("put_throttle = 0", "put_throttle = 0.3"),
        encoding="utf-8",
    )
    slow.chmod(0o600)
    process = subprocess.Popen(
        [str(BIN / "wikisync"), "--config", str(slow), "run", "--force"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        wait_for(lambda: bot_edits(human) >= 5, timeout=120)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    partial = bot_edits(human)
    assert 5 <= partial < len(reference), "the run must be killed in the middle of saving"
    finished = cli(config, "run", "--force")
    assert finished.returncode == 0, finished.stderr
    assert generated_texts(human, list(reference)) == reference, finished.stdout
    again = cli(config, "run", "--force")
    assert "edits:    0" in again.stdout


def reference_pages(
    devwiki: DevWiki, plan: SamplePlan, config: str, human: Editor
) -> dict[str, str | None]:
    """The generated pages of an uninterrupted first run (the status page aside)."""
    reload(devwiki, plan)
    done = operations.run(config, force=True)
    assert done.result is not None
    titles = [
        page.title
        for page in done.result.report.pages
        if page.outcome == "created" and not page.title.endswith("/Status")
    ]
    return generated_texts(human, titles)


def reload(devwiki: DevWiki, plan: SamplePlan) -> None:
    devwiki.reset()
    skill = plan.taxonomy.skills[0].label
    devwiki.load({**plan.pages, NOTIFY_PAGE: notify_entries(skill)}, "test programme")


def bot_edits(human: Editor) -> int:
    data = human._get(
        action="query", list="usercontribs", ucuser="SyncBot", uclimit="max", formatversion=2
    )
    return len(data["query"]["usercontribs"])


def wait_for(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_an_account_without_the_bot_flag_is_told_so_in_one_line(
    plan: SamplePlan, devwiki: DevWiki, config: str, tmp_path: Path
) -> None:
    text = Path(config).read_text(encoding="utf-8").replace('user = "SyncBot"', 'user = "Admin"')
    text = text.replace('password_file = "password"', f'password_file = "{devwiki.password_file}"')
    text = text.replace('path = "state.sqlite"', f'path = "{tmp_path / "state.sqlite"}"')
    admin = tmp_path / "wikisync.toml"
    admin.write_text(text, encoding="utf-8")
    refused = cli(str(admin), "run", "--force")
    assert refused.returncode == 3
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "lacks the right(s) bot" in lines[0], refused.stderr
    assert "bot' group" in lines[0]
    dry = cli(str(admin), "run", "--dry-run", "check")
    assert "lacks the right" not in dry.stderr


def test_the_pywikibot_script_of_a_job_honours_simulate_and_always(
    plan: SamplePlan, devwiki: DevWiki, config: str, human: Editor
) -> None:
    operations.run(config, ["check"], force=True)
    problems_page = "Let's Connect/Directory problems"
    before = human.text(problems_page)
    human.edit(
        "Let's Connect/Skills directory/Typos",
        "{{Skills directory entry\n | username = Nia Notify\n"
        " | share = Undersea basket weaving\n}}",
        "a typo",
    )
    env = {"PATH": os.environ["PATH"], "PYWIKIBOT_DIR": str(devwiki.folder)}
    script = [sys.executable, str(Path(__file__).parents[2] / "scripts" / "wikisync_check.py")]

    def pwb(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*script, f"-settings:{config}", *args], env=env, capture_output=True, text=True,
            timeout=120, stdin=subprocess.DEVNULL,
        )  # fmt: skip

    simulated = pwb("-simulate")
    assert simulated.returncode == 0, simulated.stderr
    assert "Undersea basket weaving" in simulated.stdout
    assert human.text(problems_page) == before
    unattended = pwb()
    assert unattended.returncode == 1
    assert "add -always" in unattended.stderr
    assert human.text(problems_page) == before
    saved = pwb("-always")
    assert saved.returncode == 0, saved.stderr
    assert "Undersea basket weaving" in (human.text(problems_page) or "")


def test_a_new_message_on_the_bots_talk_page_stops_writes_until_it_is_read(
    plan: SamplePlan, config: str, human: Editor
) -> None:
    human.edit("User talk:SyncBot", "Please stop the bot, it is breaking my page. ~~~~", "stop")
    stopped = cli(config, "run", "check", "--force")
    assert stopped.returncode == 3
    assert "User talk:SyncBot has a new message" in stopped.stderr
    assert "ping --messages-read" in stopped.stderr
    assert "messages: NEW" in cli(config, "ping").stdout
    assert cli(config, "ping", "--messages-read").returncode == 0
    assert cli(config, "run", "check", "--force").returncode == 0
