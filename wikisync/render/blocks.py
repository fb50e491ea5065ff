"""Building blocks of generated pages: headings, lists, wikitables and bar charts.

Every block takes text that is already safe wikitext (messages, escaped values, links built
by wikisync) and adds only wikisync's own markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from wikisync.render.escape import Wikitext, escape
from wikisync.render.links import normalize_title

BAR_COLOUR = "#36c"


def heading(level: int, text: str) -> str:
    """A section heading of ``level`` (2 for ``== text ==``)."""
    marks = "=" * level
    return f"{marks} {text} {marks}"


def anchor(name: str) -> Wikitext:
    """An empty element whose id is ``name``, so that ``[[Page#name]]`` opens at it.

    MediaWiki writes the id as it writes a link's fragment (spaces as underscores), so a
    link to the name and the anchor always agree; the escaped name keeps the attribute
    from ever holding markup or ending early.
    """
    return Wikitext(f'<span id="{escape(normalize_title(name))}"></span>')


def bullets(items: Sequence[str]) -> str:
    """A bulleted list, one item per line."""
    return "\n".join(f"* {item}" for item in items)


def wikitable(headers: Sequence[str], rows: Sequence[Sequence[str]], sortable: bool = True) -> str:
    """A wikitable with one header row and one row per item, every cell on its own line.

    Cells must already be safe wikitext (escaped values, links built by wikisync); one
    cell per line keeps a cell from ever being read as attributes or as several cells.
    """
    css = "wikitable sortable" if sortable else "wikitable"
    lines = [f'{{| class="{css}"', "|-"]
    lines.extend(f"! {header}" for header in headers)
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"row has {len(row)} cells, the table {len(headers)} columns")
        if row and all(row):
            lines.append("|-\n| " + "\n| ".join(row))
        else:
            lines.append("|-")
            lines.extend(f"| {cell}" if cell else "|" for cell in row)
    lines.append("|}")
    return "\n".join(lines)


def tenths_of_percent(part: int, total: int) -> int:
    """``part`` of ``total`` in tenths of a percent, rounded half up (0 when total is 0)."""
    return (part * 2000 + total) // (total * 2) if total > 0 else 0


def bar(part: int, total: int) -> str:
    """A horizontal bar as wide as ``part`` is of ``total``: a div with inline CSS that any
    MediaWiki shows without extensions."""
    whole, decimal = divmod(tenths_of_percent(min(part, total), total), 10)
    style = f"background-color:{BAR_COLOUR};height:0.8em;width:{whole}.{decimal}%"
    return f'<div style="{style}"></div>'
