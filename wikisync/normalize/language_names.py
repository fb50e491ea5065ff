"""Language names and codes from CLDR, as one lookup table for parsing and for hints.

A language is known by its code (any code of the IANA registry that CLDR names: ISO 639-1
where the language has one, ISO 639-3 otherwise, deprecated codes mapped to current ones),
by a Wikimedia wiki code, by its name in one of the languages pages are written in, or by
its own name. Names are compared folded (case, accents and punctuation ignored); when two
languages share a name, the one with a two-letter code, then the most spoken, has it.
The programme's own names (``normalise.languages``) come before all of these.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import NamedTuple

from wikisync.normalize import cldr
from wikisync.normalize.keys import fold, nearest

#: The languages generated pages are written in: names in these are accepted.
NAME_LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "ar", "pt")

#: Wikimedia wiki codes that are not the standard code of their language, with that code.
WIKIMEDIA_CODES: Mapping[str, str] = {
    "als": "gsw",
    "bat-smg": "sgs",
    "be-x-old": "be",
    "fiu-vro": "vro",
    "map-bms": "jv",
    "nrm": "nrf",
    "roa-rup": "rup",
    "simple": "en",
    "zh-classical": "lzh",
    "zh-min-nan": "nan",
    "zh-yue": "yue",
}

#: Hints are drawn from the languages with a two-letter code or CLDR locale data, and
#: those spoken by at least this many people.
HINT_SPEAKERS = 1_000_000
_HINTS = 3
_ARABIC_ARTICLE = "ال"
_ARABIC_AND = "و"

Extra = tuple[tuple[str, str], ...]


class Found(NamedTuple):
    """The language an item names; ``by_code`` when the item gave its code."""

    code: str
    by_code: bool


class LanguageIndex:
    """Names and codes of every known language, with a programme's own names on top.

    CLDR's names are loaded at the first item that is not a code, and the hints at the
    first unknown item: a directory written in Babel codes needs neither.
    """

    def __init__(self, extra: Extra = ()) -> None:
        self._extra = {fold(name): code for name, code in extra}
        self._extra_codes = frozenset(code for _, code in extra)
        self._extra_names = {code: name for name, code in extra}

    def find(self, words: list[str], written: str) -> Found | None:
        """The language that ``words`` (the folded item without its level) name, if any.

        The programme's names come first. An item that is both a name and a code is read
        as ``written`` (the item as written) suggests: a capitalised word is a name ("Ga"
        is the Ga language), anything else a code ("ga" and "GA" are Irish).
        """
        if not words:
            return None
        key = " ".join(words)
        if key in self._extra:
            return Found(self._extra[key], by_code=False)
        code = self._code(words)
        if code is not None and not _capitalised(written):
            return Found(code, by_code=True)
        names = _library_names()
        name = names.get(key) or _after_conjunction(words, names)
        if name is not None:
            return Found(name, by_code=False)
        return Found(code, by_code=True) if code is not None else None

    def _code(self, words: list[str]) -> str | None:
        tag = "-".join(words)
        if tag in self._extra_codes:
            return tag
        if tag in WIKIMEDIA_CODES:
            return WIKIMEDIA_CODES[tag]
        first = words[0]
        if not (2 <= len(first) <= 3 and first.isascii() and first.isalpha()):
            return None
        return cldr.standard_language(tag)

    def english_name(self, code: str) -> str:
        """The English name of ``code`` (the programme's name, or the code, if CLDR has none)."""
        return cldr.language_name(code, "en") or self._extra_names.get(code, code)

    def hints(self, key: str) -> tuple[str, ...]:
        """The known languages nearest to the folded text ``key``, likeliest first.

        Text that looks like a code is compared with codes (hints such as "fr (French)"),
        anything else with names; of equally near ones, the most spoken come first. A
        word that is part of known names ("Tamazight") hints at those languages.
        """
        if _looks_like_code(key):
            codes = nearest(key, _hint_codes(), _HINTS, cutoff=0.5)
            return tuple(f"{code} ({self.english_name(code)})" for code in codes)
        candidates = self._hint_names
        matches = nearest(key, candidates, _HINTS * 4, cutoff=0.6)
        if not matches:
            matches = [name for name in candidates if key in name.split()]
        names: list[str] = []
        for match in matches:
            name = self.english_name(self._extra.get(match) or _library_names()[match])
            if name not in names:
                names.append(name)
        return tuple(names[:_HINTS])

    @functools.cached_property
    def _hint_names(self) -> tuple[str, ...]:
        """The folded names of the languages offered as hints, likeliest language first."""
        names = {**_library_names(), **self._extra}
        known = _well_known() | self._extra_codes
        chosen = [key for key, code in names.items() if code in known]
        return tuple(sorted(chosen, key=lambda key: (_rank(names[key]), key)))


@lru_cache(maxsize=16)
def language_index(extra: Extra = ()) -> LanguageIndex:
    """The index of known languages with the programme's ``extra`` (name, code) pairs."""
    return LanguageIndex(extra)


def _after_conjunction(words: list[str], names: Mapping[str, str]) -> str | None:
    """Arabic writes "and" as a prefix: "والفرنسية" is "and French"."""
    if len(words) == 1 and words[0].startswith(_ARABIC_AND):
        return names.get(words[0][len(_ARABIC_AND) :])
    return None


def _capitalised(written: str) -> bool:
    stripped = written.strip()
    return stripped[:1].isupper() and stripped[1:2].islower()


def _looks_like_code(key: str) -> bool:
    return 2 <= len(key) <= 3 and key.isascii() and key.isalpha()


def _rank(code: str) -> tuple[int, int, str]:
    """Which of two languages sharing a name keeps it: two-letter code, then speakers."""
    return (0 if len(code) == 2 else 1, -cldr.speakers(code), code)


@lru_cache(maxsize=1)
def _library_names() -> Mapping[str, str]:
    """Folded names in the page languages and autonyms -> language code."""
    best: dict[str, str] = {}
    for name, code in _all_names():
        key = fold(name)
        if key and (key not in best or _rank(code) < _rank(best[key])):
            best[key] = code
    return best


def _all_names() -> Iterator[tuple[str, str]]:
    for lang in NAME_LANGUAGES:
        for name, tag in cldr.language_names(lang):
            code = cldr.standard_language(tag)
            if code is not None:
                yield name, code
                if lang == "ar" and name.startswith(_ARABIC_ARTICLE):
                    yield name[len(_ARABIC_ARTICLE) :], code
    for code in cldr.language_codes():
        own = cldr.autonym(code)
        if own:
            yield own, code


@lru_cache(maxsize=1)
def _well_known() -> frozenset[str]:
    """The languages offered as hints."""
    locales = cldr.locale_languages()
    return frozenset(
        code
        for code in cldr.language_codes()
        if len(code) == 2 or code in locales or cldr.speakers(code) >= HINT_SPEAKERS
    )


@lru_cache(maxsize=1)
def _hint_codes() -> tuple[str, ...]:
    return tuple(sorted(_well_known(), key=_rank))
