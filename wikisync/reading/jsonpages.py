"""People from JSON content pages: lists of people, mentor lists and tabular data.

Two formats of :mod:`wikisync.reading.readers`, both read from the page text as JSON (a JSON content
page, or a wikitext page holding the JSON bare or in its first ``<syntaxhighlight>``,
``<source>`` or ``<pre>`` block):

``json``
    a list of objects, one per person (``[{"username": "Ama", "share": ["Video editing"],
    "languages": "en, tw-N"}]``), or a GrowthExperiments mentor list
    (``MediaWiki:GrowthMentors.json``: ``{"Mentors": {"<user id>": {"message": …, "weight":
    2, "automaticallyAssigned": true, "username": "Ama"}}}``). Keys are field names or
    aliases of the programme; a list of texts is a list field; numbers and true/false are
    read as text (``yes``/``no``), ``null`` as nothing.
``tabular``
    Commons tabular data (``Data:….tab``): ``schema.fields`` (each with a ``name``, a
    ``type`` and a ``title``, plain or per language) and ``data`` rows. A column counts by
    its name or any of its titles.

Keys and columns that name no field are reported once each (``unknown-parameter``), unless
the programme lists them in ``templates.ignored_parameters``; keys and columns that name
private data (e-mail, real name, …) are never read, and never reported. Anything else that
does not fit is a problem and never stops the read; a page that is not JSON is one problem.
Provenance: ``index`` is the position in the list, ``line`` the line the object or row starts
on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from wikisync.model import EntryKind, Problem, RawEntry, SourceRef
from wikisync.normalize.problems import problem
from wikisync.normalize.usernames import canonical_username
from wikisync.reading.parse import alias_table
from wikisync.settings.programme import PRIVATE_FIELDS, Templates, parameter_key

#: The key of the mentors in a GrowthExperiments mentor list.
MENTORS_KEY = "Mentors"
_BLOCK_OPENING = re.compile(r"<(syntaxhighlight|source|pre)\b[^>]*>", re.IGNORECASE)
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|[{}\[\]:,\n]')
_SHOWN = 60

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class _Page:
    """A decoded page: its data, the line each object or list starts on, where it stands."""

    data: Any
    lines: Mapping[Path, int]
    title: str
    revision: int
    body_line: int

    def source(self, index: int, path: Path) -> SourceRef:
        line = self.lines.get(path, 0)
        return SourceRef(self.title, self.revision, index, line + self.body_line if line else 0)


def read_json_people(
    text: str, title: str, revision: int, templates: Templates
) -> tuple[list[RawEntry], list[Problem]]:
    """The people of a JSON list of objects or of a GrowthExperiments mentor list."""
    page, problems = _decode(text, title, revision)
    if page is None:
        return [], problems
    items = list(_people(page.data))
    if not items and not _is_empty_list(page.data):
        message = f'expected a list of people or a {{"{MENTORS_KEY}": …}} mentor list'
        return [], [problem("invalid-json", message, SourceRef(title, revision))]
    fields = _FieldMap(templates)
    entries: list[RawEntry] = []
    for index, (path, item) in enumerate(items):
        source = page.source(index, path)
        if not isinstance(item, Mapping):
            message = "this item is not an object of fields; it is left out"
            problems.append(problem("json-bad-value", message, source))
            continue
        values, found = fields.read(item.items(), source)
        entries.append(RawEntry(EntryKind.DIRECTORY, values, source, fields.unknown_in(item)))
        problems += found
    return entries, problems


def read_tabular_people(
    text: str, title: str, revision: int, templates: Templates
) -> tuple[list[RawEntry], list[Problem]]:
    """The people of Commons-style tabular data: one row each, columns mapped to fields."""
    page, problems = _decode(text, title, revision)
    if page is None:
        return [], problems
    data = page.data
    schema = data.get("schema") if isinstance(data, Mapping) else None
    columns = schema.get("fields") if isinstance(schema, Mapping) else None
    rows = data.get("data") if isinstance(data, Mapping) else None
    if not isinstance(columns, list) or not isinstance(rows, list):
        message = 'expected tabular data: "schema": {"fields": [...]} and "data": [...] rows'
        return [], [problem("invalid-json", message, SourceRef(title, revision))]
    fields = _FieldMap(templates)
    names = [_column_names(column) for column in columns]
    if "username" not in {fields.field_of(name) for column in names for name in column}:
        message = "no column is a name or alias of the username field; the table is not read"
        source = page.source(0, ("schema", "fields"))
        return [], [problem("table-no-username-column", message, source, field="username")]
    chosen = [_column(column, fields) for column in names]
    problems += _unknown_columns(names, chosen, fields, page)
    entries: list[RawEntry] = []
    for index, row in enumerate(rows):
        source = page.source(index, ("data", index))
        if not isinstance(row, list) or len(row) != len(columns):
            length = len(row) if isinstance(row, list) else "no"
            message = f"this row has {length} cells for {len(columns)} columns; it is left out"
            problems.append(problem("table-bad-row", message, source))
            continue
        cells = [(name, value) for name, value in zip(chosen, row, strict=True) if name]
        values, found = fields.read(cells, source)
        entries.append(RawEntry(EntryKind.DIRECTORY, values, source))
        problems += found
    return entries, problems


def _wrapped_json(text: str) -> tuple[int, int] | None:
    """Where the JSON of the page's first closed code block lies (start, end), if any."""
    opening = _BLOCK_OPENING.search(text)
    if opening is None:
        return None
    name = opening.group(1)
    closing = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(text, opening.end())
    return None if closing is None else (opening.end(), closing.start())


