"""The commands an operator types, run as separate processes against the real wiki."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wikisync.dev.devwiki import DevWiki, free_port

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def run(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd or REPO,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def settings_copy(devwiki: DevWiki, folder: Path, **changes: str) -> Path:
    """A settings file like the dev wiki's, with some lines replaced."""
    lines = []
    for line in devwiki.settings_file.read_text().splitlines():
        key = line.split(" = ")[0]
        lines.append(f"{key} = {changes[key]}" if key in changes else line)
    text = "\n".join(lines).replace(
        'password_file = "password"', f'password_file = "{folder / "password"}"'
    )
    if "password_file" in changes:
        text = text.replace(
            f'password_file = "{folder / "password"}"',
            f"password_file = {changes['password_file']}",
        )
    path = folder / "wikisync.toml"
    path.write_text(text)
    return path


def test_ping_logs_in_and_reports_the_bot_flag(devwiki: DevWiki) -> None:
    result = run(str(BIN / "wikisync"), "--config", str(devwiki.settings_file), "ping")
    assert result.returncode == 0, result.stderr
    assert "user:     SyncBot" in result.stdout
    assert "bot flag: yes" in result.stdout


def test_a_wrong_botpassword_is_one_clear_line_and_exit_3(devwiki: DevWiki, tmp_path: Path) -> None:
    secret = "0123456789abcdefghijklmnopqrstuv"
    (tmp_path / "password").write_text(f"('SyncBot', BotPassword('sync', '{secret}'))\n")
    (tmp_path / "password").chmod(0o600)
    config = settings_copy(devwiki, tmp_path)
    result = run(str(BIN / "wikisync"), "--config", str(config), "ping")
    assert result.returncode == 3
    assert "refused the login of 'SyncBot'" in result.stderr
    assert "Special:BotPasswords" in result.stderr
    assert secret not in result.stdout + result.stderr


def test_a_password_file_readable_by_others_is_refused(devwiki: DevWiki, tmp_path: Path) -> None:
    (tmp_path / "password").write_text(devwiki.password_file.read_text())
    (tmp_path / "password").chmod(0o644)
    config = settings_copy(devwiki, tmp_path)
    result = run(str(BIN / "wikisync"), "--config", str(config), "ping")
    assert result.returncode == 2
    assert "can be read by other users" in result.stderr


def test_an_unreachable_wiki_is_reported_quickly(devwiki: DevWiki, tmp_path: Path) -> None:
    (tmp_path / "password").write_text(devwiki.password_file.read_text())
    (tmp_path / "password").chmod(0o600)
    api = f'"http://127.0.0.1:{free_port()}/api.php"'
    config = settings_copy(devwiki, tmp_path, api=api, max_retries="0")
    result = run(str(BIN / "wikisync"), "--config", str(config), "ping")
    assert result.returncode == 3, result.stderr
    assert "does not answer" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_ping_script_runs_directly_and_through_pwb(devwiki: DevWiki) -> None:
    env = {"PYWIKIBOT_DIR": str(devwiki.folder)}
    direct = run(sys.executable, str(REPO / "scripts" / "wikisync_ping.py"), env=env)
    assert direct.returncode == 0, direct.stderr
    assert "user:     SyncBot" in direct.stdout
    assert "bot flag: yes" in direct.stdout
    wrapped = run(str(BIN / "pwb"), "wikisync_ping", "-simulate", env=env, cwd=devwiki.folder)
    assert wrapped.returncode == 0, wrapped.stderr
    assert "bot flag: yes" in wrapped.stdout


def test_load_puts_files_on_the_wiki_by_the_title_convention(
    devwiki: DevWiki, tmp_path: Path
) -> None:
    page = tmp_path / "Let's Connect" / "Skills directory" / "Test_page.wiki"
    page.parent.mkdir(parents=True)
    page.write_text("{{Skills directory entry | username = Example }}\n")
    args = [str(BIN / "wikisync"), "devwiki", "load", "--dir", str(devwiki.folder), str(tmp_path)]
    first = run(*args)
    assert first.returncode == 0, first.stderr
    assert "created   Let's Connect/Skills directory/Test page" in first.stdout
    assert "unchanged" in run(*args).stdout
    editor = devwiki.editor()
    assert editor.text("Let's Connect/Skills directory/Test page") == page.read_text().rstrip()


def test_load_without_anything_to_load_is_a_usage_error(devwiki: DevWiki) -> None:
    result = run(str(BIN / "wikisync"), "devwiki", "load", "--dir", str(devwiki.folder))
    assert result.returncode == 2
    assert "give files or folders" in result.stderr


@pytest.mark.parametrize(
    "command", [["--help"], ["devwiki", "--help"], ["devwiki", "up", "--help"]]
)
def test_help_explains_each_command(command: list[str]) -> None:
    result = run(str(BIN / "wikisync"), *command)
    assert result.returncode == 0
    assert "Usage:" in result.stdout
