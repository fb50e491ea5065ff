"""The shared measurement page: deterministic, every editor's text escaped, the values,
targets, trends, breakdowns and key results shown."""

from __future__ import annotations

import datetime as dt

import mwparserfromhell
from mwparserfromhell.nodes import Comment, Tag, Template, Wikilink

from wikisync.measuring.indicators import Indicator, IndicatorSet, KeyResult, Objective, Period
from wikisync.measuring.measures import Value
from wikisync.measuring.snapshots import Snapshots
from wikisync.render.context import RenderContext
from wikisync.render.pages.desired import measurement_page
from wikisync.render.pages.measurement import Measurement, render_measurement
from wikisync.render.pages.parts import SplitSettings

TODAY = dt.date(2026, 4, 2)
HOSTILE = "{{subst:Boom}} [[Category:Spam]] ~~~~ |} <!--"
INDICATORS = IndicatorSet(
    indicators=(
        Indicator("matched", f"Matched {HOSTILE}", "requests-matched", HOSTILE, 0.6),
        Indicator("clinics", "Clinics", "clinics-held", "", 4, Period.YEAR),
    ),
    objectives=(Objective("reach", f"Reach {HOSTILE}"),),
    key_results=(KeyResult("reach", "matched", 0.75, dt.date(2027, 6, 30)),),
)


def measurement() -> Measurement:
    march = {
        "requests-matched": Value(0.4, {"Asia": 0.5}, {HOSTILE: 0.25}),
        "clinics-held": Value(1),
    }
    april = {
        "requests-matched": Value(0.45, {"Asia": 0.5, "Africa": None}, {HOSTILE: 0.3}),
        "clinics-held": Value(2),
    }
    snapshots = Snapshots().with_run(INDICATORS.indicators, march, dt.date(2026, 3, 9))
    snapshots = snapshots.with_run(INDICATORS.indicators, april, TODAY)
    return Measurement(INDICATORS, snapshots, TODAY)


def test_the_same_input_renders_byte_identical_pages(ctx: RenderContext) -> None:
    first = render_measurement(measurement(), ctx)
    again = Measurement(INDICATORS, Snapshots.from_json(measurement().snapshots.to_json()), TODAY)
    assert render_measurement(again, ctx) == first
    assert render_measurement(measurement(), ctx).encode() == first.encode()


def test_every_editor_written_string_is_escaped(ctx: RenderContext) -> None:
    text = render_measurement(measurement(), ctx)
    for raw in ("{{subst:", "[[Category:", "~~~~", "<!--"):
        assert raw not in text
    assert text.count("\n|}") == text.count("{|")


def test_values_targets_trend_and_periods(ctx: RenderContext) -> None:
    text = render_measurement(measurement(), ctx)
    assert "| 2026-03\n| 40.0%\n| 60.0%\n| 66.7%" in text
    assert "| 2026-04\n| 45.0%\n| 60.0%\n| 75.0%" in text
    assert "Trend: up from 40.0% in 2026-03." in text
    # the clinics are kept per year: one period, no trend
    assert "| 2026\n| 2\n| 4\n| 50.0%" in text
    breakdowns = text.split("== By region and organisation ==")[1].split("== Goals ==")[0]
    assert "This period by region:" in breakdowns
    assert "| Africa\n| –" in breakdowns and "| Asia\n| 50.0%" in breakdowns
    assert "This period by organisation:" in breakdowns


def test_key_results_show_progress_as_a_share_of_their_target(ctx: RenderContext) -> None:
    text = render_measurement(measurement(), ctx)
    goals = text.split("== Goals ==")[1]
    assert "| 45.0%\n| 75.0%\n| 2027-06-30\n| 60.0%" in goals


def test_a_page_too_long_leaves_out_the_breakdown_by_organisation(ctx: RenderContext) -> None:
    whole = render_measurement(measurement(), ctx)
    size = len(whole.encode())
    short = measurement_page(measurement(), ctx, SplitSettings(max_bytes=size - 1))
    assert "This period by organisation:" not in short
    assert "The breakdown by organisation is left out: with 1 organisation" in short
    assert measurement_page(measurement(), ctx, SplitSettings(max_bytes=size)) == whole


def test_no_user_text_acts_as_markup_in_the_parse_tree(ctx: RenderContext) -> None:
    text = render_measurement(measurement(), ctx)
    acting = [
        str(node)
        for node in mwparserfromhell.parse(text).ifilter(recursive=True)
        if isinstance(node, Template | Comment | Wikilink)
        or (isinstance(node, Tag) and str(node.tag) not in {"div", "table", "tr", "th", "td"})
    ]
    assert acting == []


def test_a_wait_at_or_below_its_target_has_reached_it(ctx: RenderContext) -> None:
    waiting = IndicatorSet(indicators=(Indicator("wait", "Wait", "days-to-suggestion", "", 7),))
    snapshots = Snapshots().with_run(waiting.indicators, {"days-to-suggestion": Value(14)}, TODAY)
    snapshots = snapshots.with_run(
        waiting.indicators, {"days-to-suggestion": Value(0)}, dt.date(2026, 5, 2)
    )
    text = render_measurement(Measurement(waiting, snapshots, dt.date(2026, 5, 2)), ctx)
    assert "| 2026-04\n| 14\n| 7\n| 50.0%" in text
    assert "| 2026-05\n| 0\n| 7\n| 100.0%" in text
