"""The bot a competent operator might write with pywikibot, to compare wikisync against.

It uses the same parse, normalise, match and render functions as wikisync, and pywikibot
the way its tutorials do: ``pywikibot.Page(site, title).text`` for every source page,
then for every generated page read it, put the new text between the markers and
``page.save()`` it. It keeps no state: no parse cache, no revision check, no memory of
what it wrote; MediaWiki itself drops a save whose text did not change. Keeping no state,
it reads the indicators page but writes no Shared measurement page (values period by period
need the earlier runs').
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pywikibot

from wikisync.interfaces import PageText
from wikisync.matching import MatchHistory, MatchSettings, match
from wikisync.model import Taxonomy
from wikisync.normalize import normalise
from wikisync.reading.parsed import ParsedPage
from wikisync.reading.sources import SourceTitles, indicators_title, page_parser
from wikisync.render.context import RenderContext
from wikisync.render.markers import replace_section, wrap
from wikisync.render.pages.desired import RenderInput, desired_pages
from wikisync.render.settings import PageSettings
from wikisync.settings.programme import PageSet, Programme

SUMMARY = "Update from the programme directory"


@dataclass(frozen=True, slots=True)
class NaiveRun:
    """What one naive run did: pages read and parsed, pages saved."""

    pages_fetched: int
    pages_parsed: int
    saves: int


def run_naive(
    site: Any, programme: Programme, pages: PageSettings, today: dt.date, bot: str
) -> NaiveRun:
    """Read every source page, rebuild every generated page below ``pages.prefix``, save all.

    ``site`` is a logged-in ``pywikibot.Site``.
    """
    titles = _source_titles(site, programme)
    parse = page_parser(programme, titles)
    parsed = [_read_and_parse(site, title, parse) for title in titles.all()]
    skills = Taxonomy(tuple(skill for page in parsed for skill in page.skills))
    raw = [entry for page in parsed for entry in page.entries]
    feedback = [item for page in parsed for item in page.feedback]
    directory = normalise(raw, skills, programme, today)
    settings = MatchSettings.from_mapping(programme.matching)
    result = match(directory.people, skills, feedback, MatchHistory(), settings, today)
    ctx = RenderContext.build(pages, skills, directory.people)
    problems = [*(p for page in parsed for p in page.problems), *directory.problems]
    rendered = desired_pages(RenderInput(result, problems, feedback), ctx)
    for title, (marker, body) in rendered.items():
        _save(site, title, marker, body, bot)
    return NaiveRun(len(titles.all()), len(parsed), len(rendered))


def _source_titles(site: Any, programme: Programme) -> SourceTitles:
    sources = programme.sources
    return SourceTitles(
        directory=_page_set_titles(site, sources.directory),
        registrations=sources.registrations.titles,
        taxonomy=sources.taxonomy,
        feedback=sources.feedback,
        resources=_page_set_titles(site, sources.resources),
        organisations=_page_set_titles(site, sources.organisations),
        indicators=indicators_title(
            sources.indicators, PageSettings.from_mapping(programme.pages).prefix
        ),
    )


def _page_set_titles(site: Any, pages: PageSet) -> tuple[str, ...]:
    """The titles ``pages`` lists, and those below its prefix, sorted."""
    titles = list(pages.titles)
    if pages.prefix:
        start = pywikibot.Page(site, pages.prefix)
        found = site.allpages(prefix=start.title(with_ns=False), namespace=start.namespace())
        titles += [page.title() for page in found]
    return tuple(sorted(set(titles)))


def _read_and_parse(site: Any, title: str, parse: Callable[[PageText], ParsedPage]) -> ParsedPage:
    page = pywikibot.Page(site, title)
    text = page.text
    if not page.exists():
        return ParsedPage(title, 0, exists=False)
    return parse(PageText(title, True, int(page.latest_revision_id), text=text))


def _save(site: Any, title: str, marker: str, body: str, bot: str) -> None:
    page = pywikibot.Page(site, title)
    old = page.text
    new = replace_section(old, marker, body) if old else None
    page.text = new if new is not None else wrap(marker, body)
    page.save(summary=f"{bot}: {SUMMARY}", minor=True, bot=True, quiet=True)
