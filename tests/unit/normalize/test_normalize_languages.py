"""Languages with Babel levels, checked against the library's own data (CLDR, IANA)."""

from __future__ import annotations

import langcodes
import pytest
from language_data.population_data import LANGUAGE_SPEAKING_POPULATION
from language_data.registry_parser import parse_registry

from wikisync.model import NATIVE, Language
from wikisync.normalize.language_names import NAME_LANGUAGES
from wikisync.normalize.languages import DEFAULT_LEVEL, babel_text, parse_languages
from wikisync.render.i18n import SUPPORTED_LANGUAGES

TWO_LETTER_CODES = sorted(
    entry["Subtag"]
    for entry in parse_registry()
    if entry.get("Type") == "language" and len(entry.get("Subtag", "")) == 2
)
MOST_SPOKEN = sorted(
    (code for code in LANGUAGE_SPEAKING_POPULATION if "-" not in code),
    key=lambda code: -LANGUAGE_SPEAKING_POPULATION[code],
)[:30]


def _names(code: str) -> list[str]:
    """The names of ``code`` in the page languages and in itself, as the library gives them."""
    language = langcodes.Language.get(code)
    return [*(language.language_name(lang) for lang in NAME_LANGUAGES), language.autonym()]


def test_names_are_read_in_the_languages_pages_are_written_in() -> None:
    assert set(NAME_LANGUAGES) == set(SUPPORTED_LANGUAGES)


def test_the_registry_lists_every_iso_639_1_code() -> None:
    assert len(TWO_LETTER_CODES) >= 184


@pytest.mark.parametrize("code", TWO_LETTER_CODES)
def test_every_iso_639_1_code_is_a_native_language(code: str) -> None:
    standard = langcodes.Language.get(code).language
    assert parse_languages(code) == ((Language(standard, NATIVE),), ())


@pytest.mark.parametrize("code", MOST_SPOKEN)
def test_the_most_spoken_languages_are_known_by_their_names(code: str) -> None:
    for name in _names(code):
        assert parse_languages(name) == ((Language(code, DEFAULT_LEVEL),), ()), name


@pytest.mark.parametrize(
    "code",
    ["ast", "arz", "bcl", "ckb", "diq", "hsb", "nds", "pms", "scn", "szl", "war", "yue"],
)
def test_three_letter_codes_of_wikimedia_wikis_are_known(code: str) -> None:
    assert parse_languages(f"{code}-2") == ((Language(code, 2),), ())


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("simple", "en"),
        ("zh-yue", "yue"),
        ("zh-min-nan", "nan"),
        ("zh-classical", "lzh"),
        ("als", "gsw"),
        ("bat-smg", "sgs"),
        ("be-x-old", "be"),
        ("be-tarask", "be"),
        ("fra", "fr"),
        ("fre", "fr"),
        ("iw", "he"),
        ("pt-BR", "pt"),
        ("sr-Latn", "sr"),
    ],
)
def test_wiki_and_alternative_codes_give_the_standard_code(written: str, expected: str) -> None:
    assert parse_languages(written) == ((Language(expected, NATIVE),), ())


@pytest.mark.parametrize("level", ["0", "1", "2", "3", "4", "5", "N", "n"])
def test_babel_levels(level: str) -> None:
    expected = NATIVE if level in "Nn" else int(level)
    assert parse_languages(f"ca-{level}") == ((Language("ca", expected),), ())


def test_a_code_without_a_level_is_native_as_in_a_babel_box() -> None:
    languages, issues = parse_languages("ca, es-4, gl")
    assert languages == (Language("ca", NATIVE), Language("es", 4), Language("gl", NATIVE))
    assert issues == ()


def test_a_name_without_a_level_says_nothing_about_the_level() -> None:
    assert parse_languages("Catalan") == ((Language("ca", DEFAULT_LEVEL),), ())


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("French", Language("fr", 3)),
        ("français", Language("fr", 3)),
        ("francés", Language("fr", 3)),
        ("francês", Language("fr", 3)),
        ("الفرنسية", Language("fr", 3)),
        ("فرنسية", Language("fr", 3)),
        ("FR", Language("fr", NATIVE)),
        ("French (native)", Language("fr", NATIVE)),
        ("English: fluent", Language("en", 4)),
        ("español básico", Language("es", 1)),
        ("German C2", Language("de", 5)),
        ("inglés - 2", Language("en", 2)),
        ("pt-BR-3", Language("pt", 3)),
        ("العربية لغة أم", Language("ar", NATIVE)),
        ("Galego", Language("gl", 3)),
        ("latín", Language("la", 3)),
        ("aragonés", Language("an", 3)),
        ("asturianu", Language("ast", 3)),
        ("Farsi", Language("fa", 3)),
        ("Spanish language", Language("es", 3)),
        ("Ga", Language("gaa", 3)),
        ("ga", Language("ga", NATIVE)),
        ("fr-9", Language("fr", 3)),
    ],
)
def test_names_codes_and_levels(written: str, expected: Language) -> None:
    assert parse_languages(written)[0] == (expected,)


def test_a_level_outside_babel_is_reported() -> None:
    _, issues = parse_languages("fr-9")
    assert [issue.code for issue in issues] == ["invalid-language-level"]


@pytest.mark.parametrize(
    ("written", "first_hint"),
    [
        ("Frech", "French"),
        ("Englsh", "English"),
        ("Portugese", "Portuguese"),
        ("Swahilli", "Swahili"),
        ("Tamazight", "Standard Moroccan Tamazight"),
        ("fx", "fr (French)"),
    ],
)
def test_unknown_language_gets_the_nearest_known_ones_as_hints(
    written: str, first_hint: str
) -> None:
    languages, issues = parse_languages(written)
    assert languages == ()
    assert issues[0].code == "unknown-language"
    assert issues[0].hints[0] == first_hint


def test_extra_language_names_come_from_settings_before_the_library() -> None:
    extra = (("Asante Twi", "tw"), ("Fanti", "ak"))
    assert parse_languages("Asante Twi")[0] == ()
    assert parse_languages("Fanti")[0] == (Language("fat", 3),)
    languages = parse_languages("Asante Twi, Fanti", extra)[0]
    assert languages == (Language("tw", 3), Language("ak", 3))


def test_babel_text_writes_native_as_n() -> None:
    assert babel_text((Language("en", NATIVE), Language("fr", 2))) == "en-N, fr-2"
