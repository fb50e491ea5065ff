"""Registration records: reading the private CSV export, writing and tidying directory entries.

Privacy: the CSV export may hold e-mail addresses, real names, ages, phone numbers. Only
columns mapped to a public field (or to a control field: consent, public, notify,
do_not_match) are read; every other cell is dropped while the row is read, so it can never
reach a record, a problem, a log line or an exception message. E-mail addresses and phone
numbers (nine digits or more) typed into a kept column are cut out too and reported without
their value.

Safety of written wikitext: every value written into an entry is plain text with the
characters that could act as markup (``| { } [ ] < >``, ``~~~``, ``__``, ``''``, entities,
list markup at the start) replaced by HTML entities, which read back as the same text.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING

import mwparserfromhell
from mwparserfromhell.nodes import Comment, Template
from mwparserfromhell.nodes.extras import Parameter

from wikisync.model import EntryKind, Person, Problem, RawEntry, SourceRef, Status, Taxonomy
from wikisync.normalize.contact import has_contact_details
from wikisync.normalize.entry import normalise_entry
from wikisync.normalize.hidden import hidden_spans, is_hidden
from wikisync.normalize.languages import babel_text
from wikisync.normalize.markup import defuse, restore
from wikisync.normalize.problems import problem
from wikisync.normalize.skills import SkillIndex
from wikisync.parse import alias_table, find_templates, parse_entries
from wikisync.programme import CONTROL_FIELDS, FIELDS, Programme, parameter_key

if TYPE_CHECKING:
    from _csv import Reader

_DELIMITERS = (",", ";", "\t")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
_TILDES = re.compile("~{3,}")
_UNDERSCORES = re.compile("_{2,}")
_APOSTROPHES = re.compile("'{2,}")
_LINE_START_MARKUP = ("*", "#", ":", ";", "=")
_ESCAPES = str.maketrans(
    {
        "|": "&#124;",
        "{": "&#123;",
        "}": "&#125;",
        "[": "&#91;",
        "]": "&#93;",
        "<": "&lt;",
        ">": "&gt;",
        "\n": " ",
        "\r": " ",
    }
)


def read_registration_csv(
    data: bytes,
    columns: Mapping[str, str] | Iterable[tuple[str, str]],
    public_fields: Collection[str],
    source: str = "registrations.csv",
) -> tuple[list[RawEntry], list[Problem]]:
    """Registration rows of a CSV export as raw entries, keeping only public columns.

    ``columns`` maps CSV headers (any case and spacing) to field names, as in the programme's
    ``sources.csv.columns``. Tolerates a byte-order mark, UTF-16 exports, ``,``/``;``/tab
    delimiters and invalid UTF-8 (replaced; the row is reported by number, never by content).
    """
    text, damaged = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header = next(reader, [])
    first_line = reader.line_num + 1
    kept = _kept_columns(header, dict(columns), frozenset(public_fields) | CONTROL_FIELDS)
    if "username" not in kept.values():
        message = "no column of the export is mapped to the username field"
        return [], [problem("csv-no-username-column", message, SourceRef(source))]
    entries: list[RawEntry] = []
    problems: list[Problem] = []
    for index, (line, row) in enumerate(_rows(reader, first_line, source, problems)):
        where = SourceRef(source, 0, index, line)
        if damaged and any("\ufffd" in cell for cell in row):
            message = f"row {index + 1} is not valid UTF-8; unreadable characters were replaced"
            problems.append(problem("csv-invalid-encoding", message, where))
        if len(row) != len(header):
            message = f"row {index + 1} has {len(row)} cells, the header has {len(header)}"
            problems.append(problem("csv-bad-row", message, where))
        fields, redacted = _row_fields(row, kept)
        for field in redacted:
            message = (
                f"row {index + 1}: a value with an e-mail address or phone number was left out"
            )
            problems.append(problem("csv-private-value", message, where, field=field))
        entries.append(RawEntry(EntryKind.CSV, fields, where))
    return entries, problems


def _decode(data: bytes) -> tuple[str, bool]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
        return text, "\ufffd" in text
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        return data.decode("utf-8-sig", errors="replace"), True


def _delimiter(text: str) -> str:
    first_line = text.split("\n", 1)[0]
    counts = [(first_line.count(delimiter), -rank) for rank, delimiter in enumerate(_DELIMITERS)]
    return _DELIMITERS[-max(counts)[1]]


def _kept_columns(
    header: list[str], columns: Mapping[str, str], allowed: frozenset[str]
) -> dict[int, str]:
    wanted = {parameter_key(name): field for name, field in columns.items()}
    kept: dict[int, str] = {}
    for position, name in enumerate(header):
        field = wanted.get(parameter_key(name.lstrip("\ufeff")))
        if field in allowed and field in FIELDS and field not in kept.values():
            kept[position] = field
    return kept


def _rows(
    reader: Reader, line: int, source: str, problems: list[Problem]
) -> Iterator[tuple[int, list[str]]]:
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            message = f"a row near line {line} could not be read and was skipped"
            problems.append(problem("csv-bad-row", message, SourceRef(source, 0, 0, line)))
            row = []
        if any(cell.strip() for cell in row):
            yield line, row
        line = reader.line_num + 1


def _row_fields(row: list[str], kept: Mapping[int, str]) -> tuple[dict[str, str], list[str]]:
    """The kept cells of a row; a cell with an e-mail address or phone number is left out."""
    fields: dict[str, str] = {}
    redacted: list[str] = []
    for position, field in sorted(kept.items()):
        if position >= len(row):
            continue
        cell = row[position]
        if has_contact_details(cell):
            redacted.append(field)
        elif cell.strip():
            fields[field] = cell.strip()
    return fields, redacted


def directory_entry_wikitext(person: Person, taxonomy: Taxonomy, programme: Programme) -> str:
    """A tidy directory entry for ``person``, to append to a directory page.

    Only the programme's public fields are written (the username always), skills as their
    labels, languages Babel style (``en-N, fr-2``). Refuses people who did not agree to be
    listed publicly.
    """
    if not person.public:
        raise ValueError("this person did not agree to be listed publicly")
    skills = SkillIndex(taxonomy)
    lines = [
        (programme.templates.names_of(field).name, value)
        for field in FIELDS
        if (field == "username" or field in programme.public_fields)
        and (value := field_text(person, field, skills))
    ]
    width = max(len(name) for name, _ in lines)
    body = "".join(f" | {name.ljust(width)} = {value}\n" for name, value in lines)
    return f"{{{{{programme.templates.entry}\n{body}}}}}"


def field_text(person: Person, field: str, skills: SkillIndex) -> str:
    """The value of ``field`` for ``person`` as written in an entry (escaped wikitext)."""
    return escape_value(_field_plain(person, field, skills))


def _field_plain(person: Person, field: str, skills: SkillIndex) -> str:
    simple = {
        "username": person.username,
        "affiliation": person.affiliation,
        "region": person.region or "",
        "country": person.country,
        "timezone": person.timezone or "",
        "projects": ", ".join(person.projects),
        "capacity": str(person.capacity),
        "status": _status_text(person),
        "clinic": _yes_no(person.clinic),
        "notify": _yes_no(person.notify),
        "public": _yes_no(person.public),
        "do_not_match": ", ".join(sorted(person.do_not_match)),
        "share": "; ".join(skills.label(skill) for skill in person.shares),
        "learn": "; ".join(skills.label(skill) for skill in person.learns),
        "languages": babel_text(person.languages),
    }
    return simple.get(field, "")


def _status_text(person: Person) -> str:
    if person.status is Status.AWAY and person.away_until is not None:
        return f"away until {person.away_until.isoformat()}"
    return person.status.value


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def escape_value(text: str) -> str:
    """``text`` safe as a template argument: markup characters become entities."""
    escaped = _ENTITY_LIKE.sub("&amp;", text).translate(_ESCAPES)
    escaped = _TILDES.sub(lambda run: "&#126;" * len(run.group()), escaped)
    escaped = _APOSTROPHES.sub(lambda run: "&#39;" * len(run.group()), escaped)
    escaped = _UNDERSCORES.sub(lambda run: "&#95;" * len(run.group()), escaped)
    if escaped[:1] in _LINE_START_MARKUP:
        escaped = f"&#{ord(escaped[0])};{escaped[1:]}"
    return escaped


def tidy_entry(
    text_of_page: str,
    source_index: int,
    person: Person,
    taxonomy: Taxonomy,
    programme: Programme,
    today: dt.date,
) -> str:
    """The page with entry ``source_index`` rewritten in normalised form, where safe.

    Only public fields already present are rewritten, and only when their normalised form
    differs from what is written and they had no problem (an unknown skill or language is
    never dropped); comments inside a value are kept, other parameters and layout are left
    alone. The page is returned unchanged when the entry is not there, is not ``person``'s,
    or was not closed.
    """
    entries, problems = parse_entries(text_of_page, "", 0, EntryKind.DIRECTORY, programme.templates)
    defused = defuse(text_of_page)
    code = mwparserfromhell.parse(defused)
    hidden = hidden_spans(text_of_page)
    found = [
        item
        for item in find_templates(code, defused, programme.templates.entry)
        if not is_hidden(item.offset, hidden)
    ]
    if not 0 <= source_index < len(found) or found[source_index].recovered:
        return text_of_page
    skills = SkillIndex(taxonomy)
    own, own_problems = normalise_entry(entries[source_index], skills, programme, today)
    if own is None or own.person.username != person.username:
        return text_of_page
    troubled = {
        item.field
        for item in [*problems, *own_problems]
        if item.source is not None and item.source.index == source_index
    }
    fields = alias_table(programme.templates)
    for param in found[source_index].template.params:
        field = fields.get(parameter_key(restore(str(param.name))))
        if _tidy_allowed(field, troubled, programme) and field is not None:
            _rewrite(found[source_index].template, param, field_text(own.person, field, skills))
    return restore(str(code))


def _tidy_allowed(field: str | None, troubled: set[str | None], programme: Programme) -> bool:
    return (
        field is not None
        and field != "username"
        and field in programme.public_fields
        and field not in troubled
    )


def _rewrite(template: Template, param: Parameter, value: str) -> None:
    written = "".join(str(node) for node in param.value.nodes if not isinstance(node, Comment))
    if not value or restore(written).strip() == value:
        return
    comments = [str(node) for node in param.value.nodes if isinstance(node, Comment)]
    template.add(str(param.name), " ".join([value, *comments]), preserve_spacing=True)
