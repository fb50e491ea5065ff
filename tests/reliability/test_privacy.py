"""Private registration fields never leave the run, and only trusted settings are used.

A run with a private CSV export (e-mail, real name, gender, age, phone) is followed by
``wikisync export``; then every private value is searched for in everything they
produced: every revision of every page and its edit summary (through the API), the
command's stdout and stderr with verbose logging, every file in the settings folders
(pywikibot's data, cookies and logs included), the state file and the export output.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fault_bench import Bench, cli_run, pywikibot_dir, run_command
from proxy import Proxy, action_is
from reliability_report import ReliabilityReport

from wikisync.dev.sample import DIRECTORY, REGISTRATIONS
from wikisync.errors import ConfigError, CredentialsError
from wikisync.running import operations
from wikisync.settings.programme import FIELDS, Templates

SETTINGS = "User:SyncBot/wikisync.json"

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


def every_revision(bench: Bench, user: str = "") -> str:
    """The text and edit summary of every revision of every page on the wiki (by ``user``
    only, when given)."""
    editor = bench.wiki.editor()
    params: dict[str, Any] = {
        "action": "query", "list": "allrevisions", "arvprop": "content|comment",
        "arvslots": "main", "arvlimit": "max", **({"arvuser": user} if user else {}),
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


@dataclass(frozen=True)
class Disguised:
    """A value with contact details written the way people hide them, and its secret parts."""

    value: str
    secrets: tuple[str, ...]


#: Contact details in the disguises editors use; the secrets are what must never show.
CORPUS = (
    Disguised("jroe (AT) example DOT com", ("jroe",)),
    Disguised("kwabenaq [at] mailhost [dot] org", ("kwabenaq",)),
    Disguised("zanelepriv at example dot org", ("zanelepriv",)),
    Disguised("efuahidden＠example.org", ("efuahidden",)),
    Disguised("abenax(at)example(dot)com", ("abenax",)),
    Disguised("+233 20 555 0147", ("233205550147",)),
    Disguised("(0244) 321-987-65", ("024432198765",)),
    Disguised("call 0712.345.678 after six", ("0712345678",)),
    Disguised("Jane Roe <jroe (AT) example DOT com>", ("Jane Roe", "jroe")),
    Disguised("Kofi Obscurename <kofiob [at] example [dot] org>", ("Kofi Obscurename", "kofiob")),
    Disguised("Ama Hiddenfamily, +233 24 777 0199", ("Ama Hiddenfamily", "233247770199")),
)
_BETWEEN_DIGITS = re.compile(r"(?<=\d)[\s().\-/\u00a0]+(?=\d)")


def corpus_entries(accounts: list[str], skill: str) -> list[dict[str, str]]:
    """For each disguised value: in every field but the name, as the name, in every field
    at once, and in the free-text fields of an otherwise valid entry (published paths)."""
    entries = []
    for number, item in enumerate(CORPUS):
        account = accounts[number % len(accounts)]
        every = dict.fromkeys(FIELDS, item.value)
        entries += [
            {**every, "username": account, "consent": "yes", "public": "yes"},
            {"username": item.value, "consent": "yes", "share": skill},
            every,
            {"username": account, "consent": "yes", "share": skill, "learn": skill,
             "affiliation": item.value, "projects": item.value, "country": item.value},
        ]  # fmt: skip
    return entries


def entries_wikitext(template: str, entries: list[dict[str, str]]) -> str:
    names = Templates()
    return "\n".join(
        "{{" + template + "\n"
        + "".join(f" | {names.names_of(f).name} = {v}\n" for f, v in entry.items())
        + "}}"
        for entry in entries
    )  # fmt: skip


def entries_csv(entries: list[dict[str, str]]) -> str:
    lines = [",".join(FIELDS)]
    for entry in entries:
        lines.append(",".join('"' + entry.get(f, "").replace('"', '""') + '"' for f in FIELDS))
    return "\n".join(lines) + "\n"


def entries_table(entries: list[dict[str, str]]) -> str:
    """The entries as one wikitable whose header row names every field."""
    names = Templates()
    header = "! " + " !! ".join(names.names_of(f).name for f in FIELDS)
    rows = ["|-\n| " + " || ".join(entry.get(f, "") for f in FIELDS) for entry in entries]
    return "\n".join(['{| class="wikitable"', header, *rows, "|}"])


def entries_json(entries: list[dict[str, str]]) -> str:
    """The entries as a JSON list of people, keyed by the fields' names."""
    names = Templates()
    people = [{names.names_of(f).name: v for f, v in entry.items()} for entry in entries]
    return json.dumps(people, ensure_ascii=False, indent=1)


