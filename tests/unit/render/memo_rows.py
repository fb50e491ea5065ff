"""What a render memo leaves for the next run, in the shape the next run's memo takes."""

from __future__ import annotations

from wikisync.render.memo import RenderMemo


def remembered(memo: RenderMemo) -> dict[str, tuple[str, str]]:
    """The parts ``memo`` rendered afresh: unit -> (digest, JSON payload), as stored."""
    return {unit: (key, payload) for unit, key, payload in memo.rows()}
