"""Readable text for the structured codes other stages produce.

Suggestion reasons and reasons for no match come from :mod:`wikisync.matching.reasons`;
directory problems from :data:`wikisync.normalize.problems.SEVERITIES`, plus
``missing-source-page`` and ``outside-programme`` from the pipeline. Each known code is
translated through its messages; an unknown code, or a known one with arguments its
messages cannot use, is shown generically (the code and its arguments, escaped), so a new
code from the matcher or the normaliser never breaks a page.

A reason's arguments are checked against the forms its code accepts: a *count* (an ``int``,
or a string of digits), a *text* (a region name, a date; escaped and isolated on
right-to-left pages) or a *skill* (a skill id, shown as its label when a lookup is given).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Literal

from wikisync.model import Problem, Reason
from wikisync.render.escape import Wikitext, escape
from wikisync.render.formatting import language_name, language_with_level
from wikisync.render.i18n import MessageArg, Messages

ArgKind = Literal["count", "text", "skill"]
#: Per code: the message for each argument pattern the code accepts.
Forms = Mapping[str, Mapping[tuple[ArgKind, ...], str]]
#: The label of a skill id in the content language, unescaped.
SkillLabel = Callable[[str], str]

#: Reason for a suggestion whose arguments are languages (see :func:`language_items`).
COMMON_LANGUAGE = "common-language"

#: Reasons for a suggestion other than ``common-language``, in the order the matcher gives
#: them, with the message for each argument pattern.
REASON_FORMS: Forms = {
    "no-common-language": {(): "reason-no-common-language"},
    "time-overlap": {("count",): "reason-time-overlap"},
    "same-region": {("text",): "reason-same-region"},
    "different-region": {("text", "text"): "reason-different-region"},
    "rare-skill": {("count",): "reason-rare-skill"},
    "waited": {("count",): "reason-waited"},
    "accepted": {(): "reason-accepted"},
    "released": {("count",): "reason-released"},
    "kept": {(): "reason-kept"},
    "swap": {("skill",): "reason-swap"},
}
#: Reasons for a suggestion, all of them.
REASON_CODES: tuple[str, ...] = (COMMON_LANGUAGE, *REASON_FORMS)
#: Reasons for a suggestion that take no arguments.
SIMPLE_REASONS: tuple[str, ...] = tuple(
    code for code, forms in REASON_FORMS.items() if set(forms) == {()}
)
#: Reasons for a suggestion that take one count.
COUNTED_REASONS: tuple[str, ...] = tuple(
    code for code, forms in REASON_FORMS.items() if set(forms) == {("count",)}
)

#: Reasons about history rather than fit: they change from run to run (a suggestion is
#: "kept" only from its second run on, a wait grows every day), so showing them would edit
#: the page on every run with nothing new to say. They still weigh in the score.
HISTORY_REASONS: frozenset[str] = frozenset({"kept", "waited"})

#: Why a learn request got no suggestion, in the order the matcher checks them, with the
#: message for each argument pattern. The unknown skill itself is shown in its own column.
UNMATCHED_FORMS: Forms = {
    "unknown-skill": {(): "unmatched-unknown-skill", ("text",): "unmatched-unknown-skill"},
    "learner-away": {(): "unmatched-learner-away", ("text",): "unmatched-learner-away-until"},
    "learner-inactive": {(): "unmatched-learner-inactive"},
    "learner-account-missing": {(): "unmatched-learner-account-missing"},
    "learner-account-blocked": {(): "unmatched-learner-account-blocked"},
    "learner-account-dormant": {(): "unmatched-learner-account-dormant"},
    "no-sharer": {(): "unmatched-no-sharer"},
    "sharers-away": {("count",): "unmatched-sharers-away"},
    "no-common-language": {("count",): "unmatched-no-common-language"},
    "excluded": {("count",): "unmatched-excluded"},
    "sharers-full": {("count",): "unmatched-sharers-full"},
    "waited": {("count",): "unmatched-waited"},
}
#: Why a learn request got no suggestion, all of them.
UNMATCHED_CODES: tuple[str, ...] = tuple(UNMATCHED_FORMS)

#: Directory problems with a translated explanation and fix: every code the normaliser
#: registers, then the pipeline's.
PROBLEM_CODES: tuple[str, ...] = (
    "unknown-parameter",
    "unnamed-parameter",
    "duplicate-parameter",
    "unclosed-template",
    "missing-field",
    "duplicate-skill",
    "duplicate-skill-name",
    "invalid-skill-id",
    "unknown-feedback-status",
    "feedback-not-theirs",
    "invalid-json",
    "json-bad-value",
    "table-no-username-column",
    "table-bad-row",
    "missing-username",
    "invalid-username",
    "mixed-script-username",
    "unknown-skill",
    "ambiguous-skill",
    "unknown-language",
    "invalid-language-level",
    "unknown-region",
    "unknown-timezone",
    "invalid-capacity",
    "capacity-too-high",
    "unknown-status",
    "invalid-date",
    "away-expired",
    "invalid-boolean",
    "value-too-long",
    "hidden-characters",
    "hidden-username-characters",
    "no-consent",
    "duplicate-entry",
    "csv-invalid-encoding",
    "csv-no-username-column",
    "csv-bad-row",
    "csv-private-value",
    "csv-unmapped-column",
    "csv-unknown-role",
    "private-value",
    "account-missing",
    "account-blocked",
    "account-inactive",
    "title-username",
    "babel-unassigned",
    "table-no-header",
    "table-unknown-column",
    "table-row-cells",
    "invalid-url",
    "unknown-resource-kind",
    "invalid-record-date",
    "duplicate-organisation",
    "invalid-organisation-capacity",
    "contact-not-member",
    "member-not-account",
    "member-affiliation-mismatch",
    "affiliation-not-listed",
    "unknown-organisation",
    "unknown-measure",
    "invalid-target",
    "invalid-period",
    "duplicate-indicator",
    "unknown-objective",
    "unknown-indicator",
    "shop-talk-feedback-not-theirs",
    "missing-source-page",
    "outside-programme",
)

#: Problems whose hints are not guesses at the intended value, with the message that
#: introduces them (the others use ``problem-hints``: "Did you mean …?").
HINT_MESSAGES: Mapping[str, str] = {
    "duplicate-entry": "problem-duplicate-entry-hint",
    "duplicate-skill-name": "problem-duplicate-skill-name-hint",
    "duplicate-organisation": "problem-duplicate-organisation-hint",
    "member-affiliation-mismatch": "problem-member-affiliation-mismatch-hint",
    "affiliation-not-listed": "problem-affiliation-not-listed-hint",
}

#: Longest argument shown in a generic rendering or as a text argument.
ARGUMENT_LIMIT = 120


def reason_text(
    reason: Reason, messages: Messages, skill_label: SkillLabel | None = None
) -> Wikitext:
    """One reason for a suggestion as a short phrase; ``skill_label`` names swapped skills
    (without it they are shown by id)."""
    if reason.code == COMMON_LANGUAGE and reason.args:
        items = language_items(reason.args, messages)
        return messages.msg("reason-common-language", messages.join(items), len(items))
    text = coded_text(REASON_FORMS, reason, messages, skill_label)
    return text if text is not None else generic_text(reason.code, reason.args, messages)


def reasons_line(
    reasons: Sequence[Reason], messages: Messages, skill_label: SkillLabel | None = None
) -> Wikitext:
    """The reasons a suggestion fits, on one line, in the order the matcher gave them."""
    separator = messages.msg("reason-separator")
    shown = (reason for reason in reasons if reason.code not in HISTORY_REASONS)
    return Wikitext(separator.join(reason_text(reason, messages, skill_label) for reason in shown))


def unmatched_text(reason: Reason, messages: Messages) -> Wikitext:
    """Why a learn request has no suggestion, as a short sentence."""
    text = coded_text(UNMATCHED_FORMS, reason, messages)
    return text if text is not None else generic_text(reason.code, reason.args, messages)


def unmatched_line(reasons: Sequence[Reason], messages: Messages) -> Wikitext:
    """The reasons for a missing suggestion on one line (``unknown`` when none given).

    History reasons are left out for the same reason as on suggestion lines: a wait that
    grows every day would edit the page on every run.
    """
    shown = [reason for reason in reasons if reason.code not in HISTORY_REASONS]
    if not shown:
        return messages.msg("unknown")
    separator = messages.msg("reason-separator")
    return Wikitext(separator.join(unmatched_text(reason, messages) for reason in shown))


def coded_text(
    forms: Forms, reason: Reason, messages: Messages, skill_label: SkillLabel | None = None
) -> Wikitext | None:
    """The message of ``reason`` among ``forms``, or None when its code is unknown or its
    arguments fit none of the code's patterns."""
    for kinds, key in forms.get(reason.code, {}).items():
        arguments = _message_arguments(kinds, reason.args, messages, skill_label)
        if arguments is not None:
            return messages.msg(key, *arguments)
    return None


