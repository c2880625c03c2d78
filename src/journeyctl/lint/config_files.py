"""Find and read configuration files: ``.journeyctl.yaml`` or ``[tool.journeyctl]``.

The configuration of a journey file is the first one found searching upward from the
file's folder: a ``.journeyctl.yaml`` (or ``.yml``) or a ``pyproject.toml`` with a
``[tool.journeyctl]`` table. Both are read into the same ``Mapping`` tree the journey
reader makes, so configuration problems are reported at a line and column too. TOML
has no positions in ``tomllib``; each key's place is found in the text, which is
exact for the usual layouts and falls back to the line of the table.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

from journeyctl.problems import Problem, Span
from journeyctl.sources import MAX_BYTES, ReadError, decode, read_bytes
from journeyctl.yaml_source import Mapping, Sequence, compose

NAMES = (".journeyctl.yaml", ".journeyctl.yml")
PYPROJECT = "pyproject.toml"
TABLE = "tool.journeyctl"


# A [tool.journeyctl] header, or the start of one: also unclosed (``[tool.journeyctl``), so a
# slip in the header is reported instead of the table being passed by.
_HEADER = re.compile(r'^[ \t]*\[{1,2}[ \t]*"?tool"?[ \t]*\.[ \t]*"?journeyctl"?[ \t]*(?:[\].#"]|$)', re.MULTILINE)
_MISSPELT = 0.8  # how close a [tool.NAME] must be to journeyctl to count as a slip


def _head(path: Path) -> bytes | None:
    """At most MAX_BYTES + 1 bytes of the file: a huge pyproject.toml is never read whole."""
    try:
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    except OSError:
        return None


def _tool(document: dict) -> dict:
    tool = document.get("tool")
    return tool if isinstance(tool, dict) else {}


def misspelt_table(document: dict) -> str | None:
    """A [tool.NAME] that looks like a slip for [tool.journeyctl], when that table is absent."""
    tool = _tool(document)
    if "journeyctl" in tool:
        return None
    close = difflib.get_close_matches("journeyctl", [str(name) for name in tool], n=1, cutoff=_MISSPELT)
    return close[0] if close else None


def has_table(path: Path) -> bool:
    """Whether a pyproject.toml is meant for journeyctl: it has [tool.journeyctl], a header
    that starts like it, a [tool.NAME] that looks like a misspelling of it, or a ``tool`` that is
    not a table at all (in a file that names journeyctl). A file too large
    to read counts when journeyctl is named in its first part, so that it is reported."""
    raw = _head(path)
    if raw is None or b"journeyct" not in raw:
        return False
    text = raw.decode("utf-8", errors="replace")
    if len(raw) > MAX_BYTES or _HEADER.search(text):
        return True
    return may_name_a_table(text) and parsed_verdict(text)


# A project that depends on journeyctl names it in its pyproject.toml, so most files that do
# hold no table for it. Only a [tool] table or a tool key of the file's own, or a tool.NAME
# whose NAME is close to journeyctl (or written with escapes), can give a parse anything to
# find; without one, the file is passed by unparsed (``tests/test_config.py`` holds the
# shortcut to the parse on generated files).
_TOOL_ITSELF = re.compile(r"""^[ \t]*(?:\[\[?[ \t]*["']?tool["']?[ \t]*\]|["']?tool["']?[ \t]*=)""", re.MULTILINE)
_TOOL_NAME = re.compile(r"""["']?tool["']?[ \t]*\.[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([A-Za-z0-9_-]+))""")


def may_name_a_table(text: str) -> bool:
    """Whether parsing ``text`` could find [tool.journeyctl], a slip for it, or a ``tool`` that is no table."""
    if _TOOL_ITSELF.search(text):
        return True
    names = {double or single or bare for double, single, bare in _TOOL_NAME.findall(text)}
    if any("\\" in name for name in names):
        return True  # an escape in a quoted name: only the parse can say what it spells
    return bool(difflib.get_close_matches("journeyctl", names, n=1, cutoff=_MISSPELT))


def parsed_verdict(text: str) -> bool:
    """``has_table``'s answer from the parsed file."""
    import tomllib  # here: most runs meet no pyproject.toml that names journeyctl

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return False
    if "tool" in document and not isinstance(document["tool"], dict):
        return True  # tool = "journeyctl": a slip to report, not a table to pass by
    return "journeyctl" in _tool(document) or misspelt_table(document) is not None


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
    import tomllib

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, column = _toml_error_place(str(error))
        return None, [Problem(shown, Span.point(line, column), "Y004", f"TOML syntax error: {str(error).split(' (at ', 1)[0]}")]
    lines = text.splitlines()
    tool = document.get("tool")
    if tool is not None and not isinstance(tool, dict):
        span = _find_key(lines, "tool", 0) or Span.point(1, 1)
        return None, [Problem(shown, span, "S003", "\"tool\" should be a table of tools' settings, such as [tool.journeyctl]; here it is a single value", hint="Write the settings under a [tool.journeyctl] header.")]
    misspelt = misspelt_table(document)
    if misspelt is not None:
        span = _find_key(lines, misspelt, 0) or Span.point(1, 1)
        return None, [Problem(shown, span, "C003", f"the table [tool.{misspelt}] looks like a misspelling of [tool.journeyctl], which journeyctl reads", hint="Rename the table to [tool.journeyctl]; as it is, its settings are not used.")]
    table = _tool(document).get("journeyctl")
    if table is None:
        return None, []
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
