"""Generated pages that grow with the programme, split into one subpage per skill.

MediaWiki refuses pages above ``$wgMaxArticleSize`` (2 MB by default), and a table of
thousands of rows is slow to read anyway. A page whose body would pass
:attr:`SplitSettings.max_bytes` becomes an index that links to one subpage per skill
(``…/Matches/Proposal writing``); a skill too large for one subpage continues on numbered
ones (``…/Matches/Proposal writing/2``). The split depends only on the content, so the same
input gives the same pages, and a change in one skill's rows edits only that skill's
subpages (and the counts on the index).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from wikisync.render.context import RenderContext
from wikisync.render.escape import Wikitext
from wikisync.render.i18n import Messages
from wikisync.render.links import is_valid_title, normalize_title, page_link
from wikisync.settings import validate

T = TypeVar("T")

#: The keys of a split settings table.
SPLIT_KEYS = ("max_bytes", "part", "continued")
#: Bounds of ``max_bytes``: a part must hold a few rows, and stay below MediaWiki's limit.
MIN_BYTES = 10_000
MAX_BYTES = 2_000_000


@dataclass(frozen=True, slots=True)
class SplitSettings:
    """When a growing page is split, and how its subpages are named.

    ``part`` is the subpage name of a skill's part, from ``{name}`` (the name of the
    skill's resource page); ``continued`` names its further parts from ``{name}`` and
    ``{number}`` (2, 3 …). Both are joined to the page's title with ``/``.
    """

    max_bytes: int = 1_000_000
    part: str = "{name}"
    continued: str = "{name}/{number}"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], path: str = "pages.split") -> SplitSettings:
        """Settings read from a configuration table; a bad value names its key path."""
        validate.reject_unknown(data, SPLIT_KEYS, path)
        defaults = cls()
        settings = cls(
            max_bytes=validate.integer(
                data, "max_bytes", path, defaults.max_bytes, MIN_BYTES, MAX_BYTES
            ),
            part=validate.non_empty_string(data, "part", path, defaults.part),
            continued=validate.non_empty_string(data, "continued", path, defaults.continued),
        )
        _check_pattern(settings.part, ("name",), validate.join(path, "part"))
        _check_pattern(settings.continued, ("name", "number"), validate.join(path, "continued"))
        return settings

    def fits(self, body: str) -> bool:
        """Whether ``body`` may stay on one page."""
        return len(body) <= self.max_bytes and utf8_size(body) <= self.max_bytes

    def part_titles(self, page: str, name: str, count: int) -> list[str]:
        """The titles of the ``count`` parts of the skill named ``name`` below ``page``."""
        first = self.part.format(name=name)
        later = [self.continued.format(name=name, number=n) for n in range(2, count + 1)]
        return [f"{page}/{normalize_title(sub)}" for sub in (first, *later)]


def _check_pattern(pattern: str, fields: Sequence[str], path: str) -> None:
    """Refuse a name pattern that lacks a field or would not make a valid title."""
    try:
        sample = pattern.format(name="Skill", number=2)
    except (KeyError, IndexError, ValueError) as e:
        raise validate.bad_value(path, pattern, "a name pattern with {name}") from e
    missing = [field for field in fields if "{" + field + "}" not in pattern]
    if missing or not is_valid_title(normalize_title(f"Page/{sample}")):
        expected = "a valid title pattern with " + " and ".join("{" + f + "}" for f in fields)
        raise validate.bad_value(path, pattern, expected)


def utf8_size(text: str) -> int:
    """The size of ``text`` as MediaWiki counts it (UTF-8 bytes): its length when it is
    ASCII (which Python knows without reading it), else the length of its encoding."""
    return len(text) if text.isascii() else len(text.encode("utf-8", "surrogatepass"))


def table_row_size(cells: Sequence[str]) -> int:
    """Bytes a row of these cells takes in a :func:`~wikisync.render.blocks.wikitable`:
    its ``|-`` line and one ``| cell`` line per cell."""
    return table_row_measures(cells)[1]


def table_row_measures(cells: Sequence[str]) -> tuple[int, int]:
    """The characters and the bytes a row of these cells takes in a
    :func:`~wikisync.render.blocks.wikitable` (see :func:`table_row_size`), measured at once."""
    text = "".join(cells)
    frame = 3 * len(cells) + 4
    return len(text) + frame, utf8_size(text) + frame


def chunks(items: Sequence[T], size_of: Callable[[T], int], budget: int) -> list[list[T]]:
    """``items`` in order, cut into runs whose sizes add up to at most ``budget``.

    An item larger than the budget gets a run of its own; there is always one run.
    """
    runs: list[list[T]] = [[]]
    used = 0
    for item in items:
        size = size_of(item)
        if runs[-1] and used + size > budget:
            runs.append([])
            used = 0
        runs[-1].append(item)
        used += size
    return runs


def skill_parts(
    page: str, skill_id: str, count: int, ctx: RenderContext, settings: SplitSettings
) -> tuple[str, list[str]]:
    """The name of a skill's ``count`` parts below ``page``, and their titles.

    The name is that of the skill's resource page, or its id when the resource page's
    name makes no valid title here.
    """
    resource = ctx.skill_pages.get(skill_id, "")
    skills_prefix = ctx.settings.title(ctx.settings.skills) + "/"
    names = [resource.removeprefix(skills_prefix)] if resource.startswith(skills_prefix) else []
    for name in [*names, normalize_title(skill_id)]:
        titles = settings.part_titles(page, name, count)
        if all(is_valid_title(title) for title in titles):
            break
    return name, titles


def part_links(titles: Sequence[str], name: str, messages: Messages) -> Wikitext:
    """Links to a skill's parts: its name, then the numbers of the further parts."""
    links = [page_link(titles[0], name)]
    links += [page_link(title, str(number)) for number, title in enumerate(titles[1:], start=2)]
    return messages.join(links)


#: What ends an item shortened to fit a part.
ELLIPSIS = " …"


def shorten(text: str, budget: int) -> str:
    """``text`` cut to at most ``budget`` bytes, at a line or list break where there is one.

    Only an item larger than a whole part is ever cut: the rest of the page keeps every
    item whole.
    """
    if utf8_size(text) <= budget:
        return text
    room = max(0, budget - utf8_size(ELLIPSIS))
    cut = text.encode("utf-8", "surrogatepass")[:room].decode("utf-8", "ignore")
    breaks = [cut.rfind(mark) for mark in ("\n", ", ", " ")]
    best = max(breaks)
    return (cut[:best] if best > 0 else cut) + ELLIPSIS
