"""The whole sync on the real wiki: a 520-entry programme over 11 pages, through the CLI's code."""

from __future__ import annotations

import html
import json
import logging
import math
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import mwparserfromhell
import pytest
import requests

from wikisync import wiki
from wikisync.dev.devwiki import DevWiki
from wikisync.dev.editor import Editor
from wikisync.dev.sample import SamplePlan, sample_programme
from wikisync.planning.plan import gather_inputs
from wikisync.reading.sources import load_programme_from_wiki, source_titles
from wikisync.running import operations
from wikisync.running.state import State
from wikisync.settings.config import Settings

PEOPLE = 520
EXTERNAL = re.compile(r'<a [^>]*class="external[^"]*"[^>]*href="([^"]*)"')
PER_PAGE = 50
PRIVATE = {
    "email": ["amani.private@example.org", "lucia.p@example.net"],
    "real name": ["Amani Wanjiru Kamau", "Lucía Paredes Ortiz"],
    "gender": ["nonbinary-private", "female-private"],
    "phone": ["+254 712 345 678", "+51 987 654 321"],
}


@pytest.fixture(scope="module")
def programme(devwiki: DevWiki) -> SamplePlan:
    plan = sample_programme(PEOPLE, 40, seed=7, per_page=PER_PAGE)
    devwiki.create_accounts([*plan.accounts, "Amani Kamau", "Lucia Paredes"])
    devwiki.load(plan.pages, "test programme")
    return plan


@pytest.fixture(scope="module")
def csv_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    header = "username,consent,languages,timezone,share,learn,email,real name,age,gender,phone\n"
    rows = [
        "Amani Kamau,yes,sw-N; en-3,Africa/Nairobi,Proposal writing,Budgeting,"
        + ",".join([PRIVATE["email"][0], PRIVATE["real name"][0], "37"])
        + f",{PRIVATE['gender'][0]},{PRIVATE['phone'][0]}\n",
        "Lucia Paredes,yes,es-N,America/Lima,Photography,Fundraising,"
        + ",".join([PRIVATE["email"][1], PRIVATE["real name"][1], "52"])
        + f",{PRIVATE['gender'][1]},{PRIVATE['phone'][1]}\n",
    ]
    path = tmp_path_factory.mktemp("csv") / "registrations.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    return path


def data_rows(wikitext: str) -> list[list[str]]:
    """The cells of every table's data rows, stripped."""
    rows = []
    for tag in mwparserfromhell.parse(wikitext).filter_tags(recursive=True):
        if str(tag.tag) == "tr":
            cells = [
                str(cell.contents).strip()
                for cell in tag.contents.filter_tags(recursive=False)
                if str(cell.tag) == "td"
            ]
            rows += [cells] if cells else []
    return rows


def generated_titles(edits) -> list[str]:  # type: ignore[no-untyped-def]
    return [edit.title for edit in edits]


