"""Content reads in batches sized on the pages' lengths (:mod:`wikisync.reading.batches`)."""

from __future__ import annotations

from wikisync.reading.batches import API_MAX_RESULT_BYTES, BATCH_BYTES, sized_batches

MIB = 1 << 20


def test_small_pages_fill_batches_up_to_the_titles_a_request_may_carry() -> None:
    titles = [f"Page {n}" for n in range(120)]
    lengths = dict.fromkeys(titles, 2_000)
    batches = sized_batches(titles, lengths, 50)
    assert [len(batch) for batch in batches] == [50, 50, 20]
    assert [title for batch in batches for title in batch] == titles


def test_long_pages_are_cut_so_that_one_answer_stays_below_the_safe_share() -> None:
    titles = [f"Page {n}" for n in range(10)]
    lengths = dict.fromkeys(titles, MIB)
    batches = sized_batches(titles, lengths, 500)
    assert BATCH_BYTES < API_MAX_RESULT_BYTES
    assert all(sum(lengths[t] for t in batch) <= BATCH_BYTES for batch in batches)
    assert [len(batch) for batch in batches] == [4, 4, 2]


def test_a_batch_is_as_large_as_its_bytes_allow() -> None:
    lengths = {"A": 3, "B": 3, "C": 4, "D": 1, "E": 9}
    assert sized_batches("ABCDE", lengths, 50, max_bytes=10) == [["A", "B", "C"], ["D", "E"]]


def test_a_page_longer_than_the_limit_gets_a_batch_of_its_own() -> None:
    lengths = {"Huge": 20, "Small": 1}
    assert sized_batches(["Small", "Huge", "Small2"], lengths, 50, max_bytes=10) == [
        ["Small"],
        ["Huge"],
        ["Small2"],
    ]


def test_pages_of_unknown_length_count_as_empty() -> None:
    assert sized_batches(["A", "B", "C"], {}, 2, max_bytes=1) == [["A", "B"], ["C"]]


def test_no_titles_no_batches() -> None:
    assert sized_batches([], {}, 50) == []
