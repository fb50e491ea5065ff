"""What each generated page shows, in which order, and that it is deterministic."""

from __future__ import annotations

import dataclasses

import mwparserfromhell
from render_tables import data_rows

from wikisync.model import (
    MatchResult,
    MeetingTime,
    Person,
    Problem,
    Reason,
    Skill,
    Suggestion,
    Taxonomy,
)
from wikisync.render import (
    PageSettings,
    RenderContext,
    RenderInput,
    desired_pages,
    messages_for,
    render_clinics,
    render_groups,
    render_matches,
    render_problems,
    render_skill_page,
    render_statistics,
)


def test_a_backup_is_named_and_one_not_listed_publicly_is_not(
    result: MatchResult, ctx: RenderContext
) -> None:
    first = dataclasses.replace(result.suggestions[0], backup="Chen")
    hidden = dataclasses.replace(result.suggestions[1], backup="Someone Private")
    body = render_matches(dataclasses.replace(result, suggestions=(first, hidden)), ctx)
    backups = sorted(row[-1] for row in data_rows(body)[:2])
    assert backups == ["[[User:Chen|Chen]]", "a participant not listed publicly"]
    assert "Someone Private" not in body


def test_matches_table_has_one_sorted_row_per_suggestion(
    result: MatchResult, ctx: RenderContext
) -> None:
    body = render_matches(result, ctx)
    assert 'class="wikitable sortable"' in body
    suggestions, unmatched = data_rows(body)[:2], data_rows(body)[2:]
    assert suggestions[0] == [
        '<span id="Amara"></span>[[User:Amara|Amara]]',
        "[[:Let's Connect/Skills/Proposal writing|Proposal writing]]",
        '<span id="Bruno"></span>[[User:Bruno|Bruno]]',
        "English, French",
        "1 hour",
        "Common languages: English (advanced), French (intermediate); 7 hours of shared daytime; "
        "Different regions (Sub-Saharan Africa and Europe), for a wider network",
        "none",
    ]
    assert suggestions[1][:5] == [  # each name is anchored at its first row only
        '<span id="Chen"></span>[[User:Chen|Chen]]',
        "[[:Let's Connect/Skills/Video editing|Video editing]]",
        "[[User:Amara|Amara]]",
        "English",
        "8 hours",
    ]
    assert unmatched == [
        [
            "[[User:Chen|Chen]]",
            "[[:Let's Connect/Skills/Proposal writing|Proposal writing]]",
            "All 2 people who share it already have as many learners as they offered",
        ],
        [
            "a participant not listed publicly",
            "[[:Let's Connect/Skills/Proposal writing|Proposal writing]]",
            "The one available sharer does not speak a language the learner speaks",
        ],
    ]


def test_people_who_did_not_agree_are_never_named(
    render_input: RenderInput, ctx: RenderContext
) -> None:
    for _, body in desired_pages(render_input, ctx).values():
        assert "Dana" not in body


def test_unknown_usernames_are_not_named_either(ctx: RenderContext) -> None:
    result = MatchResult(suggestions=(Suggestion("Ghost", "Bruno", "video-editing", 1),))
    assert "Ghost" not in render_matches(result, ctx)


def test_time_difference_handles_half_hours_and_unknown_zones(ctx: RenderContext) -> None:
    people = dict(ctx.people)
    people["Chen"] = dataclasses.replace(people["Chen"], utc_offset=330)
    people["Amara"] = dataclasses.replace(people["Amara"], utc_offset=None)
    changed = dataclasses.replace(ctx, people=people)
    result = MatchResult(
        suggestions=(
            Suggestion("Chen", "Bruno", "video-editing", 1),
            Suggestion("Amara", "Bruno", "proposal-writing", 1),
        )
    )
    cells = [row[4] for row in data_rows(render_matches(result, changed))]
    assert cells == ["unknown", "4 h 30 min"]


def test_unknown_reason_codes_render_generically(ctx: RenderContext) -> None:
    reasons = (Reason("new-code", ("a|b", 3)), Reason("time-overlap", ("lots",)), Reason("kept"))
    result = MatchResult(suggestions=(Suggestion("Chen", "Bruno", "x-skill", 1, reasons),))
    row = data_rows(render_matches(result, ctx))[0]
    assert row[1] == "x-skill"
    assert row[5] == "new-code: a&#124;b, 3; time-overlap: lots"


def test_history_reasons_count_but_are_not_shown(ctx: RenderContext) -> None:
    reasons = (Reason("same-region", ("Europe",)), Reason("kept"), Reason("waited", (12,)))
    result = MatchResult(suggestions=(Suggestion("Chen", "Bruno", "x-skill", 1, reasons),))
    assert data_rows(render_matches(result, ctx))[0][5] == "Same region: Europe"


def test_groups_show_one_block_per_group(result: MatchResult, ctx: RenderContext) -> None:
    body = render_groups(result, ctx)
    assert body.startswith('== <span id="g1"></span>Proposal writing · English · group 1 ==\n')
    assert "* Host: [[User:Bruno|Bruno]]" in body
    assert "* Language in common: English" in body
    assert "* Members (2): [[User:Chen|Chen]], one more participant not listed publicly" in body
    assert "* Suggested weekly meeting: none yet (no time zone known)" in body


