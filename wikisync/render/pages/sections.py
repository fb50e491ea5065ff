"""Pages too large for one wiki page, split section by section.

The page keeps its short sections as they are. Each section that grows with the
programme (a table, a list of names) keeps its heading and its summary line on the page,
with links to parts of its own that hold its items (``…/Statistics/Participants by
affiliation``, continued on ``…/2``). Every growing section gets at least one part, so a
section whose items all went away empties its part rather than leaving a stale one. The
split depends only on the content, and a change in one section's items edits only that
section's parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from wikisync.render.blocks import heading
from wikisync.render.i18n import Messages
from wikisync.render.links import is_valid_title
from wikisync.render.pages.parts import SplitSettings, chunks, part_links, shorten, utf8_size

#: Room left in a part for the direction wrapper and line breaks.
_SLACK = 256
#: How a table's rows are separated in :func:`wikisync.render.blocks.wikitable`.
_ROW_BREAK = "\n|-\n"
_TABLE_END = "\n|}"


@dataclass(frozen=True, slots=True)
class Section:
    """One section of a page: its heading, the text that stays on the page, and its items.

    A section without ``items`` (None) never moves. Otherwise its items are shown as
    ``head + joiner.join(items) + foot`` (a table's header and end, a list's separators),
    or as ``empty`` when there are none; ``name`` (plain text) names its parts.
    """

    title: str
    stays: str = ""
    name: str = ""
    items: tuple[str, ...] | None = None
    joiner: str = "\n"
    head: str = ""
    foot: str = ""
    empty: str = ""

    def shown(self, items: Sequence[str]) -> str:
        """The text of ``items`` as this section lays them out."""
        if not items:
            return self.empty
        return f"{self.head}{self.joiner.join(items)}{self.foot}"

    def framed(self, text: str) -> str:
        """``text`` under the section's heading (none when the title is empty)."""
        return f"{heading(2, self.title)}\n{text}" if self.title else text


def table_section(title: str, text: str, name: str) -> Section:
    """A section whose first table's rows may move to parts; the text around it stays.

    ``text`` is what the page shows under the heading; a section without a table never
    moves.
    """
    start = text.find("{|")
    end = text.find(_TABLE_END, start)
    if start < 0 or end < 0 or (start and text[start - 1] != "\n"):
        return Section(title, text)
    table = text[start : end + len(_TABLE_END)]
    pieces = table.removesuffix(_TABLE_END).split(_ROW_BREAK)
    if len(pieces) < 2:
        return Section(title, text)
    head = _ROW_BREAK.join(pieces[:2]) + _ROW_BREAK
    around = [part.strip("\n") for part in (text[:start], text[end + len(_TABLE_END) :])]
    return Section(
        title,
        stays="\n\n".join(part for part in around if part),
        name=name,
        items=tuple(pieces[2:]),
        joiner=_ROW_BREAK,
        head=head,
        foot=_TABLE_END,
        empty=head.removesuffix(_ROW_BREAK) + _TABLE_END,
    )


def split_by_section(
    title: str, sections: Sequence[Section], split: SplitSettings, messages: Messages
) -> dict[str, str]:
    """The page (title -> body) with each growing section's items on parts of their own."""
    pages: dict[str, str] = {}
    blocks = []
    for number, section in enumerate(sections, start=1):
        if section.items is None:
            blocks.append(section.framed(section.stays))
            continue
        parts = section_parts(section, split, messages)
        name, titles = _part_titles(title, section.name, number, len(parts), split)
        pages.update(zip(titles, parts, strict=True))
        links = part_links(titles, name, messages)
        blocks.append(section.framed("\n\n".join(part for part in (section.stays, links) if part)))
    pages[title] = messages.wrap_direction("\n\n".join(blocks))
    return pages


def section_parts(section: Section, split: SplitSettings, messages: Messages) -> list[str]:
    """A growing section's items on as many parts as their size needs, in order."""
    items = section.items or ()
    frame = messages.wrap_direction(section.framed(section.shown(("",))))
    budget = max(1, split.max_bytes - utf8_size(frame) - _SLACK)
    joiner = utf8_size(section.joiner)
    fitted = [shorten(item, budget - joiner) for item in items]
    runs = chunks(fitted, lambda item: utf8_size(item) + joiner, budget)
    return [messages.wrap_direction(section.framed(section.shown(run))) for run in runs]


def _part_titles(
    page: str, name: str, number: int, count: int, split: SplitSettings
) -> tuple[str, list[str]]:
    """The name and titles of a section's parts; the section's number names them when its
    name makes no valid title here."""
    for candidate in (name, str(number)):
        titles = split.part_titles(page, candidate, count)
        if candidate and all(is_valid_title(title) for title in titles):
            return candidate, titles
    return str(number), split.part_titles(page, str(number), count)
