"""Edit summaries say what an edit does to each kind of generated page, in its own terms.

The pages are the real renderers' output for the sample programme (the demo's), read,
normalised and matched as a run does, without a wiki.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import random
import re
from collections.abc import Iterable, Mapping
from functools import cache

import pytest

from wikisync.dev.bench.stages import MemoryWiki
from wikisync.dev.sample import (
    DIRECTORY,
    FEEDBACK,
    ORGANISATIONS,
    REGISTRATIONS,
    TAXONOMY,
    sample_programme,
)
from wikisync.interfaces import AccountsAnswer
from wikisync.matching import MatchHistory, MatchSettings, match
from wikisync.measuring.snapshots import Snapshots
from wikisync.model import Feedback, MatchResult, Problem, Taxonomy
from wikisync.outcomes import PageOutcome, RunOutcome
from wikisync.planning.jobs import page_kind
from wikisync.planning.plan import (
    Inputs,
    gather_inputs,
    match_shop_talks,
    measured_values,
    registrant_entries,
    render_pages,
    with_summaries,
)
from wikisync.reading.sources import SourceTitles
from wikisync.render.blocks import heading
from wikisync.render.context import RenderContext
from wikisync.render.i18n import SUPPORTED_LANGUAGES, messages_for
from wikisync.render.markers import wrap
from wikisync.render.pages.desired import RenderInput, desired_pages
from wikisync.render.pages.measurement import Measurement
from wikisync.render.pages.parts import MIN_BYTES, SplitSettings
from wikisync.render.pages.statistics import HistoryPoint
from wikisync.render.pages.status import MARKER as STATUS_MARKER
from wikisync.render.pages.status import JobStatus, PageStatus, RunStatus, render_status
from wikisync.render.settings import PageSettings
from wikisync.render.summaries import (
    PAGE_KINDS,
    SUMMARY_LIMIT,
    Changes,
    Item,
    compare_items,
    page_summary,
)
from wikisync.settings.programme import load_programme
from wikisync.wiki import PageText

TODAY = dt.date(2026, 3, 2)
EN = messages_for("en")
PREFIX = "Let's Connect"
MATCHES = f"{PREFIX}/Matches"
GROUPS = f"{PREFIX}/Groups"
CLINICS = f"{PREFIX}/Learning clinics/Candidates"
STATISTICS = f"{PREFIX}/Statistics"
PROBLEMS = f"{PREFIX}/Directory problems"
NEW_ENTRIES = f"{DIRECTORY}/New registrants"
STATUS = "User:SyncBot/Status"


class _Wiki(MemoryWiki):
    """The sample's pages, with every participant's account present and active."""

    def accounts(self, names: Iterable[str], since: str) -> AccountsAnswer:
        asked = list(names)
        return AccountsAnswer(
            {name: {"name": name, "editcount": 1} for name in asked}, dict.fromkeys(asked, since)
        )


@dataclasses.dataclass(frozen=True)
class World:
    """The sample programme read and matched, and its pages rendered."""

    inputs: Inputs
    result: MatchResult
    ctx: RenderContext
    pages: Mapping[str, tuple[str, str]]

    def render(
        self,
        result: MatchResult | None = None,
        *,
        problems: tuple[Problem, ...] | None = None,
        feedback: tuple[Feedback, ...] | None = None,
        taxonomy: Taxonomy | None = None,
        lang: str = "en",
    ) -> dict[str, tuple[str, str]]:
        """The pages again, with some of their input replaced."""
        settings = PageSettings.from_mapping(
            {"prefix": PREFIX, "status": STATUS, "language": lang}, bot_user="SyncBot"
        )
        ctx = RenderContext.build(settings, taxonomy or self.inputs.taxonomy, self.inputs.people)
        data = RenderInput(
            result or self.result,
            self.inputs.public_problems if problems is None else problems,
            self.inputs.feedback if feedback is None else feedback,
        )
        return desired_pages(data, ctx)


@cache
def world() -> World:
    plan = sample_programme()
    programme = load_programme(json.loads(plan.pages["User:SyncBot/wikisync.json"]))
    directory = tuple(sorted(t for t in plan.pages if t.startswith(f"{DIRECTORY}/")))
    titles = SourceTitles(
        directory,
        (REGISTRATIONS,),
        TAXONOMY,
        FEEDBACK,
        organisations=(ORGANISATIONS,),
        indicators=f"{PREFIX}/Indicators",
    )
    inputs = gather_inputs(_Wiki(plan.pages), None, programme, titles, TODAY)
    settings = MatchSettings.from_mapping(programme.matching)
    result = match(inputs.people, inputs.taxonomy, inputs.feedback, MatchHistory(), settings, TODAY)
    pages = PageSettings.from_mapping(programme.pages, bot_user="SyncBot")
    ctx = RenderContext.build(pages, inputs.taxonomy, inputs.people)
    status = RunStatus(
        started=dt.datetime(2026, 3, 2, 6, tzinfo=dt.UTC),
        finished=dt.datetime(2026, 3, 2, 6, 2, tzinfo=dt.UTC),
        jobs=(
            JobStatus("matches", RunOutcome.SUCCESS, dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)),
        ),
        pages=(PageStatus(MATCHES, PageOutcome.CREATED),),
        counts={"participants": len(inputs.people), "edits": 1},
    )
    talks = match_shop_talks(inputs, None, settings, TODAY)
    values = measured_values(inputs, result, {})
    snapshots = Snapshots().with_run(inputs.indicators.indicators, values, TODAY)
    measured = Measurement(inputs.indicators, snapshots, TODAY)
    history = (HistoryPoint(TODAY, 230, 2),)
    rendered = render_pages(inputs, result, ctx, history, talks=talks, measured=measured)
    rendered[STATUS] = (STATUS_MARKER, render_status(status, ctx))
    rendered.update(registrant_entries(inputs, programme))
    return World(inputs, result, ctx, rendered)


def body(title: str, pages: Mapping[str, tuple[str, str]] | None = None) -> str:
    return (pages or world().pages)[title][1]


def summary(title: str, before: str | None, after: str, lang: str = "en") -> str:
    kind = page_kind(world().pages[title][0])
    return page_summary(kind, before, after, messages_for(lang))


# First creation: the counts are those of the data.


def test_a_created_matches_page_counts_the_suggestions_of_the_match() -> None:
    result = world().result
    assert len(result.suggestions) > 100
    assert summary(MATCHES, None, body(MATCHES)) == (
        f"created: {len(result.suggestions)} suggestions, "
        f"{len(result.unmatched)} requests without a match"
    )


def test_a_created_problems_page_counts_every_problem_listed() -> None:
    problems = world().inputs.public_problems
    assert len(problems) > 10
    assert summary(PROBLEMS, None, body(PROBLEMS)) == f"created: {len(problems)} problems"


def test_problems_that_look_alike_are_each_counted() -> None:
    problems = world().inputs.public_problems
    doubled = world().render(problems=(*problems, *problems))
    assert summary(PROBLEMS, None, body(PROBLEMS, doubled)) == (
        f"created: {2 * len(problems)} problems"
    )
    assert summary(PROBLEMS, body(PROBLEMS), body(PROBLEMS, doubled)) == (
        f"{len(problems)} new problems"
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (GROUPS, "created: {groups} groups"),
        (CLINICS, "created: {clinics} clinic candidates"),
        (f"{PREFIX}/Skills/Proposal writing", "created: 8 sections, 0 resources"),
        (STATISTICS, "created: 8 sections"),
        (STATUS, "created: 5 sections"),
        (NEW_ENTRIES, "created: 2 registrants"),
    ],
)
def test_every_created_page_says_what_it_holds(title: str, expected: str) -> None:
    result = world().result
    counts = {"groups": len(result.groups), "clinics": len(result.clinics)}
    assert summary(title, None, body(title)) == expected.format(**counts)


def test_a_created_empty_page_says_it_holds_nothing_yet() -> None:
    empty = world().render(MatchResult())
    assert summary(MATCHES, None, body(MATCHES, empty)) == "created: 0 suggestions"
    assert summary(GROUPS, None, body(GROUPS, empty)) == "created: 0 groups"


def test_a_split_page_index_counts_its_skills() -> None:
    split = desired_pages(
        RenderInput(world().result), world().ctx, SplitSettings(max_bytes=MIN_BYTES)
    )
    index = split[MATCHES][1]
    skills = len(world().inputs.taxonomy.skills)
    assert page_summary("matches", None, index, EN) == f"created: index of {skills} skills"
    part = next(text for title, (_, text) in split.items() if title.startswith(f"{MATCHES}/"))
    assert page_summary("matches", None, part, EN).startswith("created: ")
    assert "index" not in page_summary("matches", None, part, EN)


# Edits: each kind in its own terms.


def test_suggestions_added_removed_and_changed() -> None:
    result = world().result
    first, _dropped, *rest = result.suggestions
    other = next(s.sharer for s in rest if s.sharer != first.sharer)
    changed = dataclasses.replace(first, sharer=other)
    after = world().render(dataclasses.replace(result, suggestions=(changed, *rest)))
    assert summary(MATCHES, body(MATCHES), body(MATCHES, after)) == (
        "1 suggestion removed, 1 suggestion changed"
    )
    assert summary(MATCHES, body(MATCHES, after), body(MATCHES)) == (
        "1 new suggestion, 1 suggestion changed"
    )


def test_requests_without_a_match_are_counted_apart_from_suggestions() -> None:
    result = world().result
    fewer = world().render(dataclasses.replace(result, unmatched=result.unmatched[3:]))
    assert summary(MATCHES, body(MATCHES), body(MATCHES, fewer)) == (
        "3 fewer requests without a match"
    )


def test_a_group_that_changed_host_is_one_changed_group() -> None:
    result = world().result
    group = result.groups[0]
    assert group.host
    moved = dataclasses.replace(group, host=None)
    after = world().render(dataclasses.replace(result, groups=(moved, *result.groups[1:])))
    assert summary(GROUPS, body(GROUPS), body(GROUPS, after)) == "1 group changed"


def test_a_group_that_lost_a_member_changed_and_a_new_one_was_formed() -> None:
    result = world().result
    group = result.groups[0]
    smaller = dataclasses.replace(group, id="g-smaller", members=group.members[1:])
    stranger = dataclasses.replace(group, id="g-new", members=("Nobody Known",), host=None)
    groups = (smaller, *result.groups[1:], stranger)
    after = world().render(dataclasses.replace(result, groups=groups))
    assert summary(GROUPS, body(GROUPS), body(GROUPS, after)) == "1 group formed, 1 group changed"
    assert summary(GROUPS, body(GROUPS, after), body(GROUPS)) == (
        "1 group dissolved, 1 group changed"
    )


def test_clinic_candidates_are_counted_by_skill() -> None:
    result = world().result
    first, *rest = result.clinics
    shown = result.figures.skill(first.skill)
    busier = dataclasses.replace(shown, learners=(*shown.learners, "One More"))
    figures = dataclasses.replace(
        result.figures, skills={**result.figures.skills, first.skill: busier}
    )
    after = world().render(dataclasses.replace(result, clinics=(first, *rest[1:]), figures=figures))
    assert summary(CLINICS, body(CLINICS), body(CLINICS, after)) == (
        "1 clinic candidate removed, 1 clinic candidate changed"
    )


def test_an_added_resource_is_counted_on_its_skill_page() -> None:
    taxonomy = world().inputs.taxonomy
    skill = taxonomy.skills[0]
    richer = dataclasses.replace(skill, resources=(*skill.resources, "[[Meta:Guide]]"))
    after = world().render(taxonomy=Taxonomy((richer, *taxonomy.skills[1:])))
    title = world().ctx.skill_pages[skill.id]
    assert summary(title, body(title), body(title, after)) == "1 resource added"
    assert summary(title, None, body(title, after)) == "created: 8 sections, 1 resource"
    assert summary(title, body(title, after), body(title)) == "1 resource removed"


def test_other_changes_on_a_skill_page_are_named_by_section() -> None:
    result = world().result
    group = result.groups[0]
    title = world().ctx.skill_pages[group.skill]
    after = world().render(dataclasses.replace(result, groups=result.groups[1:]))
    assert summary(title, body(title), body(title, after)) == "updated: Learning groups"
    assert summary(title, body(title), body(title, after), "fr") == (
        "mis à jour : Groupes d’apprentissage"
    )


def test_a_changed_figure_names_the_sections_it_is_in() -> None:
    result = world().result
    assert result.figures.met_by_sharer
    figures = dataclasses.replace(result.figures, met_by_sharer={}, met=0)
    after = world().render(dataclasses.replace(result, figures=figures))
    assert summary(STATISTICS, body(STATISTICS), body(STATISTICS, after)) == (
        "updated: Sharers who met learners, Suggestions and meetings over time"
    )


def test_problems_that_went_away_and_problems_that_moved() -> None:
    problems = world().inputs.public_problems
    located = [i for i, p in enumerate(problems) if p.source and p.source.line]
    moved = dataclasses.replace(
        problems[located[0]],
        source=dataclasses.replace(problems[located[0]].source, line=999),  # type: ignore[arg-type]
    )
    changed = tuple(
        moved if i == located[0] else p for i, p in enumerate(problems) if i != located[1]
    )
    after = world().render(problems=changed)
    assert summary(PROBLEMS, body(PROBLEMS), body(PROBLEMS, after)) == (
        "1 problem no longer found, 1 problem moved to another line"
    )


def test_registrants_added_and_removed() -> None:
    entries = body(NEW_ENTRIES)
    first = entries[: entries.index("}}\n") + 3]
    assert summary(NEW_ENTRIES, entries[len(first) :], entries) == "1 new registrant added"
    assert summary(NEW_ENTRIES, entries, entries[len(first) :]) == "1 entry moved out or removed"


def test_a_status_page_names_what_changed() -> None:
    before = body(STATUS)
    after = before.replace("2026-03-02", "2026-03-03")
    assert summary(STATUS, before, after) == "updated: Last run"


def test_an_unchanged_page_says_so() -> None:
    assert summary(MATCHES, body(MATCHES), body(MATCHES)) == "no change"


def test_text_that_changed_outside_any_counted_item_is_said_in_general_words() -> None:
    matches = body(MATCHES)
    assert summary(MATCHES, matches + "\n\nNote.", matches) == "text updated"
    statistics = body(STATISTICS)
    assert summary(STATISTICS, "Old figures", statistics).startswith("updated: Participants")
    assert summary(STATISTICS, statistics, f"Note.\n\n{statistics}") == "figures updated"


def test_a_page_in_another_language_is_still_read() -> None:
    french = world().render(lang="fr")
    text = summary(CLINICS, body(CLINICS, french), body(CLINICS))
    old = re.findall(r"(\d+) clinic candidates? (?:removed|changed)", text)
    assert sum(int(count) for count in old) == len(world().result.clinics)


# Properties over every kind.


@cache
def _variants() -> list[dict[str, tuple[str, str]]]:
    """The sample's pages, and the pages after several small changes to their input.

    Every change in them is one a summary counts or names (no general words needed).
    """
    w = world()
    result, taxonomy = w.result, w.inputs.taxonomy
    skill = taxonomy.skills[1]
    richer = dataclasses.replace(skill, resources=("[[Help:Contents]]",))
    return [
        dict(w.pages),
        w.render(dataclasses.replace(result, suggestions=result.suggestions[5:])),
        w.render(dataclasses.replace(result, groups=result.groups[:1])),
        w.render(dataclasses.replace(result, clinics=result.clinics[::2])),
        w.render(problems=w.inputs.public_problems[2:]),
        w.render(feedback=()),
        w.render(taxonomy=Taxonomy((*taxonomy.skills[:1], richer, *taxonomy.skills[2:]))),
        w.render(MatchResult()),
    ]


def test_a_changed_page_never_gets_a_summary_that_says_nothing_changed() -> None:
    variants = _variants()
    titles = sorted(set.intersection(*(set(pages) for pages in variants)))
    checked = 0
    for title in titles:
        texts = sorted({pages[title][1] for pages in variants})
        kind = page_kind(variants[0][title][0])
        for before, after in itertools.permutations(texts, 2):
            text = page_summary(kind, before, after, EN)
            checked += 1
            assert text not in ("no change", "text updated", "figures updated"), (title, text)
            assert "no row changed" not in text
    assert checked > 50


def _user_text(world: World) -> set[str]:
    names = {person.username for person in world.inputs.people}
    labels = {skill.label for skill in world.inputs.taxonomy.skills}
    return {text for text in names | labels if len(text) > 3}


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_summaries_hold_no_user_text_and_stay_short(lang: str) -> None:
    w = world()
    variants = _variants()
    forbidden = _user_text(w)
    for title in w.pages:
        kind = page_kind(w.pages[title][0])
        texts = [v[title][1] for v in variants if title in v]
        for before, after in zip([None, *texts], texts, strict=False):
            text = page_summary(kind, before, after, messages_for(lang))
            assert len(text) <= SUMMARY_LIMIT
            assert not re.search(r"[\[\]{}<>|]", text), text
            assert not [word for word in forbidden if word in text], (title, text)


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_any_text_as_the_section_gives_a_summary(kind: str) -> None:
    rng = random.Random(kind)
    pages = [text for section, text in world().pages.values() if page_kind(section) == kind]
    for text in pages[:3]:
        for _ in range(20):
            cut = text[: rng.randrange(len(text) + 1)]
            assert page_summary(kind, cut, text, EN)
            assert page_summary(kind, text, cut, EN)
    for garbage in ("{|\n|-\n! a\n|}", "|}\n|-\n| x", "==\n== ==\n* ", "{{\n}}", "\x00"):
        assert page_summary(kind, garbage, "", EN)


def test_a_summary_is_cut_to_the_limit() -> None:
    many = "\n\n".join(f"{heading(2, f'Section {n}')}\nx{n}" for n in range(400))
    assert len(page_summary("statistics", many, many + "\n\n== more ==\ny", EN)) <= SUMMARY_LIMIT


def test_the_pipeline_reads_the_bots_section_and_knows_a_missing_page() -> None:
    section, matches = world().pages[MATCHES]
    other = body(MATCHES, world().render(MatchResult()))
    around = f"Editors' lead.\n{wrap(section, matches)}\n\n{other}\n[[Category:Matches]]"
    current = {
        MATCHES: PageText(MATCHES, True, 7, text=around),
        GROUPS: PageText(GROUPS, False),
    }
    pages = {title: world().pages[title] for title in (MATCHES, GROUPS, CLINICS)}
    summaries = {page.title: page.summary for page in with_summaries(pages, current, EN)}
    assert summaries[MATCHES] == "wikisync: no change"
    assert summaries[GROUPS].startswith("wikisync: created: ")
    assert summaries[CLINICS].startswith("wikisync: created: ")


# The comparison itself.


def test_compare_pairs_items_by_key_and_counts_duplicates() -> None:
    before = [Item(("a",), ("1",)), Item(("b",), ("1",)), Item(("c",)), Item(("c",))]
    after = [Item(("a",), ("2",)), Item(("c",)), Item(("d",))]
    assert compare_items(before, after) == Changes(added=1, removed=2, changed=1)


def test_items_with_ties_pair_only_when_they_share_one() -> None:
    before = [Item(("s",), ("x",), frozenset({"A", "B"}))]
    assert compare_items(before, [Item(("s",), ("y",), frozenset({"B"}))]).changed == 1
    assert compare_items(before, [Item(("s",), ("y",), frozenset({"C"}))]) == Changes(1, 1, 0)


def test_unknown_page_kind_is_a_caller_bug() -> None:
    with pytest.raises(ValueError, match="page kind"):
        page_summary("nope", None, "", EN)


def test_every_page_kind_has_a_summary() -> None:
    kinds = {page_kind(section) for section, _ in world().pages.values()}
    assert kinds == set(PAGE_KINDS)