def with_readers(settings_text: str, readers: list[dict[str, Any]]) -> str:
    """The programme settings page with extra ``readers``."""
    settings = json.loads(settings_text or "{}")
    settings.setdefault("sources", {})["readers"] = readers
    return json.dumps(settings, ensure_ascii=False, indent=1)


def leaked_secrets(produced: dict[str, str]) -> dict[str, list[str]]:
    """Each corpus secret found in ``produced`` (digits also with separators removed), with
    the names of the outputs it was found in."""
    found: dict[str, list[str]] = {}
    for name, text in produced.items():
        digits = _BETWEEN_DIGITS.sub("", text)
        for item in CORPUS:
            for secret in item.secrets:
                if secret in text or (secret.isdigit() and secret in digits):
                    found.setdefault(secret, []).append(name)
    return found


def every_file_by_name(folder: Path) -> dict[str, str]:
    """The bytes of every file under ``folder``, as text, by path; the bench's copies of
    the wiki's database (``snapshots``, human-written pages included) aside."""
    return {
        str(path): path.read_bytes().decode("utf-8", "replace")
        for path in folder.rglob("*")
        if path.is_file() and "snapshots" not in path.relative_to(folder).parts
    }


def test_disguised_contact_details_in_every_field_of_every_source_appear_nowhere(
    at_start: Bench, report: ReliabilityReport, tmp_path: Path
) -> None:
    accounts = list(at_start.plan.accounts[2:8])
    skill = at_start.plan.taxonomy.skills[0].label
    human = at_start.wiki.editor()
    directory = entries_wikitext("Skills directory entry", corpus_entries(accounts, skill))
    human.edit(f"{DIRECTORY}/Corpus", directory, "more participants")
    registrations = entries_wikitext(
        "Skills directory registration", corpus_entries(accounts, skill)
    )
    human.edit(REGISTRATIONS, (human.text(REGISTRATIONS) or "") + "\n" + registrations, "sign-ups")
    table, people = f"{DIRECTORY} table/Corpus", f"{DIRECTORY} list/Corpus"
    human.edit(table, entries_table(corpus_entries(accounts, skill)), "a table of participants")
    human.edit(people, entries_json(corpus_entries(accounts, skill)), "a list of participants")
    readers = [{"titles": [table], "format": "table"}, {"titles": [people], "format": "json"}]
    human.edit(SETTINGS, with_readers(human.text(SETTINGS) or "", readers), "read them too")
    export = tmp_path / "signups.csv"
    export.write_text(entries_csv(corpus_entries(accounts, skill)), encoding="utf-8")
    export.chmod(0o600)
    config = at_start.config("corpus", max_retries=3, timeout=30)
    with config.open("a", encoding="utf-8") as settings:
        settings.write(f'\n[registrations]\ncsv = "{export}"\n')
    env = {**os.environ, "PYWIKIBOT_DIR": str(pywikibot_dir(at_start.root))}
    wikisync = str(Path(sys.executable).parent / "wikisync")
    commands = [
        [*run_command(config), "--verbose"],
        [wikisync, "--config", str(config), "export", "--format", "json"],
        [wikisync, "--config", str(config), "export", "--format", "csv"],
        [wikisync, "--config", str(config), "check"],
    ]
    produced: dict[str, str] = {}
    for command in commands:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=300, check=False,
            cwd=at_start.root, env=env,
        )  # fmt: skip
        assert done.returncode in (0, 1), done.stderr[-2000:]
        name = " ".join(command[3:])
        produced |= {f"{name}: stdout": done.stdout, f"{name}: stderr": done.stderr}
    produced["bot revisions"] = every_revision(at_start, user="SyncBot")
    assert "Corpus" in produced["bot revisions"]  # the run wrote pages that name the sources
    assert accounts[0] in produced["export --format json: stdout"]
    assert f"{table}:" in produced["check: stdout"]  # the readers read the corpus pages
    assert f"{people}:" in produced["check: stdout"]
    produced |= every_file_by_name(at_start.root)
    leaked = leaked_secrets(produced)
    secrets = sum(len(item.secrets) for item in CORPUS)
    placements = 5 * len(corpus_entries(accounts, skill))
    report.private_values(secrets, len(leaked))
    print(f"corpus: {len(CORPUS)} values, {secrets} secrets, {placements} entries and rows")
    assert leaked == {}


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
