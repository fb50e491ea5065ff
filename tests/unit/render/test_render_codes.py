"""Every code the other stages produce renders through its own message, in every language.

The codes come from their registries, not from the renderer: problem codes from
``wikisync.normalize.problems.SEVERITIES`` (plus the pipeline's ``missing-source-page``
and ``outside-programme``), reason codes and their arguments from the tables in
``wikisync.matching.reasons``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pytest

from wikisync.matching import reasons as matching_reasons
from wikisync.model import Problem, Reason, Severity
from wikisync.normalize.problems import SEVERITIES
from wikisync.render.i18n import SUPPORTED_LANGUAGES, Messages, load_catalogue, messages_for
from wikisync.render.reasons import (
    COMMON_LANGUAGE,
    HINT_MESSAGES,
    PROBLEM_CODES,
    REASON_CODES,
    REASON_FORMS,
    UNMATCHED_CODES,
    UNMATCHED_FORMS,
    generic_text,
    problem_explanation,
    problem_fix,
    reason_text,
    reasons_line,
    unmatched_line,
    unmatched_text,
)

PIPELINE_PROBLEMS = ("missing-source-page", "outside-programme")
REGISTERED_PROBLEMS = (*SEVERITIES, *PIPELINE_PROBLEMS)

#: A value for each argument named in the matcher's tables.
SAMPLE_ARGS: dict[str, str | int] = {
    "code": "fr",
    "level": 3,
    "hours": 5,
    "region": "Europe",
    "learner's": "Europe",
    "sharer's": "South Asia",
    "sharers": 3,
    "days": 12,
    "skill": "video-editing",
    "until": "2026-12-31",
}
#: Arguments whose value the rendered text must show (the skill of a swap as its label).
SHOWN_ARGS = frozenset({"region", "learner's", "sharer's", "until"})
SKILL_LABEL = "Video editing"

_RULE = re.compile(r"^=+(\s+=+)+$")
_ROW = re.compile(r"^(?P<code>[a-z][a-z-]*)\s{2,}(?P<args>\(.*?\)(?: or \(.*?\))*)\s{2,}")


@dataclass(frozen=True)
class DocumentedReason:
    """A row of a reason table: the code and each argument list it may come with."""

    code: str
    forms: tuple[tuple[str, ...], ...]


def _tables(doc: str) -> list[list[DocumentedReason]]:
    """The rows of each reStructuredText simple table in ``doc`` (three rules per table)."""
    tables: list[list[DocumentedReason]] = []
    rules = 0
    for line in (line.strip() for line in doc.splitlines()):
        if _RULE.match(line):
            rules += 1
            if rules % 3 == 1:
                tables.append([])
            continue
        row = _ROW.match(line)
        if rules % 3 == 2 and row is not None:
            forms = tuple(
                tuple(name.strip() for name in group.split(",") if name.strip())
                for group in re.findall(r"\(([^()]*)\)", row["args"])
            )
            tables[-1].append(DocumentedReason(row["code"], forms))
    return tables


SUGGESTION_TABLE, FIRST_UNMATCHED_TABLE = _tables(matching_reasons.__doc__ or "")
#: ``waited`` follows the first reason for no match; its arguments are in the first table.
FOLLOWING_UNMATCHED = tuple(row for row in SUGGESTION_TABLE if row.code == "waited")
UNMATCHED_TABLE = [*FIRST_UNMATCHED_TABLE, *FOLLOWING_UNMATCHED]


def _sample(names: Sequence[str]) -> tuple[str | int, ...]:
    return tuple(SAMPLE_ARGS[name] for name in names)


def _cases(table: list[DocumentedReason]) -> list[tuple[str, tuple[str, ...]]]:
    return [(row.code, names) for row in table for names in row.forms]


def _case_id(case: tuple[str, tuple[str, ...]]) -> str:
    return f"{case[0]}({', '.join(case[1])})"


def _key_echo(lang: str) -> Messages:
    """Messages whose every text is its own key, so a rendering names the message it used."""
    keys = {key: key for key in load_catalogue(lang)}
    return Messages(lang, keys, keys)


def _skill_label(skill_id: str) -> str:
    assert skill_id == SAMPLE_ARGS["skill"]
    return SKILL_LABEL


def test_the_matcher_tables_list_every_code_it_defines() -> None:
    defined = {
        value
        for name, value in vars(matching_reasons).items()
        if name.isupper() and isinstance(value, str)
    }
    documented = {row.code for row in (*SUGGESTION_TABLE, *UNMATCHED_TABLE)}
    assert documented == defined
    unnamed = {
        name
        for row in (*SUGGESTION_TABLE, *UNMATCHED_TABLE)
        for names in row.forms
        for name in names
        if name not in SAMPLE_ARGS
    }
    assert unnamed == set()


def test_the_matcher_documents_waited_after_the_reason_for_no_match() -> None:
    assert "then ``waited``" in " ".join((matching_reasons.__doc__ or "").split())
    assert FOLLOWING_UNMATCHED


def test_renderer_code_lists_are_exactly_the_registries() -> None:
    assert list(REASON_CODES) == [row.code for row in SUGGESTION_TABLE]
    assert list(UNMATCHED_CODES) == [row.code for row in UNMATCHED_TABLE]
    assert sorted(PROBLEM_CODES) == sorted(REGISTERED_PROBLEMS)
    assert len(set(PROBLEM_CODES)) == len(PROBLEM_CODES)


@pytest.mark.parametrize("case", _cases(SUGGESTION_TABLE), ids=_case_id)
@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_every_suggestion_reason_uses_its_own_message(
    lang: str, case: tuple[str, tuple[str, ...]]
) -> None:
    code, names = case
    reason = Reason(code, _sample(names))
    assert reason_text(reason, _key_echo(lang), _skill_label) == f"reason-{code}"
    messages = messages_for(lang)
    text = reason_text(reason, messages, _skill_label)
    assert text != generic_text(code, reason.args, messages)
    assert "$" not in text and "PLURAL" not in text
    for name in names:
        if name in SHOWN_ARGS:
            assert str(SAMPLE_ARGS[name]) in text
    if "skill" in names:
        assert SKILL_LABEL in text


@pytest.mark.parametrize("case", _cases(UNMATCHED_TABLE), ids=_case_id)
@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_every_unmatched_reason_uses_its_own_message(
    lang: str, case: tuple[str, tuple[str, ...]]
) -> None:
    code, names = case
    reason = Reason(code, _sample(names))
    used = unmatched_text(reason, _key_echo(lang))
    assert used in UNMATCHED_FORMS[code].values()
    assert used.startswith(f"unmatched-{code}")
    messages = messages_for(lang)
    text = unmatched_text(reason, messages)
    assert text != generic_text(code, reason.args, messages)
    assert "$" not in text and "PLURAL" not in text
    for name in names:
        if name in SHOWN_ARGS:
            assert str(SAMPLE_ARGS[name]) in text


@pytest.mark.parametrize("code", REGISTERED_PROBLEMS)
@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_every_problem_code_has_its_own_explanation_and_fix(lang: str, code: str) -> None:
    problem = Problem(code, SEVERITIES.get(code, Severity.ERROR), "English detail", field="f")
    echo = _key_echo(lang)
    assert problem_explanation(problem, echo) == f"problem-{code}-explain"
    assert problem_fix(problem, echo) == f"problem-{code}-fix"
    messages = messages_for(lang)
    assert problem_explanation(problem, messages) != generic_text(
        code, ("English detail",), messages
    )
    assert problem_fix(problem, messages) != messages.msg("problem-generic-fix")


def test_no_message_is_left_for_a_code_nobody_produces() -> None:
    reachable = {f"reason-{COMMON_LANGUAGE}", "reason-separator"}
    reachable |= {
        key
        for forms in (REASON_FORMS, UNMATCHED_FORMS)
        for f in forms.values()
        for key in f.values()
    }
    reachable |= {f"problem-{code}-{part}" for code in PROBLEM_CODES for part in ("explain", "fix")}
    reachable |= {"problem-hints", "problem-generic-fix", *HINT_MESSAGES.values()}
    coded = {
        key for key in load_catalogue("en") if key.startswith(("reason-", "unmatched-", "problem-"))
    }
    assert coded == reachable


def test_counts_choose_their_plural_form() -> None:
    messages = messages_for("en")
    assert reason_text(Reason("rare-skill", (1,)), messages) == "Only 1 person shares this skill"
    assert reason_text(Reason("rare-skill", ("4",)), messages) == "Only 4 people share this skill"
    assert (
        unmatched_text(Reason("sharers-away", (1,)), messages)
        == "The one person who shares it is away or inactive"
    )


def test_arguments_that_do_not_fit_render_generically() -> None:
    messages = messages_for("en")
    assert reason_text(Reason("same-region"), messages) == "same-region"
    assert reason_text(Reason("rare-skill", ("few",)), messages) == "rare-skill: few"
    assert unmatched_text(Reason("sharers-full", ("x", "y")), messages) == "sharers-full: x, y"
    assert unmatched_text(Reason("learner-away", (3,)), messages) == "learner-away: 3"


def test_text_arguments_are_escaped_and_isolated_on_right_to_left_pages() -> None:
    hostile = Reason("same-region", ("[[Category:X]]",))
    assert reason_text(hostile, messages_for("en")) == (
        "Same region: &#91;&#91;Category:X&#93;&#93;"
    )
    assert "<bdi>Europe</bdi>" in reason_text(
        Reason("same-region", ("Europe",)), messages_for("ar")
    )


def test_swapped_skill_is_named_by_label_when_a_lookup_is_given() -> None:
    messages = messages_for("en")
    swap = Reason("swap", ("video-editing",))
    assert reason_text(swap, messages) == (
        "Can swap skills: the learner can share video-editing in return"
    )
    assert reasons_line((swap,), messages, _skill_label) == (
        "Can swap skills: the learner can share Video editing in return"
    )


def test_unmatched_line_leaves_out_the_growing_wait() -> None:
    messages = messages_for("en")
    reasons = (Reason("no-sharer"), Reason("waited", (30,)))
    assert unmatched_line(reasons, messages) == "Nobody shares this skill yet"
    assert unmatched_line((Reason("waited", (30,)),), messages) == "unknown"


def test_learner_away_names_the_return_date_when_known() -> None:
    messages = messages_for("en")
    assert unmatched_text(Reason("learner-away"), messages) == "The learner is away"
    assert (
        unmatched_text(Reason("learner-away", ("2026-12-31",)), messages)
        == "The learner is away until 2026-12-31"
    )


def test_duplicate_entry_hint_names_the_page_merged_into_escaped() -> None:
    problem = Problem(
        "duplicate-entry", Severity.INFO, "m", username="A", hints=("Directory/[[B]]",)
    )
    assert problem_fix(problem, messages_for("en")) == (
        "Keep one entry for this person and remove the others. "
        "Merged into the entry on Directory/&#91;&#91;B&#93;&#93;."
    )


def test_guess_hints_keep_the_did_you_mean_form() -> None:
    problem = Problem(
        "unknown-timezone", Severity.WARNING, "m", value="Afrika/Accra", hints=("Africa/Accra",)
    )
    assert problem_fix(problem, messages_for("en")) == (
        "Use an IANA time zone such as Africa/Accra, or an offset such as UTC+03:00. "
        "Did you mean: Africa/Accra?"
    )


@pytest.mark.parametrize("lang", [lang for lang in SUPPORTED_LANGUAGES if lang != "en"])
def test_every_coded_message_is_translated(lang: str) -> None:
    english, catalogue = load_catalogue("en"), load_catalogue(lang)
    untranslated = [
        key
        for key, text in english.items()
        if key.startswith(("reason-", "unmatched-", "problem-"))
        and key != "reason-separator"
        and catalogue[key] in ("", text)
    ]
    assert untranslated == []
