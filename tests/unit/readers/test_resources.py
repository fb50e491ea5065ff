"""Reading the resources pages: both templates as written, in page order, with the
problems of writing; what the values mean is decided later (see test_normalize_resources)."""

from __future__ import annotations

from wikisync.interfaces import PageText
from wikisync.model import RawRecord, RecordKind, SourceRef
from wikisync.reading.parsed import decode, encode
from wikisync.reading.resources import clinic_parameter, parse_records
from wikisync.reading.sources import SourceTitles, page_parser
from wikisync.settings.programme import Templates, load_programme

TEMPLATES = Templates()
PAGE = "Let's Connect/Resources"


def test_both_templates_are_read_in_page_order_with_their_values() -> None:
    text = (
        "Intro\n"
        "{{Learning clinic | skill = Budgeting | date = 2025-01-20 | host = Ama }}\n"
        "{{Learning resource | skill = budgeting | title = Template | url = https://x.org }}\n"
    )
    records, problems = parse_records(text, PAGE, 7, TEMPLATES)
    assert problems == []
    assert records == [
        RawRecord(
            RecordKind.CLINIC,
            {"skill": "Budgeting", "date": "2025-01-20", "host": "Ama"},
            SourceRef(PAGE, 7, 0, 2),
        ),
        RawRecord(
            RecordKind.RESOURCE,
            {"skill": "budgeting", "title": "Template", "url": "https://x.org"},
            SourceRef(PAGE, 7, 0, 3),
        ),
    ]


def test_names_are_read_in_any_case_spacing_and_through_aliases() -> None:
    text = (
        "{{ template:learning_Resource\n"
        " |Skill=  Video editing\n |TITLE = How-to\n |Link = https://x.org/a\n"
        " | lang = fr\n |type= slides\n | learning clinic = March\n | Date = 2025-03-01\n}}"
    )
    [record], problems = parse_records(text, PAGE, 1, TEMPLATES)
    assert problems == []
    assert dict(record.fields) == {
        "skill": "Video editing",
        "title": "How-to",
        "url": "https://x.org/a",
        "language": "fr",
        "kind": "slides",
        "clinic": "March",
        "date": "2025-03-01",
    }


def test_recordings_are_read_per_language_as_written() -> None:
    assert clinic_parameter("recording en") == "recording_en"
    assert clinic_parameter("recording pt-br") == "recording_pt-br"
    assert clinic_parameter("video fr") == "recording_fr"
    assert clinic_parameter("recording") == "recording"
    assert clinic_parameter("hosted by") == "host"
    assert clinic_parameter("recordings") is None
    text = (
        "{{Learning clinic | skill = x | recording_en = https://a.org"
        " | Recording_FR = https://b.org | recording = https://c.org}}"
    )
    [record], _ = parse_records(text, PAGE, 1, TEMPLATES)
    assert dict(record.fields) == {
        "skill": "x",
        "recording_en": "https://a.org",
        "recording_fr": "https://b.org",
        "recording": "https://c.org",
    }


def test_writing_mistakes_are_problems_and_the_rest_is_kept() -> None:
    text = (
        "{{Learning resource | skill = a | titel = T | url = https://x.org | url = https://y.org"
        " | stray }}\n"
        "{{Learning resource | skill = b | title = U\n | url = https://z.org\n"
    )
    records, problems = parse_records(text, PAGE, 3, TEMPLATES)
    assert [(p.code, p.field, p.source.line if p.source else 0) for p in problems] == [
        ("unknown-parameter", "titel", 1),
        ("duplicate-parameter", "url", 1),
        ("unnamed-parameter", None, 1),
        ("unclosed-template", None, 2),
    ]
    assert problems[0].hints == ("title",)
    assert records[0].fields["url"] == "https://y.org"  # the last wins, as in MediaWiki
    assert dict(records[1].fields) == {"skill": "b", "title": "U", "url": "https://z.org"}


def test_commented_out_and_nowiki_templates_are_not_read() -> None:
    text = (
        "<!-- {{Learning resource | skill = a | title = Old | url = https://old.org}} -->\n"
        "<nowiki>{{Learning clinic | skill = a}}</nowiki>\n"
        "{{Learning resource | skill = a <!-- or b? --> | title = New | url = https://new.org}}"
    )
    [record], problems = parse_records(text, PAGE, 1, TEMPLATES)
    assert problems == []
    assert record.fields["title"] == "New"
    assert record.fields["skill"].strip() == "a"


def test_the_template_names_come_from_the_settings() -> None:
    templates = Templates(resource="Ressource", clinic_record="Atelier passé")
    text = "{{Ressource | skill = a}}{{Atelier passé | skill = b}}{{Learning resource | skill = c}}"
    records, _ = parse_records(text, PAGE, 1, templates)
    assert [(r.kind, r.fields["skill"]) for r in records] == [
        (RecordKind.RESOURCE, "a"),
        (RecordKind.CLINIC, "b"),
    ]


def test_a_resources_page_is_parsed_for_records_and_they_survive_the_parse_cache() -> None:
    programme = load_programme({"sources": {"resources": {"titles": [PAGE]}}})
    titles = SourceTitles((), (), "", "", resources=(PAGE,))
    assert PAGE in titles.all()
    text = (
        "{{Learning resource | skill = a | title = Mail us | url = mailto:ama@example.org}}\n"
        "{{Learning clinic | skill = a | host = Ama | recording_fr = https://x.org}}\n"
        "{{Skills directory entry | username = Not an entry here}}\n"
    )
    page = page_parser(programme, titles)(PageText(PAGE, True, 12, text=text))
    assert page.entries == ()
    assert [record.kind for record in page.records] == [RecordKind.RESOURCE, RecordKind.CLINIC]
    assert "ama@example.org" not in repr(page)  # contact details never reach the cache
    assert decode(encode(page)) == page
