"""Countries: free text tidied, and names CLDR knows unified as one English name.

Countries are not validated against a list (editors write regions, territories, "online"),
so an unknown value is kept as written. A known one is written as CLDR names it in English
(with a plain apostrophe), so that statistics and "same country" reasons count its
spellings together: its name in a page language ("Sénégal", "Costa do Marfim",
"المغرب") or in any language CLDR covers ("Deutschland"), an older name CLDR keeps
("Swaziland", "Ivory Coast"), or its ISO 3166 code written in capitals ("US", "USA",
"U.S.A."), with or without a leading article ("the Gambia", "la France").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from wikisync.normalize import cldr
from wikisync.normalize.caching import cache_short
from wikisync.normalize.keys import fold
from wikisync.normalize.language_names import NAME_LANGUAGES
from wikisync.normalize.text import single_line

_ARTICLES = frozenset({"the", "la", "le", "les", "l", "el", "los", "las", "o", "os", "a", "as"})
_CODE = re.compile(r"[A-Z]{2,3}")


@cache_short
def tidy_country(text: str) -> str:
    """``text`` on one line, or the English name of the country it names.

    A name written all in lower case gets a capital first letter ("atlantis" -> "Atlantis").
    """
    line = single_line(text)
    code = country_code(line)
    if code is not None:
        return country_name(code, "en")
    if line.islower():
        return line[0].upper() + line[1:]
    return line


def country_code(text: str) -> str | None:
    """The ISO 3166 two-letter code of the country ``text`` names, or None."""
    written = text.strip().replace(".", "")
    if _CODE.fullmatch(written):
        code = cldr.alpha3_codes().get(written) or cldr.standard_territory(written)
        if code in cldr.countries():
            return code
    words = fold(text).split()
    if len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    named = _countries_by_name().get(" ".join(words))
    if named is None:
        found = cldr.territory_in_any_language(text.strip())
        named = cldr.standard_territory(found) if found is not None else None
    return named if named in cldr.countries() else None


def country_name(code: str, lang: str) -> str:
    """The name of country ``code`` in language ``lang``, apostrophes plain."""
    return (cldr.territory_name(code, lang) or code).replace("’", "'")


@lru_cache(maxsize=1)
def _countries_by_name() -> Mapping[str, str]:
    """Folded names of countries in the page languages -> current two-letter code."""
    countries = cldr.countries()
    names: dict[str, str] = {}
    for lang in NAME_LANGUAGES:
        for name, found in cldr.territory_names(lang):
            code = found if found in countries else cldr.standard_territory(found)
            if code in countries:
                names.setdefault(fold(name), code)
    return names
