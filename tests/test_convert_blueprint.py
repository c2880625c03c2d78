"""journeyctl convert writes a blueprint with the format's additions as a Mermaid journey, and says what it dropped."""

from __future__ import annotations

from helpers import run, write
from test_format_blueprint import BLUEPRINT


def test_a_blueprint_exports_and_names_each_addition_it_drops(tmp_path):
    write(tmp_path, "switch.journey.yaml", BLUEPRINT)
    result = run("convert", "switch.journey.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.err
    assert result.out.splitlines()[2:6] == ["  section Discover", "    Sees a post: 4: Ana", "    Reads a review: 3: Ana", "  section Compare"]
    notice = result.err.splitlines()[-1]
    assert notice.startswith("journeyctl: switch.journey.yaml: dropped (Mermaid's journey cannot hold them): ")
    dropped = notice.split("cannot hold them): ", 1)[1].split(", ")
    for words in (
        "1 journey scenario", "2 quotes", "1 entry other than the first touchpoint", "2 phases", "2 custom rows",
        "2 opportunities of the journey (the backlog)", "5 channels on touchpoints", "1 emotion source", "1 fail point",
        "1 wait point", "1 physical evidence", "1 time of a touchpoint", "2 custom row values", "1 parallel step",
        "2 steps served (serves)",
    ):
        assert words in dropped, (words, dropped)
