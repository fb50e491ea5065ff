"""Every page of the sample programme shows the same demand, supply and unmatched per skill.

The sample is matched for real (``wikisync.matching.match``) with the feedback of its
feedback page; the figures are then read back from the rendered wikitext of the learning
clinic candidates page, the statistics page and each skill's resource page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pytest

from wikisync.dev.sample import FEEDBACK, PREFIX, SamplePlan, sample_programme
from wikisync.dev.synth import REFERENCE_DATE
from wikisync.matching import MatchHistory, MatchSettings, match
from wikisync.model import MatchResult, SkillFigures
from wikisync.normalize.skills import SkillIndex
from wikisync.reading.parse import parse_feedback
from wikisync.render import PageSettings, RenderContext, RenderInput, desired_pages
from wikisync.settings.programme import Templates

LINK_LABEL = re.compile(r"\[\[[^|\]]*\|([^\]]*)\]\]")


@dataclass(frozen=True, slots=True)
class Shown:
    """The figures one page shows for one skill."""

    demand: int
    supply: int
    unmatched: int
    room: int | None = None


@dataclass(frozen=True, slots=True)
class Rendered:
    plan: SamplePlan
    result: MatchResult
    ctx: RenderContext
    pages: dict[str, str]


@cache
def rendered() -> Rendered:
    plan = sample_programme()
    feedback, _ = parse_feedback(
        plan.pages[FEEDBACK], FEEDBACK, 1, Templates(), SkillIndex(plan.taxonomy)
    )
    result = match(
        plan.people, plan.taxonomy, feedback, MatchHistory(), MatchSettings(), REFERENCE_DATE
    )
    ctx = RenderContext.build(PageSettings(prefix=PREFIX), plan.taxonomy, plan.people)
    pages = desired_pages(RenderInput(result, (), feedback), ctx)
    return Rendered(plan, result, ctx, {title: body for title, (_, body) in pages.items()})


def tables(wikitext: str) -> list[list[dict[str, str]]]:
    """Every wikitable as rows of header -> cell (the one-cell-a-line layout of the pages)."""
    found: list[list[dict[str, str]]] = []
    headers: list[str] = []
    rows: list[list[str]] = []
    for line in wikitext.splitlines():
        if line.startswith("{|"):
            headers, rows = [], []
        elif line.startswith("! "):
            headers.append(line[2:])
        elif line.startswith("|-"):
            rows.append([])
        elif line.startswith("|}"):
            found.append([dict(zip(headers, row, strict=True)) for row in rows if row])
        elif line.startswith("|"):
            rows[-1].append(line[2:])
    return found


def label(cell: str) -> str:
    match_ = LINK_LABEL.fullmatch(cell)
    return match_.group(1) if match_ else cell


def table_with(wikitext: str, *headers: str) -> list[dict[str, str]]:
    """The one table of ``wikitext`` that has all of ``headers``."""
    (table,) = [
        table for table in tables(wikitext) if table and all(h in table[0] for h in headers)
    ]
    return table


def figure_rows(body: str) -> dict[str, Shown]:
    """Skill label -> figures, from the one table of skill figures on a page."""
    return {
        label(row["Skill"]): Shown(
            int(row["People who want to learn"]),
            int(row["People who can share"]),
            int(row["Learners without a match"]),
            int(row["Room for learners"]),
        )
        for row in table_with(body, "People who want to learn")
    }


def candidates_page(data: Rendered) -> dict[str, Shown]:
    body = data.pages[data.ctx.settings.clinics_title]
    return figure_rows(body)


def statistics_page(data: Rendered) -> dict[str, Shown]:
    body = data.pages[data.ctx.settings.statistics_title]
    shown = figure_rows(body)
    unmet = {
        label(row["Skill"]): int(row["Learners without a match"])
        for row in table_with(body, "Learners without a match", "Share")
    }
    for skill, figures in shown.items():
        assert unmet.get(skill, 0) == figures.unmatched, skill
    return shown


def skill_page(body: str) -> Shown:
    learners = re.search(
        r"(\d+) (?:person|people) taking part in matching wants? to learn this skill", body
    )
    waiting = re.search(r"(\d+) of them (?:has|have) no match yet", body)
    sharers = re.search(
        r"(\d+) (?:person|people) taking part in matching shares? this skill, "
        r"with room for (\d+) more learners?",
        body,
    )
    assert learners, body
    if sharers is None:
        assert "Nobody taking part in matching shares this skill right now." in body
    return Shown(
        int(learners.group(1)),
        int(sharers.group(1)) if sharers else 0,
        int(waiting.group(1)) if waiting else 0,
        int(sharers.group(2)) if sharers else 0,
    )


def expected(figures: SkillFigures) -> Shown:
    return Shown(figures.demand, figures.supply, figures.unmatched, figures.room)


def test_the_sample_has_clinic_candidates_and_unmatched_learners() -> None:
    data = rendered()
    assert len(data.result.clinics) >= 3
    assert data.result.figures.unmatched > 0
    assert data.result.figures.taking_part < data.result.figures.participants


@pytest.mark.parametrize("index", range(40))
def test_every_page_shows_the_same_figures_for_a_skill(index: int) -> None:
    data = rendered()
    skill = data.plan.taxonomy.skills[index]
    want = expected(data.result.figures.skill(skill.id))
    name = data.ctx.skill_label(skill.id)
    assert statistics_page(data)[name] == want
    assert skill_page(data.pages[data.ctx.skill_pages[skill.id]]) == want
    candidates = candidates_page(data)
    is_candidate = any(clinic.skill == skill.id for clinic in data.result.clinics)
    assert (name in candidates) == is_candidate
    if is_candidate:
        assert candidates[name] == want


def test_the_figures_add_up_to_the_programme_totals() -> None:
    figures = rendered().result.figures
    per_skill = list(figures.skills.values())
    assert figures.requests == sum(item.demand for item in per_skill)
    assert figures.unmatched == sum(item.unmatched for item in per_skill)
    for item in per_skill:
        assert item.paired + item.grouped + item.unmatched == item.demand
    assert figures.learners <= figures.requests
    body = rendered().pages[rendered().ctx.settings.statistics_title]
    assert f"{figures.participants} participants in total" in body
    assert f"{figures.taking_part} of them take part in matching" in body
