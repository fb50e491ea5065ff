"""Raw values with contact details are withheld as soon as a page is parsed, so the parse
cache kept between runs holds nothing of them, and normalising still reports them."""

from __future__ import annotations

import datetime as dt

from wikisync.model import Taxonomy
from wikisync.normalize import normalise
from wikisync.reading.parsed import encode
from wikisync.reading.sources import SourceTitles, page_parser
from wikisync.settings.programme import load_programme
from wikisync.wiki import PageText

PAGE = """{{Skills directory entry
 | username    = Ama
 | affiliation = Jane Roe <jroe (AT) example DOT com>
 | country     = call +233 20 555 0147
 | projects    = Wikidata
}}
{{Skills directory entry
 | username = Kofi Obscurename <kofiob [at] example [dot] org>
 | junie＠example.org = x
}}
"""


def test_the_parse_kept_between_runs_holds_no_contact_details() -> None:
    programme = load_programme({})
    titles = SourceTitles(directory=("Directory",), registrations=(), taxonomy="", feedback="")
    parsed = page_parser(programme, titles)(PageText("Directory", True, 7, text=PAGE))
    kept = encode(parsed)
    for secret in ("jroe", "Jane Roe", "555 0147", "Obscurename", "kofiob", "junie"):
        assert secret not in kept
    result = normalise(list(parsed.entries), Taxonomy(()), programme, dt.date(2026, 6, 1))
    assert [p.projects for p in result.people] == [("Wikidata",)]
    private = sorted((p.field or "") for p in result.problems if p.code == "private-value")
    assert private == ["affiliation", "country", "username"]
