"""Which generated pages are retired, what their notice says and how the guard weighs them."""

from __future__ import annotations

from wikisync.interfaces import PageText
from wikisync.planning.edits import Action, DesiredPage, SyncPolicy, plan
from wikisync.planning.retired import generated_by_job, retired_pages, retirement_notice
from wikisync.reading.sources import NEW_ENTRIES_SECTION
from wikisync.render.i18n import messages_for
from wikisync.render.markers import wrap
from wikisync.writing.safety import AllowedTitles

EN = messages_for("en")
ALLOWED = AllowedTitles(prefixes=("P",))
RENDERED = {
    "P/Matches": ("matches", "{|\n|-\n| a\n|}"),
    "P/Groups": ("groups", "groups"),
    "P/Skills/Budgeting": ("skill", "budget"),
    "P/Statistics": ("statistics", "figures"),
    "Directory": (NEW_ENTRIES_SECTION, "new people"),
}


def test_only_remembered_pages_that_are_not_rendered_now_are_retired() -> None:
    remembered = {"P/Matches": "matches", "P/Matches/3": "matches", "P/Skills/Old": "skill"}
    retired = retired_pages(remembered, RENDERED, EN, ("P/Skills", "P/Matches"))
    assert set(retired) == {"P/Matches/3", "P/Skills/Old"}
    assert retired["P/Matches/3"][0] == "matches"
    assert "[[:P/Matches|P/Matches]]" in retired["P/Matches/3"][1]
    assert "[[:P/Matches|P/Matches]]" in retired["P/Skills/Old"][1]
    with_index = {**RENDERED, "P/Skills": ("matches", "index")}
    assert "[[:P/Skills|P/Skills]]" in retired_pages(remembered, with_index, EN)["P/Skills/Old"][1]


def test_a_notice_links_to_the_first_main_page_rendered_when_none_is_above() -> None:
    retired = retired_pages({"Q/Gone": "matches"}, RENDERED, EN, ("P/None", "P/Statistics"))
    assert "[[:P/Statistics|P/Statistics]]" in retired["Q/Gone"][1]
    alone = retired_pages({"Q/Gone": "matches"}, {}, EN, ("P/Statistics",))
    assert alone["Q/Gone"][1] == retirement_notice(EN, None)
    assert "[[" not in alone["Q/Gone"][1]


def test_a_notice_escapes_the_title_it_links_to_and_is_in_the_page_language() -> None:
    notice = retirement_notice(messages_for("fr"), "P/<b>''x''</b>")
    assert "<b>" not in notice and "''x''" not in notice
    assert "n'est plus générée" in notice


def test_the_registrants_section_and_other_jobs_pages_are_never_remembered() -> None:
    assert generated_by_job(RENDERED, "registrations") == {}
    assert generated_by_job(RENDERED, "resources") == {
        "P/Skills/Budgeting": "skill",
        "P/Statistics": "statistics",
    }
    assert set(generated_by_job(RENDERED, "matches")) == {"P/Matches", "P/Groups"}


def _skill_pages(count: int, retired: int) -> tuple[list[DesiredPage], dict[str, PageText]]:
    desired, current = [], {}
    for n in range(count):
        title = f"P/Skills/S{n}"
        gone = n < retired
        body = retirement_notice(EN, "P/Skills") if gone else f"skill {n}, still here"
        desired.append(DesiredPage(title, "skill", body, "wikisync: x", retired=gone))
        current[title] = PageText(title, True, n + 1, "", wrap("skill", f"skill {n}"))
    return desired, current


def test_retiring_one_skill_page_of_many_passes_and_most_of_them_is_refused() -> None:
    policy = SyncPolicy(bot="Bot", allowed=ALLOWED)
    one = plan(*_skill_pages(10, 1), policy)
    assert [e.action for e in one] == [Action.UPDATE] * 10
    most = plan(*_skill_pages(10, 6), policy)
    refused = [e for e in most if e.action is Action.REFUSE]
    assert len(refused) == 6 and all(e.desired.retired for e in refused)
    assert "would leave 4 of the 10 pages with the skill marker" in refused[0].reason


def test_pages_retired_under_their_old_titles_and_created_under_new_ones_pass() -> None:
    desired, current = _skill_pages(8, 8)
    for n in range(8):
        title = f"P/Topics/S{n}"
        desired.append(DesiredPage(title, "skill", f"skill {n}", "wikisync: x"))
        current[title] = PageText(title, False)
    assert {e.action for e in plan(desired, current, SyncPolicy(bot="Bot", allowed=ALLOWED))} == {
        Action.UPDATE,
        Action.CREATE,
    }


def test_a_few_pages_are_not_weighed_by_their_count() -> None:
    policy = SyncPolicy(bot="Bot", allowed=ALLOWED)
    assert all(e.action is Action.UPDATE for e in plan(*_skill_pages(3, 3), policy))
