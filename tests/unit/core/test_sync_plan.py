"""Planning edits: create, update between markers only, unchanged, and every skip reason."""

from __future__ import annotations

import pytest

from wikisync.exclusion import bot_may_edit
from wikisync.render.markers import wrap
from wikisync.sync import Action, DesiredPage, SyncPolicy, dry_run, plan_page, table_rows
from wikisync.titles import AllowedTitles
from wikisync.wiki import PageText

ALLOWED = AllowedTitles(prefixes=("Let's Connect", "User:SyncBot"))
POLICY = SyncPolicy(bot="SyncBot", allowed=ALLOWED)
TITLE = "Let's Connect/Matches"


def table(rows: int) -> str:
    lines = ['{| class="wikitable"', "! A !! B"]
    for n in range(rows):
        lines += ["|-", f"| a{n} || b{n}"]
    return "\n".join([*lines, "|}"])


def desired(body: str, title: str = TITLE) -> DesiredPage:
    return DesiredPage(title=title, section="matches", body=body, summary="update")


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


def test_losing_most_rows_is_refused_unless_the_sources_shrank() -> None:
    base = page(wrap("matches", table(20)))
    assert plan_page(desired(table(12)), base, POLICY).action is Action.UPDATE
    refused = plan_page(desired(table(2)), base, POLICY)
    assert refused.action is Action.SKIP
    assert "20 -> 2" in refused.reason
    shrunk = SyncPolicy(bot="SyncBot", allowed=POLICY.allowed, sources_shrink=0.5)
    assert plan_page(desired(table(2)), base, shrunk).action is Action.UPDATE


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
