"""Directory entries from a source page, in the format its page set names.

Every format has one reader with the same output: raw entries with their provenance and the
problems found, so that normalisation, problems and privacy rules are the same whatever
shape a programme keeps its people in. The directory's own pages and the pages of a
reader of the ``template`` format hold entry templates (:func:`wikisync.parse.parse_entries`).
"""

from __future__ import annotations

from wikisync.model import EntryKind, Problem, RawEntry
from wikisync.parse import parse_entries
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
    reader: Reader, text: str, title: str, revision: int, programme: Programme
) -> tuple[list[RawEntry], list[Problem]]:
    """The directory entries ``reader`` finds on a page, with the problems it met."""
    match reader.format:
        case PageFormat.TEMPLATE:
            return parse_entries(text, title, revision, EntryKind.DIRECTORY, programme.templates)
