"""Rendered parts remembered by a digest of everything they were rendered from.

A renderer is a pure function of its inputs; a part of a page (one skill's resource page,
one skill's parts of the suggested-connections page) whose inputs digest to the value
remembered from an earlier run has the body it had then, so it is taken from the memo
instead of rendered again. The digest covers the code
(:func:`~wikisync.code_digest.code_digest`), the settings and language, and the part's own
data, so other code, a new setting or a changed row all render the part again.

Planning only reads the memo: the parts rendered afresh are in :meth:`RenderMemo.rows`,
for a live run to keep (see :mod:`wikisync.writing.execute`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import marshal
import operator
from collections.abc import Callable, Iterator, Mapping
from enum import Enum
from typing import Any, cast


def digest(*parts: object) -> str:
    """A digest of ``parts``: equal inputs give equal digests, and different ones differ.

    Dataclasses count by every field, enums by value, dates by their ISO form, mappings by
    their items in order and sets in sorted order (see :func:`plain`).
    """
    return plain_digest(plain(parts))


def plain_digest(value: _Plain) -> str:
    """The digest of a value that is already plain (see :func:`plain`)."""
    return hashlib.blake2b(marshal.dumps(value, 2), digest_size=20).hexdigest()


_Plain = str | int | float | bool | bytes | tuple[Any, ...] | None
_ATOMS = frozenset({str, int, float, bool, bytes, type(None)})


def plain(value: object) -> _Plain:
    """``value`` as plain tuples, strings and numbers (what :mod:`marshal` writes, one way)."""
    kind: Any = type(value)
    if kind in _ATOMS:
        return cast(_Plain, value)
    return _converter(kind)(value)


def _plain_items(values: Any) -> tuple[_Plain, ...]:
    items = tuple(values)
    if _ATOMS.issuperset(map(type, items)):
        return items
    return tuple([value if type(value) in _ATOMS else plain(value) for value in items])


@functools.cache
def _converter(kind: type) -> Callable[[Any], _Plain]:
    """How values of ``kind`` become plain: a dataclass by its name and every field, an
    enum by its value, a date by its ISO form, a mapping by its items in order, a set in
    sorted order."""
    if issubclass(kind, tuple | list):
        return _plain_items
    if dataclasses.is_dataclass(kind):
        names = [field.name for field in dataclasses.fields(kind)]
        fields = operator.attrgetter(*names)
        if len(names) == 1:
            return lambda value: (kind.__name__, plain(fields(value)))
        return lambda value: (kind.__name__, _plain_items(fields(value)))
    if issubclass(kind, Enum):
        return lambda value: ("enum", kind.__name__, plain(value.value))
    if issubclass(kind, dt.date):
        return lambda value: ("date", value.isoformat())
    if issubclass(kind, Mapping):
        return lambda value: ("map", _plain_items(value.keys()), _plain_items(value.values()))
    if issubclass(kind, frozenset | set):
        return lambda value: ("set", *sorted(_plain_items(value), key=repr))
    raise TypeError(f"no digest for a {kind.__name__}")


class RenderMemo:
    """Payloads of rendered parts by unit, valid for the digest they were stored with.

    ``known``: unit -> (digest, JSON payload) as an earlier run stored them. A unit asked
    for with another digest is rendered, and its payload kept for :meth:`rows`. A payload
    is held once, as the value the renderer (or the decoder) gave, and encoded only when
    stored, so the memo costs no second copy of the pages it renders.
    """

    def __init__(self, known: Mapping[str, tuple[str, str]] | None = None) -> None:
        self._known = dict(known or {})
        self._payloads: dict[str, tuple[str, Any]] = {}
        self._fresh: set[str] = set()
        self.used: set[str] = set()
        self.reused = 0

    @property
    def rendered(self) -> int:
        """How many parts were rendered afresh."""
        return len(self._fresh)

    def part(self, unit: str, key: str, render: Callable[[], Any]) -> Any:
        """The payload of ``unit`` for inputs digesting to ``key``: remembered, or rendered
        by ``render`` (which returns a JSON value: strings, numbers, lists and mappings with
        string keys) and kept for storing."""
        self.used.add(unit)
        held = self._payloads.get(unit)
        if held is not None and held[0] == key:
            return held[1]
        known = self._known.pop(unit, None)
        if known is not None and known[0] == key:
            self.reused += 1
            payload = json.loads(known[1])
        else:
            payload = render()
            self._fresh.add(unit)
        self._payloads[unit] = (key, payload)
        return payload

    def rows(self) -> Iterator[tuple[str, str, str]]:
        """The parts rendered afresh, as state rows (unit, digest, payload), each encoded as
        it is taken."""
        for unit in sorted(self._fresh):
            key, payload = self._payloads[unit]
            yield unit, key, json.dumps(payload, ensure_ascii=False)
