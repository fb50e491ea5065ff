"""Time zones: IANA names (any case) or fixed offsets, with the UTC offset at a date.

Accepted: ``Africa/Accra`` (also ``africa/accra``, ``Africa/Addis Ababa``), ``UTC``, ``GMT``,
``UTC+3``, ``UTC-05:30``, ``GMT+1``, ``+0530``, ``UTC+5.5`` and a few unambiguous
abbreviations (``WAT``, ``EAT`` ...). Fixed offsets are written back as ``UTC+hh:mm``. The
offset of an IANA zone depends on the date (summer time), so it is taken at the reference
date given by the caller.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import zoneinfo
from functools import lru_cache

from wikisync.normalize.caching import cache_short
from wikisync.normalize.problems import Issue

_OFFSET = re.compile(
    r"(?:utc|gmt|z)?\s*(?P<sign>[+\-−–])\s*(?P<hours>\d{1,2})"
    r"(?:(?::|h|\.)?(?P<minutes>\d{2})|(?P<fraction>\.5|\.75|,5|,75))?\s*h?",
    re.IGNORECASE,
)
_ZERO = re.compile(r"utc|gmt|z|utc\s*[+\-±]\s*0+(?::?00)?|gmt\s*[+\-±]\s*0+", re.IGNORECASE)
_ABBREVIATIONS = {
    "wat": "Africa/Lagos",
    "cat": "Africa/Maputo",
    "eat": "Africa/Nairobi",
    "sast": "Africa/Johannesburg",
    "pkt": "Asia/Karachi",
    "wib": "Asia/Jakarta",
    "brt": "America/Sao_Paulo",
    "cest": "Europe/Paris",
    "bst": "Europe/London",
    "aest": "Australia/Sydney",
}
_MAX_MINUTES = 14 * 60
_MIN_MINUTES = -12 * 60


@lru_cache(maxsize=1)
def _zones_by_key() -> dict[str, str]:
    return {name.casefold(): name for name in zoneinfo.available_timezones()}


@cache_short
def parse_timezone(text: str, on: dt.date) -> tuple[str | None, int | None, Issue | None]:
    """(time zone, minutes east of UTC on ``on``, issue) for ``text``; empty text gives Nones."""
    compact = text.strip()
    if not compact:
        return None, None, None
    if _ZERO.fullmatch(compact):
        return "UTC", 0, None
    zone = _zone_name(compact)
    if zone is not None:
        return zone, offset_minutes(zone, on), None
    minutes = _fixed_offset(compact)
    if minutes is not None:
        return offset_name(minutes), minutes, None
    message = f'"{text}" is not a time zone (use e.g. Africa/Accra or UTC+03:00)'
    return None, None, Issue("unknown-timezone", message, text, _closest_zones(compact))


def _closest_zones(text: str) -> tuple[str, ...]:
    zones = _zones_by_key()
    key = text.replace(" ", "_").casefold()
    matches = difflib.get_close_matches(key, sorted(zones), n=3, cutoff=0.75)
    return tuple(zones[match] for match in matches if match != key)


def _zone_name(text: str) -> str | None:
    key = re.sub(r"\s*/\s*", "/", text).replace(" ", "_").casefold()
    if key in _ABBREVIATIONS:
        return _ABBREVIATIONS[key]
    if "/" not in key and len(key) <= 3:
        return None
    return _zones_by_key().get(key)


def _fixed_offset(text: str) -> int | None:
    match = _OFFSET.fullmatch(text)
    if match is None:
        return None
    minutes = int(match.group("hours")) * 60
    if match.group("minutes"):
        minutes += int(match.group("minutes"))
    elif match.group("fraction"):
        minutes += 30 if match.group("fraction")[1:] == "5" else 45
    if match.group("sign") != "+":
        minutes = -minutes
    if not _MIN_MINUTES <= minutes <= _MAX_MINUTES or minutes % 15:
        return None
    return minutes


def offset_name(minutes: int) -> str:
    """A fixed offset written as ``UTC+hh:mm`` (``UTC`` for zero)."""
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{rest:02d}"


@lru_cache(maxsize=1 << 12)
def offset_minutes(zone: str, on: dt.date) -> int:
    """Minutes east of UTC in the IANA ``zone`` at noon UTC on ``on``."""
    noon = dt.datetime(on.year, on.month, on.day, 12, tzinfo=dt.UTC)
    offset = noon.astimezone(zoneinfo.ZoneInfo(zone)).utcoffset() or dt.timedelta()
    return int(offset.total_seconds() // 60)
