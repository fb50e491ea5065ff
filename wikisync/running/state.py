"""The state store: one SQLite file holding everything wikisync remembers between runs.

It holds the runs and their outcomes, the source-page revisions seen at a job's last
successful run, a parse cache keyed by page revision, the normalised entries of each page
(keyed the same way), every suggestion ever made, the open learn requests and since when
they wait, feedback on suggestions, the notifications sent, the pages the bot saved, the
latest answers about participants' accounts, the rendered parts and the frames of the
bot's own pages, the duals the last matching solve left for the next, and who holds the
run lock.

Consistency. Every public write method is one transaction (``BEGIN IMMEDIATE`` ...
``COMMIT``). The file is in WAL mode with ``synchronous=FULL``: a process killed at any
point, SIGKILL included, leaves the file as of its last commit, and a commit also survives
a power cut. FULL rather than NORMAL because a notification recorded as sent must never be
forgotten (and sent again) after the machine crashes; a run makes few commits, so the
extra sync costs little. The schema version is ``PRAGMA user_version``; opening a file
applies the missing steps of ``MIGRATIONS`` in one transaction, and a file written by a
newer wikisync is refused.

The run lock. The primary mechanism is an exclusive ``fcntl.flock`` on the side file
``<db>.lock``, taken without waiting. The kernel releases it when its holder exits or is
killed (SIGKILL included), so a dead run never keeps the lock and no timeout or guess is
needed. While it holds the flock, the holder keeps one row (pid, host, owner, since) in the
``lock`` table, for status and error messages: a process that cannot get the flock raises
LockedError naming that holder. The holder deletes its row before it releases the flock,
so a row found by a process that did get the flock was left by a run that died: it is
taken over with a warning that says whether that process is gone (same host and
``os.kill(pid, 0)`` fails). Runs such a process left unfinished are then recorded as
interrupted; before that they already read as interrupted once their process is gone.
SQLite in WAL mode needs a local file system, so every user of one state file runs on
one host.

Damage. Opening an existing file first checks it: ``PRAGMA quick_check``, then every
table and index its schema version should have, exactly as ``MIGRATIONS`` define them
(built in an in-memory database and compared through ``sqlite_master``). Objects the
schema does not have, such as an operator's own index or view, are left alone. A new file
is built whole under a temporary name and then linked into place, so a crash never leaves
an empty file that looks new: a 0-byte state file is always one that was emptied, and is
refused like a damaged one. A damaged file is refused with one line that names the way
back, ``wikisync state restore``, which puts back ``<state>.backup``: the copy that
:meth:`State.keep_backup` takes, checked, after each run that succeeded. Any SQLite error
met later by a method of :class:`State` is a StateError too.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import functools
import inspect
import json
import logging
import os
import socket
import sqlite3
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, closing, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from wikisync.errors import LockedError, WikisyncError
from wikisync.outcomes import RunOutcome

log = logging.getLogger(__name__)

#: The outcomes of a run, as stored (see :class:`wikisync.outcomes.RunOutcome`).
RUNNING = RunOutcome.RUNNING
INTERRUPTED = RunOutcome.INTERRUPTED
SUCCESS = RunOutcome.SUCCESS
UNCHANGED = RunOutcome.UNCHANGED
FAILED = RunOutcome.FAILED
STOPPED = RunOutcome.STOPPED
#: Feedback statuses with a meaning for the store.
ACCEPTED = "accepted"
DECLINED = "declined"
MET = "met"
#: The status a pair gets in the feedback change log when no page mentions it any more.
WITHDRAWN = ""

#: The schema, one step per version: step N (counting from 1) turns version N-1 into N.
#: Add steps at the end; never change a step that has been released.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE run (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            job TEXT NOT NULL,
            started TEXT NOT NULL,
            ended TEXT,
            outcome TEXT NOT NULL,
            counts TEXT NOT NULL DEFAULT '{}',
            errors TEXT NOT NULL DEFAULT '[]',
            suggested INTEGER,
            suggested_new INTEGER,
            pid INTEGER NOT NULL,
            host TEXT NOT NULL)""",
        "CREATE INDEX run_by_job ON run (job, outcome, id)",
        """CREATE TABLE lock (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            pid INTEGER NOT NULL,
            host TEXT NOT NULL,
            owner TEXT NOT NULL,
            since TEXT NOT NULL)""",
        """CREATE TABLE source_revision (
            job TEXT NOT NULL,
            page TEXT NOT NULL,
            revision INTEGER NOT NULL,
            PRIMARY KEY (job, page)) WITHOUT ROWID""",
        """CREATE TABLE parse_cache (
            page TEXT NOT NULL,
            key TEXT NOT NULL,
            revision INTEGER NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (page, key))""",
        """CREATE TABLE suggestion (
            learner TEXT NOT NULL,
            skill TEXT NOT NULL,
            sharer TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            first_run_id INTEGER NOT NULL REFERENCES run (id),
            last_run_id INTEGER NOT NULL REFERENCES run (id),
            PRIMARY KEY (learner, skill, sharer)) WITHOUT ROWID""",
        "CREATE INDEX suggestion_by_first_run ON suggestion (first_run_id)",
        "CREATE INDEX suggestion_by_last_run ON suggestion (last_run_id)",
        """CREATE TABLE learn_request (
            learner TEXT NOT NULL,
            skill TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            PRIMARY KEY (learner, skill)) WITHOUT ROWID""",
        """CREATE TABLE feedback (
            learner TEXT NOT NULL,
            sharer TEXT NOT NULL,
            skill TEXT NOT NULL,
            status TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            changed TEXT NOT NULL,
            PRIMARY KEY (learner, sharer, skill)) WITHOUT ROWID""",
        """CREATE TABLE feedback_change (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            learner TEXT NOT NULL,
            sharer TEXT NOT NULL,
            skill TEXT NOT NULL,
            status TEXT NOT NULL,
            seen TEXT NOT NULL)""",
        "CREATE INDEX feedback_change_by_status ON feedback_change (status)",
        """CREATE TABLE notification (
            recipient TEXT NOT NULL,
            learner TEXT NOT NULL,
            sharer TEXT NOT NULL,
            skill TEXT NOT NULL,
            sent TEXT NOT NULL,
            revision INTEGER NOT NULL,
            PRIMARY KEY (recipient, learner, sharer, skill)) WITHOUT ROWID""",
        "CREATE INDEX notification_by_sent ON notification (sent)",
        """CREATE TABLE page (
            title TEXT PRIMARY KEY,
            revision INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            saved TEXT NOT NULL) WITHOUT ROWID""",
    ),
    (
        """CREATE TABLE snapshot (
            name TEXT PRIMARY KEY,
            payload TEXT NOT NULL,
            saved TEXT NOT NULL) WITHOUT ROWID""",
    ),
    (
        """CREATE TABLE account_check (
            name TEXT PRIMARY KEY,
            checked TEXT NOT NULL,
            payload TEXT NOT NULL) WITHOUT ROWID""",
    ),
    (
        """CREATE TABLE page_frame (
            title TEXT PRIMARY KEY,
            revision INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            head TEXT NOT NULL,
            tail TEXT NOT NULL) WITHOUT ROWID""",
        """CREATE TABLE render_part (
            unit TEXT PRIMARY KEY,
            digest TEXT NOT NULL,
            payload TEXT NOT NULL)""",
    ),
    (
        # Parses cached before it are of a payload no longer read: drop them.
        "DELETE FROM parse_cache",
        """CREATE TABLE normalised_cache (
            page TEXT PRIMARY KEY,
            key TEXT NOT NULL,
            revision INTEGER NOT NULL,
            payload TEXT NOT NULL)""",
    ),
    (
        """CREATE TABLE generated_page (
            title TEXT PRIMARY KEY,
            job TEXT NOT NULL,
            marker TEXT NOT NULL) WITHOUT ROWID""",
        "CREATE INDEX generated_page_by_job ON generated_page (job)",
    ),
    (
        """CREATE TABLE notification_kind (
            recipient TEXT NOT NULL,
            learner TEXT NOT NULL,
            sharer TEXT NOT NULL,
            skill TEXT NOT NULL,
            kind TEXT NOT NULL DEFAULT 'suggestion',
            sent TEXT NOT NULL,
            revision INTEGER NOT NULL,
            PRIMARY KEY (recipient, learner, sharer, skill, kind)) WITHOUT ROWID""",
        "INSERT INTO notification_kind (recipient, learner, sharer, skill, sent, revision) "
        "SELECT recipient, learner, sharer, skill, sent, revision FROM notification",
        "DROP TABLE notification",
        "ALTER TABLE notification_kind RENAME TO notification",
        "CREATE INDEX notification_by_sent ON notification (sent)",
    ),
    (
        """CREATE TABLE solver_start (
            name TEXT PRIMARY KEY,
            payload BLOB NOT NULL) WITHOUT ROWID""",
    ),
)

