"""Fixed text of generated pages, in the wiki's content language.

Messages live in ``wikisync/messages/<lang>.json``. A message is plain text with ``$1``,
``$2`` … parameters and ``{{PLURAL:$n|form|…}}`` choices resolved with the CLDR rules of
:mod:`wikisync.render.plurals`; it never holds markup of its own, so all markup in a page
comes from the renderers. Arguments are escaped unless they are :class:`Wikitext` built by
wikisync, so user text cannot slip into a page unescaped through a message.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources

from wikisync.render.blocks import tenths_of_percent
from wikisync.render.escape import Wikitext, escape
from wikisync.render.plurals import choose_form

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "fr", "es", "ar", "pt")
RTL_LANGUAGES: frozenset[str] = frozenset({"ar"})
FALLBACK_LANGUAGE = "en"

_PLURAL = re.compile(r"\{\{PLURAL:\$([0-9]+)\|([^{}]*)\}\}")
_PARAMETER = re.compile(r"\$([0-9]+)")
_INTEGER = re.compile(r"^-?[0-9]+$")
#: Letters written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko and their
#: presentation forms and supplements), in any value a left-to-right page shows.
_RIGHT_TO_LEFT_LETTER = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


MessageArg = str | int


@dataclass(frozen=True, slots=True)
class Messages:
    """The messages of one language, with English behind them for any missing key.

    Rendered messages are remembered per key and arguments: big pages repeat the same few
    phrases thousands of times.
    """

    lang: str
    texts: Mapping[str, str]
    fallback: Mapping[str, str]
    _rendered: dict[tuple[object, ...], Wikitext] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def rtl(self) -> bool:
        """True when the language is written right to left."""
        return self.lang in RTL_LANGUAGES

    def msg(self, key: str, *args: MessageArg) -> Wikitext:
        """The message ``key`` with its plurals chosen and ``$n`` replaced by ``args``.

        ``int`` arguments are formatted as numbers, :class:`Wikitext` is inserted as it is and
        any other ``str`` is escaped.
        """
        cache_key = (key, *((isinstance(arg, Wikitext), arg) for arg in args))
        rendered = self._rendered.get(cache_key)
        if rendered is None:
            template = self.texts.get(key) or self.fallback[key]
            chosen = _PLURAL.sub(lambda match: self._plural_form(match, args), template)
            rendered = Wikitext(_PARAMETER.sub(lambda match: self._argument(match, args), chosen))
            self._rendered[cache_key] = rendered
        return rendered

    def number(self, value: int) -> str:
        """``value`` written as a plain integer."""
        return str(value)

    def percent(self, part: int, total: int) -> Wikitext:
        """``part`` of ``total`` as a percentage with one decimal, rounded half up."""
        whole, decimal = divmod(tenths_of_percent(part, total), 10)
        separator = self.texts.get("decimal-separator") or self.fallback["decimal-separator"]
        return self.msg("percent", Wikitext(f"{whole}{separator}{decimal}"))

    def decimal(self, value: float) -> str:
        """``value`` with one decimal, rounded half up, in the language's decimal mark; a
        whole number is written without one."""
        tenths = int(value * 10 + 0.5) if value >= 0 else -int(-value * 10 + 0.5)
        whole, decimal = divmod(abs(tenths), 10)
        sign = "-" if tenths < 0 else ""
        if not decimal:
            return f"{sign}{whole}"
        separator = self.texts.get("decimal-separator") or self.fallback["decimal-separator"]
        return f"{sign}{whole}{separator}{decimal}"

    def join(self, items: Sequence[str]) -> Wikitext:
        """Already rendered ``items`` joined with the language's list separator."""
        separator = self.texts.get("list-separator") or self.fallback["list-separator"]
        return Wikitext(separator.join(items))

    def isolate(self, text: str) -> Wikitext:
        """``text`` (a username or another value people wrote) isolated with ``<bdi>`` where
        it could reorder the text around it: always on a right-to-left page, and on a
        left-to-right page when it holds right-to-left letters (an Arabic name followed by a
        comma and a time would otherwise swap places with them)."""
        if text and (self.rtl or _RIGHT_TO_LEFT_LETTER.search(text)):
            return Wikitext(f"<bdi>{text}</bdi>")
        return Wikitext(text)

    def wrap_direction(self, body: str) -> str:
        """``body`` inside a ``dir="rtl"`` block for right-to-left languages."""
        if not self.rtl:
            return body
        return f'<div dir="rtl" lang="{self.lang}">\n{body}\n</div>'

    def _plural_form(self, match: re.Match[str], args: tuple[MessageArg, ...]) -> str:
        value = _argument_at(args, int(match.group(1)))
        forms = tuple(match.group(2).split("|"))
        count = value if isinstance(value, int) else _as_count(value)
        return choose_form(self.lang, count, forms)

    def _argument(self, match: re.Match[str], args: tuple[MessageArg, ...]) -> str:
        value = _argument_at(args, int(match.group(1)))
        if isinstance(value, int):
            return self.number(value)
        if isinstance(value, Wikitext):
            return str(value)
        return escape(value)


def _argument_at(args: tuple[MessageArg, ...], number: int) -> MessageArg:
    """Argument ``$number`` (1-based); a missing one is a bug in the caller."""
    if not 1 <= number <= len(args):
        raise ValueError(f"message needs argument ${number}, got {len(args)} arguments")
    return args[number - 1]


def _as_count(value: str) -> int:
    """A count given as text; text that is not an integer takes the form of 1,000,001, which
    is ``other`` in every supported language."""
    stripped = value.strip()
    return int(stripped) if _INTEGER.match(stripped) else 1_000_001


@functools.cache
def load_catalogue(lang: str) -> Mapping[str, str]:
    """The message table of ``lang`` as shipped in ``wikisync/messages``."""
    if lang not in SUPPORTED_LANGUAGES:
        raise ValueError(f"no messages for language {lang!r}")
    path = resources.files("wikisync").joinpath("messages", f"{lang}.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"messages/{lang}.json must hold an object")
    return {key: _text(lang, key, value) for key, value in data.items() if key != "@metadata"}


def _text(lang: str, key: str, value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"messages/{lang}.json: {key} must be a string")
    return value


def messages_for(lang: str) -> Messages:
    """The messages of ``lang`` (one of :data:`SUPPORTED_LANGUAGES`)."""
    return Messages(lang, load_catalogue(lang), load_catalogue(FALLBACK_LANGUAGE))
