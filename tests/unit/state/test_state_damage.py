"""A damaged or emptied state file is refused with one line naming the recovery, which works.

The schema check compares the file with what ``MIGRATIONS`` build: a missing or altered
table or index is damage; objects the schema does not have (an operator's own index,
table or view) are tolerated.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import stat
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest

from wikisync.errors import LockedError
from wikisync.running import state as state_module
from wikisync.running.state import (
    RESTORE_COMMAND,
    State,
    StateError,
    backup_path,
    check_file,
    restore_backup,
)

T0 = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)


def remembered(path: Path) -> None:
    """Give the state at ``path`` something to remember: a run, a notification, parses."""
    with State.open(path) as state:
        run_id = state.start_run("matches", T0)
        state.record_suggestions(run_id, [("Ana", "lua", "Ben")], T0)
        state.record_notification("Ana", "Ana", "Ben", "lua", T0, 41)
        state.store_parses([(f"Page {n}", n, "v1", "x" * 3000) for n in range(200)])
        state.finish_run(run_id, "success", {}, [], T0)


def back_up(path: Path) -> None:
    with State.open(path) as state:
        state.keep_backup()


def execute(path: Path, *statements: str) -> None:
    with closing(sqlite3.connect(path)) as db:
        for statement in statements:
            db.execute(statement)
        db.commit()


def refused(path: Path) -> str:
    with pytest.raises(StateError) as caught:
        State.open(path)
    message = str(caught.value)
    assert "\n" not in message
    assert caught.value.exit_code == 2
    return message


def test_a_missing_table_or_index_is_damage_named_with_the_recovery(state_path: Path) -> None:
    remembered(state_path)
    execute(state_path, "DROP TABLE notification", "DROP INDEX run_by_job")
    message = refused(state_path)
    assert "is damaged" in message
    assert "table notification is missing" in message
    assert "index run_by_job is missing" in message
    assert "no backup" in message and RESTORE_COMMAND in message


def test_a_table_rebuilt_without_a_column_is_damage(state_path: Path) -> None:
    remembered(state_path)
    execute(
        state_path,
        "DROP TABLE page",
        "CREATE TABLE page (title TEXT PRIMARY KEY, revision INTEGER NOT NULL, "
        "content_hash TEXT NOT NULL) WITHOUT ROWID",
    )
    assert "table page lacks column(s) saved" in refused(state_path)


def test_a_table_with_its_columns_but_other_constraints_is_damage(state_path: Path) -> None:
    remembered(state_path)
    execute(
        state_path,
        "DROP TABLE page",
        "CREATE TABLE page (title TEXT, revision INTEGER, content_hash TEXT, saved TEXT)",
    )
    assert "table page is not as the schema defines it" in refused(state_path)


def test_objects_the_schema_does_not_have_are_tolerated(state_path: Path) -> None:
    remembered(state_path)
    execute(
        state_path,
        "CREATE INDEX run_by_host ON run (host)",
        "CREATE TABLE operator_notes (note TEXT)",
        "CREATE VIEW last_runs AS SELECT * FROM run ORDER BY id DESC",
    )
    with State.open(state_path) as state:
        assert state.was_notified("Ana", "Ana", "Ben", "lua")


def test_bytes_overwritten_in_the_middle_are_damage(state_path: Path) -> None:
    remembered(state_path)
    size = state_path.stat().st_size
    with state_path.open("r+b") as file:
        file.seek(size // 2 // 4096 * 4096)
        file.write(random.Random(7).randbytes(3 * 4096))
    message = refused(state_path)
    assert "is damaged" in message or "not a usable wikisync state file" in message
    assert check_file(state_path).damage is not None


def test_an_emptied_file_is_refused_and_left_as_it_is(state_path: Path) -> None:
    remembered(state_path)
    back_up(state_path)
    os.truncate(state_path, 0)
    message = refused(state_path)
    assert "is empty (0 bytes)" in message
    assert f"{state_path.name}.backup" in message and RESTORE_COMMAND in message
    with pytest.raises(StateError, match="empty"):
        State.open_existing(state_path)
    assert state_path.stat().st_size == 0


def test_a_crash_while_creating_leaves_no_file_that_could_pass_for_new(
    state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(connection: sqlite3.Connection, path: Path) -> None:
        connection.execute("CREATE TABLE run (id INTEGER)")
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(state_module, "_migrate", crash)
    with pytest.raises(StateError, match=r"cannot create state file .*disk I/O error"):
        State.open(state_path)
    assert list(state_path.parent.iterdir()) == []


def test_a_new_file_is_never_empty_and_leaves_no_temporary_file(state_path: Path) -> None:
    State.open(state_path).close()
    assert state_path.stat().st_size > 0
    assert [p.name for p in state_path.parent.iterdir()] == ["state.sqlite"]


def test_an_sqlite_error_later_in_a_method_is_a_one_line_state_error(state_path: Path) -> None:
    remembered(state_path)
    with State.open(state_path) as state:
        execute(state_path, "DROP TABLE notification")
        with pytest.raises(StateError) as caught:
            state.was_notified("Ana", "Ana", "Ben", "lua")
        with pytest.raises(StateError, match="no such table"):
            state.record_notification("Ana", "Ana", "Ben", "lua", T0, 42)
    message = str(caught.value)
    assert "no such table: notification" in message
    assert "wikisync state check" in message and RESTORE_COMMAND in message
    assert isinstance(caught.value.__cause__, sqlite3.DatabaseError)


def test_the_backup_is_a_checked_owner_only_copy_without_the_lock(state_path: Path) -> None:
    remembered(state_path)
    with State.open(state_path) as state, state.lock("test run"):
        backup = state.keep_backup()
    assert backup == backup_path(state_path.resolve())
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert check_file(backup).damage is None
    with closing(sqlite3.connect(backup)) as db:
        assert db.execute("SELECT count(*) FROM lock").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM notification").fetchone() == (1,)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert sorted(p.name for p in state_path.parent.iterdir()) == [
        "state.sqlite",
        "state.sqlite.backup",
        "state.sqlite.lock",
    ]


def test_a_damaged_state_is_not_backed_up_and_the_older_copy_stays(state_path: Path) -> None:
    remembered(state_path)
    with State.open(state_path) as state:
        older = state.keep_backup().read_bytes()
        execute(state_path, "DROP TABLE feedback")
        with pytest.raises(StateError, match="table feedback is missing"):
            state.keep_backup()
    assert backup_path(state_path).read_bytes() == older


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: execute(path, "DROP TABLE notification"),
        lambda path: os.truncate(path, 0),
        lambda path: path.unlink(),
    ],
    ids=["table dropped", "emptied", "deleted"],
)
def test_restore_puts_the_last_good_copy_back_and_keeps_the_replaced_file(
    state_path: Path, damage: Callable[[Path], None]
) -> None:
    remembered(state_path)
    back_up(state_path)
    damage(state_path)
    restored = restore_backup(state_path)
    assert "restored" in restored.describe()
    with State.open(state_path) as state:
        assert state.was_notified("Ana", "Ana", "Ben", "lua")
        assert state.suggestion_first_seen() == {("Ana", "lua", "Ben"): T0}
        assert [run.job for run in state.recent_runs()] == ["matches"]
    assert stat.S_IMODE(state_path.stat().st_mode) == 0o600
    if state_path.with_name("state.sqlite.replaced").exists():
        assert restored.replaced == state_path.resolve().with_name("state.sqlite.replaced")
    else:
        assert restored.replaced is None


def test_restore_moves_the_wal_of_the_replaced_file_out_of_the_way(state_path: Path) -> None:
    remembered(state_path)
    back_up(state_path)
    holder = State.open(state_path)  # keeps the WAL file in place, as a killed run would
    holder.store_parse("Late page", 1, "v1", "x")
    assert Path(f"{state_path}-wal").exists()
    restore_backup(state_path)
    holder.close()
    assert not Path(f"{state_path}-wal").exists() or Path(f"{state_path}-wal").stat().st_size == 0
    with State.open(state_path) as state:
        assert state.cached_parse("Late page", 1, "v1") is None
        assert state.cached_parse("Page 3", 3, "v1") == "x" * 3000


def test_restore_without_a_backup_or_from_a_damaged_one_is_refused(state_path: Path) -> None:
    remembered(state_path)
    with pytest.raises(StateError, match="no backup"):
        restore_backup(state_path)
    back_up(state_path)
    execute(backup_path(state_path), "DROP TABLE run")
    with pytest.raises(StateError, match=r"backup .* is damaged too"):
        restore_backup(state_path)
    with State.open(state_path) as state:
        assert state.was_notified("Ana", "Ana", "Ben", "lua")


def test_restore_is_refused_while_a_run_holds_the_lock(state_path: Path) -> None:
    remembered(state_path)
    with State.open(state_path) as state:
        state.keep_backup()
        with state.lock("test run"), pytest.raises(LockedError, match="once the run has ended"):
            restore_backup(state_path)


def test_check_file_describes_a_whole_a_damaged_and_a_missing_file(state_path: Path) -> None:
    remembered(state_path)
    whole = check_file(state_path)
    assert whole.damage is None and whole.version == len(state_module.MIGRATIONS)
    assert "whole, schema version" in whole.describe()
    assert check_file(backup_path(state_path)).describe().endswith(": none")
    execute(state_path, "DROP TABLE lock")
    assert "damaged (table lock is missing)" in check_file(state_path).describe()
    os.truncate(state_path, 0)
    assert check_file(state_path).damage == "empty: 0 bytes"