#: Seconds a write waits for another connection's transaction before giving up.
BUSY_TIMEOUT = 10.0


#: The copy of the last good state, beside it: ``<state>.backup``.
BACKUP_SUFFIX = ".backup"
#: Where a restore keeps the file it replaced: ``<state>.replaced``.
REPLACED_SUFFIX = ".replaced"
#: The command that puts the backup back; every message about a damaged state names it.
RESTORE_COMMAND = "wikisync state restore"


class StateError(WikisyncError):
    """The state file cannot be used: damaged, emptied, not a state file, or from a newer version.

    Exit code 2, as for bad settings: the fix is in a local file, not on the wiki.
    """

    exit_code = 2


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One run of a job; ``ended`` is None while it runs or when it was interrupted."""

    id: int
    job: str
    started: dt.datetime
    ended: dt.datetime | None
    outcome: str
    counts: Mapping[str, int]
    errors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LockHolder:
    """The process that holds (or last held) the run lock."""

    pid: int
    host: str
    owner: str
    since: dt.datetime

    def describe(self) -> str:
        """A one-line description for messages: who, where, since when."""
        return (
            f"pid {self.pid} on host {self.host} ({self.owner}) "
            f"since {self.since:%Y-%m-%d %H:%M:%S} UTC"
        )


@dataclass(frozen=True, slots=True)
class HeldLock:
    """The lock this process holds, and the stale holder it replaced, if any."""

    holder: LockHolder
    replaced: LockHolder | None = None


@dataclass(frozen=True, slots=True)
class PageRecord:
    """A page the bot saved: the revision it made and a hash of the text it saved."""

    title: str
    revision: int
    content_hash: str
    saved: dt.datetime


@dataclass(frozen=True, slots=True)
class PageFrame:
    """A generated page as the bot saved it, without its section: the text before and after
    the section's body, the revision the save made and a hash of the whole saved text."""

    title: str
    revision: int
    content_hash: str
    head: str
    tail: str


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    """The feedback status of a pair on the pages, when first seen there and last changed."""

    learner: str
    sharer: str
    skill: str
    status: str
    first_seen: dt.datetime
    changed: dt.datetime


