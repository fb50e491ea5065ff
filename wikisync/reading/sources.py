"""Reading the programme's source pages: its settings, its page sets, and their parses.

Source pages are read cheaply: revisions first, content only for pages not parsed before.

A run asks the wiki for the latest revision of every source page in one ``prop=info`` pass
(a request per 50 or 500 titles). Pages whose revision is in the parse cache are not
fetched or parsed again; the others are fetched in batches, parsed, and their parse stored
under (title, revision, parser key). The parser key changes when the parser or the
programme settings that affect parsing change, so a stale parse is never reused.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from wikisync.code_digest import code_digest
from wikisync.codec import to_jsonable
from wikisync.collector import collector_paused
from wikisync.errors import ConfigError
from wikisync.interfaces import PageText, WikiReader
from wikisync.model import (
    EntryKind,
    Problem,
    RawEntry,
    RawRecord,
    Severity,
    SourceRef,
    Taxonomy,
)
from wikisync.normalize.contact import withheld
from wikisync.reading.indicators import parse_indicators
from wikisync.reading.organisations import parse_organisations
from wikisync.reading.parse import (
    parse_entries,
    parse_feedback,
    parse_organisation_feedback,
    parse_taxonomy,
)
from wikisync.reading.parsed import ParsedPage, decode, encode
from wikisync.reading.readers import read_entries
from wikisync.reading.resources import parse_records
from wikisync.render.links import canonical_title
from wikisync.render.markers import replace_section
from wikisync.render.settings import PageSettings
from wikisync.settings import validate as v
from wikisync.settings.config import Settings
from wikisync.settings.programme import PageSet, Programme, load_programme
from wikisync.writing.safety import AllowedTitles


@dataclass(frozen=True, slots=True)
class ReadStats:
    """The cost of a read: pages asked for, fetched (content read) and parsed."""

    pages: int = 0
    fetched: int = 0
    parsed: int = 0


class SourceWiki(Protocol):
    """The reads :func:`read_parsed` needs (implemented by :class:`wikisync.wiki.Wiki`)."""

    def revisions(self, titles: Iterable[str]) -> dict[str, int]:
        """Latest revision ids; 0 for missing pages."""
        ...

    def read_pages(self, titles: Iterable[str]) -> dict[str, PageText]:
        """Current texts."""
        ...


class ParseCache(Protocol):
    """The parse-cache part of :class:`wikisync.running.state.State`."""

    def cached_parses(self, pages: Mapping[str, int], key: str) -> dict[str, str]:
        """Payloads stored for these (title, revision) pairs."""
        ...

    def store_parses(self, items: Iterable[tuple[str, int, str, str]]) -> None:
        """Store (title, revision, key, payload) items."""
        ...

    def parsed_titles(self, titles: Iterable[str], key: str) -> set[str]:
        """The titles among ``titles`` with a stored parse by ``key`` (of any revision)."""
        ...


def read_parsed(
    wiki: SourceWiki,
    cache: ParseCache | None,
    titles: Iterable[str],
    parser_key: str,
    parse: Callable[[PageText], ParsedPage],
) -> tuple[dict[str, ParsedPage], ReadStats]:
    """Every source page parsed, reading and parsing only what changed since it was cached.

    With nothing cached, as on a first run, every page is read at once: a revision check
    would only cost requests. Otherwise every page has its revision checked first (one
    ``prop=info`` per batch), and only the pages that exist and are not cached at their
    current revision are read; a missing page then costs no content read.
    """
    wanted = list(dict.fromkeys(titles))
    known = cache.parsed_titles(wanted, parser_key) if cache is not None else set()
    revisions = wiki.revisions(wanted) if known else {}
    present = {title: rev for title, rev in revisions.items() if rev and title in known}
    stored = cache.cached_parses(present, parser_key) if cache is not None else {}
    result = _decoded(stored)
    to_fetch = [title for title in wanted if _to_read(title, revisions, result)]
    fetched = wiki.read_pages(to_fetch) if to_fetch else {}
    fresh = {title: parse(page) for title, page in fetched.items() if page.exists}
    result.update(fresh)
    if cache is not None and fresh:
        cache.store_parses(
            (title, page.revision, parser_key, encode(page)) for title, page in fresh.items()
        )
    for title in wanted:
        result.setdefault(title, ParsedPage(title=title, revision=0, exists=False))
    stats = ReadStats(pages=len(wanted), fetched=len(fetched), parsed=len(fresh))
    return {title: result[title] for title in wanted}, stats


def _to_read(title: str, revisions: Mapping[str, int], cached: Mapping[str, ParsedPage]) -> bool:
    """Whether a page's content must be read: everything on a first run (nothing checked),
    otherwise a page that exists and has no usable cached parse at its current revision."""
    if not revisions:
        return True
    return revisions.get(title, 0) != 0 and title not in cached


def _decoded(payloads: Mapping[str, str]) -> dict[str, ParsedPage]:
    """The cached parses that can be read (a payload of another version cannot)."""
    with collector_paused():
        pages = {title: decode(payload) for title, payload in payloads.items()}
    return {title: page for title, page in pages.items() if page is not None}


def read_sources(
    wiki: SourceWiki, cache: ParseCache | None, programme: Programme, titles: SourceTitles
) -> tuple[dict[str, ParsedPage], ReadStats]:
    """Every source page of the programme parsed, by its part in the programme (see
    :func:`read_parsed` and :func:`page_parser`)."""
    parse = page_parser(programme, titles)
    return read_parsed(wiki, cache, titles.all(), parser_key(programme), parse)


def taxonomy_of(parsed: Mapping[str, ParsedPage], titles: SourceTitles) -> Taxonomy:
    """The skills of the taxonomy page (none when the programme names no such page)."""
    return Taxonomy(parsed[titles.taxonomy].skills) if titles.taxonomy else Taxonomy(())


@dataclass(frozen=True, slots=True)
class OutsidePage:
    """A page that transcludes a source ``template`` but is not one of the programme's."""

    title: str
    template: str


