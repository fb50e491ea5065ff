"""Comparison keys: how two spellings of the same thing are recognised as equal.

``fold`` ignores case, accents, punctuation and spacing; ``bag`` also ignores word order,
small connecting words and plural ``s``. ``name_fold`` and ``name_bag`` do the same for names
in which ``+`` and ``#`` tell things apart (C, C++ and C#). Indexes store keys built with the
same functions as the lookups, so both sides are always folded alike.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence

from wikisync.normalize.caching import cache_short

_NON_WORD = re.compile(r"[\W_]+")
_NAME_TOKEN = re.compile(r"[^\W_]+|[+#]+")
_NAME_SYMBOLS = "+#"
_CONNECTORS = frozenset(
    {"and", "et", "y", "e", "und", "of", "the", "de", "des", "du", "la", "le", "les", "el"}
    | {"los", "las", "da", "do", "das", "dos", "in", "en", "for", "pour", "para", "و"}
)


@cache_short
def fold(text: str) -> str:
    """``text`` lower-cased without accents, punctuation or repeated spaces."""
    if text.isascii():
        return " ".join(_NON_WORD.sub(" ", text.lower()).split())
    return " ".join(_NON_WORD.sub(" ", _bare(text)).split())


@cache_short
def bag(text: str) -> str:
    """The folded words of ``text`` in sorted order, without connectors or plural ``s``."""
    return _bag_of(fold(text))


@cache_short
def name_fold(text: str) -> str:
    """``fold``, except that ``+`` and ``#`` after a word stay on it: "C ++" is "c++".

    Skill names such as C, C++, C# and F# differ only by these symbols, so ignoring them
    would make different skills look like one.
    """
    words: list[str] = []
    for token in _NAME_TOKEN.findall(_bare(text)):
        if token[0] not in _NAME_SYMBOLS:
            words.append(token)
        elif words:
            words[-1] += token
    return " ".join(words)


@cache_short
def name_bag(text: str) -> str:
    """``bag`` built on :func:`name_fold`."""
    return _bag_of(name_fold(text))


def _bare(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def _bag_of(folded: str) -> str:
    words = (_singular(word) for word in folded.split() if word not in _CONNECTORS)
    return " ".join(sorted(words))


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def nearest(key: str, candidates: Sequence[str], count: int, cutoff: float) -> list[str]:
    """The ``count`` candidates most similar to ``key`` (difflib's ratio, at least
    ``cutoff``), most similar first; equally similar ones keep the order of ``candidates``,
    so callers list the likelier ones first."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(key)
    scored: list[tuple[float, int]] = []
    for position, candidate in enumerate(candidates):
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:
            score = round(matcher.ratio(), 2)
            if score >= cutoff:
                scored.append((-score, position))
    return [candidates[position] for _, position in sorted(scored)[:count]]
