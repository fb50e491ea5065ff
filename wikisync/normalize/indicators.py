"""Indicators, objectives and key results from the raw records of the indicators page.

What each value means is decided here, and every doubt is a located problem:

- ``id``: required on an indicator and an objective (``missing-field``); a second
  indicator (or objective) of the same id is reported (``duplicate-indicator``) and left
  out, the first one kept;
- ``measure``: one of the bot's measures (:data:`~wikisync.measuring.measures.MEASURES`);
  another is reported with the nearest names as hints (``unknown-measure``) and the
  indicator left out;
- ``target``: a number not below zero, for a share also a percentage (``60%`` is 0.6);
  anything else is reported (``invalid-target``) and the indicator kept without a target,
  a key result left out;
- ``period``: month, quarter or year (default month; also "monthly", "quarterly",
  "yearly", "annual"); another is reported (``invalid-period``) and month used;
- a key result's ``objective`` and ``indicator`` must name ones on the page
  (``unknown-objective``, ``unknown-indicator``; left out), its ``date`` be a date
  (``invalid-record-date``; kept without one);
- ``label`` and ``definition`` are plain text, one line each;
- any value that looks like an e-mail address or a phone number is withheld before it is
  read (``private-value``): the page never shows it.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable
from typing import TypeVar

from wikisync.measuring.indicators import Indicator, IndicatorSet, KeyResult, Objective, Period
from wikisync.measuring.measures import MEASURES, Unit
from wikisync.model import Problem, RawRecord, RecordKind, SourceRef
from wikisync.normalize.contact import has_contact_details
from wikisync.normalize.dates import parse_date
from wikisync.normalize.keys import fold
from wikisync.normalize.markup import plain_text
from wikisync.normalize.problems import problem
from wikisync.normalize.text import clean_text, single_line

#: How a period may be written, folded.
PERIODS: dict[str, Period] = {
    **dict.fromkeys(("month", "monthly", "months"), Period.MONTH),
    **dict.fromkeys(("quarter", "quarterly", "quarters"), Period.QUARTER),
    **dict.fromkeys(("year", "yearly", "annual", "annually", "years"), Period.YEAR),
}
_NUMBER = re.compile(r"(?P<number>\d+(?:[.,]\d+)?)\s*(?P<percent>%?)")


#: Why a value was left out.
_PRIVATE_MESSAGE = "the value looks like an e-mail address or a phone number and is withheld"


def normalise_indicators(records: Iterable[RawRecord]) -> tuple[IndicatorSet, list[Problem]]:
    """The indicators, objectives and key results of the page's records, in page order,
    with the problems of their values."""
    problems: list[Problem] = []
    chosen = [_without_contact_details(record, problems) for record in records]
    indicators = _unique(
        [_indicator(r, problems) for r in chosen if r.kind is RecordKind.INDICATOR], problems
    )
    objectives = _unique(
        [_objective(r, problems) for r in chosen if r.kind is RecordKind.OBJECTIVE], problems
    )
    found = IndicatorSet(tuple(indicators), tuple(objectives))
    results = [
        result
        for record in chosen
        if record.kind is RecordKind.KEY_RESULT
        and (result := _key_result(record, found, problems)) is not None
    ]
    return IndicatorSet(found.indicators, found.objectives, tuple(results)), problems


def _without_contact_details(record: RawRecord, problems: list[Problem]) -> RawRecord:
    """``record`` without the values that look like an e-mail address or a phone number
    (each a ``private-value`` problem): what the page shows never carries one."""
    withheld = sorted(name for name, value in record.fields.items() if has_contact_details(value))
    for name in withheld:
        problems.append(problem("private-value", _PRIVATE_MESSAGE, record.source, field=name))
    if not withheld:
        return record
    kept = {name: value for name, value in record.fields.items() if name not in withheld}
    return dataclasses.replace(record, fields=kept)


def _text(record: RawRecord, name: str) -> str:
    text, _ = clean_text(plain_text(record.fields.get(name, "")))
    return single_line(text)


def _indicator(record: RawRecord, problems: list[Problem]) -> Indicator | None:
    source = record.source
    ident = _text(record, "id")
    if not ident:
        problems.append(_missing("id", source))
        return None
    measure = fold(_text(record, "measure")).replace(" ", "-")
    if measure not in MEASURES:
        hints = tuple(difflib.get_close_matches(measure, list(MEASURES), n=3, cutoff=0.5))
        shown = measure or "(empty)"
        problems.append(
            problem(
                "unknown-measure",
                f"{shown!r} is not a measure the bot computes",
                source,
                field="measure",
                value=measure,
                hints=hints or tuple(MEASURES),
            )
        )
        return None
    target_text = _text(record, "target")
    target = parse_target(target_text, MEASURES[measure].unit)
    if target_text and target is None:
        problems.append(_bad_target(target_text, source))
    return Indicator(
        id=ident,
        label=_text(record, "label") or ident,
        measure=measure,
        definition=_text(record, "definition"),
        target=target,
        period=_period(_text(record, "period"), source, problems),
        source=source,
    )


def _objective(record: RawRecord, problems: list[Problem]) -> Objective | None:
    ident = _text(record, "id")
    if not ident:
        problems.append(_missing("id", record.source))
        return None
    return Objective(ident, _text(record, "label") or ident, record.source)


def _key_result(
    record: RawRecord, found: IndicatorSet, problems: list[Problem]
) -> KeyResult | None:
    source = record.source
    objective = _text(record, "objective")
    if objective not in {item.id for item in found.objectives}:
        problems.append(_unknown("unknown-objective", "objective", objective, source))
        return None
    indicator = found.indicator(_text(record, "indicator"))
    if indicator is None:
        problems.append(
            _unknown("unknown-indicator", "indicator", _text(record, "indicator"), source)
        )
        return None
    written = _text(record, "target")
    target = parse_target(written, MEASURES[indicator.measure].unit)
    if target is None or target == 0:
        problems.append(_bad_target(written, source))
        return None
    date_text = _text(record, "date")
    date = parse_date(date_text) if date_text else None
    if date_text and date is None:
        problems.append(
            problem(
                "invalid-record-date",
                f"{date_text!r} is not a date (write year-month-day)",
                source,
                field="date",
                value=date_text,
            )
        )
    return KeyResult(objective, indicator.id, target, date, source)


def parse_target(text: str, unit: Unit) -> float | None:
    """A target as written: a number not below zero (a comma may be the decimal mark); for
    a share also a percentage, ``60%`` or ``60 %`` being 0.6. None: not a target."""
    found = _NUMBER.fullmatch(text.strip())
    if found is None:
        return None
    number = float(found.group("number").replace(",", "."))
    if found.group("percent"):
        return number / 100 if unit is Unit.SHARE else None
    if unit is Unit.SHARE and number > 1:
        return None
    return number


def _period(text: str, source: SourceRef, problems: list[Problem]) -> Period:
    if not text:
        return Period.MONTH
    period = PERIODS.get(fold(text))
    if period is None:
        problems.append(
            problem(
                "invalid-period",
                f"{text!r} is not a period: month, quarter or year",
                source,
                field="period",
                value=text,
                hints=tuple(p.value for p in Period),
            )
        )
        return Period.MONTH
    return period


_Item = TypeVar("_Item", Indicator, Objective)


def _unique(items: list[_Item | None], problems: list[Problem]) -> list[_Item]:
    """The items, the first of each id kept and the others reported."""
    kept: dict[str, _Item] = {}
    for item in items:
        if item is None:
            continue
        if item.id in kept:
            problems.append(
                problem(
                    "duplicate-indicator",
                    f"the id {item.id!r} is already used above on the page",
                    item.source,
                    field="id",
                    value=item.id,
                )
            )
            continue
        kept[item.id] = item
    return list(kept.values())


def _missing(name: str, source: SourceRef) -> Problem:
    return problem("missing-field", f"the required field {name!r} is empty", source, field=name)


def _bad_target(text: str, source: SourceRef) -> Problem:
    return problem(
        "invalid-target",
        f"{text!r} is not a target (a number, or a percentage for a share)",
        source,
        field="target",
        value=text,
    )


def _unknown(code: str, name: str, value: str, source: SourceRef) -> Problem:
    return problem(
        code, f"no {name} {value!r} is defined on this page", source, field=name, value=value
    )