@dataclass(frozen=True, slots=True)
class SourceTitles:
    """The titles of every source page of the programme.

    ``outside``: pages that transclude a source template outside the programme's pages;
    they are not sources (neither read nor edited), only reported. ``resources``: the
    pages of learning resources and past clinics, and ``organisations`` the pages of
    organisation entries, each read for nothing else.
    """

    directory: tuple[str, ...]
    registrations: tuple[str, ...]
    taxonomy: str
    feedback: str
    outside: tuple[OutsidePage, ...] = ()
    feedback_archives: tuple[str, ...] = ()
    #: Pages of the programme's extra readers, each with its reader's index in the settings.
    readers: tuple[tuple[str, int], ...] = ()
    resources: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    #: The page of indicators, objectives and key results (empty: none).
    indicators: str = ""

    def all(self) -> tuple[str, ...]:
        """Every source title, once."""
        extra = tuple(t for t in (self.taxonomy, *self.feedback_pages()) if t)
        read = tuple(title for title, _ in self.readers)
        pages = (
            *self.directory,
            *read,
            *self.registrations,
            *extra,
            *self.resources,
            *self.organisations,
            *((self.indicators,) if self.indicators else ()),
        )
        return tuple(dict.fromkeys(pages))

    def feedback_pages(self) -> tuple[str, ...]:
        """The pages read for feedback in reading order: the archives, then the feedback page.

        Where two of them speak about one pair, the later wins (see
        :mod:`wikisync.reading.feedback`).
        """
        return (*self.feedback_archives, *((self.feedback,) if self.feedback else ()))


def load_programme_from_wiki(connection: WikiReader, settings: Settings) -> Programme:
    """The programme settings from the one trusted JSON page in the bot's user space."""
    title = canonical_title(settings.config_page)
    expected = f"User:{settings.wiki.user}/"
    if not title.startswith(expected) or not title.endswith(".json"):
        raise ConfigError(
            f"programme.config_page: {title!r} is not a JSON page in the bot's user space "
            f"({expected}….json); only such pages are protected from other editors"
        )
    page = connection.read_pages([title])[title]
    if not page.exists:
        raise ConfigError(
            f"{title} does not exist: create it with the programme settings ({{}} for defaults)"
        )
    try:
        data = json.loads(page.text)
    except json.JSONDecodeError as e:
        raise ConfigError(f"{title}: not valid JSON ({e})") from e
    if not isinstance(data, dict):
        raise ConfigError(f"{title}: expected a JSON object of settings")
    return load_programme(data)


