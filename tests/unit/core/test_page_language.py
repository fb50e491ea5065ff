"""Generated pages speak the wiki's content language unless the programme says otherwise."""

from __future__ import annotations

from pathlib import Path

from wikisync.planning.plan import page_settings
from wikisync.settings.config import parse_settings
from wikisync.settings.programme import load_programme

SETTINGS = parse_settings({"wiki": {"family": "meta", "user": "Bot"}}, Path("/srv/wikisync.toml"))


def test_the_content_language_is_the_default() -> None:
    assert page_settings(load_programme({}), SETTINGS, "fr").language == "fr"
    assert page_settings(load_programme({}), SETTINGS, "ar").language == "ar"


def test_an_unsupported_content_language_falls_back_to_english() -> None:
    assert page_settings(load_programme({}), SETTINGS, "de").language == "en"


def test_the_programme_setting_wins() -> None:
    programme = load_programme({"pages": {"language": "es"}})
    assert page_settings(programme, SETTINGS, "fr").language == "es"
    assert page_settings(programme, SETTINGS, "fr").status == "User:Bot/Status"
