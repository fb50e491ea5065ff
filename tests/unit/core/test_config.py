"""Local settings: defaults, validation messages that name the key, and the search order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from wikisync.errors import ConfigError
from wikisync.settings.config import find_settings_file, load_settings, parse_settings

SOURCE = Path("/srv/bot/wikisync.toml")


def test_a_minimal_file_gets_sensible_defaults() -> None:
    settings = parse_settings(
        {"wiki": {"api": "https://w.example/w/api.php", "user": "Bot"}}, SOURCE
    )
    assert settings.wiki.api == "https://w.example/w/api.php"
    assert settings.wiki.password_file == Path("/srv/bot/password")
    assert settings.wiki.put_throttle == 10.0
    assert settings.config_page == "User:Bot/wikisync.json"
    assert settings.state_path == Path("/srv/bot/state.sqlite")


def test_the_run_pacing_has_defaults_and_bounds() -> None:
    wiki = {"family": "meta", "user": "Bot"}
    run = parse_settings({"wiki": wiki}, SOURCE).run
    assert (run.kill_switch_seconds, run.account_cache_hours, run.clock_slack_seconds) == (
        60.0,
        24.0,
        10.0,
    )
    assert run.clock_slack == dt.timedelta(seconds=10)
    given = parse_settings({"wiki": wiki, "run": {"clock_slack_seconds": 2}}, SOURCE).run
    assert given.clock_slack == dt.timedelta(seconds=2)
    for bad in (-1, 601, "soon"):
        with pytest.raises(ConfigError, match=r"run\.clock_slack_seconds: expected a number"):
            parse_settings({"wiki": wiki, "run": {"clock_slack_seconds": bad}}, SOURCE)


def test_a_wikimedia_wiki_is_named_by_family_and_code() -> None:
    settings = parse_settings({"wiki": {"family": "meta", "user": "Bot"}}, SOURCE)
    assert (settings.wiki.family, settings.wiki.code, settings.wiki.api) == ("meta", "meta", None)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"wiki": {"user": "Bot"}}, "wiki: set either 'api'"),
        ({"wiki": {"api": "x", "family": "meta", "user": "Bot"}}, "wiki: set either 'api'"),
        ({"wiki": {"api": "ftp://w.example/api.php", "user": "B"}}, "wiki.api: expected an http"),
        (
            {"wiki": {"api": "https://w.example/wiki/", "user": "B"}},
            "wiki.api: expected a URL ending",
        ),
        ({"wiki": {"family": "meta", "user": ""}}, "wiki.user: expected a non-empty string"),
        ({"wiki": {"family": "meta", "user": "Bot@sync"}}, "without '@appid'"),
        ({"wiki": {"family": "meta", "user": "B", "maxlag": "high"}}, "wiki.maxlag: expected an"),
        ({"wiki": {"family": "meta", "user": "B", "put_throttle": -1}}, "wiki.put_throttle"),
        ({"wiki": {"family": "meta", "user": "B", "put_throttle": float("nan")}}, "put_throttle"),
        ({"wiki": {"family": "meta", "user": "B", "put_throttle": float("inf")}}, "put_throttle"),
        ({"wiki": {"family": "meta", "user": "B", "timeout": float("inf")}}, "wiki.timeout"),
        ({"wiki": {"family": "meta", "user": "B", "timeout": 1e308}}, "wiki.timeout"),
        ({"wiki": {"family": "meta", "user": "B", "max_retries": 10**9}}, "wiki.max_retries"),
        (
            {"wiki": {"family": "meta", "user": "B", "pasword_file": "p"}},
            "wiki.pasword_file: unknown",
        ),
        ({"wiki": {"family": "meta", "user": "B"}, "extra": {}}, "extra: unknown setting"),
        ({"wiki": {"family": "meta", "user": "B"}, "state": {"path": 3}}, "state.path: expected"),
    ],
)
def test_a_bad_value_names_its_key_and_what_was_expected(data: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        parse_settings(data, SOURCE)


def test_the_settings_file_is_found_by_option_then_environment_then_cwd(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WIKISYNC_CONFIG", raising=False)
    with pytest.raises(ConfigError, match="no settings file"):
        find_settings_file()
    (tmp_path / ".devwiki").mkdir()
    (tmp_path / ".devwiki" / "wikisync.toml").write_text("")
    assert find_settings_file() == tmp_path / ".devwiki" / "wikisync.toml"
    (tmp_path / "wikisync.toml").write_text("")
    assert find_settings_file() == tmp_path / "wikisync.toml"
    (tmp_path / "env.toml").write_text("")
    monkeypatch.setenv("WIKISYNC_CONFIG", str(tmp_path / "env.toml"))
    assert find_settings_file() == tmp_path / "env.toml"
    (tmp_path / "given.toml").write_text("")
    assert find_settings_file(tmp_path / "given.toml") == tmp_path / "given.toml"
    with pytest.raises(ConfigError, match=r"--config: settings file .* does not exist"):
        find_settings_file(tmp_path / "missing.toml")


def test_invalid_toml_is_reported_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "wikisync.toml"
    path.write_text("[wiki\nuser = 1")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(path)


def test_nan_and_infinity_from_toml_are_refused_with_the_key(tmp_path: Path) -> None:
    for value in ("nan", "inf", "-inf"):
        path = tmp_path / "wikisync.toml"
        path.write_text(
            f'[wiki]\nfamily = "meta"\nuser = "Bot"\nput_throttle = {value}\n', encoding="utf-8"
        )
        with pytest.raises(ConfigError, match=r"wiki.put_throttle: expected a number from 0 to"):
            load_settings(path)


def test_the_registration_export_is_named_relative_to_the_settings_file(tmp_path: Path) -> None:
    export = tmp_path / "signups.csv"
    export.write_text("Username\n", encoding="utf-8")
    export.chmod(0o600)
    wiki = {"api": "https://w.example/w/api.php", "user": "Bot"}
    data = {"wiki": wiki, "registrations": {"csv": "signups.csv"}}
    assert parse_settings(data, tmp_path / "wikisync.toml").registrations_csv == export
    assert parse_settings({"wiki": wiki}, tmp_path / "wikisync.toml").registrations_csv is None


def test_a_missing_or_shared_registration_export_is_refused(tmp_path: Path) -> None:
    data = {
        "wiki": {"api": "https://w.example/w/api.php", "user": "Bot"},
        "registrations": {"csv": "signups.csv"},
    }
    with pytest.raises(ConfigError, match=r"registrations\.csv: expected an existing file"):
        parse_settings(data, tmp_path / "wikisync.toml")
    export = tmp_path / "signups.csv"
    export.write_text("Username\n", encoding="utf-8")
    export.chmod(0o644)
    with pytest.raises(ConfigError, match=r"other users can read it \(mode 0644\); run 'chmod 600"):
        parse_settings(data, tmp_path / "wikisync.toml")
