"""Learning-clinic candidates from unmet demand."""

from __future__ import annotations

from matching_builders import person, run, taxonomy

from wikisync.matching import ClinicSettings, MatchSettings
from wikisync.model import ClinicCandidate


def programme() -> list:
    learners = [person(f"L{i}", learns=["video"], region="SA") for i in range(5)]
    return [*learners, person("Ben", shares=["video"], capacity=1)]


def test_unmet_demand_becomes_a_ranked_candidate() -> None:
    result = run(programme(), taxonomy("video"))
    (clinic,) = result.clinics
    assert clinic == ClinicCandidate(
        skill="video",
        hosts=(),
        languages=(("en", 4),),
        regions=(("SA", 4),),
        score=10 * 4 + 5 * (5 - 1),
    )
    figures = result.figures.skill("video")
    assert (figures.demand, figures.supply, figures.room, figures.unmatched) == (5, 1, 1, 4)


def test_threshold_on_unmet_demand() -> None:
    strict = MatchSettings(clinics=ClinicSettings(min_unmet=5))
    assert run(programme(), taxonomy("video"), settings=strict).clinics == ()


def test_willing_hosts_raise_the_score_and_grouped_learners_are_not_unmet() -> None:
    people = [*programme(), person("Host", shares=["video"], capacity=0, clinic=True)]
    result = run(people, taxonomy("video"))
    assert len(result.groups) == 1 and result.clinics == ()
    no_groups = MatchSettings(clinics=ClinicSettings(min_unmet=1))
    lone = [
        person("L0", learns=["video"]),
        person("Host", shares=["video"], capacity=0, clinic=True),
    ]
    (clinic,) = run(lone, taxonomy("video"), settings=no_groups).clinics
    assert clinic.hosts == ("Host",)
    assert clinic.score == 10 * 1 + 5 * 1 + 20 * 1
