"""Normalising the source pages one by one, reusing what earlier runs normalised.

What one page's entries become depends on the entries (the page's title and revision, as
read by one parser: ``source_key``), on the programme's normalisation settings, on the
taxonomy, on the day (an "away until" date that has passed, a time zone's UTC offset) and
on the code that normalises (:func:`~wikisync.code_digest.code_digest`). All of
these but the page go into the cache key, so a cached part is used only where normalising
the page again would give the same part; a warm run normalises only the pages that changed,
then merges every part (:func:`~wikisync.normalize.directory.combine`), which gives the same
directory as normalising every entry at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol

from wikisync.code_digest import code_digest
from wikisync.codec import to_jsonable
from wikisync.collector import collector_paused
from wikisync.model import RawEntry, Taxonomy
from wikisync.normalize.directory import (
    NormalisedDirectory,
    NormalisedPart,
    combine,
    normalise_part,
)
from wikisync.normalize.entry import EntryReader
from wikisync.normalize.skills import SkillIndex
from wikisync.normalize.stored import NORMALISE_RULES, decode_part, encode_part
from wikisync.rows import skill_row
from wikisync.settings.programme import Programme


class NormalisedCache(Protocol):
    """The normalised-entries part of :class:`wikisync.running.state.State`."""

    def cached_normalised(self, pages: Mapping[str, int], key: str) -> dict[str, str]:
        """Payloads stored under ``key`` for these (title, revision) pairs."""
        ...

    def store_normalised(self, items: Iterable[tuple[str, int, str, str]]) -> None:
        """Store (title, revision, key, payload) items."""
        ...


class PageEntries(Protocol):
    """The raw entries of one source page at one revision, in page order (a parsed page)."""

    @property
    def title(self) -> str:
        """The page's title."""
        ...

    @property
    def revision(self) -> int:
        """The revision its entries were read from."""
        ...

    @property
    def entries(self) -> Sequence[RawEntry]:
        """Its entries, in page order."""
        ...


def normalise_key(programme: Programme, taxonomy: Taxonomy, today: dt.date, source_key: str) -> str:
    """Changes whenever what a page's entries normalise to may change (see the module)."""
    steering = [
        code_digest(),
        NORMALISE_RULES,
        source_key,
        to_jsonable(programme.normalise),
        taxonomy_digest(taxonomy),
        today.isoformat(),
    ]
    text = json.dumps(steering, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def taxonomy_digest(taxonomy: Taxonomy) -> str:
    """A digest of every skill of ``taxonomy``, in order."""
    text = json.dumps([skill_row(skill) for skill in taxonomy.skills], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def normalise_pages(
    pages: Sequence[PageEntries],
    taxonomy: Taxonomy,
    programme: Programme,
    today: dt.date,
    *,
    cache: NormalisedCache | None = None,
    source_key: str = "",
    unpaged: Sequence[RawEntry] = (),
) -> NormalisedDirectory:
    """The entries of ``pages`` (in order) and then ``unpaged`` ones (the registration
    export, never cached) normalised and merged, as :func:`wikisync.normalize.normalise`
    would normalise them all at once.

    With a ``cache``, the parts of pages cached under the same key at the same revision are
    reused, and the parts normalised now are stored.
    """
    with_entries = [page for page in pages if page.entries]
    key = normalise_key(programme, taxonomy, today, source_key) if cache is not None else ""
    revisions = {page.title: page.revision for page in with_entries}
    stored = cache.cached_normalised(revisions, key) if cache is not None and revisions else {}
    parts = _decoded(stored)
    reader = _reader(taxonomy, programme, today)
    fresh = {
        page.title: normalise_part(page.entries, reader())
        for page in with_entries
        if page.title not in parts
    }
    if cache is not None and fresh:
        cache.store_normalised(
            (title, revisions[title], key, encode_part(part)) for title, part in fresh.items()
        )
    parts.update(fresh)
    ordered = [parts[page.title] for page in with_entries]
    if unpaged:
        ordered.append(normalise_part(unpaged, reader()))
    return combine(ordered)


def _decoded(payloads: Mapping[str, str]) -> dict[str, NormalisedPart]:
    """The cached parts that can be read (a payload of another version cannot)."""
    with collector_paused():
        parts = {title: decode_part(payload) for title, payload in payloads.items()}
    return {title: part for title, part in parts.items() if part is not None}


def _reader(taxonomy: Taxonomy, programme: Programme, today: dt.date) -> Callable[[], EntryReader]:
    """The entry reader of the run, built when first needed (a warm run may need none)."""
    built: list[EntryReader] = []

    def reader() -> EntryReader:
        if not built:
            built.append(EntryReader(SkillIndex(taxonomy), programme, today))
        return built[0]

    return reader
