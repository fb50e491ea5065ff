"""The shared measurement page: each indicator period by period, against its target, with
its definition; breakdowns by region and organisation; the goals as objectives with key
results, each as a share of its target.

Values come from the snapshots (:mod:`wikisync.measuring.snapshots`), this run's period
included; charts are bars of inline-styled divs, which any MediaWiki shows without
extensions. Every name and text an editor wrote (labels, definitions, regions,
organisations) is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from wikisync.measuring.indicators import Indicator, IndicatorSet, KeyResult, period_key
from wikisync.measuring.measures import MEASURES, Measure, Unit, Value
from wikisync.measuring.snapshots import Snapshots
from wikisync.render.blocks import bar, heading, wikitable
from wikisync.render.context import RenderContext, sort_key
from wikisync.render.escape import Wikitext, escape
from wikisync.render.i18n import Messages

MARKER = "measurement"
#: What a cell shows for a value that cannot be measured (no requests for a share).
NO_VALUE = "–"
#: Values are drawn in millionths, so that shares and days make whole bars.
_SCALE = 1_000_000


@dataclass(frozen=True, slots=True)
class Measurement:
    """What the page shows: the indicators page's definitions, the values kept period by
    period (this run's included) and the day of the run (its periods are the current)."""

    indicators: IndicatorSet
    snapshots: Snapshots
    today: dt.date


def render_measurement(data: Measurement, ctx: RenderContext, organisations: bool = True) -> str:
    """The whole page: the indicators, their breakdowns, then the goals. Without
    ``organisations``, the breakdown by organisation is left out with a note (for a page
    that would be too long)."""
    messages = ctx.messages
    parts = [heading(2, messages.msg("measurement-heading-indicators"))]
    parts += [indicator_section(item, data, ctx) for item in data.indicators.indicators]
    breakdowns = breakdown_section(data, ctx, organisations)
    if breakdowns:
        parts.append(breakdowns)
    if data.indicators.objectives:
        parts.append(heading(2, messages.msg("measurement-heading-goals")))
        parts += [
            objective_section(objective.id, objective.label, data, ctx)
            for objective in data.indicators.objectives
        ]
    return messages.wrap_direction("\n\n".join(parts))


def indicator_section(indicator: Indicator, data: Measurement, ctx: RenderContext) -> str:
    """One indicator: its definition, target and trend, and its values per period."""
    messages = ctx.messages
    measure = MEASURES[indicator.measure]
    unit = measure.unit
    points = data.snapshots.of(indicator)
    lines: list[str] = (
        [messages.msg("measurement-definition", indicator.definition)]
        if indicator.definition
        else []
    )
    lines.append(messages.msg("measurement-measure", messages.msg(f"measure-{indicator.measure}")))
    target = indicator.target
    lines.append(
        messages.msg("measurement-target", Wikitext(shown(target, unit, messages)))
        if target is not None
        else messages.msg("measurement-no-target")
    )
    trend = trend_line(points, unit, messages)
    if trend:
        lines.append(trend)
    title = heading(3, escape(indicator.label))
    return f"{title}\n{' '.join(lines)}\n\n{periods_table(points, target, measure, messages)}"


def shown(value: float | None, unit: Unit, messages: Messages) -> str:
    """A value as the page writes it: a share as a percentage, other values as numbers."""
    if value is None:
        return NO_VALUE
    if unit is Unit.SHARE:
        return messages.percent(round(value * _SCALE), _SCALE)
    return messages.decimal(value)


def progress(
    measure: Measure, value: float | None, target: float | None, messages: Messages
) -> str:
    """How far ``value`` has come towards ``target`` (:meth:`Measure.share_of_target`),
    as a percentage, or the no-value mark."""
    share = measure.share_of_target(value, target)
    if share is None:
        return NO_VALUE
    return messages.percent(round(share * _SCALE), _SCALE)


def chart(value: float | None, most: float) -> str:
    """A bar as long as ``value`` is of ``most`` (empty without a value)."""
    if value is None or most <= 0:
        return ""
    return bar(round(value * _SCALE), round(most * _SCALE))


def trend_line(points: Mapping[str, Value], unit: Unit, messages: Messages) -> str:
    """How the last period compares with the one before it; empty with fewer than two
    measured periods."""
    measured = [(key, total) for key, value in points.items() if (total := value.total) is not None]
    if len(measured) < 2:
        return ""
    (before_key, before), (_, now) = measured[-2], measured[-1]
    key = "up" if now > before else "down" if now < before else "steady"
    return messages.msg(
        f"measurement-trend-{key}", Wikitext(shown(before, unit, messages)), before_key
    )


def periods_table(
    points: Mapping[str, Value], target: float | None, measure: Measure, messages: Messages
) -> str:
    """One row per period: value, target, share of the target, and a bar (drawn against
    the largest of the values and the target)."""
    if not points:
        return messages.msg("stats-no-data")
    totals = [value.total for value in points.values() if value.total is not None]
    most = max([*totals, target or 0])
    headers = [
        messages.msg(key)
        for key in (
            "column-period",
            "column-value",
            "column-target",
            "column-progress",
            "column-chart",
        )
    ]
    rows = [
        [
            key,
            shown(value.total, measure.unit, messages),
            shown(target, measure.unit, messages),
            progress(measure, value.total, target, messages),
            chart(value.total, most),
        ]
        for key, value in points.items()
    ]
    return wikitable(headers, rows)


def breakdown_section(data: Measurement, ctx: RenderContext, organisations: bool = True) -> str:
    """The current period's values of the indicators that break down, by region and by
    organisation: one table each, a column per indicator; empty when none breaks down.
    Without ``organisations``, a note says how many organisations are left out."""
    messages = ctx.messages
    shown_now = [
        (indicator, current)
        for indicator in data.indicators.indicators
        if MEASURES[indicator.measure].breakdown
        and (current := data.snapshots.of(indicator).get(period_key(data.today, indicator.period)))
    ]
    if not shown_now:
        return ""
    tables = [heading(2, messages.msg("measurement-heading-breakdowns"))]
    for header, caption, by_region in (
        ("column-region", "measurement-by-region", True),
        ("column-organisation", "measurement-by-organisation", False),
    ):
        columns = [
            (indicator, value.by_region if by_region else value.by_organisation)
            for indicator, value in shown_now
        ]
        names = sorted({name for _, groups in columns for name in groups}, key=sort_key)
        if not names:
            continue
        if not by_region and not organisations:
            tables.append(messages.msg("measurement-organisations-left-out", len(names)))
            continue
        headers = [messages.msg(header), *(escape(indicator.label) for indicator, _ in columns)]
        rows = [
            [
                escape(name),
                *(
                    shown(groups.get(name), MEASURES[indicator.measure].unit, messages)
                    for indicator, groups in columns
                ),
            ]
            for name in names
        ]
        tables.append(f"{messages.msg(caption)}\n{wikitable(headers, rows)}")
    return "\n\n".join(tables)


def objective_section(objective_id: str, label: str, data: Measurement, ctx: RenderContext) -> str:
    """An objective and its key results: each indicator's value now against the target to
    reach by the date, as a share of that target."""
    messages = ctx.messages
    results = data.indicators.results_of(objective_id)
    title = heading(3, escape(label))
    if not results:
        return f"{title}\n{messages.msg('measurement-no-key-results')}"
    headers = [
        messages.msg(key)
        for key in (
            "column-key-result",
            "column-value",
            "column-target",
            "column-date",
            "column-progress",
            "column-chart",
        )
    ]
    rows = [key_result_row(result, data, messages) for result in results]
    return f"{title}\n{wikitable(headers, rows, sortable=False)}"


def key_result_row(result: KeyResult, data: Measurement, messages: Messages) -> Sequence[str]:
    """The cells of one key result (its indicator exists: the reader checked it)."""
    indicator = data.indicators.indicator(result.indicator)
    assert indicator is not None
    measure = MEASURES[indicator.measure]
    unit = measure.unit
    current = data.snapshots.of(indicator).get(period_key(data.today, indicator.period))
    value = current.total if current is not None else None
    return [
        escape(indicator.label),
        shown(value, unit, messages),
        shown(result.target, unit, messages),
        result.date.isoformat() if result.date else NO_VALUE,
        progress(measure, value, result.target, messages),
        chart(value, result.target),
    ]
