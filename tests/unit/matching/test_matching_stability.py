"""Stability after an edit: suggestions the edit does not touch stay where they are."""

from __future__ import annotations

from dataclasses import replace

from matching_builders import TODAY, person, run, taxonomy

from wikisync.matching import MatchHistory, MatchSettings
from wikisync.matching.candidates import FULL_PAIRS, candidate_edges
from wikisync.matching.roster import build_roster
from wikisync.matching.scoring import request_priority
from wikisync.model import Feedback, LearnRequest, Status

LEARNERS, FAR = 70, 30


def crowded_skill() -> list:
    """One skill whose candidate pairs are pruned: a sharer next to each learner, and free
    sharers twelve hours away whom only a few learners see as candidates."""
    assert LEARNERS * (LEARNERS + FAR) > FULL_PAIRS
    learners = [person(f"L{i:02}", learns=["video"], offset=i) for i in range(LEARNERS)]
    near = [person(f"N{i:02}", shares=["video"], capacity=1, offset=i) for i in range(LEARNERS)]
    far = [person(f"F{i:02}", shares=["video"], capacity=1, offset=720) for i in range(FAR)]
    return [*learners, *near, *far]


def far_candidates(people: list, learner: str) -> set[str]:
    """The far sharers among ``learner``'s candidates on a first run."""
    roster = build_roster(people, taxonomy("video"), (), MatchHistory(), MatchSettings(), TODAY)
    edges = candidate_edges(roster, MatchSettings(), request_priority(roster, MatchSettings()))
    mine = edges.request == roster.request_learners.index(learner)
    return {roster.names[s] for s in edges.sharer[mine].tolist()} & {
        p.username for p in people if p.username.startswith("F")
    }


def test_a_learner_whose_sharer_leaves_moves_alone_to_a_free_sharer() -> None:
    people = crowded_skill()
    # Without pairs to sharers with capacity left, L28 could only be served again by a
    # chain of moves towards the learners the far sharers see.
    assert not far_candidates(people, "L28")
    first = run(people, taxonomy("video"))
    before = {s.learner: s.sharer for s in first.suggestions}
    assert len(before) == LEARNERS and not any(s.startswith("F") for s in before.values())
    leaving = before["L28"]
    edited = [replace(p, status=Status.INACTIVE) if p.username == leaving else p for p in people]
    later = run(edited, taxonomy("video"), history=MatchHistory().after(first, TODAY))
    after = {s.learner: s.sharer for s in later.suggestions}
    moved = {name for name in before if after.get(name) != before[name]}
    assert moved == {"L28"} and after["L28"].startswith("F")


def test_a_declined_suggestion_goes_to_its_backup_first() -> None:
    learner = person("Lia", learns=["video"], offset=0)
    ann = person("Ann", shares=["video"], capacity=1, offset=0)
    bea = person("Bea", shares=["video"], capacity=1, offset=60)
    first = run([learner, ann, bea])
    (suggestion,) = first.suggestions
    assert (suggestion.sharer, suggestion.backup) == ("Ann", "Bea")
    history = MatchHistory().after(first, TODAY)
    assert history.backups == {LearnRequest("Lia", "video"): "Bea"}
    # A newcomer a little better than Bea (awake at Lia's hours) joins; Ann is declined.
    aaron = person("Aaron", shares=["video"], capacity=1, offset=0)
    declined = [Feedback("Lia", "Ann", "video", "declined")]
    (moved,) = run([learner, ann, bea, aaron], feedback=declined, history=history).suggestions
    assert moved.sharer == "Bea" and moved.backup == "Aaron"
    fresh = run([learner, ann, bea, aaron], feedback=declined).suggestions
    assert fresh[0].sharer == "Aaron"


def test_a_backup_never_takes_a_place_it_does_not_have() -> None:
    people = [
        person("L1", learns=["video"]),
        person("L2", learns=["video"]),
        person("Ann", shares=["video"], capacity=1),
        person("Bea", shares=["video"], capacity=1),
    ]
    result = run(people)
    assert {s.sharer for s in result.suggestions} == {"Ann", "Bea"}
    assert all(s.backup is None for s in result.suggestions)
