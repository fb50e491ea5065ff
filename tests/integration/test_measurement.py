"""Shared measurement on the real wiki: the indicators page is read, the Shared
measurement page written (one period, then two), a shop talk reported held on the feedback
page counted, the export is valid tabular data, and mistakes on the indicators page reach the
problems page."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from wikisync.dev.devwiki import DevWiki
from wikisync.dev.editor import Editor
from wikisync.dev.sample import PREFIX, SamplePlan, sample_programme
from wikisync.measuring.tabular import tabular_problems
from wikisync.running import operations

INDICATORS = f"{PREFIX}/Indicators"
MEASUREMENT = f"{PREFIX}/Shared measurement"
PROBLEMS = f"{PREFIX}/Directory problems"


@pytest.fixture(scope="module")
def programme(devwiki: DevWiki) -> SamplePlan:
    plan = sample_programme(60, 16, per_page=25)
    devwiki.create_accounts(plan.accounts)
    devwiki.load(plan.pages, "test programme")
    return plan


def test_the_indicators_page_is_read_and_the_measurement_page_written(
    programme: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    config = str(devwiki.settings_file)
    earlier = operations.now() - dt.timedelta(days=31)
    first = operations.run(config, force=True, clock=lambda: earlier).result
    assert first is not None
    assert [i.id for i in first.inputs.indicators.indicators] == [
        "people",
        "sharers",
        "matched",
        "waiting",
        "met",
        "clinics",
        "shoptalks",
        "organisations",
    ]
    assert len(first.inputs.indicators.key_results) == 3
    held = [f for f in first.inputs.organisation_feedback if f.status == "held"]
    assert len(held) == 1  # the sample's feedback page reports one shop talk held
    created = {page.title: page.outcome for page in first.report.pages}
    assert created[MEASUREMENT] == "created"
    result = operations.sync(config)
    outcome = {page.title: page.outcome for page in result.report.pages}
    assert outcome[MEASUREMENT] == "edited"  # the current period is added
    text = human.text(MEASUREMENT) or ""
    assert "<!-- wikisync:measurement:start -->" in text
    assert "=== Requests matched ===" in text
    assert "=== Every learner finds a peer within the year ===" in text
    months = {f"{day:%Y-%m}" for day in (earlier, operations.now())}
    assert len(months) == 2 and all(f"| {month}\n" in text for month in months)

    shop_talks = text.split("=== Shop talks held ===")[1].split("\n=== ")[0]
    quarter = f"{operations.now().year}-Q{(operations.now().month - 1) // 3 + 1}"
    assert f"| {quarter}\n| 1\n| 12\n| 8.3%" in shop_talks, shop_talks

    again = operations.sync(config)
    assert {page.title: page.outcome for page in again.report.pages}[MEASUREMENT] == "unchanged"

    data = json.loads(operations.export(config, "tab"))
    assert tabular_problems(data) == []
    assert {row[3] for row in data["data"] if row[0] == "met"} == months


def test_mistakes_on_the_indicators_page_are_listed_as_problems(
    programme: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    config = str(devwiki.settings_file)
    text = human.text(INDICATORS) or ""
    human.edit(
        INDICATORS,
        text + "\n{{Indicator | id = joy | measure = happiness | period = fortnight }}\n",
        "a mistake",
    )
    operations.sync(config)
    problems = human.text(PROBLEMS) or ""
    assert "unknown-measure" in problems
    assert "happiness" in problems
