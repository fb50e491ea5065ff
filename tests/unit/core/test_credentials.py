"""The password file is refused when unsafe or unusable, and never quoted."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikisync.errors import CredentialsError
from wikisync.settings.credentials import (
    accounts_in,
    botpassword_for,
    botpassword_line,
    check_password_file,
    password_line,
)

SECRET = "abcdefghijklmnopqrstuvw012345678"


def write(path: Path, text: str, mode: int) -> Path:
    path.write_text(text)
    path.chmod(mode)
    return path


def test_an_owner_only_file_with_an_entry_is_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "password", botpassword_line("Sync Bot", "sync", SECRET), 0o600)
    check_password_file(path, "Sync Bot")


def test_a_file_readable_by_others_is_refused_without_changing_it(tmp_path: Path) -> None:
    path = write(tmp_path / "password", botpassword_line("SyncBot", "sync", SECRET), 0o644)
    with pytest.raises(CredentialsError, match="chmod 600") as caught:
        check_password_file(path, "SyncBot")
    assert SECRET not in str(caught.value)
    assert path.stat().st_mode & 0o777 == 0o644


def test_a_missing_file_or_account_is_explained(tmp_path: Path) -> None:
    with pytest.raises(CredentialsError, match="does not exist"):
        check_password_file(tmp_path / "nope", "SyncBot")
    path = write(tmp_path / "password", password_line("Other", SECRET), 0o600)
    with pytest.raises(CredentialsError, match="no entry for 'SyncBot'") as caught:
        check_password_file(path, "SyncBot")
    assert SECRET not in str(caught.value)


def test_entries_of_every_pywikibot_form_are_recognised() -> None:
    text = (
        "# comment\n\n"
        + botpassword_line("Sync_Bot", "sync", SECRET)
        + password_line("Admin", "pw")
        + "('en', 'wikipedia', 'Local', 'pw')\n"
        + "not python at all\n"
    )
    assert accounts_in(text) == {"Sync Bot", "Admin", "Local"}
    assert botpassword_for(text, "Sync Bot") == ("sync", SECRET)
    with pytest.raises(CredentialsError):
        botpassword_for(text, "Admin")
