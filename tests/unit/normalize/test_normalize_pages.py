"""Normalising page by page, with parts cached per page revision, gives exactly what
normalising every entry at once gives; a cached part is used only under the same key."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

from wikisync.dev.bench import synthetic
from wikisync.interfaces import PageText
from wikisync.model import EntryKind, RawEntry, SourceRef, Taxonomy
from wikisync.normalize import normalise
from wikisync.normalize.directory import NormalisedPart, normalise_part
from wikisync.normalize.entry import EntryReader
from wikisync.normalize.pages import normalise_key, normalise_pages
from wikisync.normalize.skills import SkillIndex
from wikisync.normalize.stored import NORMALISE_RULES, decode_part, encode_part
from wikisync.reading.parsed import ParsedPage
from wikisync.reading.sources import SourceTitles, page_parser, taxonomy_of
from wikisync.settings.programme import Programme

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 6, 1)


class MemoryCache:
    """The normalised-entries cache of the state, in a dict, counting what is stored."""

    def __init__(self) -> None:
        self.rows: dict[str, tuple[int, str, str]] = {}
        self.stored: list[str] = []

    def cached_normalised(self, pages: Mapping[str, int], key: str) -> dict[str, str]:
        return {
            title: payload
            for title, (revision, row_key, payload) in self.rows.items()
            if pages.get(title) == revision and row_key == key
        }

    def store_normalised(self, items: Iterable[tuple[str, int, str, str]]) -> None:
        for title, revision, key, payload in items:
            self.rows[title] = (revision, key, payload)
            self.stored.append(title)


def case_pages(programme: Programme) -> list[ParsedPage]:
    """Every case page of ``data/`` as a directory page (people recur across them)."""
    paths = sorted(path for path in DATA.glob("*.wiki") if path.stem != "taxonomy")
    titles = SourceTitles(tuple(p.stem for p in paths), (), "", "")
    parse = page_parser(programme, titles)
    return [
        parse(PageText(path.stem, True, 10 + n, text=path.read_text(encoding="utf-8")))
        for n, path in enumerate(paths)
    ]


def sample_pages() -> tuple[list[ParsedPage], Taxonomy, Programme]:
    """The source pages of a small sample programme, registrations included."""
    built = synthetic.build(30, 11, with_files=True)
    titles = synthetic.source_titles(built.pages)
    programme = synthetic.programme_settings()
    parse = page_parser(programme, titles)
    pages = [parse(PageText(title, True, 5, text=built.pages[title])) for title in titles.all()]
    return pages, taxonomy_of({page.title: page for page in pages}, titles), programme


def all_entries(pages: list[ParsedPage]) -> list[RawEntry]:
    return [entry for page in pages for entry in page.entries]


def test_the_case_pages_normalise_as_all_their_entries_at_once(
    taxonomy: Taxonomy, programme: Programme
) -> None:
    pages = case_pages(programme)
    cold = normalise_pages(pages, taxonomy, programme, TODAY)
    assert cold == normalise(all_entries(pages), taxonomy, programme, TODAY)
    assert cold.merged and cold.problems


def test_a_warm_run_reuses_every_part_and_gives_the_same_directory(
    taxonomy: Taxonomy, programme: Programme
) -> None:
    pages = case_pages(programme)
    cache = MemoryCache()
    cold = normalise_pages(pages, taxonomy, programme, TODAY, cache=cache, source_key="p1")
    assert sorted(cache.stored) == sorted(page.title for page in pages if page.entries)
    cache.stored.clear()
    warm = normalise_pages(pages, taxonomy, programme, TODAY, cache=cache, source_key="p1")
    assert cache.stored == []
    assert warm == cold


def test_only_the_changed_page_is_normalised_again() -> None:
    pages, sample_taxonomy, sample_programme = sample_pages()
    cache = MemoryCache()
    normalise_pages(pages, sample_taxonomy, sample_programme, TODAY, cache=cache)
    cache.stored.clear()
    changed = dataclasses.replace(pages[1], revision=99, entries=pages[1].entries[:-3])
    edited = [pages[0], changed, *pages[2:]]
    warm = normalise_pages(edited, sample_taxonomy, sample_programme, TODAY, cache=cache)
    assert cache.stored == [changed.title]
    assert warm == normalise(all_entries(edited), sample_taxonomy, sample_programme, TODAY)


@pytest.mark.parametrize("change", ["day", "taxonomy", "settings", "parser"])
def test_a_part_is_not_reused_when_what_it_depends_on_changed(
    taxonomy: Taxonomy, programme: Programme, change: str
) -> None:
    pages = case_pages(programme)
    cache = MemoryCache()
    normalise_pages(pages, taxonomy, programme, TODAY, cache=cache, source_key="p1")
    cache.stored.clear()
    today, source_key = TODAY, "p1"
    if change == "day":
        today = TODAY + dt.timedelta(days=1)
    elif change == "taxonomy":
        taxonomy = Taxonomy(taxonomy.skills[1:])
    elif change == "settings":
        normalise_settings = dataclasses.replace(programme.normalise, max_capacity=3)
        programme = dataclasses.replace(programme, normalise=normalise_settings)
    else:
        source_key = "p2"
    again = normalise_pages(pages, taxonomy, programme, today, cache=cache, source_key=source_key)
    assert sorted(cache.stored) == sorted(page.title for page in pages if page.entries)
    assert again == normalise(all_entries(pages), taxonomy, programme, today)


def test_the_key_is_stable_and_names_what_it_depends_on(
    taxonomy: Taxonomy, programme: Programme
) -> None:
    key = normalise_key(programme, taxonomy, TODAY, "p1")
    assert key == normalise_key(programme, Taxonomy(tuple(taxonomy.skills)), TODAY, "p1")
    assert key != normalise_key(programme, taxonomy, TODAY, "p2")


def test_the_registration_export_is_normalised_last_and_never_cached(
    taxonomy: Taxonomy, programme: Programme
) -> None:
    pages = case_pages(programme)
    rows = [
        RawEntry(EntryKind.CSV, {"username": "Csv Person", "consent": "yes"}, SourceRef("csv:x")),
        RawEntry(EntryKind.CSV, {"username": "Shy Person"}, SourceRef("csv:x", index=1)),
    ]
    cache = MemoryCache()
    found = normalise_pages(pages, taxonomy, programme, TODAY, cache=cache, unpaged=rows)
    assert found == normalise([*all_entries(pages), *rows], taxonomy, programme, TODAY)
    assert not any(title.startswith("csv:") for title in cache.rows)
    assert found.withheld >= 1


def test_a_part_round_trips_through_its_payload(taxonomy: Taxonomy, programme: Programme) -> None:
    reader = EntryReader(SkillIndex(taxonomy), programme, TODAY)
    for page in case_pages(programme):
        part = normalise_part(page.entries, reader)
        assert decode_part(encode_part(part)) == part
    assert decode_part(encode_part(NormalisedPart())) == NormalisedPart()


@pytest.mark.parametrize(
    "payload", ["", "[", "{}", json.dumps([NORMALISE_RULES + 1, [], [], 0, 0])]
)
def test_a_payload_of_another_version_reads_as_nothing(payload: str) -> None:
    assert decode_part(payload) is None
