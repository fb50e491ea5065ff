"""Shop talks on the real wiki: session pages written, a declined pair of organisations
never suggested again, and a decline added by an outsider ignored."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wikisync.dev.devwiki import DevWiki
from wikisync.dev.editor import Editor
from wikisync.dev.sample import FEEDBACK, PREFIX, SamplePlan, sample_programme
from wikisync.running import operations

SHOP_TALKS = f"{PREFIX}/Shop talks"
PROBLEMS = f"{PREFIX}/Directory problems"
#: An account that is neither a member or contact of any organisation nor a coordinator.
OUTSIDER = "Mallory Outsider"


@pytest.fixture(scope="module")
def programme(devwiki: DevWiki) -> SamplePlan:
    plan = sample_programme(160, 40)
    devwiki.create_accounts([*plan.accounts, OUTSIDER])
    devwiki.load(plan.pages, "shop-talk programme")
    return plan


def pairs(result: operations.RunResult) -> set[tuple[str, str]]:
    return {(name, s.offering) for s in result.talks.sessions for name in s.asking}


def test_session_pages_written_an_outsiders_decline_ignored_a_declined_pair_never_again(
    programme: SamplePlan, devwiki: DevWiki, human: Editor, tmp_path: Path
) -> None:
    config = str(devwiki.settings_file)
    first = operations.sync(config)
    sessions = first.talks.sessions
    assert len(sessions) >= 5
    written = {p.title for p in first.report.pages if p.outcome == "created"}
    session_pages = sorted(t for t in written if t.startswith(f"{SHOP_TALKS}/"))
    assert len(session_pages) == len(sessions) and SHOP_TALKS in written
    page = human.text(session_pages[0]) or ""
    assert "<!-- wikisync:shoptalk:start -->" in page and "UTC" in page
    overview = human.text(SHOP_TALKS) or ""
    assert all(title in overview for title in session_pages)

    session = sessions[0]
    asking, offering = session.asking[0], session.offering
    line = (
        f"{{{{Match feedback | asking = {asking} | offering = {offering} "
        f"| skill = {session.skill} | status = declined}}}}"
    )
    outsider = devwiki.participant(OUTSIDER)
    outsider.edit(FEEDBACK, f"{outsider.text(FEEDBACK)}\n{line}\n", "a shop talk declined")
    ignored = operations.sync(config)
    assert (asking, offering) in pairs(ignored)
    assert not [
        f
        for f in ignored.inputs.organisation_feedback
        if (f.asking, f.offering, f.status) == (asking, offering, "declined")
    ]
    not_theirs = [p for p in ignored.inputs.problems if p.code == "shop-talk-feedback-not-theirs"]
    assert [p.value for p in not_theirs] == [OUTSIDER]
    assert OUTSIDER in (human.text(PROBLEMS) or "")

    human.edit(FEEDBACK, f"{human.text(FEEDBACK)}\n{line}\n", "a shop talk declined")
    second = operations.sync(config)
    assert (asking, offering) not in pairs(second) and (offering, asking) not in pairs(second)
    assert any(
        f.asking == asking and f.offering == offering and f.status == "declined"
        for f in second.inputs.organisation_feedback
    )
    third = operations.sync(config)
    assert (asking, offering) not in pairs(third)
    assert third.report.edits == 0

    out = tmp_path / "export.json"
    assert operations.export(config, "csv", "sessions").startswith("offering,skill,asking")
    out.write_text(operations.export(config, "json"))
    exported = json.loads(out.read_text())
    assert [(s["offering"], s["skill"]) for s in exported["sessions"]] == [
        (s.offering, s.skill) for s in third.talks.sessions
    ]
