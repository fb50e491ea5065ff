"""Account names: extracted from links and templates, read as MediaWiki reads them.

The rules are MediaWiki's own (``UserNameUtils::getCanonical`` and ``isValid``,
``MediaWikiTitleCodec::splitTitleString``, ``$wgLegalTitleChars``,
``$wgInvalidUsernameCharacters``), so that a name is either the account the wiki would
find or refused here, before any request carries it:

* removed without a word, as MediaWiki removes them from titles: the direction marks and
  embeddings U+200E, U+200F, U+202A-202E;
* read as one space: spaces, underscores, the no-break and other Unicode spaces MediaWiki
  turns into underscores in titles (and the tab and line breaks of the wikitext); spaces at
  either end are dropped;
* the first letter is upper-cased (when it has a one-letter capital, which is how the
  Wikimedia wikis are configured for letters such as ``ß``); a namespace prefix
  (``User:``, ``Utilisateur:``, ``Usuario:`` ...) or ``Special:Contributions/`` is removed;
* refused: characters no title may hold (``# < > [ ] | { }``, control characters, U+FFFD),
  ``$wgInvalidUsernameCharacters`` (``@ : >``), a slash (subpages), the characters
  ``isValid`` refuses (C1 controls, zero-width space, non-joiner and joiner, private use:
  every private-use character, not only those of the first plane), lone surrogates and
  noncharacters, ``~~~``, percent escapes and character references, ``.`` and ``..``,
  names longer than 255 bytes, and IP addresses (including ``1.2.3.xxx``).

A refused name is reported by position and character, never as written: it may be an
e-mail address typed in the wrong box, or hold characters that act on a page.
Names MediaWiki accepts but that deceive the eye get a warning: a word that mixes letters
of Latin, Greek, Cyrillic, Armenian or Cherokee (``Аdmin`` with a Cyrillic ``А``), and
invisible formatting characters that MediaWiki keeps (a soft hyphen, a word joiner ...),
which make the name a different account from the one it looks like.
"""

from __future__ import annotations

import datetime as dt
import functools
import ipaddress
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeGuard

from mwparserfromhell.nodes import Template, Wikilink

from wikisync.model import AccountState, Person, Problem
from wikisync.normalize.caching import cache_short
from wikisync.normalize.lists import split_list, unique
from wikisync.normalize.markup import USER_TEMPLATES, plain_text, safe_parse, template_key
from wikisync.normalize.problems import Issue, problem

MAX_BYTES = 255

