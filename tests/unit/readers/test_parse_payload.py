"""A parsed page comes back from its parse-cache payload unchanged; a payload of another
version, or no payload at all, reads as nothing (the page is parsed again)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wikisync.codec import to_jsonable
from wikisync.dev.bench import synthetic
from wikisync.interfaces import PageText
from wikisync.model import EntryKind, Problem, RawEntry, Severity, SourceRef
from wikisync.reading.parsed import PAYLOAD_VERSION, ParsedPage, decode, encode
from wikisync.reading.sources import SourceTitles, page_parser
from wikisync.settings.programme import default_programme

CASES = Path(__file__).parents[1] / "normalize" / "data"


def parsed_sample_pages() -> list[ParsedPage]:
    """Every source page of a small sample programme: directory pages (the page of
    deliberate mistakes among them), registrations, the taxonomy and the feedback page."""
    programme = synthetic.build(20, 7, with_files=True)
    titles = synthetic.source_titles(programme.pages)
    parse = page_parser(synthetic.programme_settings(), titles)
    return [
        parse(PageText(title, True, 40 + n, text=programme.pages[title]))
        for n, title in enumerate(titles.all())
    ]


def test_every_page_of_a_sample_programme_round_trips() -> None:
    pages = parsed_sample_pages()
    assert {bool(p.entries) for p in pages} == {True, False}
    assert any(p.skills for p in pages) and any(p.feedback for p in pages)
    for page in pages:
        assert decode(encode(page)) == page


@pytest.mark.parametrize("path", sorted(CASES.glob("*.wiki")), ids=lambda path: path.stem)
def test_directory_pages_with_problems_unicode_and_empty_values_round_trip(path: Path) -> None:
    titles = SourceTitles(directory=(path.stem,), registrations=(), taxonomy="", feedback="")
    parse = page_parser(default_programme(), titles)
    page = parse(PageText(path.stem, True, 9, text=path.read_text(encoding="utf-8")))
    assert decode(encode(page)) == page


def test_empty_and_missing_values_keep_their_kind() -> None:
    source = SourceRef("Página/العربية", 3, 0, 1)
    page = ParsedPage(
        "Página/العربية",
        3,
        entries=(RawEntry(EntryKind.REGISTRATION, {"username": "", "": "x"}, source, ("",)),),
        problems=(
            Problem("unknown-parameter", Severity.WARNING, "", None, None, None, "", ()),
            Problem("missing-field", Severity.ERROR, "😀", source, "", "", "\u200b", ("",)),
        ),
    )
    back = decode(encode(page))
    assert back == page
    assert back is not None and back.problems[0].source is None
    assert back.problems[1].username == ""


def test_a_missing_page_round_trips() -> None:
    page = ParsedPage("Gone", 0, exists=False)
    assert decode(encode(page)) == page


def test_the_payload_is_compact_and_versioned() -> None:
    page = parsed_sample_pages()[1]
    payload = encode(page)
    assert json.loads(payload)[0] == PAYLOAD_VERSION
    generic = json.dumps(to_jsonable(page), ensure_ascii=False, separators=(",", ":"))
    assert len(payload) < len(generic)


@pytest.mark.parametrize(
    "payload",
    [
        "",
        "{",
        "{}",
        "[]",
        json.dumps([PAYLOAD_VERSION - 1, "Directory", 3, True, [], [], [], []]),
        json.dumps({"title": "Directory", "revision": 3, "entries": []}),
    ],
    ids=["empty", "not-json", "object", "empty-array", "older-version", "generic-codec"],
)
def test_a_payload_of_another_version_reads_as_nothing(payload: str) -> None:
    assert decode(payload) is None
