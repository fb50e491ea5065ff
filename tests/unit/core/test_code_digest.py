"""The code digest that keys the caches: other code, another key."""

from __future__ import annotations

from pathlib import Path

from wikisync import __version__
from wikisync.code_digest import PACKAGE, code_digest, tree_digest


def tree(root: Path) -> Path:
    (root / "render").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "render" / "page.py").write_text("BODY = 'a'\n")
    (root / "messages.json").write_text('{"hello": "Hello"}')
    (root / "data" / "sample.json").write_text("[]")
    return root


def test_any_edited_module_or_message_or_version_changes_the_digest(tmp_path: Path) -> None:
    root = tree(tmp_path)
    before = tree_digest(root, "1.0")
    assert tree_digest(root, "1.0") == before
    assert tree_digest(root, "1.1") != before
    (root / "render" / "page.py").write_text("BODY = 'b'\n")
    edited = tree_digest(root, "1.0")
    assert edited != before
    (root / "messages.json").write_text('{"hello": "Hi"}')
    assert tree_digest(root, "1.0") != edited


def test_the_sample_data_and_compiled_files_do_not_count(tmp_path: Path) -> None:
    root = tree(tmp_path)
    before = tree_digest(root, "1.0")
    (root / "data" / "sample.json").write_text("[1]")
    (root / "render" / "page.cpython-311.pyc").write_bytes(b"\0")
    assert tree_digest(root, "1.0") == before


def test_the_package_digest_is_the_digest_of_the_installed_tree() -> None:
    assert code_digest() == tree_digest(PACKAGE, __version__)
