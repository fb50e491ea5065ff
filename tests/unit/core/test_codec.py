"""Records survive a round trip through JSON unchanged."""

from __future__ import annotations

import datetime as dt
import json

from wikisync.codec import from_jsonable, to_jsonable
from wikisync.model import (
    ClinicCandidate,
    EntryKind,
    Figures,
    Group,
    Language,
    MatchResult,
    Person,
    Problem,
    RawEntry,
    Reason,
    Severity,
    SkillFigures,
    SourceRef,
    Status,
    Suggestion,
    Unmatched,
)

SOURCE = SourceRef("Let's Connect/Skills directory/Africa", revision=12, index=3, line=40)


def round_trip(value: object) -> object:
    return from_jsonable(type(value), json.loads(json.dumps(to_jsonable(value))))


def test_a_person_with_every_kind_of_field_round_trips() -> None:
    person = Person(
        username="Amina Yusuf",
        source=SOURCE,
        kind=EntryKind.REGISTRATION,
        region="Sub-Saharan Africa",
        languages=(Language("ha", 6), Language("en", 3)),
        timezone="Africa/Lagos",
        utc_offset=60,
        shares=("proposal-writing",),
        learns=("video-editing", "budgeting"),
        status=Status.AWAY,
        away_until=dt.date(2027, 1, 15),
        do_not_match=frozenset({"Zed", "Abe"}),
    )
    assert round_trip(person) == person
    assert to_jsonable(person)["do_not_match"] == ["Abe", "Zed"]


def test_entries_problems_and_match_results_round_trip() -> None:
    entry = RawEntry(EntryKind.DIRECTORY, {"username": "X", "share": "a; b"}, SOURCE, ("colour",))
    problem = Problem(
        "unknown-skill", Severity.WARNING, "unknown", SOURCE, "X", "share", "Knit", ("a",)
    )
    result = MatchResult(
        suggestions=(Suggestion("A", "B", "s", 7, (Reason("time-overlap", (5,)),)),),
        unmatched=(Unmatched("C", "s", (Reason("no-sharer"),)),),
        groups=(Group("g1", "s", "en", ("A", "C"), "B"),),
        clinics=(ClinicCandidate("s", ("B",), (("en", 3),), (("SSA", 2),), 9),),
        figures=Figures(
            skills={"s": SkillFigures("s", ("A", "C"), ("B",), 2, 1, 0, ("C",), 1)},
            participants=3,
            taking_part=3,
            learners=2,
            sharers=1,
            met=1,
            met_by_sharer={"B": 1},
        ),
    )
    for value in (entry, problem, result):
        assert round_trip(value) == value
