"""The statistics page recognises sharers whose meetings were reported, naming public ones only."""

from __future__ import annotations

import datetime as dt

from wikisync.matching import MatchSettings, figures_of
from wikisync.model import Feedback, Figures, MatchResult, Person, SourceRef, Taxonomy
from wikisync.render import PageSettings, RenderContext
from wikisync.render.pages.statistics import sharers_section

SOURCE = SourceRef("Directory", 1)
TODAY = dt.date(2026, 3, 1)


def context(*people: Person) -> RenderContext:
    return RenderContext.build(PageSettings(), Taxonomy(()), people)


def figures(ctx: RenderContext, feedback: list[Feedback]) -> Figures:
    people = ctx.people.values()
    return figures_of(people, Taxonomy(()), MatchResult(), feedback, MatchSettings(), TODAY)


def met(sharer: str, learner: str, status: str = "met") -> Feedback:
    return Feedback(learner=learner, sharer=sharer, skill="x", status=status)


def test_sharers_are_ranked_by_meetings_and_private_ones_only_counted() -> None:
    ctx = context(
        Person("Bea", SOURCE), Person("Amir", SOURCE), Person("Hidden", SOURCE, public=False)
    )
    feedback = [
        met("Amir", "L1"), met("Bea", "L1"), met("Bea", "L2"), met("Hidden", "L3"),
        met("Amir", "L4", status="declined"),
    ]  # fmt: skip
    text = sharers_section(figures(ctx, feedback), ctx)
    assert text.index("[[User:Bea|Bea]]") < text.index("[[User:Amir|Amir]]")
    assert "Hidden" not in text
    assert "one more participant not listed publicly" in text


def test_without_meetings_the_section_says_so() -> None:
    ctx = context(Person("Amir", SOURCE))
    text = sharers_section(figures(ctx, [met("Amir", "L1", status="declined")]), ctx)
    assert text == "No meeting has been reported on the feedback page yet."
