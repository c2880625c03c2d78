"""Comments that switch rules off in a journey file, and the problems they silence.

    - id: sees-ad   # journeyctl: disable=orphan-touchpoint      (this line)
    # journeyctl: disable-next-line=L011                         (the next line with content)
    # journeyctl: disable-file=unused-persona                    (the whole file)

Rules are named by code or name, several separated by commas; a reason may follow
after `--` (`# journeyctl: disable=L006 -- the journey really stops here`).

YAML comments are not part of the data, so the file's text is scanned. A ``#`` inside
a quoted string or a block of text is not a comment: every match is checked against
the spans of the file's scalars. A suppression that silences nothing, or names no
known rule, is itself a problem (``unused-suppression``, ``unknown-suppression``).
A ``disable-next-line`` with no line of content after it silences nothing, and says so.

Everything here is indexed by line, so a file with a comment on every line costs
no more than the lines it has: scalars are looked up only for the lines that hold
a comment, and problems only against the suppressions of their own line.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from journeyctl.problems import Problem, Span
from journeyctl.yaml_source import Mapping, Sequence

UNUSED = ("L900", "unused-suppression", "warning", "A suppression comment that silenced no problem: the problem is gone, or the comment names the wrong rule or line.")
UNKNOWN = ("L901", "unknown-suppression", "warning", "A suppression comment that names no lint rule, or is written in a way journeyctl does not understand.")

_MARK = "journeyctl:"
# Compiled when a file holds the mark (re keeps them): most files have no suppression.
_COMMENT = r"(?:^|(?<=\s))#\s*journeyctl:\s*(?P<body>.*)$"
_DIRECTIVE = r"(?P<kind>disable(?:-next-line|-file)?)\s*=\s*(?P<rules>[^\s#]+(?:\s*,\s*[^\s#]+)*)\s*(?:--.*)?$"


class Suppression:
    """One suppression comment. A plain class: a dataclass costs more to define, on every run, than files with none use."""

    __slots__ = ("kind", "line", "target", "rules", "used")

    def __init__(self, kind: str, line: int, target: int | None, rules: list[tuple[str, Span, str]], used: set[str] | None = None) -> None:
        self.kind = kind  # "line", "next-line", "file"
        self.line = line  # where the comment is
        self.target = target  # the line it silences (None for the whole file, 0 for none: no line follows)
        self.rules = rules  # (rule code, where it is written, as written)
        self.used = set() if used is None else used

    def __repr__(self) -> str:
        return f"Suppression({self.kind!r}, line={self.line}, target={self.target}, rules={self.rules!r}, used={self.used!r})"


def _scalar_spans(root: object) -> list[Span]:
    spans: list[Span] = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            spans.extend(node.key_spans.values())
            for key, value in node.items():
                if isinstance(value, (Mapping, Sequence)):
                    stack.append(value)
                else:
                    spans.append(node.value_spans[key])
        elif isinstance(node, Sequence):
            for value, span in zip(node, node.item_spans):
                if isinstance(value, (Mapping, Sequence)):
                    stack.append(value)
                else:
                    spans.append(span)
    return spans


def _spans_by_line(root: object, lines: list[int]) -> dict[int, list[Span]]:
    """The scalars that cover each of ``lines`` (sorted), a scalar over several lines on each."""
    by_line: dict[int, list[Span]] = {}
    for span in _scalar_spans(root):
        at = bisect_left(lines, span.line)
        while at < len(lines) and lines[at] <= span.end_line:
            by_line.setdefault(lines[at], []).append(span)
            at += 1
    return by_line


def _inside(spans: list[Span], line: int, column: int) -> bool:
    return any((s.line, s.column) <= (line, column) < (s.end_line, s.end_column) for s in spans)


def _next_content(lines: list[str]) -> list[int]:
    """For each line number, the next line after it with content that is not a comment (0: none)."""
    following = [0] * (len(lines) + 2)
    for number in range(len(lines), 0, -1):
        text = lines[number - 1].strip()
        following[number - 1] = number if text and not text.startswith("#") else following[number]
    return following


def find(text: str, data: object, path: str, resolve) -> tuple[list[Suppression], list[Problem]]:
    """The suppressions in ``text``; ``resolve(word)`` gives a rule code or None."""
    if _MARK not in text:
        return [], []
    lines = text.splitlines()
    comment = re.compile(_COMMENT)
    matches = [(number, match) for number, line in enumerate(lines, start=1) if _MARK in line and (match := comment.search(line))]
    if not matches:
        return [], []
    spans = _spans_by_line(data, [number for number, _ in matches])
    following: list[int] | None = None
    found: list[Suppression] = []
    problems: list[Problem] = []
    code, name, _, _ = UNKNOWN
    for number, match in matches:
        line = lines[number - 1]
        column = match.start() + 1
        if _inside(spans.get(number, ()), number, column):
            continue
        body_start = match.start("body")
        directive = re.match(_DIRECTIVE, match.group("body").rstrip())
        comment_span = Span(number, column, number, len(line) + 1)
        if directive is None:
            problems.append(Problem(path, comment_span, code, "this journeyctl comment is not understood", hint="Write # journeyctl: disable=RULE, disable-next-line=RULE or disable-file=RULE, with rule codes or names."))
            continue
        rules: list[tuple[str, Span, str]] = []
        offset = body_start + directive.start("rules")
        for word in re.finditer(r"[^\s,]+", directive.group("rules")):
            span = Span(number, offset + word.start() + 1, number, offset + word.end() + 1)
            resolved = resolve(word.group())
            if resolved is None:
                problems.append(Problem(path, span, code, f'"{word.group()}" is not a lint rule, so it cannot be disabled', hint="Run journeyctl rules for the list; validation errors cannot be disabled."))
            else:
                rules.append((resolved, span, word.group()))
        kind = directive.group("kind").removeprefix("disable").lstrip("-") or "line"
        target: int | None = number
        if kind == "next-line":
            if following is None:
                following = _next_content(lines)
            target = following[number]  # 0 when no line follows: it silences nothing
        elif kind == "file":
            target = None
        if rules:
            found.append(Suppression(kind, number, target, rules))
    return found, problems


class Silencer:
    """``silencer(problem)``: whether a suppression silences it (marking those that do)."""

    def __init__(self, suppressions: list[Suppression]) -> None:
        self.suppressions = suppressions
        self.whole_file = [s for s in suppressions if s.target is None]
        self.by_line: dict[int, list[Suppression]] = {}
        for suppression in suppressions:
            if suppression.target:
                self.by_line.setdefault(suppression.target, []).append(suppression)

    def __call__(self, problem: Problem) -> bool:
        silenced = False
        for suppression in (*self.by_line.get(problem.span.line, ()), *self.whole_file):
            if any(code == problem.code for code, _, _ in suppression.rules):
                suppression.used.add(problem.code)
                silenced = True
        return silenced

    def unjudged(self, code: str) -> None:
        """A rule stopped early: its suppressions count as used, since they were never tried."""
        for suppression in self.suppressions:
            if suppression.target != 0 and any(rule == code for rule, _, _ in suppression.rules):
                suppression.used.add(code)


def unused(suppressions: list[Suppression], path: str, active: set[str]) -> list[Problem]:
    """A problem for each rule named in a suppression that silenced nothing.

    Rules that are switched off are not reported: with them off, nothing could be silenced.
    """
    code = UNUSED[0]
    out = []
    for suppression in suppressions:
        for rule, span, word in suppression.rules:
            if rule in suppression.used or rule not in active:
                continue
            if suppression.target == 0:
                out.append(Problem(path, span, code, f"nothing to silence: no line follows this comment, so {word} is disabled nowhere", hint="Put the comment on the line before the one it is about, or remove it."))
                continue
            where = {"line": "on this line", "next-line": "on the next line", "file": "in this file"}[suppression.kind]
            out.append(Problem(path, span, code, f"nothing to silence: {word} finds no problem {where}", hint="Remove it from the comment."))
    return out
