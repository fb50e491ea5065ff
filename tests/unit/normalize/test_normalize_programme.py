"""Programme settings: defaults, validation with key paths, and privacy guarantees."""

from __future__ import annotations

from typing import Any

import pytest

from wikisync.errors import ConfigError
from wikisync.settings.programme import (
    DEFAULT_PUBLIC_FIELDS,
    FIELDS,
    PageSet,
    default_programme,
    load_programme,
)


def test_an_empty_page_gives_working_defaults() -> None:
    programme = default_programme()
    assert programme.templates.entry == "Skills directory entry"
    assert programme.templates.registration == "Skills directory registration"
    assert programme.templates.skill == "Skill"
    assert programme.templates.feedback == "Match feedback"
    assert {"share", "shares", "can share", "partager", "compartir", "compartilhar"} <= set(
        programme.templates.names_of("share").all_names()
    )
    assert {"username", "user", "name", "utilisateur", "usuario"} <= set(
        programme.templates.names_of("username").all_names()
    )
    assert [name for name, _ in programme.templates.fields] == list(FIELDS)
    assert programme.normalise.default_capacity == 2
    assert programme.normalise.inactive_days == 365
    assert programme.normalise.tidy is False
    assert programme.public_fields == frozenset(DEFAULT_PUBLIC_FIELDS)
    assert programme.sources.directory.transcluding is True
    assert programme.sources.directory.namespaces == ()


def test_a_few_keys_are_enough() -> None:
    programme = load_programme(
        {
            "templates": {"entry": "Profile", "fields": {"share": {"aliases": ["offers"]}}},
            "sources": {"directory": {"prefix": "Project:Directory/"}, "taxonomy": "Project:S"},
            "normalise": {"max_capacity": 5, "regions": {"Africa": ["AF"]}, "tidy": True},
            "matching": {"anything": 1},
            "pages": {"root": "Project:Connect"},
        }
    )
    assert programme.templates.entry == "Profile"
    assert programme.templates.names_of("share").all_names() == ("share", "offers")
    assert programme.sources.directory.prefix == "Project:Directory/"
    assert programme.normalise.regions == (("Africa", ("AF",)),)
    assert programme.normalise.tidy is True
    assert programme.matching["anything"] == 1
    assert programme.pages["root"] == "Project:Connect"


def test_feedback_archives_are_titles_and_a_prefix_never_transclusions() -> None:
    assert default_programme().sources.feedback_archives == PageSet(transcluding=False)
    archives = {"titles": ["Project:Feedback 2025"], "prefix": "Project:Feedback/Archive "}
    programme = load_programme({"sources": {"feedback_archives": archives}})
    assert programme.sources.feedback_archives == PageSet(
        ("Project:Feedback 2025",), "Project:Feedback/Archive ", transcluding=False
    )


def test_resources_pages_are_none_by_default_and_named_by_titles_or_a_prefix() -> None:
    defaults = default_programme()
    assert defaults.sources.resources == PageSet(transcluding=False)
    assert defaults.templates.resource == "Learning resource"
    assert defaults.templates.clinic_record == "Learning clinic"
    programme = load_programme(
        {
            "sources": {"resources": {"titles": ["Hub/Resources"], "prefix": "Hub/Clinics/"}},
            "templates": {"resource": "Ressource", "clinic_record": "Atelier passé"},
        }
    )
    assert programme.sources.resources == PageSet(
        ("Hub/Resources",), "Hub/Clinics/", transcluding=False
    )
    assert (programme.templates.resource, programme.templates.clinic_record) == (
        "Ressource",
        "Atelier passé",
    )


def test_organisation_pages_are_none_by_default_and_named_by_titles_or_a_prefix() -> None:
    defaults = default_programme()
    assert defaults.sources.organisations == PageSet(transcluding=False)
    assert defaults.templates.organisation == "Organisation entry"
    programme = load_programme(
        {
            "sources": {"organisations": {"titles": ["Hub/Affiliates"], "prefix": "Hub/Orgs/"}},
            "templates": {"organisation": "Affilié"},
        }
    )
    assert programme.sources.organisations == PageSet(
        ("Hub/Affiliates",), "Hub/Orgs/", transcluding=False
    )
    assert programme.templates.organisation == "Affilié"


