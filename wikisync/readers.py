"""Directory entries from a source page, in the format its page set names.

Every format has one reader with the same output: raw entries with their provenance and the
problems found, so that normalisation, problems and privacy rules are the same whatever
shape a programme keeps its people in. The directory's own pages and the pages of a
reader of the ``template`` format hold entry templates (:func:`wikisync.parse.parse_entries`).

The ``json`` and ``tabular`` formats read JSON lists of people, mentor lists and Commons-style
tabular data (:mod:`wikisync.jsonpages`); the ``categories`` format reads profile pages whose
categories the taxonomy maps to skills (:mod:`wikisync.profiles`).
"""

from __future__ import annotations

from wikisync.jsonpages import read_json_people, read_tabular_people
from wikisync.model import EntryKind, Problem, RawEntry
from wikisync.parse import parse_entries
from wikisync.profiles import read_profile
from wikisync.programme import PageFormat, PageSet, Programme, Reader

#: The reader of the directory's own pages: entry templates.
DIRECTORY_READER = Reader(pages=PageSet())


def reader_for(title: str, programme: Programme) -> Reader:
    """The reader whose page set names ``title``; the entry-template reader otherwise."""
    for reader in programme.sources.readers:
        if reader.pages.names(title):
            return reader
    return DIRECTORY_READER


def read_entries(
    reader: Reader,
    text: str,
    title: str,
    revision: int,
    programme: Programme,
    *,
    page: str = "",
) -> tuple[list[RawEntry], list[Problem]]:
    """The directory entries ``reader`` finds on a page, with the problems it met.

    ``page`` names the page in provenance and problems when that is not its title (a local
    file's path); a profile page's account always comes from its title.
    """
    if page and reader.format is PageFormat.CATEGORIES:
        return read_profile(text, title, revision, page=page)
    title = page or title
    match reader.format:
        case PageFormat.TEMPLATE:
            return parse_entries(text, title, revision, EntryKind.DIRECTORY, programme.templates)
        case PageFormat.JSON:
            return read_json_people(text, title, revision, programme.templates)
        case PageFormat.TABULAR:
            return read_tabular_people(text, title, revision, programme.templates)
        case PageFormat.CATEGORIES:
            return read_profile(text, title, revision)