def source_titles(connection: WikiReader, programme: Programme) -> SourceTitles:
    """Resolve the page sets of the programme (explicit titles, prefixes, transclusions).

    Of the pages that transclude a template, only the programme's own count: those under
    the pages' prefix and those in the namespaces the page set names.
    """
    templates = programme.templates
    sources = programme.sources
    prefix = PageSettings.from_mapping(programme.pages).prefix
    own = AllowedTitles(prefixes=(prefix,)).also_as(connection.normal_title)
    directory, outside = _page_set(
        connection, sources.directory, templates.entry, own, "sources.directory"
    )
    registrations, outside_registrations = _page_set(
        connection, sources.registrations, templates.registration, own, "sources.registrations"
    )
    archives, _ = _page_set(
        connection, sources.feedback_archives, templates.feedback, own, "sources.feedback_archives"
    )
    resources, _ = _page_set(
        connection, sources.resources, templates.resource, own, "sources.resources"
    )
    organisations, _ = _page_set(
        connection, sources.organisations, templates.organisation, own, "sources.organisations"
    )
    organisations = tuple(title for title in organisations if title not in resources)
    indicators = indicators_title(sources.indicators, prefix)
    taken = {*resources, *organisations, indicators}
    readers = _reader_pages(connection, programme, own, exclude={*registrations, *taken})
    by_reader = {title for title, _ in readers}
    directory = tuple(title for title in directory if title not in {*by_reader, *taken})
    registrations = tuple(title for title in registrations if title not in taken)
    read = {*directory, *registrations, *by_reader}
    once: dict[str, OutsidePage] = {}
    for page in (*outside, *outside_registrations):
        if page.title not in read:
            once.setdefault(page.title, page)
    return SourceTitles(
        directory=directory,
        registrations=registrations,
        taxonomy=sources.taxonomy,
        feedback=sources.feedback,
        outside=tuple(once.values()),
        feedback_archives=tuple(title for title in archives if title != sources.feedback),
        readers=readers,
        resources=tuple(t for t in resources if t not in (sources.taxonomy, sources.feedback)),
        organisations=tuple(
            t for t in organisations if t not in (sources.taxonomy, sources.feedback)
        ),
        indicators=indicators,
    )


#: The subpage of the programme's pages read as the indicators page when none is named.
INDICATORS_SUBPAGE = "Indicators"


def indicators_title(configured: str, prefix: str) -> str:
    """The indicators page: the one the settings name, or ``<prefix>/Indicators``."""
    if configured:
        return configured
    return f"{prefix}/{INDICATORS_SUBPAGE}" if prefix else INDICATORS_SUBPAGE


def _reader_pages(
    connection: WikiReader, programme: Programme, own: AllowedTitles, exclude: set[str]
) -> tuple[tuple[str, int], ...]:
    """Each page of the extra readers with its reader; a page goes to the first reader that
    names it (and is no longer read as a directory page of entry templates).

    A prefix such as ``User:`` never takes in the bot's own user space (its settings, kill
    switch, status and previews); a page there counts only when a reader names its title.
    """
    bot_space = AllowedTitles(prefixes=(f"User:{connection.account().user}",))
    chosen: dict[str, int] = {}
    for index, reader in enumerate(programme.sources.readers):
        where = f"sources.readers[{index}]"
        template = reader.template or programme.templates.entry
        titles, _ = _page_set(connection, reader.pages, template, own, where)
        for title in titles:
            found_by_prefix = title not in reader.pages.titles
            if title not in exclude and not (found_by_prefix and bot_space.allows(title)):
                chosen.setdefault(title, index)
    return tuple(sorted(chosen.items()))


def _page_set(
    connection: WikiReader, pages: PageSet, template: str, own: AllowedTitles, path: str
) -> tuple[tuple[str, ...], tuple[OutsidePage, ...]]:
    found = list(pages.titles)
    if pages.prefix:
        found += connection.titles_with_prefix(pages.prefix)
    others: list[str] = []
    if pages.transcluding:
        namespaces = namespace_ids(connection, pages.namespaces, v.join(path, "namespaces"))
        transcluding = connection.titles_transcluding(template)
        inside, others = split_transcluding(transcluding, own, namespaces)
        found += inside
    listed = {*found, *map(connection.normal_title, pages.titles)}
    outside = tuple(OutsidePage(title, template) for title in others if title not in listed)
    return tuple(sorted(dict.fromkeys(found))), outside


def namespace_ids(connection: WikiReader, names: Iterable[str], path: str) -> frozenset[int]:
    """The ids of the namespaces ``names``; a name the wiki does not know is a ConfigError."""
    ids = set()
    for index, name in enumerate(names):
        found = connection.namespace_id(name)
        if found is None:
            raise v.bad_value(v.join(path, index), name, "a namespace of this wiki")
        ids.add(found)
    return frozenset(ids)


def split_transcluding(
    pages: Mapping[str, int], own: AllowedTitles, namespaces: Collection[int]
) -> tuple[list[str], list[str]]:
    """Pages found by transclusion (title -> namespace id): the programme's, and the others.

    The programme's are its own titles (``own``) and every page in ``namespaces``.
    """
    inside: list[str] = []
    outside: list[str] = []
    for title, namespace in pages.items():
        (inside if namespace in namespaces or own.allows(title) else outside).append(title)
    return inside, outside