BAD: list[tuple[dict[str, Any], str]] = [
    (
        {"sources": {"organisations": {"transcluding": True}}},
        "sources.organisations.transcluding: unknown setting",
    ),
    ({"sources": {"organisations": "Orgs"}}, "sources.organisations: expected a table"),
    ({"templates": {"organisation": ""}}, "templates.organisation: expected a non-empty string"),
    ({"colour": "red"}, "colour: unknown setting"),
    ({"templates": {"entry": ""}}, "templates.entry: expected a non-empty string"),
    ({"templates": {"fields": {"shares": {}}}}, "templates.fields.shares: unknown setting"),
    (
        {"templates": {"fields": {"share": {"aliases": ["User"]}}}},
        'templates.fields.share.aliases[0]: "User" is already a name of username',
    ),
    ({"templates": {"fields": {"email": {}}}}, 'templates.fields.email: "email" is private'),
    ({"sources": {"directory": {"titles": "A", "prefx": "B"}}}, "sources.directory.prefx"),
    ({"sources": {"directory": {"transcluding": "yes"}}}, "sources.directory.transcluding"),
    ({"sources": {"directory": {"namespaces": ["User:"]}}}, "sources.directory.namespaces[0]"),
    ({"sources": {"directory": {"namespaces": ["", "User"]}}}, "sources.directory.namespaces[0]"),
    ({"sources": {"registrations": {"namespaces": [3]}}}, "sources.registrations.namespaces[0]"),
    ({"sources": {"feedback_archives": "Old"}}, "sources.feedback_archives: expected a table"),
    (
        {"sources": {"feedback_archives": {"transcluding": True}}},
        "sources.feedback_archives.transcluding: unknown setting",
    ),
    (
        {"sources": {"feedback_archives": {"titles": ["A", 2]}}},
        "sources.feedback_archives.titles[1]: expected a string",
    ),
    (
        {"sources": {"csv": {"columns": {"Mail": "email"}}}},
        'sources.csv.columns.Mail: "email" is private',
    ),
    ({"sources": {"csv": {"columns": {"X": "colour"}}}}, "sources.csv.columns.X: expected one of"),
    (
        {"sources": {"resources": {"transcluding": True}}},
        "sources.resources.transcluding: unknown setting",
    ),
    ({"sources": {"resources": ["Resources"]}}, "sources.resources: expected a table"),
    ({"templates": {"resource": ""}}, "templates.resource: expected a non-empty string"),
    (
        {"templates": {"resource": "Clinic", "clinic_record": "clinic"}},
        "templates.clinic_record: the clinic record template needs a name of its own",
    ),
    ({"normalise": {"max_capacity": -1}}, "normalise.max_capacity: expected an integer"),
    ({"normalise": {"max_capacity": 3, "default_capacity": 4}}, "normalise.default_capacity"),
    ({"normalise": {"inactive_days": "a year"}}, "normalise.inactive_days"),
    ({"normalise": {"inactive_days": 1_000_000}}, "normalise.inactive_days: expected an integer"),
    ({"normalise": {"inactive_days": float("nan")}}, "normalise.inactive_days"),
    ({"notifications": {"max_per_run": 10**12}}, "notifications.max_per_run"),
    ({"normalise": {"limits": {"share": 0}}}, "normalise.limits.share: expected an integer"),
    ({"normalise": {"limits": {"colour": 3}}}, "normalise.limits.colour: unknown setting"),
    ({"normalise": {"languages": {"Dagbani": "Dag"}}}, "normalise.languages.Dagbani"),
    ({"normalise": {"regions": {}}}, "normalise.regions: expected at least one region"),
    (
        {"normalise": {"region_aliases": {"MEA": "Africa"}}},
        "normalise.region_aliases.MEA: expected one of the regions: Central and Eastern",
    ),
    ({"normalise": {"regions": {"Africa": [1]}}}, "normalise.regions.Africa[0]: expected a string"),
    ({"public_fields": ["username", "phone"]}, 'public_fields[1]: "phone" is private'),
    ({"public_fields": ["username", "Real name"]}, 'public_fields[1]: "Real name" is private'),
    ({"public_fields": ["colour"]}, "public_fields[0]: expected one of"),
    ({"matching": []}, "matching: expected a table of settings"),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_bad_settings_name_their_path(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as raised:
        load_programme(data, "")
    assert message in str(raised.value)


def test_namespaces_of_a_page_set_are_normalised_names() -> None:
    directory = {"namespaces": ["User", " user_talk ", "Utilisateur", "User"]}
    programme = load_programme({"sources": {"directory": directory}})
    assert programme.sources.directory.namespaces == ("User", "user talk", "Utilisateur")


def test_the_path_prefix_is_used() -> None:
    with pytest.raises(ConfigError, match=r"^programme\.normalise\.tidy: expected true or false"):
        load_programme({"normalise": {"tidy": 1}}, "programme")
