"""Readable text for the structured codes other stages produce.

Suggestion reasons, reasons for no match and directory problems carry stable codes with
arguments. Known codes are translated through messages; an unknown code, or a known one
with arguments it cannot use, is shown generically (the code and its arguments, escaped), so
a new code from the matcher or the normaliser never breaks a page.
"""

from __future__ import annotations

from collections.abc import Sequence

from wikisync.model import NATIVE, Problem, Reason
from wikisync.render.escape import Wikitext, escape
from wikisync.render.i18n import Messages

#: Reasons for a suggestion that take no arguments.
SIMPLE_REASONS: tuple[str, ...] = ("same-region", "different-region", "swap", "kept", "rare-skill")
#: Reasons for a suggestion that take one count.
COUNTED_REASONS: tuple[str, ...] = ("time-overlap", "waited")
#: Reasons for a suggestion, all of them.
REASON_CODES: tuple[str, ...] = ("common-language", *COUNTED_REASONS, *SIMPLE_REASONS)

#: Why a learn request got no suggestion.
UNMATCHED_CODES: tuple[str, ...] = (
    "no-sharer",
    "no-common-language",
    "sharers-full",
    "sharers-away",
    "excluded",
    "learner-away",
    "unknown-skill",
)

#: Directory problems with a translated explanation and fix.
PROBLEM_CODES: tuple[str, ...] = (
    "missing-username",
    "invalid-username",
    "unknown-account",
    "blocked-account",
    "inactive-account",
    "unknown-param",
    "duplicate-param",
    "unclosed-template",
    "unknown-skill",
    "ambiguous-skill",
    "unknown-language",
    "unknown-region",
    "unknown-timezone",
    "bad-capacity",
    "bad-status",
    "field-too-long",
    "control-characters",
    "duplicate-entry",
    "no-consent",
    "empty-required-field",
)

#: Longest argument shown in a generic rendering.
ARGUMENT_LIMIT = 120


def reason_text(reason: Reason, messages: Messages) -> Wikitext:
    """One reason for a suggestion as a short phrase."""
    if reason.code == "common-language" and reason.args:
        items = language_items(reason.args)
        return messages.msg("reason-common-language", messages.join(items), len(items))
    if reason.code in COUNTED_REASONS:
        count = _single_count(reason.args)
        if count is not None:
            return messages.msg(f"reason-{reason.code}", count)
    if reason.code in SIMPLE_REASONS:
        return messages.msg(f"reason-{reason.code}")
    return generic_text(reason.code, reason.args, messages)


def reasons_line(reasons: Sequence[Reason], messages: Messages) -> Wikitext:
    """All reasons of a suggestion on one line, in the order the matcher gave them."""
    separator = messages.msg("reason-separator")
    return Wikitext(separator.join(reason_text(reason, messages) for reason in reasons))


def unmatched_text(reason: Reason, messages: Messages) -> Wikitext:
    """Why a learn request has no suggestion, as a short sentence."""
    if reason.code in UNMATCHED_CODES:
        return messages.msg(f"unmatched-{reason.code}")
    return generic_text(reason.code, reason.args, messages)


def unmatched_line(reasons: Sequence[Reason], messages: Messages) -> Wikitext:
    """All reasons for a missing suggestion on one line (``unknown`` when none given)."""
    if not reasons:
        return messages.msg("unknown")
    separator = messages.msg("reason-separator")
    return Wikitext(separator.join(unmatched_text(reason, messages) for reason in reasons))


def problem_explanation(problem: Problem, messages: Messages) -> Wikitext:
    """What is wrong, in the content language."""
    if problem.code in PROBLEM_CODES:
        return messages.msg(f"problem-{problem.code}-explain")
    return generic_text(problem.code, (problem.message,) if problem.message else (), messages)


def problem_fix(problem: Problem, messages: Messages) -> Wikitext:
    """How an editor fixes it, with the nearest known values when the problem has hints."""
    known = problem.code in PROBLEM_CODES
    fix = messages.msg(f"problem-{problem.code}-fix" if known else "problem-generic-fix")
    if not problem.hints:
        return fix
    hints = messages.join([escape(hint, ARGUMENT_LIMIT) for hint in problem.hints])
    return Wikitext(f"{fix} {messages.msg('problem-hints', hints)}")


def generic_text(code: str, args: Sequence[str | int], messages: Messages) -> Wikitext:
    """An unknown code and its arguments, escaped: ``code`` or ``code: a, b``."""
    shown = escape(code, ARGUMENT_LIMIT)
    if not args:
        return messages.msg("generic-code", shown)
    values = messages.join([escape(str(arg), ARGUMENT_LIMIT) for arg in args])
    return messages.msg("generic-code-args", shown, values)


def language_items(args: Sequence[str | int]) -> list[Wikitext]:
    """Languages given as codes (``"fr"``, ``"fr-3"``) or as code-level pairs (``"fr", 3``),
    escaped, levels written Babel style (``fr-3``, ``fr-N``)."""
    items: list[Wikitext] = []
    index = 0
    while index < len(args):
        code = str(args[index])
        level = args[index + 1] if index + 1 < len(args) else None
        if isinstance(level, int) and not isinstance(args[index], int):
            items.append(escape(f"{code}-{_babel_level(level)}"))
            index += 2
        else:
            items.append(escape(code))
            index += 1
    return items


def _babel_level(level: int) -> str:
    """A Babel level as written on user pages (``N`` for native)."""
    return "N" if level == NATIVE else str(level)


def _single_count(args: Sequence[str | int]) -> int | None:
    """The one integer argument of a counted reason, or None when args do not fit."""
    if len(args) != 1:
        return None
    value = args[0]
    if isinstance(value, int):
        return value
    stripped = value.strip()
    return int(stripped) if stripped.isascii() and stripped.isdigit() else None
