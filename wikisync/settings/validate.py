"""Typed reads from loosely typed settings (TOML tables, JSON objects).

Every reader takes the key path it is reading so that a bad value produces one message
that names the path, the value and what was expected, e.g.
``matching.weights.language: expected an integer >= 0, got "high"``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from wikisync.errors import ConfigError

T = TypeVar("T")


def bad_value(path: str, value: object, expected: str) -> ConfigError:
    """The error for ``value`` at ``path`` that should have been ``expected``."""
    shown = repr(value) if not isinstance(value, str) else f'"{value}"'
    if len(shown) > 80:
        shown = shown[:77] + "..."
    return ConfigError(f"{path}: expected {expected}, got {shown}")


def join(path: str, key: str | int) -> str:
    """The path of ``key`` inside ``path`` (``a.b``, ``a[3]``)."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def table(data: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any]:
    """The sub-table at ``key`` (empty when absent)."""
    value = data.get(key, {})
    if not isinstance(value, Mapping):
        raise bad_value(join(path, key), value, "a table of settings")
    return value


def reject_unknown(data: Mapping[str, Any], known: Sequence[str], path: str) -> None:
    """Refuse keys that are not settings: a typo must not silently fall back to a default."""
    for key in data:
        if key not in known:
            allowed = ", ".join(sorted(known))
            raise ConfigError(f"{join(path, key)}: unknown setting (known: {allowed})")


def string(data: Mapping[str, Any], key: str, path: str, default: str) -> str:
    """A string setting."""
    value = data.get(key, default)
    if not isinstance(value, str):
        raise bad_value(join(path, key), value, "a string")
    return value


def non_empty_string(data: Mapping[str, Any], key: str, path: str, default: str) -> str:
    """A string setting that may not be blank."""
    value = string(data, key, path, default)
    if not value.strip():
        raise bad_value(join(path, key), value, "a non-empty string")
    return value


def integer(
    data: Mapping[str, Any],
    key: str,
    path: str,
    default: int,
    minimum: int,
    maximum: int,
) -> int:
    """An integer setting from ``minimum`` to ``maximum``.

    Every number has a finite range: an unbounded one lets a typo hang a run or overflow
    a date.
    """
    value = data.get(key, default)
    expected = "an integer" + _bounds(minimum, maximum)
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_value(join(path, key), value, expected)
    if not minimum <= value <= maximum:
        raise bad_value(join(path, key), value, expected)
    return value


def number(
    data: Mapping[str, Any],
    key: str,
    path: str,
    default: float,
    minimum: float,
    maximum: float,
) -> float:
    """A finite number setting (integer or decimal) from ``minimum`` to ``maximum``.

    NaN and the infinities are refused like any value out of range.
    """
    value = data.get(key, default)
    expected = "a number" + _bounds(minimum, maximum)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise bad_value(join(path, key), value, expected)
    if not math.isfinite(value) or not minimum <= value <= maximum:
        raise bad_value(join(path, key), value, expected)
    return float(value)


def boolean(data: Mapping[str, Any], key: str, path: str, default: bool) -> bool:
    """A true/false setting."""
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise bad_value(join(path, key), value, "true or false")
    return value


def choice(
    data: Mapping[str, Any], key: str, path: str, default: str, options: Sequence[str]
) -> str:
    """A string setting that must be one of ``options``."""
    value = data.get(key, default)
    if value not in options:
        raise bad_value(join(path, key), value, "one of " + ", ".join(options))
    return str(value)


def string_list(
    data: Mapping[str, Any], key: str, path: str, default: Sequence[str] = ()
) -> tuple[str, ...]:
    """A list of strings (a single string is accepted as a one-item list)."""
    value = data.get(key, list(default))
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list):
        raise bad_value(join(path, key), value, "a list of strings")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise bad_value(join(join(path, key), index), item, "a string")
    return tuple(value)


def string_map(
    data: Mapping[str, Any], key: str, path: str, default: Mapping[str, str] | None = None
) -> dict[str, str]:
    """A table of string values keyed by string."""
    value = data.get(key, dict(default or {}))
    if not isinstance(value, Mapping):
        raise bad_value(join(path, key), value, "a table of strings")
    for name, item in value.items():
        if not isinstance(item, str):
            raise bad_value(join(join(path, key), name), item, "a string")
    return dict(value)


def _bounds(minimum: float, maximum: float) -> str:
    return f" from {minimum} to {maximum}"