def test_a_group_shows_its_languages_and_meeting_hour_with_local_times(
    result: MatchResult, ctx: RenderContext
) -> None:
    meeting = MeetingTime(14, 2, 3, (("Bruno", 16 * 60), ("Chen", 22 * 60 + 30), ("<b>x", 0)))
    (first, *_) = result.groups
    group = dataclasses.replace(first, languages=("en", "fr"), meeting=meeting, number=2)
    body = render_groups(dataclasses.replace(result, groups=(group,)), ctx)
    assert body.startswith('== <span id="g1"></span>Proposal writing · English · group 2 ==\n')
    assert "* Languages in common: English, French" in body
    assert (
        "* Suggested weekly meeting: 14:00 UTC, when 2 of 3 are awake "
        "(Bruno 16:00, Chen 22:30, a participant not listed publicly 00:00)"
    ) in body
    assert "b&#62;x" not in body and "<b>" not in body


def test_clinics_rank_and_show_interpretation_needs(
    result: MatchResult, ctx: RenderContext
) -> None:
    body = render_clinics(result, ctx)
    assert "Everyone is counted once per skill" in body
    [row] = data_rows(body)
    assert row[0] == "1"
    assert row[2:6] == ["2", "1", "2", "0"]  # want to learn, can share, room, without a match
    assert row[6] == (
        "[[User:Bruno|Bruno]] (willing to host), "
        "[[User:Amara|Amara]] (met 2 learners in this skill)"
    )
    assert row[7] == "English (2), Spanish (1)"
    assert row[8] == "Spanish (1)"
    assert row[9] == "Sub-Saharan Africa (2), Europe (1)"
    percent = ctx.messages.percent
    assert row[10] == f"14:00 (suits {percent(2, 3)}), 02:00 (suits {percent(1, 3)})"


def test_a_clinic_without_hosts_or_time_zones_says_so(
    result: MatchResult, ctx: RenderContext
) -> None:
    (clinic,) = result.clinics
    bare = dataclasses.replace(clinic, suggested_hosts=(), interpretation=None, slots=(), timed=0)
    [row] = data_rows(render_clinics(dataclasses.replace(result, clinics=(bare,)), ctx))
    assert row[6].startswith("none yet: nobody is willing to host")
    assert row[8] == "depends on the host"
    assert row[10] == "unknown"


def test_skill_page_lists_resources_sharers_learners_and_related(
    taxonomy: Taxonomy, result: MatchResult, ctx: RenderContext
) -> None:
    skill = taxonomy.skills[0]
    body = render_skill_page(skill, result, ctx)
    assert "Writing grant and project proposals." in body
    assert "* [[:Grant guide|Grant guide]]" in body
    assert "* [https://meta.example.org/wiki/Grants Grants]" in body
    assert (
        "== Who shares it ==\n1 person taking part in matching shares this skill, "
        "with room for 2 more learners.\n\n[[User:Bruno|Bruno]]\n"
    ) in body
    assert "Emeka" not in body  # inactive: not counted, not named
    # Amara met a sharer for it, so she no longer counts as wanting to learn it.
    assert "2 people taking part in matching want to learn this skill." in body
    assert "1 pair has reported meeting for this skill." in body
    assert "\n[[User:Chen|Chen]], one more participant not listed publicly\n" in body
    assert "* [[:Let's Connect/Skills/Volunteer retention|Volunteer retention]]" in body
    assert "Video editing" not in body
    # the group goes by the name the groups page gives it, linked to its section there
    assert (
        "* [[:Let's Connect/Groups#g1|Proposal writing · English · group 1]]: "
        "[[User:Chen|Chen]], one more participant not listed publicly"
    ) in body


def test_skill_pages_use_content_language_labels(
    taxonomy: Taxonomy, people: tuple[Person, ...], render_input: RenderInput
) -> None:
    ctx = RenderContext.build(PageSettings(language="fr"), taxonomy, people)
    titles = set(desired_pages(render_input, ctx))
    assert "Let's Connect/Skills/Rédaction de propositions" in titles
    assert "Let's Connect/Skills/Video editing" in titles


def test_statistics_counts_shares_and_bars(render_input: RenderInput, ctx: RenderContext) -> None:
    body = render_statistics(render_input.result, render_input.history, ctx)
    rows = data_rows(body)
    assert rows[0][:3] == ["Sub-Saharan Africa", "2", "40.0%"]
    assert rows[0][3] == '<div style="background-color:#36c;height:0.8em;width:40.0%"></div>'
    assert "5 participants in total. 4 of them take part in matching now" in body
    skills = {row[0]: row[1:5] for row in rows if row[0].startswith("[[:")}
    assert skills["[[:Let's Connect/Skills/Proposal writing|Proposal writing]]"] == [
        "2",
        "1",
        "2",
        "0",
    ]
    assert "Feedback so far: 1 pair met, 1 suggestion declined." in body
    history = [row[:4] for row in rows if row[0].startswith("2026-")]
    assert history == [["2026-01-01", "8", "1", "12.5%"], ["2026-02-01", "10", "2", "20.0%"]]


