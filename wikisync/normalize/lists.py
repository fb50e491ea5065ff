"""Splitting list fields (skills, languages, projects, names) into items.

Editors separate items with commas, semicolons, ``<br>``, bullets, new lines or a
conjunction ("and", "et", "y", "e", "و"). The input is plain text (markup already turned
into new lines by :func:`wikisync.normalize.markup.plain_text`). A conjunction splits a piece
only when the caller does not know the whole piece as one item, so "Monitoring and
evaluation" stays one skill when the taxonomy has it.

A bullet is a list marker only where it works as one: ``*`` or ``#`` opening a line (a
wikitext list line), or ``*``, ``#``, ``-``, ``–``, ``—`` followed by a space at the start of
an item; ``•``-like bullets at the start of an item need no space. Anywhere else the
character belongs to the item, so "C#", "F#" and "C++" survive.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_LINE_BREAK_TAGS = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ASCII_CONJUNCTION = re.compile(" (?:and|et|y|e|&) ")
_CONJUNCTIONS = re.compile(r"(\s+(?:and|et|y|e|و|&)\s+)", re.IGNORECASE)
_LIST_LINE = re.compile(r"^[ \t]*[*#]+", re.MULTILINE)
_ITEM_MARKER = re.compile(r"(?:[*#\-–—]+\s+|[•·‣◦]\s*)+")
_BULLETS = "*#•·‣◦-–—"
_SPACE_AND_BULLETS = " \t" + _BULLETS


def _semicolons(text: str) -> str:
    text = text.replace(",", ";").replace("\n", ";")
    if not text.isascii():
        text = text.replace("،", ";").replace("؛", ";")
    return text


def _may_have_conjunction(text: str) -> bool:
    if text.isascii():
        return _ASCII_CONJUNCTION.search(text.lower()) is not None
    return _CONJUNCTIONS.search(text) is not None


def _never_whole(_: str) -> bool:
    return False


def split_list(text: str, is_whole: Callable[[str], bool] = _never_whole) -> list[str]:
    """The non-empty items of ``text``, in order, with list markers and spacing removed.

    ``is_whole`` tells whether a piece containing a conjunction is itself one known item.
    """
    if "<" in text:
        text = _LINE_BREAK_TAGS.sub("\n", text)
    if "*" in text or "#" in text:
        text = _LIST_LINE.sub("", text)
    pieces = [_without_marker(part) for part in _semicolons(text).split(";")]
    if not _may_have_conjunction(text):
        return [piece for piece in pieces if piece]
    items: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if is_whole(piece) or not _CONJUNCTIONS.search(piece):
            items.append(piece)
        else:
            items.extend(_split_conjunctions(piece, is_whole))
    return items


def _without_marker(piece: str) -> str:
    """``piece`` without spacing and without a list marker at its start ("" if only bullets)."""
    piece = piece.strip()
    if piece[:1] in _BULLETS:
        marker = _ITEM_MARKER.match(piece)
        if marker is not None:
            piece = piece[marker.end() :]
        if not piece.strip(_SPACE_AND_BULLETS):
            return ""
    return piece


def _split_conjunctions(piece: str, is_whole: Callable[[str], bool]) -> list[str]:
    """Split at conjunctions, keeping together the longest runs the caller knows as one item."""
    pieces = _CONJUNCTIONS.split(piece)
    parts, joiners = pieces[0::2], pieces[1::2]
    items: list[str] = []
    start = 0
    while start < len(parts):
        end = next(
            (
                end
                for end in range(len(parts), start + 1, -1)
                if is_whole(_joined(parts, joiners, start, end))
            ),
            start + 1,
        )
        item = _joined(parts, joiners, start, end).strip()
        if item:
            items.append(item)
        start = end
    return items


def _joined(parts: list[str], joiners: list[str], start: int, end: int) -> str:
    text = parts[start]
    for index in range(start + 1, end):
        text += joiners[index - 1] + parts[index]
    return text


def unique(items: list[str], key: Callable[[str], str] = str.casefold) -> list[str]:
    """``items`` without repeats (compared by ``key``), first occurrence kept."""
    seen: set[str] = set()
    kept: list[str] = []
    for item in items:
        marker = key(item)
        if marker not in seen:
            seen.add(marker)
            kept.append(item)
    return kept
