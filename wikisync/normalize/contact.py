"""Contact details typed where they do not belong: e-mail addresses and phone numbers.

People put their address in a public box ("Jane Roe <jroe (AT) example DOT com>"), or a
phone number next to their name. Such a value must never reach a page, a summary, a log
line or an export, whatever field it is in, so it is recognised in every form editors use
to write addresses: plain (``a@b.org``, also with a full-width or encoded ``@``), and
obfuscated (``a (at) b (dot) org``, ``a [at] b [dot] org``, ``a AT b DOT org``,
``a at b dot org``). A phone number is a run of at least nine digits with the usual
separators (so that dates and years are not mistaken for one).
"""

from __future__ import annotations

import re

from wikisync.normalize.caching import cache_short

_AT_SIGN = r"(?:@|＠|&#0*64;|&#x0*40;|&commat;|﹫)"
_OPEN = r"[\(\[\{<]"
_CLOSE = r"[\)\]\}>]"
_AT_WORD = rf"(?:\s*{_OPEN}\s*at\s*{_CLOSE}\s*|\s+at\s+)"
_DOT_WORD = rf"(?:\s*{_OPEN}\s*(?:dot|point|punto|ponto)\s*{_CLOSE}\s*|\s+dot\s+)"
_LABEL = r"[^\W_][\w-]*"
#: An address starts where a run of address characters starts: one try per run, not per
#: character, keeps the search linear on long values.
_LOCAL = r"(?<![\w.+%'-])[\w.+%'-]*\w"
#: Cheap tests first: without an at-sign or an "at" word there is no address to look for.
_AT_HINT = re.compile(rf"{_AT_SIGN}|\bat\b", re.IGNORECASE)

_PLAIN_EMAIL = re.compile(rf"{_LOCAL}\s*{_AT_SIGN}\s*{_LABEL}(?:\s*\.\s*{_LABEL})+", re.UNICODE)
_OBFUSCATED_EMAIL = re.compile(
    rf"{_LOCAL}{_AT_WORD}{_LABEL}(?:(?:{_DOT_WORD}|\.){_LABEL})*(?:{_DOT_WORD}|\.)[^\W\d_]{{2,}}\b",
    re.IGNORECASE | re.UNICODE,
)
_MAILTO = re.compile(r"mailto\s*:", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d ().\-/\u00a0]{6,}\d(?!\w)")
_PHONE_DIGITS = 9
#: Something each of the patterns above needs (a ``mailto:``, a run of digits long enough
#: for a phone number, an at-sign or an "at" word): most values have none, and one search
#: tells so.
_ANY_HINT = re.compile(rf"mailto\s*:|\d[\d ().\-/\u00a0]{{6,}}\d|{_AT_SIGN}|\bat\b", re.IGNORECASE)
_SHOWN_INSTEAD = "[private]"
#: What a raw value with contact details is kept as once read: still recognised as contact
#: details (so it is reported and left out as before), while holding nothing of them.
WITHHELD = "withheld@contact.invalid"


@cache_short
def has_contact_details(text: str) -> bool:
    """Whether ``text`` holds an e-mail address (in any of its disguises) or a phone number."""
    if not _ANY_HINT.search(text):
        return False
    if _MAILTO.search(text) or any(_is_phone(found.group()) for found in _PHONE.finditer(text)):
        return True
    if not _AT_HINT.search(text):
        return False
    return bool(_PLAIN_EMAIL.search(text) or _OBFUSCATED_EMAIL.search(text))


def without_contact_details(text: str) -> str:
    """``text`` with every e-mail address and phone number replaced by a placeholder."""
    for pattern in (_PLAIN_EMAIL, _OBFUSCATED_EMAIL):
        text = pattern.sub(_SHOWN_INSTEAD, text)
    text = _MAILTO.sub(_SHOWN_INSTEAD, text)
    return _PHONE.sub(
        lambda found: _SHOWN_INSTEAD if _is_phone(found.group()) else found.group(), text
    )


def _is_phone(text: str) -> bool:
    return sum(char.isdigit() for char in text) >= _PHONE_DIGITS


def withheld(text: str) -> str:
    """``text``, or :data:`WITHHELD` when it holds contact details.

    Raw values are kept between runs (the parse cache); this keeps them free of addresses,
    numbers and the names typed beside them, whatever page they were read from.
    """
    return WITHHELD if has_contact_details(text) else text
