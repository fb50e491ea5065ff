"""The layout keeps the one-way flow: only the wiki module talks to pywikibot, and planning
never reaches the real wiki, only the interfaces."""

from __future__ import annotations

import ast
from pathlib import Path

import wikisync

PACKAGE = Path(wikisync.__file__).parent
#: The comparison bot of the benchmark is a plain pywikibot bot on purpose.
PYWIKIBOT_ALLOWED = {"wiki.py", "dev/bench/naive.py"}
#: The steps that decide what a run does: they read through wikisync.interfaces.
PURE_STEPS = ("reading", "normalize", "matching", "render", "planning")


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def modules() -> dict[str, set[str]]:
    return {
        str(path.relative_to(PACKAGE)): imports(path)
        for path in PACKAGE.rglob("*.py")
        if "data" not in path.relative_to(PACKAGE).parts
    }


def test_only_the_wiki_module_imports_pywikibot() -> None:
    users = {
        name
        for name, found in modules().items()
        if any(item == "pywikibot" or item.startswith("pywikibot.") for item in found)
    }
    assert users == PYWIKIBOT_ALLOWED


def test_the_steps_before_writing_never_import_the_real_wiki() -> None:
    reaching = {
        name
        for name, found in modules().items()
        if name.startswith(PURE_STEPS) and ({"wikisync.wiki", "wikisync.wiki.Wiki"} & found)
    }
    assert reaching == set()
