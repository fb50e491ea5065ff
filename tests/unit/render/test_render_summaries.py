"""Edit summaries count rows added, removed and changed between two versions of a page."""

from __future__ import annotations

import pytest

from wikisync.model import (
    ClinicCandidate,
    Figures,
    Group,
    MatchResult,
    Problem,
    Severity,
    SkillFigures,
    SourceRef,
    Suggestion,
)
from wikisync.render.i18n import messages_for
from wikisync.render.summaries import (
    clinic_rows,
    compare_rows,
    group_rows,
    problem_rows,
    suggestion_rows,
    summary_for,
)


def _suggestions(*pairs: tuple[str, str, str]) -> MatchResult:
    return MatchResult(suggestions=tuple(Suggestion(a, b, s, 1) for a, b, s in pairs))


def test_counts_changed_new_and_removed_rows() -> None:
    before = suggestion_rows(_suggestions(("A", "B", "x"), ("C", "D", "x"), ("E", "F", "y")))
    after = suggestion_rows(_suggestions(("A", "Z", "x"), ("C", "D", "x"), ("G", "H", "y")))
    changes = compare_rows(before, after)
    assert (changes.added, changes.removed, changes.changed) == (1, 1, 1)
    assert (
        summary_for("matches", before, after, messages_for("en"))
        == "1 suggestion updated, 1 new suggestion, 1 suggestion removed"
    )


def test_the_example_from_the_programme() -> None:
    before = {f"r{i}": "old" for i in range(12)}
    after = {**{f"r{i}": "new" for i in range(12)}, "n1": "x", "n2": "x", "n3": "x"}
    assert summary_for("matches", before, after, messages_for("en")) == (
        "12 suggestions updated, 3 new suggestions"
    )


def test_no_change_gives_a_refresh_summary() -> None:
    rows = {"a": "1"}
    assert summary_for("groups", rows, rows, messages_for("en")) == "Refreshed, no row changed"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "2 groupes mis à jour"),
        ("ar", "تحديث مجموعتين"),
        ("es", "2 grupos actualizados"),
        ("pt", "2 grupos atualizados"),
    ],
)
def test_summaries_are_translated(lang: str, expected: str) -> None:
    before = group_rows(
        MatchResult(groups=(Group("g1", "s", "en", ("A",)), Group("g2", "s", "fr", ("B",))))
    )
    after = group_rows(
        MatchResult(groups=(Group("g1", "s", "en", ("C",)), Group("g2", "s", "es", ("B",))))
    )
    assert summary_for("groups", before, after, messages_for(lang)) == expected


def test_group_member_order_does_not_count_as_a_change() -> None:
    one = group_rows(MatchResult(groups=(Group("g1", "s", "en", ("A", "B")),)))
    other = group_rows(MatchResult(groups=(Group("g1", "s", "en", ("B", "A")),)))
    assert compare_rows(one, other).changed == 0


def _clinic(learners: int, waiting: int, score: int = 0) -> MatchResult:
    names = tuple(f"L{index}" for index in range(learners))
    shown = SkillFigures("s", learners=names, sharers=("A",), room=1, waiting=names[:waiting])
    return MatchResult(
        clinics=(ClinicCandidate("s", ("A",), score=score),),
        figures=Figures(skills={"s": shown}),
    )


def test_clinic_rows_change_when_figures_or_hosts_change() -> None:
    before = clinic_rows(_clinic(3, 2))
    after = clinic_rows(_clinic(4, 3))
    same = clinic_rows(_clinic(3, 2, score=9))
    assert compare_rows(before, after).changed == 1
    assert compare_rows(before, same).changed == 0


def test_problem_rows_key_on_place_and_code() -> None:
    here = SourceRef("Dir", 1, 2, 3)
    rows = problem_rows(
        (
            Problem("unknown-skill", Severity.WARNING, "m", here, field="learn", value="x"),
            Problem("unknown-skill", Severity.WARNING, "m", here, field="learn", value="y"),
        )
    )
    assert len(rows) == 2


def test_unknown_page_kind_is_a_caller_bug() -> None:
    with pytest.raises(ValueError, match="page kind"):
        summary_for("nope", {}, {}, messages_for("en"))
