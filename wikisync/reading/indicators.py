"""Reading the indicators page: what the shared measurement page measures, and the goals.

Three templates stand on the page, in any order (their names come from the programme
settings)::

    {{Indicator | id = matched | label = Requests matched | definition = …
     | measure = requests-matched | target = 60% | period = month}}
    {{Objective | id = reach | label = Every learner finds a peer}}
    {{Key result | objective = reach | indicator = matched | target = 75% | date = 2027-06-30}}

This step only reads what is written, with the problems of writing; what the values mean
(a known measure, a number, a period, a date) is decided by
:mod:`wikisync.normalize.indicators`.
"""

from __future__ import annotations

from wikisync.model import Problem, RawRecord, RecordKind
from wikisync.reading.parse import parameter_hints, template_calls
from wikisync.settings.programme import Templates

#: The parameter names of an indicator (folded as parameter keys), by field.
INDICATOR_PARAMETERS: dict[str, str] = {
    "id": "id",
    **dict.fromkeys(("label", "name", "title"), "label"),
    **dict.fromkeys(("definition", "description"), "definition"),
    **dict.fromkeys(("measure", "metric"), "measure"),
    **dict.fromkeys(("target", "goal"), "target"),
    **dict.fromkeys(("period", "every"), "period"),
}
#: The parameter names of an objective, by field.
OBJECTIVE_PARAMETERS: dict[str, str] = {
    "id": "id",
    **dict.fromkeys(("label", "name", "title"), "label"),
}
#: The parameter names of a key result, by field.
KEY_RESULT_PARAMETERS: dict[str, str] = {
    "objective": "objective",
    **dict.fromkeys(("indicator", "measure"), "indicator"),
    **dict.fromkeys(("target", "goal"), "target"),
    **dict.fromkeys(("date", "by", "deadline"), "date"),
}


def parse_indicators(
    text: str, page: str, revision: int, settings: Templates
) -> tuple[list[RawRecord], list[Problem]]:
    """The indicator, objective and key-result templates of the page in page order, with
    the problems of how they are written; every value is kept as raw wikitext."""
    found: list[tuple[int, RawRecord]] = []
    problems: list[Problem] = []
    reads = (
        (RecordKind.INDICATOR, settings.indicator, INDICATOR_PARAMETERS),
        (RecordKind.OBJECTIVE, settings.objective, OBJECTIVE_PARAMETERS),
        (RecordKind.KEY_RESULT, settings.key_result, KEY_RESULT_PARAMETERS),
    )
    for kind, name, parameters in reads:
        hints = parameter_hints(sorted(set(parameters.values())))
        for source, values, written in template_calls(
            text, page, revision, name, parameters.get, hints
        ):
            problems.extend(written)
            found.append((source.line, RawRecord(kind, values, source)))
    found.sort(key=lambda item: item[0])
    return [record for _, record in found], problems
