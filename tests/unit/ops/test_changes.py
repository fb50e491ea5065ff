"""Which recent changes can have touched a programme's sources."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from wikisync.reading.changes import (
    Change,
    SourceWatch,
    file_fingerprint,
    first_change_after,
    log_accounts,
    relevance,
    run_key,
)

T0 = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
WATCH = SourceWatch(
    titles=("Programme/Directory/A", "Programme/Registrations", "Programme/Taxonomy"),
    prefixes=("Programme/Directory/",),
    templates=("Template:Entry",),
    settings_page="User:Bot/wikisync.json",
    key="k",
    participants=("Ama", "Kofi"),
)


def change(title: str, user: str = "Editor", **kwargs: object) -> Change:
    return Change(title=title, user=user, timestamp=T0, **kwargs)  # type: ignore[arg-type]


def test_an_edit_to_a_source_page_matters() -> None:
    found = relevance([change("Programme/Registrations")], WATCH, "Bot")
    assert found.changed == ("Programme/Registrations",)
    assert found.to_check == ()


def test_a_new_page_under_a_prefix_matters_without_a_closer_look() -> None:
    found = relevance([change("Programme/Directory/B", kind="new")], WATCH, "Bot")
    assert found.changed == ("Programme/Directory/B",)


def test_the_bots_own_edits_do_not_count_except_on_its_settings_page() -> None:
    own = [change("Programme/Directory/A", user="Bot"), change("Programme/Matches", user="Bot")]
    assert relevance(own, WATCH, "Bot").changed == ()
    settings = relevance([change("User:Bot/wikisync.json", user="Bot")], WATCH, "Bot")
    assert settings.changed == ("User:Bot/wikisync.json",)


def test_other_pages_are_checked_for_entry_transclusions_only_when_a_set_uses_them() -> None:
    found = relevance([change("Some page")], WATCH, "Bot")
    assert found == relevance([change("Some page")], WATCH, "Bot")
    assert found.to_check == ("Some page",)
    without_templates = SourceWatch(titles=WATCH.titles, prefixes=WATCH.prefixes)
    assert relevance([change("Some page")], without_templates, "Bot").to_check == ()


def test_moves_count_by_their_target_and_other_log_actions_do_not_count() -> None:
    moved = change("Draft", kind="log", log_type="move", target="Programme/Directory/C")
    assert relevance([moved], WATCH, "Bot").changed == ("Programme/Directory/C",)
    protected = change("Programme/Registrations", kind="log", log_type="protect")
    assert relevance([protected], WATCH, "Bot").changed == ()
    deleted = change("Programme/Taxonomy", kind="log", log_type="delete")
    assert relevance([deleted], WATCH, "Bot").changed == ("Programme/Taxonomy",)


def test_a_change_counts_for_a_job_only_after_that_jobs_last_run() -> None:
    changes = [change("Programme/Registrations")]
    titles = {"Programme/Registrations"}
    assert first_change_after(changes, titles, T0 - dt.timedelta(seconds=1))
    assert not first_change_after(changes, titles, T0)
    assert not first_change_after(changes, {"Elsewhere"}, T0 - dt.timedelta(hours=1))


def account_log(title: str, log_type: str = "block", **params: object) -> Change:
    accounts = log_accounts(log_type, title, params)
    return change(title, user="Admin", kind="log", log_type=log_type, accounts=accounts)


@pytest.mark.parametrize(
    "entry",
    [
        account_log("User:Kofi"),
        dataclasses.replace(account_log("User:Kofi"), user="Bot"),
        account_log("User:Ama", "renameuser", olduser="Ama", newuser="Ama B"),
        account_log("User:Old", "renameuser", olduser="Old", newuser="Kofi"),
    ],
    ids=["block", "block by the bot", "rename away", "rename to a participant"],
)
def test_a_block_unblock_or_rename_of_a_participant_matters_whoever_did_it(entry: Change) -> None:
    found = relevance([entry], WATCH, "Bot")
    assert found.accounts == (entry,) and found.changed == found.to_check == ()
    assert found.account_change_after(T0 - dt.timedelta(seconds=1))
    assert not found.account_change_after(T0)


def test_a_block_of_someone_else_and_other_log_actions_on_user_pages_do_not_matter() -> None:
    others = [account_log("User:Stranger"), change("User:Kofi", kind="log", log_type="newusers")]
    found = relevance(others, WATCH, "Bot")
    assert found.accounts == () and not found.account_change_after(T0 - dt.timedelta(days=1))


def test_the_accounts_of_a_log_entry_come_from_its_user_page_in_any_language() -> None:
    assert log_accounts("block", "Benutzer:Kofi Mensah", {}) == ("Kofi Mensah",)
    renamed = {"olduser": "Ama", "newuser": "Ama B", "edits": 3}
    assert log_accounts("renameuser", "User:Ama", renamed) == ("Ama", "Ama B")
    assert log_accounts("move", "User:Kofi", {"target_title": "User:Kofi/Old"}) == ()


def test_the_watch_survives_the_state_and_the_run_key_follows_its_inputs() -> None:
    assert SourceWatch.from_json(WATCH.to_json()) == WATCH
    nobody = dataclasses.replace(WATCH, participants=())
    assert SourceWatch.from_json(nobody.to_json()).participants == ()
    assert run_key("User:Bot/a.json", "Bot") != run_key("User:Bot/b.json", "Bot")
    assert run_key("User:Bot/a.json", "Bot") == run_key("User:Bot/a.json", "Bot")


def test_a_watch_kept_before_participants_were_recorded_leaves_them_unknown() -> None:
    older = json.loads(WATCH.to_json())
    del older["participants"]
    watch = SourceWatch.from_json(json.dumps(older))
    assert watch.participants is None
    assert watch.titles == WATCH.titles


def test_the_watch_keeps_the_fingerprint_of_the_export_it_read(tmp_path: Path) -> None:
    export = tmp_path / "signups.csv"
    export.write_bytes(b"Username,Consent\nAma,yes\n")
    read = dataclasses.replace(WATCH, csv=file_fingerprint(export))
    assert SourceWatch.from_json(read.to_json()).csv == file_fingerprint(export)
    assert "Consent" not in read.to_json()
    export.write_bytes(b"Username,Consent\nAma,yes\nKofi,yes\n")
    assert file_fingerprint(export) != read.csv
    assert file_fingerprint(None) == "" == SourceWatch.from_json(WATCH.to_json()).csv
