"""Directory entries from wikitables: a header row names the fields, each row is an entry.

A careful line scanner of MediaWiki's table syntax: ``{|`` opens a table and ``|}`` closes
it, ``|+`` is the caption, ``|-`` starts a row, ``!`` header cells and ``|`` data cells,
several on a line split at ``!!`` / ``||``, a line that starts with neither continues the
cell above. A cell's attributes (``style="…" |``) end at its first ``|`` outside links and
templates. Header cells name fields through the same aliases as template parameters; the
first row of header cells is the table's header. Cell values stay wikitext, so links and
markup are read as in template values. Tables nested in a cell are part of its text.

What does not fit is reported once per table, without any value (a cell may hold contact
details): header cells that name no field, two columns of one field (the last is used),
rows whose cells do not match the header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from wikisync.model import EntryKind, Problem, RawEntry, SourceRef
from wikisync.normalize.hidden import visible_text
from wikisync.normalize.markup import plain_text
from wikisync.normalize.problems import problem
from wikisync.normalize.text import single_line
from wikisync.reading.parse import alias_table
from wikisync.settings.programme import Templates, parameter_key

_COLSPAN = re.compile(r"""colspan\s*=\s*["']?\s*(\d+)""", re.IGNORECASE)
_SHOWN_LINES = 5


@dataclass(slots=True)
class _Cell:
    header: bool
    text: str
    span: int = 1


@dataclass(slots=True)
class _Row:
    line: int
    cells: list[_Cell] = field(default_factory=list)


@dataclass(slots=True)
class _Table:
    line: int
    rows: list[_Row] = field(default_factory=list)


def read_table_entries(
    text: str, page: str, revision: int, settings: Templates
) -> tuple[list[RawEntry], list[Problem]]:
    """The entries of every wikitable on a page, row by row, with the problems found."""
    entries: list[RawEntry] = []
    problems: list[Problem] = []
    aliases = alias_table(settings)
    for table in scan_tables(visible_text(text)):
        _table_entries(table, page, revision, aliases, settings.ignored, entries, problems)
    return entries, problems


def scan_tables(text: str) -> list[_Table]:
    """The top-level tables of ``text`` with their rows and cells, as written."""
    tables: list[_Table] = []
    depth = 0
    table: _Table | None = None
    cell: _Cell | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if line.startswith("{|"):
            depth += 1
            if depth == 1:
                table, cell = _Table(number), None
                tables.append(table)
                continue
        if depth == 0 or table is None:
            continue
        if depth > 1:
            depth -= line.startswith("|}")
            if cell is not None:
                cell.text += "\n" + raw
            continue
        if line.startswith("|}"):
            depth, table, cell = 0, None, None
        elif line.startswith("|+"):
            cell = None
        elif line.startswith("|-"):
            table.rows.append(_Row(number))
            cell = None
        elif line.startswith(("|", "!")):
            if not table.rows:
                table.rows.append(_Row(number))
            row = table.rows[-1]
            if not row.cells:
                row.line = number
            row.cells.extend(_cells(line))
            cell = row.cells[-1] if row.cells else None
        elif cell is not None:
            cell.text += "\n" + raw
    return tables


def _cells(line: str) -> list[_Cell]:
    """The cells of one line that starts with ``|`` or ``!``."""
    header = line.startswith("!")
    separators = ("!!", "||") if header else ("||",)
    return [_cell(part, header) for part in _split_outside(line[1:], separators)]


def _cell(written: str, header: bool) -> _Cell:
    """A cell without its attributes (the part before its first ``|`` outside markup)."""
    parts = _split_outside(written, ("|",), limit=1)
    if len(parts) == 2:
        span = _COLSPAN.search(parts[0])
        return _Cell(header, parts[1].strip(), _span(span.group(1)) if span else 1)
    return _Cell(header, written.strip())


def _split_outside(text: str, separators: tuple[str, ...], limit: int = -1) -> list[str]:
    """``text`` split at ``separators`` that are outside ``[[…]]``, ``[…]`` and ``{{…}}``."""
    parts: list[str] = []
    depth, start, position = 0, 0, 0
    while position < len(text):
        char = text[position]
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth = max(0, depth - 1)
        elif depth == 0 and limit != len(parts):
            separator = next((s for s in separators if text.startswith(s, position)), None)
            if separator is not None:
                parts.append(text[start:position])
                position += len(separator)
                start = position
                continue
        position += 1
    parts.append(text[start:])
    return parts


def _table_entries(
    table: _Table,
    page: str,
    revision: int,
    aliases: dict[str, str],
    ignored: frozenset[str],
    entries: list[RawEntry],
    problems: list[Problem],
) -> None:
    """Append the entries of ``table`` and its problems (one per kind per table)."""
    where = SourceRef(page, revision, len(entries), table.line)
    rows = [row for row in table.rows if row.cells]
    header_at = next((i for i, row in enumerate(rows) if all(c.header for c in row.cells)), None)
    if header_at is None:
        message = "the table has no header row naming its columns; its rows are not read"
        problems.append(problem("table-no-header", message, where))
        return
    columns = [_column(cell.text, aliases, ignored) for cell in rows[header_at].cells]
    unknown = [name for name, known in columns if not known]
    if unknown:
        names = ", ".join(f'"{name}"' for name in unknown)
        message = f"table columns that name no field are ignored: {names}"
        problems.append(problem("table-unknown-column", message, where, value=unknown[0]))
    named = [name for name, known in columns if known and name]
    twice = sorted({name for name in named if named.count(name) > 1})
    if twice:
        message = f"several columns name the same field; the last is used: {', '.join(twice)}"
        problems.append(problem("duplicate-parameter", message, where, field=twice[0]))
    misfits: list[int] = []
    for row in rows[header_at + 1 :]:
        width = sum(cell.span for cell in row.cells)
        if len(row.cells) == 1 and width >= len(columns) > 1:
            continue
        if width != len(columns):
            misfits.append(row.line)
            continue
        spread = [text for cell in row.cells for text in (cell.text, *[""] * (cell.span - 1))]
        values = {
            name: text
            for (name, known), text in zip(columns, spread, strict=True)
            if known and name
        }
        if any(value.strip() for value in values.values()):
            source = SourceRef(page, revision, len(entries), row.line)
            entries.append(RawEntry(EntryKind.DIRECTORY, values, source))
    if misfits:
        lines = ", ".join(str(line) for line in misfits[:_SHOWN_LINES])
        more = ", …" if len(misfits) > _SHOWN_LINES else ""
        message = (
            f"{len(misfits)} table rows do not have the header's {len(columns)} cells and are "
            f"not read (lines {lines}{more})"
        )
        problems.append(problem("table-row-cells", message, where))


def _column(header: str, aliases: dict[str, str], ignored: frozenset[str]) -> tuple[str, bool]:
    """The field a header cell names (empty for a known ignored column), and whether known."""
    written = single_line(plain_text(header)).strip()
    key = parameter_key(written)
    if key in ignored:
        return "", True
    field_name = aliases.get(key)
    return (field_name, True) if field_name is not None else (written, False)


#: MediaWiki's limit of a cell's colspan.
MAX_SPAN = 1000


def _span(written: str) -> int:
    """A colspan as MediaWiki reads it: at least 1, at most :data:`MAX_SPAN`."""
    digits = written.lstrip("0")[:4] or "0"
    return min(max(int(digits), 1), MAX_SPAN)
