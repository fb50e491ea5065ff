"""No generated page passes the wiki's size limit, for every page kind, at a tiny limit."""

from __future__ import annotations

import pytest

from wikisync.dev.synth import REFERENCE_DATE, generate_people, generate_taxonomy
from wikisync.errors import ConfigError
from wikisync.matching import MatchHistory, MatchSettings, match
from wikisync.model import Problem, Severity, SourceRef
from wikisync.planning.jobs import page_kind
from wikisync.render.context import RenderContext
from wikisync.render.markers import wrap
from wikisync.render.pages.desired import RenderInput, desired_pages
from wikisync.render.pages.parts import SplitSettings, utf8_size
from wikisync.render.pages.sections import Section, split_by_section
from wikisync.render.pages.splits import PageSplits, part_budget, splits_of
from wikisync.render.settings import PageSettings

#: A wiki limit of 10 KiB, as a 2 MiB one is to a programme of 100,000 people.
LIMIT = 10 * 1024


@pytest.fixture(scope="module")
def pages() -> dict[str, tuple[str, str]]:
    taxonomy = generate_taxonomy(6, seed=3)
    people = tuple(generate_people(300, taxonomy, seed=3))
    result = match(people, taxonomy, (), MatchHistory(), MatchSettings(), REFERENCE_DATE)
    ctx = RenderContext.build(PageSettings(), taxonomy, people)
    found = [
        Problem("unknown-skill", Severity.WARNING, "x", SourceRef(f"Dir/{n % 3}", 1, n), "u", "s")
        for n in range(400)
    ]
    splits = PageSplits.every(SplitSettings(max_bytes=LIMIT)).within(LIMIT)
    return desired_pages(RenderInput(result, found), ctx, splits)


def test_every_page_of_every_kind_is_below_the_limit(
    pages: dict[str, tuple[str, str]],
) -> None:
    kinds = {page_kind(marker) for marker, _ in pages.values()}
    assert kinds >= {"matches", "groups", "skill", "problems", "clinics", "statistics"}
    for title, (marker, body) in pages.items():
        assert utf8_size(wrap(marker, body)) < LIMIT, title


def test_growing_kinds_split_into_parts_with_their_marker(
    pages: dict[str, tuple[str, str]],
) -> None:
    for root, marker in (
        ("Let's Connect/Directory problems", "problems"),
        ("Let's Connect/Skills/", "skill"),
    ):
        parts = [t for t, (m, _) in pages.items() if t.startswith(root) and m == marker]
        assert len(parts) > 1


def test_a_single_row_larger_than_a_part_is_cut_to_fit() -> None:
    messages = RenderContext.build(PageSettings(), generate_taxonomy(1, seed=1), ()).messages
    rows = ("| " + ", ".join(f"[[User:U{n}|U{n}]]" for n in range(3000)), "| small")
    section = Section("Hosts", "", "Hosts", rows, "\n|-\n", "{|\n|-\n! h\n|-\n", "\n|}")
    split = part_budget(SplitSettings(max_bytes=LIMIT), LIMIT)
    out = split_by_section("P", [section], split, messages)
    assert len(out) == 3
    assert all(utf8_size(body) < LIMIT for body in out.values())
    assert out["P/Hosts"].count("[[User:") < 3000
    assert out["P/Hosts"].rstrip("\n|}").endswith(" …")


def test_the_same_input_gives_the_same_pages(pages: dict[str, tuple[str, str]]) -> None:
    taxonomy = generate_taxonomy(6, seed=3)
    people = tuple(generate_people(300, taxonomy, seed=3))
    result = match(people, taxonomy, (), MatchHistory(), MatchSettings(), REFERENCE_DATE)
    ctx = RenderContext.build(PageSettings(), taxonomy, people)
    found = [
        Problem("unknown-skill", Severity.WARNING, "x", SourceRef(f"Dir/{n % 3}", 1, n), "u", "s")
        for n in range(400)
    ]
    splits = PageSplits.every(SplitSettings(max_bytes=LIMIT)).within(LIMIT)
    assert desired_pages(RenderInput(result, found), ctx, splits) == pages


def test_one_source_page_s_problems_change_only_its_parts(
    pages: dict[str, tuple[str, str]],
) -> None:
    taxonomy = generate_taxonomy(6, seed=3)
    people = tuple(generate_people(300, taxonomy, seed=3))
    result = match(people, taxonomy, (), MatchHistory(), MatchSettings(), REFERENCE_DATE)
    ctx = RenderContext.build(PageSettings(), taxonomy, people)
    found = [
        Problem("unknown-skill", Severity.WARNING, "x", SourceRef(f"Dir/{n % 3}", 1, n), "u", "s")
        for n in range(400)
        if n != 3
    ]
    splits = PageSplits.every(SplitSettings(max_bytes=LIMIT)).within(LIMIT)
    after = desired_pages(RenderInput(result, found), ctx, splits)
    changed = {t for t in pages if pages[t] != after.get(t)}
    problems = "Let's Connect/Directory problems"
    assert changed and all(t == problems or t.startswith(f"{problems}/Dir/0") for t in changed)


def test_the_budget_is_the_smaller_of_the_setting_and_most_of_the_limit() -> None:
    assert part_budget(SplitSettings(max_bytes=1_000_000), 2048 * 1024).max_bytes == 1_000_000
    assert part_budget(SplitSettings(max_bytes=2_000_000), 1024 * 1024).max_bytes == 943_718
    chosen = splits_of({"split": {"max_bytes": 50_000, "skills": {"max_bytes": 20_000}}}, 2**21)
    assert (chosen.skills.max_bytes, chosen.matches.max_bytes) == (20_000, 50_000)


@pytest.mark.parametrize(
    ("split", "path"),
    [
        ({"skills": {"max_bytes": 5}}, "pages.split.skills.max_bytes"),
        ({"problems": {"part": "x"}}, "pages.split.problems.part"),
        ({"statistic": {}}, "pages.split.statistic"),
        ({"clinics": 3}, "pages.split.clinics"),
    ],
)
def test_a_bad_split_setting_names_its_key_path(split: dict[str, object], path: str) -> None:
    with pytest.raises(ConfigError, match=path.replace(".", r"\.")):
        splits_of({"split": split}, 2**21)
