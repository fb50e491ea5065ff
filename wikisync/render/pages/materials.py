"""The resources and past clinics of a skill's resource page.

Resources come from the taxonomy's ``resources`` (links or addresses, of no stated
language or kind) and from the resources pages' entries. They are grouped by language (by
name in the page language; those of no stated language last), then by kind, in a fixed
order; within a kind they keep the order they are written in. A resource in several
languages stands under each. While every resource is of no stated language and kind, as
with taxonomy resources alone, the section is a plain list.

Past clinics are listed newest first (undated ones last), each with its host only when
the host is a participant who agreed to be named, its languages and its recordings by
language.
"""

from __future__ import annotations

from collections.abc import Sequence

from wikisync.model import ClinicRecord, LearningResource, ResourceKind, Skill
from wikisync.render.blocks import bullets, heading
from wikisync.render.context import RenderContext, sort_key
from wikisync.render.escape import Wikitext, shorten
from wikisync.render.formatting import language_list, language_name
from wikisync.render.links import external_link, labelled_link, resource_link

#: Longest resource title shown, in characters.
TITLE_LIMIT = 150
#: The kinds in the order a language's resources show them.
KIND_ORDER = tuple(ResourceKind)

_Groups = dict[str, dict[ResourceKind, list[Wikitext]]]


def resources_section(
    skill: Skill, resources: Sequence[LearningResource], ctx: RenderContext
) -> str:
    """The taxonomy's resources and the resource entries of ``skill``, each a validated
    link, grouped by language and then by kind."""
    groups = _grouped(skill, resources, ctx)
    if not groups:
        return ctx.messages.msg("skill-no-resources")
    if set(groups) == {""} and set(groups[""]) == {ResourceKind.OTHER}:
        return bullets(groups[""][ResourceKind.OTHER])
    return "\n".join(_language_block(code, groups[code], ctx) for code in _languages(groups, ctx))


def _grouped(skill: Skill, resources: Sequence[LearningResource], ctx: RenderContext) -> _Groups:
    groups: _Groups = {}
    for written in skill.resources:
        link = resource_link(written)
        if link:
            groups.setdefault("", {}).setdefault(ResourceKind.OTHER, []).append(link)
    for resource in resources:
        item = resource_item(resource, ctx)
        for code in resource.languages or ("",):
            groups.setdefault(code, {}).setdefault(resource.kind, []).append(item)
    return groups


def _languages(groups: _Groups, ctx: RenderContext) -> list[str]:
    """The language codes of ``groups`` by name in the page language, no language last."""
    named = [code for code in groups if code]
    ordered = sorted(named, key=lambda code: (sort_key(language_name(code, ctx.messages)), code))
    return ordered + ([""] if "" in groups else [])


def _language_block(
    code: str, kinds: dict[ResourceKind, list[Wikitext]], ctx: RenderContext
) -> str:
    messages = ctx.messages
    name = language_name(code, messages) if code else messages.msg("skill-resources-no-language")
    lines = [heading(3, name)]
    for kind in KIND_ORDER:
        if kind in kinds:
            lines.append(f"; {messages.msg(f'resource-kind-{kind.value}')}")
            lines.append(bullets(kinds[kind]))
    return "\n".join(lines)


def resource_item(resource: LearningResource, ctx: RenderContext) -> Wikitext:
    """A resource as a link to its address, with its date and clinic when given."""
    messages = ctx.messages
    link = external_link(resource.url, shorten(resource.title, TITLE_LIMIT))
    details: list[str] = []
    if resource.date is not None:
        details.append(resource.date.isoformat())
    if resource.clinic:
        details.append(messages.msg("skill-resource-clinic", shorten(resource.clinic, TITLE_LIMIT)))
    if not details:
        return link
    return messages.msg("skill-resource-details", link, messages.join(details))


def past_clinics_section(clinics: Sequence[ClinicRecord], ctx: RenderContext) -> str:
    """The clinics held on the skill, newest first, one line each."""
    if not clinics:
        return ctx.messages.msg("skill-no-past-clinics")
    ordered = sorted(clinics, key=_newest_first)
    return bullets([clinic_item(clinic, ctx) for clinic in ordered])


def _newest_first(clinic: ClinicRecord) -> tuple[bool, int]:
    return clinic.date is None, -clinic.date.toordinal() if clinic.date else 0


def clinic_item(clinic: ClinicRecord, ctx: RenderContext) -> Wikitext:
    """A past clinic: its date, host (named only with their consent), languages and
    recordings, each recording linked under its language's name."""
    messages = ctx.messages
    parts: list[str] = [
        clinic.date.isoformat() if clinic.date else messages.msg("skill-clinic-undated")
    ]
    if clinic.host:
        parts.append(messages.msg("skill-clinic-host", ctx.name(clinic.host)))
    if clinic.languages:
        parts.append(
            messages.msg("skill-clinic-languages", language_list(clinic.languages, messages))
        )
    if clinic.recordings:
        links = [
            labelled_link(
                recording.url,
                language_name(recording.language, messages)
                if recording.language
                else messages.msg("skill-clinic-recording"),
            )
            for recording in clinic.recordings
        ]
        parts.append(messages.msg("skill-clinic-recordings", len(links), messages.join(links)))
    else:
        parts.append(messages.msg("skill-clinic-no-recording"))
    return Wikitext(messages.msg("skill-clinic-separator").join(parts))
