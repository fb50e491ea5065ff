"""Spoken languages with Babel levels, from codes or names in several languages.

Accepted items: Babel style ``fr``, ``fr-2``, ``en-N``, any code CLDR knows (``ast``,
``fra``, ``pt-BR``) and Wikimedia wiki codes (``zh-yue``), names in the page languages and
the language's own name ("French", "français", "francés", "francês", "الفرنسية"; see
:mod:`wikisync.normalize.language_names`), and a level written after the code or name as a
digit, ``N``, a CEFR level (A1 ... C2) or a word ("native", "fluent", "courant", "básico" ...).

A code without a level means a native speaker, as in a Babel box (``{{Babel|ca}}`` is
``ca-N``); a name without a level says nothing about it, and gets level 3, "advanced".
"""

from __future__ import annotations

from wikisync.model import NATIVE, Language
from wikisync.normalize.caching import cache_short
from wikisync.normalize.keys import fold
from wikisync.normalize.language_names import Extra, LanguageIndex, language_index
from wikisync.normalize.lists import split_list
from wikisync.normalize.problems import Issue

#: The level of a language named without one (a code without one is native).
DEFAULT_LEVEL = 3

_LEVEL_NAMES = {
    **dict.fromkeys(("n", "native", "natif", "native speaker", "nativo", "nativa"), NATIVE),
    **dict.fromkeys(("mother tongue", "first language", "maternelle", "langue maternelle"), NATIVE),
    **dict.fromkeys(("lengua materna", "lingua materna", "materna", "لغة أم"), NATIVE),
    **dict.fromkeys(("professional", "professionnel", "profesional", "profissional"), 5),
    **dict.fromkeys(("fluent", "near native", "courant", "fluide", "fluido", "fluida"), 4),
    **dict.fromkeys(("fluente", "bilingual", "bilingue", "طليق", "C1"), 4),
    **dict.fromkeys(("advanced", "avancé", "avanzado", "avançado", "متقدم", "b2"), 3),
    **dict.fromkeys(("intermediate", "intermédiaire", "intermedio", "intermediário"), 2),
    **dict.fromkeys(("متوسط", "b1"), 2),
    **dict.fromkeys(("basic", "beginner", "elementary", "débutant", "básico", "principiante"), 1),
    **dict.fromkeys(("iniciante", "élémentaire", "مبتدئ", "a1", "a2"), 1),
    "c2": 5,
    **{str(level): level for level in range(6)},
}
_LEVEL_WORDS = {fold(name): level for name, level in _LEVEL_NAMES.items()}
_GENERIC_WORDS = frozenset(
    fold(word) for word in ("language", "langue", "lengua", "idioma", "língua", "اللغة", "لغة")
)


@cache_short
def parse_languages(text: str, extra: Extra = ()) -> tuple[tuple[Language, ...], tuple[Issue, ...]]:
    """The languages listed in ``text`` (plain text), highest level kept for repeats.

    ``extra`` holds the programme's own (name, code) pairs, which come before CLDR's names.
    """
    index = language_index(extra)
    levels: dict[str, int] = {}
    issues: list[Issue] = []
    for item in split_list(text):
        language, issue = parse_language(item, index)
        if issue is not None:
            issues.append(issue)
        if language is not None:
            levels[language.code] = max(language.level, levels.get(language.code, -1))
    ordered = tuple(Language(code, level) for code, level in levels.items())
    return ordered, tuple(issues)


@cache_short
def parse_language(item: str, index: LanguageIndex) -> tuple[Language | None, Issue | None]:
    """One language item such as ``fr-2``, ``French (fluent)`` or ``الفرنسية``.

    Items repeat across entries far more than whole lists do, so each is remembered.
    """
    words = _without_generic_words(fold(item).split())
    name_words, level, level_issue = _split_level(words, item)
    found = index.find(name_words, item)
    if found is None:
        hints = index.hints(" ".join(name_words) or fold(item))
        issue = Issue("unknown-language", f'"{item}" is not a known language', item, hints)
        return None, issue
    if level is None:
        level = NATIVE if found.by_code else DEFAULT_LEVEL
    return Language(found.code, level), level_issue


def _without_generic_words(words: list[str]) -> list[str]:
    """The words of "langue française" or "Spanish language" without the word "language"."""
    if len(words) > 1 and words[0] in _GENERIC_WORDS:
        words = words[1:]
    if len(words) > 1 and words[-1] in _GENERIC_WORDS:
        words = words[:-1]
    return words


def _split_level(words: list[str], item: str) -> tuple[list[str], int | None, Issue | None]:
    """The words naming the language, and the level written after them (None: no level)."""
    for size in (2, 1):
        if len(words) > size:
            level = _LEVEL_WORDS.get(" ".join(words[-size:]))
            if level is not None:
                return words[:-size], level, None
    if len(words) > 1 and words[-1].isdigit():
        message = f'"{item}": Babel levels go from 0 to 5 or N; level {DEFAULT_LEVEL} used'
        return words[:-1], DEFAULT_LEVEL, Issue("invalid-language-level", message, item)
    return words, None, None


def babel_text(languages: tuple[Language, ...]) -> str:
    """``languages`` written Babel style, as in a directory entry: ``en-N, fr-2``."""
    return ", ".join(
        f"{item.code}-{'N' if item.level >= NATIVE else item.level}" for item in languages
    )
