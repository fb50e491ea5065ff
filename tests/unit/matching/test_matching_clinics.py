"""Learning-clinic candidates from unmet demand."""

from __future__ import annotations

from matching_builders import person, run, taxonomy

from wikisync.matching import ClinicSettings, MatchSettings
from wikisync.model import ClinicCandidate, Feedback, SuggestedHost


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
        slots=((14, 4),),
        timed=4,
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


def test_hosts_are_suggested_willing_first_then_by_learners_met_with_interpretation() -> None:
    learners = [
        person(f"L{i}", speaks="es-N" if i < 2 else "en-3", learns=["video"], offset=60 * i)
        for i in range(5)
    ]
    sharers = [
        person("Ann", speaks="en-3", shares=["video"], capacity=0),
        person("Ben", speaks="en-3 es-3", shares=["video"], capacity=0),
        person("Cy", shares=["video"], capacity=0),
        person("Wil", speaks="fr-N", shares=["video"], capacity=0, clinic=True),
    ]
    met = [Feedback(f"M{i}", "Ben", "video", "met") for i in range(3)]
    met += [Feedback("M9", "Ann", "video", "met"), Feedback("M9", "Ann", "video", "met")]
    settings = MatchSettings(clinics=ClinicSettings(min_unmet=1))
    result = run([*learners, *sharers], taxonomy("video"), feedback=met, settings=settings)
    clinic = next(c for c in result.clinics if c.skill == "video")
    assert clinic.suggested_hosts == (
        SuggestedHost("Wil", True, 0),
        SuggestedHost("Ben", False, 3),
        SuggestedHost("Ann", False, 1),
    )
    assert clinic.interpretation == (("en", 3), ("es", 2))
    assert clinic.timed == result.figures.skill("video").unmatched
    assert 1 <= len(clinic.slots) <= 2 and all(0 < n <= clinic.timed for _, n in clinic.slots)


def test_interpretation_counts_only_learners_who_cannot_follow_the_host() -> None:
    learners = [
        person("Ana", speaks="es-N en-1", learns=["video"]),
        person("Bea", speaks="es-2 pt-N", learns=["video"]),
        person("Cai", speaks="fr-2 sw-N", learns=["video"]),
        person("Dia", speaks="", learns=["video"]),
    ]
    host = person("Hal", speaks="fr-N", shares=["video"], capacity=0, clinic=True)
    settings = MatchSettings(clinics=ClinicSettings(min_unmet=1))
    (clinic,) = run([*learners, host], taxonomy("video"), settings=settings).clinics
    assert clinic.interpretation == (("es", 1), ("pt", 1))


def test_a_skill_without_willing_or_experienced_sharers_suggests_nobody() -> None:
    (clinic,) = run(programme(), taxonomy("video")).clinics
    assert clinic.suggested_hosts == () and clinic.interpretation is None