#: The problem code of a page that transcludes a source template outside the programme.
OUTSIDE_PROGRAMME = "outside-programme"


def outside_problems(titles: SourceTitles) -> list[Problem]:
    """A warning for each page that is not read because it is outside the programme."""
    return [
        Problem(
            OUTSIDE_PROGRAMME,
            Severity.WARNING,
            f"transcludes the template {page.template!r} outside the programme's pages; not read",
            SourceRef(page.title),
        )
        for page in titles.outside
    ]


def parser_key(programme: Programme) -> str:
    """Changes whenever the parser or the settings that steer it change: the templates, and
    the sources, which decide the part each page plays (taxonomy, feedback, directory,
    registrations, a reader's page).

    Settings are written out as JSON with sets sorted, so that the key is the same in every
    process (the text of a set of strings is not)."""
    steering = [
        code_digest(),
        to_jsonable(programme.templates),
        to_jsonable(programme.sources),
    ]
    text = json.dumps(steering, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def page_parser(programme: Programme, titles: SourceTitles) -> Callable[[PageText], ParsedPage]:
    """The parse step for a source page, by what kind of page it is."""
    templates = programme.templates
    directory = set(titles.directory)
    feedback_pages = set(titles.feedback_pages())
    readers = {title: programme.sources.readers[index] for title, index in titles.readers}
    resources = set(titles.resources)
    organisations = set(titles.organisations)

    def parse(page: PageText) -> ParsedPage:
        parsed = parse_page(page)
        return dataclasses.replace(
            parsed,
            entries=tuple(map(_withheld, parsed.entries)),
            records=tuple(map(_withheld_record, parsed.records)),
        )

    def parse_page(page: PageText) -> ParsedPage:
        if page.title == titles.taxonomy:
            taxonomy, problems = parse_taxonomy(page.text, page.title, page.revision, templates)
            return ParsedPage(
                page.title, page.revision, skills=taxonomy.skills, problems=tuple(problems)
            )
        if page.title in feedback_pages:
            feedback, problems = parse_feedback(page.text, page.title, page.revision, templates)
            records = parse_organisation_feedback(page.text, page.title, page.revision, templates)
            return ParsedPage(
                page.title,
                page.revision,
                feedback=tuple(feedback),
                problems=tuple(problems),
                records=tuple(records),
            )
        if page.title in resources:
            records, problems = parse_records(page.text, page.title, page.revision, templates)
            return ParsedPage(
                page.title, page.revision, problems=tuple(problems), records=tuple(records)
            )
        if page.title == titles.indicators:
            records, problems = parse_indicators(page.text, page.title, page.revision, templates)
            return ParsedPage(
                page.title, page.revision, problems=tuple(problems), records=tuple(records)
            )
        if page.title in organisations:
            records, problems = parse_organisations(page.text, page.title, page.revision, templates)
            return ParsedPage(
                page.title, page.revision, problems=tuple(problems), records=tuple(records)
            )
        if page.title in readers:
            text = without_bot_entries(page.text)
            entries, problems = read_entries(
                readers[page.title], text, page.title, page.revision, programme
            )
            return ParsedPage(
                page.title, page.revision, entries=tuple(entries), problems=tuple(problems)
            )
        kind = EntryKind.DIRECTORY if page.title in directory else EntryKind.REGISTRATION
        text = without_bot_entries(page.text) if kind is EntryKind.DIRECTORY else page.text
        entries, problems = parse_entries(text, page.title, page.revision, kind, templates)
        return ParsedPage(
            page.title, page.revision, entries=tuple(entries), problems=tuple(problems)
        )

    return parse


def _withheld(entry: RawEntry) -> RawEntry:
    """``entry`` with every value and parameter name holding contact details withheld."""
    return dataclasses.replace(
        entry,
        fields={name: withheld(value) for name, value in entry.fields.items()},
        unknown_params=tuple(map(withheld, entry.unknown_params)),
    )


def _withheld_record(record: RawRecord) -> RawRecord:
    """``record`` with every value holding contact details withheld."""
    fields = {name: withheld(value) for name, value in record.fields.items()}
    return dataclasses.replace(record, fields=fields)


#: The bot's section on a directory page, listing registrants not yet in the directory.
NEW_ENTRIES_SECTION = "new-entries"


def without_bot_entries(text: str) -> str:
    """A directory page without the bot's own copies of registrations (not a source).

    The entries the bot lists for new registrants stand for their registrations; only
    when a person moves an entry out of the section does it become a directory entry.
    """
    stripped = replace_section(text, NEW_ENTRIES_SECTION, "")
    return text if stripped is None else stripped
