"""A run is one transaction, on the real wiki: a refused page leaves its job's pages, history
and announcements as they were while the problems page shows what went wrong, and a revert
repairs everything without a hand edit; the status page tells what happened and is never
saved for its times alone; preview pages follow the plan."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from wikisync.dev.devwiki import DevWiki
from wikisync.dev.editor import Editor
from wikisync.dev.sample import TAXONOMY, SamplePlan, sample_programme
from wikisync.dev.synth import taxonomy_wikitext
from wikisync.model import Skill, Taxonomy
from wikisync.render.markers import find_section
from wikisync.running import operations
from wikisync.running.state import State
from wikisync.settings.config import Settings
from wikisync.writing.safety import table_rows

BIN = Path(sys.executable).parent
MATCHES = "Let's Connect/Matches"
GROUPS = "Let's Connect/Groups"
CANDIDATES = "Let's Connect/Learning clinics/Candidates"
STATUS = "User:SyncBot/Status"
PROBLEMS = "Let's Connect/Directory problems"
DIRECTORY = "Let's Connect/Skills directory"
PREVIEW = "User:SyncBot/Preview"
BOGUS = Taxonomy(tuple(Skill(f"bogus-{n}", f"Bogus skill {n}") for n in range(4)))
NOTIFY_ENTRY = (
    "{{{{Skills directory entry\n | username = {}\n | languages = en\n | {}\n | notify = yes\n}}}}"
)


def wikisync(config: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The ``wikisync`` command as an operator runs it."""
    return subprocess.run(
        [str(BIN / "wikisync"), "--config", config, *args],
        capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )  # fmt: skip


@pytest.fixture(scope="module")
def plan(devwiki: DevWiki) -> SamplePlan:
    plan = sample_programme(120, 20, seed=5, per_page=40)
    skill = plan.taxonomy.skills[0].label
    talkers = ["Tess Talk", "Tom Talk"]
    entries = [
        NOTIFY_ENTRY.format(talkers[0], f"learn = {skill}"),
        NOTIFY_ENTRY.format(talkers[1], f"share = {skill}"),
    ]
    devwiki.create_accounts([*plan.accounts, *talkers])
    pages = {**plan.pages, "Let's Connect/Skills directory/Talkers": "\n".join(entries)}
    devwiki.load(pages, "test programme")
    return plan


def revision(human: Editor, title: str) -> int:
    data = human._get(action="query", prop="revisions", titles=title, rvprop="ids", formatversion=2)
    page = data["query"]["pages"][0]
    return 0 if page.get("missing") else int(page["revisions"][0]["revid"])


def talk_edits(human: Editor) -> int:
    """Edits of the bot on user talk pages (notifications)."""
    data: dict[str, Any] = human._get(
        action="query", list="usercontribs", ucuser="SyncBot", ucnamespace=3, uclimit="max",
        formatversion=2,
    )  # fmt: skip
    return len(data["query"]["usercontribs"])


def section(human: Editor, title: str, marker: str) -> str:
    return find_section(human.text(title) or "", marker) or ""


def status_body(human: Editor) -> str:
    return find_section(human.text(STATUS) or "", "status") or ""


def suggestions(settings: Settings) -> dict[tuple[str, str], str]:
    with State.open(settings.state_path) as state:
        return state.current_suggestions()


def test_a_refused_page_changes_nothing_that_depends_on_it_and_a_restore_moves_nothing(
    plan: SamplePlan, devwiki: DevWiki, human: Editor, settings: Settings
) -> None:
    config = str(devwiki.settings_file)
    first = operations.run(config, force=True)
    assert not operations.run_failed(first)
    suggested = suggestions(settings)
    assert len(suggested) > 50
    talks = talk_edits(human)
    assert talks >= 1, "the opted-in pair is told about its suggestion"
    before = {title: revision(human, title) for title in (MATCHES, GROUPS, CANDIDATES)}
    problems_before = section(human, PROBLEMS, "problems")
    status = status_body(human)
    assert "still running" not in status
    assert "Finished" in status
    for job in ("New registrations", "Suggested connections", "Skill pages and statistics"):
        assert job in status
    assert "failed" not in status

    cut = Taxonomy(plan.taxonomy.skills[:4])
    human.edit(TAXONOMY, taxonomy_wikitext(cut))
    refused = wikisync(config, "run", "--force")
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "job:      matches failed" in refused.stdout
    assert {title: revision(human, title) for title in before} == before
    assert talk_edits(human) == talks, "no talk-page message for suggestions not on Matches"
    assert suggestions(settings) == suggested, "the refused run's suggestions are not history"
    assert table_rows(section(human, PROBLEMS, "problems")) > 2 * table_rows(problems_before)
    during = status_body(human)
    assert MATCHES in during
    assert "probable blanking" in during
    assert "failed" in during
    assert during != status

    human.edit(TAXONOMY, plan.pages[TAXONOMY])
    restored = wikisync(config, "run", "--force")
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "job:      matches success" in restored.stdout
    moved = {key for key, sharer in suggestions(settings).items() if suggested.get(key) != sharer}
    assert not moved, f"{len(moved)} of {len(suggested)} suggestions moved"
    assert {title: revision(human, title) for title in before} == before
    assert section(human, PROBLEMS, "problems") == problems_before
    assert "probable blanking" not in status_body(human)


def test_a_run_that_changes_nothing_leaves_the_status_page_alone(
    plan: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    config = str(devwiki.settings_file)
    assert not operations.run_failed(operations.run(config, force=True))  # after the restore
    saved = revision(human, STATUS)
    time.sleep(1)
    again = operations.run(config, force=True)
    assert again.result is not None
    assert again.result.report.edits == 0
    assert not operations.run_failed(again)
    assert revision(human, STATUS) == saved, "the status page was saved for its times alone"
    unchanged = wikisync(config, "run")
    assert unchanged.returncode == 0, unchanged.stdout + unchanged.stderr
    assert "ran:" not in unchanged.stdout  # nothing due, or found unchanged
    assert revision(human, STATUS) == saved


def test_a_preview_page_follows_the_plan_whatever_an_earlier_preview_held(
    plan: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    config = str(devwiki.settings_file)
    preview = f"{PREVIEW}/{PROBLEMS}"
    human.edit(TAXONOMY, taxonomy_wikitext(BOGUS))
    operations.sync(config, preview=PREVIEW)
    assert table_rows(section(human, preview, "problems")) > 100
    human.edit(TAXONOMY, plan.pages[TAXONOMY])
    human.edit(f"{DIRECTORY}/Late", "{{Skills directory entry\n | username = Late Comer\n}}")
    result = operations.sync(config, preview=PREVIEW)
    assert {page.title: page.outcome for page in result.report.pages}[preview] == "edited"
    assert table_rows(section(human, preview, "problems")) < 100


def test_a_page_without_markers_fails_its_job_with_exit_1(
    plan: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    config = str(devwiki.settings_file)
    human.edit(GROUPS, "A page people made by hand, without the bot's markers.")
    done = wikisync(config, "run", "--force", "matches")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "job:      matches failed" in done.stdout
    assert "no wikisync:groups markers" in status_body(human)
