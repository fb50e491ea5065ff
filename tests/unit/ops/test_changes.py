"""Which recent changes can have touched a programme's sources."""

from __future__ import annotations

import datetime as dt

from wikisync.changes import Change, SourceWatch, first_change_after, relevance, run_key

T0 = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
WATCH = SourceWatch(
    titles=("Programme/Directory/A", "Programme/Registrations", "Programme/Taxonomy"),
    prefixes=("Programme/Directory/",),
    templates=("Template:Entry",),
    settings_page="User:Bot/wikisync.json",
    key="k",
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


def test_the_watch_survives_the_state_and_the_run_key_follows_its_inputs() -> None:
    assert SourceWatch.from_json(WATCH.to_json()) == WATCH
    assert run_key("User:Bot/a.json", "Bot", "") != run_key("User:Bot/b.json", "Bot", "")
    assert run_key("User:Bot/a.json", "Bot", "") == run_key("User:Bot/a.json", "Bot", "")
