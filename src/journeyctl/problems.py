"""The one record every check reports: a problem at a place in a file.

Validation (YAML, schema, references) and the linter both produce ``Problem``s,
so every reporter serves both. Codes are stable: users search for them, and
configuration and suppressions name them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

Level = Literal["error", "warning", "info"]
LEVELS: tuple[Level, ...] = ("error", "warning", "info")

# code -> (name, what it means). The catalogue behind docs/cli.md's table.
CODES: dict[str, tuple[str, str]] = {
    "Y001": ("not-text", "The file is not UTF-8 text (binary data, or another encoding)."),
    "Y002": ("file-too-large", "The file is larger than journeyctl reads."),
    "Y003": ("empty-file", "The file holds no YAML document, or only an empty one (~, null, a lone ---)."),
    "Y004": ("yaml-syntax", "The file is not valid YAML."),
    "Y005": ("duplicate-key", "A key appears twice in the same mapping."),
    "Y006": ("unsupported-yaml", "A YAML feature the format does not allow: tags, merge keys, several documents, deep nesting, runaway aliases."),
    "S001": ("unknown-key", "A key the format does not know, often a misspelling."),
    "S002": ("missing-key", "A required key is missing."),
    "S003": ("wrong-type", "A value of the wrong kind: a list where text is expected, and so on."),
    "S004": ("invalid-value", "A value of the right kind that is not allowed: an unknown lane, an emotion out of range, a malformed id."),
    "S005": ("unsupported-version", "The file is written in a format version this journeyctl does not read."),
    "R001": ("unknown-reference", "A stage, persona, channel or touchpoint id that is not defined."),
    "R002": ("duplicate-id", "Two stages, personas, channels or touchpoints share an id."),
    "R003": ("bad-import", "An import that cannot be used: missing file, outside the repository, a cycle, not a library."),
    "R004": ("ambiguous-event", "Two touchpoints claim the same events (same event name, channel and conditions), so no event can stand for the second."),
    "R005": ("bad-phase", "A phase whose stages are not consecutive or not in stage order, or a stage in two phases."),
    "D001": ("unmapped-transition", "Customers go from one touchpoint straight to another in the event data, and the map has no such step (journeyctl analyze)."),
    "D002": ("unseen-link", "A next step of the map that no customer takes in the event data (journeyctl analyze)."),
    "D003": ("unseen-touchpoint", "A touchpoint with events that no event in the data stands for (journeyctl analyze)."),
    "D004": ("mapping-matches-nothing", "One entry of a touchpoint's events matches no event in the data, while its other entries do (journeyctl analyze)."),
    "F001": ("emotion-disagrees", "Survey answers about a touchpoint disagree with the emotion the map gives it, beyond the threshold and with enough answers."),
}


def register(code: str, name: str, summary: str) -> None:
    """Add a code to the catalogue; the linter registers its rules here."""
    known = CODES.get(code)
    if known is not None and known[0] != name:
        raise ValueError(f"the code {code} is already {known[0]}")
    CODES[code] = (name, summary)


class Span(NamedTuple):
    """A stretch of a file, 1-based; ``end_column`` is one past the last character."""

    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, line: int, column: int) -> Span:
        return cls(line, column, line, column + 1)


START = Span(1, 1, 1, 2)


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    span: Span
    code: str
    message: str
    level: Level = "error"
    hint: str | None = None

    @property
    def name(self) -> str:
        entry = CODES.get(self.code)
        return entry[0] if entry else self.code

    def sort_key(self) -> tuple:
        return (self.path, self.span.line, self.span.column, self.code, self.message)


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=Problem.sort_key)
