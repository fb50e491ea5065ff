"""CLDR plural categories per language, and the form a message takes for a count."""

from __future__ import annotations

import pytest

from wikisync.render.i18n import messages_for
from wikisync.render.plurals import choose_form, plural_categories, plural_category


@pytest.mark.parametrize(
    ("lang", "count", "category"),
    [
        ("en", 0, "other"),
        ("en", 1, "one"),
        ("en", 2, "other"),
        ("en", 101, "other"),
        ("fr", 0, "one"),
        ("fr", 1, "one"),
        ("fr", 2, "other"),
        ("fr", 1_000_000, "many"),
        ("fr", 2_000_000, "many"),
        ("fr", 1_000_001, "other"),
        ("es", 0, "other"),
        ("es", 1, "one"),
        ("es", 2, "other"),
        ("es", 1_000_000, "many"),
        ("pt", 0, "one"),
        ("pt", 1, "one"),
        ("pt", 2, "other"),
        ("pt", 1_000_000, "many"),
        ("ar", 0, "zero"),
        ("ar", 1, "one"),
        ("ar", 2, "two"),
        ("ar", 3, "few"),
        ("ar", 10, "few"),
        ("ar", 11, "many"),
        ("ar", 99, "many"),
        ("ar", 100, "other"),
        ("ar", 102, "other"),
        ("ar", 103, "few"),
        ("ar", 111, "many"),
        ("ar", 1000, "other"),
    ],
)
def test_plural_category(lang: str, count: int, category: str) -> None:
    assert plural_category(lang, count) == category


def test_arabic_has_six_categories_in_cldr_order() -> None:
    assert plural_categories("ar") == ("zero", "one", "two", "few", "many", "other")


def test_missing_forms_fall_back_to_the_last_one() -> None:
    assert choose_form("fr", 1_000_000, ("un", "plusieurs")) == "plusieurs"
    assert choose_form("ar", 100, ("a", "b", "c")) == "c"
    assert choose_form("en", 1, ()) == ""


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "0 ساعة"),
        (1, "ساعة واحدة"),
        (2, "ساعتان"),
        (3, "3 ساعات"),
        (11, "11 ساعة"),
        (100, "100 ساعة"),
    ],
)
def test_arabic_message_takes_the_right_form(count: int, expected: str) -> None:
    assert messages_for("ar").msg("time-hours", count) == expected


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        ("en", 1, "1 hour"),
        ("en", 0, "0 hours"),
        ("fr", 0, "0 heure"),
        ("fr", 2, "2 heures"),
        ("es", 0, "0 horas"),
        ("es", 1, "1 hora"),
        ("pt", 0, "0 hora"),
        ("pt", 5, "5 horas"),
    ],
)
def test_messages_choose_plural_forms(lang: str, count: int, expected: str) -> None:
    assert messages_for(lang).msg("time-hours", count) == expected