@dataclass(frozen=True, slots=True)
class SuggestionShift:
    """What one matching run changed in the suggestions of the matching run before it.

    ``started``: the (learner, skill, sharer) suggestions it made that the run before it
    had not made. ``stopped``: (learner, skill) -> sharer of the suggestions the run before
    it made and that neither it nor any later run made again.
    """

    started: frozenset[tuple[str, str, str]] = frozenset()
    stopped: Mapping[tuple[str, str], str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class StatsPoint:
    """One day of the statistics chart.

    ``suggestions`` is the number made by the day's last matching run, ``new_suggestions``
    the number made that day for the first time, ``met`` the number of pairs the pages
    reported as met at the end of that day.
    """

    day: dt.date
    suggestions: int
    new_suggestions: int
    met: int


_Class = TypeVar("_Class", bound=type)
_Result = TypeVar("_Result")


def _database_errors_are_state_errors(cls: _Class) -> _Class:
    """Make every public method (and property) of ``cls`` raise StateError, never SQLite's.

    A file damaged after it was opened shows as ``sqlite3.DatabaseError`` in whatever
    method reads the damaged part; the command then ends with one line that names the
    check and the recovery, not a traceback.
    """
    for name, member in list(vars(cls).items()):
        if name.startswith("_"):
            continue
        if inspect.isfunction(member):
            setattr(cls, name, _as_state_errors(member))
        elif isinstance(member, property) and member.fget is not None:
            setattr(cls, name, property(_as_state_errors(member.fget), doc=member.__doc__))
    return cls


def _as_state_errors(method: Callable[..., _Result]) -> Callable[..., _Result]:
    @functools.wraps(method)
    def checked(self: State, *args: Any, **kwargs: Any) -> _Result:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.DatabaseError as e:
            raise StateError(
                f"state file {self.path}: {_one_line(e)}; 'wikisync state check' tells whether "
                f"it is damaged, '{RESTORE_COMMAND}' puts back the last good copy"
            ) from e

    return checked


@_database_errors_are_state_errors
class State:
    """An open state file; use ``State.open`` and close it (or use it in ``with``)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, path: Path) -> State:
        """Open the state file at ``path``, creating it (mode 0600) or upgrading its schema.

        An existing file is checked before anything is read from it (integrity, and every
        table and index its schema version should have); a damaged or empty one is
        refused with a StateError that names the recovery.
        """
        path = path.resolve()
        if not path.exists():
            _create_state_file(path)
        connection = _connect_existing(path)
        with ExitStack() as on_failure:
            on_failure.callback(connection.close)
            _prepare(connection, path)
            on_failure.pop_all()
        return cls(connection, path)

    @classmethod
    def open_existing(cls, path: Path) -> State | None:
        """Open the state file at ``path`` if it exists (for runs that must not create one)."""
        return cls.open(path) if path.is_file() else None

    @classmethod
    def scratch(cls) -> State:
        """An empty state in memory, gone when closed: what a dry run without a state uses."""
        connection = sqlite3.connect(":memory:", isolation_level=None)
        _migrate(connection, Path(":memory:"))
        return cls(connection, Path(":memory:"))

    def close(self) -> None:
        """Close the file; every write has already been committed."""
        self._db.close()

    def __enter__(self) -> State:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        """The schema version of the open file."""
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def keep_backup(self) -> Path:
        """Check this state, then copy it to ``<state>.backup``, replacing the older copy.

        Called after a run that succeeded, so that the copy is the last good state, the one
        'wikisync state restore' puts back. A damaged state is refused (StateError) and the
        older copy kept. The copy is owner-only like the state and written under a
        temporary name, so a crash never leaves half a backup.
        """
        damage = _damage(self._db)
        if damage is not None:
            raise _damaged(self.path, damage)
        backup = backup_path(self.path)
        _write_copy(self._db, backup)
        return backup

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            with _transaction(self._db) as connection:
                yield connection
        except sqlite3.OperationalError as e:
            raise StateError(f"cannot write to state file {self.path}: {e}") from e

    # --- the run lock -------------------------------------------------------------------

    @contextmanager
    def lock(self, owner: str) -> Iterator[HeldLock]:
        """Hold the run lock for the ``with`` block so that two runs never overlap.

        Raises LockedError at once, naming the holder, when another process holds it.
        """
        lock_file = self._take_lock_file()
        try:
            held = self._record_holder(owner)
            try:
                yield held
            finally:
                self._forget_holder(held.holder)
        finally:
            os.close(lock_file)

    def lock_holder(self) -> LockHolder | None:
        """Who holds the run lock, as recorded; None when nobody does."""
        row = self._db.execute("SELECT pid, host, owner, since FROM lock").fetchone()
        if row is None:
            return None
        return LockHolder(pid=row[0], host=row[1], owner=row[2], since=_parse_stamp(row[3]))

    def _take_lock_file(self) -> int:
        descriptor = _flock_without_waiting(self.path)
        if descriptor is None:
            raise LockedError(self._locked_message())
        return descriptor

    def _locked_message(self) -> str:
        holder = self.lock_holder()
        who = holder.describe() if holder else "a process that has not recorded itself yet"
        return f"another wikisync run holds the lock on {self.path}: {who}; try again later"

    def _record_holder(self, owner: str) -> HeldLock:
        me = LockHolder(os.getpid(), socket.gethostname(), owner, dt.datetime.now(dt.UTC))
        with self._transaction() as db:
            replaced = self.lock_holder()
            db.execute("DELETE FROM lock")
            db.execute(
                "INSERT INTO lock (id, pid, host, owner, since) VALUES (1, ?, ?, ?, ?)",
                (me.pid, me.host, me.owner, _stamp(me.since)),
            )
            db.execute(
                "UPDATE run SET outcome = ? WHERE ended IS NULL AND outcome = ? "
                "AND NOT (pid = ? AND host = ?)",
                (INTERRUPTED, RUNNING, me.pid, me.host),
            )
        if replaced is not None:
            log.warning("took over the state lock: %s", _stale_note(replaced))
        return HeldLock(me, replaced)

    def _forget_holder(self, holder: LockHolder) -> None:
        with self._transaction() as db:
            db.execute(
                "DELETE FROM lock WHERE pid = ? AND host = ? AND since = ?",
                (holder.pid, holder.host, _stamp(holder.since)),
            )

    # --- runs ---------------------------------------------------------------------------

    def start_run(self, job: str, started: dt.datetime) -> int:
        """Record that ``job`` starts now and return the run's id; call it under the lock."""
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO run (job, started, outcome, pid, host) VALUES (?, ?, ?, ?, ?)",
                (job, _stamp(started), RUNNING, os.getpid(), socket.gethostname()),
            )
        return _row_id(cursor)

    def finish_run(
        self,
        run_id: int,
        outcome: str,
        counts: Mapping[str, int],
        errors: Sequence[str],
        ended: dt.datetime,
    ) -> None:
        """Record how a run ended: its outcome, what it counted and the errors it met."""
        if outcome in (RUNNING, INTERRUPTED):
            raise ValueError(f"outcome {outcome!r} is set by the state store itself")
        with self._transaction() as db:
            if self._require_run(run_id)["ended"] is not None:
                raise StateError(f"run {run_id} has already finished")
            db.execute(
                "UPDATE run SET ended = ?, outcome = ?, counts = ?, errors = ? WHERE id = ?",
                (_stamp(ended), outcome, _counts_json(counts), json.dumps(list(errors)), run_id),
            )

    def record_finished_run(
        self,
        job: str,
        started: dt.datetime,
        ended: dt.datetime,
        outcome: str,
        errors: Sequence[str] = (),
    ) -> int:
        """Record a run that is already over (skipped as unchanged, or failed early)."""
        run_id = self.start_run(job, started)
        self.finish_run(run_id, outcome, {}, errors, ended)
        return run_id

    def fail_unfinished_runs(self, error: str, ended: dt.datetime) -> list[str]:
        """Mark this process's runs that have not finished as failed; return their jobs."""
        with self._transaction() as db:
            rows = db.execute(
                "SELECT id, job FROM run WHERE ended IS NULL AND outcome = ? AND pid = ? "
                "AND host = ?",
                (RUNNING, os.getpid(), socket.gethostname()),
            ).fetchall()
            db.executemany(
                "UPDATE run SET ended = ?, outcome = ?, errors = ? WHERE id = ?",
                ((_stamp(ended), FAILED, json.dumps([error]), row[0]) for row in rows),
            )
        return [str(row[1]) for row in rows]

    def last_run_in(self, job: str, outcomes: Sequence[str]) -> RunRecord | None:
        """The latest run of ``job`` that ended with one of ``outcomes``, or None."""
        marks = ", ".join("?" for _ in outcomes)
        row = self._db.execute(
            f"SELECT {_RUN_COLUMNS} FROM run WHERE job = ? AND outcome IN ({marks}) "
            "ORDER BY id DESC",
            (job, *outcomes),
        ).fetchone()
        return None if row is None else _run_record(row)

    def recent_runs(self, limit: int = 20, job: str | None = None) -> list[RunRecord]:
        """The latest runs, newest first, of one job or of all."""
        rows = self._db.execute(
            f"SELECT {_RUN_COLUMNS} FROM run WHERE ? IS NULL OR job = ? ORDER BY id DESC LIMIT ?",
            (job, job, limit),
        ).fetchall()
        return [_run_record(row) for row in rows]

    def last_run(self, job: str, outcome: str = SUCCESS) -> RunRecord | None:
        """The latest run of ``job`` that ended with ``outcome``, or None."""
        row = self._db.execute(
            f"SELECT {_RUN_COLUMNS} FROM run WHERE job = ? AND outcome = ? ORDER BY id DESC",
            (job, outcome),
        ).fetchone()
        return None if row is None else _run_record(row)

    def _require_run(self, run_id: int) -> dict[str, Any]:
        row = self._db.execute(f"SELECT {_RUN_COLUMNS} FROM run WHERE id = ?", (run_id,))
        found = row.fetchone()
        if found is None:
            raise StateError(f"there is no run {run_id} in {self.path}")
        return dict(zip(_RUN_FIELDS, found, strict=True))

    # --- source page revisions ----------------------------------------------------------

    def source_revisions(self, job: str) -> dict[str, int]:
        """The source pages' revisions recorded at the last successful run of ``job``."""
        rows = self._db.execute(
            "SELECT page, revision FROM source_revision WHERE job = ? ORDER BY page", (job,)
        )
        return dict(rows.fetchall())

    def record_source_revisions(self, job: str, revisions: Mapping[str, int]) -> None:
        """Replace the recorded source-page revisions of ``job`` with ``revisions``."""
        with self._transaction() as db:
            db.execute("DELETE FROM source_revision WHERE job = ?", (job,))
            db.executemany(
                "INSERT INTO source_revision (job, page, revision) VALUES (?, ?, ?)",
                ((job, page, revision) for page, revision in sorted(revisions.items())),
            )

    # --- parse cache --------------------------------------------------------------------

    def cached_parse(self, page: str, revision: int, key: str) -> str | None:
        """The stored parse of ``page`` at ``revision`` made by parser ``key``, or None."""
        row = self._db.execute(
            "SELECT payload FROM parse_cache WHERE page = ? AND key = ? AND revision = ?",
            (page, key, revision),
        ).fetchone()
        return None if row is None else str(row[0])

    def cached_parses(self, pages: Mapping[str, int], key: str) -> dict[str, str]:
        """The stored parses by parser ``key`` of those ``pages`` (title: revision) it has."""
        return self._payloads_at("parse_cache", pages, key)

    def _payloads_at(self, table: str, pages: Mapping[str, int], key: str) -> dict[str, str]:
        """Page -> payload of the rows of the cache ``table`` (one of this module's) under
        ``key`` whose revision is the one asked for the page."""
        rows = self._db.execute(
            f"SELECT cache.page, cache.payload FROM json_each(?) AS wanted "
            f"JOIN {table} AS cache ON cache.page = wanted.key "
            "AND cache.key = ? AND cache.revision = wanted.value ORDER BY cache.page",
            (json.dumps(dict(pages)), key),
        )
        return dict(rows.fetchall())

    def parsed_titles(self, titles: Iterable[str], key: str) -> set[str]:
        """The pages among ``titles`` with a stored parse by parser ``key``, of any revision."""
        rows = self._db.execute(
            "SELECT cache.page FROM json_each(?) AS wanted "
            "JOIN parse_cache AS cache ON cache.page = wanted.value AND cache.key = ?",
            (json.dumps(list(titles)), key),
        )
        return {str(row[0]) for row in rows.fetchall()}

    def store_parse(self, page: str, revision: int, key: str, payload: str) -> None:
        """Store the parse of ``page`` at ``revision``, replacing one of an older revision."""
        self.store_parses([(page, revision, key, payload)])

    def store_parses(self, items: Iterable[tuple[str, int, str, str]]) -> None:
        """Store many parses at once: (page, revision, key, payload) as in ``store_parse``."""
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO parse_cache (page, revision, key, payload) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (page, key) DO UPDATE SET "
                "revision = excluded.revision, payload = excluded.payload "
                "WHERE excluded.revision >= parse_cache.revision",
                items,
            )

    # --- account checks -----------------------------------------------------------------

    def cached_accounts(self, names: Iterable[str]) -> dict[str, str]:
        """The kept answers about those of ``names`` that have one: name -> payload."""
        rows = self._db.execute(
            "SELECT account.name, account.payload FROM json_each(?) AS wanted "
            "JOIN account_check AS account ON account.name = wanted.value ORDER BY account.name",
            (json.dumps(list(names)),),
        )
        return dict(rows.fetchall())

    def store_accounts(self, items: Iterable[tuple[str, dt.datetime, str]]) -> None:
        """Keep answers about accounts: (name, when the wiki answered, payload), each
        replacing an older answer about the same account."""
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO account_check (name, checked, payload) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET "
                "checked = excluded.checked, payload = excluded.payload "
                "WHERE excluded.checked >= account_check.checked",
                ((name, _stamp(checked), payload) for name, checked, payload in items),
            )

    # --- normalised entries cache ------------------------------------------------------

    def cached_normalised(self, pages: Mapping[str, int], key: str) -> dict[str, str]:
        """The stored normalised entries under ``key`` of those ``pages`` (title: revision)."""
        return self._payloads_at("normalised_cache", pages, key)

    def store_normalised(self, items: Iterable[tuple[str, int, str, str]]) -> None:
        """Store (page, revision, key, payload) items: one row a page, which replaces the
        page's row of an older revision or of another key (the key changes every day), so
        the table never holds more than a row for each page ever read."""
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO normalised_cache (page, revision, key, payload) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (page) DO UPDATE SET "
                "revision = excluded.revision, key = excluded.key, payload = excluded.payload "
                "WHERE excluded.revision >= normalised_cache.revision",
                items,
            )

    # --- suggestions and learn requests -------------------------------------------------

    def record_suggestions(
        self, run_id: int, suggestions: Iterable[tuple[str, str, str]], seen: dt.datetime
    ) -> None:
        """Record the (learner, skill, sharer) suggestions that run ``run_id`` made."""
        stamp = _stamp(seen)
        with self._transaction() as db:
            self._require_run(run_id)
            db.executemany(
                "INSERT INTO suggestion (learner, skill, sharer, first_seen, last_seen, "
                "first_run_id, last_run_id) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (learner, skill, sharer) DO UPDATE SET "
                "last_seen = excluded.last_seen, last_run_id = excluded.last_run_id",
                ((*item, stamp, stamp, run_id, run_id) for item in suggestions),
            )
            db.execute(
                "UPDATE run SET "
                "suggested = (SELECT count(*) FROM suggestion WHERE last_run_id = :run), "
                "suggested_new = (SELECT count(*) FROM suggestion WHERE first_run_id = :run) "
                "WHERE id = :run",
                {"run": run_id},
            )

    def current_suggestions(self) -> dict[tuple[str, str], str]:
        """(learner, skill): sharer, as suggested by the latest run that suggested anything.

        The previous result, so that matching can keep pairs stable. Where that run
        suggested several sharers for one request, the first by name is given.
        """
        rows = self._db.execute(
            "SELECT learner, skill, sharer FROM suggestion "
            "WHERE last_run_id = (SELECT max(last_run_id) FROM suggestion) "
            "ORDER BY learner, skill, sharer"
        )
        current: dict[tuple[str, str], str] = {}
        for learner, skill, sharer in rows:
            current.setdefault((learner, skill), sharer)
        return current

    def suggestion_first_seen(self) -> dict[tuple[str, str, str], dt.datetime]:
        """When each (learner, skill, sharer) suggestion ever made was first made."""
        rows = self._db.execute(
            "SELECT learner, skill, sharer, first_seen FROM suggestion "
            "ORDER BY learner, skill, sharer"
        )
        return {
            (learner, skill, sharer): _parse_stamp(first) for learner, skill, sharer, first in rows
        }

    def suggestion_shift(self, since: dt.datetime) -> SuggestionShift:
        """How the first matching run from ``since`` on changed the suggestions.

        ``since`` is a moment the state recorded, such as when feedback came into force;
        from the run started then (or the first after it), runs are taken in the order
        they were recorded, whatever their clocks said. Empty when no matching run came
        before or from then on. A suggestion made before, paused and made again by that
        run counts as started when its request's suggestion stopped.
        """
        stamp = _stamp(since)
        anchor = self._db.execute(
            "SELECT coalesce((SELECT min(id) FROM run WHERE started = :at), "
            "(SELECT min(id) FROM run WHERE started >= :at))",
            {"at": stamp},
        ).fetchone()[0]
        run = self._db.execute(
            "SELECT min(id) FROM run WHERE suggested IS NOT NULL AND id >= ?", (anchor,)
        ).fetchone()[0]
        before = self._db.execute(
            "SELECT max(id) FROM run WHERE suggested IS NOT NULL AND id < ?", (run,)
        ).fetchone()[0]
        if run is None or before is None:
            return SuggestionShift()
        ids = {"before": before, "run": run}
        stopped = self._db.execute(
            "SELECT learner, skill, sharer FROM suggestion WHERE last_run_id = :before "
            "ORDER BY learner, skill, sharer DESC",
            ids,
        )
        started = self._db.execute(
            "SELECT learner, skill, sharer FROM suggestion WHERE first_run_id = :run "
            "UNION SELECT again.learner, again.skill, again.sharer FROM suggestion AS again "
            "JOIN suggestion AS gone ON gone.learner = again.learner "
            "AND gone.skill = again.skill AND gone.last_run_id = :before "
            "WHERE again.first_run_id < :run AND again.last_run_id >= :run",
            ids,
        )
        return SuggestionShift(
            started=frozenset((learner, skill, sharer) for learner, skill, sharer in started),
            stopped={(learner, skill): sharer for learner, skill, sharer in stopped},
        )

    def record_requests(self, requests: Iterable[tuple[str, str]], seen: dt.datetime) -> None:
        """Record the (learner, skill) learn requests open now, replacing the previous set.

        A request keeps the time it was first seen while it stays open; one missing from
        ``requests`` is forgotten, so a request withdrawn and made again waits anew.
        """
        wanted = set(requests)
        with self._transaction() as db:
            known = set(db.execute("SELECT learner, skill FROM learn_request"))
            db.executemany(
                "DELETE FROM learn_request WHERE learner = ? AND skill = ?",
                sorted(known - wanted),
            )
            db.executemany(
                "INSERT OR IGNORE INTO learn_request (learner, skill, first_seen) VALUES (?, ?, ?)",
                ((learner, skill, _stamp(seen)) for learner, skill in sorted(wanted)),
            )

    def waiting_since(
        self, requests: Iterable[tuple[str, str]], now: dt.datetime
    ) -> dict[tuple[str, str], dt.datetime]:
        """Since when each (learner, skill) request has been open; ``now`` for unknown ones."""
        now = _utc(now)
        known = {
            (learner, skill): _parse_stamp(first)
            for learner, skill, first in self._db.execute(
                "SELECT learner, skill, first_seen FROM learn_request"
            )
        }
        return {request: known.get(request, now) for request in sorted(set(requests))}

    # --- feedback -----------------------------------------------------------------------

    def record_feedback(
        self, items: Iterable[tuple[str, str, str, str]], seen: dt.datetime
    ) -> None:
        """Record the (learner, sharer, skill, status) feedback on the pages now.

        The feedback table then holds exactly ``items``: a pair no longer mentioned is
        dropped (reverting a page reverts its feedback), and the change log keeps every
        change of status, a pair's removal as ``WITHDRAWN``. When ``items`` holds one pair
        twice, the later status wins.
        """
        stamp = _stamp(seen)
        current = {(learner, sharer, skill): status for learner, sharer, skill, status in items}
        with self._transaction() as db:
            known = set(db.execute("SELECT learner, sharer, skill FROM feedback"))
            for pair in sorted(known - current.keys()):
                _withdraw_feedback(db, pair, stamp)
            for pair, status in current.items():
                _record_one_feedback(db, pair, status, stamp)

    def feedback(self) -> list[FeedbackRecord]:
        """The feedback on the pages as the last run recorded it, sorted by pair."""
        rows = self._db.execute(
            "SELECT learner, sharer, skill, status, first_seen, changed FROM feedback "
            "ORDER BY learner, sharer, skill"
        )
        return [
            FeedbackRecord(
                row[0], row[1], row[2], row[3], _parse_stamp(row[4]), _parse_stamp(row[5])
            )
            for row in rows
        ]

    def matched_feedback(self) -> dict[tuple[str, str, str], tuple[str, dt.datetime]]:
        """The feedback in force when the latest matching run ran: what its suggestions rest on.

        (learner, sharer, skill) -> (status, since when it had that status), from the
        change log; empty before the first matching run.
        """
        rows = self._db.execute(
            "SELECT learner, sharer, skill, status, seen FROM feedback_change WHERE id IN "
            "(SELECT max(id) FROM feedback_change WHERE seen <= (SELECT started FROM run "
            "WHERE suggested IS NOT NULL ORDER BY id DESC LIMIT 1) "
            "GROUP BY learner, sharer, skill) AND status != ? ORDER BY learner, sharer, skill",
            (WITHDRAWN,),
        )
        return {
            (learner, sharer, skill): (status, _parse_stamp(seen))
            for learner, sharer, skill, status, seen in rows
        }

    # --- notifications ------------------------------------------------------------------

    def was_notified(
        self, recipient: str, learner: str, sharer: str, skill: str, kind: str = "suggestion"
    ) -> bool:
        """Whether ``recipient`` was already told about this suggestion (or, by ``kind``,
        about something else; see :class:`wikisync.writing.notify.NoteKind`)."""
        row = self._db.execute(
            "SELECT 1 FROM notification "
            "WHERE recipient = ? AND learner = ? AND sharer = ? AND skill = ? AND kind = ?",
            (recipient, learner, sharer, skill, kind),
        ).fetchone()
        return row is not None

    def record_notification(
        self,
        recipient: str,
        learner: str,
        sharer: str,
        skill: str,
        sent: dt.datetime,
        revision: int,
        kind: str = "suggestion",
    ) -> None:
        """Record that ``recipient`` was told about a suggestion (or, by ``kind``, about
        something else) in edit ``revision``.

        Recording the same notification again keeps the first record.
        """
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO notification "
                "(recipient, learner, sharer, skill, kind, sent, revision) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (recipient, learner, sharer, skill, kind, _stamp(sent), revision),
            )

    def notification_count(self, run_id: int) -> int:
        """How many notifications were sent while run ``run_id`` ran (runs never overlap)."""
        run = self._require_run(run_id)
        row = self._db.execute(
            "SELECT count(*) FROM notification WHERE sent >= ? AND (? IS NULL OR sent <= ?)",
            (run["started"], run["ended"], run["ended"]),
        ).fetchone()
        return int(row[0])

    # --- snapshots ----------------------------------------------------------------------

    def store_snapshot(self, name: str, payload: str, saved: dt.datetime) -> None:
        """Keep the latest ``payload`` under ``name`` (e.g. the learning groups of a run)."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO snapshot (name, payload, saved) VALUES (?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET payload = excluded.payload, "
                "saved = excluded.saved",
                (name, payload, _stamp(saved)),
            )

    def snapshot(self, name: str) -> str | None:
        """The latest payload stored under ``name``, or None."""
        row = self._db.execute("SELECT payload FROM snapshot WHERE name = ?", (name,)).fetchone()
        return None if row is None else str(row[0])

    # --- generated pages ----------------------------------------------------------------

    def record_page(self, title: str, revision: int, content_hash: str, saved: dt.datetime) -> None:
        """Record that the bot saved ``title`` as ``revision`` with text of ``content_hash``."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO page (title, revision, content_hash, saved) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (title) DO UPDATE SET revision = excluded.revision, "
                "content_hash = excluded.content_hash, saved = excluded.saved",
                (title, revision, content_hash, _stamp(saved)),
            )

    def record_generated_pages(self, job: str, pages: Mapping[str, str]) -> None:
        """Replace the pages ``job`` generates (title: marker name) with ``pages``."""
        with self._transaction() as db:
            db.execute("DELETE FROM generated_page WHERE job = ?", (job,))
            db.executemany(
                "INSERT INTO generated_page (title, job, marker) VALUES (?, ?, ?) "
                "ON CONFLICT (title) DO UPDATE SET job = excluded.job, marker = excluded.marker",
                ((title, job, marker) for title, marker in sorted(pages.items())),
            )

    def generated_pages(self, job: str) -> dict[str, str]:
        """The pages ``job`` generated at its last success (title: marker name)."""
        rows = self._db.execute(
            "SELECT title, marker FROM generated_page WHERE job = ? ORDER BY title", (job,)
        )
        return {str(title): str(marker) for title, marker in rows}

    def page_record(self, title: str) -> PageRecord | None:
        """What the bot last saved on ``title``, or None if it never saved it."""
        row = self._db.execute(
            "SELECT title, revision, content_hash, saved FROM page WHERE title = ?", (title,)
        ).fetchone()
        return None if row is None else _page_record(row)

    def page_records(self) -> dict[str, PageRecord]:
        """What the bot last saved on every page it ever saved, by title."""
        rows = self._db.execute(
            "SELECT title, revision, content_hash, saved FROM page ORDER BY title"
        )
        return {row[0]: _page_record(row) for row in rows}

    def record_frames(self, frames: Iterable[PageFrame]) -> None:
        """Remember how the bot saved these pages, replacing what it remembered of them."""
        with self._transaction() as db:
            db.executemany(
                "INSERT INTO page_frame (title, revision, content_hash, head, tail) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (title) DO UPDATE SET "
                "revision = excluded.revision, content_hash = excluded.content_hash, "
                "head = excluded.head, tail = excluded.tail",
                ((f.title, f.revision, f.content_hash, f.head, f.tail) for f in frames),
            )

    def page_frames(self, revisions: Mapping[str, int]) -> dict[str, PageFrame]:
        """The frames of those pages (title: current revision) whose current revision is the
        one the bot saved."""
        rows = self._db.execute(
            "SELECT frame.title, frame.revision, frame.content_hash, frame.head, frame.tail "
            "FROM json_each(?) AS wanted JOIN page_frame AS frame "
            "ON frame.title = wanted.key AND frame.revision = wanted.value",
            (json.dumps(dict(revisions)),),
        )
        return {row[0]: PageFrame(*row) for row in rows}

    # --- rendered parts -----------------------------------------------------------------

    def render_parts(self) -> dict[str, tuple[str, str]]:
        """Every remembered rendered part: unit -> (digest of its inputs, payload)."""
        rows = self._db.execute("SELECT unit, digest, payload FROM render_part")
        return {str(unit): (str(digest), str(payload)) for unit, digest, payload in rows}

    def store_render_parts(
        self, items: Iterable[tuple[str, str, str]], keep: Iterable[str] | None = None
    ) -> None:
        """Store rendered parts (unit, digest, payload), taken one at a time; with
        ``keep``, forget every unit neither in it nor stored here."""
        with self._transaction() as db:
            if keep is not None:
                kept = json.dumps(sorted(keep))
                db.execute(
                    "DELETE FROM render_part WHERE unit NOT IN (SELECT value FROM json_each(?))",
                    (kept,),
                )
            db.executemany(
                "INSERT INTO render_part (unit, digest, payload) VALUES (?, ?, ?) "
                "ON CONFLICT (unit) DO UPDATE SET digest = excluded.digest, "
                "payload = excluded.payload",
                items,
            )

    # --- solver start -------------------------------------------------------------------

    def solver_start(self, name: str) -> bytes | None:
        """The start the last solve named ``name`` left (see
        :class:`wikisync.matching.assignment.WarmStart`), if any."""
        row = self._db.execute("SELECT payload FROM solver_start WHERE name = ?", (name,))
        found = row.fetchone()
        return bytes(found[0]) if found else None

    def store_solver_start(self, name: str, payload: bytes) -> None:
        """Keep the start a solve left, replacing the last one of that name."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO solver_start (name, payload) VALUES (?, ?) "
                "ON CONFLICT (name) DO UPDATE SET payload = excluded.payload",
                (name, payload),
            )

    # --- statistics ---------------------------------------------------------------------

    def stats_history(self) -> list[StatsPoint]:
        """One point per day on which a run recorded suggestions, oldest first."""
        days: dict[dt.date, tuple[int, int]] = {}
        for started, suggested, new in self._db.execute(
            "SELECT started, suggested, suggested_new FROM run "
            "WHERE suggested IS NOT NULL ORDER BY id"
        ):
            day = _parse_stamp(started).date()
            days[day] = (suggested, days.get(day, (0, 0))[1] + new)
        met_days, met_counts = self._met_by_day()
        return [
            StatsPoint(day, suggested, new, met_counts[bisect_right(met_days, day)])
            for day, (suggested, new) in sorted(days.items())
        ]

    def _met_by_day(self) -> tuple[list[dt.date], list[int]]:
        """The days on which the number of met pairs changed, and the numbers: 0 before
        the first of those days, then the number at the end of each.
        """
        statuses: dict[tuple[str, str, str], str] = {}
        met = 0
        counts: dict[dt.date, int] = {}
        for learner, sharer, skill, status, seen in self._db.execute(
            "SELECT learner, sharer, skill, status, seen FROM feedback_change ORDER BY seen, id"
        ):
            before = statuses.get((learner, sharer, skill))
            statuses[(learner, sharer, skill)] = status
            met += (status == MET) - (before == MET)
            counts[_parse_stamp(seen).date()] = met
        return sorted(counts), [0, *(counts[day] for day in sorted(counts))]


@dataclass(frozen=True, slots=True)
class FileCheck:
    """What checking a state file (or its backup) found; ``damage`` is None when whole."""

    path: Path
    found: bool
    damage: str | None = None
    version: int = 0
    size: int = 0
    modified: dt.datetime | None = None

    def describe(self) -> str:
        """One line for 'wikisync state check'."""
        if not self.found:
            return f"{self.path}: none"
        if self.damage is not None:
            return f"{self.path}: damaged ({self.damage})"
        when = f"{self.modified:%Y-%m-%d %H:%M:%S} UTC" if self.modified else "-"
        newer = " (written by a newer wikisync: upgrade)" if self.version > len(MIGRATIONS) else ""
        return (
            f"{self.path}: whole, schema version {self.version}{newer}, {self.size:,} bytes, {when}"
        )


def check_file(path: Path) -> FileCheck:
    """Check a state file or a backup as opening it would, creating and upgrading nothing."""
    path = path.resolve()
    if not path.exists():
        return FileCheck(path, found=False)
    stat = path.stat()
    modified = dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC)
    if stat.st_size == 0:
        return FileCheck(path, True, "empty: 0 bytes", size=0, modified=modified)
    with closing(_connect_existing(path)) as connection:
        damage = _damage(connection)
        version = 0 if damage else _user_version(connection)
    if damage is None and version == 0:
        damage = "no wikisync tables"
    return FileCheck(path, True, damage, version, stat.st_size, modified)


@dataclass(frozen=True, slots=True)
class Restored:
    """What a restore did: the backup put back, and where the file it replaced was kept."""

    path: Path
    backup: FileCheck
    replaced: Path | None

    def describe(self) -> str:
        """One line for 'wikisync state restore'."""
        kept = f"; the file it replaced is kept as {self.replaced}" if self.replaced else ""
        saved = f"{self.backup.modified:%Y-%m-%d %H:%M:%S} UTC" if self.backup.modified else "-"
        return f"restored {self.path} from {self.backup.path} (saved {saved}){kept}"


def restore_backup(path: Path) -> Restored:
    """Put the last good copy, ``<state>.backup``, back in place of the state file at ``path``.

    The backup is checked first. The file it replaces (damaged or emptied, usually) is kept
    as ``<state>.replaced`` with its ``-wal`` file, for a look at what went wrong. No run
    may use the state meanwhile: the restore holds the run lock, and the new file is moved
    in with one rename, so a crash leaves the old file or the restored one.
    """
    path = path.resolve()
    backup = check_file(backup_path(path))
    if not backup.found:
        raise StateError(
            f"there is no backup of {path} to restore ({backup.path.name} not found); "
            "moving the state file away starts afresh"
        )
    if backup.damage is not None:
        raise StateError(
            f"the backup {backup.path} is damaged too ({backup.damage}); moving the state "
            "file away starts afresh"
        )
    descriptor = _flock_without_waiting(path)
    if descriptor is None:
        raise LockedError(f"a wikisync run is using {path}: restore it once the run has ended")
    try:
        staged = path.with_name(f".{path.name}.restored")
        with closing(_connect_existing(backup.path)) as source:
            _write_copy(source, staged)
        replaced = _keep_replaced(path)
        os.replace(staged, path)
        _fsync(path.parent)
    except OSError as e:
        raise StateError(f"cannot restore {path}: {e.strerror}") from e
    except sqlite3.Error as e:
        raise StateError(f"cannot restore {path}: {_one_line(e)}") from e
    finally:
        os.close(descriptor)
    return Restored(path, backup, replaced)


def _keep_replaced(path: Path) -> Path | None:
    """Keep the state file at ``path`` as ``<state>.replaced``, taking its WAL files along.

    The file stays at ``path`` (a second link) until the restored one replaces it; its
    ``-wal`` file must go now, or SQLite would apply it to the restored file.
    """
    replaced = path.with_name(path.name + REPLACED_SUFFIX)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{replaced}{suffix}").unlink(missing_ok=True)
    try:
        os.link(path, replaced)
    except FileNotFoundError:
        return None
    for suffix in ("-wal", "-shm"):
        with suppress(FileNotFoundError):
            os.rename(f"{path}{suffix}", f"{replaced}{suffix}")
    return replaced


def _flock_without_waiting(path: Path) -> int | None:
    """Take the run lock of the state file at ``path`` (``<db>.lock``); None if it is held."""
    lock_path = Path(f"{path}.lock")
    try:
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as e:
        raise StateError(f"cannot open lock file {lock_path}: {e.strerror}") from e
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        return None
    return descriptor


_RUN_FIELDS = ("id", "job", "started", "ended", "outcome", "counts", "errors", "pid", "host")
_RUN_COLUMNS = ", ".join(_RUN_FIELDS)


def backup_path(path: Path) -> Path:
    """Where the backup of the state file at ``path`` is kept: ``<state>.backup``."""
    return path.with_name(path.name + BACKUP_SUFFIX)


def recovery(path: Path) -> str:
    """How to recover the state file at ``path``, as the end of a one-line message."""
    backup = backup_path(path)
    if backup.is_file():
        saved = dt.datetime.fromtimestamp(backup.stat().st_mtime, dt.UTC)
        return (
            f"put back the last good copy ({backup.name}, {saved:%Y-%m-%d %H:%M} UTC) "
            f"with '{RESTORE_COMMAND}'"
        )
    return (
        f"there is no backup ({backup.name}) for '{RESTORE_COMMAND}'; moving the file away "
        "starts afresh, forgetting declined pairs, sent notifications and history"
    )


def _damaged(path: Path, detail: str) -> StateError:
    return StateError(f"state file {path} is damaged ({detail}): {recovery(path)}")


def _create_state_file(path: Path) -> None:
    """Build a new state file whole under a temporary name, then link it in at ``path``.

    A crash at any point leaves no file at ``path`` or a complete one, never an empty file
    that would pass for new. A file another process linked in meanwhile is kept.
    """
    temporary = _temporary_beside(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _create_private_file(temporary)
        try:
            _build_and_link(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    except OSError as e:
        raise StateError(f"cannot create state file {path}: {e.strerror}") from e
    except sqlite3.Error as e:
        raise StateError(f"cannot create state file {path}: {_one_line(e)}") from e


def _build_and_link(temporary: Path, path: Path) -> None:
    with closing(sqlite3.connect(temporary, isolation_level=None)) as connection:
        connection.execute("PRAGMA synchronous = FULL")
        _migrate(connection, temporary)
    _fsync(temporary)
    with suppress(FileExistsError):
        os.link(temporary, path)
        _fsync(path.parent)


def _temporary_beside(path: Path) -> Path:
    """A name in the folder of ``path`` for a file this process builds before it moves in."""
    return path.with_name(f".{path.name}.{os.getpid()}.new")


def _create_private_file(path: Path) -> None:
    """Create ``path`` empty and readable by its owner only (emptying an older one)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))