_USER_NAMESPACES = frozenset(
    {"user", "user talk", "utilisateur", "utilisatrice", "discussion utilisateur"}
    | {"usuario", "usuaria", "usuário", "usuária", "utilizador", "utilizadora"}
    | {"usuario discusión", "usuário discussão", "مستخدم", "مستخدمة", "نقاش المستخدم"}
    | {"benutzer", "benutzerin", "utente"}
)
_SPECIAL_NAMESPACES = frozenset({"special", "spécial", "especial", "خاص", "spezial", "speciale"})
_CONTRIBUTIONS = frozenset({"contributions", "contribuciones", "contribuições", "مساهمات"})
#: Refused in any title (``$wgLegalTitleChars``), in account names (a slash) or when
#: accounts are created (``$wgInvalidUsernameCharacters``).
_REFUSED_ASCII = frozenset("#<>[]|{}/@:")
#: Removed from titles before anything else is looked at.
_STRIPPED = re.compile("[\u200e\u200f\u202a-\u202e]+")
#: Read as a space in titles (with the tab and line breaks of wikitext layout).
_SPACES = re.compile("[ _\t\n\r\u00a0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_MAGIC_SEQUENCE = re.compile(r"~~~|%[0-9A-Fa-f]{2}|&[A-Za-z0-9\x80-\U0010ffff]+;")
_ANY_IPV4 = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.(?:xxx|\d{1,3})", re.ASCII)
#: Scripts whose letters look alike; a word mixing two of them is reported.
_LOOKALIKE_SCRIPTS = frozenset({"LATIN", "GREEK", "CYRILLIC", "ARMENIAN", "CHEROKEE"})
#: Most refused characters described in one problem.
_SHOWN_CHARACTERS = 3
_FIX = "copy the name from the user page"
_LINK_MARKUP = re.compile(r"[\[{]")
_PLAIN_CHARS = r"[^\[\]{}<>&'|]++"
_LINK_OR_TEMPLATE = re.compile(
    r"\[\[(?P<title>[^\[\]{}<>|]*)(?:\|[^\[\]{}<>]*)?\]\]"
    r"|\{\{(?P<template>[^\[\]{}<>|]*)(?P<params>(?:\|[^\[\]{}<>|]*)*)\}\}"
)
_SIMPLE_MARKUP = re.compile(f"(?:{_PLAIN_CHARS}|{_LINK_OR_TEMPLATE.pattern})*+")
#: The characters :func:`_refused_character` refuses, in one class: a name without any
#: needs no closer look.
_MAYBE_REFUSED = re.compile(
    r"[#<>\[\]{}|/@:\x00-\x1f\x7f-\x9f\u200b-\u200d\ud800-\udfff\ue000-\uf8ff\ufdd0-\ufdef"
    r"\ufffd-\uffff\U000f0000-\U0010ffff"
    + "".join(f"\\U{plane:04X}FFFE\\U{plane:04X}FFFF" for plane in range(1, 15))
    + "]"
)
_MAYBE_IP = re.compile(r"[0-9A-Fa-f.:]+")
_PLAIN_NAME = re.compile(r"[ _]*[A-Za-z][A-Za-z0-9 _.\-]*")


def username_from_wikitext(wikitext: str) -> tuple[str | None, tuple[Issue, ...]]:
    """The canonical account name written in a ``username`` value, or None with issues.

    A user link or user template wins over the surrounding text, so a signature such as
    ``[[User:X|Ex]] ([[User talk:X|talk]])`` gives ``X``.
    """
    linked = linked_usernames(wikitext)
    candidate = linked[0] if linked else plain_text(wikitext)
    return canonical_username(candidate)


def linked_usernames(wikitext: str) -> list[str]:
    """The account names that user links and user templates in ``wikitext`` point to."""
    if not _LINK_MARKUP.search(wikitext):
        return []
    return list(_cached_linked_usernames(wikitext))


@cache_short
def _cached_linked_usernames(wikitext: str) -> tuple[str, ...]:
    if _SIMPLE_MARKUP.fullmatch(wikitext):
        return tuple(_simple_linked_usernames(wikitext))
    names: list[str] = []
    for node in safe_parse(wikitext).ifilter(recursive=True):
        if isinstance(node, Wikilink):
            name = _link_target_user(str(node.title))
            if name:
                names.append(name)
        elif _is_user_template(node):
            names.append(plain_text(str(node.get("1").value)))
    return tuple(names)


def _simple_linked_usernames(wikitext: str) -> Iterator[str]:
    """User links and templates of text without nesting, entities or tags (no parse needed)."""
    for match in _LINK_OR_TEMPLATE.finditer(wikitext):
        if match.group("title") is not None:
            name = _link_target_user(match.group("title"))
        elif template_key(match.group("template")) in USER_TEMPLATES:
            name = _first_positional(match.group("params"))
        else:
            name = None
        if name:
            yield name


def _first_positional(params: str) -> str | None:
    for index, param in enumerate(params.split("|")[1:], start=1):
        key, equals, value = param.partition("=")
        if not equals and index == 1:
            return param.strip()
        if equals and key.strip() == "1":
            return value.strip()
    return None


def _is_user_template(node: object) -> TypeGuard[Template]:
    return (
        isinstance(node, Template)
        and template_key(str(node.name)) in USER_TEMPLATES
        and node.has("1")
    )


def _link_target_user(title: str) -> str | None:
    prefix, colon, rest = title.strip().lstrip(":").partition(":")
    if not colon:
        return None
    namespace = _namespace_key(prefix)
    if namespace in _USER_NAMESPACES:
        return rest.split("/", 1)[0]
    page, slash, name = rest.partition("/")
    if namespace in _SPECIAL_NAMESPACES and slash and _namespace_key(page) in _CONTRIBUTIONS:
        return name
    return None


def _namespace_key(prefix: str) -> str:
    return " ".join(prefix.replace("_", " ").split()).casefold()


@cache_short
def canonical_username(text: str) -> tuple[str | None, tuple[Issue, ...]]:
    """``text`` as a canonical account name, or None with a missing/invalid issue.

    A valid name may come with warnings (mixed scripts, invisible formatting characters).
    """
    if len(text) <= MAX_BYTES and _PLAIN_NAME.fullmatch(text):
        name = " ".join(text.replace("_", " ").split())
        return name[0].upper() + name[1:], ()
    name = _without_prefix(_title_text(text))
    if not name:
        return None, (Issue("missing-username", "no account name given"),)
    name = _upper_first(name)
    refusal = _refused_because(name)
    if refusal is not None:
        reason, shown = refusal
        message = f"not a valid account name: {reason}; {_FIX}"
        return None, (Issue("invalid-username", message, shown),)
    return name, _lookalike_issues(name)


def _title_text(text: str) -> str:
    """``text`` as MediaWiki reads a title: NFC, direction marks removed, spaces collapsed."""
    normal = unicodedata.normalize("NFC", _STRIPPED.sub("", text))
    return _SPACES.sub(" ", normal).strip(" ")


def _without_prefix(name: str) -> str:
    for _ in range(2):
        linked = _link_target_user(name)
        if linked is None:
            break
        name = _title_text(linked)
    return name


def _upper_first(name: str) -> str:
    upper = name[0].upper()
    return upper + name[1:] if len(upper) == 1 else name


def _refused_because(name: str) -> tuple[str, str] | None:
    """Why MediaWiki refuses ``name`` as an account name, and what a problem may show of it.

    Both describe the name (positions, code points, length) without repeating it. None when
    the name is valid.
    """
    characters = _refused_characters(name)
    if characters:
        described = "; ".join(f"character {index}: {what}" for index, what in characters)
        return f"account names cannot hold {described}", described
    if _MAGIC_SEQUENCE.search(name):
        reason = "contains ~~~, a percent escape or a character reference"
        return reason, reason
    if name in (".", ".."):
        return "is a relative path", "a relative path"
    size = len(name.encode("utf-8"))
    if size > MAX_BYTES:
        return f"is {size} bytes long, more than {MAX_BYTES}", f"{size} bytes"
    if _is_ip_address(name):
        return "is an IP address, not an account", "an IP address"
    return None


def _refused_characters(name: str) -> list[tuple[int, str]]:
    """The first position (from 1) and a description of each distinct refused character."""
    if not _MAYBE_REFUSED.search(name):
        return []
    found: dict[str, int] = {}
    for position, character in enumerate(name, start=1):
        if character not in found and _refused_character(character):
            found[character] = position
            if len(found) == _SHOWN_CHARACTERS:
                break
    return [(position, _describe_character(character)) for character, position in found.items()]


def _refused_character(character: str) -> bool:
    if character.isascii():
        return character in _REFUSED_ASCII or not character.isprintable()
    code = ord(character)
    return (
        code <= 0x9F
        or 0x200B <= code <= 0x200D
        or unicodedata.category(character) in ("Co", "Cs")
        or 0xFDD0 <= code <= 0xFDEF
        or code & 0xFFFE == 0xFFFE
        or code == 0xFFFD
    )


def _describe_character(character: str) -> str:
    """A character by code point and Unicode name (``U+200D ZERO WIDTH JOINER``), or kind."""
    code = f"U+{ord(character):04X}"
    name = unicodedata.name(character, "")
    if name:
        return f"{code} {name}"
    kinds = {"Cc": "a control character", "Co": "a private-use character", "Cs": "a surrogate"}
    return f"{code} ({kinds.get(unicodedata.category(character), 'not a character')})"


def _is_ip_address(name: str) -> bool:
    if _ANY_IPV4.fullmatch(name):
        return True
    if not _MAYBE_IP.fullmatch(name):
        return False
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def _lookalike_issues(name: str) -> tuple[Issue, ...]:
    """Warnings for a valid name that deceives the eye: mixed scripts, invisible characters."""
    if name.isascii():
        return ()
    issues = []
    mixed = _mixed_script_letter(name)
    if mixed is not None:
        position, script, others = mixed
        shown = f"character {position}: {_describe_character(name[position - 1])}"
        message = (
            f"a word of the name mixes {script.title()} letters with {others.title()} ones "
            "(letters that look alike); check that it is the account on the user page"
        )
        issues.append(
            Issue("mixed-script-username", message, f"{shown} among {others.title()} letters")
        )
    hidden = [
        (position, character)
        for position, character in enumerate(name, start=1)
        if unicodedata.category(character) == "Cf"
    ]
    if hidden:
        shown = "; ".join(
            f"character {position}: {_describe_character(character)}"
            for position, character in hidden[:_SHOWN_CHARACTERS]
        )
        message = (
            "the name holds an invisible formatting character, so it names another account "
            f"than the one it shows; {_FIX}"
        )
        issues.append(Issue("hidden-username-characters", message, shown))
    return tuple(issues)


def _mixed_script_letter(name: str) -> tuple[int, str, str] | None:
    """The first letter (position from 1, its script) of a word whose letters mostly belong
    to another script of :data:`_LOOKALIKE_SCRIPTS`, with that script; None when none."""
    position = 1
    for word in name.split(" "):
        mixed = None if word.isascii() else _mixed_in_word(word)
        if mixed is not None:
            offset, script, main = mixed
            return position + offset, script, main
        position += len(word) + 1
    return None


def _mixed_in_word(word: str) -> tuple[int, str, str] | None:
    """The offset and script of the first letter of ``word`` not in its main lookalike
    script, with that script; None when its lookalike letters share one script (as every
    letter of an ASCII word does)."""
    scripts = [(_script(character), offset) for offset, character in enumerate(word)]
    lookalike = [(script, offset) for script, offset in scripts if script in _LOOKALIKE_SCRIPTS]
    counts = Counter(script for script, _ in lookalike)
    if len(counts) < 2:
        return None
    main = counts.most_common(1)[0][0]
    script, offset = next(item for item in lookalike if item[0] != main)
    return offset, script, main


@functools.lru_cache(maxsize=1 << 12)
def _script(character: str) -> str:
    """The script of a letter, as the first word of its Unicode name ("" for non-letters)."""
    if not character.isalpha():
        return ""
    return unicodedata.name(character, "").partition(" ")[0]


def usernames_in_list(wikitext: str) -> tuple[list[str], tuple[Issue, ...]]:
    """The canonical account names listed in ``wikitext`` (links, templates or plain names)."""
    linked = linked_usernames(wikitext)
    candidates = linked if linked else split_list(plain_text(wikitext))
    names: list[str] = []
    issues: list[Issue] = []
    for candidate in candidates:
        name, found = canonical_username(candidate)
        issues.extend(found)
        if name:
            names.append(name)
    return unique(names, key=str), tuple(issues)


def usernames_in_items(wikitext: str) -> tuple[list[str], tuple[Issue, ...]]:
    """The distinct canonical account names of a list whose items are user links, user
    templates, signatures or plain names, mixed as editors write them
    (``[[User:A|A]], {{u|B}}; C``), in their order.

    The list is split outside links and templates, and each item read as one
    ``username`` value is (the first user link of a signature wins).
    """
    held: list[str] = []

    def hold(match: re.Match[str]) -> str:
        held.append(match.group(0))
        return f"\ue000{len(held) - 1}\ue001"

    split = split_list(_LINK_OR_TEMPLATE.sub(hold, wikitext))
    names: list[str] = []
    issues: list[Issue] = []
    for item in split:
        name, found = username_from_wikitext(_HELD.sub(lambda m: held[int(m.group(1))], item))
        issues.extend(found)
        if name:
            names.append(name)
    return unique(names, key=str), tuple(issues)


#: A link or template held out of a list while it is split (see usernames_in_items).
_HELD = re.compile("\ue000(\\d+)\ue001")


@dataclass(frozen=True, slots=True)
class AccountInfo:
    """What the wiki says about an account (``list=users`` and its last contribution).

    ``refused`` is the wiki's code when it refuses the name itself (``invalid``,
    ``baduser`` ...), empty otherwise.
    """

    exists: bool
    blocked: bool = False
    last_edit: dt.date | None = None
    refused: str = ""


def account_problems(
    records: Iterable[Person],
    user_info: Mapping[str, AccountInfo],
    today: dt.date,
    inactive_days: int,
) -> tuple[list[Problem], dict[str, AccountState]]:
    """Problems for refused, missing, blocked and long-inactive accounts, and their states.

    The returned mapping holds every checked account that should not get suggestions, with
    why: the wiki refuses the name, the account is missing, blocked, or has no edit in
    ``inactive_days``. Names absent from ``user_info`` were not checked and are left alone.
    A refused name is not repeated in its problem (the wiki refuses it for a reason).
    """
    problems: list[Problem] = []
    not_to_match: dict[str, AccountState] = {}
    for person in sorted(records, key=lambda record: record.username):
        info = user_info.get(person.username)
        if info is None:
            continue
        state = _account_state(info, today, inactive_days)
        if state is not AccountState.USABLE:
            problems.append(_account_problem(person, state, info, inactive_days))
            not_to_match[person.username] = state
    return problems, not_to_match


def _account_state(info: AccountInfo, today: dt.date, inactive_days: int) -> AccountState:
    if info.refused:
        return AccountState.REFUSED
    if not info.exists:
        return AccountState.MISSING
    if info.blocked:
        return AccountState.BLOCKED
    if info.last_edit is None or (today - info.last_edit).days > inactive_days:
        return AccountState.DORMANT
    return AccountState.USABLE


def _account_problem(
    person: Person, state: AccountState, info: AccountInfo, inactive_days: int
) -> Problem:
    if state is AccountState.REFUSED:
        shown = f"refused by the wiki ({info.refused})"
        message = f"not a valid account name: the wiki refuses it ({info.refused}); {_FIX}"
        return problem("invalid-username", message, person.source, field="username", value=shown)
    code, message = {
        AccountState.MISSING: ("account-missing", "no such account on this wiki"),
        AccountState.BLOCKED: ("account-blocked", "the account is blocked"),
        AccountState.DORMANT: ("account-inactive", f"no edit in the last {inactive_days} days"),
    }[state]
    return problem(code, message, person.source, username=person.username, field="username")


#: The user namespace: its canonical name and its names on the wikis programmes use most.
USER_NAMESPACE = re.compile(
    r"\s*(?:user|utilisateur|utilisatrice|usuario|usuaria|usuário|usuária|utilizador|"
    r"utilizadora|usuari|usuària|benutzer|benutzerin|مستخدم|مستخدمة)\s*:",
    re.IGNORECASE,
)


def title_username(title: str) -> str | None:
    """The user a user page or subpage belongs to: ``User:X/Profile`` gives ``X``.

    Only the user namespace counts, under its canonical name or its name in the wikis'
    main languages (``Usuari:X`` on a Catalan wiki): on any other page anyone may write any
    name. A title outside it, or whose name is not a valid username, gives None.
    """
    namespace = USER_NAMESPACE.match(title)
    if namespace is None:
        return None
    name, _ = canonical_username(title[namespace.end() :].split("/", 1)[0].strip())
    return name
