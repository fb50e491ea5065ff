"""Directory entries from a source page, in the format its page set names.

Every format has one reader with the same output: raw entries with their provenance and the
problems found, so that normalisation, problems and privacy rules are the same whatever
shape a programme keeps its people in. The directory's own pages and the pages of a
reader of the ``template`` format hold entry templates
(:func:`wikisync.reading.parse.parse_entries`), with the reader's options (template name,
positional fields, username from the title, Babel boxes); pages of the ``table`` format
hold wikitables (:mod:`wikisync.reading.tables`).

The ``json`` and ``tabular`` formats read JSON lists of people, mentor lists and Commons-style
tabular data (:mod:`wikisync.reading.jsonpages`); the ``categories`` format reads profile
pages whose categories the taxonomy maps to skills (:mod:`wikisync.reading.profiles`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from wikisync.model import EntryKind, Problem, RawEntry, SourceRef
from wikisync.normalize.hidden import visible_text
from wikisync.normalize.problems import problem
from wikisync.normalize.usernames import title_username, username_from_wikitext
from wikisync.reading.jsonpages import read_json_people, read_tabular_people
from wikisync.reading.parse import parse_entries
from wikisync.reading.profiles import read_profile
from wikisync.reading.tables import read_table_entries
from wikisync.settings.programme import PageFormat, PageSet, Programme, Reader

#: The reader of the directory's own pages: entry templates.
DIRECTORY_READER = Reader(pages=PageSet())

#: A Babel box: the ``{{Babel}}`` template or the ``{{#babel:}}`` parser function.
_BABEL = re.compile(
    r"\{\{\s*(?:(?:template\s*:\s*)?babel\s*\||#babel\s*:)"
    r"(?P<items>(?:[^{}]|\{\{[^{}]*\}\})*)\}\}",
    re.IGNORECASE,
)
#: A template inside a Babel box (a userbox): not a language.
_INNER_TEMPLATE = re.compile(r"\{\{[^{}]*\}\}")
#: A Babel item that names a language: a code, optionally with a level (0-5 or N).
_BABEL_ITEM = re.compile(
    r"(?P<code>[a-z]{2,3}(?:-[a-z]{2,8})*?)(?:-(?P<level>[0-5n]))?", re.IGNORECASE
)


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
    shown_as: str = "",
) -> tuple[list[RawEntry], list[Problem]]:
    """The directory entries ``reader`` finds on page ``title``, with the problems it met.

    ``shown_as`` is the name the entries' sources carry (a local file's path); the title
    otherwise. A profile page's account always comes from its title.
    """
    page = shown_as or title
    match reader.format:
        case PageFormat.TABLE:
            return read_table_entries(text, page, revision, programme.templates)
        case PageFormat.TEMPLATE:
            return _template_entries(reader, text, title, page, revision, programme)
        case PageFormat.JSON:
            return read_json_people(text, page, revision, programme.templates)
        case PageFormat.TABULAR:
            return read_tabular_people(text, page, revision, programme.templates)
        case PageFormat.CATEGORIES:
            return read_profile(text, title, revision, page=shown_as)


def _template_entries(
    reader: Reader, text: str, title: str, page: str, revision: int, programme: Programme
) -> tuple[list[RawEntry], list[Problem]]:
    entries, problems = parse_entries(
        text,
        page,
        revision,
        EntryKind.DIRECTORY,
        programme.templates,
        reader.template,
        reader.positional,
    )
    owner = title_username(title) if reader.username_from_title else None
    if reader.username_from_title and owner is not None:
        problems = [_owned(item, owner) for item in problems]
    if reader.username_from_title:
        entries = [_with_title_username(entry, owner, problems) for entry in entries]
    if reader.babel:
        entries = _with_babel(reader, text, page, revision, owner, entries, problems)
    return entries, problems


def _owned(found: Problem, owner: str) -> Problem:
    """A problem of an entry on ``owner``'s user page, named by the page's user."""
    return replace(found, username=owner)


def _with_title_username(entry: RawEntry, owner: str | None, problems: list[Problem]) -> RawEntry:
    """``entry`` with the page's user as its username: the title wins over a parameter,
    since only the user (or an administrator) edits a user page, while anyone may type a
    name into a parameter."""
    written = entry.fields.get("username", "")
    if owner is None:
        message = "the username cannot be taken from this page's title; the parameter is used"
        problems.append(problem("title-username", message, entry.source, field="username"))
        return entry
    given = username_from_wikitext(written)[0] if written.strip() else None
    if given is not None and given != owner:
        message = (
            f'the username parameter names "{given}" on the user page of "{owner}"; '
            "the page's user is used"
        )
        problems.append(
            problem("title-username", message, entry.source, username=owner, field="username")
        )
    return replace(entry, fields={**entry.fields, "username": owner})


def babel_languages(text: str) -> tuple[str, int] | None:
    """The languages of the page's Babel boxes, as a ``languages`` value (``ca-N, es-4``),
    and the line of the first box; None when the page shows no Babel box.

    A code without a level is native, as in Babel. Items that are not language codes
    (userbox names inside the box, options such as ``plain=1``) are skipped.
    """
    shown = visible_text(text)
    items: list[str] = []
    line = 0
    for match in _BABEL.finditer(shown):
        line = line or shown.count("\n", 0, match.start()) + 1
        for item in _INNER_TEMPLATE.sub("", match.group("items")).split("|"):
            code = _BABEL_ITEM.fullmatch(item.strip())
            if code is not None:
                level = (code.group("level") or "N").upper()
                items.append(f"{code.group('code').lower()}-{level}")
    return (", ".join(items), line) if line else None


def _with_babel(
    reader: Reader,
    text: str,
    page: str,
    revision: int,
    owner: str | None,
    entries: list[RawEntry],
    problems: list[Problem],
) -> list[RawEntry]:
    """Entries with the Babel languages added to the page's person.

    The person is every entry when the username comes from the title (they are all the
    page's user), or the page's only entry. On a page with several people's entries the
    boxes belong to no one: that is reported. With ``babel_alone``, a user page with a
    Babel box and no entry template is one entry of its user, with only languages.
    """
    found = babel_languages(text)
    if found is None:
        return entries
    languages, line = found
    source = SourceRef(page, revision, len(entries), line)
    if not entries:
        if reader.babel_alone and owner is not None and languages:
            return [RawEntry(EntryKind.DIRECTORY, {"username": owner, "languages": languages},
                             source)]  # fmt: skip
        return entries
    if owner is None and len(entries) > 1:
        message = "the page has entries of several people; its Babel box is not used"
        problems.append(problem("babel-unassigned", message, source, field="languages"))
        return entries
    return [_merged_languages(entry, languages) for entry in entries]


def _merged_languages(entry: RawEntry, languages: str) -> RawEntry:
    """``entry`` with Babel ``languages`` after its own (the higher level of a repeat wins)."""
    written = entry.fields.get("languages", "").strip()
    merged = f"{written}, {languages}" if written else languages
    return replace(entry, fields={**entry.fields, "languages": merged})