def _fsync(path: Path) -> None:
    """Flush ``path`` (a file or a folder) to the disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _connect_existing(path: Path) -> sqlite3.Connection:
    """A connection to the existing state file at ``path``; an empty file is refused."""
    try:
        empty = path.stat().st_size == 0
    except OSError as e:
        raise StateError(f"cannot open state file {path}: {e.strerror}") from e
    if empty:
        raise StateError(
            f"state file {path} is empty (0 bytes): it was emptied, it is not a new state; "
            f"{recovery(path)}"
        )
    try:
        return sqlite3.connect(
            f"{path.as_uri()}?mode=rw", uri=True, timeout=BUSY_TIMEOUT, isolation_level=None
        )
    except sqlite3.Error as e:
        raise StateError(f"cannot open state file {path}: {_one_line(e)}") from e


def _prepare(connection: sqlite3.Connection, path: Path) -> None:
    """Set the connection up, check the file, and apply the missing migration steps."""
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.execute("PRAGMA foreign_keys = ON")
        damage = _damage(connection)
        if damage is not None:
            raise _damaged(path, damage)
        version = _user_version(connection)
        _refuse_unknown_schema(connection, path, version)
        if version == 0:
            raise StateError(
                f"state file {path} holds no wikisync state (an SQLite file without its "
                f"tables): {recovery(path)}"
            )
        _migrate(connection, path)
    except sqlite3.DatabaseError as e:
        raise StateError(
            f"{path} is not a usable wikisync state file ({_one_line(e)}): {recovery(path)}"
        ) from e


def _damage(connection: sqlite3.Connection) -> str | None:
    """What is wrong with an open state file, or None: its integrity first, then its schema.

    A file of a newer schema version has nothing wrong that this version can tell.
    """
    try:
        rows = connection.execute("PRAGMA quick_check(3)")
        found = [_one_line(row[0]).removeprefix("*** in database main *** ") for row in rows]
        if found != ["ok"]:
            return "; ".join(found)
        version = _user_version(connection)
        if version > len(MIGRATIONS):
            return None
        return _schema_damage(connection, MIGRATIONS[:version])
    except sqlite3.DatabaseError as e:
        return _one_line(e)


@dataclass(frozen=True, slots=True)
class _Schema:
    """A database's schema: each object's SQL by (type, name), each table's columns."""

    objects: Mapping[tuple[str, str], str | None]
    columns: Mapping[str, tuple[str, ...]]


