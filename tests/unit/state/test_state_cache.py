"""Source revisions seen, the parse cache keyed by page revision and parser key, and the
solver's start."""

from __future__ import annotations

import logging
import time

import pytest

from wikisync.matching import WarmStart
from wikisync.planning.plan import SOLVER, solver_start
from wikisync.running.progress import LOGGER
from wikisync.running.state import State


def test_source_revisions_are_replaced_as_a_set_per_job(state: State) -> None:
    state.record_source_revisions("matches", {"Directory/A": 10, "Directory/B": 11})
    state.record_source_revisions("sync", {"Registrations": 5})
    state.record_source_revisions("matches", {"Directory/B": 12, "Directory/C": 1})
    assert state.source_revisions("matches") == {"Directory/B": 12, "Directory/C": 1}
    assert state.source_revisions("sync") == {"Registrations": 5}
    assert state.source_revisions("never-ran") == {}


def test_a_parse_is_found_only_for_its_revision_and_key(state: State) -> None:
    state.store_parse("Directory/A", 10, "parser-v1", '{"entries": 3}')
    assert state.cached_parse("Directory/A", 10, "parser-v1") == '{"entries": 3}'
    assert state.cached_parse("Directory/A", 11, "parser-v1") is None
    assert state.cached_parse("Directory/A", 10, "parser-v2") is None
    assert state.cached_parse("Directory/B", 10, "parser-v1") is None


def test_a_newer_revision_replaces_the_older_one_and_never_the_reverse(state: State) -> None:
    state.store_parse("Directory/A", 10, "parser-v1", "old")
    state.store_parse("Directory/A", 12, "parser-v1", "new")
    state.store_parse("Directory/A", 11, "parser-v1", "late")
    assert state.cached_parse("Directory/A", 10, "parser-v1") is None
    assert state.cached_parse("Directory/A", 11, "parser-v1") is None
    assert state.cached_parse("Directory/A", 12, "parser-v1") == "new"
    rows = state._db.execute("SELECT count(*) FROM parse_cache").fetchone()[0]
    assert rows == 1


def test_the_same_page_is_cached_separately_per_parser_key(state: State) -> None:
    state.store_parses([("Directory/A", 10, "entries-v1", "E"), ("Directory/A", 10, "skills", "S")])
    assert state.cached_parse("Directory/A", 10, "entries-v1") == "E"
    assert state.cached_parse("Directory/A", 10, "skills") == "S"


def test_bulk_lookup_returns_only_hits_at_the_asked_revision(state: State) -> None:
    state.store_parses(
        [
            ("Directory/A", 10, "v1", "a"),
            ("Directory/B", 20, "v1", "b"),
            ("Directory/C", 30, "v2", "c"),
            ('Directory/Ünïcode "quoted"', 40, "v1", "u"),
        ]
    )
    wanted = {
        "Directory/A": 10,
        "Directory/B": 21,
        "Directory/C": 30,
        "Directory/D": 1,
        'Directory/Ünïcode "quoted"': 40,
    }
    assert state.cached_parses(wanted, "v1") == {
        "Directory/A": "a",
        'Directory/Ünïcode "quoted"': "u",
    }
    assert state.cached_parses({}, "v1") == {}


def test_bulk_store_and_lookup_of_a_thousand_pages_is_fast(state: State) -> None:
    pages = {f"Directory/Page {number}": number for number in range(1000)}
    payload = "x" * 2000
    began = time.perf_counter()
    state.store_parses((title, revision, "v1", payload) for title, revision in pages.items())
    stored = time.perf_counter()
    found = state.cached_parses(pages, "v1")
    looked_up = time.perf_counter()
    assert len(found) == 1000
    assert stored - began < 1.0
    assert looked_up - stored < 0.25


def test_normalised_parts_are_found_only_for_their_revision_and_key(state: State) -> None:
    state.store_normalised([("Directory/A", 10, "k1", "a"), ("Directory/B", 20, "k1", "b")])
    wanted = {"Directory/A": 10, "Directory/B": 21, "Directory/C": 1}
    assert state.cached_normalised(wanted, "k1") == {"Directory/A": "a"}
    assert state.cached_normalised(wanted, "k2") == {}
    assert state.cached_normalised({}, "k1") == {}


def test_a_page_keeps_one_normalised_row_whatever_the_key(state: State) -> None:
    state.store_normalised([("Directory/A", 10, "monday", "old")])
    state.store_normalised([("Directory/A", 10, "tuesday", "new")])
    state.store_normalised([("Directory/A", 9, "wednesday", "late")])
    assert state.cached_normalised({"Directory/A": 10}, "tuesday") == {"Directory/A": "new"}
    assert state.cached_normalised({"Directory/A": 10}, "monday") == {}
    rows = state._db.execute("SELECT count(*) FROM normalised_cache").fetchone()[0]
    assert rows == 1


def test_the_solvers_start_is_kept_by_name_and_replaced(state: State) -> None:
    assert state.solver_start("matches") is None
    state.store_solver_start("matches", b"first")
    state.store_solver_start("matches", b"second")
    state.store_solver_start("other", b"x")
    assert state.solver_start("matches") == b"second"
    assert state.solver_start("other") == b"x"


def test_an_unreadable_start_is_no_start(state: State, caplog: pytest.LogCaptureFixture) -> None:
    state.store_solver_start(SOLVER, b"not an npz file")
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        assert solver_start(state) is None
    assert "unreadable" in caplog.text
    kept = WarmStart.empty().to_bytes()
    state.store_solver_start(SOLVER, kept)
    start = solver_start(state)
    assert start is not None and start.to_bytes() == kept
