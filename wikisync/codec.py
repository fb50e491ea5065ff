"""Frozen records to JSON and back: for the parse cache and for ``wikisync export``.

Works on the dataclasses of :mod:`wikisync.model` (and any like them) from their type hints:
nested dataclasses, enums, dates, tuples, frozensets, mappings and optional values. The
output is deterministic: frozensets are sorted, keys keep their field order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Mapping
from enum import Enum
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


#: Values that are their own JSON form (exact types: an enum of strings is not one).
_PLAIN = frozenset({str, int, float, bool, type(None)})


def to_jsonable(value: Any) -> Any:
    """A structure of dicts, lists, strings and numbers that ``json.dumps`` accepts."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = _field_names(kind)
    if names is not None:
        return {name: to_jsonable(getattr(value, name)) for name in names}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(to_jsonable(item) for item in value)
    if isinstance(value, tuple | list):
        return [to_jsonable(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): to_jsonable(item) for key, item in value.items()}
    return value


#: Field names by dataclass (None for any other type), filled as types are met.
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass whose instances are of type ``kind``, else None."""
    if kind not in _FIELD_NAMES:
        is_record = dataclasses.is_dataclass(kind)
        _FIELD_NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind)) if is_record else None
    return _FIELD_NAMES[kind]


def from_jsonable(cls: type[T], data: Any) -> T:
    """Rebuild a ``cls`` record from what :func:`to_jsonable` made of it."""
    return typing.cast(T, _decode(cls, data))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(hint: Any, data: Any) -> Any:
    if data is None:
        return None
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        hints = _hints(hint)
        fields = {f.name for f in dataclasses.fields(hint)}
        return hint(**{k: _decode(hints[k], v) for k, v in data.items() if k in fields})
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return _decode(next(a for a in args if a is not type(None)), data)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item) for item in data)
        return tuple(_decode(a, item) for a, item in zip(args, data, strict=True))
    if origin is frozenset:
        return frozenset(_decode(args[0], item) for item in data)
    if origin in (dict, Mapping) or hint is Mapping:
        value_hint = args[1] if args else Any
        return {key: _decode(value_hint, item) for key, item in data.items()}
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(data)
    if hint is dt.date:
        return dt.date.fromisoformat(data)
    if hint is dt.datetime:
        return dt.datetime.fromisoformat(data)
    return data
