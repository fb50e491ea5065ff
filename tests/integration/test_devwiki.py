"""The life cycle of a development wiki in its own folder: up, no-op up, status, down, reset."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from wikisync.dev.devwiki import DevWiki, api_answers

BIN = Path(sys.executable).parent


def wikisync(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "wikisync"), *args], capture_output=True, text=True, timeout=120, check=False
    )


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[-1].split()[0] != "Z"


def test_up_status_down_and_up_again(tmp_path: Path) -> None:
    folder = str(tmp_path / "wiki")
    up = wikisync("devwiki", "up", "--dir", folder)
    assert up.returncode == 0, up.stderr
    wiki = DevWiki(folder)
    info = wiki.running()
    assert info is not None
    assert api_answers(info.api)
    assert f"api:      {info.api}" in up.stdout

    again = wikisync("devwiki", "up", "--dir", folder)
    assert again.stdout == up.stdout
    status = wikisync("devwiki", "status", "--dir", folder)
    assert status.returncode == 0
    assert info.api in status.stdout

    wiki.editor().edit("Kept page", "still here after a restart")
    down = wikisync("devwiki", "down", "--dir", folder)
    assert down.stdout.strip() == "stopped"
    assert not pid_alive(info.pid)
    assert not api_answers(info.api)
    stopped = wikisync("devwiki", "status", "--dir", folder)
    assert stopped.returncode == 1
    assert "installed, stopped" in stopped.stdout

    restarted = wiki.up()
    try:
        assert restarted.pid != info.pid
        assert wiki.editor().text("Kept page") == "still here after a restart"
        wiki.reset()
        assert wiki.editor().text("Kept page") is None
    finally:
        wiki.down()
    assert not pid_alive(restarted.pid)


def test_down_on_a_folder_that_never_ran_is_harmless(tmp_path: Path) -> None:
    result = wikisync("devwiki", "down", "--dir", str(tmp_path))
    assert result.returncode == 0
    assert result.stdout.strip() == "not running"
