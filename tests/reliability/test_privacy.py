"""Private registration fields never leave the run, and only trusted settings are used.

A run with a private CSV export (e-mail, real name, gender, age, phone) is followed by
``wikisync export``; then every private value is searched for in everything they
produced: every revision of every page and its edit summary (through the API), the
command's stdout and stderr with verbose logging, every file in the settings folders
(pywikibot's data, cookies and logs included), the state file and the export output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from fault_bench import Bench, cli_run, pywikibot_dir, run_command
from proxy import Proxy, action_is
from reliability_report import ReliabilityReport

from wikisync import operations
from wikisync.errors import ConfigError, CredentialsError

PRIVATE = [
    "zawadi.private@example.org", "Zawadi Njeri Otieno", "genderqueer-private", "+254 711 222 333",
    "ines.p@example.net", "Inés Paredes Quispe", "woman-private", "+51 944 555 666",
    "tomas.n@example.com", "Tomás Newcomer Ruiz", "man-private", "+34 600 111 222",
]  # fmt: skip
#: A registrant with no directory entry: their row alone decides what is published.
NEWCOMER = "Privacy Newcomer"


def private_csv(folder: Path, accounts: list[str]) -> Path:
    """A registration export with every kind of private field: two people already in the
    directory, and one newcomer whose registration is all the bot knows of them."""
    path = folder / "registrations.csv"
    path.write_text(
        "username,consent,languages,timezone,share,learn,email,real name,age,gender,phone\n"
        f"{accounts[0]},yes,sw-N,Africa/Nairobi,Budgeting,Photography,{PRIVATE[0]},"
        f"{PRIVATE[1]},37,{PRIVATE[2]},{PRIVATE[3]}\n"
        f"{accounts[1]},yes,es-N,America/Lima,Photography,Budgeting,{PRIVATE[4]},"
        f"{PRIVATE[5]},52,{PRIVATE[6]},{PRIVATE[7]}\n"
        f"{NEWCOMER},yes,es-N,Europe/Madrid,Photography,Budgeting,{PRIVATE[8]},"
        f"{PRIVATE[9]},29,{PRIVATE[10]},{PRIVATE[11]}\n",
        encoding="utf-8",
    )
    return path


def every_revision(bench: Bench) -> str:
    """The text and edit summary of every revision of every page on the wiki."""
    editor = bench.wiki.editor()
    params: dict[str, Any] = {
        "action": "query", "list": "allrevisions", "arvprop": "content|comment",
        "arvslots": "main", "arvlimit": "max",
    }  # fmt: skip
    parts: list[str] = []
    while True:
        data = editor._get(**params)
        for page in data["query"]["allrevisions"]:
            for revision in page["revisions"]:
                content = revision.get("slots", {}).get("main", {}).get("content", "")
                parts += [content, revision.get("comment", "")]
        if "continue" not in data:
            return "\n".join(parts)
        params.update(data["continue"])


def every_file(folder: Path) -> str:
    """The bytes of every file under ``folder``, as text."""
    return "\n".join(
        path.read_bytes().decode("utf-8", "replace") for path in folder.rglob("*") if path.is_file()
    )


def test_private_fields_appear_nowhere_the_run_and_export_left_anything(
    at_start: Bench, report: ReliabilityReport, tmp_path: Path
) -> None:
    csv_file = private_csv(tmp_path, list(at_start.plan.accounts[:2]))
    config = at_start.steady
    run = subprocess.run(
        [*run_command(config), "--csv", str(csv_file), "--verbose"], capture_output=True,
        text=True, timeout=180, check=False, cwd=at_start.root,
        env={**os.environ, "PYWIKIBOT_DIR": str(pywikibot_dir(at_start.root))},
    )  # fmt: skip
    assert run.returncode in (0, 1), run.stderr[-2000:]
    exports = [operations.export(str(config), fmt) for fmt in ("json", "csv")]
    assert at_start.plan.accounts[0] in exports[0]
    produced = "\n".join(
        [every_revision(at_start), run.stdout, run.stderr, every_file(at_start.root), *exports]
    )
    leaked = [value for value in PRIVATE if value in produced]
    report.private_values(len(PRIVATE), len(leaked))
    assert leaked == []


def test_a_password_file_others_can_read_is_refused_before_any_request(
    at_start: Bench, proxy: Proxy, tmp_path: Path
) -> None:
    exposed = tmp_path / "password"
    shutil.copyfile(at_start.wiki.password_file, exposed)
    exposed.chmod(0o644)
    config = at_start.config("exposed")
    config.write_text(
        config.read_text().replace(str(at_start.wiki.password_file), str(exposed)),
        encoding="utf-8",
    )
    with pytest.raises(CredentialsError, match="can be read by other users"):
        operations.sync(str(config))
    assert proxy.count(lambda r: True) == 0


@pytest.mark.parametrize(
    "page", ["Let's Connect/wikisync.json", "User:Admin/wikisync.json", "User:SyncBot/Run"]
)
def test_settings_are_only_taken_from_the_json_page_in_the_bots_user_space(
    page: str, at_start: Bench, proxy: Proxy
) -> None:
    at_start.wiki.editor().edit(page, '{"pages": {"prefix": "Main Page"}}')
    config = at_start.config("untrusted")
    config.write_text(
        config.read_text().replace("User:SyncBot/wikisync.json", page), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="bot's user space"):
        operations.sync(str(config))
    assert proxy.count(action_is("edit")) == 0
    assert cli_run(at_start, config).returncode == 2
