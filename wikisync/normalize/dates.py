"""Calendar dates as editors write them, in English, French, Spanish and Portuguese.

Accepted: ``2026-12-31``, ``2026/12/31``, ``31/12/2026``, ``31.12.2026``, ``31 December 2026``,
``December 31, 2026``, ``31 de diciembre de 2026``, ``1er janvier 2027`` and month-year
forms (``December 2026``, meaning the last day of that month). All-number dates are read day
first (as most of the world writes them) unless the first number cannot be a month's day
and the second can, or the first number has four digits (year first). Two-digit years are
in the 2000s.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from wikisync.normalize.keys import fold

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan", "janvier", "janv", "enero", "ene", "janeiro"),
        ("february", "feb", "fevrier", "fevr", "febrero", "fevereiro", "fev"),
        ("march", "mar", "mars", "marzo", "marco"),
        ("april", "apr", "avril", "avr", "abril", "abr"),
        ("may", "mai", "mayo", "maio"),
        ("june", "jun", "juin", "junio", "junho"),
        ("july", "jul", "juillet", "juil", "julio", "julho"),
        ("august", "aug", "aout", "agosto", "ago"),
        ("september", "sep", "sept", "septembre", "septiembre", "setiembre", "setembro", "set"),
        ("october", "oct", "octobre", "octubre", "outubro", "out"),
        ("november", "nov", "novembre", "noviembre", "novembro"),
        ("december", "dec", "decembre", "diciembre", "dic", "dezembro", "dez"),
    ),
    start=1,
):
    _MONTHS.update(dict.fromkeys(_names, _number))

_FILLERS = frozenset({"de", "of", "the", "el", "le", "du", "do"})
_ORDINAL = re.compile(r"(\d+)(?:st|nd|rd|th|er|e|o|º)$")


def parse_date(text: str) -> dt.date | None:
    """The date written in ``text``, or None when it is not a valid date."""
    words = [_ORDINAL.sub(r"\1", word) for word in fold(text).split() if word not in _FILLERS]
    numbers = [word for word in words if word.isdigit()]
    months = [_MONTHS[word] for word in words if word in _MONTHS]
    if len(numbers) + len(months) != len(words):
        return None
    try:
        if len(months) == 1:
            return _with_month_name(numbers, months[0])
        if not months and len(numbers) == 3:
            return _all_numbers(numbers)
    except ValueError:
        return None
    return None


def _with_month_name(numbers: list[str], month: int) -> dt.date | None:
    if len(numbers) == 1 and len(numbers[0]) == 4:
        whole_month = int(numbers[0])
        return dt.date(whole_month, month, calendar.monthrange(whole_month, month)[1])
    if len(numbers) != 2:
        return None
    first, second = numbers
    day, year = (second, first) if len(first) == 4 else (first, second)
    return dt.date(_year(year), month, int(day))


def _all_numbers(numbers: list[str]) -> dt.date:
    first, second, third = numbers
    if len(first) == 4:
        return dt.date(int(first), int(second), int(third))
    day, month = int(first), int(second)
    if month > 12 >= day:
        day, month = month, day
    return dt.date(_year(third), month, day)


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) <= 2 else year
