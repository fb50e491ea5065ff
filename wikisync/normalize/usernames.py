"""Account names: extracted from links and templates, put in MediaWiki's canonical form.

Canonical form follows MediaWiki's title rules for the User namespace: underscores become
spaces, runs of spaces collapse, the first letter is upper-cased (Unicode), and a namespace
prefix (``User:``, ``Utilisateur:``, ``Usuario:`` ...) or ``Special:Contributions/`` is
removed. A name is invalid when it contains a character MediaWiki refuses in titles
(``# < > [ ] | { }``, ``~~~``, percent escapes), one of ``$wgInvalidUsernameCharacters``
(``@ : >``), a slash (subpages), or when it is an IP address.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TypeGuard

from mwparserfromhell.nodes import Template, Wikilink

from wikisync.model import Person, Problem
from wikisync.normalize.caching import cache_short
from wikisync.normalize.lists import split_list, unique
from wikisync.normalize.markup import USER_TEMPLATES, plain_text, safe_parse, template_key
from wikisync.normalize.problems import Issue, problem
from wikisync.normalize.text import clean_text, single_line

MAX_BYTES = 255

_USER_NAMESPACES = frozenset(
    {"user", "user talk", "utilisateur", "utilisatrice", "discussion utilisateur"}
    | {"usuario", "usuaria", "usuário", "usuária", "utilizador", "utilizadora"}
    | {"usuario discusión", "usuário discussão", "مستخدم", "مستخدمة", "نقاش المستخدم"}
    | {"benutzer", "benutzerin", "utente"}
)
_SPECIAL_NAMESPACES = frozenset({"special", "spécial", "especial", "خاص", "spezial", "speciale"})
_CONTRIBUTIONS = frozenset({"contributions", "contribuciones", "contribuições", "مساهمات"})
_INVALID_CHARS = frozenset("#<>[]|{}/@:\ufffd")
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_LINK_MARKUP = re.compile(r"[\[{]")
_PLAIN_CHARS = r"[^\[\]{}<>&'|]++"
_LINK_OR_TEMPLATE = re.compile(
    r"\[\[(?P<title>[^\[\]{}<>|]*)(?:\|[^\[\]{}<>]*)?\]\]"
    r"|\{\{(?P<template>[^\[\]{}<>|]*)(?P<params>(?:\|[^\[\]{}<>|]*)*)\}\}"
)
_SIMPLE_MARKUP = re.compile(f"(?:{_PLAIN_CHARS}|{_LINK_OR_TEMPLATE.pattern})*+")
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
    """``text`` as a canonical account name, or None with a missing/invalid issue."""
    if len(text) <= MAX_BYTES and _PLAIN_NAME.fullmatch(text):
        name = " ".join(text.replace("_", " ").split())
        return name[0].upper() + name[1:], ()
    cleaned, issues = clean_text(text)
    name = _without_prefix(single_line(cleaned.replace("_", " ")))
    if not name:
        return None, (*issues, Issue("missing-username", "no account name given"))
    name = _upper_first(name)
    reason = invalid_reason(name)
    if reason:
        shown = "" if "@" in name else name
        return None, (
            *issues,
            Issue("invalid-username", f"not a valid account name: {reason}", shown),
        )
    return name, issues


def _without_prefix(name: str) -> str:
    for _ in range(2):
        linked = _link_target_user(name)
        if linked is None:
            break
        name = single_line(linked)
    return name


def _upper_first(name: str) -> str:
    upper = name[0].upper()
    return upper + name[1:] if len(upper) == 1 else name


def invalid_reason(name: str) -> str | None:
    """Why MediaWiki would refuse ``name`` as an account name, or None when it is valid."""
    bad = sorted(set(name) & _INVALID_CHARS)
    if bad:
        return "contains " + " ".join(bad)
    if "~~~" in name or _PERCENT_ESCAPE.search(name):
        return "contains ~~~ or a percent escape"
    if name in (".", "..") or name.startswith(("./", "../")):
        return "is a relative path"
    if len(name.encode("utf-8")) > MAX_BYTES:
        return f"is longer than {MAX_BYTES} bytes"
    if _MAYBE_IP.fullmatch(name) and _is_ip_address(name):
        return "is an IP address, not an account"
    return None


def _is_ip_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


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


@dataclass(frozen=True, slots=True)
class AccountInfo:
    """What the wiki says about an account (``list=users`` and its last contribution)."""

    exists: bool
    blocked: bool = False
    last_edit: dt.date | None = None


def account_problems(
    records: Iterable[Person],
    user_info: Mapping[str, AccountInfo],
    today: dt.date,
    inactive_days: int,
) -> tuple[list[Problem], frozenset[str]]:
    """Problems for missing, blocked and long-inactive accounts, and the names not to match.

    The returned set holds every checked account that should not get suggestions: missing,
    blocked, or without an edit in ``inactive_days``. Names absent from ``user_info`` were
    not checked and are left alone.
    """
    problems: list[Problem] = []
    not_to_match: set[str] = set()
    for person in sorted(records, key=lambda record: record.username):
        info = user_info.get(person.username)
        if info is None:
            continue
        found = _account_problem(person, info, today, inactive_days)
        if found is not None:
            problems.append(found)
            not_to_match.add(person.username)
    return problems, frozenset(not_to_match)


def _account_problem(
    person: Person, info: AccountInfo, today: dt.date, inactive_days: int
) -> Problem | None:
    if not info.exists:
        code, message = "account-missing", "no such account on this wiki"
    elif info.blocked:
        code, message = "account-blocked", "the account is blocked"
    elif info.last_edit is None or (today - info.last_edit).days > inactive_days:
        code, message = "account-inactive", f"no edit in the last {inactive_days} days"
    else:
        return None
    return problem(code, message, person.source, username=person.username, field="username")