def _decode(text: str, title: str, revision: int) -> tuple[_Page | None, list[Problem]]:
    """The page's JSON with the line of each object, or None and one problem."""
    body, body_line = text, 0
    wrapped = None if text.lstrip()[:1] in ("{", "[") else _wrapped_json(text)
    if wrapped is not None:
        start, end = wrapped
        body = text[start:end]
        body_line = text.count("\n", 0, start)
    try:
        data = json.loads(body)
    except json.JSONDecodeError as e:
        message = f"the page is not valid JSON: {e.msg}"
        source = SourceRef(title, revision, 0, e.lineno + body_line)
        return None, [problem("invalid-json", message, source)]
    except (RecursionError, ValueError):
        message = "the page is not valid JSON: it is nested too deeply or holds a huge number"
        return None, [problem("invalid-json", message, SourceRef(title, revision))]
    return _Page(data, container_lines(body), title, revision, body_line), []


def container_lines(text: str) -> dict[Path, int]:
    """The line (from 1) on which each object or list of valid JSON ``text`` opens, by path.

    A path is the keys and list positions leading to the value from the top: ``()`` for the
    whole document, ``("Mentors", "1234")`` for a mentor, ``("data", 3)`` for a table row.
    """
    lines: dict[Path, int] = {}
    stack: list[list[Any]] = []
    line, last = 1, ""
    for token in _TOKEN.finditer(text):
        mark = token.group()
        if mark == "\n":
            line += 1
        elif mark[0] == '"':
            last = mark
        elif mark in "{[":
            lines.setdefault(tuple(frame[1] for frame in stack), line)
            stack.append([mark, 0 if mark == "[" else ""])
        elif mark in "}]":
            if stack:
                stack.pop()
        elif mark == ":" and stack and stack[-1][0] == "{":
            stack[-1][1] = json.loads(last)
        elif mark == "," and stack and stack[-1][0] == "[":
            stack[-1][1] += 1
    return lines


def _people(data: Any) -> Iterator[tuple[Path, Any]]:
    """The items of a list of people, or the mentors of a mentor list, with their paths."""
    if isinstance(data, list):
        yield from (((index,), item) for index, item in enumerate(data))
    elif isinstance(data, Mapping) and isinstance(data.get(MENTORS_KEY), Mapping):
        mentors = data[MENTORS_KEY]
        yield from (((MENTORS_KEY, key), item) for key, item in mentors.items())


def _is_empty_list(data: Any) -> bool:
    if isinstance(data, Mapping):
        mentors = data.get(MENTORS_KEY)
        return isinstance(mentors, Mapping) and not mentors
    return isinstance(data, list) and not data


