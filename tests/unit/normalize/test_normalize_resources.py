"""Learning resources and past clinics: skills through the taxonomy, languages, kinds, ISO
dates, hosts and safe addresses, every doubt a located problem; real-shaped mess from the
sample's resources page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from wikisync.dev.sample import files_folder
from wikisync.model import (
    ClinicRecord,
    LearningResource,
    Problem,
    RawRecord,
    Recording,
    RecordKind,
    ResourceKind,
    Skill,
    SourceRef,
    Taxonomy,
)
from wikisync.normalize.problems import SEVERITIES
from wikisync.normalize.resources import iso_date, normalise_library, resource_kind
from wikisync.normalize.skills import SkillIndex
from wikisync.reading.resources import parse_records
from wikisync.render.links import checked_url
from wikisync.settings.programme import Templates

TAXONOMY = Taxonomy(
    (
        Skill(
            "proposal-writing", "Proposal writing", ("grant writing",), labels={"fr": "Rédaction"}
        ),
        Skill("audio-recording", "Audio recording", ("podcasting",)),
    )
)
SKILLS = SkillIndex(TAXONOMY)
SOURCE = SourceRef("Resources", 4, 0, 9)
GOOD = {"skill": "proposal-writing", "title": "Guide", "url": "https://example.org/guide"}


def resource(**fields: str) -> RawRecord:
    return RawRecord(RecordKind.RESOURCE, fields, SOURCE)


def clinic(**fields: str) -> RawRecord:
    return RawRecord(RecordKind.CLINIC, fields, SOURCE)


def codes(problems: list[Problem]) -> list[tuple[str, str | None]]:
    return [(item.code, item.field) for item in problems]


def test_a_complete_resource_and_clinic_are_read_as_written() -> None:
    library, problems = normalise_library(
        [
            resource(**GOOD, language="fr", kind="slides", clinic="March", date="2025-03-12"),
            clinic(
                skill="Proposal writing",
                date="2025-03-12",
                host="[[User:Ama K|Ama]]",
                languages="en, French",
                recording_en="https://example.org/en",
                recording_fr="https://example.org/fr",
            ),
        ],
        SKILLS,
    )
    assert problems == []
    assert library.resources == (
        LearningResource(
            "proposal-writing",
            "Guide",
            "https://example.org/guide",
            ("fr",),
            ResourceKind.SLIDES,
            "March",
            dt.date(2025, 3, 12),
        ),
    )
    assert library.clinics == (
        ClinicRecord(
            "proposal-writing",
            dt.date(2025, 3, 12),
            "Ama K",
            ("en", "fr"),
            (Recording("en", "https://example.org/en"), Recording("fr", "https://example.org/fr")),
        ),
    )


@pytest.mark.parametrize(
    "written",
    ["proposal-writing", "Proposal writing", "grant  writing", "Rédaction", "PROPOSAL WRITING"],
)
def test_a_skill_is_found_by_id_label_alias_or_translation(written: str) -> None:
    library, problems = normalise_library([resource(**{**GOOD, "skill": written})], SKILLS)
    assert problems == []
    assert [item.skill for item in library.resources] == ["proposal-writing"]


def test_an_unknown_or_missing_skill_leaves_the_record_out_with_a_problem() -> None:
    records = [
        resource(**{**GOOD, "skill": "Proposal writting"}),
        resource(title="T", url="https://x.org"),
        clinic(skill="Knitting", date="2025-01-01"),
    ]
    library, problems = normalise_library(records, SKILLS)
    assert library.resources == library.clinics == ()
    assert codes(problems) == [
        ("unknown-skill", "skill"),
        ("missing-field", "skill"),
        ("unknown-skill", "skill"),
    ]
    assert problems[0].hints == ("Proposal writing",)
    assert all(item.source == SOURCE for item in problems)


def test_a_resource_needs_a_title_and_an_address() -> None:
    library, problems = normalise_library(
        [resource(skill="grant writing", url="https://x.org"), resource(skill="grant writing")],
        SKILLS,
    )
    assert library.resources == ()
    assert codes(problems) == [("missing-field", "title"), ("missing-field", "title"),
                               ("missing-field", "url")]  # fmt: skip


REFUSED_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "//evil.example.org/x",
    "file:///etc/passwd",
    "ftp://example.org/file",
    "https://example.org/a page",
    "https://example.org/a\tpage",
    "[https://example.org label]",
    "[[Grants:Guide]]",
    "https://example.org/{{subst:x}}",
    "https://example.org/a|b",
    "https://example.org/<script>",
    'https://example.org/"onmouseover',
    "example.org/guide",
    "https://exa mple.org",
    "http://[::1]/",
]


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_anything_but_one_plain_http_address_is_refused_with_a_problem(url: str) -> None:
    assert checked_url(url) is None
    library, problems = normalise_library(
        [resource(**{**GOOD, "url": url}), clinic(skill="grant writing", recording_en=url)], SKILLS
    )
    assert library.resources == ()
    assert library.clinics[0].recordings == ()
    assert codes(problems) == [("invalid-url", "url"), ("invalid-url", "recording_en")]
    assert all(SEVERITIES[item.code].name == "ERROR" for item in problems)


@pytest.mark.parametrize("url", ["mailto:ama@example.org", "https://ama:secret@example.org/"])
def test_an_address_with_contact_details_is_withheld_not_shown(url: str) -> None:
    assert checked_url(url) is None
    _, problems = normalise_library([resource(**{**GOOD, "url": url})], SKILLS)
    assert codes(problems) == [("private-value", "url")]
    assert "example.org" not in repr(problems)


@pytest.mark.parametrize(
    ("url", "rebuilt"),
    [
        ("https://example.org/guide", "https://example.org/guide"),
        ("HTTP://Example.ORG/Path?q=1#top", "http://example.org/Path?q=1#top"),
        ("https://example.org/wiki/A_(b)", "https://example.org/wiki/A%5F(b)"),
        ("  https://example.org/x  ", "https://example.org/x"),
        ("https://example.org:8080/x", "https://example.org:8080/x"),
    ],
)
def test_plain_http_addresses_are_kept_rebuilt(url: str, rebuilt: str) -> None:
    assert checked_url(url) == rebuilt


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("recording", ResourceKind.RECORDING),
        ("Video", ResourceKind.RECORDING),
        ("Slide deck", ResourceKind.SLIDES),
        ("présentation", ResourceKind.SLIDES),
        ("Tutorial", ResourceKind.GUIDE),
        ("guía", ResourceKind.GUIDE),
        ("PAD", ResourceKind.ETHERPAD),
        ("etherpad", ResourceKind.ETHERPAD),
        ("other", ResourceKind.OTHER),
    ],
)
def test_kinds_are_normalised_from_other_words_and_languages(
    written: str, kind: ResourceKind
) -> None:
    assert resource_kind(written) is kind


def test_an_unknown_kind_is_kept_as_other_with_a_warning_and_no_kind_is_other() -> None:
    library, problems = normalise_library(
        [resource(**GOOD, kind="podcast"), resource(**GOOD)], SKILLS
    )
    assert [item.kind for item in library.resources] == [ResourceKind.OTHER] * 2
    assert codes(problems) == [("unknown-resource-kind", "kind")]
    assert problems[0].value == "podcast"


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("12 March 2025", "2025-03-12"),
        ("03/10/2024", "2024-10-03"),
        ("2025-02-30", None),
        ("2024-13-40", None),
        ("1066-10-14", None),
        ("20250312", None),
        ("2025-W10-1", None),
        ("soon", None),
    ],
)
def test_a_date_must_be_iso_and_real_else_it_is_left_out(written: str, hint: str | None) -> None:
    assert iso_date(written) is None
    library, problems = normalise_library([resource(**GOOD, date=written)], SKILLS)
    assert library.resources[0].date is None  # the resource itself is kept
    assert codes(problems) == [("invalid-record-date", "date")]
    assert problems[0].hints == ((hint,) if hint else ())


def test_languages_are_read_like_directory_languages_and_unknown_ones_reported() -> None:
    library, problems = normalise_library(
        [
            resource(**GOOD, language="français, en-2"),
            resource(**GOOD, language="Blorgish"),
            clinic(skill="grant writing", languages="Spanish; ar", recording_xx="https://x.org"),
        ],
        SKILLS,
    )
    assert [item.languages for item in library.resources] == [("fr", "en"), ()]
    assert library.clinics[0].languages == ("es", "ar")
    assert library.clinics[0].recordings == (Recording("", "https://x.org"),)
    assert codes(problems) == [
        ("unknown-language", "language"),
        ("unknown-language", "recording_xx"),
    ]


def test_the_programmes_own_language_names_are_used() -> None:
    library, _ = normalise_library(
        [resource(**GOOD, language="Nzema")], SKILLS, languages=(("Nzema", "nzi"),)
    )
    assert library.resources[0].languages == ("nzi",)


def test_a_host_is_an_account_name_and_a_bad_one_is_reported_never_kept() -> None:
    library, problems = normalise_library(
        [
            clinic(skill="podcasting", host="{{u|ama_k}}"),
            clinic(skill="podcasting", host="Ama<script>"),
            clinic(skill="podcasting"),
        ],
        SKILLS,
    )
    assert [item.host for item in library.clinics] == ["Ama k", None, None]
    assert codes(problems) == [("invalid-username", "host")]
    assert "<script>" not in problems[0].value


def test_sample_resources_page_real_shaped_mess() -> None:
    path = files_folder() / "Let's Connect" / "Resources.wiki"
    text = Path(path).read_text(encoding="utf-8")
    taxonomy = Taxonomy(
        tuple(
            Skill(skill_id, skill_id.replace("-", " ").capitalize(), aliases)
            for skill_id, aliases in (
                ("proposal-writing", ("grant writing",)),
                ("budgeting", ("budget planning",)),
                ("financial-reporting", ()),
                ("conflict-management", ("mediation",)),
                ("volunteer-retention", ()),
                ("onboarding-newcomers", ("welcoming newcomers",)),
                ("mentoring", ()),
                ("event-planning", ()),
                ("video-editing", ()),
                ("photography", ("taking photos",)),
                ("commons-uploads", ()),
                ("audio-recording", ("podcasting",)),
                ("wikidata-queries", ("SPARQL",)),
                ("public-speaking", ("presenting",)),
                ("social-media", ()),
            )
        )
    )
    records, read_problems = parse_records(text, "Let's Connect/Resources", 1, Templates())
    library, problems = normalise_library(records, SkillIndex(taxonomy))
    assert len(records) == 25
    assert len(library.resources) == 15 and len(library.clinics) == 4
    found = sorted(codes([*read_problems, *problems]))
    assert found == sorted(
        [
            ("unknown-parameter", "titel"),
            ("missing-field", "title"),
            ("invalid-record-date", "date"),
            ("invalid-record-date", "date"),
            ("invalid-record-date", "date"),
            ("invalid-url", "url"),
            ("invalid-url", "url"),
            ("invalid-url", "url"),
            ("invalid-url", "recording_es"),
            ("unknown-resource-kind", "kind"),
            ("unknown-skill", "skill"),
            ("private-value", "url"),
        ]
    )
    urls = [item.url for item in library.resources]
    assert not any(url.startswith(("javascript", "//")) or " " in url for url in urls)
    proposals = [item for item in library.resources if item.skill == "proposal-writing"]
    assert {item.kind for item in proposals} == {
        ResourceKind.GUIDE,
        ResourceKind.SLIDES,
        ResourceKind.RECORDING,
        ResourceKind.ETHERPAD,
    }
