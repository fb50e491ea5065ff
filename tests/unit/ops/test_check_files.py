"""``wikisync check --file``: pages in other shapes, counted entries, problems in page order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikisync.cli import main
from wikisync.errors import ConfigError
from wikisync.model import Problem, Severity, SourceRef
from wikisync.running.operations import check_files, describe_file_check, describe_problems

DATA = Path(__file__).parent / "data"
TEAM = DATA / "team.wiki"
TEAM_SETTINGS = DATA / "team-settings.json"
PRIVATE = ("jroe", "AT) example", "[at]", "Jane Roe", "Ahmed Karim", "jabber")


def check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args])
    return result.exit_code, result.output


def test_a_page_with_another_template_says_it_found_no_entries() -> None:
    code, output = check("--file", str(TEAM))
    assert code == 1
    assert f"{TEAM}: 0 entries" in output
    assert "warning: no {{Skills directory entry}} entries found" in output
    assert "--settings FILE.json" in output


def test_the_programme_settings_name_the_template_and_the_ignored_parameters() -> None:
    code, output = check("--file", str(TEAM), "--settings", str(TEAM_SETTINGS))
    assert code == 0, output
    assert f"{TEAM}: 3 entries" in output
    assert "0 problems" in output
    assert not any(value in output for value in PRIVATE)


def test_parameters_not_declared_ignored_are_reported_without_their_values(
    tmp_path: Path,
) -> None:
    settings = json.loads(TEAM_SETTINGS.read_text())
    settings["templates"]["ignored_parameters"] = ["realname", "past", "location"]
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(settings))
    found = check_files([TEAM], None, path)
    assert found.entries == {str(TEAM): 3}
    unknown = sorted({p.value for p in found.problems if p.code == "unknown-parameter"})
    assert unknown == ["email", "im", "os"]
    shown = describe_file_check(found)
    assert not any(value in shown for value in PRIVATE)


def test_a_parameter_that_is_also_a_field_name_cannot_be_ignored(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"templates": {"ignored_parameters": ["Languages"]}}))
    with pytest.raises(ConfigError, match=r"templates\.ignored_parameters\[0\]: \"Languages\""):
        check_files([TEAM], None, path)


@pytest.mark.parametrize(
    ("text", "message"),
    [("{not json", "not valid JSON"), ("[1, 2]", "expected a JSON object"),
     ('{"templats": {}}', "templats: unknown setting")],
)  # fmt: skip
def test_a_bad_settings_file_is_one_line_and_exit_2(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(text)
    code, output = check("--file", str(TEAM), "--settings", str(path))
    assert code == 2
    assert message in output
    assert "Traceback" not in output


def test_settings_without_a_file_is_a_usage_error() -> None:
    code, _ = check("--settings", str(TEAM_SETTINGS))
    assert code == 2


def test_short_unknown_parameters_get_no_far_fetched_hints(tmp_path: Path) -> None:
    page = tmp_path / "Directory.wiki"
    page.write_text(
        "{{Skills directory entry | username = A | past = yes | nick = A | contry = Ghana "
        "| langauges = en }}\n"
    )
    hints = {p.value: p.hints for p in check_files([page], None).problems}
    assert hints["past"] == ()
    assert hints["nick"] == ()
    assert hints["contry"] == ("country",)
    assert hints["langauges"] == ("languages",)


def test_problems_are_listed_in_page_order_and_entries_counted_from_one() -> None:
    problems = [
        Problem("unknown-timezone", Severity.WARNING, "m", SourceRef("Team", 1, index, line))
        for index, line in ((99, 1000), (17, 180), (2, 18), (0, 4))
    ]
    lines = describe_problems(problems).splitlines()
    assert [line.split(": warning")[0] for line in lines[:4]] == [
        "Team:4: entry 1",
        "Team:18: entry 3",
        "Team:180: entry 18",
        "Team:1000: entry 100",
    ]


@pytest.mark.parametrize("depth", [300, 5000])
def test_deeply_nested_markup_is_checked_without_a_traceback(tmp_path: Path, depth: int) -> None:
    page = tmp_path / "Deep.wiki"
    page.write_text(
        "{{Skills directory entry | username = Deep | share = "
        + "{{a|" * depth
        + "}}" * depth
        + "}}\n"
        + "{{" * depth
    )
    code, output = check("--file", str(page))
    assert "Traceback" not in output
    assert f"{page}: 1 entry" in output
    assert code in (0, 1)