class _FieldMap:
    """Which field a key or column names, through the programme's field names and aliases."""

    def __init__(self, templates: Templates) -> None:
        self.aliases = alias_table(templates)
        self.skipped = templates.ignored | PRIVATE_FIELDS
        self.reported: set[str] = set()

    def field_of(self, name: str) -> str | None:
        """The field ``name`` is a name or alias of."""
        return self.aliases.get(parameter_key(name))

    def is_skipped(self, name: str) -> bool:
        """Whether ``name`` is ignored by the programme or names private data."""
        return parameter_key(name) in self.skipped

    def unknown_in(self, item: Mapping[Any, Any]) -> tuple[str, ...]:
        """The keys of ``item`` that name no field and are not skipped."""
        return tuple(
            str(key)
            for key in item
            if self.field_of(str(key)) is None and not self.is_skipped(str(key))
        )

    def read(
        self, pairs: Iterable[tuple[Any, Any]], source: SourceRef
    ) -> tuple[dict[str, str], list[Problem]]:
        """The fields of one person as text, and the problems (unknown keys reported once)."""
        values: dict[str, str] = {}
        problems: list[Problem] = []
        for key, value in pairs:
            name = str(key)
            if self.is_skipped(name):
                continue
            field = self.field_of(name)
            if field is None:
                problems += self.unknown(name, source)
                continue
            text, unread = json_text(value)
            if unread:
                message = f'"{name}" holds a value that is not text, a number or true/false'
                problems.append(problem("json-bad-value", message, source, field=field))
            if text:
                values[field] = text
        username, _ = canonical_username(values.get("username", ""))
        if username:
            problems = [_with_username(item, username) for item in problems]
        return values, problems

    def unknown(self, name: str, source: SourceRef) -> list[Problem]:
        """The problem of a key or column that names no field, the first time it is met."""
        key = parameter_key(name)
        if key in self.reported:
            return []
        self.reported.add(key)
        message = f'"{name[:_SHOWN]}" is not a field name or alias; it is ignored'
        return [problem("unknown-parameter", message, source, value=name[:_SHOWN])]


def _with_username(item: Problem, username: str) -> Problem:
    return problem(
        item.code,
        item.message,
        item.source,
        username=username,
        field=item.field,
        value=item.value,
        hints=item.hints,
    )


def json_text(value: Any) -> tuple[str, bool]:
    """A JSON value as the raw text of a field, and whether part of it could not be read.

    Lists are joined as list items, ``true`` is ``yes``, ``null`` is nothing; an object, or
    an item of a list that is not text, a number or true/false, is left out.
    """
    if isinstance(value, list):
        items = [_scalar_text(item) for item in value]
        kept = [item.strip() for item in items if item is not None and item.strip()]
        return "; ".join(kept), None in items
    text = _scalar_text(value)
    return ("", True) if text is None else (text, False)


def _scalar_text(value: Any) -> str | None:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return None


def _column_names(column: Any) -> tuple[str, ...]:
    """The names a column of the schema goes by: its ``name`` and each of its titles."""
    if not isinstance(column, Mapping):
        return ()
    names = [column.get("name")]
    title = column.get("title")
    names += list(title.values()) if isinstance(title, Mapping) else [title]
    return tuple(dict.fromkeys(name for name in names if isinstance(name, str) and name))


def _column(names: tuple[str, ...], fields: _FieldMap) -> str:
    """The name by which a column is read: the first that names a field ("" when none
    does, or when any of them is ignored or private: such a column is never read)."""
    if any(fields.is_skipped(name) for name in names):
        return ""
    return next((name for name in names if fields.field_of(name)), "")


def _unknown_columns(
    names: list[tuple[str, ...]], chosen: list[str], fields: _FieldMap, page: _Page
) -> list[Problem]:
    problems = []
    for position, (column, name) in enumerate(zip(names, chosen, strict=True)):
        if name or not column or any(fields.is_skipped(written) for written in column):
            continue
        source = page.source(0, ("schema", "fields", position))
        problems += fields.unknown(column[0], source)
    return problems
