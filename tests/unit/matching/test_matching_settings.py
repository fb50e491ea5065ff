"""MatchSettings from the on-wiki JSON config: defaults, nesting, errors naming the key."""

from __future__ import annotations

import pytest

from wikisync.errors import ConfigError
from wikisync.matching import GroupSettings, MatchSettings, Weights


def test_empty_table_gives_the_defaults() -> None:
    assert MatchSettings.from_mapping({}) == MatchSettings()
    assert MatchSettings().objective == "participants"


def test_nested_tables_are_read() -> None:
    settings = MatchSettings.from_mapping(
        {
            "language_policy": "preferred",
            "region_preference": "different",
            "objective": "requests",
            "weights": {"language": 7, "load": 0},
            "groups": {"min_size": 2, "max_size": 3, "require_host": False},
            "clinics": {"min_unmet": 9},
        }
    )
    assert settings.language_policy == "preferred"
    assert settings.objective == "requests"
    assert settings.weights == Weights(language=7, load=0)
    assert settings.groups == GroupSettings(min_size=2, max_size=3, require_host=False)
    assert settings.clinics.min_unmet == 9


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"weights": {"language": "high"}}, "matching.weights.language: expected an integer"),
        ({"weights": {"swap": -1}}, "matching.weights.swap: expected an integer from 0"),
        ({"langauge_policy": "required"}, "matching.langauge_policy: unknown setting"),
        ({"language_policy": "maybe"}, "matching.language_policy: expected one of required"),
        ({"groups": {"min_size": 3, "max_size": 4}}, "matching.groups.max_size: expected"),
        ({"day_start": 20, "day_end": 8}, "matching.day_end: expected an hour after day_start"),
        (
            {"objective": "people"},
            'matching.objective: expected one of participants, requests, got "people"',
        ),
        ({"met_uses_capacity": "yes"}, "matching.met_uses_capacity: expected true or false"),
        ({"clinics": []}, "matching.clinics: expected a table of settings"),
    ],
)
def test_bad_values_name_their_key(data: dict, message: str) -> None:
    with pytest.raises(ConfigError, match="^" + message.replace(".", r"\.")):
        MatchSettings.from_mapping(data)
