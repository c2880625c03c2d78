"""The README's tour shows what journeyctl really prints for the files it shows."""

from __future__ import annotations

import re

from helpers import ROOT, run


def blocks(kind: str) -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(rf"^```{kind}\n(.*?)^```$", text, flags=re.M | re.S)


def test_the_tours_validate_output_is_what_validate_prints(tmp_path):
    maps = blocks("yaml")[:2]
    consoles = [c for c in blocks("console") if c.startswith("$ journeyctl validate shop.journey.yaml")][:2]
    assert len(maps) == 2 and len(consoles) == 2
    codes = []
    for source, console in zip(maps, consoles):
        (tmp_path / "shop.journey.yaml").write_text(source, encoding="utf-8")
        shown = console.split("\n", 1)[1].split("$ echo $?")[0]
        result = run("validate", "shop.journey.yaml", cwd=tmp_path, env={"COLUMNS": "200"})
        assert result.out == shown
        codes.append(result.returncode)
    assert "$ echo $?\n1\n" in consoles[0] and codes == [1, 0]