def _schema_of(connection: sqlite3.Connection) -> _Schema:
    objects = {
        (str(kind), str(name)): sql
        for kind, name, sql in connection.execute("SELECT type, name, sql FROM sqlite_master")
    }
    columns = {
        name: tuple(str(row[0]) for row in connection.execute(
            "SELECT name FROM pragma_table_info(?)", (name,)
        ))
        for kind, name in objects
        if kind == "table"
    }  # fmt: skip
    return _Schema(objects, columns)


@functools.cache
def _expected_schema(steps: tuple[tuple[str, ...], ...]) -> _Schema:
    """The schema that migration ``steps`` build, made in an empty in-memory database."""
    with closing(sqlite3.connect(":memory:", isolation_level=None)) as connection:
        for step in steps:
            for statement in step:
                connection.execute(statement)
        return _schema_of(connection)


def _schema_damage(
    connection: sqlite3.Connection, steps: tuple[tuple[str, ...], ...]
) -> str | None:
    """The tables and indexes that ``steps`` create and the file lacks or has otherwise."""
    expected, found = _expected_schema(steps), _schema_of(connection)
    problems = []
    for (kind, name), sql in expected.objects.items():
        if (kind, name) not in found.objects:
            problems.append(f"{kind} {name} is missing")
        elif found.objects[kind, name] != sql:
            lacking = [c for c in expected.columns.get(name, ()) if c not in found.columns[name]]
            if lacking:
                problems.append(f"{kind} {name} lacks column(s) {', '.join(lacking)}")
            else:
                problems.append(f"{kind} {name} is not as the schema defines it")
    return "; ".join(problems) if problems else None