def test_first_run_creates_every_page_and_a_rerun_edits_nothing(
    programme: SamplePlan,
    devwiki: DevWiki,
    csv_file: Path,
    human: Editor,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    config = str(devwiki.settings_file)
    before = wiki.REQUESTS.total
    first = operations.sync(config, csv_file=csv_file)
    first_requests = wiki.REQUESTS.total - before
    created = [p for p in first.report.pages if p.outcome == "created"]
    assert len(created) == len(first.edits) > 40
    assert first.report.status is not None
    assert first.report.status.outcome == "created"  # rendered after the pages were saved
    assert first.report.edits == len(created) + 1
    assert len(first.inputs.people) >= PEOPLE
    # the directory pages, Newcomers, Registrations, the taxonomy, feedback, resources,
    # organisations and indicators pages
    sources = math.ceil(PEOPLE / PER_PAGE) + 7
    assert first.inputs.read.fetched == first.inputs.read.parsed == sources

    before = wiki.REQUESTS.total
    second = operations.sync(config, csv_file=csv_file)
    assert second.report.edits == 0
    assert {p.outcome for p in second.report.pages} == {"unchanged"}
    assert second.inputs.read.fetched == 1  # the registrants' page the first run created
    assert wiki.REQUESTS.total - before < first_requests

    texts = [human.text(title) or "" for title in generated_titles(first.edits)]
    summaries = [
        change.get("comment", "")
        for change in human._get(
            action="query", list="recentchanges", rcprop="comment", rclimit="max"
        )["query"]["recentchanges"]
    ]
    everything = "\n".join(texts + summaries + [r.getMessage() for r in caplog.records])
    for values in PRIVATE.values():
        for value in values:
            assert value not in everything
    registrants = [p for p in first.inputs.people if p.username in ("Amani Kamau", "Lucia Paredes")]
    assert all("37" not in repr(p) and "52" not in repr(p) for p in registrants)  # their ages
    assert "Amani Kamau" in human.text("Let's Connect/Statistics") or "Amani Kamau" in "\n".join(
        texts
    )


def test_consenting_registrants_are_listed_once_and_leave_when_moved(
    programme: SamplePlan, devwiki: DevWiki, csv_file: Path, human: Editor
) -> None:
    config = str(devwiki.settings_file)
    new_entries = "Let's Connect/Skills directory/New registrants"
    result = operations.sync(config, csv_file=csv_file)
    listed = human.text(new_entries) or ""
    for name in ("Hana Ali", "Pedro Alves", "Amani Kamau", "Lucia Paredes"):
        assert f"= {name}\n" in listed
    assert "Mei Lin" not in listed
    assert "Kwame Mensah" not in listed
    for values in PRIVATE.values():
        assert not any(value in listed for value in values)
    entry = next(block for block in listed.split("}}") if "= Hana Ali\n" in block) + "}}"
    entry = entry[entry.index("{{") :]
    newcomers = "Let's Connect/Skills directory/Newcomers"
    human.edit(newcomers, (human.text(newcomers) or "") + "\n" + entry)
    operations.sync(config, csv_file=csv_file)
    assert "= Hana Ali\n" not in (human.text(new_entries) or "")
    assert result.inputs.directory.withheld >= 1


def test_reading_is_bounded_and_only_changed_pages_are_parsed(
    programme: SamplePlan,
    devwiki: DevWiki,
    settings: Settings,
    bot: wiki.Wiki,
    human: Editor,
    tmp_path: Path,
) -> None:
    program = load_programme_from_wiki(bot, settings)
    titles = source_titles(bot, program)
    assert len(titles.directory) == math.ceil(PEOPLE / PER_PAGE) + 2  # + Newcomers, New registrants
    names = len(programme.accounts) + 2
    with State.open(tmp_path / "state.sqlite") as state:
        before = wiki.REQUESTS.total
        cold = gather_inputs(bot, state, program, titles, operations.now().date())
        used = wiki.REQUESTS.total - before
        # page sets (allpages, embeddedin x2), prop=info, content, list=users|usercontribs
        # and at most four more narrowing rounds of list=usercontribs per 500 accounts;
        # pywikibot's own one-time paraminfo requests come on top.
        bound = 3 + 2 + 6 * math.ceil(names / 500) + 2
        assert used <= bound, wiki.REQUESTS.counts
        assert cold.read.fetched == len(titles.all())

        warm = gather_inputs(bot, state, program, titles, operations.now().date())
        assert (warm.read.fetched, warm.read.parsed) == (0, 0)

        page = titles.directory[1]
        human.edit(page, human.text(page) + "\n<!-- a small change -->")
        changed = gather_inputs(bot, state, program, titles, operations.now().date())
        assert (changed.read.fetched, changed.read.parsed) == (1, 1)
        assert [(p.username, p.shares, p.learns) for p in changed.people] == [
            (p.username, p.shares, p.learns) for p in warm.people
        ]


def test_people_keep_their_text_around_the_markers_and_pages_without_markers_are_left_alone(
    programme: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    config = str(devwiki.settings_file)
    matches = "Let's Connect/Matches"
    body = human.text(matches) or ""
    human.edit(matches, "Read this first.\n\n" + body + "\n\n[[Category:Let's Connect]]")
    human.edit("Let's Connect/Skills/Photography", "A page a person rewrote, without markers.")
    human.edit(
        "Let's Connect/Statistics", "{{nobots}}\n" + (human.text("Let's Connect/Statistics") or "")
    )
    human.edit(
        "Let's Connect/Skills directory/Part 1",
        human.text("Let's Connect/Skills directory/Part 1").replace(
            "capacity     = 1", "capacity     = 3", 3
        ),
    )
    result = operations.sync(config)
    outcomes = {p.title: p for p in result.report.pages}
    assert outcomes["Let's Connect/Skills/Photography"].outcome == "skipped"
    assert "markers" in outcomes["Let's Connect/Skills/Photography"].reason
    assert (
        human.text("Let's Connect/Skills/Photography")
        == "A page a person rewrote, without markers."
    )
    assert outcomes["Let's Connect/Statistics"].outcome == "skipped"
    text = human.text(matches) or ""
    assert text.startswith("Read this first.\n\n<!-- wikisync:matches:start -->")
    assert text.endswith("<!-- wikisync:matches:end -->\n\n[[Category:Let's Connect]]")


def test_the_kill_switch_stops_a_run(
    programme: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    human.edit("User:SyncBot/Run", "no")
    page = "Let's Connect/Skills directory/Part 2"
    human.edit(
        page,
        (human.text(page) or "").replace("status       = active", "status       = inactive", 5),
    )
    try:
        result = operations.sync(str(devwiki.settings_file))
    finally:
        human.edit("User:SyncBot/Run", "yes")
    assert result.report.stopped
    assert result.report.edits == 0


def test_generated_pages_render_as_tables_without_markup_from_users(
    programme: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    result = operations.sync(str(devwiki.settings_file))
    parsed = human._get(
        action="parse",
        page="Let's Connect/Matches",
        prop="text|templates|categories|externallinks|links",
    )["parse"]
    html = parsed["text"]
    assert html.count("<tr") >= len(result.result.suggestions) + 1
    assert parsed["templates"] == []
    assert [c["category"] for c in parsed["categories"]] == ["Let's_Connect"]  # a person's
    assert parsed["externallinks"] == []
    assert all(link["title"].startswith(("User:", "Let's Connect/")) for link in parsed["links"])


def _encodable(value: str) -> bool:
    """Whether a wiki can receive the value at all (lone surrogates are not UTF-8)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


HOSTILE = [
    str(value)
    for value in json.loads(
        (Path(__file__).parents[1] / "unit" / "render" / "data" / "hostile_values.json").read_text()
    )["values"]
    if _encodable(str(value))
]


def hostile_entries(accounts: list[str]) -> str:
    """Directory entries of real accounts whose other fields hold hostile values."""
    entries = []
    for index, value in enumerate(HOSTILE):
        one_line = " ".join(str(value).split()).replace("}}", "} }").replace("|", "&#124;")
        entries.append(
            "{{Skills directory entry\n"
            f" | username = {accounts[index % len(accounts)]}\n"
            f" | affiliation = {one_line}\n | country = {one_line}\n"
            f" | share = {one_line}\n | learn = Budgeting\n}}}}"
        )
    return "\n".join(entries) + "\n"


def test_hostile_values_never_act_on_generated_pages(
    programme: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    assert len(HOSTILE) >= 40
    page = "Let's Connect/Skills directory/Hostile"
    human.edit(page, hostile_entries(list(programme.accounts[:20])))
    statistics = human.text("Let's Connect/Statistics") or ""
    human.edit("Let's Connect/Statistics", statistics.replace("{{nobots}}\n", ""))
    result = operations.sync(str(devwiki.settings_file))
    assert not result.report.stopped
    for title in ("Let's Connect/Directory problems", "Let's Connect/Statistics"):
        parsed = human._get(
            action="parse",
            page=title,
            prop="text|templates|categories|externallinks|links|images|iwlinks|properties",
        )["parse"]
        assert parsed["templates"] == [], title
        assert parsed["images"] == [], title
        assert parsed["iwlinks"] == [], title
        assert parsed["externallinks"] == [], title
        assert {p["name"] for p in parsed["properties"]} <= {"noeditsection"}, title
        assert all(k["title"].startswith(("User:", "Let's Connect/")) for k in parsed["links"])
        assert "<script" not in parsed["text"]
        saved = human.text(title) or ""
        assert "SyncBot" not in saved, "a signature or {{subst:}} acted"
    assert "Hostile" in (human.text("Let's Connect/Directory problems") or "")
    outcomes = {p.title: p.outcome for p in result.report.pages}
    assert outcomes["Let's Connect/Statistics"] == "edited"


def test_a_mass_removal_is_refused_when_the_directory_did_not_shrink(
    programme: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    operations.sync(str(devwiki.settings_file))
    human.edit("Let's Connect/Skills taxonomy", "Page blanked by a vandal.")
    result = operations.sync(str(devwiki.settings_file))
    matches = {p.title: p for p in result.report.pages}["Let's Connect/Matches"]
    assert matches.outcome == "refused"
    assert "probable blanking" in matches.reason
    assert "<!-- wikisync:matches:start -->" in (human.text("Let's Connect/Matches") or "")


def wikisync_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "wikisync"), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def test_preview_writes_changed_pages_under_the_bots_prefix_only(
    programme: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    config = str(devwiki.settings_file)
    human.edit("Let's Connect/Skills taxonomy", programme.pages["Let's Connect/Skills taxonomy"])
    operations.sync(config)
    page = "Let's Connect/Skills directory/Part 3"
    human.edit(
        page,
        (human.text(page) or "").replace("status       = active", "status       = inactive", 8),
    )
    before = human.text("Let's Connect/Matches")
    nothing_due = operations.run(config, preview="User:SyncBot/Preview")
    assert nothing_due.ran == () and nothing_due.result is None  # what a run would do
    preview = wikisync_cli(
        "--config", config, "run", "--force", "--preview", "User:SyncBot/Preview"
    )
    assert preview.returncode == 0, preview.stderr
    assert human.text("Let's Connect/Matches") == before
    assert "wikisync:matches:start" in (
        human.text("User:SyncBot/Preview/Let's Connect/Matches") or ""
    )
    refused = wikisync_cli(
        "--config", config, "run", "--force", "--preview", "Let's Connect/Preview"
    )
    assert refused.returncode == 2
    assert "not in the bot's user space" in refused.stderr


def test_check_lists_problems_and_export_writes_public_records(
    programme: SamplePlan, devwiki: DevWiki, tmp_path: Path
) -> None:
    config = str(devwiki.settings_file)
    check = wikisync_cli("--config", config, "check")
    assert check.returncode == 1  # the sample's newcomers page has an entry without a name
    assert "error: missing-username" in check.stdout
    assert "unknown-timezone" in check.stdout
    out = tmp_path / "export.json"
    export = wikisync_cli("--config", config, "export", "--format", "json", "-o", str(out))
    assert export.returncode == 0, export.stderr
    data = json.loads(out.read_text())
    assert len(data["people"]) >= PEOPLE
    assert set(data["people"][0]) <= {
        "username", "affiliation", "region", "country", "languages", "timezone",
        "share", "learn", "projects", "capacity", "status", "clinic",
    }  # fmt: skip
    assert data["suggestions"]
    table = wikisync_cli("--config", config, "export", "--format", "csv")
    assert table.stdout.startswith("username,")
    assert len(table.stdout.splitlines()) == len(data["people"]) + 1


def test_check_of_local_files_needs_no_wiki(tmp_path: Path) -> None:
    page = tmp_path / "Directory.wiki"
    page.write_text(
        "{{Skills directory entry | username = Ok Person | timezone = Africa/Accra }}\n"
        "{{Skills directory entry | username = | share = x }}\n"
        "{{Skills directory entry | username = Other | timezone = Mars/Base\n"
    )
    result = wikisync_cli("check", "--file", str(page))
    assert result.returncode == 1
    assert "missing-username" in result.stdout
    assert "unknown-timezone" in result.stdout
    assert "unclosed-template" in result.stdout
    clean = tmp_path / "Clean.wiki"
    clean.write_text("{{Skills directory entry | username = Ok Person | timezone = UTC+3 }}\n")
    assert wikisync_cli("check", "--file", str(clean)).returncode == 0


def test_groups_are_named_with_their_languages_and_a_weekly_hour(
    programme: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    operations.sync(str(devwiki.settings_file))
    text = human.text("Let's Connect/Groups") or ""
    headings = re.findall(r"^== (.+) · (.+) · group (\d+) ==$", text, flags=re.MULTILINE)
    assert headings and "Group g-" not in text
    assert len(set(headings)) == len(headings)
    assert text.count("in common: ") == len(headings)
    hours = re.findall(
        r"Suggested weekly meeting: (\d\d):00 UTC, when (\d+) of (\d+) are awake", text
    )
    assert len(hours) == len(headings)
    assert all(0 < int(awake) <= int(known) for _, awake, known in hours)


def test_clinic_candidates_name_hosts_interpretation_and_two_utc_slots(
    programme: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    operations.sync(str(devwiki.settings_file))
    text = human.text("Let's Connect/Learning clinics/Candidates") or ""
    rows = [row for row in text.split("\n|-\n") if row.startswith("| ")]
    assert rows
    assert all("(willing to host)" in row or "learner" in row or "none yet" in row for row in rows)
    assert any("(willing to host)" in row or "in this skill)" in row for row in rows)
    assert "depends on the host" in text or "Interpretation needed for" in text
    slots = re.findall(r"(\d\d):00 \(suits (\d+(?:\.\d)?)%\)", text)
    assert len(slots) >= len(rows)
    assert all(0 < float(share) <= 100 for _, share in slots)


def test_propose_links_open_a_talk_section_filled_with_the_clinic(
    programme: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    operations.sync(str(devwiki.settings_file))
    form = human.text("Let's Connect/Forms/Clinic proposal") or ""
    assert form.startswith("<noinclude><!-- wikisync:form:start -->")
    assert form.endswith("<!-- wikisync:form:end --></noinclude>")
    title = "Let's Connect/Learning clinics/Candidates"
    first_row = data_rows(human.text(title) or "")[0]
    info = devwiki.running()
    assert info is not None
    shown = requests.get(info.page_url(title), timeout=30).text
    links = re.findall(r'href="([^"]*section=new[^"]*)"[^>]*>propose this clinic<', shown)
    assert len(links) == len(data_rows(human.text(title) or ""))
    url = html.unescape(links[0])
    assert url.startswith(f"{info.server}/index.php?title=Talk:Let%27s_Connect/Learning_clinics")
    edit_form = requests.get(url, timeout=30).text
    box = re.search(r'<textarea[^>]*id="wpTextbox1"[^>]*>(.*?)</textarea>', edit_form, re.S)
    assert box is not None
    text = html.unescape(box.group(1)).strip()
    assert text.splitlines() == [
        f"I propose a learning clinic on {first_row[1]} "
        f"(from [[:{title}|Let&#39;s Connect/Learning clinics/Candidates]]).",
        f"* Suggested hosts: {first_row[6]}",
        f"* Interpretation needed for: {first_row[8]}",
        f"* Suggested times (UTC): {first_row[10]}",
        "Who would host it, on which date, and in which languages? ~~~~",
    ]
    heading = re.search(r"name=.wpSummary. value='([^']*)'", edit_form)
    assert heading is not None and html.unescape(heading.group(1)).startswith(
        "Learning clinic proposal: "
    )


def test_a_person_index_entry_opens_at_their_rows_and_the_search_box_finds_them(
    programme: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    operations.sync(str(devwiki.settings_file))
    info = devwiki.running()
    assert info is not None
    wikitext = human.text("Let's Connect/Matches") or ""
    index = re.findall(r"\[\[:(Let's Connect/Matches/By person/[^|\]]+)\|", wikitext)
    assert index, "Matches links to no person index page"
    shown = requests.get(info.page_url(index[0]), timeout=30).text
    links = re.findall(r'href="[^"#]*?(?:title=|index\.php/)([^"#&]*)#([^"]*)"', shown)
    assert links, ("the index links to no row", shown[:3000])
    ids: dict[str, set[str]] = {}
    for page, fragment in links[:40]:
        title = urllib.parse.unquote(html.unescape(page)).replace("_", " ")
        if title not in ids:
            target = requests.get(info.page_url(title), timeout=30).text
            ids[title] = {
                html.unescape(i) for i in re.findall(r'<span id="([^"]*)"></span>', target)
            }
        assert urllib.parse.unquote(html.unescape(fragment)) in ids[title], (title, fragment)
    matches = requests.get(info.page_url("Let's Connect/Matches"), timeout=30).text
    hidden = re.findall(r'<input type="hidden" value="([^"]*)" name="prefix"', matches)
    assert [html.unescape(value) for value in hidden] == ["Let's Connect/Matches"]
    person = urllib.parse.unquote(html.unescape(links[0][1])).replace("_", " ")
    found = requests.get(
        f"{info.server}/index.php",
        params={
            "title": "Special:Search",
            "search": person,
            "prefix": "Let's Connect/Matches",
            "fulltext": "1",
        },
        timeout=30,
    ).text
    hits = re.findall(r"<div class=['\"]mw-search-result-heading['\"]><a href=\"([^\"]*)\"", found)
    assert any("Let%27s_Connect/Matches" in hit for hit in hits), found[:2000]


FEEDBACK_PAGE = "Let's Connect/Matches/Feedback"
ACCEPT_LINK = re.compile(r'href="([^"]*section=new[^"]*)"[^>]*>accept<')


def _answer_form(url: str) -> tuple[str, str]:
    """The text and the subject an answer link's edit form opens with."""
    edit_form = requests.get(url, timeout=30).text
    box = re.search(r'<textarea[^>]*id="wpTextbox1"[^>]*>(.*?)</textarea>', edit_form, re.S)
    subject = re.search(r"name=.wpSummary. value='([^']*)'", edit_form)
    assert box is not None and subject is not None, edit_form[:2000]
    return html.unescape(box.group(1)).strip(), html.unescape(subject.group(1))


def _preloaded(url: str) -> list[str]:
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    return query["preloadparams[]"]


def test_an_accept_link_opens_the_filled_feedback_line_and_only_the_people_concerned_count(
    programme: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    operations.sync(str(devwiki.settings_file))
    info = devwiki.running()
    assert info is not None
    shown = requests.get(info.page_url("Let's Connect/Matches"), timeout=30).text
    urls = [html.unescape(link) for link in ACCEPT_LINK.findall(shown)]
    assert len(urls) >= 2, "Matches has no accept links"
    assert all(url.startswith(f"{info.server}/index.php?title=Let%27s_Connect/Matches/Feedback")
               for url in urls)  # fmt: skip
    learner, sharer, skill, status = _preloaded(urls[0])
    text, subject = _answer_form(urls[0])
    assert status == "accepted"
    assert text == (
        f"{{{{Match feedback|learner={learner}|sharer={sharer}|skill={skill}|status=accepted}}}}"
        " ~~~~"
    )
    assert subject.startswith(f"{learner} and {sharer}: ")

    devwiki.participant(learner).edit(FEEDBACK_PAGE, text, section="new", sectiontitle=subject)
    other_learner, other_sharer, other_skill, _ = next(
        values for url in urls[1:] if learner not in (values := _preloaded(url))[:2]
    )
    outsider = next(
        name for name in programme.accounts
        if name not in (learner, sharer, other_learner, other_sharer)
    )  # fmt: skip
    forged = (
        f"{{{{Match feedback|learner={other_learner}|sharer={other_sharer}|skill={other_skill}"
        "|status=declined}} ~~~~"
    )
    devwiki.participant(outsider).edit(
        FEEDBACK_PAGE, forged, section="new", sectiontitle="Declined for them"
    )
    operations.sync(str(devwiki.settings_file))

    shown = requests.get(info.page_url("Let's Connect/Matches"), timeout=30).text
    met = re.findall(r'href="([^"]*section=new[^"]*)"[^>]*>we met<', shown)
    assert [_preloaded(html.unescape(url)) for url in met] == [[learner, sharer, skill, "met"]]
    wikitext = human.text("Let's Connect/Matches") or ""
    assert "Accepted: held until it is met or declined" in wikitext
    statistics = human.text("Let's Connect/Statistics") or ""
    assert "1 suggestion is accepted and held." in statistics
    still = [_preloaded(html.unescape(url))[:3] for url in ACCEPT_LINK.findall(shown)]
    assert [other_learner, other_sharer, other_skill] in still, "a forged decline moved the pair"
    problems = human.text("Let's Connect/Directory problems") or ""
    assert outsider in problems
    assert "neither the learner, the sharer nor a coordinator" in problems


def test_a_skill_page_shows_its_resources_by_language_and_kind_and_its_past_clinics(
    programme: SamplePlan, devwiki: DevWiki, human: Editor
) -> None:
    operations.sync(str(devwiki.settings_file))
    info = devwiki.running()
    assert info is not None
    text = human.text("Let's Connect/Skills/Proposal writing") or ""
    resources = text.split("== Resources ==", 1)[1].split("\n== ", 1)[0]
    assert resources.index("=== English ===") < resources.index("=== French ===")
    assert "; Recordings" in resources and "; Slides" in resources and "; Guides" in resources
    shown = requests.get(info.page_url("Let's Connect/Skills/Proposal writing"), timeout=30).text
    links = {urllib.parse.unquote(html.unescape(url)) for url in EXTERNAL.findall(shown)}
    assert "https://meta.wikimedia.org/wiki/Grants:Learning_patterns/Writing_a_proposal" in links
    assert "https://etherpad.wikimedia.org/p/LetsConnect-proposals" in links
    # the past clinic, with its host and a recording in each of its languages
    clinic = shown.split('id="Past_learning_clinics"', 1)[1].split("<h2", 1)[0]
    assert "hosted by" in clinic and 'title="User:Kwame Mensah"' in clinic
    recordings = {f"https://www.youtube.com/watch?v=LetsConnect0{n}" for n in (1, 2)}
    assert recordings <= {html.unescape(url) for url in EXTERNAL.findall(clinic)}
    budgeting = requests.get(info.page_url("Let's Connect/Skills/Budgeting"), timeout=30).text
    assert "Budget template for small grants" in budgeting
    content = budgeting.split('id="mw-content-text"', 1)[1].split('class="printfooter"', 1)[0]
    assert "javascript" not in content.lower(), "only http(s) addresses are linked"
    problems = human.text("Let's Connect/Directory problems") or ""
    assert "javascript" in problems and "starting with http or https" in problems
