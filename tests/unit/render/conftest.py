"""Hand-made participants, taxonomy and match results shared by the rendering tests (which
also import their table reader, :mod:`render_tables`: the suite runs in importlib mode)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
from pathlib import Path

import pytest

from wikisync.matching import MatchSettings, figures_of
from wikisync.model import (
    ClinicCandidate,
    Feedback,
    Group,
    Language,
    MatchResult,
    Person,
    Problem,
    Reason,
    Severity,
    Skill,
    SourceRef,
    Status,
    SuggestedHost,
    Suggestion,
    Taxonomy,
    Unmatched,
)
from wikisync.outcomes import PageOutcome, RunOutcome
from wikisync.render import (
    HistoryPoint,
    JobStatus,
    PageSettings,
    PageStatus,
    RenderContext,
    RenderInput,
    RunStatus,
)

HERE = str(Path(__file__).parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

DIRECTORY = "Let's Connect/Directory"


@pytest.fixture
def taxonomy() -> Taxonomy:
    return Taxonomy(
        (
            Skill(
                "proposal-writing",
                "Proposal writing",
                area="Organisational",
                labels={"fr": "Rédaction de propositions"},
                resources=("[[Grant guide]]", "https://meta.example.org/wiki/Grants Grants"),
                description="Writing grant and project proposals.",
            ),
            Skill("video-editing", "Video editing", area="Media"),
            Skill("volunteer-retention", "Volunteer retention", area="Organisational"),
        )
    )


@pytest.fixture
def people() -> tuple[Person, ...]:
    return (
        Person(
            "Amara",
            SourceRef(DIRECTORY, 1, 1, 3),
            region="Sub-Saharan Africa",
            affiliation="Wikimedia Ghana User Group",
            languages=(Language("en", 6), Language("fr", 2)),
            utc_offset=0,
            learns=("proposal-writing",),
            shares=("video-editing",),
        ),
        Person(
            "Bruno",
            SourceRef(DIRECTORY, 1, 2, 12),
            region="Europe",
            affiliation="Wikimedia France",
            languages=(Language("fr", 6), Language("en", 3)),
            utc_offset=60,
            shares=("proposal-writing",),
            clinic=True,
        ),
        Person(
            "Chen",
            SourceRef(DIRECTORY, 1, 3, 21),
            region="East, Southeast Asia, and Pacific",
            languages=(Language("zh", 6), Language("en", 4)),
            utc_offset=480,
            learns=("proposal-writing", "video-editing"),
        ),
        Person(
            "Dana",
            SourceRef(DIRECTORY, 1, 4, 30),
            languages=(Language("es", 6),),
            utc_offset=-300,
            learns=("proposal-writing",),
            public=False,
        ),
        Person(
            "Emeka",
            SourceRef(DIRECTORY, 1, 5, 38),
            region="Sub-Saharan Africa",
            languages=(Language("en", 5),),
            utc_offset=60,
            shares=("proposal-writing",),
            status=Status.INACTIVE,
        ),
    )


TODAY = dt.date(2026, 3, 1)


@pytest.fixture
def feedback() -> tuple[Feedback, ...]:
    return (
        Feedback("Amara", "Bruno", "proposal-writing", "met"),
        Feedback("Chen", "Emeka", "proposal-writing", "declined"),
    )


@pytest.fixture
def result(
    people: tuple[Person, ...], taxonomy: Taxonomy, feedback: tuple[Feedback, ...]
) -> MatchResult:
    """A hand-made match, with the figures the matching stage would count for it."""
    made = MatchResult(
        suggestions=(
            Suggestion(
                "Chen",
                "Amara",
                "video-editing",
                7,
                (Reason("common-language", ("en", 4)), Reason("rare-skill", (1,))),
            ),
            Suggestion(
                "Amara",
                "Bruno",
                "proposal-writing",
                9,
                (
                    Reason("common-language", ("en", 3, "fr", 2)),
                    Reason("time-overlap", (7,)),
                    Reason("different-region", ("Sub-Saharan Africa", "Europe")),
                ),
            ),
        ),
        unmatched=(
            Unmatched("Dana", "proposal-writing", (Reason("no-common-language", (1,)),)),
            Unmatched("Chen", "proposal-writing", (Reason("sharers-full", (2,)),)),
        ),
        groups=(Group("g1", "proposal-writing", "en", ("Chen", "Dana"), "Bruno"),),
        clinics=(
            ClinicCandidate(
                "proposal-writing",
                hosts=("Bruno",),
                languages=(("en", 2), ("es", 1)),
                regions=(("Europe", 1), ("Sub-Saharan Africa", 2)),
                score=10,
                suggested_hosts=(SuggestedHost("Bruno", True, 0), SuggestedHost("Amara", False, 2)),
                interpretation=(("es", 1),),
                slots=((14, 2), (2, 1)),
                timed=3,
            ),
        ),
    )
    figures = figures_of(people, taxonomy, made, feedback, MatchSettings(), TODAY)
    return dataclasses.replace(made, figures=figures)


@pytest.fixture
def problems() -> tuple[Problem, ...]:
    return (
        Problem(
            "unknown-skill",
            Severity.WARNING,
            "unknown skill 'Grant writting'",
            SourceRef(DIRECTORY, 7, 4, 44),
            username="Chen",
            field="learn",
            value="Grant writting",
            hints=("Proposal writing",),
        ),
        Problem(
            "missing-username",
            Severity.ERROR,
            "entry without a username",
            SourceRef("Let's Connect/Directory/Europe", 3, 2, 9),
            field="username",
        ),
        Problem("unknown-timezone", Severity.INFO, "bad zone", None, "Bruno", "timezone", "Mars"),
    )


@pytest.fixture
def settings() -> PageSettings:
    return PageSettings()


@pytest.fixture
def ctx(settings: PageSettings, taxonomy: Taxonomy, people: tuple[Person, ...]) -> RenderContext:
    return RenderContext.build(settings, taxonomy, people)


@pytest.fixture
def run_status() -> RunStatus:
    return RunStatus(
        started=dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC),
        finished=dt.datetime(2026, 3, 1, 12, 4, tzinfo=dt.UTC),
        jobs=(
            JobStatus("matches", RunOutcome.SUCCESS, dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)),
        ),
        pages=(
            PageStatus("Let's Connect/Matches", PageOutcome.EDITED),
            PageStatus("Let's Connect/Groups", PageOutcome.UNCHANGED),
        ),
        counts={"participants": 5, "edits": 1},
    )


@pytest.fixture
def render_input(
    result: MatchResult,
    problems: tuple[Problem, ...],
    feedback: tuple[Feedback, ...],
    run_status: RunStatus,
) -> RenderInput:
    return RenderInput(
        result=result,
        problems=problems,
        feedback=feedback,
        history=(
            HistoryPoint(dt.date(2026, 2, 1), 10, 2),
            HistoryPoint(dt.date(2026, 1, 1), 8, 1),
        ),
        status=run_status,
    )
