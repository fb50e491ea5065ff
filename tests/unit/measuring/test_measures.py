"""Each measure on a small hand-worked example, in total and broken down by group."""

from __future__ import annotations

import datetime as dt

import pytest

from wikisync.measuring.measures import (
    MEASURES,
    MeasureData,
    Unit,
    days_waited,
    evaluate,
    measure_data,
    organisation_groups,
    region_groups,
)
from wikisync.model import (
    ClinicRecord,
    Feedback,
    Figures,
    Library,
    MatchResult,
    Organisation,
    OrganisationFeedback,
    Person,
    SkillFigures,
    SourceRef,
    Status,
    Suggestion,
)
from wikisync.render.i18n import SUPPORTED_LANGUAGES, load_catalogue

HERE = SourceRef("Page")

#: Four people: A and B in Africa, C and D in Asia; A and C of Org1, D of Org2.
DATA = MeasureData(
    participants=frozenset("ABCD"),
    sharers=frozenset("BD"),
    requests=frozenset({("A", "x"), ("A", "y"), ("C", "x"), ("D", "z")}),
    suggested=frozenset({("A", "x"), ("A", "y"), ("C", "x")}),
    waits={("A", "x"): 3, ("A", "y"): 2, ("C", "x"): 0, ("D", "z"): 10},
    met=frozenset({("A", "B", "x"), ("C", "D", "x")}),
    accepted=frozenset({("A", "x")}),
    shop_talks=("held", "declined", "held", "proposed"),
    organisations=frozenset({"Org1", "Org2"}),
    unmet_skills=frozenset({"z"}),
    clinics=3,
)
REGIONS = {"Africa": frozenset("AB"), "Asia": frozenset("CD")}
ORGANISATIONS = {"Org1": frozenset("AC"), "Org2": frozenset("D")}


@pytest.mark.parametrize(
    ("name", "total"),
    [
        ("participants", 4),
        ("active-sharers", 2),
        ("learn-requests", 4),
        # 3 of the 4 requests have a suggested sharer
        ("requests-matched", 0.75),
        # waits 0, 2, 3, 10: the median is halfway between 2 and 3
        ("days-to-suggestion", 2.5),
        ("met-pairs", 2),
        ("accepted-suggestions", 1),
        # two "held" of four shop-talk lines
        ("shop-talks-held", 2),
        ("organisations", 2),
        ("unmet-skills", 1),
        ("clinics-held", 3),
    ],
)
def test_each_measure_in_total(name: str, total: float) -> None:
    assert MEASURES[name].compute(DATA) == total


@pytest.mark.parametrize(
    ("name", "africa", "asia", "org1"),
    [
        ("participants", 2, 2, 2),
        ("active-sharers", 1, 1, 0),
        ("learn-requests", 2, 2, 3),
        # Asia: C's request is suggested, D's is not; Org1: A's two and C's one all are
        ("requests-matched", 1.0, 0.5, 1.0),
        # Africa: A's waits 3 and 2; Asia: C's 0 and D's 10; Org1: 3, 2 and 0
        ("days-to-suggestion", 2.5, 5.0, 2.0),
        # met pairs count for their learner's group
        ("met-pairs", 1, 1, 2),
        ("accepted-suggestions", 1, 0, 1),
    ],
)
def test_measures_about_people_break_down_by_group(
    name: str, africa: float, asia: float, org1: float
) -> None:
    value = evaluate(MEASURES[name], DATA, REGIONS, ORGANISATIONS)
    assert value.by_region == {"Africa": africa, "Asia": asia}
    assert value.by_organisation["Org1"] == org1


@pytest.mark.parametrize(
    "name", ["shop-talks-held", "organisations", "unmet-skills", "clinics-held"]
)
def test_measures_not_about_people_have_no_breakdown(name: str) -> None:
    value = evaluate(MEASURES[name], DATA, REGIONS, ORGANISATIONS)
    assert value.by_region == {} and value.by_organisation == {}


def test_a_share_and_a_median_of_nothing_are_not_measured() -> None:
    assert MEASURES["requests-matched"].compute(MeasureData()) is None
    assert MEASURES["days-to-suggestion"].compute(MeasureData()) is None


def test_every_measure_is_defined_in_its_docstring_and_in_every_language() -> None:
    for name, measure in MEASURES.items():
        assert measure.definition.split(":")[0], name
        for lang in SUPPORTED_LANGUAGES:
            assert f"measure-{name}" in load_catalogue(lang), (lang, name)
    assert MEASURES["requests-matched"].unit is Unit.SHARE


