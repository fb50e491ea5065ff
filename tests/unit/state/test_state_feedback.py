"""Feedback removed from the pages stops holding: declines added and reverted, stale states."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from wikisync.dev.sample import sample_programme
from wikisync.matching import MatchHistory, MatchSettings, match
from wikisync.model import Feedback, LearnRequest, Person, Taxonomy
from wikisync.planning.plan import match_history
from wikisync.running.state import SUCCESS, State

Pairs = set[tuple[str, str, str]]
DAY = dt.datetime(2026, 3, 2, 6, tzinfo=dt.UTC)
VANDAL_DECLINES = 40


class Programme:
    """A sample programme matched run after run against one state, as the pipeline does."""

    def __init__(self, state: State) -> None:
        plan = sample_programme(60, 12, seed=11, with_files=False)
        self.people: Sequence[Person] = plan.people
        self.taxonomy: Taxonomy = plan.taxonomy
        self.state = state
        self.runs = 0

    def run(self, feedback: Sequence[Feedback], *, upgraded: bool = True) -> Pairs:
        """One matching run; ``upgraded=False`` is what the previous version did."""
        now = DAY + dt.timedelta(hours=6 * self.runs)
        self.runs += 1
        if upgraded:
            history = match_history(self.state, self.people, now, feedback)
        else:
            previous = self.state.current_suggestions()
            history = MatchHistory({LearnRequest(*key): sharer for key, sharer in previous.items()})
        result = match(self.people, self.taxonomy, feedback, history, MatchSettings(), now.date())
        run_id = self.state.start_run("matches", now)
        if upgraded or feedback:  # the previous version only ever added feedback
            self.state.record_feedback(
                ((f.learner, f.sharer, f.skill, f.status) for f in feedback), now
            )
        suggestions = [(s.learner, s.skill, s.sharer) for s in result.suggestions]
        self.state.record_suggestions(run_id, suggestions, now)
        self.state.finish_run(run_id, SUCCESS, {}, [], now)
        return {(s.learner, s.sharer, s.skill) for s in result.suggestions}


def declines_of(pairs: Pairs, count: int) -> list[Feedback]:
    """Declines of ``count`` suggested pairs, no two of them between the same two people."""
    chosen: dict[frozenset[str], tuple[str, str, str]] = {}
    for pair in sorted(pairs):
        chosen.setdefault(frozenset(pair[:2]), pair)
    picked = sorted(chosen.values())[:count]
    assert len(picked) == count
    return [Feedback(learner, sharer, skill, "declined") for learner, sharer, skill in picked]


def declined(feedback: Sequence[Feedback]) -> Pairs:
    return {(f.learner, f.sharer, f.skill) for f in feedback}


def test_declines_added_and_then_reverted_leave_the_suggestions_as_they_were() -> None:
    with State.scratch() as state:
        programme = Programme(state)
        programme.run([])
        before = programme.run([])
        vandalism = declines_of(before, VANDAL_DECLINES)
        during = programme.run(vandalism)
        assert not during & declined(vandalism)
        after = programme.run([])
        assert after == before
        assert programme.run([]) == before


def test_a_state_of_the_previous_version_stops_blocking_reverted_declines() -> None:
    with State.scratch() as state:
        programme = Programme(state)
        programme.run([], upgraded=False)
        before = programme.run([], upgraded=False)
        vandalism = declines_of(before, VANDAL_DECLINES)
        programme.run(vandalism, upgraded=False)
        stuck = programme.run([], upgraded=False)
        kept_away = len(declined(vandalism) - stuck)
        assert kept_away >= VANDAL_DECLINES * 3 // 4, (
            "the previous version kept the declines' effect"
        )
        assert {record.status for record in state.feedback()} == {"declined"}
        assert programme.run([]) == before
        assert state.feedback() == []
