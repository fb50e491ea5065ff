"""Reading organisation entries from the organisation pages, tolerantly.

An organisation (an affiliate, a user group, a partner) is one template call (its name
comes from the programme settings)::

    {{Organisation entry | name = Wikimedia Ghana User Group | members = User:Ama, [[User:Kofi]]
     | region = Sub-Saharan Africa | country = Ghana | languages = en, tw | timezone = Africa/Accra
     | offers = Proposal writing | wants = Budgeting | questions = How do you run a board?
     | capacity = 2 | contact = User:Ama | status = active | do_not_match = Some Other Group}}

This step only reads what is written: each call's parameters by name (aliases and a few
translations accepted, any case or spacing), with the problems of writing (a template
left unclosed, unknown, unnamed or repeated parameters). What the values mean depends on
the taxonomy, the settings and the directory, so it is decided on every run by
:mod:`wikisync.normalize.organisations`; a page's raw records are cached by revision like
every other parse.
"""

from __future__ import annotations

from wikisync.model import Problem, RawRecord, RecordKind
from wikisync.reading.parse import parameter_hints, template_calls
from wikisync.settings.programme import Templates

#: The parameter names of an organisation entry (folded as parameter keys), by field.
ORGANISATION_PARAMETERS: dict[str, str] = {
    **dict.fromkeys(
        ("name", "organisation", "organization", "nom", "nombre", "nome", "الاسم"), "name"
    ),
    **dict.fromkeys(
        ("aliases", "alias", "also known as", "other names", "alias names", "autres noms"),
        "aliases",
    ),
    **dict.fromkeys(
        ("members", "member", "membres", "miembros", "membros", "الأعضاء", "people"), "members"
    ),
    **dict.fromkeys(("region", "région", "región", "região", "المنطقة"), "region"),
    **dict.fromkeys(("country", "pays", "país", "البلد", "الدولة"), "country"),
    **dict.fromkeys(
        ("languages", "language", "lang", "langues", "idiomas", "línguas", "اللغات"),
        "languages",
    ),
    **dict.fromkeys(
        ("timezone", "time zone", "tz", "fuseau horaire", "zona horaria", "fuso horário"),
        "timezone",
    ),
    **dict.fromkeys(
        ("offers", "offer", "share", "shares", "propose", "ofrece", "oferece", "يقدم"), "offers"
    ),
    **dict.fromkeys(
        ("wants", "want", "learn", "needs", "cherche", "busca", "procura", "يريد"), "wants"
    ),
    **dict.fromkeys(("questions", "question", "preguntas", "perguntas", "أسئلة"), "questions"),
    **dict.fromkeys(
        ("capacity", "sessions", "capacité", "capacidad", "capacidade", "السعة"), "capacity"
    ),
    **dict.fromkeys(("contact", "contact person", "contacto", "contato", "جهة الاتصال"), "contact"),
    **dict.fromkeys(("status", "statut", "estado", "الحالة"), "status"),
    **dict.fromkeys(
        ("do not match", "dont match", "not with", "ne pas associer"),
        "do_not_match",
    ),
}

_HINTS = parameter_hints(sorted(set(ORGANISATION_PARAMETERS.values())))


def parse_organisations(
    text: str, page: str, revision: int, settings: Templates
) -> tuple[list[RawRecord], list[Problem]]:
    """The organisation entries of an organisation page in page order, with the problems
    of how they are written.

    Each record keeps every value it gives as raw wikitext; nothing is left out here.
    """
    records: list[RawRecord] = []
    problems: list[Problem] = []
    calls = template_calls(
        text, page, revision, settings.organisation, ORGANISATION_PARAMETERS.get, _HINTS
    )
    for source, values, written in calls:
        problems.extend(written)
        records.append(RawRecord(RecordKind.ORGANISATION, values, source))
    return records, problems
