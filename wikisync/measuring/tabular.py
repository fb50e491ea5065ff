"""The indicators as Commons-style tabular data (a ``Data:….tab`` page), and its rules.

One row per indicator and period, from the values the state keeps (what the shared
measurement page shows): the indicator's id, label and measure, the period, the value,
the target and how far the value has come towards the target
(:meth:`~wikisync.measuring.measures.Measure.share_of_target`). :func:`tabular_problems`
checks a payload against the rules of the JsonConfig extension's tabular pages, as far as
wikisync writes them: a licence, a description by language, ``schema.fields`` of
``{name, type, title}`` whose names match ``^[\\pL_][\\pL\\pN_]*$`` and whose types are
``number`` or ``string``, and ``data`` rows of as many cells, each of its field's type or
null.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence

from wikisync.measuring.indicators import IndicatorSet
from wikisync.measuring.measures import MEASURES
from wikisync.measuring.snapshots import Snapshots

#: The licence of the exported data: the figures are facts about the programme.
LICENSE = "CC0-1.0"
#: The column types a tabular page may have here.
TYPES = frozenset({"number", "string"})
#: Longest string cell Commons accepts, in characters.
MAX_STRING = 400
#: Largest page the wiki stores, in bytes (tabular pages are JSON pages).
MAX_BYTES = 2 * 1024 * 1024
#: The columns, in order: (name, type, English title).
FIELDS: tuple[tuple[str, str, str], ...] = (
    ("indicator", "string", "Indicator"),
    ("label", "string", "Label"),
    ("measure", "string", "Measure"),
    ("period", "string", "Period"),
    ("value", "number", "Value"),
    ("target", "number", "Target"),
    ("progress", "number", "Share of target"),
)
DESCRIPTION = "Indicators of the programme's shared measurement, one row per period."


def tabular(indicators: IndicatorSet, snapshots: Snapshots, lang: str = "en") -> dict[str, object]:
    """The tabular payload of the indicators' values kept in ``snapshots``, indicators in
    page order and periods oldest first; ``lang`` is the language of the labels."""
    rows: list[list[object]] = []
    for indicator in indicators.indicators:
        for key, value in snapshots.of(indicator).items():
            total = value.total
            target = indicator.target
            share = MEASURES[indicator.measure].share_of_target(total, target)
            rows.append(
                [
                    indicator.id,
                    indicator.label[:MAX_STRING],
                    indicator.measure,
                    key,
                    round(total, 6) if total is not None else None,
                    target,
                    round(share, 6) if share is not None else None,
                ]
            )
    return {
        "license": LICENSE,
        "description": {lang: DESCRIPTION},
        "sources": "wikisync",
        "schema": {
            "fields": [
                {"name": name, "type": kind, "title": {lang: title}} for name, kind, title in FIELDS
            ]
        },
        "data": rows,
    }


def tabular_text(payload: Mapping[str, object]) -> str:
    """The payload as the page's text: JSON with keys in a fixed order, one row a line."""
    return json.dumps(payload, ensure_ascii=False, indent="\t") + "\n"


def is_field_name(name: str) -> bool:
    """Whether ``name`` matches ``^[\\pL_][\\pL\\pN_]*$``: a letter or ``_``, then
    letters, numbers or ``_``."""
    if not name:
        return False
    first, rest = name[0], name[1:]
    return _letter_or_underscore(first) and all(
        _letter_or_underscore(char) or unicodedata.category(char).startswith("N") for char in rest
    )


def _letter_or_underscore(char: str) -> bool:
    return char == "_" or unicodedata.category(char).startswith("L")


def tabular_problems(payload: object) -> list[str]:
    """Every way ``payload`` breaks the rules of a tabular page; empty when it is one."""
    if not isinstance(payload, Mapping):
        return ["the payload is not a JSON object"]
    problems = [f"unknown key {key!r}" for key in payload if key not in _KEYS]
    if not isinstance(payload.get("license"), str) or not payload.get("license"):
        problems.append("license: a licence identifier is required")
    problems += _localised(payload.get("description"), "description")
    if "sources" in payload and not isinstance(payload["sources"], str):
        problems.append("sources: not a string")
    schema = payload.get("schema")
    fields = schema.get("fields") if isinstance(schema, Mapping) else None
    if not isinstance(fields, list) or not fields:
        return [*problems, "schema.fields: a non-empty list of fields is required"]
    types = []
    for index, item in enumerate(fields):
        where = f"schema.fields[{index}]"
        if not isinstance(item, Mapping):
            problems.append(f"{where}: not an object")
            types.append("")
            continue
        problems += _field_problems(item, where)
        types.append(str(item.get("type", "")))
    names = [item.get("name") for item in fields if isinstance(item, Mapping)]
    problems += [f"schema.fields: {name!r} is named twice" for name in _twice(names)]
    problems += _rows_problems(payload.get("data"), types)
    size = len(json.dumps(payload, ensure_ascii=False).encode())
    if size > MAX_BYTES:
        problems.append(f"the page would be {size} bytes, above {MAX_BYTES}")
    return problems


_KEYS = frozenset({"license", "description", "sources", "schema", "data", "mediawikiCategories"})


def _localised(value: object, where: str) -> list[str]:
    """Problems of a text by language (``{"en": "…"}``)."""
    if not isinstance(value, Mapping) or not value:
        return [f"{where}: an object of texts by language is required"]
    return [
        f"{where}.{lang}: not a string"
        for lang, text in value.items()
        if not isinstance(lang, str) or not isinstance(text, str)
    ]


def _field_problems(item: Mapping[str, object], where: str) -> list[str]:
    problems = []
    name = item.get("name")
    if not isinstance(name, str) or not is_field_name(name):
        problems.append(f"{where}.name: {name!r} does not match ^[\\pL_][\\pL\\pN_]*$")
    if item.get("type") not in TYPES:
        problems.append(f"{where}.type: {item.get('type')!r} is not number or string")
    problems += _localised(item.get("title"), f"{where}.title")
    problems += [f"{where}: unknown key {key!r}" for key in item if key not in _FIELD_KEYS]
    return problems


_FIELD_KEYS = frozenset({"name", "type", "title"})


def _twice(names: Sequence[object]) -> list[object]:
    seen: set[object] = set()
    twice = []
    for name in names:
        if name in seen and name not in twice:
            twice.append(name)
        seen.add(name)
    return twice


def _rows_problems(rows: object, types: Sequence[str]) -> list[str]:
    if not isinstance(rows, list):
        return ["data: a list of rows is required"]
    problems = []
    for number, row in enumerate(rows):
        if not isinstance(row, list) or len(row) != len(types):
            problems.append(f"data[{number}]: not a row of {len(types)} cells")
            continue
        problems += [
            f"data[{number}][{column}]: {cell!r} is not a {kind}"
            for column, (cell, kind) in enumerate(zip(row, types, strict=True))
            if not _of_type(cell, kind)
        ]
    return problems


def _of_type(cell: object, kind: str) -> bool:
    if cell is None:
        return True
    if kind == "number":
        return isinstance(cell, int | float) and not isinstance(cell, bool)
    return isinstance(cell, str) and len(cell) <= MAX_STRING
