"""Pre-filled forms: the clinic proposal page MediaWiki preloads, and the links to it."""

from __future__ import annotations

import re
import urllib.parse

import pytest
from render_tables import data_rows

from wikisync.model import MatchResult
from wikisync.render import render_clinics
from wikisync.render.context import RenderContext
from wikisync.render.escape import Wikitext
from wikisync.render.markers import find_section, replace_section, wrap
from wikisync.render.pages import forms
from wikisync.render.settings import PageSettings
from wikisync.render.summaries import page_summary

LINK = re.compile(
    r"^\[\{\{fullurl:\{\{TALKPAGENAME:(?P<page>[^{}]+)\}\}\|(?P<query>[^{}]+)\}\} (?P<label>.+)\]$"
)


def preloaded(page_text: str, values: list[str]) -> str:
    """What MediaWiki 1.39 puts in the edit box (``Parser::getPreloadText``): ``$n``
    replaced by ``values``, ``<noinclude>`` sections dropped, ``<includeonly>`` tags
    removed and their content kept."""
    text = re.sub(r"\$(\d+)", lambda m: values[int(m.group(1)) - 1], page_text)
    text = re.sub(r"<noinclude>.*?(</noinclude>|$)", "", text, flags=re.DOTALL)
    return re.sub(r"</?includeonly>", "", text)


def query_of(cell: str) -> tuple[str, list[tuple[str, str]], str]:
    match = LINK.match(cell)
    assert match, cell
    return match["page"], urllib.parse.parse_qsl(match["query"]), match["label"]


def test_the_form_page_preloads_the_proposal_and_nothing_of_the_bot(ctx: RenderContext) -> None:
    body = forms.form_pages(ctx)[ctx.settings.clinic_form_title]
    page = wrap(forms.MARKER, body, hidden=True)
    assert find_section(page, forms.MARKER) == body
    text = preloaded(page, ["[[:Skill|Skill]]", "Bruno (willing to host)", "none", "14:00"])
    assert text == (
        "I propose a learning clinic on [[:Skill|Skill]] "
        "(from [[:Let's Connect/Learning clinics/Candidates|"
        "Let&#39;s Connect/Learning clinics/Candidates]]).\n"
        "* Suggested hosts: Bruno (willing to host)\n"
        "* Interpretation needed for: none\n"
        "* Suggested times (UTC): 14:00\n"
        "Who would host it, on which date, and in which languages? ~~~~"
    )
    assert "wikisync" not in text and "~~~~" not in body


def test_an_update_keeps_the_markers_hidden(ctx: RenderContext) -> None:
    page = "Lead by an editor.\n" + wrap(forms.MARKER, "old", hidden=True) + "\n[[Category:Forms]]"
    body = forms.clinic_proposal_form(ctx)
    updated = replace_section(page, forms.MARKER, body)
    assert updated is not None and updated.endswith("</noinclude>\n[[Category:Forms]]")
    assert preloaded(updated, ["s", "h", "i", "t"]).startswith("Lead by an editor.\nI propose")


def test_each_candidate_links_to_a_new_section_filled_with_its_row(
    result: MatchResult, ctx: RenderContext
) -> None:
    [row] = data_rows(render_clinics(result, ctx))
    page, query, label = query_of(row[-1])
    assert page == "Let's Connect/Learning clinics/Candidates" and label == "propose this clinic"
    assert query[:4] == [
        ("action", "edit"),
        ("section", "new"),
        ("preload", "Let's Connect/Forms/Clinic proposal"),
        ("preloadtitle", "Learning clinic proposal: Proposal writing"),
    ]
    params = [value for key, value in query[4:] if key == "preloadparams[]"]
    assert params == [row[1], row[6], row[8], row[10]]
    assert len(query) == 8


@pytest.mark.parametrize("value", ["~~~~", "__NOTOC__", "a|b]] [[x", "{{x}}", "100% & more"])
def test_values_are_percent_encoded_whole(value: str) -> None:
    link = forms.new_section_link("P", "Forms/F", "Heading", [value], Wikitext("go"))
    page, query, _ = query_of(link)
    assert page == "P" and query[-1] == ("preloadparams[]", value)
    raw = LINK.match(link)
    assert raw and re.fullmatch(r"[A-Za-z0-9%&=.-]+", raw["query"])


def test_an_invalid_title_gives_the_label_alone() -> None:
    assert forms.new_section_link("Bad[title", "F", "H", [], Wikitext("go")) == "go"
    assert forms.new_section_link("P", "F#section", "H", [], Wikitext("go")) == "go"


def test_the_form_lives_under_the_forms_setting() -> None:
    settings = PageSettings.from_mapping({"prefix": "Peer", "forms": "Preload"})
    assert settings.clinic_form_title == "Peer/Preload/Clinic proposal"


def test_a_created_form_is_summarised_as_a_form(ctx: RenderContext) -> None:
    body = forms.clinic_proposal_form(ctx)
    assert page_summary("form", None, body, ctx.messages) == (
        "created: the form that the bot's links fill in"
    )
    assert page_summary("form", body + "x", body, ctx.messages) == "text updated"
