"""``wikisync bench`` end to end, at a tiny size, on a real local MediaWiki it starts itself.

The command runs in a process of its own, as it does from the command line: pywikibot's
configuration is global to a process, and the benchmark's wiki is not the session's.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = "from wikisync.dev.bench.command import bench; bench(prog_name='wikisync bench')"


def servers_in(folder: Path) -> list[int]:
    """Pids of processes running in ``folder`` or below (the wiki's PHP server runs there)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            place = (entry / "cwd").readlink()
        except OSError:
            continue
        if entry.name.isdigit() and str(place).startswith(str(folder)):
            found.append(int(entry.name))
    return found


def test_bench_measures_both_bots_on_a_real_wiki_and_stops_it(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    folder = tmp_path / "wiki"
    args = ["--sizes", "200", "--wiki-people", "100", "--capacity-people", "0", "--skills", "8"]
    args += ["--json", str(out)]
    result = subprocess.run(
        [sys.executable, "-c", BENCH, *args, "--wiki-folder", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert (folder / "wiki" / "server.log").is_file()
    assert servers_in(folder) == []

    data = json.loads(out.read_text())
    assert data["pipeline"][0]["people"] == 200
    wiki = data["wiki"]
    ours, theirs = wiki["wikisync"], wiki["naive"]
    generated = wiki["generated_pages"]
    assert generated > 8
    assert ours["first"]["edits"] >= generated - 1  # every page created; the status page too
    assert ours["first"]["requests"]["by_kind"]["edit"] == ours["first"]["edits"]
    assert ours["no_change"]["edits"] == 0
    assert ours["no_change"]["pages_parsed"] <= 1
    assert 0 < ours["one_page_edit"]["edits"] <= theirs["one_page_edit"]["edits"] + 1
    # The edited page, and the registrants' page the bot's own first run edited (its new
    # revision is parsed once, on the first full run after it).
    assert 1 <= ours["one_page_edit"]["pages_parsed"] <= 2
    # all but the status, the registrants and Shared measurement (it needs a state)
    assert theirs["first"]["edits"] >= generated - 3
    assert theirs["no_change"]["edits"] == 0
    assert theirs["one_page_edit"]["pages_fetched"] == wiki["source_pages"] > 5
    for step in ("no_change", "one_page_edit"):
        assert theirs[step]["requests"]["total"] > 2 * ours[step]["requests"]["total"]
        assert wiki["ratios"][step]["requests"] >= 2
    assert {target["name"] for target in data["targets"]} >= {"no-change re-run", "one-page change"}
    assert "naive / wikisync requests:" in result.stdout
