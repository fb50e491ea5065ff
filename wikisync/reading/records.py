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
from wikisync.reading.parse import alias_table, find_templates, parse_entries
from wikisync.settings.programme import (
    CONTROL_FIELDS,
    FIELDS,
    CsvRoles,
    Programme,
    is_private_header,
    parameter_key,
)

if TYPE_CHECKING:
    from _csv import Reader

_DELIMITERS = (",", ";", "\t")
NO_ROLES = CsvRoles()
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
    *,
    aliases: Mapping[str, str] | None = None,
    roles: CsvRoles = NO_ROLES,
) -> tuple[list[RawEntry], list[Problem]]:
    """Registration rows of a CSV export as raw entries, keeping only public columns.

    A header (any case and spacing) is read as the field ``columns`` maps it to (the
    programme's ``sources.csv.columns``), else as the field whose name or alias it is
    (``aliases``, as :func:`wikisync.reading.parse.alias_table` builds it). With ``roles``, each
    row's role decides whether its skills cell is shared, learned or both. A header that
    names private data is never read; any other header left unread is reported once, by
    name. Tolerates a byte-order mark, UTF-16 exports, ``,``/``;``/tab delimiters and
    invalid UTF-8 (replaced; the row is reported by number, never by content).
    """
    text, damaged = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header = [name.lstrip("\ufeff") for name in next(reader, [])]
    first_line = reader.line_num + 1
    allowed = frozenset(public_fields) | CONTROL_FIELDS
    kept = _kept_columns(header, {**(aliases or {}), **_folded(dict(columns))}, allowed)
    if "username" not in kept.values():
        message = "no column of the export is mapped to the username field"
        return [], [problem("csv-no-username-column", message, SourceRef(source))]
    role_at = _role_columns(header, roles)
    problems = _unmapped_columns(header, {*kept, *role_at}, aliases or {}, source)
    entries: list[RawEntry] = []
    for index, (line, row) in enumerate(_rows(reader, first_line, source, problems)):
        where = SourceRef(source, 0, index, line)
        if damaged and any("\ufffd" in cell for cell in row):
            message = f"row {index + 1} is not valid UTF-8; unreadable characters were replaced"
            problems.append(problem("csv-invalid-encoding", message, where))
        if len(row) != len(header):
            message = f"row {index + 1} has {len(row)} cells, the header has {len(header)}"
            problems.append(problem("csv-bad-row", message, where))
        role_kept = _role_kept(row, role_at, roles, allowed)
        if role_kept is None:
            message = f"row {index + 1}: its role is none of the programme's roles"
            problems.append(problem("csv-unknown-role", message, where))
        plain = {position: (field,) for position, field in kept.items()}
        fields, redacted = _row_fields(row, {**plain, **(role_kept or {})})
        for field in redacted:
            message = (
                f"row {index + 1}: a value with an e-mail address or phone number was left out"
            )
            problems.append(problem("csv-private-value", message, where, field=field))
        entries.append(RawEntry(EntryKind.CSV, fields, where))
    return entries, problems


def _folded(columns: Mapping[str, str]) -> dict[str, str]:
    return {parameter_key(name): field for name, field in columns.items()}


def _role_columns(header: list[str], roles: CsvRoles) -> dict[int, str]:
    """Positions of the role column (``"role"``) and the skills column (``"skills"``)."""
    if not roles.column:
        return {}
    wanted = {parameter_key(roles.column): "role", parameter_key(roles.skills_column): "skills"}
    found: dict[int, str] = {}
    for position, name in enumerate(header):
        part = wanted.get(parameter_key(name))
        if part is not None and part not in found.values() and not is_private_header(name):
            found[position] = part
    return found


def _role_kept(
    row: list[str], role_at: Mapping[int, str], roles: CsvRoles, allowed: frozenset[str]
) -> dict[int, tuple[str, ...]] | None:
    """The skills cell's position and the fields its row's role makes of it (share,
    learn or both); None when the role is unknown."""
    cells = {part: row[position] for position, part in role_at.items() if position < len(row)}
    if not cells.get("skills", "").strip():
        return {}
    targets = roles.targets(cells.get("role", ""))
    if targets is None:
        return None
    skills_at = next(position for position, part in role_at.items() if part == "skills")
    return {skills_at: tuple(target for target in targets if target in allowed)}


def _unmapped_columns(
    header: list[str], used: Collection[int], aliases: Mapping[str, str], source: str
) -> list[Problem]:
    """One problem per header that is read as nothing (private headers aside), by name."""
    problems = []
    for position, name in enumerate(header):
        if position in used or not name.strip() or is_private_header(name):
            continue
        known = aliases.get(parameter_key(name))
        reason = "its field is not public" if known else "it names no field"
        message = f'column "{name}" is not read: {reason}'
        problems.append(problem("csv-unmapped-column", message, SourceRef(source)))
    return problems


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
    header: list[str], fields_by_key: Mapping[str, str], allowed: frozenset[str]
) -> dict[int, str]:
    kept: dict[int, str] = {}
    for position, name in enumerate(header):
        field = fields_by_key.get(parameter_key(name))
        if is_private_header(name):
            continue
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


def _row_fields(
    row: list[str], kept: Mapping[int, tuple[str, ...]]
) -> tuple[dict[str, str], list[str]]:
    """The kept cells of a row, each as the fields kept for its position; a cell with an
    e-mail address or phone number is left out."""
    fields: dict[str, str] = {}
    redacted: list[str] = []
    for position, names in sorted(kept.items()):
        if position >= len(row):
            continue
        cell = row[position]
        for field in names:
            if has_contact_details(cell):
                redacted.append(field)
            elif cell.strip():
                earlier = fields.get(field)
                fields[field] = f"{earlier}; {cell.strip()}" if earlier else cell.strip()
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