def _message_arguments(
    kinds: Sequence[ArgKind],
    args: Sequence[str | int],
    messages: Messages,
    skill_label: SkillLabel | None = None,
) -> list[MessageArg] | None:
    """``args`` ready for a message expecting ``kinds``, or None when they do not fit."""
    if len(kinds) != len(args):
        return None
    ready: list[MessageArg] = []
    for kind, arg in zip(kinds, args, strict=True):
        value = _count(arg) if kind == "count" else _name(arg, kind, messages, skill_label)
        if value is None:
            return None
        ready.append(value)
    return ready


def problem_explanation(problem: Problem, messages: Messages) -> Wikitext:
    """What is wrong, in the content language."""
    if problem.code in PROBLEM_CODES:
        return messages.msg(f"problem-{problem.code}-explain")
    return generic_text(problem.code, (problem.message,) if problem.message else (), messages)


def problem_fix(problem: Problem, messages: Messages) -> Wikitext:
    """How an editor fixes it, followed by the problem's hints (the nearest known values,
    or for a duplicate entry the page it was merged into)."""
    known = problem.code in PROBLEM_CODES
    fix = messages.msg(f"problem-{problem.code}-fix" if known else "problem-generic-fix")
    if not problem.hints:
        return fix
    hints = messages.join([escape(hint, ARGUMENT_LIMIT) for hint in problem.hints])
    introduction = HINT_MESSAGES.get(problem.code, "problem-hints")
    return Wikitext(f"{fix} {messages.msg(introduction, hints)}")


