"""Tidy mode edits only the programme's own pages, whatever else transcludes the entry template."""

from __future__ import annotations

import json
from collections.abc import Mapping

import pytest

from wikisync import wiki
from wikisync.dev.devwiki import DevWiki
from wikisync.dev.editor import Editor
from wikisync.dev.sample import sample_programme
from wikisync.reading.sources import OUTSIDE_PROGRAMME
from wikisync.running import operations
from wikisync.writing.execute import RunResult

SETTINGS_PAGE = "User:SyncBot/wikisync.json"
PROBLEMS = "Let's Connect/Directory problems"
DIRECTORY_PAGE = "Let's Connect/Skills directory/Workshop"
MESSY = """Notes of the workshop.

{{{{Skills directory entry
 | username  = {name}
 | region    = SSA
 | timezone  = africa/accra
 | share     = grant writing
}}}}
"""
#: Pages that transclude the entry template but are not the programme's: title -> username.
OUTSIDE = {
    "Main Page": "Ama Main",
    "Talk:Main Page": "Kojo Talk",
    "User:Admin": "Efua Admin",
    "Template:Sandbox": "Yaw Template",
    "Project:Sandbox": "Esi Project",
    f"Talk:{DIRECTORY_PAGE}": "Kwesi Talk",
    "Let's Connections": "Abena Lookalike",
}


@pytest.fixture(scope="module")
def scope_wiki(devwiki: DevWiki) -> DevWiki:
    plan = sample_programme(30, 40, seed=5, per_page=30)
    settings = json.loads(plan.pages[SETTINGS_PAGE])
    settings["normalise"] = {"tidy": True}
    pages = {**plan.pages, SETTINGS_PAGE: json.dumps(settings)}
    pages[DIRECTORY_PAGE] = MESSY.format(name="Ama Workshop")
    pages.update({title: MESSY.format(name=name) for title, name in OUTSIDE.items()})
    devwiki.create_accounts([*plan.accounts, "Ama Workshop", *OUTSIDE.values()])
    devwiki.load(pages, "scope test")
    return devwiki


def outside_revisions(bot: wiki.Wiki) -> Mapping[str, int]:
    """The current revision of every page outside the programme (by normalised title)."""
    return bot.revisions(bot.normal_title(title) for title in OUTSIDE)


def warned_pages(result: RunResult) -> list[str]:
    """The pages reported as outside the programme, once each."""
    problems = result.inputs.problems
    return [p.source.page for p in problems if p.code == OUTSIDE_PROGRAMME and p.source]


def test_tidy_edits_no_page_outside_the_programme(
    scope_wiki: DevWiki, bot: wiki.Wiki, human: Editor
) -> None:
    before = outside_revisions(bot)
    assert all(before.values())
    result = operations.sync(str(scope_wiki.settings_file))
    outcomes = {p.title: p.outcome for p in result.report.pages}
    assert outcomes[DIRECTORY_PAGE] == "edited"
    assert "Sub-Saharan Africa" in (human.text(DIRECTORY_PAGE) or "")
    assert outside_revisions(bot) == before
    read = {person.username for person in result.inputs.people}
    assert "Ama Workshop" in read
    assert read.isdisjoint(OUTSIDE.values())
    assert sorted(warned_pages(result)) == sorted(before)
    problems_page = human.text(PROBLEMS) or ""
    assert all(title in problems_page for title in before)


def test_a_namespace_named_in_the_settings_is_read_but_not_edited(
    scope_wiki: DevWiki, bot: wiki.Wiki, human: Editor
) -> None:
    settings = json.loads(human.text(SETTINGS_PAGE) or "{}")
    settings["sources"]["directory"]["namespaces"] = ["User"]
    human.edit(SETTINGS_PAGE, json.dumps(settings), "profiles on user pages")
    before = outside_revisions(bot)
    result = operations.sync(str(scope_wiki.settings_file))
    assert outside_revisions(bot) == before
    read = {person.username for person in result.inputs.people}
    assert "Efua Admin" in read
    assert read.isdisjoint(name for name in OUTSIDE.values() if name != "Efua Admin")
    warned = set(warned_pages(result))
    assert "User:Admin" not in warned
    assert bot.normal_title("Project:Sandbox") in warned
