"""Reading learning resources and past clinics from the resources pages, tolerantly.

Two templates stand on these pages, in any order and mix (their names come from the
programme settings)::

    {{Learning resource | skill = proposal-writing | title = Writing a grant proposal
     | url = https://example.org/guide | language = fr | kind = guide
     | clinic = March clinic | date = 2025-03-12}}
    {{Learning clinic | skill = Proposal writing | date = 2025-03-12 | host = [[User:Ama]]
     | languages = en, fr | recording_en = https://… | recording_fr = https://…}}

This step only reads what is written: each call's parameters by name (aliases and a few
translations accepted, any case or spacing), with the problems of writing (a template
left unclosed, unknown, unnamed or repeated parameters). What the values mean (which
skill, which language, a date, a safe address) depends on the taxonomy and the settings,
so it is decided later, on every run, by :mod:`wikisync.normalize.resources`; a page's
raw records are cached by revision like every other parse.
"""

from __future__ import annotations

import re

from wikisync.model import RECORDING_PREFIX, Problem, RawRecord, RecordKind
from wikisync.reading.parse import parameter_hints, template_calls
from wikisync.settings.programme import Templates

#: The parameter names of a resource (folded as parameter keys), by field.
RESOURCE_PARAMETERS: dict[str, str] = {
    **dict.fromkeys(("skill", "compétence", "habilidad", "habilidade", "مهارة"), "skill"),
    **dict.fromkeys(("title", "name", "label", "titre", "título", "titulo", "العنوان"), "title"),
    **dict.fromkeys(("url", "link", "address", "lien", "enlace", "ligação", "رابط"), "url"),
    **dict.fromkeys(
        ("language", "languages", "lang", "langue", "idioma", "língua", "اللغة"), "language"
    ),
    **dict.fromkeys(("kind", "type", "format", "tipo", "النوع"), "kind"),
    **dict.fromkeys(("clinic", "learning clinic", "clinique", "clínica", "عيادة"), "clinic"),
    **dict.fromkeys(("date", "fecha", "data", "التاريخ"), "date"),
}

#: The parameter names of a clinic record besides its recordings, by field.
CLINIC_PARAMETERS: dict[str, str] = {
    **dict.fromkeys(("skill", "compétence", "habilidad", "habilidade", "مهارة"), "skill"),
    **dict.fromkeys(("date", "fecha", "data", "التاريخ"), "date"),
    **dict.fromkeys(
        ("host", "hosted by", "presenter", "facilitator", "hôte", "anfitrión", "anfitrião"),
        "host",
    ),
    **dict.fromkeys(
        ("languages", "language", "lang", "langues", "langue", "idiomas", "línguas", "اللغات"),
        "languages",
    ),
    **dict.fromkeys(("recording", "video", "enregistrement", "grabación", "gravação"), "recording"),
}

_RECORDING_WORDS = "|".join(
    re.escape(word) for word, field in CLINIC_PARAMETERS.items() if field == "recording"
)
_RECORDING_IN = re.compile(rf"(?:{_RECORDING_WORDS})[ -]+(?P<lang>[^\s=]+)")
_RESOURCE_HINTS = parameter_hints(sorted(set(RESOURCE_PARAMETERS.values())))
_CLINIC_HINTS = parameter_hints(sorted({*CLINIC_PARAMETERS.values(), "recording_en"}))


def parse_records(
    text: str, page: str, revision: int, settings: Templates
) -> tuple[list[RawRecord], list[Problem]]:
    """The resource and clinic templates of a resources page in page order, with the
    problems of how they are written.

    Each record keeps every value it gives as raw wikitext; nothing is left out here.
    """
    found: list[tuple[int, RawRecord]] = []
    problems: list[Problem] = []
    reads = (
        (RecordKind.RESOURCE, settings.resource, RESOURCE_PARAMETERS.get, _RESOURCE_HINTS),
        (RecordKind.CLINIC, settings.clinic_record, clinic_parameter, _CLINIC_HINTS),
    )
    for kind, name, parameter_of, hints in reads:
        for source, values, written in template_calls(
            text, page, revision, name, parameter_of, hints
        ):
            problems.extend(written)
            found.append((source.line, RawRecord(kind, values, source)))
    found.sort(key=lambda item: item[0])
    return [record for _, record in found], problems


def clinic_parameter(key: str) -> str | None:
    """The field of a clinic record's parameter (a folded name): ``recording_fr`` for a
    recording in a language (``recording_fr``, ``recording fr``, ``video-fr``)."""
    recording = _RECORDING_IN.fullmatch(key)
    if recording is not None:
        return RECORDING_PREFIX + recording.group("lang")
    return CLINIC_PARAMETERS.get(key)
