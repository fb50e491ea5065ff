"""Memoising normalisers of short strings, with memory bounded on hostile input.

Directory values repeat a lot (statuses, languages, time zones, skills), so normalisers are
memoised; but a value can be 100,000 characters long, so only short strings are kept.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

#: Longer strings are normalised every time instead of being kept in a cache.
MAX_CACHED_LENGTH = 1000
CACHE_SIZE = 1 << 14

F = TypeVar("F", bound=Callable[..., Any])


def cache_short(function: F) -> F:
    """``function`` memoised when its first argument is a string of at most 1,000 characters.

    Arguments are positional only, as in every normaliser that uses it.
    """
    cached = functools.lru_cache(maxsize=CACHE_SIZE)(function)

    def call(text: str, *args: Hashable) -> Any:
        if len(text) <= MAX_CACHED_LENGTH:
            return cached(text, *args)
        return function(text, *args)

    return cast(F, functools.update_wrapper(call, function))


def remembered(cache: dict[K, V], key: K, text: str, compute: Callable[[], V]) -> V:
    """``cache[key]``, computed by ``compute`` when missing and kept if ``text`` is short.

    For memoising per object (a lookup table built from one taxonomy), where
    :func:`cache_short` would share one cache between objects.
    """
    found = cache.get(key)
    if found is None:
        found = compute()
        if len(text) <= MAX_CACHED_LENGTH:
            cache[key] = found
    return found
