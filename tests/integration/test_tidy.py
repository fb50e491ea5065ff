"""Tidy mode: entries people wrote are rewritten in normalised form, carefully, on the real wiki."""

from __future__ import annotations

import json

import pytest

from wikisync.dev.devwiki import DevWiki
from wikisync.dev.editor import Editor
from wikisync.dev.sample import sample_programme
from wikisync.running import operations

MESSY = """People who joined at the workshop.

{{Skills directory entry
 | username  = {name}
 | region    = SSA <!-- from the form -->
 | languages = French, English
 | timezone  = africa/accra
 | share     = grant writing
 | learn     = Knitting
 | favourite colour = blue
}}
"""


@pytest.fixture(scope="module")
def tidy_wiki(devwiki: DevWiki) -> DevWiki:
    plan = sample_programme(30, 40, seed=3, per_page=30)
    settings = json.loads(plan.pages["User:SyncBot/wikisync.json"])
    settings["normalise"] = {"tidy": True}
    pages = dict(plan.pages)
    pages["User:SyncBot/wikisync.json"] = json.dumps(settings)
    pages["Let's Connect/Skills directory/Workshop"] = MESSY.replace("{name}", "Ama Workshop")
    pages["Let's Connect/Skills directory/Kept as is"] = "{{nobots}}\n" + MESSY.replace(
        "{name}", "Kofi Workshop"
    )
    devwiki.create_accounts([*plan.accounts, "Ama Workshop", "Kofi Workshop"])
    devwiki.load(pages, "tidy test")
    return devwiki


def test_tidy_rewrites_only_what_is_safe_and_only_once(tidy_wiki: DevWiki, human: Editor) -> None:
    config = str(tidy_wiki.settings_file)
    first = operations.sync(config)
    outcomes = {p.title: p for p in first.report.pages}
    assert outcomes["Let's Connect/Skills directory/Workshop"].outcome == "edited"
    text = human.text("Let's Connect/Skills directory/Workshop") or ""
    assert text.startswith("People who joined at the workshop.")
    assert "Sub-Saharan Africa" in text
    assert "<!-- from the form -->" in text
    assert "fr-3, en-3" in text or "fr, en" in text
    assert "Africa/Accra" in text
    assert "Knitting" in text  # an unknown skill is never dropped
    assert "favourite colour = blue" in text  # unknown parameters stay
    assert outcomes["Let's Connect/Skills directory/Kept as is"].outcome == "skipped"
    assert "SSA <!-- from the form -->" in (
        human.text("Let's Connect/Skills directory/Kept as is") or ""
    )
    second = operations.sync(config)
    assert second.report.edits == 0, [
        (p.title, p.outcome) for p in second.report.pages if p.outcome == "edited"
    ]
