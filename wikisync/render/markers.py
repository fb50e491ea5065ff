"""The markers that delimit the part of a page the bot owns.

The bot writes only between ``<!-- wikisync:NAME:start -->`` and
``<!-- wikisync:NAME:end -->``; everything around them belongs to the page's editors and is
kept byte for byte. User text can never produce a marker, because escaping turns every
``<`` into ``&#60;``.
"""

from __future__ import annotations

import re

_NAME = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")


def start_marker(name: str) -> str:
    """The comment that opens section ``name``."""
    return f"<!-- wikisync:{_checked(name)}:start -->"


def end_marker(name: str) -> str:
    """The comment that closes section ``name``."""
    return f"<!-- wikisync:{_checked(name)}:end -->"


def _checked(name: str) -> str:
    """``name`` when it is a valid marker name (lower-case words joined by ``-_.``)."""
    if not _NAME.match(name):
        raise ValueError(f"invalid marker name {name!r}")
    return name


def wrap(name: str, body: str, hidden: bool = False) -> str:
    """The text of a new page: ``body`` between the markers of ``name``.

    ``hidden`` puts each marker inside ``<noinclude>``, for a page that is preloaded or
    transcluded: only what the body itself places outside that element is then shown.
    """
    return framed(wrap_frame(name, hidden), body)


def wrap_frame(name: str, hidden: bool = False) -> tuple[str, str]:
    """What :func:`wrap` puts before and after the body (joined to it by line breaks),
    as :func:`section_frame` gives them for the page it makes."""
    start, end = start_marker(name), end_marker(name)
    if hidden:
        return f"<noinclude>{start}", f"{end}</noinclude>"
    return start, end


def _bounds(page_text: str, name: str) -> tuple[int, int] | None:
    """Where the owned text of ``name`` starts and ends, when both markers occur exactly
    once and in order; None otherwise."""
    start, end = start_marker(name), end_marker(name)
    if page_text.count(start) != 1 or page_text.count(end) != 1:
        return None
    first = page_text.index(start) + len(start)
    last = page_text.index(end)
    return (first, last) if first <= last else None


def find_section(page_text: str, name: str) -> str | None:
    """The body between the markers of ``name`` as :func:`wrap` wrote it, or None when the
    page does not hold both markers exactly once and in order."""
    bounds = _bounds(page_text, name)
    if bounds is None:
        return None
    inner = page_text[bounds[0] : bounds[1]]
    return inner.removeprefix("\n").removesuffix("\n")


def framed(frame: tuple[str, str], body: str) -> str:
    """``body`` between the two ends of ``frame`` (the text before and after it), joined
    by line breaks as the markers of a section are."""
    return f"{frame[0]}\n{body}\n{frame[1]}"


def section_frame(page_text: str, name: str) -> tuple[str, str] | None:
    """The text before and after the owned part of ``name`` (markers included), between
    which :func:`framed` puts a new body; None when the markers are missing, repeated or
    out of order."""
    bounds = _bounds(page_text, name)
    if bounds is None:
        return None
    return page_text[: bounds[0]], page_text[bounds[1] :]


def replace_section(page_text: str, name: str, body: str) -> str | None:
    """``page_text`` with the owned part of ``name`` replaced by ``body``; the text outside
    the markers is unchanged. None when the markers are missing, repeated or out of order:
    the page is then left untouched and reported."""
    frame = section_frame(page_text, name)
    return None if frame is None else framed(frame, body)
