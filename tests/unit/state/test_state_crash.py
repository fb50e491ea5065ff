"""A writer killed with SIGKILL in the middle of its writes leaves a whole, consistent file."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from wikisync.running.state import State

BATCH = 25

WRITE_FOREVER = f"""
    import datetime as dt, sys
    from pathlib import Path
    from wikisync.running.state import State
    state = State.open(Path(sys.argv[1]))
    now = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)
    number = 0
    while True:
        state.store_parses(
            [(f"Page {{number}}/{{part}}", number, "v1", "x" * 400) for part in range({BATCH})]
        )
        state.record_page(f"Page {{number}}", number, f"hash {{number}}", now)
        print(number, flush=True)
        number += 1
"""


@pytest.mark.parametrize("acknowledged", [1, 40, 150])
def test_every_committed_write_survives_and_no_half_write_is_seen(
    state_path: Path, spawn: Callable[..., Any], acknowledged: int
) -> None:
    State.open(state_path).close()
    child = spawn(WRITE_FOREVER, str(state_path))
    done = [int(child.line()) for _ in range(acknowledged)]
    child.kill()

    with sqlite3.connect(state_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    with State.open(state_path) as state:
        pages = sorted(record.revision for record in state.page_records().values())
        batches = state._db.execute(
            "SELECT revision, count(*) FROM parse_cache GROUP BY revision ORDER BY revision"
        ).fetchall()
    assert pages[: len(done)] == done
    assert pages == list(range(len(pages)))
    assert all(size == BATCH for _, size in batches)
    assert len(pages) <= len(batches) <= len(pages) + 1
