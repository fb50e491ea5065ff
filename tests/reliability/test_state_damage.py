"""A damaged state file: the run stops before any edit with one line; the backup brings it back.

Each case damages the state file of the small starting point (a complete run made it, and
its backup), runs ``wikisync run`` through the command line, and checks that it ended with
one line on stderr and exit code 2 or 3 and that the wiki has no new revision. Then the
documented recovery: ``wikisync state restore`` and a normal run, which must write what an
undisturbed run writes and still remember what the state held (runs, suggestion history,
notifications sent, none sent twice).
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from fault_bench import SMALL, Bench, cli_run, diverging, page_texts, pywikibot_dir
from reliability_report import ReliabilityReport

from wikisync.running.state import RESTORE_COMMAND, State, backup_path
from wikisync.writing.notify import Notification


def drop_a_table(path: Path) -> None:
    """The ``notification`` table dropped, as a careless manual clean-up would."""
    with closing(sqlite3.connect(path)) as db:
        db.execute("DROP TABLE notification")
        db.commit()


def free_pages(path: Path) -> set[int]:
    """The numbers of the file's free-list pages (trunks and leaves), read from its header.

    Bytes on those pages are not data: a bad disk writing there damages nothing.
    """
    data = path.read_bytes()
    size = int.from_bytes(data[16:18]) or 65536
    free: set[int] = set()
    trunk = int.from_bytes(data[32:36])
    while trunk:
        start = (trunk - 1) * size
        following = int.from_bytes(data[start : start + 4])
        count = int.from_bytes(data[start + 4 : start + 8])
        leaves = data[start + 8 : start + 8 + 4 * count]
        free |= {trunk, *(int.from_bytes(leaves[i : i + 4]) for i in range(0, len(leaves), 4))}
        trunk = following
    return free


def overwrite_the_middle(path: Path) -> None:
    """Four pages of random bytes written over pages that hold data, from the middle of the
    file on, as a bad disk would."""
    size = int.from_bytes(path.read_bytes()[16:18]) or 65536
    count = path.stat().st_size // size
    free = free_pages(path)
    used = [page for page in range(count // 2, count + 1) if page not in free and page > 1]
    noise = random.Random(11)
    with path.open("r+b") as file:
        for page in used[:4]:
            file.seek((page - 1) * size)
            file.write(noise.randbytes(size))


def empty(path: Path) -> None:
    """The file cut to 0 bytes, as a full disk or a wrong redirection would."""
    os.truncate(path, 0)


DAMAGES: dict[str, Callable[[Path], None]] = {
    "table dropped": drop_a_table,
    "bytes overwritten": overwrite_the_middle,
    "emptied": empty,
}


def newest_revision(bench: Bench) -> int:
    """The id of the wiki's newest revision, whoever made it."""
    data = bench.wiki.editor()._get(
        action="query", list="recentchanges", rcprop="ids", rclimit=1, rctype="edit|new"
    )
    return int(data["query"]["recentchanges"][0]["revid"])


def wikisync(bench: Bench, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a ``wikisync`` command with the bench's steady settings."""
    command = [str(Path(sys.executable).parent / "wikisync"), "--config", str(bench.steady)]
    env = dict(os.environ, PYWIKIBOT_DIR=str(pywikibot_dir(bench.root)))
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, env=env, cwd=bench.root,
        timeout=120, check=False,
    )  # fmt: skip


def held(path: Path) -> tuple[set[tuple[str, ...]], dict[tuple[str, str, str], object], list[int]]:
    """What the state remembers: notifications sent, suggestions' first sight, run ids."""
    with State.open(path) as state:
        notes = set(state._db.execute("SELECT recipient, learner, sharer, skill FROM notification"))
        return notes, dict(state.suggestion_first_seen()), [r.id for r in state.recent_runs(1000)]


@pytest.mark.parametrize("name", list(DAMAGES))
def test_a_damaged_state_stops_the_run_before_any_edit_and_the_backup_brings_it_back(
    name: str, bench: Bench, report: ReliabilityReport
) -> None:
    bench.restore(SMALL)
    assert backup_path(bench.state_path).is_file()
    notes, first_seen, runs = held(bench.state_path)
    assert notes and first_seen and runs
    revision = newest_revision(bench)

    DAMAGES[name](bench.state_path)
    report.fault(f"state file {name}")
    refused = cli_run(bench, bench.steady)
    assert refused.returncode in (2, 3), refused.stderr[-2000:]
    assert "Traceback" not in refused.stderr
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1, refused.stderr
    assert lines[0].startswith("error: ") and RESTORE_COMMAND in lines[0]
    assert newest_revision(bench) == revision

    checked = wikisync(bench, "state", "check")
    assert checked.returncode == 2 and "Traceback" not in checked.stderr
    restored = wikisync(bench, "state", "restore")
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith(f"restored {bench.state_path}")
    recovered = cli_run(bench, bench.steady)
    assert recovered.returncode == 0, recovered.stderr[-2000:]
    assert diverging(bench, bench.texts(), bench.small_reference) == []

    notes_after, first_seen_after, runs_after = held(bench.state_path)
    assert notes <= notes_after
    assert {pair: first_seen_after[pair] for pair in first_seen} == first_seen
    assert runs_after[len(runs_after) - len(runs) :] == runs
    assert sent_twice(bench, notes_after) == []
    report.fault_survived(f"state file {name}")


def sent_twice(bench: Bench, notes: set[tuple[str, ...]]) -> list[str]:
    """Notifications whose message is on its talk page more than once."""
    sent = [Notification(*note) for note in sorted(notes)]
    texts = page_texts(bench.wiki.editor(), {note.talk_page for note in sent})
    return [note.mark for note in sent if texts[note.talk_page].count(note.mark) > 1]
