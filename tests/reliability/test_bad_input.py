"""Hostile and broken directory content through parse, normalise, match and render.

The corpus is in ``data/`` (unbalanced braces, control and bidi characters, right-to-left
and combining text, duplicates, every injection construct of the escaping rules, a CSV
with invalid UTF-8) plus generated extremes (templates nested 50 deep, a 1 MB field,
10,000 entries on one page). Every user string carries the word PROBE, so markup that
came from a user is recognised on the rendered pages: a template, comment, external link,
heading, category, tag or non-user link holding PROBE, or a signature or magic word in
the text, is an injection that took effect. One rendered page also goes through the real
wiki's parser. Hypothesis then fuzzes the same chain with random field values.
"""

from __future__ import annotations

import datetime as dt
import re
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import mwparserfromhell
import pytest
from bot_markup import is_bot_markup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mwparserfromhell.nodes import Argument, Comment, ExternalLink, Heading, Tag, Template, Wikilink
from reliability_report import REPORT, ReliabilityReport

from wikisync.dev.devwiki import DevWiki
from wikisync.dev.synth import generate_taxonomy
from wikisync.matching import MatchHistory, MatchSettings, match
from wikisync.model import EntryKind
from wikisync.normalize import normalise
from wikisync.planning.plan import read_csv
from wikisync.reading.parse import parse_entries
from wikisync.render.context import RenderContext
from wikisync.render.pages.desired import RenderInput, desired_pages
from wikisync.render.settings import PageSettings
from wikisync.settings.programme import default_programme

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 3, 1)
PROGRAMME = default_programme()
TAXONOMY = generate_taxonomy(12, 3)
PAGE = "Let's Connect/Skills directory/Hostile"
PROBE = "PROBE"
SECONDS_PER_PAGE = 20
OUR_TAGS = {"table", "tr", "th", "td", "div", "bdi", "li", "span", "small", "ul", "ol"}
MAGIC_WORD = re.compile(r"__[A-Z]+__")
LARGE_PAGE = 200_000


def entry(username: str, value: str) -> str:
    """A directory entry with ``value`` in its free-text fields."""
    return (
        f"{{{{Skills directory entry\n | username = {username}\n | affiliation = {value}\n"
        f" | country = {value}\n | share = Photography; {value}\n | learn = Budgeting\n}}}}\n"
    )


def generated_corpus() -> dict[str, str]:
    """The extremes, generated rather than stored."""
    nested = "{{x|" * 50 + PROBE + "}}" * 50
    return {
        "templates nested 50 deep": entry("Deep Nest", nested) + entry("After Nest", "ok"),
        "a 1 MB field": entry("Huge Field", (PROBE + " ") * 175_000),
        "10,000 entries on one page": "".join(
            entry(f"Many {n}", f"{PROBE} {n}") for n in range(10_000)
        ),
    }


def corpus() -> dict[str, str]:
    """Every hostile page: the stored files and the generated extremes."""
    pages = {path.stem: path.read_text(encoding="utf-8") for path in sorted(DATA.glob("*.wiki"))}
    return {**pages, **generated_corpus()}


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail (rather than hang) when the block runs longer than ``seconds``."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def render(text: str) -> tuple[dict[str, tuple[str, str]], int]:
    """Every generated page for a directory page of ``text``, and the problems found."""
    entries, problems = parse_entries(text, PAGE, 1, EntryKind.DIRECTORY, PROGRAMME.templates)
    directory = normalise(entries, TAXONOMY, PROGRAMME, TODAY)
    settings = MatchSettings.from_mapping(PROGRAMME.matching)
    result = match(directory.people, TAXONOMY, (), MatchHistory(), settings, TODAY)
    pages = PageSettings.from_mapping({"prefix": "Let's Connect"}, bot_user="SyncBot")
    ctx = RenderContext.build(pages, TAXONOMY, directory.people)
    found = [*problems, *directory.problems]
    return desired_pages(RenderInput(result, found), ctx), len(found)


def injections(body: str) -> list[str]:
    """Markup on a rendered page that came from user text (recognised by the probe).

    A page of more than ``LARGE_PAGE`` characters is scanned line by line (only the lines
    holding user text), which keeps the 10,000-entry case fast: one line of a generated
    table never holds markup that starts on another.
    """
    if len(body) > LARGE_PAGE:
        return [found for line in body.splitlines() if PROBE in line for found in scan(line)]
    return scan(body)