def person(name: str, region: str | None, affiliation: str = "") -> Person:
    return Person(name, HERE, region=region, affiliation=affiliation)


def test_data_of_a_run_counts_what_the_figures_count() -> None:
    people = [person("A", "Africa", "Org1"), person("B", "Africa"), person("C", "Asia")]
    figures = Figures(
        skills={
            "x": SkillFigures("x", learners=("A", "C"), sharers=("B",), paired=1, waiting=("C",)),
            "y": SkillFigures("y", learners=("A",), sharers=("B", "C"), paired=1),
        },
        participants=3,
        sharers=2,
        met=1,
    )
    result = MatchResult(
        suggestions=(
            Suggestion("A", "B", "x", 1, accepted=True),
            Suggestion("A", "C", "y", 1),
        ),
        figures=figures,
    )
    data = measure_data(
        people,
        result,
        [Feedback("C", "B", "x", "met"), Feedback("A", "C", "x", "declined")],
        [OrganisationFeedback("Org1", "Org2", "x", "held")],
        [Organisation("Org1", HERE), Organisation("Org2", HERE, status=Status.INACTIVE)],
        Library(clinics=(ClinicRecord("x"), ClinicRecord("y"))),
        {("A", "x"): 4, ("A", "y"): 1, ("C", "x"): 9},
    )
    assert MEASURES["participants"].compute(data) == figures.participants
    assert MEASURES["active-sharers"].compute(data) == figures.sharers
    assert MEASURES["learn-requests"].compute(data) == figures.requests == 3
    assert MEASURES["requests-matched"].compute(data) == pytest.approx(2 / 3)
    # C's request has no suggestion: its wait is not one to a suggestion
    assert MEASURES["days-to-suggestion"].compute(data) == 2.5
    assert MEASURES["met-pairs"].compute(data) == figures.met
    assert MEASURES["accepted-suggestions"].compute(data) == 1
    assert MEASURES["shop-talks-held"].compute(data) == 1
    assert MEASURES["organisations"].compute(data) == 1
    assert MEASURES["unmet-skills"].compute(data) == 1
    assert MEASURES["clinics-held"].compute(data) == 2
    assert region_groups(people) == {"Africa": {"A", "B"}, "Asia": {"C"}}
    linked = [Organisation("Org1", HERE, participants=("C",))]
    assert organisation_groups(people, linked) == {"Org1": {"A", "C"}}


def test_days_waited_runs_from_the_request_to_its_suggestion() -> None:
    def at(day: int) -> dt.datetime:
        return dt.datetime(2026, 3, day, 12, tzinfo=dt.UTC)

    waits = days_waited(
        [("A", "x", "B"), ("C", "y", "D"), ("E", "z", "F")],
        {("A", "x"): at(1), ("C", "y"): at(5)},
        {("A", "x", "B"): at(4), ("E", "z", "F"): at(2)},
        at(9),
    )
    # C's suggestion is made now (day 9); E's request is first seen now, after its
    # suggestion was first made: never below zero
    assert waits == {("A", "x"): 3, ("C", "y"): 4, ("E", "z"): 0}


@pytest.mark.parametrize(
    ("name", "value", "target", "share"),
    [
        ("participants", 167, 200, 0.835),
        ("active-sharers", 135, 80, 135 / 80),  # past the target: above 1
        ("participants", 0, 200, 0.0),
        ("days-to-suggestion", 14, 7, 0.5),  # twice the wait wanted: halfway
        ("days-to-suggestion", 3, 7, 1.0),  # below the target: reached
        ("days-to-suggestion", 0, 7, 1.0),
        ("unmet-skills", 4, 0, 0.0),  # none wanted, some left
        ("unmet-skills", 0, 0, 1.0),
    ],
)
def test_the_share_of_a_target_follows_the_direction_the_measure_should_move(
    name: str, value: float, target: float, share: float
) -> None:
    assert MEASURES[name].share_of_target(value, target) == pytest.approx(share)


def test_no_share_of_a_target_without_a_value_or_a_target() -> None:
    assert MEASURES["participants"].share_of_target(None, 10) is None
    assert MEASURES["participants"].share_of_target(10, None) is None
    assert MEASURES["participants"].share_of_target(10, 0) is None
    assert MEASURES["days-to-suggestion"].share_of_target(None, 7) is None


def test_only_waiting_and_unmet_demand_should_fall() -> None:
    assert {name for name, m in MEASURES.items() if m.lower_is_better} == {
        "days-to-suggestion",
        "unmet-skills",
    }
