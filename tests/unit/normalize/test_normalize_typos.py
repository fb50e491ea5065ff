"""Hints for misspelt words: bounded edit distance, adjacent swaps count once."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wikisync.normalize.typos import close_matches, edit_distance


def _reference(a: str, b: str) -> int:
    """Textbook optimal-string-alignment distance, the full table."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


@given(st.text("abcd", max_size=7), st.text("abcd", max_size=7), st.integers(0, 8))
def test_the_bounded_distance_agrees_with_the_full_table(a: str, b: str, limit: int) -> None:
    assert edit_distance(a, b, limit) == min(_reference(a, b), limit + 1)


def test_slips_of_the_keyboard_are_recognised_and_shared_letters_are_not() -> None:
    known = ["country", "languages", "clinic", "affiliation", "pays", "status", "statut"]
    assert close_matches("contry", known) == ["country"]
    assert close_matches("langauges", known) == ["languages"]
    assert close_matches("stauts", known) == ["status", "statut"]
    assert close_matches("nick", known) == []
    assert close_matches("past", known) == []
    assert close_matches("abilities", known) == []
