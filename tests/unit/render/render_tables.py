"""Reading generated tables back in the rendering tests."""

from __future__ import annotations

import mwparserfromhell
from mwparserfromhell.nodes import Tag


def data_rows(wikitext: str) -> list[list[str]]:
    """The data rows (not the header row) of every table, cell texts stripped."""
    rows = []
    for tag in mwparserfromhell.parse(wikitext).filter_tags(recursive=True):
        if isinstance(tag, Tag) and str(tag.tag) == "tr":
            cells = [
                str(cell.contents).strip()
                for cell in tag.contents.filter_tags(recursive=False)
                if str(cell.tag) == "td"
            ]
            if cells:
                rows.append(cells)
    return rows
