"""Which known words a misspelt word was probably meant to be.

A hint ("did you mean …") is only useful when it looks like a slip of the keyboard: a letter
missed, doubled, swapped or mistyped. Similarity ratios also suggest words that merely share
letters ("nick" → "clinic"), so hints here are bounded by an edit distance that grows with
the word's length.
"""

from __future__ import annotations

from collections.abc import Iterable


def allowed_edits(word: str) -> int:
    """How many slips a word of this length may hold and still be recognised."""
    if len(word) <= 5:
        return 1
    return 2 if len(word) <= 10 else 3


def edit_distance(a: str, b: str, limit: int) -> int:
    """The optimal-string-alignment distance of ``a`` and ``b`` (adjacent swaps count as
    one edit), or ``limit + 1`` as soon as it is known to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i, *([0] * len(b))]
        for j, char_b in enumerate(b, start=1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            swapped = before is not None and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b
            if swapped and before is not None:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)


def close_matches(word: str, known: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` of ``known`` that ``word`` is a probable misspelling of, closest first."""
    limit = allowed_edits(word)
    scored = sorted(
        (distance, candidate)
        for candidate in set(known)
        if candidate != word and (distance := edit_distance(word, candidate, limit)) <= limit
    )
    return [candidate for _, candidate in scored[:n]]
