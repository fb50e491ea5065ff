"""One programme keeping its people in three shapes, read, matched and written by ``wikisync run``.

Entry templates on the directory pages, profiles on user subpages with a Babel box, and a
wikitable page: every entry on those pages reaches a record or a problem, and the people
of all three shapes are on the Matches page.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from wikisync.dev.devwiki import DevWiki
from wikisync.dev.editor import Editor

BIN = Path(sys.executable).parent
SETTINGS = "User:SyncBot/wikisync.json"
DIRECTORY = "Shapes/Skills directory/Main"
TABLE = "Shapes/Translators"
PROFILES = ("User:Ama Shape/Let's Connect", "User:Bea Shape/Let's Connect")
TAXONOMY = "Shapes/Skills taxonomy"
PRIVATE = ("cy.private@example.org", "+44 7700 900123")

PAGES = {
    "User:SyncBot/Run": "yes\n",
    SETTINGS: json.dumps(
        {
            "sources": {
                "directory": {"prefix": "Shapes/Skills directory/"},
                "taxonomy": TAXONOMY,
                "readers": [
                    {
                        "titles": list(PROFILES),
                        "template": "Let's Connect profile",
                        "username_from_title": True,
                        "babel": True,
                    },
                    {"titles": [TABLE], "format": "table"},
                ],
            },
            "pages": {"prefix": "Shapes", "status": "User:SyncBot/Status"},
        }
    ),
    TAXONOMY: "{{Skill|id=lua|label=Lua}}\n{{Skill|id=sparql|label=SPARQL}}\n"
    "{{Skill|id=python|label=Python}}\n{{Skill|id=photo|label=Photography}}\n",
    DIRECTORY: "{{Skills directory entry|username=Dan Shape|languages=en-N|share=Python"
    "|learn=Lua}}\n{{Skills directory entry|username=Eve Shape|languages=en-2|share=Photography"
    "|learn=SPARQL}}\n",
    PROFILES[0]: "{{#babel:sw|en-3}}\n{{Let's Connect profile|username=Someone Else"
    "|share=Lua|learn=Photography}}\nHello!\n",
    PROFILES[1]: "{{Babel|fr|en-4|User Wikidata}}\n{{Let's Connect profile|share=SPARQL"
    "|learn=Python}}\n",
    TABLE: 'Our translators.\n{| class="wikitable"\n! Username !! scope="col" | Languages'
    " !! Share !! Learn\n|-\n| [[User:Cy Shape|Cy]] || en-N, de-2 || SPARQL || Python\n|-\n"
    "| Fay Shape || en || Lua\n|-\n"
    f"| Gus Shape <{PRIVATE[0]}> || en || Lua || SPARQL\n|-\n"
    f"| Hal Shape || en, {PRIVATE[1]} || Photography || Lua\n|}}\n",
}
ACCOUNTS = ("Ama Shape", "Bea Shape", "Cy Shape", "Dan Shape", "Eve Shape", "Fay Shape",
            "Gus Shape", "Hal Shape")  # fmt: skip


@pytest.fixture(scope="module")
def loaded(devwiki: DevWiki) -> DevWiki:
    devwiki.create_accounts(ACCOUNTS)
    devwiki.load(PAGES, "three shapes")
    return devwiki


def wikisync(devwiki: DevWiki, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "wikisync"), "--config", str(devwiki.settings_file), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_three_shapes_are_read_matched_and_written(loaded: DevWiki, human: Editor) -> None:
    done = wikisync(loaded, "run", "--force")
    assert done.returncode in (0, 1), done.stdout + done.stderr
    assert "7 entries -> 6 people" in done.stdout
    matches = human.text("Shapes/Matches") or ""
    for person in ("Dan Shape", "Ama Shape", "Bea Shape", "Cy Shape"):
        assert person in matches, person
    problems = human.text("Shapes/Directory problems") or ""
    for code in ("title-username", "table-row-cells", "private-value", "missing-username"):
        assert f"| {code}\n" in problems, code
    assert "== [[:Shapes/Translators|" in problems
    written = matches + problems + (human.text("User:SyncBot/Status") or "") + done.stderr
    assert not any(value in written for value in PRIVATE)
    assert "Someone Else" not in matches
