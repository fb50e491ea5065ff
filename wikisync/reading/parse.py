"""Reading entries, skills and feedback templates from page wikitext, tolerantly.

Template names match in any case and spacing, with or without ``Template:``; parameter
names match in any case and spacing, through the aliases of the programme settings. What
editors get wrong is reported as problems and never stops the read: unknown or unnamed
parameters, repeated parameters (the last wins, as in MediaWiki), a template left unclosed
(its parameters are recovered), empty required fields. Parsing cost stays bounded on
hostile input (see :mod:`wikisync.normalize.markup`).

Pages are read through mwparserfromhell, except pages plain enough for a direct scan (see
:func:`scan_calls`): there the templates are split at ``|``, ``=`` and ``}}`` directly,
which gives the same parameters many times faster.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

import mwparserfromhell
from mwparserfromhell.nodes import Comment, Node, Template, Text
from mwparserfromhell.wikicode import Wikicode

from wikisync.model import (
    EntryKind,
    Feedback,
    Problem,
    RawEntry,
    RawRecord,
    RecordKind,
    Skill,
    SourceRef,
    Taxonomy,
)
from wikisync.normalize.caching import cache_short
from wikisync.normalize.entry import has_consent
from wikisync.normalize.hidden import visible_text
from wikisync.normalize.keys import fold
from wikisync.normalize.markup import defuse, plain_text, restore, template_key
from wikisync.normalize.problems import Issue, located, problem
from wikisync.normalize.skills import NameClash, SkillIndex, SkillNames, category_key
from wikisync.normalize.text import clean_text, single_line
from wikisync.normalize.typos import close_matches
from wikisync.normalize.usernames import username_from_wikitext
from wikisync.settings.programme import Templates, parameter_key

_SHOWN_VALUE = 60
_SKILL_ID = re.compile(r"[\w][\w.-]*")
_LABEL_PARAMETER = re.compile(r"label[ _-]+(?P<lang>[a-z]{2,3}(?:[-_][a-z]{2,4})?)")
_LINK_WITH_NAMESPACE = re.compile(r"\[\[\s*:?(?P<target>[^\[\]|:]+:[^\[\]|]+)(?:\|[^\[\]]*)?\]\]")
_SKILL_PARAMETERS = {
    "id": "id",
    "label": "label",
    "aliases": "aliases",
    "alias": "aliases",
    "area": "area",
    "resources": "resources",
    "resource": "resources",
    "description": "description",
    **dict.fromkeys(("share category", "share categories"), "share_category"),
    **dict.fromkeys(("learn category", "learn categories"), "learn_category"),
}
_FEEDBACK_PARAMETERS = {
    "learner": "learner",
    "mentee": "learner",
    "sharer": "sharer",
    "mentor": "sharer",
    "skill": "skill",
    "status": "status",
    **dict.fromkeys(("asking", "asking organisation", "asking organization"), "asking"),
    **dict.fromkeys(
        ("offering", "offering organisation", "offering organization", "host"), "offering"
    ),
}
#: The fields that make a feedback line one about a shop-talk session.
ORGANISATION_FEEDBACK_FIELDS = ("asking", "offering")
_FEEDBACK_STATUSES = {
    **dict.fromkeys(("met", "done", "completed", "happened"), "met"),
    **dict.fromkeys(("declined", "decline", "refused", "rejected", "no"), "declined"),
    **dict.fromkeys(("accepted", "accept", "agreed"), "accepted"),
    **dict.fromkeys(("contacted", "in touch"), "contacted"),
    **dict.fromkeys(("scheduled", "planned"), "scheduled"),
    **dict.fromkeys(("no response", "no reply", "unresponsive"), "no-response"),
    **dict.fromkeys(("proposed", "pending", "suggested"), "proposed"),
}


@dataclass(frozen=True, slots=True)
class FoundTemplate:
    """A template of the wanted name, where it starts, and whether it had to be recovered."""

    template: Template
    offset: int
    recovered: bool = False


@dataclass(frozen=True, slots=True)
class Param:
    """One template parameter as written: named (``name = value``) or positional."""

    named: bool
    name: str
    value: str


@dataclass(frozen=True, slots=True)
class TemplateCall:
    """A template of the wanted name: where it starts, whether recovered, its parameters.

    Names are without comments; names and values keep their spacing, and any character
    :func:`~wikisync.normalize.markup.defuse` neutralised is restored.
    """

    offset: int
    recovered: bool
    params: tuple[Param, ...]


@dataclass(frozen=True, slots=True)
class _Params:
    values: dict[str, str]
    unknown: tuple[str, ...]
    issues: list[tuple[Issue, str | None]]


def parse_entries(
    text: str,
    page: str,
    revision: int,
    kind: EntryKind,
    settings: Templates,
    template: str = "",
    positional: tuple[str, ...] = (),
) -> tuple[list[RawEntry], list[Problem]]:
    """The directory or registration entries on a page, in page order, with problems.

    ``template`` replaces the programme's template name; ``positional`` names the fields
    that unnamed parameters give, in order (further unnamed values are reported).
    Problems of a registration without ``consent = yes`` carry neither its username nor
    any value: such a registration must not be published, not even on a problems page.
    """
    if kind is EntryKind.CSV:
        raise ValueError("CSV rows are read by wikisync.reading.records.read_registration_csv")
    name = template or (settings.entry if kind is EntryKind.DIRECTORY else settings.registration)
    aliases = alias_table(settings)
    entries: list[RawEntry] = []
    problems: list[Problem] = []
    for source, found in _located(text, page, revision, name):
        params = _read_params(
            found.params, aliases.get, _field_hints(aliases), settings.ignored, positional
        )
        entry = RawEntry(kind, params.values, source, params.unknown)
        public = has_consent(entry)
        username = _username_for_problems(params.values.get("username", "")) if public else None
        if found.recovered:
            problems.append(_unclosed(name, source, username))
        problems.extend(
            located(issue, source, username, field, show_value=public)
            for issue, field in params.issues
        )
        entries.append(entry)
    return entries, problems


def find_templates(code: Wikicode, text: str, name: str) -> list[FoundTemplate]:
    """Templates named ``name`` in ``code`` (parsed from ``text``), in page order.

    Templates nested in other templates or tags are found too. A template left unclosed is
    recovered from the text up to the next such template (or the end of the page) and
    marked ``recovered``.
    """
    key = template_key(name)
    found: list[FoundTemplate] = []
    unclosed: list[int] = []
    offset = 0
    for node in code.nodes:
        written = str(node)
        if isinstance(node, Text):
            unclosed.extend(offset + start for start in _openings(written, name))
        elif "{{" in written and not isinstance(node, Comment):
            found.extend(_closed_in(node, key, text, offset))
        offset += len(written)
    found.extend(_recovered(text, name, unclosed, [item.offset for item in found]))
    return sorted(found, key=lambda item: item.offset)


def _closed_in(node: Node, key: str, text: str, offset: int) -> Iterator[FoundTemplate]:
    wrapper = mwparserfromhell.parse("")
    wrapper.append(node)
    cursor = offset
    for template in wrapper.ifilter_templates(recursive=True):
        if template_key(str(template.name)) != key:
            continue
        position = text.find(str(template), cursor)
        start = position if position >= 0 else cursor
        cursor = start + 1
        yield FoundTemplate(template, start)


@lru_cache(maxsize=64)
def _opening_pattern(name: str) -> re.Pattern[str]:
    words = r"[\s_]+".join(re.escape(word) for word in name.split())
    namespace = r"(?:template\s*:\s*)?"
    return re.compile(r"[{\ufdd0]{2}\s*" + namespace + words + r"\s*(?=[|}]|$)", re.IGNORECASE)


def _openings(text: str, name: str) -> list[int]:
    return [match.start() for match in _opening_pattern(name).finditer(text)]


def _recovered(
    text: str, name: str, unclosed: list[int], closed: list[int]
) -> Iterator[FoundTemplate]:
    starts = sorted(set(unclosed) | set(closed))
    for start in unclosed:
        following = bisect.bisect_right(starts, start)
        end = starts[following] if following < len(starts) else len(text)
        segment = "{{" + text[start + 2 : end].rstrip() + "\n}}"
        templates = mwparserfromhell.parse(segment).filter_templates(recursive=False)
        if templates and template_key(str(templates[0].name)) == template_key(name):
            yield FoundTemplate(templates[0], start, recovered=True)


def _located(
    text: str, page: str, revision: int, name: str
) -> Iterator[tuple[SourceRef, TemplateCall]]:
    """The calls of ``name`` that the page shows, each with where it stands on the page.

    What MediaWiki hides from the page's own view (comments, ``<includeonly>``, ``<nowiki>``
    content …) is blanked first, keeping offsets and line numbers.
    """
    text = visible_text(text)
    found = scan_calls(text, name)
    defused = text
    if found is None:
        defused = defuse(text)
        found = tree_calls(defused, name)
    line, counted = 1, 0
    for index, item in enumerate(found):
        line += defused.count("\n", counted, item.offset)
        counted = item.offset
        yield SourceRef(page, revision, index, line), item


def tree_calls(defused: str, name: str) -> list[TemplateCall]:
    """Templates named ``name`` in ``defused`` text, as mwparserfromhell reads them."""
    found = find_templates(mwparserfromhell.parse(defused), defused, name)
    return [TemplateCall(item.offset, item.recovered, _params_of(item.template)) for item in found]


def _params_of(template: Template) -> tuple[Param, ...]:
    return tuple(
        Param(True, restore(_without_comments(param.name)), restore(str(param.value)))
        if param.showkey
        else Param(False, "", restore(str(param.value)))
        for param in template.params
    )


#: Anything that could make mwparserfromhell split a page differently from a plain scan,
#: or make :func:`~wikisync.normalize.markup.defuse` change the text.
_UNUSUAL = re.compile(r"[<\ufdd0-\ufdd2]")
_CALL = re.compile(r"\{\{([^{}]*)\}\}")
_UNUSUAL_IN_CALL = re.compile(r"[\[\]]|''|\n=|\n\|\Z")
_CLOSED_BRACKETS = re.compile(r"\[\[[^\[\]]*\]\]|\[[^\[\]]*\]")
_SCANNABLE_NAME = re.compile(r"[\w .,'()/-]+")


def scan_calls(text: str, name: str) -> list[TemplateCall] | None:
    """Templates named ``name`` found by a direct scan, or None when the page is unusual.

    The scan accepts only pages whose every ``{{`` opens a closed template of that name
    with no markup inside (no nested template, link, tag, comment, ``''`` or brace), and
    whose text between templates has no brace, tag or comment and only closed links; no
    character on such a page is neutralised by
    :func:`~wikisync.normalize.markup.defuse`, and mwparserfromhell reads it the same way.
    Anything else returns None: read it with :func:`tree_calls`.
    """
    if not _SCANNABLE_NAME.fullmatch(name) or _UNUSUAL.search(text):
        return None
    key = template_key(name)
    calls: list[TemplateCall] = []
    position = 0
    for match in _CALL.finditer(text):
        call = _scanned_call(match.group(1), match.start(), key)
        if call is None or not _inert(text[position : match.start()]):
            return None
        calls.append(call)
        position = match.end()
    if not _inert(text[position:]):
        return None
    return calls


def _scanned_call(inner: str, offset: int, key: str) -> TemplateCall | None:
    if _UNUSUAL_IN_CALL.search(inner):
        return None
    written_name, *parts = inner.split("|")
    if not _is_call_of(written_name, key):
        return None
    params = []
    for part in parts:
        param_name, equals, value = part.partition("=")
        params.append(Param(True, param_name, value) if equals else Param(False, "", part))
    return TemplateCall(offset, False, tuple(params))


@cache_short
def _is_call_of(written_name: str, key: str) -> bool:
    """Whether a name written between ``{{`` and ``|`` is a valid name that matches ``key``."""
    return "\n" not in written_name.strip() and template_key(written_name) == key


def _inert(gap: str) -> bool:
    """Whether text between templates has no brace and no bracket outside a closed link."""
    if "{" in gap or "}" in gap:
        return False
    if "[" not in gap and "]" not in gap:
        return True
    rest = _CLOSED_BRACKETS.sub("", gap)
    return "[" not in rest and "]" not in rest


def _unclosed(name: str, source: SourceRef, username: str | None = None) -> Problem:
    message = f"the {{{{{name}}}}} template is not closed with }}}}"
    return problem("unclosed-template", message, source, username=username)


_parameter_key = cache_short(parameter_key)


@lru_cache(maxsize=16)
def alias_table(settings: Templates) -> dict[str, str]:
    """Every accepted parameter name (as :func:`parameter_key` folds it) -> its field."""
    return {
        parameter_key(alias): field_name
        for field_name, names in settings.fields
        for alias in names.all_names()
    }


def _field_hints(aliases: dict[str, str]) -> Callable[[str], tuple[str, ...]]:
    def hints(key: str) -> tuple[str, ...]:
        """Fields the unknown parameter ``key`` is probably a misspelling of."""
        matches = close_matches(key, aliases)
        return tuple(dict.fromkeys(aliases[match] for match in matches))

    return hints


def _read_params(
    written_params: Sequence[Param],
    field_of: Callable[[str], str | None],
    hints: Callable[[str], tuple[str, ...]],
    ignored: frozenset[str] = frozenset(),
    positional: tuple[str, ...] = (),
) -> _Params:
    values: dict[str, str] = {}
    unknown: list[str] = []
    issues: list[tuple[Issue, str | None]] = []
    unnamed = iter(positional)
    for param in written_params:
        value = param.value.strip()
        if not param.named:
            field_name = next(unnamed, None)
            if field_name is not None:
                if field_name in values:
                    message = f'"{field_name}" is given more than once; the last value is used'
                    issues.append((Issue("duplicate-parameter", message, field_name), field_name))
                values[field_name] = value
            elif value:
                shown = value[:_SHOWN_VALUE]
                message = "a value without a parameter name is ignored"
                issues.append((Issue("unnamed-parameter", message, shown), None))
            continue
        written = " ".join(param.name.split())
        key = _parameter_key(written)
        if key in ignored:
            continue
        field_name = field_of(key)
        if field_name is None:
            unknown.append(written)
            message = f'unknown parameter "{written}" is ignored'
            issue = Issue("unknown-parameter", message, written, hints(parameter_key(written)))
            issues.append((issue, written))
            continue
        if field_name in values:
            message = f'"{written}" is given more than once; the last value is used'
            issues.append((Issue("duplicate-parameter", message, written), field_name))
        values[field_name] = value
    return _Params(values, tuple(unknown), issues)


def template_calls(
    text: str,
    page: str,
    revision: int,
    name: str,
    parameter_of: Callable[[str], str | None],
    hints: Callable[[str], tuple[str, ...]] = lambda _: (),
) -> Iterator[tuple[SourceRef, dict[str, str], list[Problem]]]:
    """Each call of the template ``name`` on a page, in page order: where it stands, its
    values by field, and the problems of how it is written (not closed; unknown, unnamed
    or repeated parameters).

    ``parameter_of`` gives the field of a parameter name as :func:`parameter_key` folds it
    (None: unknown); ``hints`` the fields an unknown name probably misspells.
    """
    for source, found in _located(text, page, revision, name):
        problems = [_unclosed(name, source)] if found.recovered else []
        params = _read_params(found.params, parameter_of, hints)
        problems.extend(located(issue, source, None, field) for issue, field in params.issues)
        yield source, params.values, problems


def parameter_hints(names: Iterable[str]) -> Callable[[str], tuple[str, ...]]:
    """The ``hints`` of :func:`template_calls` for a template whose parameters are ``names``."""
    return _field_hints({parameter_key(name): name for name in names})


def _without_comments(code: Wikicode) -> str:
    return "".join(str(node) for node in code.nodes if not isinstance(node, Comment))


def _username_for_problems(wikitext: str) -> str | None:
    return username_from_wikitext(wikitext)[0] if wikitext else None


def parse_taxonomy(
    text: str, page: str, revision: int, settings: Templates
) -> tuple[Taxonomy, list[Problem]]:
    """The canonical skills defined by ``{{Skill}}`` templates on a page, in page order.

    A skill without an id or label, with an invalid id, or with an id already defined above
    is reported and left out (the first definition wins). A name (id, label, alias or
    translated label) that a skill above already has is reported once: the skill above keeps
    it, this skill keeps its other names; so is a share or learn category of a skill above.
    """
    skills: list[Skill] = []
    seen: set[str] = set()
    names = SkillNames()
    owners: dict[tuple[str, str], str] = {}
    problems: list[Problem] = []
    for source, values, written in template_calls(
        text, page, revision, settings.skill, _skill_parameter
    ):
        problems.extend(written)
        skill = _skill(values, source, problems)
        if skill is None:
            continue
        if skill.id in seen:
            message = f'skill id "{skill.id}" is defined twice; the first definition is used'
            problems.append(problem("duplicate-skill", message, source, field="id", value=skill.id))
            continue
        seen.add(skill.id)
        skills.append(skill)
        problems.extend(_name_clash(clash, source) for clash in names.claim(skill)[1])
        problems.extend(_name_clash(clash, source) for clash in _claim_categories(skill, owners))
    return Taxonomy(tuple(skills)), problems


def _claim_categories(skill: Skill, owners: dict[tuple[str, str], str]) -> list[NameClash]:
    """Claim the categories of ``skill`` on each side; one clash per category already taken."""
    clashes = []
    for field, names in (("share_category", skill.share_categories),
                         ("learn_category", skill.learn_categories)):  # fmt: skip
        for name in names:
            owner = owners.setdefault((field, category_key(name)), skill.id)
            if owner != skill.id:
                clashes.append(NameClash(name, field, skill.id, owner))
    return clashes


def _name_clash(clash: NameClash, source: SourceRef) -> Problem:
    """The problem of a skill giving a name that an earlier skill already has."""
    message = (
        f'"{clash.name}" is already a name of skill "{clash.kept_by}", '
        f'so it does not name skill "{clash.skill_id}"'
    )
    return problem(
        "duplicate-skill-name",
        message,
        source,
        field=clash.field,
        value=clash.name,
        hints=(clash.kept_by, clash.skill_id),
    )


def _skill_parameter(key: str) -> str | None:
    label = _LABEL_PARAMETER.fullmatch(key.replace(" ", "_"))
    if label is not None:
        return "label_" + label.group("lang").replace("_", "-")
    return _SKILL_PARAMETERS.get(key)


def _skill(values: dict[str, str], source: SourceRef, problems: list[Problem]) -> Skill | None:
    skill_id = _plain_line(values.get("id", "")).casefold()
    label = _plain_line(values.get("label", ""))
    for field_name, value in (("id", skill_id), ("label", label)):
        if not value:
            message = f"the skill has no {field_name}"
            problems.append(problem("missing-field", message, source, field=field_name))
            return None
    if not _SKILL_ID.fullmatch(skill_id):
        message = f'"{skill_id}" is not a valid skill id (letters, digits, - and . only)'
        problems.append(problem("invalid-skill-id", message, source, field="id", value=skill_id))
        return None
    return Skill(
        id=skill_id,
        label=label,
        aliases=tuple(_plain_items(values.get("aliases", ""))),
        area=_plain_line(values.get("area", "")),
        labels={
            name[len("label_") :]: _plain_line(value)
            for name, value in sorted(values.items())
            if name.startswith("label_") and _plain_line(value)
        },
        resources=tuple(_wikitext_items(values.get("resources", ""))),
        description=_plain_line(values.get("description", "")),
        share_categories=tuple(_category_items(values.get("share_category", ""))),
        learn_categories=tuple(_category_items(values.get("learn_category", ""))),
    )


def _plain_line(wikitext: str) -> str:
    return single_line(clean_text(plain_text(wikitext))[0])


def _plain_items(wikitext: str) -> list[str]:
    cleaned = clean_text(plain_text(wikitext))[0]
    return [item.strip() for item in re.split(r"[;\n]", cleaned) if item.strip()]


def _category_items(wikitext: str) -> list[str]:
    """Category names of a list: written plain or as links (the link target, not its label)."""
    return _plain_items(_LINK_WITH_NAMESPACE.sub(lambda link: link.group("target"), wikitext))


def _wikitext_items(wikitext: str) -> list[str]:
    """Items of a ``;``- or line-separated list of links, split outside brackets only."""
    items: list[str] = []
    depth, start = 0, 0
    text = _without_comments(mwparserfromhell.parse(defuse(wikitext)))
    for position, char in enumerate(text):
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth = max(0, depth - 1)
        elif char in ";\n" and depth == 0:
            items.append(text[start:position])
            start = position + 1
    items.append(text[start:])
    return [restore(item).strip(" *\t") for item in items if item.strip(" *\t")]


def parse_feedback(
    text: str,
    page: str,
    revision: int,
    settings: Templates,
    skills: SkillIndex | None = None,
) -> tuple[list[Feedback], list[Problem]]:
    """What learners and sharers reported about suggestions, from ``{{Match feedback}}``.

    Statuses are normalised (``accepted``, ``declined``, ``met``, ``contacted``, ``scheduled``,
    ``no-response``, ``proposed``); with ``skills``, a skill may be written by label or alias
    and is stored as its id. Incomplete feedback is reported and left out. A line about a
    shop-talk session (it names ``asking`` or ``offering`` organisations) is not
    people's feedback: :func:`parse_organisation_feedback` reads it.
    """
    feedback: list[Feedback] = []
    problems: list[Problem] = []
    for source, values, written in template_calls(
        text, page, revision, settings.feedback, _FEEDBACK_PARAMETERS.get
    ):
        problems.extend(written)
        if is_organisation_feedback(values):
            continue
        item = _feedback(values, source, skills, problems)
        if item is not None:
            feedback.append(item)
    return feedback, problems


def is_organisation_feedback(values: dict[str, str]) -> bool:
    """Whether a feedback line's values are about a shop-talk session."""
    return any(values.get(name, "").strip() for name in ORGANISATION_FEEDBACK_FIELDS)


def parse_organisation_feedback(
    text: str, page: str, revision: int, settings: Templates
) -> list[RawRecord]:
    """The feedback lines about shop-talk sessions (``{{Match feedback | asking = |
    offering = | skill = | status = }}``) as raw records, in page order; what they mean
    is decided with the organisations (:mod:`wikisync.normalize.organisation_feedback`).
    How they are written is reported by :func:`parse_feedback`."""
    return [
        RawRecord(RecordKind.ORGANISATION_FEEDBACK, values, source)
        for source, values, _ in template_calls(
            text, page, revision, settings.feedback, _FEEDBACK_PARAMETERS.get
        )
        if is_organisation_feedback(values)
    ]


def feedback_status(written: str) -> str | None:
    """The status a feedback line's plain ``written`` status stands for, None if unknown."""
    return _FEEDBACK_STATUSES.get(fold(written))


def _feedback(
    values: dict[str, str],
    source: SourceRef,
    skills: SkillIndex | None,
    problems: list[Problem],
) -> Feedback | None:
    names: dict[str, str] = {}
    for role in ("learner", "sharer"):
        name, issues = username_from_wikitext(values.get(role, ""))
        problems.extend(located(issue, source, None, role) for issue in issues)
        if name is None:
            return None
        names[role] = name
    skill = _feedback_skill(values.get("skill", ""), source, skills, problems)
    status = _feedback_status(values.get("status", ""), source, names["learner"], problems)
    if skill is None or status is None:
        return None
    return Feedback(names["learner"], names["sharer"], skill, status, source)


def _feedback_skill(
    wikitext: str, source: SourceRef, skills: SkillIndex | None, problems: list[Problem]
) -> str | None:
    written = _plain_line(wikitext)
    if not written:
        problems.append(
            problem("missing-field", "the feedback names no skill", source, field="skill")
        )
        return None
    if skills is None:
        return written.casefold()
    skill_id, issue = skills.lookup(written)
    if issue is not None:
        problems.append(located(issue, source, None, "skill"))
    return skill_id


def _feedback_status(
    wikitext: str, source: SourceRef, learner: str, problems: list[Problem]
) -> str | None:
    written = fold(_plain_line(wikitext))
    if not written:
        message = "the feedback has no status"
        problems.append(problem("missing-field", message, source, username=learner, field="status"))
        return None
    status = _FEEDBACK_STATUSES.get(written)
    if status is None:
        message = f'"{written}" is not a known feedback status; kept as written'
        problems.append(
            problem("unknown-feedback-status", message, source, username=learner, value=written)
        )
        return written
    return status
