"""Languages as readers see them: names in the page's language, Babel levels in words."""

from __future__ import annotations

import datetime as dt

import langcodes
import mwparserfromhell
import pytest
from mwparserfromhell.nodes import Tag

from wikisync.matching import MatchSettings, figures_of
from wikisync.model import NATIVE, Language, MatchResult, Person, Reason, SourceRef, Taxonomy
from wikisync.render import PageSettings, RenderContext
from wikisync.render.i18n import SUPPORTED_LANGUAGES, messages_for
from wikisync.render.pages.statistics import languages_section
from wikisync.render.reasons import reason_text

SPOKEN = ("en", "fr", "zh", "ast", "es")
TODAY = dt.date(2026, 3, 1)


def _people() -> tuple[Person, ...]:
    return tuple(
        Person(f"P{number}", SourceRef("D"), languages=(Language(code, 3), Language("en", NATIVE)))
        for number, code in enumerate(SPOKEN)
    )


def _first_cells(wikitext: str) -> list[str]:
    """The first cell of every data row of the tables in ``wikitext``, stripped."""
    cells = []
    for tag in mwparserfromhell.parse(wikitext).filter_tags(recursive=True):
        if isinstance(tag, Tag) and str(tag.tag) == "tr":
            row = [cell for cell in tag.contents.filter_tags(recursive=False) if cell.tag == "td"]
            if row:
                cells.append(str(row[0].contents).strip())
    return cells


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_statistics_name_languages_in_the_page_language(lang: str) -> None:
    people = _people()
    ctx = RenderContext.build(PageSettings(language=lang), Taxonomy(()), people)
    figures = figures_of(people, Taxonomy(()), MatchResult(), (), MatchSettings(), TODAY)
    cells = _first_cells(languages_section(figures, ctx))
    names = {code: langcodes.Language.get(code).language_name(lang) for code in SPOKEN}
    assert cells[0] in (names["en"], f"<bdi>{names['en']}</bdi>")
    assert {cell.removeprefix("<bdi>").removesuffix("</bdi>") for cell in cells} == set(
        names.values()
    )
    assert not set(cells) & set(SPOKEN)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Common language: Spanish (intermediate)"),
        ("fr", "Langue commune : espagnol (intermédiaire)"),
        ("es", "Idioma en común: español (intermedio)"),
        ("pt", "Idioma em comum: espanhol (intermediário)"),
        ("ar", "لغة مشتركة: الإسبانية (متوسط)"),
    ],
)
def test_common_language_reason_names_language_and_level(lang: str, expected: str) -> None:
    assert reason_text(Reason("common-language", ("es", 2)), messages_for(lang)) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("fr", NATIVE), "Common language: French (native)"),
        (("fr", 0), "Common language: French (no knowledge)"),
        (("en", 5, "ast", 1), "Common languages: English (professional), Asturian (basic)"),
        (("en",), "Common language: English"),
        (("x<y", 3), "Common language: x&#60;y (advanced)"),
    ],
)
def test_common_language_reason_forms(args: tuple[str | int, ...], expected: str) -> None:
    assert reason_text(Reason("common-language", args), messages_for("en")) == expected


def test_a_name_written_left_to_right_is_isolated_on_arabic_pages() -> None:
    text = reason_text(Reason("common-language", ("dag", NATIVE)), messages_for("ar"))
    assert text == "لغة مشتركة: <bdi>Dagbani</bdi> (لغة أم)"
