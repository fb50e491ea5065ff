"""Opening a state file: creation, settings, schema upgrades, and files it must refuse."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from wikisync.errors import WikisyncError
from wikisync.running import state as state_module
from wikisync.running.state import MIGRATIONS, State, StateError


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in rows}


def write_version_1_by_hand(path: Path) -> None:
    db = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()


def test_a_new_file_is_created_with_its_folders_owner_only_and_current(state_path: Path) -> None:
    with State.open(state_path) as state:
        assert state.schema_version == len(MIGRATIONS)
        assert state.path == state_path.resolve()
    assert stat.S_IMODE(state_path.stat().st_mode) == 0o600
    assert {"run", "lock", "parse_cache", "suggestion", "feedback", "page"} <= tables(state_path)


def test_the_file_is_in_wal_mode_with_full_sync(state: State, state_path: Path) -> None:
    assert state._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert state._db.execute("PRAGMA synchronous").fetchone()[0] == 2
    with sqlite3.connect(state_path) as other:
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_reopening_keeps_the_data(state_path: Path) -> None:
    with State.open(state_path) as state:
        state.record_source_revisions("matches", {"Directory": 7})
    with State.open(state_path) as state:
        assert state.source_revisions("matches") == {"Directory": 7}


def test_a_version_1_file_written_by_hand_opens(state_path: Path) -> None:
    state_path.parent.mkdir()
    write_version_1_by_hand(state_path)
    with State.open(state_path) as state:
        state.record_source_revisions("matches", {"Directory": 7})
        assert state.schema_version == len(MIGRATIONS)


def test_an_old_file_is_upgraded_by_the_new_steps_and_keeps_its_data(
    state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with State.open(state_path) as state:
        state.store_parse("Directory", 7, "v1", "{}")
    added = ("ALTER TABLE page ADD COLUMN summary TEXT NOT NULL DEFAULT ''",)
    monkeypatch.setattr(state_module, "MIGRATIONS", (*MIGRATIONS, added))
    with State.open(state_path) as state:
        assert state.schema_version == len(MIGRATIONS) + 1
        assert state.cached_parse("Directory", 7, "v1") == "{}"
        columns = [row[1] for row in state._db.execute("PRAGMA table_info(page)")]
    assert "summary" in columns


def test_a_failing_upgrade_step_leaves_the_file_as_it_was(
    state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    State.open(state_path).close()
    broken = ("CREATE TABLE extra (x)", "CREATE TABLE run (x)")
    monkeypatch.setattr(state_module, "MIGRATIONS", (*MIGRATIONS, broken))
    with pytest.raises(StateError, match="already exists"):
        State.open(state_path)
    monkeypatch.setattr(state_module, "MIGRATIONS", MIGRATIONS)
    with State.open(state_path) as state:
        assert state.schema_version == len(MIGRATIONS)
    assert "extra" not in tables(state_path)


def test_a_file_from_a_newer_version_is_refused_untouched(state_path: Path) -> None:
    State.open(state_path).close()
    newer = len(MIGRATIONS) + 3
    with sqlite3.connect(state_path) as db:
        db.execute(f"PRAGMA user_version = {newer}")
    with pytest.raises(StateError, match=f"newer wikisync.*version {newer}.*upgrade wikisync"):
        State.open(state_path)
    with sqlite3.connect(state_path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == newer


def test_a_database_of_another_program_is_refused(state_path: Path) -> None:
    state_path.parent.mkdir()
    with sqlite3.connect(state_path) as db:
        db.execute("CREATE TABLE contacts (name)")
    with pytest.raises(StateError, match="another program"):
        State.open(state_path)
    assert tables(state_path) == {"contacts"}


def test_a_file_that_is_not_sqlite_is_refused_with_its_path(state_path: Path) -> None:
    state_path.parent.mkdir()
    state_path.write_text("not a database at all, but long enough to have a header" * 10)
    with pytest.raises(StateError, match="not a usable wikisync state file") as caught:
        State.open(state_path)
    assert str(state_path) in str(caught.value)
    assert isinstance(caught.value, WikisyncError)


def test_a_folder_that_cannot_be_created_is_reported(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StateError, match="cannot create state file"):
        State.open(blocker / "state.sqlite")


def test_version_3_drops_the_parses_of_the_old_payload_and_adds_the_normalised_cache(
    state_path: Path,
) -> None:
    state_path.parent.mkdir()
    db = sqlite3.connect(state_path)
    for step in MIGRATIONS[:2]:
        for statement in step:
            db.execute(statement)
    db.execute("INSERT INTO parse_cache VALUES ('Directory', 'old-key', 7, '{}')")
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()
    with State.open(state_path) as state:
        assert state.cached_parse("Directory", 7, "old-key") is None
        state.store_normalised([("Directory", 7, "k", "[]")])
        assert state.cached_normalised({"Directory": 7}, "k") == {"Directory": "[]"}
