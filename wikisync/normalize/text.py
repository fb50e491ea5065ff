"""Cleaning plain text from editors: invisible characters, Unicode form, spacing, length.

Decision on direction marks: explicit bidirectional formatting characters (embeddings and
overrides U+202A-202E, isolates U+2066-2069, and the marks U+200E, U+200F, U+061C) are
removed. They are invisible, can make a name look like another (spoofing), and break
exact matching of names and skills; ordinary right-to-left text (Arabic, Hebrew ...) is kept
as written, and the renderer isolates it where needed. Control characters (C0 except new
line and tab, C1), zero-width spaces, soft hyphens, byte-order marks and Unicode
noncharacters are removed too; ZWJ/ZWNJ stay because several scripts need them.
"""

from __future__ import annotations

import re
import unicodedata

from wikisync.normalize.caching import cache_short
from wikisync.normalize.problems import Issue

#: Characters that are reported when removed: they change how text reads or is matched.
_REPORTED = [chr(code) for code in range(0x00, 0x20) if chr(code) not in "\n\t"]
_REPORTED += [chr(code) for code in range(0x7F, 0xA0)]
_REPORTED += ["\u200e", "\u200f", "\u061c"]
_REPORTED += [chr(code) for code in range(0x202A, 0x202F)]
_REPORTED += [chr(code) for code in range(0x2066, 0x206A)]
#: Characters removed silently: invisible and harmless, but noise in data.
_SILENT = ["\u200b", "\u00ad", "\ufeff", "\u2060", "\u0640"]
_SILENT += [chr(code) for code in range(0xFDD0, 0xFDF0)] + ["\ufffe", "\uffff"]

_REMOVE_REPORTED = str.maketrans(dict.fromkeys(_REPORTED))
_REMOVE_SILENT = str.maketrans(
    {**dict.fromkeys(_SILENT), "\t": " ", "\u2028": "\n", "\u2029": "\n"}
)
_SPACES = re.compile(r"[^\S\n]+")


def clean_text(text: str) -> tuple[str, tuple[Issue, ...]]:
    """``text`` without invisible characters, in NFC, spaces collapsed, lines trimmed.

    Returns an issue when control or direction-override characters had to be removed.
    """
    if text.isascii() and (text.isprintable() or text.replace("\n", "").isprintable()):
        if "\n" not in text and "  " not in text and text[:1] != " " and text[-1:] != " ":
            return text, ()
        return _tidy_spacing(text), ()
    return _clean_unicode(text)


@cache_short
def _clean_unicode(text: str) -> tuple[str, tuple[Issue, ...]]:
    without_reported = text.translate(_REMOVE_REPORTED)
    issues: tuple[Issue, ...] = ()
    if len(without_reported) != len(text):
        issues = (
            Issue(
                "hidden-characters",
                "invisible control or text-direction characters were removed",
            ),
        )
    cleaned = unicodedata.normalize("NFC", without_reported.translate(_REMOVE_SILENT))
    return _tidy_spacing(cleaned), issues


def _tidy_spacing(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def single_line(text: str) -> str:
    """``text`` with its lines joined by single spaces (for one-line fields)."""
    return " ".join(text.split())


def truncate(text: str, limit: int) -> tuple[str, tuple[Issue, ...]]:
    """``text`` cut to ``limit`` characters, with an issue when it had to be cut."""
    if len(text) <= limit:
        return text, ()
    issue = Issue(
        "value-too-long",
        f"value longer than {limit} characters was cut",
        value=text[:limit],
    )
    return text[:limit].rstrip(), (issue,)
