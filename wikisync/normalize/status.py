"""Availability: ``active``, ``away until <date>``, ``inactive`` (and translations).

An ``away`` whose date has passed counts as active again (reported, so the editor can tidy
the entry); ``away`` without a date stays away until the editor changes it. An unknown
status is reported and treated as active, the default for a listed person.
"""

from __future__ import annotations

import datetime as dt
import re

from wikisync.model import Status
from wikisync.normalize.caching import cache_short
from wikisync.normalize.dates import parse_date
from wikisync.normalize.keys import fold
from wikisync.normalize.problems import Issue

_ACTIVE = frozenset(
    {"active", "actif", "activo", "activa", "ativo", "ativa", "available", "yes"}
    | {"disponible", "disponivel", "نشط", "open"}
)
_INACTIVE = frozenset(
    {"inactive", "inactif", "inactivo", "inactiva", "inativo", "inativa", "retired", "no"}
    | {"not available", "unavailable", "indisponible", "no disponible", "غير نشط", "closed"}
)
_AWAY = re.compile(
    r"(?:away|absent|absente|ausente|on leave|en conge|de licencia|busy|paused|غائب"
    r"|on holiday|on vacation|en vacances|de vacaciones|de ferias)"
    r"(?:\s+(?:until|till|til|to|jusqu au|jusqu a|jusqu|au|hasta|hasta el|ate|ate o|حتى))?"
    r"(?:\s+(?P<date>.+))?"
)

StatusValue = tuple[Status, dt.date | None, Issue | None]


@cache_short
def parse_status(text: str, today: dt.date) -> StatusValue:
    """(status, away-until date, issue) for ``text`` as of ``today``; empty means active."""
    key = fold(text)
    if not key or key in _ACTIVE:
        return Status.ACTIVE, None, None
    if key in _INACTIVE:
        return Status.INACTIVE, None, None
    away = _AWAY.fullmatch(key)
    if away is None:
        message = f'"{text}" is not a status (active, away until YYYY-MM-DD, inactive)'
        return Status.ACTIVE, None, Issue("unknown-status", message, text)
    return _away(text, away.group("date"), today)


def _away(text: str, written_date: str | None, today: dt.date) -> StatusValue:
    if not written_date:
        return Status.AWAY, None, None
    until = parse_date(written_date)
    if until is None:
        message = f'"{text}": the date is not understood (write it as YYYY-MM-DD)'
        return Status.AWAY, None, Issue("invalid-date", message, text)
    if until < today:
        message = f'"{text}": the date has passed, so the person counts as active'
        return Status.ACTIVE, None, Issue("away-expired", message, text)
    return Status.AWAY, until, None