def _write_copy(source: sqlite3.Connection, target: Path) -> None:
    """Copy the database of ``source`` to ``target``: one self-contained, checked file.

    SQLite's online backup writes the copy under a temporary name, owner-only; the lock
    row is left out (it describes a process, which does not run on the copy); the copy is
    checked, flushed, and only then renamed to ``target``.
    """
    temporary = _temporary_beside(target)
    try:
        _create_private_file(temporary)
        with closing(sqlite3.connect(temporary, isolation_level=None)) as copy:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
            copy.execute("DELETE FROM lock")
            damage = _damage(copy)
        if damage is not None:
            raise StateError(f"the copy of {target.name} came out damaged ({damage})")
        _fsync(temporary)
        os.replace(temporary, target)
        _fsync(target.parent)
    except OSError as e:
        raise StateError(f"cannot write {target}: {e.strerror}") from e
    finally:
        temporary.unlink(missing_ok=True)


def _one_line(error: object) -> str:
    """An SQLite message on one line (integrity reports span several)."""
    return " ".join(str(error).split())


def _migrate(connection: sqlite3.Connection, path: Path) -> None:
    if _user_version(connection) == len(MIGRATIONS):
        return
    with _transaction(connection):
        version = _user_version(connection)
        _refuse_unknown_schema(connection, path, version)
        for number, step in enumerate(MIGRATIONS[version:], start=version + 1):
            for statement in step:
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {number:d}")


