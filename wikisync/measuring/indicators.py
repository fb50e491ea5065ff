"""What the shared measurement page measures: indicators, and goals as objectives with
key results, as the indicators page defines them (see :mod:`wikisync.normalize.indicators`).

An indicator is one of the bot's measures (:mod:`wikisync.measuring.measures`) under a
programme's own name and definition, with a target and the period its values are kept
for: each calendar month, quarter or year (UTC) has one value, that of the last run in it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from wikisync.model import SourceRef


class Period(Enum):
    """How long one value of an indicator stands for."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


def period_key(day: dt.date, period: Period) -> str:
    """The period ``day`` falls in, as written on pages and in the state: ``2026-12``,
    ``2026-Q4`` or ``2026``; keys of one kind sort in time order."""
    if period is Period.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    if period is Period.QUARTER:
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}"


@dataclass(frozen=True, slots=True)
class Indicator:
    """One figure of the shared measurement page.

    ``measure`` names the computed measure; ``target`` is in the measure's unit (a share is
    a fraction: 0.6 for 60 %), None when none is set; ``label`` and ``definition`` are plain
    text as the editors wrote them.
    """

    id: str
    label: str
    measure: str
    definition: str = ""
    target: float | None = None
    period: Period = Period.MONTH
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class Objective:
    """A goal of the programme, in words; its key results say how it is measured."""

    id: str
    label: str
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class KeyResult:
    """A target for one indicator by a date, under an objective."""

    objective: str
    indicator: str
    target: float
    date: dt.date | None = None
    source: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class IndicatorSet:
    """Everything the indicators page defines, in page order."""

    indicators: tuple[Indicator, ...] = ()
    objectives: tuple[Objective, ...] = ()
    key_results: tuple[KeyResult, ...] = ()

    def indicator(self, indicator_id: str) -> Indicator | None:
        """The indicator of ``indicator_id``, or None."""
        return next((item for item in self.indicators if item.id == indicator_id), None)

    def results_of(self, objective_id: str) -> tuple[KeyResult, ...]:
        """The key results of one objective, in page order."""
        return tuple(item for item in self.key_results if item.objective == objective_id)
