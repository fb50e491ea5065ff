"""The learning-clinic candidates page: skills where a group session would help most."""

from __future__ import annotations

from wikisync.model import ClinicCandidate, MatchResult
from wikisync.render.blocks import wikitable
from wikisync.render.context import RenderContext
from wikisync.render.formatting import counted, language_list, language_name

MARKER = "clinics"

#: The columns of the candidates table (message keys of their headers).
COLUMNS = (
    "column-rank",
    "column-skill",
    "column-demand",
    "column-supply",
    "column-unmet",
    "column-hosts",
    "column-learner-languages",
    "column-interpretation",
    "column-regions",
)


def render_clinics(result: MatchResult, ctx: RenderContext) -> str:
    """A ranked table of clinic candidates with hosts, languages and regions."""
    messages = ctx.messages
    if not result.clinics:
        return messages.wrap_direction(messages.msg("clinics-empty"))
    ordered = sorted(result.clinics, key=clinic_key)
    rows = [clinic_row(rank, clinic, ctx) for rank, clinic in enumerate(ordered, start=1)]
    table = wikitable([messages.msg(key) for key in COLUMNS], rows)
    return messages.wrap_direction(f"{messages.msg('clinics-intro')}\n\n{table}")


def clinic_key(clinic: ClinicCandidate) -> tuple[object, ...]:
    """Highest score first, then most unmet demand, then skill id."""
    return (-clinic.score, -clinic.unmet, -clinic.demand, clinic.skill)


def clinic_row(rank: int, clinic: ClinicCandidate, ctx: RenderContext) -> list[str]:
    """The cells of one candidate."""
    messages = ctx.messages
    return [
        messages.number(rank),
        ctx.skill_link(clinic.skill),
        messages.number(clinic.demand),
        messages.number(clinic.supply),
        messages.number(clinic.unmet),
        ctx.names(clinic.hosts),
        counted(clinic.languages, messages, language_name),
        interpretation_cell(clinic, ctx),
        counted(clinic.regions, messages),
    ]


def interpretation_cell(clinic: ClinicCandidate, ctx: RenderContext) -> str:
    """The learners' languages that no host speaks (``unknown`` without hosts)."""
    hosts = [ctx.people.get(host) for host in clinic.hosts]
    if not hosts or any(host is None for host in hosts):
        return ctx.messages.msg("unknown")
    spoken = {language.code for host in hosts if host for language in host.languages}
    missing = {code for code, _ in clinic.languages} - spoken
    return language_list(missing, ctx.messages)