def _refuse_unknown_schema(connection: sqlite3.Connection, path: Path, version: int) -> None:
    if version > len(MIGRATIONS):
        raise StateError(
            f"{path} was written by a newer wikisync (state schema version {version}; "
            f"this version knows up to {len(MIGRATIONS)}): upgrade wikisync"
        )
    if version == 0 and connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise StateError(f"{path} is an SQLite file of another program, not a wikisync state")


def _user_version(connection: sqlite3.Connection) -> int:
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


@contextmanager
def _transaction(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    connection.execute("BEGIN IMMEDIATE")
    with connection:
        yield connection


def _record_one_feedback(
    db: sqlite3.Connection, pair: tuple[str, str, str], status: str, stamp: str
) -> None:
    row = db.execute(
        "SELECT status FROM feedback WHERE learner = ? AND sharer = ? AND skill = ?", pair
    ).fetchone()
    if row is not None and row[0] == status:
        return
    db.execute(
        "INSERT INTO feedback (learner, sharer, skill, status, first_seen, changed) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (learner, sharer, skill) DO UPDATE SET "
        "status = excluded.status, changed = excluded.changed",
        (*pair, status, stamp, stamp),
    )
    db.execute(
        "INSERT INTO feedback_change (learner, sharer, skill, status, seen) VALUES (?, ?, ?, ?, ?)",
        (*pair, status, stamp),
    )


def _withdraw_feedback(db: sqlite3.Connection, pair: tuple[str, str, str], stamp: str) -> None:
    db.execute("DELETE FROM feedback WHERE learner = ? AND sharer = ? AND skill = ?", pair)
    db.execute(
        "INSERT INTO feedback_change (learner, sharer, skill, status, seen) VALUES (?, ?, ?, ?, ?)",
        (*pair, WITHDRAWN, stamp),
    )


def _run_record(row: Sequence[Any]) -> RunRecord:
    run = dict(zip(_RUN_FIELDS, row, strict=True))
    outcome = run["outcome"]
    if outcome == RUNNING and _process_gone(run["host"], run["pid"]):
        outcome = INTERRUPTED
    return RunRecord(
        id=run["id"],
        job=run["job"],
        started=_parse_stamp(run["started"]),
        ended=None if run["ended"] is None else _parse_stamp(run["ended"]),
        outcome=outcome,
        counts=json.loads(run["counts"]),
        errors=tuple(json.loads(run["errors"])),
    )


def _page_record(row: Sequence[Any]) -> PageRecord:
    return PageRecord(row[0], row[1], row[2], _parse_stamp(row[3]))


def _counts_json(counts: Mapping[str, int]) -> str:
    return json.dumps(dict(sorted(counts.items())))


def _row_id(cursor: sqlite3.Cursor) -> int:
    if cursor.lastrowid is None:
        raise StateError("SQLite did not report the id of the new row")
    return cursor.lastrowid


def _stale_note(holder: LockHolder) -> str:
    if _process_gone(holder.host, holder.pid):
        return f"{holder.describe()} is no longer running"
    return f"{holder.describe()} no longer held the lock file"


def _process_gone(host: str, pid: int) -> bool:
    """Whether process ``pid`` on ``host`` is known to have ended (only this host can tell)."""
    if host != socket.gethostname():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _stamp(value: dt.datetime) -> str:
    """``value`` as ISO-8601 UTC text, which sorts in time order."""
    return _utc(value).isoformat(timespec="microseconds")


def _utc(value: dt.datetime) -> dt.datetime:
    """``value`` in UTC; a naive datetime is refused, since its meaning depends on the host."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value.isoformat()}: give a timezone-aware UTC time")
    return value.astimezone(dt.UTC)


def _parse_stamp(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).astimezone(dt.UTC)
