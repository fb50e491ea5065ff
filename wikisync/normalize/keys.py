"""Comparison keys: how two spellings of the same thing are recognised as equal.

``fold`` ignores case, accents, punctuation and spacing; ``bag`` also ignores word order,
small connecting words and plural ``s``. Indexes store keys built with the same functions as
the lookups, so both sides are always folded alike.
"""

from __future__ import annotations

import re
import unicodedata

from wikisync.normalize.caching import cache_short

_NON_WORD = re.compile(r"[\W_]+")
_CONNECTORS = frozenset(
    {"and", "et", "y", "e", "und", "of", "the", "de", "des", "du", "la", "le", "les", "el"}
    | {"los", "las", "da", "do", "das", "dos", "in", "en", "for", "pour", "para", "و"}
)


@cache_short
def fold(text: str) -> str:
    """``text`` lower-cased without accents, punctuation or repeated spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NON_WORD.sub(" ", bare.casefold()).split())


@cache_short
def bag(text: str) -> str:
    """The folded words of ``text`` in sorted order, without connectors or plural ``s``."""
    words = (_singular(word) for word in fold(text).split() if word not in _CONNECTORS)
    return " ".join(sorted(words))


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
