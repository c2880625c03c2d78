"""Find and read configuration files: ``.journeyctl.yaml`` or ``[tool.journeyctl]``.

The configuration of a journey file is the first one found searching upward from the
file's folder: a ``.journeyctl.yaml`` (or ``.yml``) or a ``pyproject.toml`` with a
``[tool.journeyctl]`` table. Both are read into the same ``Mapping`` tree the journey
reader makes, so configuration problems are reported at a line and column too. TOML
has no positions in ``tomllib``; each key's place is found in the text, which is
exact for the usual layouts and falls back to the line of the table.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from journeyctl.problems import Problem, Span
from journeyctl.sources import ReadError, decode, read_bytes
from journeyctl.yaml_source import Mapping, Sequence, compose

NAMES = (".journeyctl.yaml", ".journeyctl.yml")
PYPROJECT = "pyproject.toml"
TABLE = "tool.journeyctl"


def has_table(path: Path) -> bool:
    """Whether a pyproject.toml has [tool.journeyctl], without parsing ones that cannot."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    if re.search(r"^\s*\[\s*tool\s*\.\s*journeyctl\s*[\].]", text, re.MULTILINE):
        return True
    if "journeyctl" not in text:
        return False
    try:
        return "journeyctl" in tomllib.loads(text).get("tool", {})
    except tomllib.TOMLDecodeError:
        return False


def discover(folder: Path, cache: dict[Path, Path | None]) -> Path | None:
    """The nearest configuration file at or above ``folder``."""
    visited = []
    found: Path | None = None
    for candidate in (folder, *folder.parents):
        if candidate in cache:
            found = cache[candidate]
            break
        visited.append(candidate)
        hits = [candidate / name for name in NAMES if (candidate / name).is_file()]
        if not hits and (candidate / PYPROJECT).is_file() and has_table(candidate / PYPROJECT):
            hits = [candidate / PYPROJECT]
        if hits:
            found = hits[0]
            break
    for folder_seen in visited:
        cache[folder_seen] = found
    return found


def read(path: Path, shown: str) -> tuple[str | None, object, list[Problem]]:
    """The text and data of a configuration file, or the problems that keep it unread."""
    try:
        raw = read_bytes(path)
    except ReadError as error:
        return None, None, [Problem(shown, Span.point(1, 1), "Y001", str(error).split(": ", 1)[-1])]
    text, problem = decode(raw, shown)
    if problem:
        return None, None, [problem]
    if path.name == PYPROJECT:
        return text, *read_toml(text, shown)
    data, problems = compose(text, shown)
    # An empty configuration (or one with only comments) is fine: the default applies.
    return text, data, [problem for problem in problems if problem.code != "Y003"]


def read_toml(text: str, shown: str) -> tuple[object, list[Problem]]:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, column = _toml_error_place(str(error))
        return None, [Problem(shown, Span.point(line, column), "Y004", f"TOML syntax error: {str(error).split(' (at ', 1)[0]}")]
    table = document.get("tool", {}).get("journeyctl")
    if table is None:
        return None, []
    lines = text.splitlines()
    header = next((i for i, line in enumerate(lines) if re.match(r"\s*\[\s*tool\s*\.\s*journeyctl\s*[\].]", line)), 0)
    return _to_tree(table, lines, header, header), []


def _toml_error_place(message: str) -> tuple[int, int]:
    match = re.search(r"line (\d+), column (\d+)", message)
    return (int(match.group(1)), int(match.group(2))) if match else (1, 1)


def _find_key(lines: list[str], key: str, start: int) -> Span | None:
    """The first place at or after line ``start`` (0-based) where ``key`` is written as a key."""
    pattern = re.compile(r'(?:^|[\s{,.\[])(?P<key>"?' + re.escape(key) + r'"?)\s*(?:=|\]|\.)')
    for number in range(start, len(lines)):
        match = pattern.search(lines[number])
        if match:
            return Span(number + 1, match.start("key") + 1, number + 1, match.end("key") + 1)
    return None


def _to_tree(value: object, lines: list[str], line: int, header: int, span: Span | None = None) -> object:
    """TOML values as Mapping/Sequence/text, each with the best place found for it."""
    here = span or Span(line + 1, 1, line + 1, max(2, len(lines[line]) + 1 if line < len(lines) else 2))
    if isinstance(value, dict):
        node = Mapping(here)
        for key, item in value.items():
            key_span = _find_key(lines, key, line) or _find_key(lines, key, header) or here
            node[key] = _to_tree(item, lines, key_span.line - 1, header, key_span)
            node.key_spans[key] = key_span
            node.value_spans[key] = key_span
        return node
    if isinstance(value, list):
        node = Sequence(here)
        for item in value:
            node.append(_to_tree(item, lines, line, header, here))
            node.item_spans.append(here)
        return node
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
