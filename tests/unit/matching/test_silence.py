"""Sharers who never answer: which suggestions are unanswered, who is paused and released."""

from __future__ import annotations

import datetime as dt

from wikisync.model import Feedback, LearnRequest
from wikisync.planning.silence import Silence, decide, unanswered

NOW = dt.datetime(2026, 3, 30, 8, 0, tzinfo=dt.UTC)
OLD = NOW - dt.timedelta(days=22)
NEW = NOW - dt.timedelta(days=3)
SUGGESTIONS = {("Lia", "video"): "Ann", ("Kim", "video"): "Ann", ("Max", "audio"): "Bea"}


def test_only_old_suggestions_without_feedback_make_their_sharer_a_suspect() -> None:
    first = {
        ("Lia", "video", "Ann"): OLD,
        ("Kim", "video", "Ann"): NEW,
        ("Max", "audio", "Bea"): OLD,
    }
    assert unanswered(SUGGESTIONS, first, [], NOW, 21) == {"Ann": OLD, "Bea": OLD}
    answered = [Feedback("Max", "Bea", "Audio", "contacted")]
    assert unanswered(SUGGESTIONS, first, answered, NOW, 21) == {"Ann": OLD}
    assert unanswered(SUGGESTIONS, first, [], NOW, 30) == {}
    assert unanswered(SUGGESTIONS, first, [], NOW, 0) == {}


def test_a_suspect_without_an_edit_since_is_paused_and_all_their_requests_released() -> None:
    requests = [
        LearnRequest("Lia", "video"),
        LearnRequest("Kim", "video"),
        LearnRequest("Max", "audio"),
    ]
    edits = {"Bea": NOW - dt.timedelta(days=1), "Ann": OLD - dt.timedelta(days=1)}
    silence = decide(Silence(), {"Ann": OLD, "Bea": OLD}, edits, SUGGESTIONS, requests)
    assert silence.paused == {"Ann": OLD}, "paused from the unanswered suggestion on"
    assert silence.released == {
        LearnRequest("Kim", "video"): "Ann",
        LearnRequest("Lia", "video"): "Ann",
    }
    assert silence.newly_paused(Silence()) == ["Ann"]
    assert Silence.from_json(silence.to_json()) == silence


def test_a_paused_sharer_who_edits_again_takes_part_and_released_requests_are_forgotten() -> None:
    before = Silence({"Ann": OLD}, {LearnRequest("Lia", "video"): "Ann"})
    requests = [LearnRequest("Lia", "video")]
    still = decide(before, {}, {}, {}, requests)
    assert still == before and still.newly_paused(before) == []
    back = decide(before, {}, {"Ann": NEW}, {}, requests)
    assert back == Silence()
    # an edit after the unanswered suggestion counts, even one the pausing run did not see
    assert decide(before, {}, {"Ann": OLD + dt.timedelta(minutes=1)}, {}, requests) == Silence()


def test_a_released_request_is_forgotten_once_it_is_no_longer_open() -> None:
    before = Silence({"Ann": OLD}, {LearnRequest("Lia", "video"): "Ann"})
    assert decide(before, {}, {}, {}, []).released == {}
