"""pywikibot's module lookups: every module a run uses is fetched with the first one."""

from __future__ import annotations

from types import SimpleNamespace

from wikisync import wiki


def lookup_table(modules: dict[str, object]) -> SimpleNamespace:
    return SimpleNamespace(_preloaded_modules=frozenset({"main", "paraminfo"}), _modules=modules)


def test_an_unfilled_table_preloads_every_module_a_run_uses() -> None:
    site = SimpleNamespace(_paraminfo=lookup_table({}))
    wiki._preload_module_help(site)
    assert site._paraminfo._preloaded_modules == {"main", "paraminfo", *wiki.RUN_MODULES}


def test_a_filled_table_is_left_as_it_is() -> None:
    site = SimpleNamespace(_paraminfo=lookup_table({"main": set()}))
    wiki._preload_module_help(site)
    assert site._paraminfo._preloaded_modules == {"main", "paraminfo"}


def test_a_site_without_the_table_is_left_alone() -> None:
    site = SimpleNamespace()
    wiki._preload_module_help(site)
    assert not hasattr(site, "_paraminfo")
