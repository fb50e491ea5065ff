"""The pywikibot scripts as the README runs them: ``PYWIKIBOT_DIR=... pwb wikisync_...``.

Each test starts pywikibot's own wrapper in a separate process against the real wiki and
checks what an operator (or cron) sees: the exit code and one ``error:`` line.
"""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from wikisync.dev.devwiki import SCRIPTS_LINK, DevWiki, free_port
from wikisync.dev.editor import Editor
from wikisync.dev.sample import PREFIX, SamplePlan, sample_programme

PWB = Path(sys.executable).parent / "pwb"
PROBLEMS = f"{PREFIX}/Directory problems"
MATCHES = f"{PREFIX}/Matches"
KILL_SWITCH = "User:SyncBot/Run"


@pytest.fixture(scope="module")
def programme(devwiki: DevWiki) -> SamplePlan:
    plan = sample_programme(40, 10, seed=5, per_page=20)
    devwiki.create_accounts(plan.accounts)
    devwiki.load(plan.pages, "test programme")
    return plan


def pwb(
    folder: Path, *args: str, stdin: int | None = subprocess.DEVNULL
) -> subprocess.CompletedProcess[str]:
    """``PYWIKIBOT_DIR=folder pwb ARGS`` in ``folder``, as the README shows it."""
    return subprocess.run(
        [str(PWB), *args],
        env={**os.environ, "PYWIKIBOT_DIR": str(folder)},
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        stdin=stdin,
    )


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The ``error:`` lines on stderr; a traceback is never an acceptable report."""
    assert "Traceback" not in result.stderr, result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def test_a_run_that_writes_its_pages_exits_0(
    programme: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    done = pwb(devwiki.folder, "wikisync_check", "-always", "-force")
    assert done.returncode == 0, done.stderr
    assert error_lines(done) == []
    assert "wikisync:problems:start" in (human.text(PROBLEMS) or "")


def test_simulate_saves_nothing_and_exits_0(programme: SamplePlan, devwiki: DevWiki) -> None:
    simulated = pwb(devwiki.folder, "wikisync_matches", "-simulate", "-force")
    assert simulated.returncode == 0, simulated.stderr
    assert "-simulate: nothing was saved or recorded" in simulated.stdout
    assert devwiki.editor().text(MATCHES) is None


def test_a_declined_confirmation_saves_nothing_and_exits_0(
    programme: SamplePlan, devwiki: DevWiki
) -> None:
    terminal, answers = pty.openpty()
    os.write(terminal, b"n\n")
    try:
        declined = pwb(devwiki.folder, "wikisync_matches", "-force", stdin=answers)
    finally:
        os.close(terminal)
        os.close(answers)
    assert declined.returncode == 0, declined.stderr
    assert "Save these changes?" in declined.stdout
    assert declined.stdout.rstrip().endswith("nothing saved")
    assert devwiki.editor().text(MATCHES) is None


def test_a_settings_error_exits_2_with_one_line(
    programme: SamplePlan, devwiki: DevWiki, tmp_path: Path
) -> None:
    broken = tmp_path / "wikisync.toml"
    broken.write_text("[wiki\napi = 'http://example.org/api.php'\n", encoding="utf-8")
    for args in ([f"-settings:{broken}", "-always"], ["-always", "-sometimes"]):
        failed = pwb(devwiki.folder, "wikisync_run", *args)
        assert failed.returncode == 2, failed.stderr
        assert len(error_lines(failed)) == 1, failed.stderr


def test_a_generated_page_without_the_bots_markers_exits_1(
    programme: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    own = "A page a coordinator rewrote by hand, without the bot's markers."
    human.edit(PROBLEMS, own, "by hand")
    failed = pwb(devwiki.folder, "wikisync_check", "-always", "-force")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    (line,) = error_lines(failed)
    assert PROBLEMS in line
    assert human.text(PROBLEMS) == own


@pytest.fixture
def bot_stopped(human: Editor) -> Iterator[None]:
    """The kill switch says stop for the test, and yes again after it."""
    before = human.text(KILL_SWITCH) or "yes"
    human.edit(KILL_SWITCH, "no", "stop the bot")
    yield
    human.edit(KILL_SWITCH, before, "the bot may run again")


def test_the_kill_switch_stops_the_run_and_exits_1(
    programme: SamplePlan, devwiki: DevWiki, human: Editor, bot_stopped: None
) -> None:
    assert human.text(MATCHES) is None, "the run must have a page to create"
    stopped = pwb(devwiki.folder, "wikisync_matches", "-always", "-force")
    assert stopped.returncode == 1, stopped.stdout + stopped.stderr
    (line,) = error_lines(stopped)
    assert "kill switch" in line
    assert human.text(MATCHES) is None


def test_an_unreachable_wiki_exits_3_with_one_line(devwiki: DevWiki, tmp_path: Path) -> None:
    config = (devwiki.folder / "user-config.py").read_text(encoding="utf-8")
    dead = re.sub(r"127\.0\.0\.1:\d+", f"127.0.0.1:{free_port()}", config)
    assert dead != config
    (tmp_path / "user-config.py").write_text(dead.replace("max_retries = 3", "max_retries = 0"))
    (tmp_path / "password").write_text(devwiki.password_file.read_text())
    (tmp_path / "password").chmod(0o600)
    (tmp_path / SCRIPTS_LINK).symlink_to(devwiki.repo_scripts, target_is_directory=True)
    failed = pwb(tmp_path, "wikisync_run", "-always", f"-settings:{devwiki.settings_file}")
    assert failed.returncode == 3, failed.stderr
    (line,) = error_lines(failed)
    assert "does not answer" in line
