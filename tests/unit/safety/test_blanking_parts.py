"""The blanking guard counts a page's rows together with its parts'; the size guard."""

from __future__ import annotations

from wikisync.interfaces import PageText
from wikisync.planning.edits import Action, DesiredPage, SyncPolicy, plan
from wikisync.render.markers import wrap
from wikisync.writing.safety import AllowedTitles

POLICY = SyncPolicy(bot="Bot", allowed=AllowedTitles(prefixes=("P",)))


def table(rows: int) -> str:
    return "{|\n" + "".join(f"|-\n| r{n}\n" for n in range(rows)) + "|}"


def page(title: str, rows: int) -> PageText:
    return PageText(title, True, 1, text=wrap("matches", table(rows)))


def desired(title: str, rows: int) -> DesiredPage:
    return DesiredPage(title, "matches", table(rows), "s")


def actions(
    wanted: list[DesiredPage], current: dict[str, PageText], policy: SyncPolicy = POLICY
) -> dict[str, Action]:
    return {edit.title: edit.action for edit in plan(wanted, current, policy)}


def test_a_page_splitting_into_parts_is_no_blanking() -> None:
    current = {"P": page("P", 40), "P/A": PageText("P/A", False), "P/B": PageText("P/B", False)}
    wanted = [desired("P", 2), desired("P/A", 20), desired("P/B", 20)]
    assert actions(wanted, current)["P"] is Action.UPDATE


def test_rows_moving_between_parts_are_no_blanking() -> None:
    current = {"P": page("P", 2), "P/A": page("P/A", 30), "P/B": page("P/B", 2)}
    wanted = [desired("P", 2), desired("P/A", 2), desired("P/B", 30)]
    assert actions(wanted, current)["P/A"] is Action.UPDATE


def test_blanking_spread_over_parts_is_caught() -> None:
    current = {"P": page("P", 4), **{f"P/{n}": page(f"P/{n}", 20) for n in range(4)}}
    wanted = [desired("P", 4), *(desired(f"P/{n}", 2) for n in range(4))]
    found = actions(wanted, current)
    assert [found[f"P/{n}"] for n in range(4)] == [Action.REFUSE] * 4


def test_a_page_alone_is_still_guarded() -> None:
    assert actions([desired("P", 1)], {"P": page("P", 40)})["P"] is Action.REFUSE


def test_a_page_above_the_wiki_limit_is_refused_before_it_is_sent() -> None:
    small = SyncPolicy(bot="Bot", allowed=AllowedTitles(prefixes=("P",)), max_page_bytes=100)
    edit = plan([desired("P", 40)], {"P": PageText("P", False)}, small)[0]
    assert edit.action is Action.REFUSE
    assert "above the wiki's limit of 100" in edit.reason