def test_problems_are_grouped_by_page_with_a_summary(
    problems: tuple[Problem, ...], ctx: RenderContext
) -> None:
    body = render_problems(problems, ctx)
    headings = [str(h.title).strip() for h in mwparserfromhell.parse(body).filter_headings()]
    assert headings == [
        "Summary",
        "[[:Let's Connect/Directory|Let&#39;s Connect/Directory]]",
        "[[:Let's Connect/Directory/Europe|Let&#39;s Connect/Directory/Europe]]",
        "Problems not tied to a page",
    ]
    rows = data_rows(body)
    assert rows[0] == ["missing-username", "1"]
    assert rows[3] == [
        "entry 5, line 44",  # the fifth entry on the page (index 4)
        "[[User:Chen|Chen]]",
        "learn",
        "Grant writting",
        "warning",
        "This skill is not in the skills list.",
        "Use a skill from the skills list, or ask an organiser to add it. "
        "Did you mean: Proposal writing?",
    ]
    assert rows[4][4] == "error"


def test_no_problems_thanks_the_editors(ctx: RenderContext) -> None:
    assert render_problems((), ctx) == "No problems found in the directory. Thank you!"


def test_arabic_pages_are_right_to_left_with_isolated_names(
    result: MatchResult, taxonomy: Taxonomy, people: tuple[Person, ...]
) -> None:
    ctx = RenderContext.build(PageSettings(language="ar"), taxonomy, people)
    body = render_matches(result, ctx)
    assert body.startswith('<div dir="rtl" lang="ar">\n')
    assert body.endswith("\n</div>")
    assert "| <bdi>[[User:Amara|Amara]]</bdi>" in body


def test_desired_pages_cover_every_page_with_its_marker(
    render_input: RenderInput, ctx: RenderContext
) -> None:
    pages = desired_pages(render_input, ctx)
    assert {title: marker for title, (marker, _) in pages.items()} == {
        "Let's Connect/Forms/Clinic proposal": "form",
        "Let's Connect/Directory problems": "problems",
        "Let's Connect/Groups": "groups",
        "Let's Connect/Learning clinics/Candidates": "clinics",
        "Let's Connect/Matches": "matches",
        "Let's Connect/Matches/By person/A": "people",
        "Let's Connect/Matches/By person/B": "people",
        "Let's Connect/Matches/By person/C": "people",
        "Let's Connect/Skills/Proposal writing": "skill",
        "Let's Connect/Skills/Video editing": "skill",
        "Let's Connect/Skills/Volunteer retention": "skill",
        "Let's Connect/Statistics": "statistics",
        "User:WikisyncBot/Status": "status",
    }
    assert list(pages) == sorted(pages)


def test_rendering_is_byte_identical_and_independent_of_input_order(
    render_input: RenderInput,
    taxonomy: Taxonomy,
    people: tuple[Person, ...],
    settings: PageSettings,
) -> None:
    first = desired_pages(render_input, RenderContext.build(settings, taxonomy, people))
    shuffled_result = MatchResult(
        suggestions=tuple(reversed(render_input.result.suggestions)),
        unmatched=tuple(reversed(render_input.result.unmatched)),
        groups=render_input.result.groups,
        clinics=render_input.result.clinics,
        figures=render_input.result.figures,
    )
    shuffled = dataclasses.replace(
        render_input,
        result=shuffled_result,
        problems=tuple(reversed(tuple(render_input.problems))),
        history=tuple(reversed(tuple(render_input.history))),
    )
    again = desired_pages(
        shuffled, RenderContext.build(settings, taxonomy, tuple(reversed(people)))
    )
    assert again == first


def test_skill_titles_fall_back_to_the_id_when_the_label_cannot_be_a_title(
    people: tuple[Person, ...],
) -> None:
    taxonomy = Taxonomy((Skill("a", "Same"), Skill("b", "Same"), Skill("c", "Bad [label]")))
    ctx = RenderContext.build(PageSettings(), taxonomy, people, messages_for("en"))
    assert ctx.skill_pages == {
        "a": "Let's Connect/Skills/Same",
        "b": "Let's Connect/Skills/b",
        "c": "Let's Connect/Skills/c",
    }


def test_names_count_people_who_are_not_listed(ctx: RenderContext) -> None:
    assert ctx.names(["Dana"]) == "one participant not listed publicly"
    assert ctx.names(["Dana", "Amara", "Ghost", "Amara"]) == (
        "[[User:Amara|Amara]], 2 more participants not listed publicly"
    )
    assert ctx.names([]) == "none"


def test_a_wikitable_puts_every_cell_on_its_own_line_and_an_empty_cell_as_a_bare_bar() -> None:
    from wikisync.render.blocks import wikitable

    assert wikitable(["A", "B"], [["x", "y"], ["", "z"]], sortable=False) == (
        '{| class="wikitable"\n|-\n! A\n! B\n|-\n| x\n| y\n|-\n|\n| z\n|}'
    )
    assert wikitable([], [[]]) == '{| class="wikitable sortable"\n|-\n|-\n|}'
