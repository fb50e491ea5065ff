"""The development wiki's PHP server after a crash: nothing of it is left running.

PHP's built-in server runs a master and ``PHP_CLI_SERVER_WORKERS`` workers in one process
group. When the master dies (SIGKILL here, as when it crashed on a deeply nested page), the
workers stay and keep serving the port. ``down`` must stop the whole group, and ``up`` must
find what is left of it. Each test uses a throw-away wiki of its own, never the session's,
and signals only the process groups that wiki recorded.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from reliability_report import ReliabilityReport

from wikisync.dev.devwiki import DevWiki, api_answers, port_in_use


def group_members(pgid: int) -> list[int]:
    """The live (not zombie) processes of process group ``pgid``."""
    members = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[-1].split()
        except (OSError, NotADirectoryError):
            continue
        if fields[2] == str(pgid) and fields[0] != "Z":
            members.append(int(entry.name))
    return sorted(members)


def wikisync_devwiki(*args: str) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "wikisync"), "devwiki", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def recorded_group(wiki: DevWiki) -> int:
    return int(wiki.pid_file.read_text())


@pytest.fixture
def throwaway(tmp_path: Path) -> Iterator[tuple[DevWiki, list[int]]]:
    """A wiki of its own, running; the process groups it recorded are stopped at the end."""
    wiki = DevWiki(tmp_path / "wiki")
    groups = [wiki.up().pid]
    yield wiki, groups
    for pgid in groups:
        if group_members(pgid):
            os.killpg(pgid, signal.SIGKILL)


def crash_the_master(wiki: DevWiki) -> tuple[int, list[int]]:
    """SIGKILL the PHP master of ``wiki``; its workers stay. Returns (pgid, workers)."""
    pgid = recorded_group(wiki)
    workers = [pid for pid in group_members(pgid) if pid != pgid]
    assert len(workers) >= 2
    os.kill(pgid, signal.SIGKILL)
    os.waitpid(pgid, 0)
    time.sleep(0.2)
    assert group_members(pgid) == workers, "the workers died with their master"
    return pgid, workers


def test_down_stops_the_workers_a_crashed_master_left(
    throwaway: tuple[DevWiki, list[int]], report: ReliabilityReport
) -> None:
    wiki, _ = throwaway
    info = wiki.running()
    assert info is not None
    pgid, _ = crash_the_master(wiki)
    report.fault("devwiki master killed, down")
    assert port_in_use(info.port) and api_answers(info.api)

    down = wikisync_devwiki("down", "--dir", str(wiki.folder))
    assert down.returncode == 0, down.stderr
    assert down.stdout.strip() == "stopped"
    assert group_members(pgid) == []
    assert not port_in_use(info.port)
    assert not wiki.pid_file.exists()
    report.fault_survived("devwiki master killed, down")


def test_up_stops_a_stale_server_of_its_folder_and_says_so(
    throwaway: tuple[DevWiki, list[int]], report: ReliabilityReport
) -> None:
    wiki, groups = throwaway
    old = wiki.running()
    assert old is not None
    pgid, workers = crash_the_master(wiki)
    report.fault("devwiki master killed, up")

    up = wikisync_devwiki("up", "--dir", str(wiki.folder))
    groups.append(recorded_group(wiki))
    assert up.returncode == 0, up.stderr
    assert f"stale server of this wiki: process group {pgid}, {len(workers)}" in up.stderr
    assert group_members(pgid) == []
    assert not port_in_use(old.port)
    new = wiki.running()
    assert new is not None and new.pid != pgid and api_answers(new.api)
    assert wiki.down()
    assert group_members(new.pid) == []
    report.fault_survived("devwiki master killed, up")


def test_up_reports_a_recorded_port_that_another_process_holds(
    throwaway: tuple[DevWiki, list[int]], report: ReliabilityReport
) -> None:
    wiki, groups = throwaway
    old = wiki.running()
    assert old is not None and wiki.down()
    report.fault("devwiki port held by another process")
    with socket.socket() as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", old.port))
        squatter.listen()
        up = wikisync_devwiki("up", "--dir", str(wiki.folder))
        groups.append(recorded_group(wiki))
    assert up.returncode == 0, up.stderr
    assert f"port {old.port}, recorded for this wiki, is held by a process" in up.stderr
    new = wiki.running()
    assert new is not None and new.port != old.port
    assert wiki.down()
    report.fault_survived("devwiki port held by another process")
