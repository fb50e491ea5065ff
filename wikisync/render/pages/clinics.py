"""The learning-clinic candidates page: skills where a group session would help most."""

from __future__ import annotations

from wikisync.model import ClinicCandidate, Figures, MatchResult
from wikisync.render.blocks import wikitable
from wikisync.render.context import RenderContext
from wikisync.render.figures import FIGURE_COLUMNS, figure_cells
from wikisync.render.formatting import counted, language_list, language_name

MARKER = "clinics"

#: The columns of the candidates table (message keys of their headers).
COLUMNS = (
    "column-rank",
    "column-skill",
    *FIGURE_COLUMNS,
    "column-hosts",
    "column-learner-languages",
    "column-interpretation",
    "column-regions",
)


def render_clinics(result: MatchResult, ctx: RenderContext) -> str:
    """A ranked table of clinic candidates with their figures, hosts, languages and regions."""
    return ctx.messages.wrap_direction(clinics_text(result, ctx))


def clinics_text(result: MatchResult, ctx: RenderContext) -> str:
    """What :func:`render_clinics` shows, before it is set in the page's direction."""
    messages = ctx.messages
    if not result.clinics:
        return messages.msg("clinics-empty")
    figures = result.figures
    ordered = sorted(result.clinics, key=lambda clinic: clinic_key(clinic, figures))
    rows = [clinic_row(rank, clinic, figures, ctx) for rank, clinic in enumerate(ordered, start=1)]
    table = wikitable([messages.msg(key) for key in COLUMNS], rows)
    intro = f"{messages.msg('clinics-intro')} {messages.msg('figures-note')}"
    return f"{intro}\n\n{table}"


def clinic_key(clinic: ClinicCandidate, figures: Figures) -> tuple[object, ...]:
    """Highest score first, then most learners without a match, then most demand, then id."""
    shown = figures.skill(clinic.skill)
    return (-clinic.score, -shown.unmatched, -shown.demand, clinic.skill)


def clinic_row(
    rank: int, clinic: ClinicCandidate, figures: Figures, ctx: RenderContext
) -> list[str]:
    """The cells of one candidate."""
    messages = ctx.messages
    return [
        messages.number(rank),
        ctx.skill_link(clinic.skill),
        *figure_cells(figures.skill(clinic.skill), ctx),
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
