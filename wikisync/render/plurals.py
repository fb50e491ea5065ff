"""CLDR plural rules (cardinal, integers) for the languages wikisync ships messages in.

A message writes ``{{PLURAL:$1|form|form…}}`` with one form per plural category of its
language, in CLDR order (zero, one, two, few, many, other); missing trailing forms fall back
to the last one given, as in MediaWiki. Rules follow CLDR 44 ``plurals.xml`` for integer
operands (``v = 0``, ``e = 0``).
"""

from __future__ import annotations

from collections.abc import Callable

ZERO, ONE, TWO, FEW, MANY, OTHER = "zero", "one", "two", "few", "many", "other"


def _english(n: int) -> str:
    """en: one ``i = 1 and v = 0``."""
    return ONE if n == 1 else OTHER


def _millions(n: int) -> bool:
    """The ``many`` condition of fr, es and pt: ``e = 0 and i != 0 and i % 1000000 = 0``."""
    return n != 0 and n % 1_000_000 == 0


def _french_portuguese(n: int) -> str:
    """fr and pt: one ``i = 0,1`` (pt: ``i = 0..1``); many ``i != 0 and i % 1000000 = 0``."""
    if n in (0, 1):
        return ONE
    return MANY if _millions(n) else OTHER


def _spanish(n: int) -> str:
    """es: one ``n = 1``; many ``i != 0 and i % 1000000 = 0``."""
    if n == 1:
        return ONE
    return MANY if _millions(n) else OTHER


def _arabic(n: int) -> str:
    """ar: zero ``n = 0``; one ``n = 1``; two ``n = 2``; few ``n % 100 = 3..10``;
    many ``n % 100 = 11..99``."""
    exact = {0: ZERO, 1: ONE, 2: TWO}
    if n in exact:
        return exact[n]
    if 3 <= n % 100 <= 10:
        return FEW
    if 11 <= n % 100 <= 99:
        return MANY
    return OTHER


_RULES: dict[str, tuple[Callable[[int], str], tuple[str, ...]]] = {
    "en": (_english, (ONE, OTHER)),
    "fr": (_french_portuguese, (ONE, MANY, OTHER)),
    "es": (_spanish, (ONE, MANY, OTHER)),
    "pt": (_french_portuguese, (ONE, MANY, OTHER)),
    "ar": (_arabic, (ZERO, ONE, TWO, FEW, MANY, OTHER)),
}


def plural_category(lang: str, count: int) -> str:
    """The CLDR plural category of the integer ``count`` in ``lang``."""
    rule, _ = _RULES[lang]
    return rule(abs(count))


def plural_categories(lang: str) -> tuple[str, ...]:
    """The categories of ``lang`` in the order its ``PLURAL`` forms are written."""
    return _RULES[lang][1]


def choose_form(lang: str, count: int, forms: tuple[str, ...]) -> str:
    """The form of ``forms`` (written in CLDR order) that ``count`` takes in ``lang``."""
    if not forms:
        return ""
    position = plural_categories(lang).index(plural_category(lang, count))
    return forms[min(position, len(forms) - 1)]
