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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from journeyctl.problems import Problem, Span
from journeyctl.yaml_source import Mapping, Sequence

UNUSED = ("L900", "unused-suppression", "warning", "A suppression comment that silenced no problem: the problem is gone, or the comment names the wrong rule or line.")
UNKNOWN = ("L901", "unknown-suppression", "warning", "A suppression comment that names no lint rule, or is written in a way journeyctl does not understand.")

_MARK = "journeyctl:"
_COMMENT = re.compile(r"(?:^|(?<=\s))#\s*journeyctl:\s*(?P<body>.*)$")
_DIRECTIVE = re.compile(r"(?P<kind>disable(?:-next-line|-file)?)\s*=\s*(?P<rules>[^\s#]+(?:\s*,\s*[^\s#]+)*)\s*(?:--.*)?$")


@dataclass
class Suppression:
    kind: str  # "line", "next-line", "file"
    line: int  # where the comment is
    target: int | None  # the line it silences (None for the whole file)
    rules: list[tuple[str, Span, str]]  # (rule code, where it is written, as written)
    used: set[str] = field(default_factory=set)


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


def _inside(spans: list[Span], line: int, column: int) -> bool:
    return any((s.line, s.column) <= (line, column) < (s.end_line, s.end_column) for s in spans)


def find(text: str, data: object, path: str, resolve) -> tuple[list[Suppression], list[Problem]]:
    """The suppressions in ``text``; ``resolve(word)`` gives a rule code or None."""
    if _MARK not in text:
        return [], []
    lines = text.splitlines()
    spans: list[Span] | None = None
    found: list[Suppression] = []
    problems: list[Problem] = []
    code, name, _, _ = UNKNOWN
    for number, line in enumerate(lines, start=1):
        if _MARK not in line:
            continue
        match = _COMMENT.search(line)
        if match is None:
            continue
        column = match.start() + 1
        if spans is None:
            spans = _scalar_spans(data)
        if _inside(spans, number, column):
            continue
        body_start = match.start("body")
        directive = _DIRECTIVE.match(match.group("body").rstrip())
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
            target = next((n for n in range(number + 1, len(lines) + 1) if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")), None)
        elif kind == "file":
            target = None
        if rules:
            found.append(Suppression(kind, number, target, rules))
    return found, problems


def apply(problems: list[Problem], suppressions: list[Suppression]) -> list[Problem]:
    """The problems no suppression silences; marks the suppressions that were used."""
    if not suppressions:
        return problems
    kept = []
    for problem in problems:
        silenced = False
        for suppression in suppressions:
            if suppression.target is not None and suppression.target != problem.span.line:
                continue
            if any(code == problem.code for code, _, _ in suppression.rules):
                suppression.used.add(problem.code)
                silenced = True
        if not silenced:
            kept.append(problem)
    return kept


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
            where = {"line": "on this line", "next-line": "on the next line", "file": "in this file"}[suppression.kind]
            out.append(Problem(path, span, code, f"nothing to silence: {word} finds no problem {where}", hint="Remove it from the comment."))
    return out
