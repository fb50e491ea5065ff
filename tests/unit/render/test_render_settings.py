"""Page settings: titles are validated and errors name the setting's path."""

from __future__ import annotations

import pytest

from wikisync.errors import ConfigError
from wikisync.render.settings import PageSettings


def test_defaults_give_the_programme_titles() -> None:
    settings = PageSettings.from_mapping({}, bot_user="SyncBot")
    assert settings.matches_title == "Let's Connect/Matches"
    assert settings.clinics_title == "Let's Connect/Learning clinics/Candidates"
    assert settings.skill_title("Video editing") == "Let's Connect/Skills/Video editing"
    assert settings.status == "User:SyncBot/Status"
    assert settings.language == "en"


def test_titles_are_normalised_and_an_empty_prefix_is_allowed() -> None:
    settings = PageSettings.from_mapping({"prefix": "", "matches": "Peer_matches "})
    assert settings.matches_title == "Peer matches"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"matches": "Bad[title]"}, r"pages\.matches: expected a valid page title"),
        ({"groups": ""}, r"pages\.groups: expected a valid page title"),
        ({"status": 3}, r"pages\.status: expected a string"),
        ({"language": "de"}, r"pages\.language: expected one of en, fr, es, ar, pt"),
        ({"matchs": "x"}, r"pages\.matchs: unknown setting"),
    ],
)
def test_bad_settings_name_their_path(data: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        PageSettings.from_mapping(data)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("user:SyncBot/Status2", "User:SyncBot/Status2"),
        ("USER:syncBot/Status", "User:SyncBot/Status"),
        ("user_talk:SyncBot", "User talk:SyncBot"),
        ("image:Logo.png", "File:Logo.png"),
        ("project:Let's Connect/Status", "Project:Let's Connect/Status"),
        ("template:lowercase first letter", "Template:lowercase first letter"),
        ("Let's Connect: Status", "Let's Connect: Status"),
    ],
)
def test_namespaces_are_written_as_mediawiki_writes_them(given: str, expected: str) -> None:
    assert PageSettings.from_mapping({"status": given}).status == expected
