"""The full set of generated pages for one run: title -> (marker name, body).

The pages that grow with the programme are split into parts once they pass the size in
their kind's :class:`~wikisync.render.pages.parts.SplitSettings`: suggested connections and
learning groups into one subpage per skill, the skill resource pages, the problems page,
the clinic candidates and the statistics section by section
(:mod:`wikisync.render.pages.sectioned`). Every part carries the marker of the page it
belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from wikisync.model import (
    NO_MATERIALS,
    Feedback,
    Group,
    Library,
    MatchResult,
    Organisation,
    Problem,
    ShopTalks,
    Skill,
    SkillMaterials,
)
from wikisync.render.blocks import wikitable
from wikisync.render.context import RenderContext, sort_key
from wikisync.render.memo import RenderMemo, digest
from wikisync.render.pages import (
    clinics,
    forms,
    groups,
    matches,
    measurement,
    people,
    problems,
    sectioned,
    shoptalks,
    skills,
    statistics,
    status,
)
from wikisync.render.pages.measurement import Measurement
from wikisync.render.pages.parts import SplitSettings, chunks, part_links, skill_parts, utf8_size
from wikisync.render.pages.splits import PageSplits
from wikisync.render.pages.statistics import HistoryPoint
from wikisync.render.pages.status import RunStatus

#: The columns of the index of a learning-groups page split by skill.
GROUP_INDEX_COLUMNS = ("column-skill", "column-count", "column-page")


@dataclass(frozen=True, slots=True)
class RenderInput:
    """Everything the pages show besides participants and taxonomy (which the context holds).

    Every count on the pages is ``result.figures``, counted once by the matching stage from
    the people, the feedback and the match; ``feedback`` is what those figures were counted
    from (no page recounts it). Without ``status`` the bot status page is left out (it is
    written after a run). ``library``: the learning resources and past clinics that the
    skill pages list. ``shop_talks``: the organisations' sessions, with ``organisations``
    (their people and questions) for their pages. ``measurement``: what the shared
    measurement page shows (without it, or without indicators, there is no such page).
    """

    result: MatchResult
    problems: Sequence[Problem] = ()
    feedback: Sequence[Feedback] = ()
    history: Sequence[HistoryPoint] = ()
    status: RunStatus | None = None
    library: Library = field(default_factory=Library)
    shop_talks: ShopTalks = field(default_factory=ShopTalks)
    organisations: Sequence[Organisation] = ()
    measurement: Measurement | None = None


def desired_pages(
    data: RenderInput,
    ctx: RenderContext,
    split: PageSplits | SplitSettings | None = None,
    memo: RenderMemo | None = None,
) -> dict[str, tuple[str, str]]:
    """Every generated page's title mapped to its marker name and body, sorted by title.

    ``split`` says how each page kind splits into parts (one :class:`SplitSettings` for
    every kind, or :class:`PageSplits` kind by kind). With ``memo``, the parts whose inputs
    are as an earlier run remembered them (each skill's resource page and its parts of the
    suggested-connections page, the groups and clinics pages) are taken from it; the
    bodies are the same either way.
    """
    settings = ctx.settings
    chosen = PageSplits.every(split) if isinstance(split, SplitSettings) else split or PageSplits()
    chosen_memo = memo or RenderMemo()
    result = data.result
    connections = matches.render_matches_pages(result, ctx, chosen.matches, chosen_memo)
    pages = {title: (matches.MARKER, body) for title, body in connections.matches.items()}
    grown = [
        (people.MARKER, connections.people),
        (groups.MARKER, remembered_groups_pages(result, ctx, chosen.groups, chosen_memo)),
        (clinics.MARKER, remembered_clinics(result, ctx, chosen.clinics, chosen_memo)),
        (
            statistics.MARKER,
            sectioned.statistics_pages(result, data.history, ctx, chosen.statistics),
        ),
        (problems.MARKER, sectioned.problems_pages(data.problems, ctx, chosen.problems)),
        (skills.MARKER, skill_pages(result, ctx, chosen.skills, chosen_memo, data.library)),
        (forms.MARKER, forms.form_pages(ctx)),
        (
            shoptalks.MARKER,
            shoptalks.shop_talk_pages(data.shop_talks, data.organisations, ctx, chosen.matches),
        ),
    ]
    for marker, bodies in grown:
        pages.update((title, (marker, body)) for title, body in bodies.items())
    if data.measurement is not None and data.measurement.indicators.indicators:
        pages[settings.measurement_title] = (
            measurement.MARKER,
            measurement_page(data.measurement, ctx, chosen.statistics),
        )
    if data.status is not None:
        pages[settings.status] = (status.MARKER, status.render_status(data.status, ctx))
    return dict(sorted(pages.items()))


def measurement_page(data: Measurement, ctx: RenderContext, split: SplitSettings) -> str:
    """The shared measurement page; when it is longer than the statistics page may be
    (``split``), without its breakdown by organisation, the longest part of it."""
    body = measurement.render_measurement(data, ctx)
    if split.fits(body):
        return body
    return measurement.render_measurement(data, ctx, organisations=False)


def skill_pages(
    result: MatchResult,
    ctx: RenderContext,
    split: SplitSettings,
    memo: RenderMemo,
    library: Library | None = None,
) -> dict[str, str]:
    """The resource page (and its parts) of every skill that has one, taken from ``memo``
    when its inputs are unchanged (see :func:`~wikisync.render.pages.skills.skill_page_key`)."""
    base = digest(*_base(skills.MARKER, ctx), split)
    by_materials = library.by_skill() if library is not None else {}
    by_skill: dict[str, list[Group]] = {}
    for group in result.groups:
        by_skill.setdefault(group.skill, []).append(group)
    clinic_skills = frozenset(clinic.skill for clinic in result.clinics)
    pages: dict[str, str] = {}
    for skill in ctx.taxonomy.skills:
        title = ctx.skill_pages.get(skill.id)
        if not title:
            continue
        materials = by_materials.get(skill.id, NO_MATERIALS)
        key = skills.skill_page_key(base, skill, result, by_skill, clinic_skills, ctx, materials)

        def render(
            skill: Skill = skill, title: str = title, materials: SkillMaterials = materials
        ) -> dict[str, str]:
            return sectioned.skill_pages(title, skill, result, ctx, split, materials)

        payload = memo.part(f"{skills.MARKER}/{title}", key, render)
        pages.update((str(part), str(body)) for part, body in payload.items())
    return pages


def remembered_groups_pages(
    result: MatchResult, ctx: RenderContext, split: SplitSettings, memo: RenderMemo
) -> dict[str, str]:
    """:func:`groups_pages`, each skill's group blocks taken from ``memo`` when its groups
    and what the blocks show of their members (consent to be named) are unchanged."""
    base = digest(*_base(groups.MARKER, ctx))
    by_skill: dict[str, list[str]] = {}
    for skill, own in _groups_by_skill(result.groups, ctx).items():
        names = [name for group in own for name in (*group.members, group.host) if name]
        key = digest(base, skill, own, ctx.consents(names))

        def render(own: list[Group] = own) -> list[str]:
            return [groups.group_block(group, ctx) for group in own]

        by_skill[skill] = [
            str(block) for block in memo.part(f"{groups.MARKER}/{skill}", key, render)
        ]
    return _groups_pages_of(by_skill, ctx, split)


def remembered_clinics(
    result: MatchResult, ctx: RenderContext, split: SplitSettings, memo: RenderMemo
) -> dict[str, str]:
    """The clinic candidates page (and its parts), taken from ``memo`` when the
    candidates, their skills' figures and which of their hosts agreed to be named are
    unchanged."""
    figures = [result.figures.skill(clinic.skill) for clinic in result.clinics]
    hosts = [host.name for clinic in result.clinics for host in clinic.suggested_hosts]
    hosts += [host for clinic in result.clinics for host in clinic.hosts]
    views = ctx.consents(hosts)
    key = digest(*_base(clinics.MARKER, ctx), split, result.clinics, figures, views)

    def render() -> dict[str, str]:
        return sectioned.clinics_pages(result, ctx, split)

    payload = memo.part(clinics.MARKER, key, render)
    return {str(title): str(body) for title, body in payload.items()}


def _base(marker: str, ctx: RenderContext) -> tuple[str, str]:
    """What every remembered part of a page depends on (see :meth:`RenderContext.digest`)."""
    return (ctx.digest(), marker)


def groups_pages(
    result: MatchResult, ctx: RenderContext, split: SplitSettings | None = None
) -> dict[str, str]:
    """The learning-groups page (title -> body), split by skill when too large.

    A split page is a table of every skill with its number of groups and links to its
    parts; each part holds that skill's group blocks.
    """
    by_skill = {
        skill: [groups.group_block(group, ctx) for group in own]
        for skill, own in _groups_by_skill(result.groups, ctx).items()
    }
    return _groups_pages_of(by_skill, ctx, split or SplitSettings())


def _groups_by_skill(all_groups: Sequence[Group], ctx: RenderContext) -> dict[str, list[Group]]:
    """The groups of each skill with any, skills in page order and groups in page order
    within each (:func:`~wikisync.render.pages.groups.group_key`)."""
    by_skill: dict[str, list[Group]] = {}
    for group in sorted(all_groups, key=lambda group: groups.group_key(group, ctx)):
        by_skill.setdefault(group.skill, []).append(group)
    return by_skill


def _groups_pages_of(
    blocks: dict[str, list[str]], ctx: RenderContext, split: SplitSettings
) -> dict[str, str]:
    """The groups page from each skill's blocks (in page order), split when too large."""
    body = groups.groups_text([block for own in blocks.values() for block in own], ctx)
    title = ctx.settings.groups_title
    if split.fits(body):
        return {title: body}
    by_skill: dict[str, list[str]] = {skill.id: [] for skill in ctx.taxonomy.skills}
    by_skill.update(blocks)
    pages: dict[str, str] = {}
    index: list[list[str]] = []
    for skill in sorted(by_skill, key=lambda skill: (sort_key(ctx.skill_label(skill)), skill)):
        parts = _group_parts(by_skill[skill], ctx, split)
        name, titles = skill_parts(title, skill, len(parts), ctx, split)
        pages.update(zip(titles, parts, strict=True))
        count = ctx.messages.number(len(by_skill[skill]))
        index.append([ctx.skill_link(skill), count, part_links(titles, name, ctx.messages)])
    headers = [ctx.messages.msg(key) for key in GROUP_INDEX_COLUMNS]
    pages[title] = ctx.messages.wrap_direction(wikitable(headers, index))
    return pages


def _group_parts(blocks: Sequence[str], ctx: RenderContext, split: SplitSettings) -> list[str]:
    """One skill's group blocks on as many parts as their size needs ("no groups" without)."""
    runs = chunks(list(blocks), lambda block: utf8_size(block) + 2, split.max_bytes - 1024)
    return [groups.groups_text(run, ctx) for run in runs]
