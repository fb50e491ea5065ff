"""Language and territory data of the Unicode CLDR and the IANA subtag registry.

The data comes from ``langcodes`` and its companion ``language_data``; this is the only
module that imports them. Names of languages and territories are given in any language
CLDR covers (English where it has none), language codes are checked against the IANA
registry and written in their standard form (``fra`` -> ``fr``, ``iw`` -> ``he``), and
speaker counts come from CLDR's population estimates. Loaded tables are kept for the life
of the process: they are read once and never change.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator, Mapping
from typing import Any

import langcodes
from langcodes.tag_parser import LanguageTagError
from language_data.name_data import CODE_TO_NAMES, LANGUAGES_WITH_NAME_DATA
from language_data.names import load_trie
from language_data.population_data import LANGUAGE_SPEAKING_POPULATION
from language_data.util import data_filename

#: Codes the registry has for things that are not one language.
_NOT_A_LANGUAGE = frozenset({"und", "mul", "mis", "zxx"})


@functools.lru_cache(maxsize=1 << 14)
def standard_language(tag: str) -> str | None:
    """The language subtag of the BCP 47 tag ``tag`` in its standard form, or None.

    ``fra`` and ``FR`` give ``fr``, ``iw`` gives ``he``, ``pt-BR`` gives ``pt``. None when
    ``tag`` is not a valid tag (every subtag registered: ``en-fluent`` is not) or its
    language has no name (``und``, ``xyz``, ``qaa``).
    """
    if "-" in tag and not langcodes.tag_is_valid(tag):
        return None
    try:
        language = langcodes.Language.get(tag).language
    except LanguageTagError:
        return None
    if language is None or language in _NOT_A_LANGUAGE or not has_language_name(language):
        return None
    return language


def has_language_name(code: str) -> bool:
    """True when CLDR or the registry names the language ``code`` in English."""
    return "en" in CODE_TO_NAMES.get(code, {})


@functools.lru_cache(maxsize=4096)
def language_name(code: str, lang: str) -> str | None:
    """The name of language ``code`` in language ``lang`` (English when CLDR has no name
    in ``lang``), or None when ``code`` names no known language."""
    if not has_language_name(code):
        return None
    name: str = langcodes.Language.get(code).language_name(lang)
    return name


def autonym(code: str) -> str | None:
    """The name of language ``code`` in that language, when CLDR has it."""
    own = CODE_TO_NAMES.get(code, {}).get(code)
    return str(own) if own is not None else None


def language_names(lang: str) -> Iterator[tuple[str, str]]:
    """Every (name, language code) CLDR has in language ``lang``, names case-folded."""
    return _names(lang, "language")


def territory_names(lang: str) -> Iterator[tuple[str, str]]:
    """Every (name, territory code) CLDR has in language ``lang``, names case-folded."""
    return _names(lang, "territory")


def _names(lang: str, kind: str) -> Iterator[tuple[str, str]]:
    if lang not in LANGUAGES_WITH_NAME_DATA:
        return
    trie = load_trie(data_filename(f"trie/{lang}/name_to_{kind}.marisa"))
    for name, value in trie.items():
        yield name, value.decode("utf-8")


@functools.cache
def _any_language_territories() -> Any:
    """The trie of territory names (case-folded) in every language CLDR covers."""
    return load_trie(data_filename("trie/und/name_to_territory.marisa"))


def territory_in_any_language(name: str) -> str | None:
    """The territory whose name in some language CLDR covers is ``name`` (any case)."""
    found = _any_language_territories().get(name.casefold().replace("’", "'"))
    return found[0].decode("utf-8") if found else None


def language_codes() -> Iterator[str]:
    """Every language code with a name (ISO 639-1 where one exists, else ISO 639-3)."""
    return (code for code in CODE_TO_NAMES if code.isalpha() and code.islower())


def locale_languages() -> frozenset[str]:
    """The languages CLDR has locale data for (names of other languages in them)."""
    return frozenset(LANGUAGES_WITH_NAME_DATA)


def speakers(code: str) -> int:
    """CLDR's estimate of how many people speak the language ``code`` (0 when unknown)."""
    return int(LANGUAGE_SPEAKING_POPULATION.get(code, 0))


def standard_territory(code: str) -> str:
    """A territory code in its current form (``BU`` -> ``MM``, ``UK`` -> ``GB``)."""
    try:
        territory = langcodes.Language.get(f"und-{code}").territory
    except LanguageTagError:
        return code
    return territory or code


@functools.lru_cache(maxsize=4096)
def territory_name(code: str, lang: str) -> str | None:
    """The name of territory ``code`` in language ``lang`` (English when CLDR has none)."""
    names = CODE_TO_NAMES.get(code, {})
    name = names.get(lang) or names.get("en")
    return str(name) if name is not None else None


@functools.cache
def countries() -> frozenset[str]:
    """The two-letter codes of today's countries and territories (UN M49 areas in CLDR)."""
    found: set[str] = set()
    for group in _supplemental().iter("group"):
        if group.get("type", "").isdigit() and "status" not in group.attrib:
            found.update(code for code in group.get("contains", "").split() if code.isalpha())
    return frozenset(found)


@functools.cache
def alpha3_codes() -> Mapping[str, str]:
    """ISO 3166 three-letter country codes -> two-letter codes."""
    return {
        item.get("alpha3", ""): item.get("type", "")
        for item in _supplemental().iter("territoryCodes")
        if item.get("alpha3") and item.get("type") in countries()
    }


@functools.cache
def _supplemental() -> ElementTree.Element:
    return ElementTree.parse(data_filename("supplementalData.xml")).getroot()
