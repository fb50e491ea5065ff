"""The values of the measures period by period, as the state keeps them between runs.

Each run measures what the indicators name and puts the values under the period it runs
in (:func:`~wikisync.measuring.indicators.period_key`): the last run within a period wins
for that period, earlier (and later) periods are kept as they are. Today's values always
come from the run, so a re-run on the same day renders the same page and edits nothing.
The state keeps them as one JSON snapshot, written when the job of the shared measurement
page succeeds.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from wikisync.measuring.indicators import Indicator, Period, period_key
from wikisync.measuring.measures import Value

#: The state's name for the snapshot of measured values.
MEASUREMENT_SNAPSHOT = "measurement"


def series_key(measure: str, period: Period) -> str:
    """The name of one measure's series of one period kind: ``met-pairs/month``."""
    return f"{measure}/{period.value}"


@dataclass(frozen=True, slots=True)
class Snapshots:
    """Series name (:func:`series_key`) -> period key -> the measure's value then."""

    series: Mapping[str, Mapping[str, Value]] = field(default_factory=dict)

    def of(self, indicator: Indicator) -> dict[str, Value]:
        """The values of an indicator's measure over its kind of period, oldest first."""
        found = self.series.get(series_key(indicator.measure, indicator.period), {})
        return {key: found[key] for key in sorted(found)}

    def with_run(
        self, indicators: tuple[Indicator, ...], values: Mapping[str, Value], today: dt.date
    ) -> Snapshots:
        """These snapshots with ``values`` (measure -> value of this run) put under the
        period ``today`` falls in, for every measure and period the indicators name."""
        series = {name: dict(points) for name, points in self.series.items()}
        for indicator in indicators:
            name = series_key(indicator.measure, indicator.period)
            series.setdefault(name, {})[period_key(today, indicator.period)] = values[
                indicator.measure
            ]
        return Snapshots({name: series[name] for name in sorted(series)})

    def to_json(self) -> str:
        """The snapshots as the state stores them (keys sorted: the same text every time)."""
        payload = {
            name: {key: _value_json(value) for key, value in points.items()}
            for name, points in self.series.items()
        }
        return json.dumps(payload, sort_keys=True, ensure_ascii=False)

    @classmethod
    def from_json(cls, payload: str | None) -> Snapshots:
        """Snapshots as stored; none for a missing or unreadable payload."""
        if not payload:
            return cls()
        try:
            data = json.loads(payload)
            return cls(
                {
                    str(name): {str(key): _value(item) for key, item in points.items()}
                    for name, points in data.items()
                }
            )
        except (ValueError, TypeError, AttributeError, KeyError):
            return cls()


def _value_json(value: Value) -> dict[str, object]:
    return {
        "total": value.total,
        "region": dict(value.by_region),
        "organisation": dict(value.by_organisation),
    }


def _value(item: Mapping[str, object]) -> Value:
    region = item.get("region", {})
    organisation = item.get("organisation", {})
    return Value(
        _number(item["total"]),
        {str(k): _number(v) for k, v in dict(region).items()},  # type: ignore[call-overload]
        {str(k): _number(v) for k, v in dict(organisation).items()},  # type: ignore[call-overload]
    )


def _number(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"not a number: {value!r}")
    return value
