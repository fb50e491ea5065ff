"""Pages in a file: what a dict of title -> text does, read one at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikisync.dev.bench.pagestore import PageStore


def test_a_store_keeps_pages_by_title_in_title_order_across_openings(tmp_path: Path) -> None:
    with PageStore(tmp_path / "pages.sqlite") as store:
        store.put([("B", "two"), ("A", "one"), ("Ä", "umlaut")])
        store["C"] = "three"
        store["A"] = "one again"
    with PageStore(tmp_path / "pages.sqlite") as store:
        assert list(store) == ["A", "B", "C", "Ä"]
        assert dict(store) == {"A": "one again", "B": "two", "C": "three", "Ä": "umlaut"}
        assert len(store) == 4
        assert "B" in store and "D" not in store and 3 not in store


def test_a_missing_page_is_a_key_error(tmp_path: Path) -> None:
    with PageStore(tmp_path / "pages.sqlite") as store:
        store["A"] = "one"
        with pytest.raises(KeyError):
            store["B"]
        with pytest.raises(KeyError):
            del store["B"]
        del store["A"]
        assert "A" not in store and store.get("A") is None
        store.put([("X", "x")])
        store.clear()
        assert len(store) == 0


def test_the_largest_page_is_counted_in_utf8_bytes(tmp_path: Path) -> None:
    with PageStore(tmp_path / "pages.sqlite") as store:
        assert store.largest() == ("", 0)
        store.put([("Short", "abcd"), ("Wide", "ääa"), ("Also wide", "ababa")])
        assert store.largest() == ("Wide", 5)
        store["Zed"] = "ééa"
        assert store.largest() == ("Zed", 5)
