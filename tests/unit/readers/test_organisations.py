"""Reading the organisation pages: each entry as written, in page order, with the problems
of writing; what the values mean is decided later (see test_normalize_organisations)."""

from __future__ import annotations

from wikisync.interfaces import PageText
from wikisync.model import RawRecord, RecordKind, SourceRef
from wikisync.planning.plan import missing_source_problems
from wikisync.reading.organisations import parse_organisations
from wikisync.reading.parsed import decode, encode
from wikisync.reading.sources import SourceTitles, page_parser
from wikisync.settings.programme import Templates, load_programme

TEMPLATES = Templates()
PAGE = "Let's Connect/Organisations"


def test_entries_are_read_in_page_order_with_their_values() -> None:
    text = (
        "Intro\n"
        "{{Organisation entry | name = Wikimedia Ghana | members = Ama, Kofi }}\n"
        "{{Learning resource | skill = x | title = y | url = https://x.org }}\n"
        "{{Organisation entry | name = AfroCROWD | contact = [[User:Ama]] }}\n"
    )
    records, problems = parse_organisations(text, PAGE, 7, TEMPLATES)
    assert problems == []
    assert records == [
        RawRecord(
            RecordKind.ORGANISATION,
            {"name": "Wikimedia Ghana", "members": "Ama, Kofi"},
            SourceRef(PAGE, 7, 0, 2),
        ),
        RawRecord(
            RecordKind.ORGANISATION,
            {"name": "AfroCROWD", "contact": "[[User:Ama]]"},
            SourceRef(PAGE, 7, 1, 4),
        ),
    ]


def test_names_are_read_in_any_case_spacing_and_through_aliases_and_translations() -> None:
    text = (
        "{{ template:organisation_Entry\n |Organization = Wikimédia France\n"
        " |MEMBRES = Awa\n | Time zone = Europe/Paris\n | langues = fr-N\n"
        " | propose = Montage vidéo\n | cherche = SPARQL\n | Sessions = 2\n"
        " | contact person = Awa\n | statut = actif\n | Also known as = WMFr\n}}"
    )
    [record], problems = parse_organisations(text, PAGE, 1, TEMPLATES)
    assert problems == []
    assert dict(record.fields) == {
        "name": "Wikimédia France",
        "members": "Awa",
        "timezone": "Europe/Paris",
        "languages": "fr-N",
        "offers": "Montage vidéo",
        "wants": "SPARQL",
        "capacity": "2",
        "contact": "Awa",
        "status": "actif",
        "aliases": "WMFr",
    }


def test_writing_mistakes_are_problems_and_the_rest_is_kept() -> None:
    text = (
        "{{Organisation entry | name = A | nmae = B | offers = x | offers = y }}\n"
        "{{Organisation entry | name = C | members = Ama\n"
    )
    records, problems = parse_organisations(text, PAGE, 1, TEMPLATES)
    assert [dict(record.fields) for record in records] == [
        {"name": "A", "offers": "y"},
        {"name": "C", "members": "Ama"},
    ]
    found = {(problem.code, problem.field, problem.hints) for problem in problems}
    assert ("unknown-parameter", "nmae", ("name",)) in found
    assert ("duplicate-parameter", "offers", ()) in {(c, f, ()) for c, f, _ in found}
    assert "unclosed-template" in {code for code, _, _ in found}


def test_a_configured_template_name_is_the_one_read() -> None:
    templates = load_programme({"templates": {"organisation": "Affiliate"}}).templates
    text = "{{Affiliate | name = A }}{{Organisation entry | name = B }}"
    records, _ = parse_organisations(text, PAGE, 1, templates)
    assert [record.fields["name"] for record in records] == ["A"]


def test_organisation_pages_are_parsed_as_records_and_survive_the_parse_cache() -> None:
    programme = load_programme({"sources": {"organisations": {"titles": [PAGE]}}})
    titles = SourceTitles((), (), "", "", organisations=(PAGE,))
    assert PAGE in titles.all()
    text = "{{Organisation entry | name = A | members = ama@example.org, Kofi }}"
    parsed = page_parser(programme, titles)(PageText(PAGE, True, 5, text=text))
    assert parsed.entries == ()
    [record] = parsed.records
    assert record.kind is RecordKind.ORGANISATION
    assert "ama@example.org" not in record.fields["members"]
    assert decode(encode(parsed)) == parsed


def test_a_configured_organisations_page_that_does_not_exist_is_reported() -> None:
    titles = SourceTitles((), (), "", "", organisations=(PAGE,))
    [problem] = missing_source_problems(titles, {PAGE: False})
    assert (problem.code, problem.source) == ("missing-source-page", SourceRef(PAGE))
    assert missing_source_problems(titles, {PAGE: True}) == []
