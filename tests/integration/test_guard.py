"""The blanking guard on the real wiki: a vandalised taxonomy is refused, its revert repairs,
and preview pages follow the plan."""

from __future__ import annotations

import pytest

from wikisync.dev.devwiki import DevWiki
from wikisync.dev.editor import Editor
from wikisync.dev.sample import TAXONOMY, SamplePlan, sample_programme
from wikisync.dev.synth import taxonomy_wikitext
from wikisync.model import Skill, Taxonomy
from wikisync.planning.edits import table_rows
from wikisync.render.markers import find_section
from wikisync.running import operations

PROBLEMS = "Let's Connect/Directory problems"
MATCHES = "Let's Connect/Matches"
DIRECTORY = "Let's Connect/Skills directory"
PREVIEW = "User:SyncBot/Preview"
BOGUS = Taxonomy(tuple(Skill(f"bogus-{n}", f"Bogus skill {n}") for n in range(4)))


@pytest.fixture(scope="module")
def programme(devwiki: DevWiki) -> SamplePlan:
    plan = sample_programme(160, 40, seed=5, per_page=40)
    devwiki.create_accounts(plan.accounts)
    devwiki.load(plan.pages, "test programme")
    return plan


def section(human: Editor, title: str, marker: str) -> str:
    return find_section(human.text(title) or "", marker) or ""


def test_a_reverted_taxonomy_vandalism_repairs_the_problems_page_without_a_hand_edit(
    programme: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    config = str(devwiki.settings_file)
    first = operations.run(config, force=True)
    assert not operations.run_failed(first)
    problems_before = section(human, PROBLEMS, "problems")
    matches_before = section(human, MATCHES, "matches")

    human.edit(TAXONOMY, taxonomy_wikitext(BOGUS))
    vandalised = operations.run(config, force=True)
    assert vandalised.result is not None
    pages = {page.title: page for page in vandalised.result.report.pages}
    assert pages[MATCHES].outcome == "refused"
    assert "probable blanking" in pages[MATCHES].reason
    assert operations.run_failed(vandalised), "a page the guard refused must not exit 0"
    assert section(human, MATCHES, "matches") == matches_before
    problems_during = section(human, PROBLEMS, "problems")
    assert table_rows(problems_during) > 2 * table_rows(problems_before)

    human.edit(TAXONOMY, programme.pages[TAXONOMY])
    restored = operations.run(config, force=True)
    assert restored.result is not None
    assert {page.title: page.outcome for page in restored.result.report.pages}[PROBLEMS] == (
        "edited"
    )
    assert not operations.run_failed(restored)
    assert section(human, PROBLEMS, "problems") == problems_before
    assert section(human, MATCHES, "matches") == matches_before


def test_a_preview_page_follows_the_plan_whatever_an_earlier_preview_held(
    programme: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    config = str(devwiki.settings_file)
    preview = f"{PREVIEW}/{PROBLEMS}"
    human.edit(TAXONOMY, taxonomy_wikitext(BOGUS))
    operations.sync(config, preview=PREVIEW)
    assert table_rows(section(human, preview, "problems")) > 100
    human.edit(TAXONOMY, programme.pages[TAXONOMY])
    human.edit(f"{DIRECTORY}/Late", "{{Skills directory entry\n | username = Late Comer\n}}")
    result = operations.sync(config, preview=PREVIEW)
    assert {page.title: page.outcome for page in result.report.pages}[preview] == "edited"
    assert table_rows(section(human, preview, "problems")) < 100
