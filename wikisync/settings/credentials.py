"""Checks on the password file before pywikibot reads it.

The file uses pywikibot's format, one entry a line::

    ('SyncBot', BotPassword('sync', 'abcdefghijklmnopqrstuvwxyz012345'))

wikisync refuses a file that others can read, and one without an entry for the configured
account, instead of letting pywikibot quietly change the mode or prompt for a password.
Nothing here ever puts a password into a message.
"""

from __future__ import annotations

import ast
import stat
from pathlib import Path

from wikisync.errors import CredentialsError


def check_password_file(path: Path, user: str) -> None:
    """Refuse a missing, unsafe, or unusable password file for ``user``."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise CredentialsError(
            f"password file {path} does not exist; create it (mode 0600) with a line like "
            f"('{user}', BotPassword('appid', 'secret'))"
        ) from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CredentialsError(
            f"password file {path} can be read by other users (mode {stat.S_IMODE(mode):04o}); "
            f"run 'chmod 600 {path}'"
        )
    if user not in accounts_in(path.read_text(encoding="utf-8")):
        raise CredentialsError(
            f"password file {path} has no entry for {user!r}; add a line like "
            f"('{user}', BotPassword('appid', 'secret'))"
        )


def accounts_in(text: str) -> set[str]:
    """The account names that have an entry in password-file ``text``."""
    names: set[str] = set()
    for line in text.splitlines():
        entry = _parse_line(line)
        if entry is not None:
            names.add(entry[-2].replace("_", " "))
    return names


def botpassword_line(user: str, app_id: str, secret: str) -> str:
    """The password-file line for a BotPassword."""
    return f"({user!r}, BotPassword({app_id!r}, {secret!r}))\n"


def password_line(user: str, password: str) -> str:
    """The password-file line for an account's main password."""
    return f"({user!r}, {password!r})\n"


def _parse_line(line: str) -> tuple[str, ...] | None:
    line = line.strip()
    if not line or line.startswith("#"):
        return None
    try:
        entry = ast.literal_eval(line.replace("BotPassword", ""))
    except (ValueError, SyntaxError):
        return None
    if not isinstance(entry, tuple) or not 2 <= len(entry) <= 4:
        return None
    if not isinstance(entry[-2], str):
        return None
    return tuple(str(part) for part in entry)


def botpassword_for(text: str, user: str) -> tuple[str, str]:
    """The (app id, secret) of ``user``'s BotPassword in password-file ``text``."""
    for line in text.splitlines():
        if "BotPassword" not in line:
            continue
        entry = _parse_line(line)
        if entry is None or entry[-2].replace("_", " ") != user:
            continue
        secret = ast.literal_eval(line.replace("BotPassword", ""))[-1]
        if isinstance(secret, tuple) and len(secret) == 2:
            return str(secret[0]), str(secret[1])
    raise CredentialsError(f"the password file has no BotPassword for {user!r}")