def scan(body: str) -> list[str]:
    """Markup in ``body`` that came from user text."""
    acted = []
    for node in mwparserfromhell.parse(body).ifilter(recursive=True):
        text = str(node)
        if is_bot_markup(node):
            continue
        if (
            isinstance(node, Template | Argument | Comment)
            or (isinstance(node, ExternalLink) and PROBE.lower() in str(node.url).lower())
            or (isinstance(node, Heading) and PROBE in str(node.title))
        ):
            acted.append(text[:80])
        elif isinstance(node, Wikilink) and PROBE in str(node.title):
            if not str(node.title).startswith("User:"):
                acted.append(text[:80])
        elif isinstance(node, Tag) and str(node.tag).lower() not in OUR_TAGS:
            acted.append(text[:80])
    acted += [f"signature {m}" for m in re.findall("~{3,}", body)]
    acted += [f"magic word {m}" for m in MAGIC_WORD.findall(body)]
    return acted


def check_page_set(text: str) -> tuple[int, list[str]]:
    """Render ``text`` within the time limit; the problems found and every injection."""
    with time_limit(SECONDS_PER_PAGE):
        pages, problems = render(text)
    acted = [
        f"{title}: {found}" for title, (_, body) in pages.items() for found in injections(body)
    ]
    return problems, acted


CORPUS = corpus()


@pytest.mark.parametrize("name", list(CORPUS))
def test_hostile_pages_render_without_crash_hang_or_active_user_markup(
    name: str, report: ReliabilityReport
) -> None:
    text = CORPUS[name]
    problems, acted = check_page_set(text)
    tried = text.count(PROBE)
    report.bad_inputs += 1
    report.injections(tried, len(acted))
    assert acted == []
    if name in ("unbalanced", "duplicates", "controls", "templates nested 50 deep"):
        assert problems > 0, "broken input must be reported"


def test_a_csv_with_invalid_utf8_is_read_and_its_bad_rows_reported(
    report: ReliabilityReport,
) -> None:
    with time_limit(SECONDS_PER_PAGE):
        rows, problems = read_csv(DATA / "invalid_utf8.csv", PROGRAMME)
    report.bad_inputs += 1
    assert len(rows) == 3
    codes = [p.code for p in problems]
    assert codes.count("csv-invalid-encoding") == 2
    assert all("example.org" not in p.message for p in problems)


def test_the_wiki_itself_finds_no_user_markup_on_a_rendered_hostile_page(
    devwiki: DevWiki, report: ReliabilityReport
) -> None:
    pages, _ = render(CORPUS["injections"] + CORPUS["unbalanced"])
    editor = devwiki.editor()
    report.bad_inputs += 1
    acted = 0
    for title in ("Let's Connect/Directory problems", "Let's Connect/Statistics"):
        parsed = editor._post(
            action="parse", title=title, text=pages[title][1], contentmodel="wikitext",
            prop="text|templates|categories|externallinks|links|images|iwlinks",
        )["parse"]  # fmt: skip
        links = [link["title"] for link in parsed["links"] if PROBE in link["title"]]
        found = [
            *parsed["templates"], *parsed["categories"], *parsed["images"], *parsed["iwlinks"],
            *[url for url in parsed["externallinks"] if PROBE.lower() in url.lower()],
            *[link for link in links if not link.startswith("User:")],
        ]  # fmt: skip
        acted += len(found)
        assert found == [], title
        assert "<script" not in parsed["text"]
    report.injections(CORPUS["injections"].count(PROBE), acted)


MARKUP = st.sampled_from(
    ["{{", "}}", "[[", "]]", "|", "=", "<!--", "-->", "~~~~", "__NOTOC__", "\n", "''", "<b>",
     "</nowiki>", "{|", "|}", "|-", "!!", "#REDIRECT", "http://x.example/", "&#124;", "\u202e",
     "\u0301", "ع", PROBE, "Category:", "User:", "subst:", ";", ":", "*", "#"]
)  # fmt: skip
VALUES = st.lists(st.one_of(MARKUP, st.text(max_size=6)), max_size=12).map("".join)


def fuzz_check(values: list[str], check: Callable[[str], tuple[int, list[str]]]) -> list[str]:
    """Render entries holding ``values`` and return the injections found."""
    text = "".join(entry(f"Fuzz {n}", value) for n, value in enumerate(values))
    return check(text)[1]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(VALUES, min_size=1, max_size=4))
def test_random_field_values_never_act_on_any_generated_page(values: list[str]) -> None:
    REPORT.bad_inputs += 1
    acted = fuzz_check(values, check_page_set)
    REPORT.injections(sum(v.count(PROBE) for v in values), len(acted))
    assert acted == []
