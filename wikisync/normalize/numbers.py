"""Small scalar fields: capacity (a bounded count) and yes/no flags."""

from __future__ import annotations

import re
from functools import lru_cache

from wikisync.normalize.keys import fold
from wikisync.normalize.problems import Issue

_LEADING_NUMBER = re.compile(r"\s*(\d{1,6})\b")
_YES = frozenset(
    {"yes", "y", "true", "1", "oui", "si", "sim", "نعم", "x", "ok", "agree", "i agree"}
    | {"✓", "✔", "ja", "da", "d accord", "acepto", "aceito", "concordo", "accepted"}
)
_NO = frozenset({"no", "n", "false", "0", "non", "nao", "لا", "nein", "refuse", "decline"})


@lru_cache(maxsize=1 << 10)
def parse_capacity(text: str, default: int, maximum: int) -> tuple[int, Issue | None]:
    """How many learners someone takes at once: a whole number from 0 to ``maximum``.

    Empty means ``default``; text after the number ("3 learners") is ignored; a value above
    ``maximum`` is lowered to it; anything else is reported and ``default`` is used.
    """
    if not text.strip():
        return default, None
    match = _LEADING_NUMBER.match(text)
    if match is None:
        message = f'"{text}" is not a number of learners; {default} used'
        return default, Issue("invalid-capacity", message, text)
    value = int(match.group(1))
    if value > maximum:
        message = f"capacity {value} is above the programme's maximum; {maximum} used"
        return maximum, Issue("capacity-too-high", message, text)
    return value, None


@lru_cache(maxsize=1 << 10)
def parse_flag(text: str, default: bool) -> tuple[bool, Issue | None]:
    """A yes/no value in several languages ("yes", "oui", "sí", "no" ...); empty: ``default``.

    When the whole value is not a known word, its first word decides ("Yes, I agree").
    """
    key = fold(text) or text.strip()
    if not key:
        return default, None
    for candidate in (key, key.split()[0]):
        if candidate in _YES:
            return True, None
        if candidate in _NO:
            return False, None
    message = f'"{text}" is not yes or no; {"yes" if default else "no"} used'
    return default, Issue("invalid-boolean", message, text)
