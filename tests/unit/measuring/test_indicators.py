"""The indicators page read and normalised: good entries kept, bad ones reported."""

from __future__ import annotations

import datetime as dt

import pytest

from wikisync.measuring.indicators import Period, period_key
from wikisync.measuring.measures import Unit
from wikisync.normalize.indicators import normalise_indicators, parse_target
from wikisync.reading.indicators import parse_indicators
from wikisync.reading.sources import indicators_title
from wikisync.settings.programme import Templates, load_programme

PAGE = "Programme/Indicators"
GOOD = """\
{{Indicator | id = matched | label = Requests [[matched]] | definition = Share with a peer.
 | measure = Requests matched | target = 60 % | period = Monthly }}
{{Indicator | id = met | label = Met | measure = met-pairs | target = 20 | period = quarter }}
{{Objective | id = reach | label = Reach everyone }}
{{Key result | objective = reach | indicator = matched | target = 75% | date = 2027-06-30 }}
"""
BAD = """\
{{Indicator | id = a | measure = happiness | target = 3 }}
{{Indicator | id = b | measure = met-pairs | target = lots | period = fortnight }}
{{Indicator | id = b | measure = participants }}
{{Indicator | measure = participants }}
{{Indicator | id = c | measure = requests-matched | target = 150 }}
{{Objective | id = goal }}
{{Key result | objective = other | indicator = b | target = 4 }}
{{Key result | objective = goal | indicator = a | target = 4 }}
{{Key result | objective = goal | indicator = b | target = zero | date = 2027-02-30 }}
{{Key result | objective = goal | indicator = b | target = 9 | date = someday }}
"""


def read(text: str):  # type: ignore[no-untyped-def]
    records, problems = parse_indicators(text, PAGE, 7, Templates())
    found, normalised = normalise_indicators(records)
    return found, [*problems, *normalised]


def test_a_well_written_page_gives_its_indicators_objectives_and_key_results() -> None:
    found, problems = read(GOOD)
    assert problems == []
    matched, met = found.indicators
    assert (matched.id, matched.label, matched.measure) == (
        "matched",
        "Requests matched",
        "requests-matched",
    )
    assert (matched.target, matched.period, matched.definition) == (
        0.6,
        Period.MONTH,
        "Share with a peer.",
    )
    assert (met.target, met.period) == (20, Period.QUARTER)
    assert [o.label for o in found.objectives] == ["Reach everyone"]
    (result,) = found.results_of("reach")
    assert (result.indicator, result.target, result.date) == (
        "matched",
        0.75,
        dt.date(2027, 6, 30),
    )


def test_bad_entries_become_problems_and_the_rest_is_used() -> None:
    found, problems = read(BAD)
    codes = [(p.code, p.source.line if p.source else 0) for p in problems]
    assert sorted(codes) == sorted(
        [
            ("unknown-measure", 1),
            ("invalid-target", 2),
            ("invalid-period", 2),
            ("duplicate-indicator", 3),
            ("missing-field", 4),
            ("invalid-target", 5),
            ("unknown-objective", 7),
            ("unknown-indicator", 8),
            ("invalid-target", 9),
            ("invalid-record-date", 10),
        ]
    )
    assert [(i.id, i.target, i.period) for i in found.indicators] == [
        ("b", None, Period.MONTH),
        ("c", None, Period.MONTH),
    ]
    assert [(r.indicator, r.target, r.date) for r in found.key_results] == [("b", 9, None)]
    unknown = next(p for p in problems if p.code == "unknown-measure")
    assert unknown.value == "happiness"
    assert unknown.hints


@pytest.mark.parametrize(
    ("text", "unit", "target"),
    [
        ("12", Unit.COUNT, 12),
        ("2,5", Unit.DAYS, 2.5),
        ("60%", Unit.SHARE, 0.6),
        ("0.4", Unit.SHARE, 0.4),
        ("60%", Unit.COUNT, None),
        ("1.5", Unit.SHARE, None),
        ("-3", Unit.COUNT, None),
        ("ten", Unit.COUNT, None),
    ],
)
def test_targets(text: str, unit: Unit, target: float | None) -> None:
    assert parse_target(text, unit) == target


def test_period_keys_sort_in_time_order() -> None:
    day = dt.date(2026, 11, 30)
    assert period_key(day, Period.MONTH) == "2026-11"
    assert period_key(day, Period.QUARTER) == "2026-Q4"
    assert period_key(day, Period.YEAR) == "2026"
    assert period_key(dt.date(2026, 1, 1), Period.QUARTER) == "2026-Q1"


def test_the_page_and_template_names_come_from_the_settings() -> None:
    programme = load_programme(
        {"sources": {"indicators": "Hub/Goals"}, "templates": {"indicator": "Kennzahl"}}
    )
    assert programme.sources.indicators == "Hub/Goals"
    assert indicators_title(programme.sources.indicators, "Let's Connect") == "Hub/Goals"
    assert indicators_title("", "Let's Connect") == "Let's Connect/Indicators"
    records, _ = parse_indicators(
        "{{Kennzahl | id = a | measure = participants}}", PAGE, 1, programme.templates
    )
    assert [record.fields["id"].strip() for record in records] == ["a"]


def test_a_value_with_contact_details_is_withheld_and_reported() -> None:
    found, problems = read(
        "{{Indicator | id = people | label = Ask jane.roe@example.org | definition = Call "
        "+44 20 7946 0958 | measure = participants | target = 10 }}\n"
        "{{Objective | id = reach | label = Write to jane.roe@example.org }}\n"
    )
    (indicator,) = found.indicators
    assert (indicator.label, indicator.definition) == ("people", "")  # the id stands in
    assert indicator.measure == "participants" and indicator.target == 10
    assert "example.org" not in " ".join(o.label for o in found.objectives)
    private = [p for p in problems if p.code == "private-value"]
    assert sorted(p.field for p in private) == ["definition", "label", "label"]
    for item in problems:
        assert "example.org" not in f"{item.message} {item.value}"
        assert "7946" not in f"{item.message} {item.value}"
