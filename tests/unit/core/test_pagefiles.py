"""The file-name -> title convention of 'wikisync devwiki load'."""

from __future__ import annotations

from pathlib import Path

from wikisync.reading.pagefiles import page_files, title_for


def test_titles_follow_the_documented_convention(tmp_path: Path) -> None:
    files = [
        "Template:Skills directory entry.wiki",
        "Let's Connect/Skills directory/Africa.wiki",
        "User:SyncBot/wikisync.json.wiki",
        "Let's_Connect/Q%3FA.wiki",
        "notes.txt",
    ]
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert list(page_files([tmp_path])) == [
        "Let's Connect/Q?A",
        "Let's Connect/Skills directory/Africa",
        "Template:Skills directory entry",
        "User:SyncBot/wikisync.json",
    ]


def test_a_file_given_directly_is_named_from_its_own_folder(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "Main_Page.wiki"
    path.parent.mkdir()
    path.write_text("x")
    assert page_files([path]) == {"Main Page": path}
    assert title_for(path, tmp_path) == "deep/Main Page"
