"""The tabular export follows the rules of a Commons ``.tab`` page, and the validator
catches each way a payload can break them."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from wikisync.measuring.indicators import Indicator, IndicatorSet, Period
from wikisync.measuring.measures import Value
from wikisync.measuring.snapshots import Snapshots
from wikisync.measuring.tabular import (
    is_field_name,
    tabular,
    tabular_problems,
    tabular_text,
)

INDICATORS = IndicatorSet(
    (
        Indicator("matched", "Requests matched", "requests-matched", target=0.6),
        Indicator("people", "Participants | all", "participants", period=Period.YEAR),
    )
)


def payload() -> dict[str, object]:
    snapshots = Snapshots()
    for day, share, people in ((dt.date(2026, 3, 1), 0.3, 10), (dt.date(2026, 4, 1), None, 12)):
        values = {"requests-matched": Value(share), "participants": Value(people)}
        snapshots = snapshots.with_run(INDICATORS.indicators, values, day)
    return tabular(INDICATORS, snapshots, "fr")


def test_the_export_is_valid_tabular_data_with_one_row_per_indicator_and_period() -> None:
    data = payload()
    assert tabular_problems(data) == []
    assert tabular_problems(json.loads(tabular_text(data))) == []
    assert data["license"] == "CC0-1.0"
    assert data["data"] == [
        ["matched", "Requests matched", "requests-matched", "2026-03", 0.3, 0.6, 0.5],
        ["matched", "Requests matched", "requests-matched", "2026-04", None, 0.6, None],
        ["people", "Participants | all", "participants", "2026", 12, None, None],
    ]
    assert set(data["description"]) == {"fr"}  # type: ignore[arg-type]


def test_the_text_is_the_same_for_the_same_values() -> None:
    assert tabular_text(payload()) == tabular_text(payload())


@pytest.mark.parametrize(
    ("name", "valid"),
    [("value", True), ("_x1", True), ("año", True), ("1st", False), ("a-b", False), ("", False)],
)
def test_field_names(name: str, valid: bool) -> None:
    assert is_field_name(name) is valid


def broken(change: str) -> dict[str, object]:
    data = copy.deepcopy(payload())
    fields = data["schema"]["fields"]  # type: ignore[index]
    rows = data["data"]
    if change == "license":
        del data["license"]
    elif change == "description":
        data["description"] = "Indicators"
    elif change == "name":
        fields[0]["name"] = "the indicator"
    elif change == "type":
        fields[4]["type"] = "boolean"
    elif change == "title":
        fields[1]["title"] = "Label"
    elif change == "twice":
        fields[1]["name"] = "indicator"
    elif change == "cells":
        rows[0].pop()  # type: ignore[index]
    elif change == "cell":
        rows[0][4] = "30%"  # type: ignore[index]
    elif change == "key":
        data["extra"] = 1
    return data


@pytest.mark.parametrize(
    "change", ["license", "description", "name", "type", "title", "twice", "cells", "cell", "key"]
)
def test_each_broken_rule_is_reported(change: str) -> None:
    assert tabular_problems(broken(change)), change


def test_a_payload_without_fields_is_reported() -> None:
    assert tabular_problems({"license": "CC0-1.0", "description": {"en": "x"}, "data": []})
    assert tabular_problems([]) == ["the payload is not a JSON object"]
