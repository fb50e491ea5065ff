"""Reading templates from pages: taxonomy, feedback, positions, and hostile input."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wikisync.model import EntryKind, Problem, RawEntry, SourceRef, Taxonomy
from wikisync.normalize import normalise
from wikisync.normalize.markup import unmatched_openers
from wikisync.normalize.skills import SkillIndex
from wikisync.reading.parse import parse_entries, parse_feedback, parse_taxonomy
from wikisync.settings.programme import FIELDS, Programme, Templates

TEMPLATES = Templates()
ENTRY = "{{Skills directory entry | username = %s | share = Video editing }}\n"


def codes(problems: list[Problem]) -> list[str]:
    return [item.code for item in problems]


def test_taxonomy_reads_labels_aliases_translations_and_resources(taxonomy: Taxonomy) -> None:
    skill = taxonomy.get("proposal-writing")
    assert skill is not None
    assert skill.label == "Proposal writing"
    assert skill.aliases == ("grant writing", "writing proposals")
    assert skill.area == "Organisational"
    assert dict(skill.labels) == {
        "es": "Redacción de propuestas",
        "fr": "Rédaction de propositions",
    }
    assert skill.resources == ("[[Grants:Guide]]", "https://example.org/proposals")
    assert skill.label_in("fr") == "Rédaction de propositions"
    assert skill.label_in("de") == "Proposal writing"


def test_taxonomy_keeps_page_order() -> None:
    text = "{{Skill|id=b|label=B}}{{Skill|id=a|label=A}}"
    taxonomy, _ = parse_taxonomy(text, "T", 1, TEMPLATES)
    assert [skill.id for skill in taxonomy.skills] == ["b", "a"]


def test_taxonomy_resources_split_outside_links_only() -> None:
    text = "{{Skill|id=a|label=A|resources=[[Guide; part 2|Guide]]; [https://x.org/a;b X]}}"
    taxonomy, _ = parse_taxonomy(text, "T", 1, TEMPLATES)
    assert taxonomy.skills[0].resources == ("[[Guide; part 2|Guide]]", "[https://x.org/a;b X]")


def test_taxonomy_problems_never_stop_the_read() -> None:
    text = (
        "{{Skill|id=ok|label=Fine}}\n{{Skill|label=No id}}\n{{Skill|id=has space|label=X}}\n"
        "{{Skill|id=ok|label=Again}}\n{{Skill|id=other|label=Other|colour=red}}\n"
        "{{Skill|id=last|label=Last"
    )
    taxonomy, problems = parse_taxonomy(text, "T", 1, TEMPLATES)
    assert [skill.id for skill in taxonomy.skills] == ["ok", "other", "last"]
    assert codes(problems) == [
        "missing-field",
        "invalid-skill-id",
        "duplicate-skill",
        "unknown-parameter",
        "unclosed-template",
    ]


def test_feedback_statuses_are_normalised(skills: SkillIndex) -> None:
    text = (
        "{{Match feedback | learner = {{u|ama}} | sharer = [[User:Kofi|K]] "
        "| skill = Grant writing | status = Declined }}\n"
        "{{Match feedback | learner = Ama | sharer = Efua "
        "| skill = video-editing | status = met}}\n"
    )
    feedback, problems = parse_feedback(text, "F", 3, TEMPLATES, skills)
    assert problems == []
    assert [(f.learner, f.sharer, f.skill, f.status) for f in feedback] == [
        ("Ama", "Kofi", "proposal-writing", "declined"),
        ("Ama", "Efua", "video-editing", "met"),
    ]
    assert feedback[1].source == SourceRef("F", 3, 1, 2)


def test_incomplete_feedback_is_reported_and_left_out() -> None:
    text = (
        "{{Match feedback | learner = Ama | skill = x | status = met }}"
        "{{Match feedback | learner = Ama | sharer = B | status = met }}"
        "{{Match feedback | learner = Ama | sharer = B | skill = x }}"
        "{{Match feedback | learner = Ama | sharer = B | skill = x | status = perhaps }}"
    )
    feedback, problems = parse_feedback(text, "F", 1, TEMPLATES)
    assert [(f.skill, f.status) for f in feedback] == [("x", "perhaps")]
    assert codes(problems) == [
        "missing-username",
        "missing-field",
        "missing-field",
        "unknown-feedback-status",
    ]


def test_entries_carry_page_revision_index_and_line() -> None:
    text = "intro\n\n" + ENTRY % "A" + "text\n" + ENTRY % "B"
    entries, _ = parse_entries(text, "Page", 42, EntryKind.DIRECTORY, TEMPLATES)
    assert [entry.source for entry in entries] == [
        SourceRef("Page", 42, 0, 3),
        SourceRef("Page", 42, 1, 5),
    ]


def test_entries_inside_tables_and_other_templates_are_found() -> None:
    text = "{|\n|-\n| " + ENTRY % "InTable" + "|}\n{{Collapse|content=" + ENTRY % "Inside" + "}}"
    entries, _ = parse_entries(text, "P", 1, EntryKind.DIRECTORY, TEMPLATES)
    assert [entry.fields["username"] for entry in entries] == ["InTable", "Inside"]
    assert [entry.source.line for entry in entries] == [3, 5]


def test_registration_pages_read_the_registration_template() -> None:
    text = ENTRY % "Directory" + "{{Skills directory registration|username=Registrant}}"
    entries, _ = parse_entries(text, "P", 1, EntryKind.REGISTRATION, TEMPLATES)
    assert [(entry.kind, entry.fields["username"]) for entry in entries] == [
        (EntryKind.REGISTRATION, "Registrant")
    ]


def test_problems_of_registrations_without_consent_name_no_one() -> None:
    text = (
        "{{Skills directory registration|username=Secret|colour=red|Private note}}"
        "{{Skills directory registration|username=Open|consent=yes|colour=red}}"
    )
    _, problems = parse_entries(text, "P", 1, EntryKind.REGISTRATION, TEMPLATES)
    assert [(item.code, item.username, item.value) for item in problems] == [
        ("unknown-parameter", None, ""),
        ("unnamed-parameter", None, ""),
        ("unknown-parameter", "Open", "colour"),
    ]


def test_csv_rows_are_not_read_from_pages() -> None:
    with pytest.raises(ValueError, match="CSV"):
        parse_entries("", "P", 1, EntryKind.CSV, TEMPLATES)


def test_configured_names_and_aliases_are_used() -> None:
    from wikisync.settings.programme import load_programme

    settings = load_programme(
        {"templates": {"entry": "Profil", "fields": {"share": {"name": "offre", "aliases": []}}}}
    ).templates
    entries, problems = parse_entries(
        "{{profil|username=A|offre=Photo|share=Video}}", "P", 1, EntryKind.DIRECTORY, settings
    )
    assert entries[0].fields == {"username": "A", "share": "Photo"}
    assert entries[0].unknown_params == ("share",)
    assert codes(problems) == ["unknown-parameter"]


HOSTILE = {
    "unbalanced opening braces": ("{{Skills directory entry|username=A|x=" * 3000, "A"),
    "unbalanced closing braces": ("}}" * 50_000 + ENTRY % "After", "After"),
    "stray template openers": (ENTRY % "Before" + "{{a|b=" * 20_000, "Before"),
    "stray link openers": ("[[a|" * 20_000 + ENTRY % "After", "After"),
    "stray tags": ("<span " * 20_000 + "<ref>" * 20_000 + ENTRY % "After", "After"),
    "unclosed comments": (ENTRY % "Before" + "<!--" * 50_000, "Before"),
    "unclosed nowiki": ("<nowiki>" * 20_000 + ENTRY % "After", "After"),
    "50-deep nesting": (
        "{{Skills directory entry|username=Deep|share=" + "{{a|" * 50 + "x" + "}}" * 50 + "}}",
        "Deep",
    ),
    "1 MB field": (
        "{{Skills directory entry|username=Big|affiliation=" + "x" * 1_000_000 + "}}",
        "Big",
    ),
    "40,000 links": (ENTRY % "Before" + "[[a]] " * 40_000, "Before"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_pages_parse_quickly_and_keep_good_entries(name: str) -> None:
    text, username = HOSTILE[name]
    started = time.perf_counter()
    entries, _ = parse_entries(text, "P", 1, EntryKind.DIRECTORY, TEMPLATES)
    assert time.perf_counter() - started < 20
    assert username in {entry.fields.get("username", "").strip() for entry in entries}


def test_hostile_values_normalise_quickly(taxonomy: Taxonomy, programme: Programme) -> None:
    fields = dict.fromkeys(FIELDS, "{{a|b=" * 5000 + "<!--" * 5000)
    fields["username"] = "Hostile"
    raw = RawEntry(EntryKind.DIRECTORY, fields, SourceRef("P"))
    started = time.perf_counter()
    result = normalise([raw], taxonomy, programme, dt.date(2026, 6, 1))
    assert time.perf_counter() - started < 20
    assert [person.username for person in result.people] == ["Hostile"]


def test_unmatched_openers_are_found_in_one_pass() -> None:
    text = "{{a}} {{b [[c]] [d <div>x</div> <ref> <br> {|\n|}\n<!-- x"
    spans = unmatched_openers(text)
    assert [text[start:end] for start, end in spans] == ["{{", "[", "<", "<!--"]


WIKITEXT = st.lists(
    st.sampled_from(
        [
            "{",
            "}",
            "{{",
            "}}",
            "|",
            "=",
            "[",
            "]",
            "<",
            ">",
            "!",
            "-",
            "\n",
            " ",
            "'",
            "&",
            "/",
            "Skills directory entry",
            "username",
            "share",
            "<!--",
            "-->",
            "<nowiki>",
            "a",
            "é",
            "\u202e",
            "\x00",
            "<ref>",
            "{|",
            "|}",
            "Template:",
            "{{u|",
            "[[User:",
        ]
    ),
    max_size=80,
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), WIKITEXT))
def test_parse_entries_never_raises(text: str) -> None:
    entries, problems = parse_entries(text, "P", 1, EntryKind.DIRECTORY, TEMPLATES)
    assert all(entry.source.index == index for index, entry in enumerate(entries))
    assert all(problem.code for problem in problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(FIELDS), st.one_of(st.text(max_size=60), WIKITEXT)))
def test_normalise_never_raises_on_any_value(fields: dict[str, str]) -> None:
    raw = RawEntry(EntryKind.DIRECTORY, fields, SourceRef("P"))
    result = normalise([raw], Taxonomy(()), Programme(), dt.date(2026, 6, 1))
    assert len(result.people) + result.unnamed == 1


@settings(max_examples=150, deadline=None)
@given(WIKITEXT)
def test_taxonomy_and_feedback_never_raise(text: str) -> None:
    parse_taxonomy(text.replace("Skills directory entry", "Skill"), "T", 1, TEMPLATES)
    parse_feedback(text.replace("Skills directory entry", "Match feedback"), "F", 1, TEMPLATES)
