"""Feedback follows the pages: one status per pair, and undoing what removed feedback did."""

from __future__ import annotations

import datetime as dt

from wikisync.model import Feedback, SourceRef
from wikisync.reading.feedback import resolve, undo_shift, withdrawn_since
from wikisync.reading.sources import SourceTitles
from wikisync.running.state import SuggestionShift

MAIN = "Feedback"
ARCHIVES = ("Feedback/Archive 1", "Feedback/Archive 2")
T1 = dt.datetime(2026, 3, 1, 6, tzinfo=dt.UTC)
T2 = dt.datetime(2026, 3, 2, 6, tzinfo=dt.UTC)


def said(page: str, learner: str, sharer: str, skill: str, status: str) -> Feedback:
    return Feedback(learner, sharer, skill, status, SourceRef(page))


def read_in_order(pages: dict[str, list[Feedback]]) -> tuple[Feedback, ...]:
    """What the pipeline does: the pages in reading order, then one status per pair."""
    titles = SourceTitles((), (), "", MAIN, feedback_archives=ARCHIVES)
    return resolve(item for title in titles.feedback_pages() for item in pages.get(title, []))


def statuses(feedback: tuple[Feedback, ...]) -> dict[tuple[str, str, str], str]:
    return {(f.learner, f.sharer, f.skill): f.status for f in feedback}


def test_the_feedback_pages_are_read_archives_first_and_all_are_sources() -> None:
    titles = SourceTitles(("Directory",), (), "Taxonomy", MAIN, feedback_archives=ARCHIVES)
    assert titles.feedback_pages() == (*ARCHIVES, MAIN)
    assert set(titles.all()) == {"Directory", "Taxonomy", MAIN, *ARCHIVES}


def test_a_pair_only_on_an_archive_page_still_counts() -> None:
    feedback = read_in_order(
        {
            ARCHIVES[0]: [said(ARCHIVES[0], "Ama", "Kofi", "video", "declined")],
            MAIN: [said(MAIN, "Ben", "Efua", "web", "met")],
        }
    )
    assert statuses(feedback) == {
        ("Ama", "Kofi", "video"): "declined",
        ("Ben", "Efua", "web"): "met",
    }


def test_the_feedback_page_wins_over_its_archives() -> None:
    feedback = read_in_order(
        {
            MAIN: [said(MAIN, "Ama", "Kofi", "video", "met")],
            ARCHIVES[0]: [said(ARCHIVES[0], "Ama", "Kofi", "video", "declined")],
        }
    )
    assert statuses(feedback) == {("Ama", "Kofi", "video"): "met"}
    assert feedback[0].source == SourceRef(MAIN)


def test_between_archives_the_later_title_wins() -> None:
    feedback = read_in_order(
        {
            ARCHIVES[1]: [said(ARCHIVES[1], "Ama", "Kofi", "video", "met")],
            ARCHIVES[0]: [said(ARCHIVES[0], "Ama", "Kofi", "video", "declined")],
        }
    )
    assert statuses(feedback) == {("Ama", "Kofi", "video"): "met"}


def test_on_one_page_the_later_line_wins() -> None:
    feedback = read_in_order(
        {
            MAIN: [
                said(MAIN, "Ama", "Kofi", "video", "declined"),
                said(MAIN, "Ben", "Efua", "web", "contacted"),
                said(MAIN, "Ama", "Kofi", "video", "met"),
            ]
        }
    )
    assert statuses(feedback) == {
        ("Ama", "Kofi", "video"): "met",
        ("Ben", "Efua", "web"): "contacted",
    }
    assert [f.learner for f in feedback] == ["Ama", "Ben"]


def test_only_pages_count_a_pair_no_page_mentions_is_gone() -> None:
    assert read_in_order({MAIN: []}) == ()


def test_feedback_acted_on_and_gone_from_the_pages_is_withdrawn_latest_first() -> None:
    acted_on = {
        ("Ama", "Kofi", "video"): ("declined", T1),
        ("Ben", "Efua", "web"): ("met", T2),
        ("Cy", "Dee", "web"): ("declined", T1),
        ("Eve", "Fay", "web"): ("contacted", T2),
    }
    now = [
        said(MAIN, "Ama", "Kofi", "video", "declined"),
        said(MAIN, "Ben", "Efua", "web", "contacted"),
    ]
    assert withdrawn_since(acted_on, now) == [T2, T1]
    assert withdrawn_since(acted_on, [*now, said(MAIN, "Cy", "Dee", "web", "declined")]) == [T2]
    unchanged = [said(MAIN, "Ama", "Kofi", "video", "declined")]
    assert withdrawn_since({("Ama", "Kofi", "video"): ("declined", T1)}, unchanged) == []


def test_undoing_a_shift_gives_back_the_displaced_pairs_and_their_chain() -> None:
    before = {("Ama", "video"): "Kofi", ("Ben", "web"): "Efua", ("Cy", "video"): "Yaw"}
    # A decline of Ama-Kofi moved Ama to Yaw, Cy to Kofi, and gave Dee the last free place.
    during = {("Ama", "video"): "Yaw", ("Ben", "web"): "Efua", ("Cy", "video"): "Kofi"}
    during[("Dee", "video")] = "Zed"
    started = {("Ama", "video", "Yaw"), ("Cy", "video", "Kofi"), ("Dee", "video", "Zed")}
    stopped = {("Ama", "video"): "Kofi", ("Cy", "video"): "Yaw"}
    shift = SuggestionShift(frozenset(started), stopped)
    assert undo_shift(during, shift) == before


def test_a_request_changed_again_after_the_shift_is_left_alone() -> None:
    shift = SuggestionShift(
        started=frozenset({("Ama", "video", "Yaw")}), stopped={("Ama", "video"): "Kofi"}
    )
    assert undo_shift({("Ama", "video"): "Zed"}, shift) == {("Ama", "video"): "Zed"}


def test_undoing_shifts_latest_first_undoes_both() -> None:
    first = SuggestionShift(
        started=frozenset({("Ama", "video", "Yaw")}), stopped={("Ama", "video"): "Kofi"}
    )
    second = SuggestionShift(
        started=frozenset({("Ama", "video", "Zed")}), stopped={("Ama", "video"): "Yaw"}
    )
    undone = undo_shift(undo_shift({("Ama", "video"): "Zed"}, second), first)
    assert undone == {("Ama", "video"): "Kofi"}
