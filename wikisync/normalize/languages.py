"""Spoken languages with Babel levels, from codes or names in several languages.

Accepted items: Babel style ``fr``, ``fr-2``, ``en-N`` (a code without a level means level 3,
"advanced", the level a Babel box without a number implies); ISO 639-2 codes (``fra``);
names in English, French, Spanish, Portuguese, Arabic and the language itself ("French",
"français", "francés", "francês", "الفرنسية"); a level written after the name as a digit, ``N``,
a CEFR level (A1 ... C2) or a word ("native", "fluent", "courant", "básico" ...).
"""

from __future__ import annotations

import difflib
from functools import lru_cache

from wikisync.model import NATIVE, Language
from wikisync.normalize.caching import cache_short
from wikisync.normalize.keys import fold
from wikisync.normalize.language_names import LANGUAGE_NAMES
from wikisync.normalize.lists import split_list
from wikisync.normalize.problems import Issue

DEFAULT_LEVEL = 3

_ISO_639_2 = {
    "eng": "en", "fra": "fr", "fre": "fr", "spa": "es", "por": "pt", "ara": "ar",
    "deu": "de", "ger": "de", "swa": "sw", "hau": "ha", "yor": "yo", "ibo": "ig",
    "amh": "am", "zho": "zh", "chi": "zh", "hin": "hi", "rus": "ru", "ben": "bn",
    "urd": "ur", "ind": "id", "ita": "it", "jpn": "ja", "tur": "tr", "fas": "fa", "per": "fa",
}  # fmt: skip

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
_ARABIC_AND = "و"
_HINTS = 3


@lru_cache(maxsize=16)
def language_index(extra: tuple[tuple[str, str], ...] = ()) -> dict[str, str]:
    """Folded names and codes -> ISO 639 code, for the built-in table plus ``extra`` names."""
    index: dict[str, str] = {}
    for code, names in LANGUAGE_NAMES:
        index[code] = code
        for name in names:
            _add_name(index, name, code)
    index.update({code: base for code, base in _ISO_639_2.items() if code not in index})
    for name, code in extra:
        index.setdefault(code, code)
        _add_name(index, name, code)
    return index


def _add_name(index: dict[str, str], name: str, code: str) -> None:
    key = fold(name)
    index.setdefault(key, code)
    if key.startswith("ال"):
        index.setdefault(key[2:], code)


def english_name(code: str) -> str:
    """The English name of ``code``, or the code itself when it is not in the table."""
    return _ENGLISH.get(code, code)


_ENGLISH = {code: names[0] for code, names in LANGUAGE_NAMES}


@cache_short
def parse_languages(
    text: str, extra: tuple[tuple[str, str], ...] = ()
) -> tuple[tuple[Language, ...], tuple[Issue, ...]]:
    """The languages listed in ``text`` (plain text), highest level kept for repeats."""
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


def parse_language(item: str, index: dict[str, str]) -> tuple[Language | None, Issue | None]:
    """One language item such as ``fr-2``, ``French (fluent)`` or ``الفرنسية``."""
    words = fold(item).split()
    if words and words[0] in _GENERIC_WORDS:
        words = words[1:]
    name_words, level, level_issue = _split_level(words, item)
    code = _code(name_words, index)
    if code is None:
        hints = _closest_names(" ".join(name_words) or fold(item))
        issue = Issue("unknown-language", f'"{item}" is not a known language', item, hints)
        return None, issue
    return Language(code, level), level_issue


def _split_level(words: list[str], item: str) -> tuple[list[str], int, Issue | None]:
    for size in (2, 1):
        if len(words) > size:
            level = _LEVEL_WORDS.get(" ".join(words[-size:]))
            if level is not None:
                return words[:-size], level, None
    if len(words) > 1 and words[-1].isdigit():
        message = f'"{item}": Babel levels go from 0 to 5 or N; level {DEFAULT_LEVEL} used'
        return words[:-1], DEFAULT_LEVEL, Issue("invalid-language-level", message, item)
    return words, DEFAULT_LEVEL, None


def _code(words: list[str], index: dict[str, str]) -> str | None:
    if not words:
        return None
    code = index.get(" ".join(words))
    if code is None and len(words) == 1 and words[0].startswith(_ARABIC_AND):
        code = index.get(words[0][1:])
    if code is None and len(words) == 2 and 2 <= len(words[1]) <= 4:
        code = index.get(words[0]) if len(words[0]) <= 3 else None
    return code


def _closest_names(key: str) -> tuple[str, ...]:
    matches = difflib.get_close_matches(key, sorted(_NAME_KEYS), n=_HINTS * 2, cutoff=0.6)
    names: list[str] = []
    for match in matches:
        name = english_name(_NAME_KEYS[match])
        if name not in names:
            names.append(name)
    return tuple(names[:_HINTS])


_NAME_KEYS = {fold(name): code for code, names in LANGUAGE_NAMES for name in names}


def babel_text(languages: tuple[Language, ...]) -> str:
    """``languages`` written Babel style, as in a directory entry: ``en-N, fr-2``."""
    return ", ".join(
        f"{item.code}-{'N' if item.level >= NATIVE else item.level}" for item in languages
    )
