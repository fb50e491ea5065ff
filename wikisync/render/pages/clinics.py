"""The learning-clinic candidates page: skills where a group session would help most."""

from __future__ import annotations

from wikisync.model import ClinicCandidate, Figures, MatchResult
from wikisync.render.blocks import wikitable
from wikisync.render.context import RenderContext
from wikisync.render.escape import Wikitext
from wikisync.render.figures import FIGURE_COLUMNS, figure_cells
from wikisync.render.formatting import clock, counted, language_name
from wikisync.render.pages import forms

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
    "column-slots",
    "column-propose",
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
        hosts_cell(clinic, ctx),
        counted(clinic.languages, messages, language_name),
        interpretation_cell(clinic, ctx),
        counted(clinic.regions, messages),
        slots_cell(clinic, ctx),
        propose_cell(clinic, ctx),
    ]


def hosts_cell(clinic: ClinicCandidate, ctx: RenderContext) -> str:
    """Whom to ask to host: willing hosts, then the sharers who met most learners, each
    with why; someone not listed publicly is unnamed; says so when there is nobody."""
    messages = ctx.messages
    if not clinic.suggested_hosts:
        return messages.msg("clinics-no-host")
    items = [
        messages.msg("clinics-host-willing", ctx.name(host.name))
        if host.willing
        else messages.msg("clinics-host-met", ctx.name(host.name), host.met)
        for host in clinic.suggested_hosts
    ]
    return messages.join(items)


def interpretation_cell(clinic: ClinicCandidate, ctx: RenderContext) -> str:
    """The languages of the learners who share none with the first suggested host, with
    how many need each; ``none`` when everyone can follow the host."""
    messages = ctx.messages
    if clinic.interpretation is None:
        return messages.msg("clinics-interpretation-no-host")
    return counted(clinic.interpretation, messages, language_name)


def slots_cell(clinic: ClinicCandidate, ctx: RenderContext) -> str:
    """Two UTC hours, each with the share of the learners (with a known time zone) it
    suits; ``unknown`` when no learner's time zone is known."""
    messages = ctx.messages
    if not clinic.slots:
        return messages.msg("unknown")
    return messages.join(
        [
            messages.msg(
                "clinics-slot", Wikitext(clock(hour * 60)), messages.percent(n, clinic.timed)
            )
            for hour, n in clinic.slots
        ]
    )


def propose_cell(clinic: ClinicCandidate, ctx: RenderContext) -> str:
    """A link that opens a new section on the candidates' talk page, filled in from the
    clinic proposal form with this row's skill, hosts, interpretation and times."""
    messages = ctx.messages
    values = [
        ctx.skill_link(clinic.skill),
        hosts_cell(clinic, ctx),
        interpretation_cell(clinic, ctx),
        slots_cell(clinic, ctx),
    ]
    heading = messages.msg("clinics-proposal-heading", ctx.skill_label(clinic.skill))
    return forms.new_section_link(
        ctx.settings.clinics_title,
        ctx.settings.clinic_form_title,
        heading,
        values,
        messages.msg("clinics-propose"),
    )
