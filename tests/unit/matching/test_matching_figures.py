"""The figures of a run: who counts as wanting to learn or sharing a skill, room, unmatched."""

from __future__ import annotations

import datetime as dt

from matching_builders import TODAY, person, run, taxonomy

from wikisync.matching import MatchSettings, figures_of
from wikisync.model import Feedback, Figures, MatchResult, SkillFigures, Status


def test_away_sharers_count_neither_as_sharers_nor_as_room() -> None:
    people = [
        person("Lea", learns=["video"]),
        person("Away", shares=["video"], status=Status.AWAY),
        person("Later", shares=["video"], status=Status.AWAY, away_until=TODAY),
        person("Back", shares=["video"], status=Status.AWAY, away_until=TODAY - dt.timedelta(1)),
        person("Gone", shares=["video"], status=Status.INACTIVE),
    ]
    figures = run(people, taxonomy("video")).figures
    assert figures.skill("video") == SkillFigures(
        "video", learners=("Lea",), sharers=("Back",), room=2, paired=1
    )
    assert (figures.participants, figures.taking_part, figures.sharers) == (5, 2, 1)


def test_a_sharer_of_capacity_three_is_one_person_with_room_for_three() -> None:
    people = [person(f"L{index}", learns=["video"]) for index in range(4)]
    people.append(person("Sam", shares=["video"], capacity=3))
    figures = run(people, taxonomy("video"), settings=MatchSettings()).figures.skill("video")
    assert (figures.demand, figures.supply, figures.room) == (4, 1, 3)
    assert figures.paired == 3
    assert figures.paired + figures.grouped + figures.unmatched == figures.demand


def test_a_learner_of_two_skills_is_one_learner_and_two_requests() -> None:
    people = [
        person("Lea", learns=["video", "editing"]),
        person("Sam", shares=["video"]),
    ]
    figures = run(people, taxonomy("video", "editing")).figures
    assert figures.learners == 1 and figures.requests == 2
    assert figures.skill("video").learners == figures.skill("editing").learners == ("Lea",)
    assert figures.skill("video").paired == 1
    assert figures.skill("editing").waiting == ("Lea",)
    assert (figures.paired, figures.unmatched) == (1, 1)


def test_a_declined_pair_leaves_the_learner_wanting_and_is_counted_once() -> None:
    people = [person("Lea", learns=["video"]), person("Sam", shares=["video"])]
    declined = Feedback("Lea", "Sam", "video", "declined")
    result = run(people, taxonomy("video"), feedback=[declined, declined])
    figures = result.figures
    assert result.suggestions == ()
    assert figures.skill("video") == SkillFigures(
        "video", learners=("Lea",), sharers=("Sam",), room=2, waiting=("Lea",)
    )
    assert (figures.declined, figures.met) == (1, 0)


def test_a_met_request_no_longer_counts_as_demand_and_counts_as_met() -> None:
    people = [
        person("Lea", learns=["video"]),
        person("Max", learns=["video"]),
        person("Sam", shares=["video"]),
    ]
    met = [
        Feedback("Lea", "Sam", "video", "met"),
        Feedback("lea", "Sam", "video", " Met "),  # the same pair, written differently
    ]
    figures = run(people, taxonomy("video"), feedback=met).figures
    assert figures.skill("video").learners == ("Max",)
    assert figures.skill("video").met == 1
    assert (figures.met, dict(figures.met_by_sharer)) == (1, {"Sam": 1})


def test_learners_not_taking_part_are_not_unmatched() -> None:
    people = [
        person("Away", learns=["video"], status=Status.AWAY),
        person("Gone", learns=["video"], status=Status.INACTIVE),
        person("Lea", learns=["video"]),
    ]
    result = run(people, taxonomy("video"))
    assert len(result.unmatched) == 3  # the matches page still says why, to each of them
    assert result.figures.skill("video").waiting == ("Lea",)
    assert result.figures.unmatched == 1


def test_group_members_are_grouped_not_unmatched() -> None:
    learners = [person(f"L{index}", learns=["video"]) for index in range(5)]
    host = person("Host", shares=["video"], capacity=0, clinic=True)
    result = run([*learners, host], taxonomy("video"))
    figures = result.figures.skill("video")
    assert len(result.groups) == 1
    assert figures.grouped == len(result.groups[0].members)
    assert figures.unmatched == 5 - figures.grouped
    assert (figures.supply, figures.room) == (1, 0)


def test_figures_of_a_result_are_the_figures_match_counted() -> None:
    people = [
        person("Lea", learns=["video", "editing"]),
        person("Max", learns=["video"], status=Status.AWAY),
        person("Sam", shares=["video"], capacity=3),
    ]
    feedback = [Feedback("Lea", "Sam", "editing", "declined")]
    skills = taxonomy("video", "editing")
    result = run(people, skills, feedback=feedback)
    again = figures_of(people, skills, result, feedback, MatchSettings(), TODAY)
    assert again == result.figures
    assert run(list(reversed(people)), skills, feedback=feedback).figures == result.figures


def test_an_empty_programme_has_zero_figures() -> None:
    result = run([], taxonomy("video"))
    assert result.figures.skill("video") == SkillFigures("video")
    assert result.figures.skill("unknown") == SkillFigures("unknown")
    assert MatchResult().figures == Figures()
