"""Programme settings: the on-wiki JSON page (``User:<Bot>/wikisync.json``), validated.

A new programme needs only the keys where it differs from the defaults. The sections::

    templates      template names and, per field, the parameter name and its aliases
                   {"entry": "Skills directory entry", "fields": {"share": {"name": "share",
                   "aliases": ["shares", "partager"]}}, "resource": "Learning resource",
                   "clinic_record": "Learning clinic", "organisation": "Organisation entry", ...}
    sources        where entries are read: "directory" and "registrations" page sets
                   ({"titles": [...], "prefix": "...", "transcluding": true, "namespaces":
                   ["User"]}: pages found by transclusion count only under the pages'
                   prefix or in the namespaces named), "taxonomy" and "feedback" page
                   titles, "feedback_archives" (a page set of "titles" and/or a "prefix",
                   read like the feedback page), "csv": {"columns": {"CSV header": "field"},
                   "role_column": "Role", "skills_column": "Capacities", "roles": {"mentor":
                   "share", "mentee": "learn"}} (headers are also matched by the fields'
                   names and aliases; with a role column, each row's skills cell is
                   shared, learned or both, by the row's role),
                   "new_entries": the directory page on which the bot lists consenting
                   registrants who have no directory entry yet (empty: not done),
                   "readers": extra page sets, each read in a "format" ("template" with
                   "template", "positional", "username_from_title", "babel", "babel_alone";
                   or "table"), see :mod:`wikisync.reading.readers`,
                   "resources": the pages of learning resources and past clinics (a page
                   set of "titles" and/or a "prefix"), see :mod:`wikisync.reading.resources`,
                   "organisations": the pages of organisation entries (a page set of
                   "titles" and/or a "prefix"), see :mod:`wikisync.reading.organisations`,
                   "indicators": the page of indicators, objectives and key results
                   (default "<prefix>/Indicators"), see :mod:`wikisync.reading.indicators`
    normalise      "regions" ({"Canonical name": ["alias", ...]}), "region_aliases" (one
                   more spelling of a region: {"MEA": "Sub-Saharan Africa"}), "default_capacity",
                   "max_capacity", "inactive_days", "limits" ({"field": characters}),
                   "languages" (extra names: {"Nzema": "nzi"}), "tidy" (rewrite entries)
    public_fields  the fields that may ever reach a wiki page
    matching       raw settings, validated by the matching stage
    pages          raw settings, validated by the renderers

Unknown keys are refused, and private fields (e-mail, real name, gender, age, phone) can
never be read, mapped or published, whatever the page says.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from types import MappingProxyType
from typing import Any

from wikisync.errors import ConfigError
from wikisync.settings import validate as v

#: The fields of a directory or registration entry, in the order they are written.
FIELDS: tuple[str, ...] = (
    "username",
    "affiliation",
    "region",
    "country",
    "languages",
    "timezone",
    "share",
    "learn",
    "projects",
    "capacity",
    "status",
    "clinic",
    "do_not_match",
    "notify",
    "consent",
    "public",
)

#: Fields that steer the bot (who may be matched or named) rather than describe a person.
CONTROL_FIELDS: frozenset[str] = frozenset({"do_not_match", "notify", "consent", "public"})

#: Personal data that wikisync never reads into a record nor publishes.
PRIVATE_FIELDS: frozenset[str] = frozenset(
    {"email", "e-mail", "mail", "real name", "realname", "full name", "name of person"}
    | {"gender", "sex", "age", "birth date", "date of birth", "phone", "telephone", "mobile"}
    | {"first name", "last name", "surname", "given name", "family name", "legal name"}
    | {"address", "postal address", "birthday", "whatsapp"}
)

#: What a row's role may make of its skills cell (``sources.csv.roles``).
ROLE_TARGETS: dict[str, tuple[str, ...]] = {
    "share": ("share",),
    "learn": ("learn",),
    "both": ("share", "learn"),
}

DEFAULT_PUBLIC_FIELDS: tuple[str, ...] = FIELDS[:12]

_DEFAULT_ALIASES: dict[str, tuple[str, ...]] = {
    "username": (
        "username",
        "user",
        "name",
        "account",
        "user name",
        "utilisateur",
        "utilisatrice",
        "nom d'utilisateur",
        "usuario",
        "usuária",
        "usuário",
        "nome de usuário",
        "اسم المستخدم",
        "مستخدم",
    ),
    "affiliation": (
        "affiliation",
        "affiliate",
        "organisation",
        "organization",
        "group",
        "afiliación",
        "afiliação",
        "organisme",
        "الانتماء",
    ),
    "region": ("region", "région", "región", "região", "المنطقة"),
    "country": ("country", "pays", "país", "البلد", "الدولة"),
    "languages": (
        "languages",
        "language",
        "babel",
        "langues",
        "langue",
        "idiomas",
        "idioma",
        "línguas",
        "lenguas",
        "اللغات",
    ),
    "timezone": (
        "timezone",
        "time zone",
        "tz",
        "fuseau horaire",
        "zona horaria",
        "fuso horário",
        "المنطقة الزمنية",
    ),
    "share": (
        "share",
        "shares",
        "can share",
        "skills to share",
        "partager",
        "compartir",
        "compartilhar",
        "partilhar",
        "يشارك",
    ),
    "learn": (
        "learn",
        "learns",
        "wants to learn",
        "skills to learn",
        "apprendre",
        "aprender",
        "يتعلم",
    ),
    "projects": ("projects", "project", "projets", "proyectos", "projetos", "المشاريع"),
    "capacity": ("capacity", "max learners", "capacité", "capacidad", "capacidade", "السعة"),
    "status": ("status", "availability", "statut", "estado", "disponibilité", "الحالة"),
    "clinic": ("clinic", "learning clinic", "host clinic", "clinique", "clínica", "عيادة"),
    "do_not_match": (
        "do not match",
        "dont match",
        "exclude",
        "ne pas associer",
        "no emparejar",
        "não combinar",
    ),
    "notify": ("notify", "notification", "notifier", "notificar", "notificação"),
    "consent": ("consent", "agree", "consentement", "consentimiento", "consentimento", "موافقة"),
    "public": ("public", "listed", "publish", "publique", "público", "publicar", "علني"),
}

#: Wikimedia regions with their codes and common spellings.
DEFAULT_REGIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Central and Eastern Europe and Central Asia", ("CEE", "CEECA", "Eastern Europe")),
    (
        "East, Southeast Asia and Pacific",
        ("ESEAP", "East Asia", "Southeast Asia", "South East Asia", "Pacific", "Asia Pacific"),
    ),
    ("Latin America and Caribbean", ("LAC", "LATAM", "Latin America", "Caribbean")),
    ("Middle East and North Africa", ("MENA", "Middle East", "North Africa", "Arab region")),
    ("North America", ("NA", "Northern America", "USA and Canada")),
    ("Northern and Western Europe", ("NWE", "WE", "Western Europe", "Northern Europe")),
    ("South Asia", ("SA", "SAARC", "Indian subcontinent")),
    ("Sub-Saharan Africa", ("SSA", "Africa", "Subsaharan Africa", "Sub Saharan Africa")),
)

#: The longest inactivity a programme may allow before an account is left out (ten years).
MAX_INACTIVE_DAYS = 3650

#: Default maximum length, in characters, of each value (of each item for list fields).
DEFAULT_LIMITS: dict[str, int] = {
    "username": 85,
    "affiliation": 200,
    "region": 100,
    "country": 100,
    "languages": 60,
    "timezone": 60,
    "share": 120,
    "learn": 120,
    "projects": 100,
    "capacity": 20,
    "status": 100,
    "clinic": 20,
    "do_not_match": 85,
    "notify": 20,
    "consent": 100,
    "public": 20,
}

_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")
#: A namespace name: words, no colon, slash or markup (the main namespace has no name).
_NAMESPACE_NAME = re.compile(r"\s*[^\W_][\w '-]*\s*")


@dataclass(frozen=True, slots=True)
class FieldNames:
    """How one field is written: ``name`` when wikisync writes it, ``aliases`` when reading."""

    name: str
    aliases: tuple[str, ...] = ()

    def all_names(self) -> tuple[str, ...]:
        """The name followed by the aliases."""
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class Templates:
    """Template names and the parameter names of every field (hashable, cacheable)."""

    entry: str = "Skills directory entry"
    registration: str = "Skills directory registration"
    skill: str = "Skill"
    feedback: str = "Match feedback"
    #: A learning resource of a skill, and the record of a past learning clinic, both read
    #: on the resources pages (``sources.resources``).
    resource: str = "Learning resource"
    clinic_record: str = "Learning clinic"
    #: An organisation (an affiliate, a user group, a partner), read on the organisation
    #: pages (``sources.organisations``).
    organisation: str = "Organisation entry"
    #: An indicator of the shared measurement page, an objective and one of its key
    #: results, all read on the indicators page (``sources.indicators``).
    indicator: str = "Indicator"
    objective: str = "Objective"
    key_result: str = "Key result"
    fields: tuple[tuple[str, FieldNames], ...] = tuple(
        (name, FieldNames(_DEFAULT_ALIASES[name][0], _DEFAULT_ALIASES[name][1:])) for name in FIELDS
    )
    #: Parameters a programme's template has that wikisync knowingly ignores (folded keys).
    ignored: frozenset[str] = frozenset()

    def names_of(self, field_name: str) -> FieldNames:
        """The parameter names of ``field_name``."""
        return dict(self.fields)[field_name]


@dataclass(frozen=True, slots=True)
class PageSet:
    """A set of pages: explicit ``titles``, every page under ``prefix``, and/or transclusions.

    Pages that transclude the template count only when they are the programme's own
    (under the pages' prefix) or in one of ``namespaces`` (names as the wiki writes them).
    """

    titles: tuple[str, ...] = ()
    prefix: str = ""
    transcluding: bool = True
    namespaces: tuple[str, ...] = ()

    def names(self, title: str) -> bool:
        """Whether ``title`` is named by this set's titles or prefix (transclusion aside)."""
        return title in self.titles or bool(self.prefix and title.startswith(self.prefix))


class PageFormat(Enum):
    """How a page set writes its people (see :mod:`wikisync.reading.readers`)."""

    #: Entry templates, as on the directory pages.
    TEMPLATE = "template"
    #: Wikitable rows under a header row that names the fields.
    TABLE = "table"
    #: A JSON list of people, or a GrowthExperiments mentor list (``{"Mentors": {id: …}}``).
    JSON = "json"
    #: Commons-style tabular data (``.tab``): ``schema.fields`` naming the columns, ``data`` rows.
    TABULAR = "tabular"
    #: Profile pages whose ``[[Category:…]]`` links the taxonomy maps to skills.
    CATEGORIES = "categories"


@dataclass(frozen=True, slots=True)
class Reader:
    """An extra source of directory entries: a page set, read in one format.

    For the ``template`` format: ``template`` is the entry template's name (the programme's
    entry template when empty); ``positional`` the fields that unnamed parameters give, in
    order; ``username_from_title`` takes the username from a user page's title (``User:X``
    or ``User:X/...`` gives ``X``), which wins over a username parameter; ``babel`` adds the
    languages of the page's Babel boxes to the page's person, and ``babel_alone`` lets a page
    with a Babel box and no entry template be an entry of the page's user by itself.
    """

    pages: PageSet
    format: PageFormat = PageFormat.TEMPLATE
    template: str = ""
    positional: tuple[str, ...] = ()
    username_from_title: bool = False
    babel: bool = False
    babel_alone: bool = False


@dataclass(frozen=True, slots=True)
class CsvRoles:
    """A role column of the export that decides what each row's skills cell means.

    ``roles`` maps a role as written (folded like a parameter name) to ``share``,
    ``learn`` or ``both``; no ``column``: no role column.
    """

    column: str = ""
    skills_column: str = ""
    roles: tuple[tuple[str, str], ...] = ()

    def targets(self, role: str) -> tuple[str, ...] | None:
        """The fields a skills cell fills for a row of ``role``; None for an unknown role."""
        found = dict(self.roles).get(parameter_key(role))
        return None if found is None else ROLE_TARGETS[found]


@dataclass(frozen=True, slots=True)
class Sources:
    """Where entries, skills and feedback are read; ``csv_columns`` maps CSV headers to fields.

    ``feedback_archives`` are the pages feedback is moved to from the feedback page
    (explicit titles and/or a prefix); they are read like the feedback page.
    ``resources`` are the pages of learning resources and past clinics (explicit titles
    and/or a prefix; none by default): both templates are read on every one of them.
    ``organisations`` are the pages of organisation entries (titles and/or a prefix; none
    by default). ``indicators`` is the page of indicators, objectives and key results
    (empty: ``<prefix>/Indicators``, read when it exists).
    """

    directory: PageSet = PageSet()
    registrations: PageSet = PageSet()
    taxonomy: str = ""
    feedback: str = ""
    feedback_archives: PageSet = PageSet(transcluding=False)
    readers: tuple[Reader, ...] = ()
    csv_columns: tuple[tuple[str, str], ...] = ()
    new_entries: str = ""
    csv_roles: CsvRoles = CsvRoles()
    resources: PageSet = PageSet(transcluding=False)
    organisations: PageSet = PageSet(transcluding=False)
    indicators: str = ""


@dataclass(frozen=True, slots=True)
class NormaliseSettings:
    """How values are normalised: region list, capacity bounds, limits, extra language names."""

    regions: tuple[tuple[str, tuple[str, ...]], ...] = DEFAULT_REGIONS
    region_aliases: tuple[tuple[str, str], ...] = ()
    default_capacity: int = 2
    max_capacity: int = 10
    inactive_days: int = 365
    limits: tuple[tuple[str, int], ...] = tuple(sorted(DEFAULT_LIMITS.items()))
    languages: tuple[tuple[str, str], ...] = ()
    tidy: bool = False

    def limit(self, field_name: str) -> int:
        """The maximum length of a value of ``field_name``."""
        return dict(self.limits).get(field_name, 200)


@dataclass(frozen=True, slots=True)
class NotificationSettings:
    """Talk-page messages about new suggestions, for participants who asked (``notify = yes``).

    A participant opts in with ``notify = yes`` in their entry; ``enabled = false`` turns
    messages off for the whole programme. At most ``max_per_run`` messages a run; the rest
    wait for the next run.
    """

    enabled: bool = True
    max_per_run: int = 20


@dataclass(frozen=True, slots=True)
class FeedbackSettings:
    """Who may answer for anyone: feedback counts when the learner or the sharer added it,
    or one of ``coordinators`` (account names) did (see :mod:`wikisync.reading.answers`)."""

    coordinators: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Programme:
    """All programme settings; ``matching`` and ``pages`` are checked by their own stages."""

    templates: Templates = field(default_factory=Templates)
    sources: Sources = field(default_factory=Sources)
    normalise: NormaliseSettings = field(default_factory=NormaliseSettings)
    public_fields: frozenset[str] = frozenset(DEFAULT_PUBLIC_FIELDS)
    matching: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    pages: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    notifications: NotificationSettings = field(default_factory=NotificationSettings)
    feedback: FeedbackSettings = field(default_factory=FeedbackSettings)


def default_programme() -> Programme:
    """The settings of a programme whose JSON page is empty."""
    return load_programme({})


def load_programme(data: Mapping[str, Any], path: str = "") -> Programme:
    """Validated programme settings from the decoded JSON page; ConfigError names the bad key."""
    sections = (
        "templates",
        "sources",
        "normalise",
        "public_fields",
        "matching",
        "pages",
        "notifications",
        "feedback",
    )
    v.reject_unknown(data, sections, path)
    return Programme(
        templates=_templates(v.table(data, "templates", path), v.join(path, "templates")),
        sources=_sources(v.table(data, "sources", path), v.join(path, "sources")),
        normalise=_normalise(v.table(data, "normalise", path), v.join(path, "normalise")),
        public_fields=_public_fields(data, path),
        matching=MappingProxyType(dict(v.table(data, "matching", path))),
        pages=MappingProxyType(dict(v.table(data, "pages", path))),
        notifications=_notifications(
            v.table(data, "notifications", path), v.join(path, "notifications")
        ),
        feedback=_feedback(v.table(data, "feedback", path), v.join(path, "feedback")),
    )


def _feedback(data: Mapping[str, Any], path: str) -> FeedbackSettings:
    v.reject_unknown(data, ("coordinators",), path)
    names = v.string_list(data, "coordinators", path)
    for index, written in enumerate(names):
        if not written.strip():
            raise v.bad_value(
                v.join(v.join(path, "coordinators"), index), written, "an account name"
            )
    return FeedbackSettings(coordinators=tuple(dict.fromkeys(name.strip() for name in names)))


def _notifications(data: Mapping[str, Any], path: str) -> NotificationSettings:
    v.reject_unknown(data, ("enabled", "max_per_run"), path)
    defaults = NotificationSettings()
    return NotificationSettings(
        enabled=v.boolean(data, "enabled", path, defaults.enabled),
        max_per_run=v.integer(data, "max_per_run", path, defaults.max_per_run, 0, 1000),
    )


def _templates(data: Mapping[str, Any], path: str) -> Templates:
    known = ("entry", "registration", "skill", "feedback", "resource", "clinic_record")
    goals = ("indicator", "objective", "key_result")
    v.reject_unknown(data, (*known, "organisation", *goals, "fields", "ignored_parameters"), path)
    defaults = Templates()
    fields = _field_names(v.table(data, "fields", path), v.join(path, "fields"))
    templates = Templates(
        entry=v.non_empty_string(data, "entry", path, defaults.entry),
        registration=v.non_empty_string(data, "registration", path, defaults.registration),
        skill=v.non_empty_string(data, "skill", path, defaults.skill),
        feedback=v.non_empty_string(data, "feedback", path, defaults.feedback),
        resource=v.non_empty_string(data, "resource", path, defaults.resource),
        clinic_record=v.non_empty_string(data, "clinic_record", path, defaults.clinic_record),
        organisation=v.non_empty_string(data, "organisation", path, defaults.organisation),
        indicator=v.non_empty_string(data, "indicator", path, defaults.indicator),
        objective=v.non_empty_string(data, "objective", path, defaults.objective),
        key_result=v.non_empty_string(data, "key_result", path, defaults.key_result),
        fields=fields,
        ignored=_ignored_parameters(data, path, fields),
    )
    if parameter_key(templates.resource) == parameter_key(templates.clinic_record):
        raise ConfigError(
            f"{v.join(path, 'clinic_record')}: the clinic record template needs a name of its "
            f"own, not that of the resource template ({templates.resource!r})"
        )
    return templates


def _ignored_parameters(
    data: Mapping[str, Any], path: str, fields: tuple[tuple[str, FieldNames], ...]
) -> frozenset[str]:
    """Parameter names to skip without a problem; never a name of a field."""
    names = v.string_list(data, "ignored_parameters", path)
    owner = {parameter_key(alias): name for name, names_ in fields for alias in names_.all_names()}
    for index, written in enumerate(names):
        key = parameter_key(written)
        if key in owner:
            where = v.join(v.join(path, "ignored_parameters"), index)
            raise ConfigError(f'{where}: "{written}" is a name of the field {owner[key]}')
    return frozenset(parameter_key(name) for name in names if name.strip())


def _field_names(data: Mapping[str, Any], path: str) -> tuple[tuple[str, FieldNames], ...]:
    _reject_private_keys(data, path)
    v.reject_unknown(data, FIELDS, path)
    chosen: list[tuple[str, FieldNames]] = []
    owner: dict[str, str] = {}
    for name in FIELDS:
        names = _one_field_names(name, data, path)
        for index, alias in enumerate(names.all_names()):
            key = parameter_key(alias)
            if owner.get(key, name) != name:
                where = _alias_path(v.join(path, name), index)
                raise ConfigError(f'{where}: "{alias}" is already a name of {owner[key]}')
            owner[key] = name
        chosen.append((name, names))
    return tuple(chosen)


def _alias_path(path: str, index: int) -> str:
    if index == 0:
        return v.join(path, "name")
    return v.join(v.join(path, "aliases"), index - 1)


def _one_field_names(name: str, data: Mapping[str, Any], path: str) -> FieldNames:
    defaults = _DEFAULT_ALIASES[name]
    if name not in data:
        return FieldNames(defaults[0], defaults[1:])
    settings = v.table(data, name, path)
    where = v.join(path, name)
    v.reject_unknown(settings, ("name", "aliases"), where)
    primary = v.non_empty_string(settings, "name", where, defaults[0])
    aliases = v.string_list(settings, "aliases", where, defaults[1:])
    return FieldNames(primary, tuple(alias for alias in aliases if alias.strip()))


def parameter_key(name: str) -> str:
    """A parameter name compared the way editors expect: any case, spacing or underscores."""
    return " ".join(name.replace("_", " ").split()).casefold()


_HEADER_WORDS = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def is_private_header(header: str) -> bool:
    """Whether a CSV header names private data, alone or in more words ("Your e-mail
    address", "Phone number (optional)"): such a column is never read."""
    words = _HEADER_WORDS.findall(parameter_key(header))
    return any(
        " ".join(words[start:end]) in PRIVATE_FIELDS
        for start in range(len(words))
        for end in range(start + 1, len(words) + 1)
    )


def _sources(data: Mapping[str, Any], path: str) -> Sources:
    known = ("directory", "registrations", "taxonomy", "feedback", "feedback_archives", "csv")
    extra = ("new_entries", "readers", "resources", "organisations", "indicators")
    v.reject_unknown(data, (*known, *extra), path)
    csv = v.table(data, "csv", path)
    v.reject_unknown(csv, ("columns", *_ROLE_KEYS), v.join(path, "csv"))
    return Sources(
        directory=_page_set(v.table(data, "directory", path), v.join(path, "directory")),
        registrations=_page_set(
            v.table(data, "registrations", path), v.join(path, "registrations")
        ),
        taxonomy=v.string(data, "taxonomy", path, ""),
        feedback=v.string(data, "feedback", path, ""),
        feedback_archives=_archives(
            v.table(data, "feedback_archives", path), v.join(path, "feedback_archives")
        ),
        readers=_readers(data, v.join(path, "readers")),
        csv_columns=_csv_columns(csv, v.join(path, "csv")),
        new_entries=v.string(data, "new_entries", path, ""),
        csv_roles=_csv_roles(csv, v.join(path, "csv")),
        resources=_archives(v.table(data, "resources", path), v.join(path, "resources")),
        organisations=_archives(
            v.table(data, "organisations", path), v.join(path, "organisations")
        ),
        indicators=v.string(data, "indicators", path, ""),
    )


#: Settings of a reader besides those of its page set.
_READER_KEYS = (
    "format",
    "template",
    "positional",
    "username_from_title",
    "babel",
    "babel_alone",
)


def _readers(data: Mapping[str, Any], path: str) -> tuple[Reader, ...]:
    """The ``readers`` list: each a page set (found by title or prefix) and its format."""
    items = data.get("readers", [])
    if not isinstance(items, list):
        raise v.bad_value(path, items, "a list of readers")
    readers = []
    for index, item in enumerate(items):
        where = v.join(path, index)
        if not isinstance(item, Mapping):
            raise v.bad_value(where, item, "a table of reader settings")
        set_keys = {key: value for key, value in item.items() if key not in _READER_KEYS}
        pages = _page_set({"transcluding": False, **set_keys}, where)
        if not (pages.titles or pages.prefix or pages.transcluding):
            raise ConfigError(f"{where}: name the pages to read ('titles' or 'prefix')")
        formats = [item.value for item in PageFormat]
        chosen = v.choice(item, "format", where, PageFormat.TEMPLATE.value, formats)
        if pages.transcluding and chosen != PageFormat.TEMPLATE.value:
            raise ConfigError(
                f"{v.join(where, 'transcluding')}: only readers of entry templates find their "
                "pages by transclusion; name the pages by 'titles' or 'prefix'"
            )
        readers.append(_reader_options(item, where, pages, PageFormat(chosen)))
    return tuple(readers)


def _reader_options(
    item: Mapping[str, Any], where: str, pages: PageSet, page_format: PageFormat
) -> Reader:
    """A reader with its format's options; an option of another format is refused."""
    if page_format is PageFormat.TABLE:
        for key in _READER_KEYS[1:]:
            if key in item:
                raise ConfigError(f"{v.join(where, key)}: not an option of the table format")
        return Reader(pages, page_format)
    positional = v.string_list(item, "positional", where)
    for index, name in enumerate(positional):
        if name not in FIELDS:
            known = ", ".join(FIELDS)
            raise ConfigError(
                f'{v.join(v.join(where, "positional"), index)}: "{name}" is not a field '
                f"(fields: {known})"
            )
    reader = Reader(
        pages,
        page_format,
        template=v.string(item, "template", where, "").strip(),
        positional=positional,
        username_from_title=v.boolean(item, "username_from_title", where, False),
        babel=v.boolean(item, "babel", where, False),
        babel_alone=v.boolean(item, "babel_alone", where, False),
    )
    if reader.babel_alone and not (reader.babel and reader.username_from_title):
        raise ConfigError(
            f"{v.join(where, 'babel_alone')}: needs 'babel' and 'username_from_title'"
        )
    return reader


def _page_set(data: Mapping[str, Any], path: str) -> PageSet:
    v.reject_unknown(data, ("titles", "prefix", "transcluding", "namespaces"), path)
    return PageSet(
        titles=v.string_list(data, "titles", path),
        prefix=v.string(data, "prefix", path, ""),
        transcluding=v.boolean(data, "transcluding", path, True),
        namespaces=_namespace_names(data, path),
    )


def _namespace_names(data: Mapping[str, Any], path: str) -> tuple[str, ...]:
    names = v.string_list(data, "namespaces", path)
    where = v.join(path, "namespaces")
    for index, name in enumerate(names):
        if not _NAMESPACE_NAME.fullmatch(name):
            raise v.bad_value(v.join(where, index), name, 'a namespace name such as "User"')
    return tuple(dict.fromkeys(" ".join(name.replace("_", " ").split()) for name in names))


def _archives(data: Mapping[str, Any], path: str) -> PageSet:
    """A page set named by ``titles`` and/or a ``prefix`` only (never by transclusion)."""
    v.reject_unknown(data, ("titles", "prefix"), path)
    return dataclasses.replace(_page_set(data, path), transcluding=False)


def _csv_columns(data: Mapping[str, Any], path: str) -> tuple[tuple[str, str], ...]:
    default = {name: name for name in FIELDS}
    columns = v.string_map(data, "columns", path, default)
    where = v.join(path, "columns")
    for header, target in columns.items():
        if parameter_key(target) in PRIVATE_FIELDS:
            raise _private_error(v.join(where, header), target)
        if is_private_header(header):
            raise _private_error(v.join(where, header), header)
        if target not in FIELDS:
            raise v.bad_value(v.join(where, header), target, "one of " + ", ".join(FIELDS))
    return tuple(sorted(columns.items()))


_ROLE_KEYS = ("role_column", "skills_column", "roles")
_DEFAULT_ROLES = {"mentor": "share", "mentee": "learn"}


def _csv_roles(data: Mapping[str, Any], path: str) -> CsvRoles:
    """The role column settings: both columns named (not private), roles to share/learn/both."""
    column = v.string(data, "role_column", path, "")
    skills = v.string(data, "skills_column", path, "")
    if not column.strip() and not skills.strip() and "roles" not in data:
        return CsvRoles()
    for key, header in (("role_column", column), ("skills_column", skills)):
        if not header.strip():
            raise v.bad_value(v.join(path, key), header, "a CSV header (set both role columns)")
        if is_private_header(header):
            raise _private_error(v.join(path, key), header)
    roles = v.string_map(data, "roles", path, _DEFAULT_ROLES)
    where = v.join(path, "roles")
    for role, target in roles.items():
        if target not in ROLE_TARGETS:
            raise v.bad_value(v.join(where, role), target, "one of " + ", ".join(ROLE_TARGETS))
    folded = {parameter_key(role): target for role, target in roles.items()}
    return CsvRoles(column, skills, tuple(sorted(folded.items())))


def _normalise(data: Mapping[str, Any], path: str) -> NormaliseSettings:
    known = ("regions", "region_aliases", "default_capacity", "max_capacity", "inactive_days")
    v.reject_unknown(data, (*known, "limits", "languages", "tidy"), path)
    max_capacity = v.integer(data, "max_capacity", path, 10, minimum=0, maximum=1000)
    regions = _regions(data, path)
    return NormaliseSettings(
        regions=regions,
        region_aliases=_region_aliases(data, path, regions),
        default_capacity=v.integer(data, "default_capacity", path, 2, 0, max_capacity),
        max_capacity=max_capacity,
        inactive_days=v.integer(data, "inactive_days", path, 365, 1, MAX_INACTIVE_DAYS),
        limits=_limits(data, path),
        languages=_language_names(data, path),
        tidy=v.boolean(data, "tidy", path, False),
    )


def _regions(data: Mapping[str, Any], path: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if "regions" not in data:
        return DEFAULT_REGIONS
    table = v.table(data, "regions", path)
    where = v.join(path, "regions")
    regions = []
    for name in sorted(table):
        if not name.strip():
            raise v.bad_value(v.join(where, name), name, "a region name")
        regions.append((name, v.string_list(table, name, where)))
    if not regions:
        raise v.bad_value(where, {}, "at least one region")
    return tuple(regions)


def _region_aliases(
    data: Mapping[str, Any], path: str, regions: tuple[tuple[str, tuple[str, ...]], ...]
) -> tuple[tuple[str, str], ...]:
    aliases = v.string_map(data, "region_aliases", path)
    names = [name for name, _ in regions]
    for spelling, name in aliases.items():
        if name not in names:
            where = v.join(v.join(path, "region_aliases"), spelling)
            raise v.bad_value(where, name, "one of the regions: " + ", ".join(names))
    return tuple(sorted(aliases.items()))


def _limits(data: Mapping[str, Any], path: str) -> tuple[tuple[str, int], ...]:
    table = v.table(data, "limits", path)
    where = v.join(path, "limits")
    v.reject_unknown(table, FIELDS, where)
    limits = dict(DEFAULT_LIMITS)
    for name in table:
        limits[name] = v.integer(table, name, where, DEFAULT_LIMITS[name], 1, 100_000)
    return tuple(sorted(limits.items()))


def _language_names(data: Mapping[str, Any], path: str) -> tuple[tuple[str, str], ...]:
    names = v.string_map(data, "languages", path)
    where = v.join(path, "languages")
    for name, code in names.items():
        if not _LANGUAGE_CODE.fullmatch(code):
            raise v.bad_value(v.join(where, name), code, 'an ISO 639 code such as "dag"')
    return tuple(sorted(names.items()))


def _public_fields(data: Mapping[str, Any], path: str) -> frozenset[str]:
    names = v.string_list(data, "public_fields", path, DEFAULT_PUBLIC_FIELDS)
    where = v.join(path, "public_fields")
    for index, name in enumerate(names):
        if parameter_key(name) in PRIVATE_FIELDS:
            raise _private_error(v.join(where, index), name)
        if name not in FIELDS:
            raise v.bad_value(v.join(where, index), name, "one of " + ", ".join(FIELDS))
    return frozenset(names)


def _reject_private_keys(data: Mapping[str, Any], path: str) -> None:
    for key in data:
        if parameter_key(key) in PRIVATE_FIELDS:
            raise _private_error(v.join(path, key), key)


def _private_error(path: str, name: str) -> ConfigError:
    return ConfigError(f'{path}: "{name}" is private personal data and is never read or published')
