"""Titles in batches that keep each API answer well below its size limit.

MediaWiki refuses to build an answer larger than ``$wgAPIMaxResultSize`` (8 MiB by
default): a content read that would pass it is cut short and continued in another request.
Batching the titles on their pages' lengths (from ``prop=info``) keeps one answer within a
safe share of the limit, so a batch costs one request; the number of titles a request may
carry (50, or 500 with ``apihighlimits``) bounds a batch too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

#: MediaWiki's default ``$wgAPIMaxResultSize``, in bytes.
API_MAX_RESULT_BYTES = 8_388_608
#: The share of it one content read aims for: room for the answer's other fields and
#: for pages that grew since their length was read.
SAFE_SHARE = 0.5
#: The text bytes one content read may carry.
BATCH_BYTES = int(API_MAX_RESULT_BYTES * SAFE_SHARE)


def sized_batches(
    titles: Iterable[str],
    lengths: Mapping[str, int],
    max_titles: int,
    max_bytes: int = BATCH_BYTES,
) -> list[list[str]]:
    """``titles`` in order, cut into batches of at most ``max_titles`` titles whose pages'
    ``lengths`` (bytes; unknown ones count as 0) add up to at most ``max_bytes``.

    A page longer than ``max_bytes`` on its own gets a batch of its own. Batches are as
    large as both limits allow, so the fewest requests read them all in order.
    """
    batches: list[list[str]] = []
    batch: list[str] = []
    size = 0
    for title in titles:
        length = max(0, lengths.get(title, 0))
        if batch and (len(batch) >= max_titles or size + length > max_bytes):
            batches.append(batch)
            batch, size = [], 0
        batch.append(title)
        size += length
    if batch:
        batches.append(batch)
    return batches
