"""A normalised part (one page's entries) as a payload of the normalised-entries cache.

The payload is one compact JSON array, ``[version, kept, problems, withheld, unnamed]``;
each kept entry is ``[person, given fields (sorted)]``, each record a row of
:mod:`wikisync.rows`. A payload of another version reads as no payload, so the page is
normalised again.
"""

from __future__ import annotations

import json
from functools import lru_cache

from wikisync.normalize.directory import NormalisedPart
from wikisync.normalize.entry import NormalisedEntry
from wikisync.rows import person_from, person_row, problem_from, problem_row

#: The shape of the payload. The cache key holds the code's digest as well, so a payload
#: made by other code is never looked up; this number only tells a foreign payload apart.
NORMALISE_RULES = 1


def encode_part(part: NormalisedPart) -> str:
    """The cache payload of a normalised part."""
    row = [
        NORMALISE_RULES,
        [[person_row(entry.person), sorted(entry.given)] for entry in part.kept],
        [problem_row(found) for found in part.problems],
        part.withheld,
        part.unnamed,
    ]
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"))


def decode_part(payload: str) -> NormalisedPart | None:
    """The normalised part of a cache payload; None for a payload of another version."""
    try:
        row = json.loads(payload)
    except json.JSONDecodeError:
        return None
    if not isinstance(row, list) or not row or row[0] != NORMALISE_RULES:
        return None
    _, kept, problems, withheld, unnamed = row
    return NormalisedPart(
        tuple(NormalisedEntry(person_from(person), _given(tuple(given))) for person, given in kept),
        tuple(map(problem_from, problems)),
        withheld,
        unnamed,
    )


@lru_cache(maxsize=4096)
def _given(fields: tuple[str, ...]) -> frozenset[str]:
    """One shared set for each combination of given fields (entries share a few)."""
    return frozenset(fields)
