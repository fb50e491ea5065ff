"""Message files: complete in every language, same parameters, plain text, and used safely."""

from __future__ import annotations

import re

import pytest

from wikisync.outcomes import RunOutcome
from wikisync.render.escape import Wikitext
from wikisync.render.i18n import SUPPORTED_LANGUAGES, Messages, load_catalogue, messages_for
from wikisync.render.pages.status import COUNT_NAMES, LISTED_PAGE_OUTCOMES, outcome_key
from wikisync.render.plurals import plural_categories
from wikisync.render.reasons import (
    COMMON_LANGUAGE,
    HINT_MESSAGES,
    PROBLEM_CODES,
    REASON_FORMS,
    UNMATCHED_FORMS,
)
from wikisync.render.summaries import SUMMARY_MESSAGES
from wikisync.running.schedule import JOBS

PARAMETER = re.compile(r"\$[0-9]+")
PLURAL = re.compile(r"\{\{PLURAL:(\$[0-9]+)\|([^{}]*)\}\}")
OTHER_LANGUAGES = [lang for lang in SUPPORTED_LANGUAGES if lang != "en"]
ENGLISH = load_catalogue("en")


def _without_plurals(text: str) -> str:
    return PLURAL.sub(lambda match: match.group(2).replace("|", " "), text)


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_every_english_key_exists_in_every_language(lang: str) -> None:
    assert set(load_catalogue(lang)) == set(ENGLISH)


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_translations_use_the_same_parameters(lang: str) -> None:
    catalogue = load_catalogue(lang)
    for key, text in ENGLISH.items():
        assert set(PARAMETER.findall(catalogue[key])) == set(PARAMETER.findall(text)), key


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_plural_forms_only_mention_their_own_count(lang: str) -> None:
    for key, text in load_catalogue(lang).items():
        for match in PLURAL.finditer(text):
            assert set(PARAMETER.findall(match.group(2))) <= {match.group(1)}, key
            assert len(match.group(2).split("|")) <= len(plural_categories(lang)), key


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_messages_are_plain_text(lang: str) -> None:
    for key, text in load_catalogue(lang).items():
        plain = _without_plurals(text)
        assert not set("[]{}|<>&=") & set(plain), key
        for sequence in ("''", "__", "~~~", "://", "!!", "\n"):
            assert sequence not in plain, key
        if not key.endswith("-separator"):
            assert not plain.startswith(("*", "#", ":", ";", "-", "!", "=", " ")), key


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_every_code_the_renderers_translate_has_a_message(lang: str) -> None:
    messages = messages_for(lang)
    keys = [f"reason-{COMMON_LANGUAGE}"]
    keys += [
        key
        for table in (REASON_FORMS, UNMATCHED_FORMS)
        for forms in table.values()
        for key in forms.values()
    ]
    keys += [f"problem-{code}-{part}" for code in PROBLEM_CODES for part in ("explain", "fix")]
    keys += list(HINT_MESSAGES.values())
    keys += [outcome_key(outcome) for outcome in (*LISTED_PAGE_OUTCOMES, *RunOutcome)]
    keys += [f"job-{job}" for job in JOBS]
    keys += [f"count-{name}" for name in COUNT_NAMES]
    keys += list(SUMMARY_MESSAGES)
    keys += [f"severity-{severity}" for severity in ("error", "warning", "info")]
    assert [key for key in keys if key not in messages.texts] == []


def test_string_arguments_are_escaped_and_wikitext_is_not() -> None:
    messages = messages_for("en")
    assert messages.msg("skill-area", "[[Category:X]]") == "Area: &#91;&#91;Category:X&#93;&#93;"
    assert messages.msg("skill-area", Wikitext("[[:Page|p]]")) == "Area: [[:Page|p]]"


def test_an_argument_holding_a_parameter_is_not_substituted_again() -> None:
    assert messages_for("en").msg("item-count", "$2", 5) == "$2 (5)"


def test_missing_argument_is_a_caller_bug() -> None:
    with pytest.raises(ValueError, match=r"\$2"):
        messages_for("en").msg("item-count", "only one")


def test_missing_key_falls_back_to_english() -> None:
    messages = Messages("fr", {"none": "aucun"}, ENGLISH)
    assert messages.msg("none") == "aucun"
    assert messages.msg("column-skill") == "Skill"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="de"):
        messages_for("de")


def test_text_count_that_is_not_a_number_takes_the_other_form() -> None:
    assert messages_for("en").msg("time-hours", "many") == "many hours"
    assert messages_for("en").msg("time-hours", "1") == "1 hour"


def test_percent_uses_the_language_decimal_separator() -> None:
    assert messages_for("en").percent(1, 3) == "33.3%"
    assert messages_for("fr").percent(2, 3) == "66,7 %"
    assert messages_for("en").percent(1, 8) == "12.5%"
    assert messages_for("en").percent(0, 0) == "0.0%"


def test_right_to_left_wrapping_and_isolation() -> None:
    arabic, english = messages_for("ar"), messages_for("en")
    assert arabic.wrap_direction("x") == '<div dir="rtl" lang="ar">\nx\n</div>'
    assert arabic.isolate("[[User:A|A]]") == "<bdi>[[User:A|A]]</bdi>"
    assert english.wrap_direction("x") == "x"
    assert english.isolate("A") == "A"


def test_a_right_to_left_name_is_isolated_on_a_left_to_right_page() -> None:
    english = messages_for("en")
    for name in ("[[User:رضا كريمى|رضا كريمى]]", "נועה", "Omar عمر", "ܐܕܝ"):
        assert english.isolate(name) == f"<bdi>{name}</bdi>"
    for name in ("Nino Kowalska", "अनन्या", "Ива", "", "12:00"):
        assert english.isolate(name) == name
