"""Planning edits: create, update between markers only, unchanged, every skip reason, and
the blanking guard weighing each kind of page against what the sources justify."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

import pytest

from wikisync.interfaces import PageText, SaveResult
from wikisync.outcomes import PageOutcome
from wikisync.planning.edits import (
    Action,
    DesiredPage,
    PlannedEdit,
    SyncPolicy,
    apply,
    dry_run,
    plan_page,
)
from wikisync.planning.jobs import JOB_OF_KIND
from wikisync.render.markers import wrap
from wikisync.writing.safety import AllowedTitles, SourceCounts, bot_may_edit, table_rows

ALLOWED = AllowedTitles(prefixes=("Let's Connect", "User:SyncBot"))
POLICY = SyncPolicy(bot="SyncBot", allowed=ALLOWED)
TITLE = "Let's Connect/Matches"


def table(rows: int) -> str:
    lines = ['{| class="wikitable"', "! A !! B"]
    for n in range(rows):
        lines += ["|-", f"| a{n} || b{n}"]
    return "\n".join([*lines, "|}"])


def desired(body: str, title: str = TITLE, section: str = "matches") -> DesiredPage:
    return DesiredPage(title=title, section=section, body=body, summary="update")


def page(text: str) -> PageText:
    return PageText(title=TITLE, exists=True, revision=7, timestamp="t", text=text)


def test_a_missing_page_is_created_with_markers() -> None:
    edit = plan_page(desired("body"), PageText(TITLE, exists=False), POLICY)
    assert edit.action is Action.CREATE
    assert edit.text == wrap("matches", "body")


def test_only_the_text_between_the_markers_changes() -> None:
    human = "Intro by a person.\n\n" + wrap("matches", "old") + "\n[[Category:Kept]]\n"
    edit = plan_page(desired("new"), page(human), POLICY)
    assert edit.action is Action.UPDATE
    assert edit.text == human.replace("\nold\n", "\nnew\n")
    assert "-old" in edit.diff()
    assert "+new" in edit.diff()


def test_the_same_text_is_unchanged_even_with_trailing_space() -> None:
    edit = plan_page(desired("same"), page(wrap("matches", "same") + "\n\n"), POLICY)
    assert edit.action is Action.UNCHANGED


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("A page a person wrote, no markers.", "no wikisync:matches markers"),
        (wrap("matches", "x") + wrap("matches", "y"), "no wikisync:matches markers"),
        ("{{nobots}}\n" + wrap("matches", "x"), "excludes this bot"),
        ("{{bots|deny=SyncBot}}\n" + wrap("matches", "x"), "excludes this bot"),
    ],
)
def test_pages_that_must_not_be_touched_are_skipped_with_a_reason(text: str, reason: str) -> None:
    edit = plan_page(desired("new"), page(text), POLICY)
    assert edit.action is Action.SKIP
    assert reason in edit.reason


@pytest.mark.parametrize(
    "title", ["Main Page", "Let's Connections", "Talk:Let's Connect/Matches", "User:Admin/Status"]
)
def test_titles_outside_the_allowed_titles_are_skipped(title: str) -> None:
    edit = plan_page(desired("x", title=title), PageText(title, False), POLICY)
    assert edit.action is Action.SKIP
    assert "outside the titles the bot may edit" in edit.reason


def test_a_rewrite_outside_the_allowed_titles_is_skipped_before_it_runs() -> None:
    def rewrite(text: str) -> str:
        raise AssertionError("a page outside the allowed titles was rewritten")

    tidy = DesiredPage("Main Page", "", "", "tidy", rewrite=rewrite)
    edit = plan_page(tidy, PageText("Main Page", True, 3, "t", "text"), POLICY)
    assert edit.action is Action.SKIP


def guarded(job: str, before: SourceCounts, now: SourceCounts) -> SyncPolicy:
    """The policy of a run that read ``now`` after ``job`` last read ``before``."""
    return replace(POLICY, sources_now=now, sources_before={job: before})


def shrink(section: str, rows: tuple[int, int], policy: SyncPolicy) -> PlannedEdit:
    """The plan for a page whose table of ``section`` goes from rows[0] to rows[1] rows."""
    base = page(wrap(section, table(rows[0])))
    return plan_page(desired(table(rows[1]), section=section), base, policy)


SAME = SourceCounts(entries=1000, people=950)
HALVED = SourceCounts(entries=500, people=475)


def test_losing_most_rows_is_refused_unless_the_sources_shrank() -> None:
    base = page(wrap("matches", table(20)))
    assert plan_page(desired(table(12)), base, POLICY).action is Action.UPDATE
    refused = plan_page(desired(table(2)), base, POLICY)
    assert refused.action is Action.REFUSE
    assert "20 -> 2" in refused.reason
    shrunk = guarded("matches", SourceCounts(people=20), SourceCounts(people=10))
    assert plan_page(desired(table(2)), base, shrunk).action is Action.UPDATE


def test_fewer_problems_with_as_many_entries_read_is_a_repair() -> None:
    edit = shrink("problems", (946, 145), guarded("check", SAME, SAME))
    assert edit.action is Action.UPDATE
    a_few_gone = replace(SAME, entries=980)
    assert shrink("problems", (946, 0), guarded("check", SAME, a_few_gone)).action is Action.UPDATE


def test_fewer_problems_with_the_entries_halved_is_refused() -> None:
    edit = shrink("problems", (946, 145), guarded("check", SAME, HALVED))
    assert edit.action is Action.REFUSE
    assert "946 -> 145" in edit.reason
    assert "entries read shrank by 50%" in edit.reason
    assert shrink("problems", (946, 300), guarded("check", SAME, HALVED)).action is Action.UPDATE


def test_problems_without_an_earlier_run_get_the_usual_guard() -> None:
    assert shrink("problems", (946, 145), POLICY).action is Action.REFUSE


def test_a_matches_table_shrinking_with_the_same_people_is_refused() -> None:
    edit = shrink("matches", (512, 40), guarded("matches", SAME, SAME))
    assert edit.action is Action.REFUSE
    assert "people shrank by 0%" in edit.reason


def test_a_matches_table_shrinking_with_the_people_halved_is_allowed() -> None:
    edit = shrink("matches", (512, 40), guarded("matches", SAME, HALVED))
    assert edit.action is Action.UPDATE


@pytest.mark.parametrize("section", ["matches", "clinics", "groups", "statistics", "skill"])
def test_a_taxonomy_cut_to_a_few_skills_is_refused(section: str) -> None:
    job = JOB_OF_KIND[section]
    edit = shrink(section, (512, 3), guarded(job, SAME, SAME))
    assert edit.action is Action.REFUSE
    assert "probable blanking" in edit.reason


def test_each_page_is_weighed_against_the_last_run_of_its_own_job() -> None:
    policy = replace(POLICY, sources_now=HALVED, sources_before={"matches": SAME, "check": HALVED})
    assert shrink("matches", (512, 40), policy).action is Action.UPDATE
    assert shrink("problems", (946, 145), policy).action is Action.UPDATE


def test_the_status_page_lists_the_run_and_is_never_guarded() -> None:
    assert shrink("status", (47, 2), guarded("check", SAME, SAME)).action is Action.UPDATE


def test_a_refusal_is_reported_as_refused_and_a_page_left_alone_as_skipped() -> None:
    edit = shrink("matches", (512, 3), POLICY)
    outcome = apply([edit], NoWiki(), POLICY, lambda: True).pages[0]
    assert outcome.outcome is PageOutcome.REFUSED
    assert "probable blanking" in outcome.reason
    kept = plan_page(desired("x"), page("no markers"), POLICY)
    assert apply([kept], NoWiki(), POLICY, lambda: True).pages[0].outcome is PageOutcome.SKIPPED


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("A page a person wrote, no markers.", "no wikisync:matches markers"),
        (wrap("matches", "x") + wrap("matches", "y"), "no wikisync:matches markers"),
        ("{{nobots}}\n" + wrap("matches", "x"), "excludes this bot"),
    ],
)
def test_a_page_the_bot_leaves_alone_is_skipped_with_the_reason(text: str, reason: str) -> None:
    edit = plan_page(desired("new"), page(text), POLICY)
    assert edit.action is Action.SKIP
    outcome = apply([edit], NoWiki(), POLICY, lambda: True).pages[0]
    assert outcome.outcome is PageOutcome.SKIPPED
    assert reason in outcome.reason


class NoWiki:
    """A writer that is never asked to write: every page of these plans is skipped."""

    def read_pages(self, titles: Iterable[str]) -> dict[str, PageText]:
        raise AssertionError("nothing to read")

    def save(
        self, title: str, text: str, summary: str, *, base: PageText, minor: bool = True
    ) -> SaveResult:
        raise AssertionError("nothing to save")


def test_dry_run_shows_diffs_and_skips() -> None:
    edits = [
        plan_page(desired("new"), page(wrap("matches", "old")), POLICY),
        plan_page(desired("x"), page("no markers"), POLICY),
    ]
    text = dry_run(edits)
    assert "+new" in text
    assert "# skip Let's Connect/Matches: no wikisync:matches markers" in text


def test_table_rows_counts_row_separators() -> None:
    assert table_rows(table(3)) == 3
    assert table_rows("no table") == 0


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("plain", True),
        ("{{nobots}}", False),
        ("{{bots}}", True),
        ("{{bots|allow=SyncBot,Other}}", True),
        ("{{bots|allow=Other}}", False),
        ("{{bots|allow=none}}", False),
        ("{{bots|deny=all}}", False),
        ("{{bots|deny=Other}}", True),
        ("{{bots|deny=none}}", True),
        ("{{Bots|optout=all}}", True),
        ("{{template:nobots}}", False),
    ],
)
def test_the_bots_exclusion_convention(text: str, allowed: bool) -> None:
    assert bot_may_edit(text, "SyncBot") is allowed


def test_a_rewrite_applies_to_the_text_as_read_and_respects_exclusion() -> None:
    def upper(text: str) -> str:
        return text.upper()

    tidy = DesiredPage(title=TITLE, section="", body="", summary="tidy", rewrite=upper)
    assert plan_page(tidy, page("a person's text"), POLICY).text == "A PERSON'S TEXT"
    assert plan_page(tidy, page("ALREADY"), POLICY).action is Action.UNCHANGED
    assert plan_page(tidy, PageText(TITLE, exists=False), POLICY).action is Action.SKIP
    assert plan_page(tidy, page("{{nobots}} text"), POLICY).action is Action.SKIP