def generic_text(code: str, args: Sequence[str | int], messages: Messages) -> Wikitext:
    """An unknown code and its arguments, escaped: ``code`` or ``code: a, b``."""
    shown = escape(code, ARGUMENT_LIMIT)
    if not args:
        return messages.msg("generic-code", shown)
    values = messages.join([escape(str(arg), ARGUMENT_LIMIT) for arg in args])
    return messages.msg("generic-code-args", shown, values)


def language_items(args: Sequence[str | int], messages: Messages) -> list[Wikitext]:
    """Languages given as codes (``"fr"``) or as code-level pairs (``"fr", 3``), by name
    in the page's language, levels in words: "French (advanced)"."""
    items: list[Wikitext] = []
    index = 0
    while index < len(args):
        code = str(args[index])
        level = args[index + 1] if index + 1 < len(args) else None
        if isinstance(level, int) and not isinstance(args[index], int):
            items.append(language_with_level(code, level, messages))
            index += 2
        else:
            items.append(language_name(code, messages))
            index += 1
    return items


def _count(value: str | int) -> int | None:
    """A count argument as an integer, or None when it is not a whole number."""
    if isinstance(value, int):
        return value
    stripped = value.strip()
    return int(stripped) if stripped.isascii() and stripped.isdigit() else None


def _name(
    value: str | int, kind: ArgKind, messages: Messages, skill_label: SkillLabel | None
) -> Wikitext | None:
    """A text or skill argument escaped and isolated, or None when it is not a text."""
    if not isinstance(value, str) or not value.strip():
        return None
    shown = skill_label(value) if kind == "skill" and skill_label is not None else value
    return messages.isolate(escape(shown, ARGUMENT_LIMIT))
