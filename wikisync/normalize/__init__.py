"""Normalising raw entries into people: names, skills, languages, places, availability.

``normalise(raw_entries, taxonomy, programme, today)`` is the entry point. Every entry ends
up counted exactly once::

    len(raw_entries) == len(people) + merged + withheld + unnamed

``merged`` entries were folded into another entry of the same person (see
:mod:`wikisync.normalize.merge`), ``withheld`` registrations had no ``consent = yes`` and are
never used, ``unnamed`` entries had no usable account name.

Problem codes (stable; the renderer translates them), by stage:

reading templates (:mod:`wikisync.reading.parse`)
    ``unknown-parameter``, ``unnamed-parameter``, ``duplicate-parameter``,
    ``unclosed-template``, ``missing-field`` (taxonomy and feedback), ``duplicate-skill``,
    ``duplicate-skill-name``, ``invalid-skill-id``, ``unknown-feedback-status``
checking who added feedback (:mod:`wikisync.reading.answers`)
    ``feedback-not-theirs``, ``shop-talk-feedback-not-theirs``
reading other page formats (:mod:`wikisync.reading.readers`, :mod:`wikisync.reading.tables`)
    ``title-username``, ``babel-unassigned``, ``table-no-header``,
    ``table-unknown-column``, ``table-row-cells``
reading JSON pages and tabular data (:mod:`wikisync.reading.jsonpages`)
    ``invalid-json``, ``json-bad-value``, ``table-no-username-column``, ``table-bad-row``
reading the registration export (:mod:`wikisync.reading.records`)
    ``csv-invalid-encoding``, ``csv-no-username-column``, ``csv-bad-row``,
    ``csv-private-value``, ``csv-unmapped-column`` (a header read as nothing, named once),
    ``csv-unknown-role`` (a row's role is none of ``sources.csv.roles``)
normalising values
    ``missing-username``, ``invalid-username``, ``mixed-script-username``,
    ``unknown-skill``, ``ambiguous-skill``,
    ``unknown-language``, ``invalid-language-level``, ``unknown-region``,
    ``unknown-timezone``, ``invalid-capacity``, ``capacity-too-high``, ``unknown-status``,
    ``invalid-date``, ``away-expired``, ``invalid-boolean``, ``value-too-long``,
    ``hidden-characters``, ``hidden-username-characters``, ``private-value`` (contact
    details in any field)
learning resources and past clinics (:mod:`wikisync.normalize.resources`)
    ``invalid-url``, ``unknown-resource-kind``, ``invalid-record-date`` (and the skill,
    language, username and ``missing-field`` codes above)
organisations (:mod:`wikisync.normalize.organisations`)
    ``duplicate-organisation``, ``invalid-organisation-capacity``, ``contact-not-member``,
    ``member-not-account`` (from the accounts check), ``member-affiliation-mismatch`` and
    ``affiliation-not-listed`` (linking people and organisations; and the skill, place,
    language, username and ``missing-field`` codes above)
shop-talk feedback (:mod:`wikisync.normalize.organisation_feedback`)
    ``unknown-organisation`` (and the skill and ``missing-field`` codes above)
indicators, objectives and key results (:mod:`wikisync.normalize.indicators`)
    ``unknown-measure``, ``invalid-target``, ``invalid-period``, ``duplicate-indicator``,
    ``unknown-objective``, ``unknown-indicator`` (and ``missing-field`` and
    ``invalid-record-date`` above)
whole entries
    ``no-consent``, ``duplicate-entry``
accounts on the wiki (:func:`wikisync.normalize.usernames.account_problems`)
    ``account-missing``, ``account-blocked``, ``account-inactive``

Severities are in :data:`wikisync.normalize.problems.SEVERITIES`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from wikisync.model import RawEntry, Taxonomy
from wikisync.normalize.directory import NormalisedDirectory, combine, normalise_part
from wikisync.normalize.entry import EntryReader, normalise_entry
from wikisync.normalize.pages import PageEntries, normalise_pages
from wikisync.normalize.problems import SEVERITIES, problems_summary
from wikisync.normalize.skills import SkillIndex
from wikisync.normalize.usernames import AccountInfo, account_problems
from wikisync.settings.programme import Programme

__all__ = [
    "SEVERITIES",
    "AccountInfo",
    "EntryReader",
    "NormalisedDirectory",
    "PageEntries",
    "SkillIndex",
    "account_problems",
    "normalise",
    "normalise_entry",
    "normalise_pages",
    "problems_summary",
]


def normalise(
    raw_entries: Sequence[RawEntry],
    taxonomy: Taxonomy,
    programme: Programme,
    today: dt.date,
    *,
    skills: SkillIndex | None = None,
) -> NormalisedDirectory:
    """Every usable entry as a normalised, merged person, with all problems found.

    Pass ``skills`` to reuse an index already built for ``taxonomy``. Registrations and CSV
    rows without ``consent = yes`` are dropped with an ``no-consent`` note that carries no
    name or value. A run normalises page by page with :func:`normalise_pages`, which gives
    the same directory and reuses what earlier runs normalised.
    """
    reader = EntryReader(skills if skills is not None else SkillIndex(taxonomy), programme, today)
    return combine([normalise_part(raw_entries, reader)])
