"""Learning resources and past clinics from the raw records of the resources pages.

What each value means is decided here, against the taxonomy and the settings, and every
doubt is a located problem on the problems page:

- ``skill``: an id, label, alias or translated label of the taxonomy; a record without a
  skill, or with one the taxonomy does not know, is reported and left out (it belongs on
  no page);
- ``url`` and ``recording_LANG``: one plain http(s) address
  (:func:`~wikisync.render.links.checked_url`); anything else is reported and left out,
  so it never reaches a page. A resource needs a title and an address;
- ``language``, ``languages`` and the ``LANG`` of a recording: language codes or names,
  read as directory entries read them; one not recognised is reported, and the resource
  or recording is kept as one of no stated language;
- ``kind``: recording, slides, guide or etherpad, also written in other words or
  languages ("video", "presentation", "tutorial", "pad" …); another kind is reported and
  the resource kept as ``other`` (a resource of no stated kind is ``other`` too);
- ``date``: ISO year-month-day between 1990 and 2100; any other date is reported (with
  its ISO form as a hint when it can be read another way) and left out, the rest kept;
- ``host``: an account name, plain or as a user link; one that cannot be is reported and
  the clinic kept without a host;
- a value holding contact details is reported (never shown) and read as empty.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping

from wikisync.model import (
    RECORDING_PREFIX,
    ClinicRecord,
    LearningResource,
    Library,
    Problem,
    RawRecord,
    Recording,
    RecordKind,
    ResourceKind,
    SourceRef,
)
from wikisync.normalize.contact import has_contact_details
from wikisync.normalize.dates import parse_date
from wikisync.normalize.keys import fold
from wikisync.normalize.language_names import Extra
from wikisync.normalize.languages import parse_languages
from wikisync.normalize.markup import plain_text
from wikisync.normalize.problems import Issue, located, problem
from wikisync.normalize.skills import SkillIndex
from wikisync.normalize.text import clean_text, single_line
from wikisync.normalize.usernames import username_from_wikitext
from wikisync.render.links import checked_url

#: The earliest and latest years a resource or clinic date may have.
YEARS = (1990, 2100)
#: Longest part of a refused value shown on the problems page.
_SHOWN = 80

_KINDS: Mapping[str, ResourceKind] = {
    fold(word): kind
    for kind, words in (
        (ResourceKind.RECORDING, ("recording", "recordings", "video", "videos", "recorded",
                                  "vidéo", "enregistrement", "grabación", "gravação", "تسجيل")),
        (ResourceKind.SLIDES, ("slides", "slide", "slide deck", "deck", "presentation",
                               "diapositives", "diapositivas", "présentation", "apresentação",
                               "شرائح")),
        (ResourceKind.GUIDE, ("guide", "guides", "handout", "tutorial", "manual", "how-to",
                              "documentation", "guía", "guia", "دليل")),
        (ResourceKind.ETHERPAD, ("etherpad", "pad", "notes", "meeting notes", "notes pad",
                                 "bloc-notes", "notas", "ملاحظات")),
        (ResourceKind.OTHER, ("other", "autre", "otro", "outro", "أخرى")),
    )
    for word in words
}  # fmt: skip
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PRIVATE_VALUE = Issue(
    "private-value", "the value looks like an e-mail address or a phone number and is withheld"
)


def normalise_library(
    records: Iterable[RawRecord], skills: SkillIndex, languages: Extra = ()
) -> tuple[Library, list[Problem]]:
    """The resources and past clinics of ``records`` (in their order), with problems.

    ``languages`` holds the programme's own language names (``normalise.languages``).
    """
    resources: list[LearningResource] = []
    clinics: list[ClinicRecord] = []
    problems: list[Problem] = []
    for record in records:
        values = _Values(record, problems)
        skill = values.skill(skills)
        if skill is None:
            continue
        if record.kind is RecordKind.RESOURCE:
            resource = _resource(skill, values, languages)
            if resource is not None:
                resources.append(resource)
        else:
            clinics.append(_clinic(skill, values, languages))
    return Library(tuple(resources), tuple(clinics)), problems


class _Values:
    """The values of one record, each read once, with its problems located."""

    def __init__(self, record: RawRecord, problems: list[Problem]) -> None:
        self.source: SourceRef = record.source
        self.problems = problems
        self._withheld = {
            name for name, value in record.fields.items() if has_contact_details(value)
        }
        for name in sorted(self._withheld):
            self.report(_PRIVATE_VALUE, name)
        self._fields = {k: v for k, v in record.fields.items() if k not in self._withheld}

    def report(self, issue: Issue, field: str) -> None:
        """Record ``issue`` as a problem of ``field`` of this record."""
        self.problems.append(located(issue, self.source, None, field))

    def missing(self, field: str, what: str) -> None:
        """Report an empty required ``field`` (one withheld is already reported)."""
        if field in self._withheld:
            return
        message = f"the {what} has no {field}; it is left out"
        self.problems.append(problem("missing-field", message, self.source, field=field))

    def text(self, field: str) -> str:
        """The plain text of ``field`` on one line ("" when not given)."""
        return single_line(clean_text(plain_text(self._fields.get(field, "")))[0])

    def raw(self, field: str) -> str:
        """``field`` as written, comments already blanked, ends trimmed."""
        return self._fields.get(field, "").strip()

    def fields(self) -> Mapping[str, str]:
        """Every field given, those holding contact details left out."""
        return self._fields

    def skill(self, skills: SkillIndex) -> str | None:
        """The taxonomy id of ``skill``; None (reported) when missing or unknown."""
        written = self.text("skill")
        if not written:
            self.missing("skill", "record")
            return None
        skill_id, issue = skills.lookup(written)
        if issue is not None:
            self.report(issue, "skill")
        return skill_id

    def url(self, field: str) -> str | None:
        """The checked address of ``field``; None when it is not given or refused."""
        written = self.raw(field)
        if not written:
            return None
        url = checked_url(written)
        if url is None:
            shown = " ".join(written.split())[:_SHOWN]
            message = f'"{shown}" is not a plain http or https address; it is left out'
            self.report(Issue("invalid-url", message, shown), field)
        return url

    def languages(self, field: str, extra: Extra) -> tuple[str, ...]:
        """The language codes of ``field``, in order; unrecognised ones reported."""
        found, issues = parse_languages(self.text(field), extra)
        for issue in issues:
            if issue.code == "unknown-language":
                self.report(issue, field)
        return tuple(language.code for language in found)

    def date(self) -> dt.date | None:
        """The ISO date of ``date``; None when not given or not such a date (reported)."""
        written = self.text("date")
        if not written:
            return None
        found = iso_date(written)
        if found is None:
            readable = parse_date(written)
            hints = (readable.isoformat(),) if readable and _in_range(readable) else ()
            message = f'"{written}" is not a date written year-month-day; it is left out'
            self.report(Issue("invalid-record-date", message, written, hints), "date")
        return found


def iso_date(text: str) -> dt.date | None:
    """The date ``text`` writes as ISO year-month-day in :data:`YEARS`, else None."""
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        found = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return found if _in_range(found) else None


def _in_range(day: dt.date) -> bool:
    return YEARS[0] <= day.year <= YEARS[1]


def resource_kind(text: str) -> ResourceKind | None:
    """The kind ``text`` names (any case, in several languages); None when unknown."""
    return _KINDS.get(fold(text))


def _resource(skill: str, values: _Values, languages: Extra) -> LearningResource | None:
    title = values.text("title")
    url = values.url("url")
    for field, value in (("title", title), ("url", values.raw("url"))):
        if not value:
            values.missing(field, "resource")
    if not title or url is None:
        return None
    return LearningResource(
        skill=skill,
        title=title,
        url=url,
        languages=values.languages("language", languages),
        kind=_kind(values),
        clinic=values.text("clinic"),
        date=values.date(),
    )


def _kind(values: _Values) -> ResourceKind:
    written = values.text("kind")
    if not written:
        return ResourceKind.OTHER
    kind = resource_kind(written)
    if kind is None:
        shown = written[:_SHOWN]
        message = f'"{shown}" is not a known kind of resource; it is listed as other'
        values.report(Issue("unknown-resource-kind", message, shown), "kind")
        return ResourceKind.OTHER
    return kind


def _clinic(skill: str, values: _Values, languages: Extra) -> ClinicRecord:
    return ClinicRecord(
        skill=skill,
        date=values.date(),
        host=_host(values),
        languages=values.languages("languages", languages),
        recordings=_recordings(values, languages),
    )


def _host(values: _Values) -> str | None:
    written = values.raw("host")
    if not written:
        return None
    name, issues = username_from_wikitext(written)
    for issue in issues:
        values.report(issue, "host")
    return name


def _recordings(values: _Values, extra: Extra) -> tuple[Recording, ...]:
    """Each recording with a safe address: in its language, or in none stated."""
    found: list[Recording] = []
    for field in values.fields():
        if field != "recording" and not field.startswith(RECORDING_PREFIX):
            continue
        url = values.url(field)
        if url is None:
            continue
        written = field.removeprefix(RECORDING_PREFIX) if field != "recording" else ""
        codes, issues = parse_languages(written, extra) if written else ((), ())
        for issue in issues:
            if issue.code == "unknown-language":
                values.report(issue, field)
        found.append(Recording(codes[0].code if codes else "", url))
    return tuple(found)
