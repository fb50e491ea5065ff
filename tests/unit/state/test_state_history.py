"""What wikisync remembers between runs: suggestions, requests, feedback, notices, pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from wikisync.running.state import (
    SUCCESS,
    WITHDRAWN,
    FeedbackRecord,
    PageRecord,
    State,
    StateError,
    StatsPoint,
    SuggestionShift,
)

Clock = Callable[..., dt.datetime]


def matching_run(state: State, when: dt.datetime, suggestions: list[tuple[str, str, str]]) -> int:
    run_id = state.start_run("matches", when)
    state.record_suggestions(run_id, suggestions, when)
    state.finish_run(run_id, SUCCESS, {}, [], when)
    return run_id


def test_a_suggestion_keeps_when_it_was_first_made(state: State, at: Clock) -> None:
    matching_run(state, at(0), [("Ama", "proposal-writing", "Kofi")])
    matching_run(state, at(1), [("Ama", "proposal-writing", "Kofi"), ("Ben", "video", "Kofi")])
    assert state.suggestion_first_seen() == {
        ("Ama", "proposal-writing", "Kofi"): at(0),
        ("Ben", "video", "Kofi"): at(1),
    }
    last_seen = state._db.execute(
        "SELECT last_seen FROM suggestion WHERE learner = 'Ama'"
    ).fetchone()[0]
    assert dt.datetime.fromisoformat(last_seen) == at(1)


def test_current_suggestions_are_those_of_the_latest_run_that_made_any(
    state: State, at: Clock
) -> None:
    matching_run(state, at(0), [("Ama", "proposal-writing", "Kofi"), ("Ben", "video", "Efua")])
    matching_run(state, at(1), [("Ama", "proposal-writing", "Yaw")])
    assert state.current_suggestions() == {("Ama", "proposal-writing"): "Yaw"}
    matching_run(state, at(2), [])
    assert state.current_suggestions() == {("Ama", "proposal-writing"): "Yaw"}


def test_current_suggestions_give_the_first_sharer_by_name_for_one_request(
    state: State, at: Clock
) -> None:
    matching_run(state, at(0), [("Ama", "video", "Zed"), ("Ama", "video", "Kofi")])
    assert state.current_suggestions() == {("Ama", "video"): "Kofi"}


def test_suggestions_need_a_known_run(state: State, at: Clock) -> None:
    with pytest.raises(StateError, match="no run 7"):
        state.record_suggestions(7, [("Ama", "video", "Kofi")], at())
    assert state.suggestion_first_seen() == {}


def test_requests_wait_since_first_seen_and_anew_after_a_withdrawal(
    state: State, at: Clock
) -> None:
    state.record_requests([("Ama", "video"), ("Ben", "video")], at(0))
    state.record_requests([("Ama", "video"), ("Ben", "video"), ("Cy", "video")], at(1))
    state.record_requests([("Ama", "video"), ("Cy", "video")], at(2))
    state.record_requests([("Ama", "video"), ("Ben", "video"), ("Cy", "video")], at(3))
    asked = [("Ben", "video"), ("Ama", "video"), ("Cy", "video"), ("Dee", "video")]
    waiting = state.waiting_since(asked, at(4))
    assert waiting == {
        ("Ama", "video"): at(0),
        ("Ben", "video"): at(3),
        ("Cy", "video"): at(1),
        ("Dee", "video"): at(4),
    }
    assert list(waiting) == sorted(waiting)


def test_feedback_keeps_first_seen_and_every_change_of_status(state: State, at: Clock) -> None:
    state.record_feedback([("Ama", "Kofi", "video", "contacted")], at(0))
    state.record_feedback([("Ama", "Kofi", "video", "contacted")], at(1))
    state.record_feedback(
        [("Ama", "Kofi", "video", "met"), ("Ben", "Efua", "web", "declined")], at(2)
    )
    assert state.feedback() == [
        FeedbackRecord("Ama", "Kofi", "video", "met", at(0), at(2)),
        FeedbackRecord("Ben", "Efua", "web", "declined", at(2), at(2)),
    ]
    changes = state._db.execute(
        "SELECT status FROM feedback_change WHERE learner = 'Ama' ORDER BY id"
    ).fetchall()
    assert [status for (status,) in changes] == ["contacted", "met"]


def test_feedback_follows_the_pages_a_pair_no_longer_mentioned_is_withdrawn(
    state: State, at: Clock
) -> None:
    state.record_feedback(
        [("Ama", "Kofi", "video", "declined"), ("Ben", "Efua", "web", "met")], at(0)
    )
    state.record_feedback([("Ben", "Efua", "web", "met")], at(1))
    assert state.feedback() == [FeedbackRecord("Ben", "Efua", "web", "met", at(0), at(0))]
    changes = state._db.execute(
        "SELECT status, seen FROM feedback_change WHERE learner = 'Ama' ORDER BY id"
    ).fetchall()
    assert [(status, dt.datetime.fromisoformat(seen)) for status, seen in changes] == [
        ("declined", at(0)),
        (WITHDRAWN, at(1)),
    ]
    state.record_feedback([("Ama", "Kofi", "video", "declined")], at(2))
    assert state.feedback() == [FeedbackRecord("Ama", "Kofi", "video", "declined", at(2), at(2))]


def test_within_one_batch_the_later_status_wins(state: State, at: Clock) -> None:
    state.record_feedback(
        [("Ama", "Kofi", "video", "met"), ("Ama", "Kofi", "video", "declined")], at(0)
    )
    assert [record.status for record in state.feedback()] == ["declined"]


def test_matched_feedback_is_what_the_latest_matching_run_acted_on(state: State, at: Clock) -> None:
    assert state.matched_feedback() == {}
    state.record_feedback([("Ama", "Kofi", "video", "declined")], at(0))
    matching_run(state, at(1), [])
    state.record_feedback([("Ama", "Kofi", "video", "met"), ("Ben", "Efua", "web", "met")], at(2))
    state.start_run("registrations", at(2))
    assert state.matched_feedback() == {("Ama", "Kofi", "video"): ("declined", at(0))}
    matching_run(state, at(3), [])
    state.record_feedback([("Ben", "Efua", "web", "met")], at(3))
    assert state.matched_feedback() == {("Ben", "Efua", "web"): ("met", at(2))}


def test_a_suggestion_shift_is_what_one_matching_run_started_and_stopped(
    state: State, at: Clock
) -> None:
    matching_run(state, at(0), [("Ama", "video", "Yaw")])
    matching_run(state, at(1), [("Ama", "video", "Kofi"), ("Ben", "web", "Efua")])
    state.record_feedback([("Ama", "Kofi", "video", "declined")], at(2))
    matching_run(state, at(2), [("Ama", "video", "Yaw"), ("Ben", "web", "Zed"), ("Cy", "a", "B")])
    matching_run(state, at(3), [("Ama", "video", "Yaw"), ("Ben", "web", "Zed"), ("Cy", "a", "B")])
    matching_run(state, at(4), [("Ama", "video", "Yaw")])
    shift = state.suggestion_shift(at(2))
    assert shift.started == {("Ama", "video", "Yaw"), ("Ben", "web", "Zed"), ("Cy", "a", "B")}
    assert shift.stopped == {("Ama", "video"): "Kofi", ("Ben", "web"): "Efua"}
    assert state.suggestion_shift(at(1, hours=1)) == shift
    assert state.suggestion_shift(at(0)) == SuggestionShift()
    assert state.suggestion_shift(at(5)) == SuggestionShift()


def test_a_suggestion_shift_takes_runs_in_the_order_they_were_recorded(
    state: State, at: Clock
) -> None:
    matching_run(state, at(5), [("Ama", "video", "Kofi")])
    matching_run(state, at(1), [("Ama", "video", "Kofi")])
    state.record_feedback([("Ama", "Kofi", "video", "declined")], at(2))
    matching_run(state, at(2), [("Ama", "video", "Yaw")])
    assert state.suggestion_shift(at(2)) == SuggestionShift(
        started=frozenset({("Ama", "video", "Yaw")}), stopped={("Ama", "video"): "Kofi"}
    )


def test_a_notification_is_recorded_once(state: State, at: Clock) -> None:
    assert not state.was_notified("Kofi", "Ama", "Kofi", "video")
    state.record_notification("Kofi", "Ama", "Kofi", "video", at(0), 501)
    state.record_notification("Kofi", "Ama", "Kofi", "video", at(1), 777)
    assert state.was_notified("Kofi", "Ama", "Kofi", "video")
    assert not state.was_notified("Ama", "Ama", "Kofi", "video")
    stored = state._db.execute("SELECT sent, revision FROM notification").fetchall()
    assert len(stored) == 1 and stored[0][1] == 501


def test_notifications_are_counted_per_run(state: State, at: Clock) -> None:
    first = state.start_run("notify", at(0))
    state.record_notification("Kofi", "Ama", "Kofi", "video", at(0, hours=0.1), 1)
    state.record_notification("Ama", "Ama", "Kofi", "video", at(0, hours=0.2), 2)
    state.finish_run(first, SUCCESS, {}, [], at(0, hours=1))
    second = state.start_run("notify", at(1))
    state.record_notification("Efua", "Ben", "Efua", "web", at(1, hours=0.1), 3)
    assert state.notification_count(first) == 2
    assert state.notification_count(second) == 1


def test_page_records_keep_the_last_save_of_each_page(state: State, at: Clock) -> None:
    assert state.page_record("Matches") is None
    state.record_page("Matches", 100, "sha1:aaa", at(0))
    state.record_page("Statistics", 101, "sha1:bbb", at(0))
    state.record_page("Matches", 150, "sha1:ccc", at(1))
    assert state.page_record("Matches") == PageRecord("Matches", 150, "sha1:ccc", at(1))
    assert list(state.page_records()) == ["Matches", "Statistics"]
    assert state.page_records()["Statistics"] == PageRecord("Statistics", 101, "sha1:bbb", at(0))


def test_stats_history_has_one_point_per_day_of_matching(state: State, at: Clock) -> None:
    matching_run(state, at(0), [("Ama", "video", "Kofi"), ("Ben", "web", "Efua")])
    state.record_feedback([("Ama", "Kofi", "video", "met")], at(0, hours=2))
    matching_run(state, at(0, hours=6), [("Ama", "video", "Kofi"), ("Cy", "web", "Efua")])
    state.record_feedback([("Ben", "Efua", "web", "met"), ("Ama", "Kofi", "video", "x")], at(1))
    state.start_run("sync", at(1, hours=1))
    matching_run(state, at(2), [("Ama", "video", "Kofi"), ("Cy", "web", "Efua"), ("Dee", "a", "B")])
    state.record_feedback(
        [("Ama", "Kofi", "video", "met"), ("Ben", "Efua", "web", "met")], at(2, hours=1)
    )
    matching_run(state, at(3), [("Ama", "video", "Kofi")])
    state.record_feedback([("Ama", "Kofi", "video", "met")], at(3))
    assert state.stats_history() == [
        StatsPoint(at(0).date(), suggestions=2, new_suggestions=3, met=1),
        StatsPoint(at(2).date(), suggestions=3, new_suggestions=1, met=2),
        StatsPoint(at(3).date(), suggestions=1, new_suggestions=0, met=1),
    ]


def test_earlier_days_of_the_stats_history_keep_their_meetings(state: State, at: Clock) -> None:
    matching_run(state, at(0), [("Ama", "video", "Kofi")])
    state.record_feedback([("Ama", "Kofi", "video", "met")], at(0))
    before = state.stats_history()
    state.record_feedback([], at(1))
    matching_run(state, at(1), [("Ama", "video", "Kofi")])
    assert state.stats_history()[:1] == before
    assert state.stats_history()[1].met == 0


def test_a_snapshot_keeps_only_the_latest_payload(state: State, at: Clock) -> None:
    assert state.snapshot("groups") is None
    state.store_snapshot("groups", '["g1"]', at())
    state.store_snapshot("groups", '["g2"]', at())
    assert state.snapshot("groups") == '["g2"]'


def test_the_generated_pages_of_a_job_are_replaced_as_a_whole(state: State) -> None:
    state.record_generated_pages("matches", {"P/Matches": "matches", "P/Matches/2": "matches"})
    state.record_generated_pages("resources", {"P/Skills/A": "skill"})
    state.record_generated_pages("matches", {"P/Matches": "matches", "P/Groups": "groups"})
    assert state.generated_pages("matches") == {"P/Matches": "matches", "P/Groups": "groups"}
    assert state.generated_pages("resources") == {"P/Skills/A": "skill"}
    assert state.generated_pages("check") == {}
    state.record_generated_pages("resources", {})
    assert state.generated_pages("resources") == {}
