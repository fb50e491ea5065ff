"""What the commands do, from settings to results: connect, lock, run, describe.

The CLI and the pywikibot scripts call these; the work itself is in :mod:`wikisync.pipeline`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from wikisync import wiki
from wikisync.codec import to_jsonable
from wikisync.config import Settings, load_settings
from wikisync.model import EntryKind, Problem, RawEntry, Severity, Taxonomy
from wikisync.normalize import normalise, problems_summary
from wikisync.parse import parse_entries, parse_taxonomy
from wikisync.pipeline import RunResult, gather_inputs, run_sync
from wikisync.programme import Programme, default_programme
from wikisync.sources import load_programme_from_wiki, source_titles
from wikisync.state import State
from wikisync.sync import Action
from wikisync.sync import dry_run as plan_diffs

#: Problems that need the taxonomy; not reported when a local check has none.
SKILL_CODES = frozenset({"unknown-skill", "ambiguous-skill"})


def now() -> dt.datetime:
    """The current time, UTC."""
    return dt.datetime.now(dt.UTC)


def connect(config: str | None) -> tuple[Settings, wiki.Wiki, Programme]:
    """Settings, a logged-in connection and the programme settings from the wiki."""
    settings = load_settings(config)
    connection = wiki.connect(settings.wiki)
    return settings, connection, load_programme_from_wiki(connection, settings)


def sync(
    config: str | None,
    *,
    dry_run: bool = False,
    preview: str = "",
    csv_file: Path | None = None,
) -> RunResult:
    """One full run (a dry run, or a preview), holding the state lock throughout."""
    settings, connection, programme = connect(config)
    titles = source_titles(connection, programme)
    with State.open(settings.state_path) as state, state.lock("wikisync run"):
        return run_sync(
            connection,
            state,
            settings,
            programme,
            titles,
            now(),
            dry_run=dry_run,
            preview=preview,
            csv_file=csv_file,
        )


def check_wiki(config: str | None) -> list[Problem]:
    """Every problem of the configured wiki's sources (reads through the parse cache)."""
    settings, connection, programme = connect(config)
    titles = source_titles(connection, programme)
    with State.open(settings.state_path) as state:
        inputs = gather_inputs(connection, state, programme, titles, now().date())
    return list(inputs.public_problems)


def check_files(files: Sequence[Path], taxonomy_file: Path | None) -> list[Problem]:
    """Problems of local page files, with no wiki: parse, normalise, report."""
    programme = default_programme()
    taxonomy, problems = _local_taxonomy(taxonomy_file, programme)
    raw: list[RawEntry] = []
    for path in files:
        entries, found = parse_entries(
            path.read_text(encoding="utf-8"), str(path), 0, EntryKind.DIRECTORY, programme.templates
        )
        raw += entries
        problems += found
    directory = normalise(raw, taxonomy, programme, now().date())
    problems += directory.problems
    if taxonomy_file is None:
        problems = [p for p in problems if p.code not in SKILL_CODES]
    return problems


def _local_taxonomy(path: Path | None, programme: Programme) -> tuple[Taxonomy, list[Problem]]:
    if path is None:
        return Taxonomy(()), []
    taxonomy, problems = parse_taxonomy(
        path.read_text(encoding="utf-8"), str(path), 0, programme.templates
    )
    return taxonomy, list(problems)


def has_errors(problems: Iterable[Problem]) -> bool:
    """Whether any problem is an error (``wikisync check`` then exits 1)."""
    return any(p.severity is Severity.ERROR for p in problems)


def describe_problems(problems: Sequence[Problem]) -> str:
    """One line per problem, grouped by page, and a count per code."""
    lines = []
    ordered = sorted(problems, key=lambda p: (p.source.page if p.source else "", _where(p), p.code))
    for problem in ordered:
        page = problem.source.page if problem.source else "-"
        hint = f" (did you mean: {', '.join(problem.hints)})" if problem.hints else ""
        lines.append(
            f"{page}:{_where(problem)}: {problem.severity.name.lower()}: {problem.code}: "
            f"{problem.message}{hint}"
        )
    summary = ", ".join(f"{code} {count}" for code, count in problems_summary(problems).items())
    lines.append(f"{len(problems)} problems" + (f": {summary}" if summary else ""))
    return "\n".join(lines)


def _where(problem: Problem) -> str:
    source = problem.source
    if source is None:
        return "-"
    entry = f"entry {source.index + 1}"
    return f"{source.line}: {entry}" if source.line else entry


def describe_run(result: RunResult, *, dry_run: bool) -> str:
    """What a run read, matched and did to each page."""
    inputs = result.inputs
    lines = [
        f"read:     {inputs.read.pages} source pages, {inputs.read.fetched} fetched, "
        f"{inputs.read.parsed} parsed; {inputs.entries} entries -> {len(inputs.people)} people",
        f"matched:  {len(result.result.suggestions)} suggestions, "
        f"{len(result.result.unmatched)} requests without a match, "
        f"{len(result.result.groups)} groups, {len(result.result.clinics)} clinic candidates",
        f"problems: {len(inputs.public_problems)} (wikisync check lists them)",
    ]
    if dry_run:
        changes = [e for e in result.edits if e.action is not Action.UNCHANGED]
        lines.append(plan_diffs(result.edits).rstrip("\n"))
        lines.append(f"dry run: {len(changes)} pages would change; nothing was written")
        return "\n".join(lines)
    for page in result.report.pages:
        reason = f" ({page.reason})" if page.reason else ""
        lines.append(f"{page.outcome:10} {page.title}{reason}")
    if result.report.stopped:
        lines.append(f"stopped: {result.report.stopped}")
    lines.append(f"edits:    {result.report.edits}")
    return "\n".join(lines)


def failed_pages(result: RunResult) -> list[str]:
    """Titles that could not be written as planned."""
    bad = ("conflict", "protected", "refused", "not done")
    return [page.title for page in result.report.pages if page.outcome in bad]


def export(config: str | None, fmt: str) -> str:
    """The normalised public records (and the suggestions) as JSON or CSV text."""
    settings, connection, programme = connect(config)
    titles = source_titles(connection, programme)
    with State.open(settings.state_path) as state:
        inputs = gather_inputs(connection, state, programme, titles, now().date())
        suggestions = state.current_suggestions()
    public = programme.public_fields
    records = [_public_record(to_jsonable(person), public) for person in inputs.people]
    if fmt == "json":
        data = {
            "people": records,
            "suggestions": [
                {"learner": learner, "skill": skill, "sharer": sharer}
                for (learner, skill), sharer in sorted(suggestions.items())
            ],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return _csv(records)


_EXPORT_FIELDS = {
    "username": "username",
    "affiliation": "affiliation",
    "region": "region",
    "country": "country",
    "languages": "languages",
    "timezone": "timezone",
    "share": "shares",
    "learn": "learns",
    "projects": "projects",
    "capacity": "capacity",
    "status": "status",
    "clinic": "clinic",
}


def _public_record(data: dict[str, object], public: frozenset[str]) -> dict[str, object]:
    return {key: data[attr] for key, attr in _EXPORT_FIELDS.items() if key in public}


def _csv(records: Sequence[dict[str, object]]) -> str:
    out = io.StringIO()
    if not records:
        return ""
    writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: _cell(value) for key, value in record.items()})
    return out.getvalue()


def _cell(value: object) -> str:
    if isinstance(value, list):
        return "; ".join(_cell(item) for item in value)
    if isinstance(value, dict):
        return "-".join(str(item) for item in value.values())
    return "" if value is None else str(value)
