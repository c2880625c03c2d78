"""Read a Mermaid ``journey`` diagram into a journey file.

Mermaid's grammar (its ``journey.jison``), line by line::

    journey
      title My working day
      section Go to work
        Make tea: 5: Me
        Do work: 1: Me, Cat

``title`` is the journey's title, each ``section`` a stage, each task a touchpoint
in the stage above it, its actors (after the second colon) personas, and its score
(1 the worst, 5 the best) the emotion ``score - 3`` on our -2..2 scale, so that 1
stays the worst. Touchpoints follow each other in the order written, across
sections; the last one ends the journey. ``%%`` and ``#`` start comments;
``accDescr`` becomes the description; front matter and ``%%{init}%%`` directives
are skipped (a front-matter ``title:`` is the title when there is no ``title`` line).

Every problem is a ``Problem`` at file:line:column: a line Mermaid cannot read
(M001), a score that is not a number from 1 to 5 (M002), tasks before the first
section (M003, a warning: they go into a stage named "Start"), no journey diagram
at all (M004).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field

from journeyctl.problems import Problem, Span, register

register("M001", "mermaid-syntax", "A line of a Mermaid journey diagram that Mermaid cannot read (journeyctl convert).")
register("M002", "mermaid-score", "A Mermaid task's score that is not a number from 1 (worst) to 5 (best) (journeyctl convert).")
register("M003", "mermaid-no-section", "Tasks before the first section of a Mermaid journey; they go into a stage named Start (journeyctl convert).")
register("M004", "no-mermaid-journey", "The file holds no Mermaid journey diagram: no line 'journey', or in Markdown no ```mermaid block starting with it (journeyctl convert).")

SCORE_MIN, SCORE_MAX, SCORE_NEUTRAL = 1, 5, 3
IMPLICIT_SECTION = "Start"
MARKDOWN_SUFFIXES = (".md", ".markdown")
_NUMBER = re.compile(r"[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_KEYWORD = re.compile(r"(journey|title|section|accTitle|accDescr)\b", re.IGNORECASE)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*mermaid\s*$", re.IGNORECASE)


@dataclass
class Task:
    name: str
    score: float
    actors: list[str]
    line: int


@dataclass
class Section:
    name: str
    line: int
    tasks: list[Task] = field(default_factory=list)


@dataclass
class Diagram:
    title: str | None = None
    description: str | None = None
    sections: list[Section] = field(default_factory=list)


def score_to_emotion(score: float) -> float:
    """Mermaid's 1..5 onto -2..2: 1 (worst) is -2 (worst), 3 is neutral, 5 is +2."""
    return score - SCORE_NEUTRAL


def slug(text: str, fallback: str) -> str:
    """An id from a name: ``"Make tea!"`` is ``make-tea``; letters lose their accents."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    cut = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:56].strip("-")
    return cut or fallback


def unique(base: str, taken: set[str]) -> str:
    name, count = base, 1
    while name in taken:
        count += 1
        name = f"{base}-{count}"
    taken.add(name)
    return name


def _lines(text: str, path: str) -> tuple[list[tuple[int, str]], list[Problem]]:
    """The diagram's lines with their 1-based numbers; in Markdown, the first journey block's."""
    lines = [line.removesuffix("\r") for line in text.split("\n")]  # Mermaid breaks lines at \n only
    if not path.lower().endswith(MARKDOWN_SUFFIXES):
        return list(enumerate(lines, 1)), []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence = opening.group(1)
        block: list[tuple[int, str]] = []
        index += 1
        while index < len(lines) and not lines[index].strip().startswith(fence):
            block.append((index + 1, lines[index]))
            index += 1
        meaningful = [line.strip() for _, line in block if line.strip() and not line.strip().startswith("%%")]
        if meaningful and re.match(r"journey\b", meaningful[0], re.IGNORECASE):
            return block, []
        index += 1
    message = "no Mermaid journey diagram here: a Markdown file needs a ```mermaid block whose first line is journey"
    return [], [Problem(path, Span.point(1, 1), "M004", message)]


def _front_matter(lines: list[tuple[int, str]], diagram: Diagram) -> list[tuple[int, str]]:
    """Skip a leading ``---`` block; keep its ``title:``."""
    if not lines or lines[0][1].strip() != "---":
        return lines
    for position, (_, line) in enumerate(lines[1:], 1):
        if line.strip() == "---":
            return lines[position + 1 :]
        found = re.match(r"title:\s*(.*?)\s*$", line)
        if found and found.group(1):
            value = found.group(1)
            if value[0] in "\"'" and value[-1] == value[0] and len(value) > 1:
                value = value[1:-1]
            diagram.title = value
    return lines  # no closing ---: read as it is, and the first line is the problem


class _Reader:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.diagram = Diagram()
        self.started = False
        self.warned_no_section = False

    def problem(self, line: int, column: int, code: str, message: str, end: int | None = None, level: str = "error", hint: str | None = None) -> None:
        span = Span(line, column, line, end if end and end > column else column + 1)
        self.problems.append(Problem(self.path, span, code, message, level, hint))  # type: ignore[arg-type]

    def read(self, lines: list[tuple[int, str]]) -> None:
        lines = _front_matter(lines, self.diagram)
        numbered = iter(lines)
        for number, raw in numbered:
            indent = len(raw) - len(raw.lstrip())
            text = _cut_comment(raw[indent:]).rstrip()
            if not text or raw[indent:].startswith("%%"):
                continue
            column = indent + 1
            if not self.started:
                self.start(number, column, text)
                continue
            if re.match(r"accDescr\s*\{", text, re.IGNORECASE):
                self.multiline_description(number, text, numbered)
            else:
                self.statement(number, column, text, raw)
        if not self.started:
            last = lines[-1][0] if lines else 1
            self.problem(last, 1, "M004", "no Mermaid journey diagram here: the diagram's first line must be journey")

    def start(self, number: int, column: int, text: str) -> None:
        word = text.split()[0]
        if word.lower() == "journey" and text.lower() == "journey":
            self.started = True
            return
        if word.lower() == "journey":
            self.problem(number, column + 7, "M001", "journey stands alone on its line; put what follows on the next line", end=column + len(text))
            self.started = True
            return
        self.problem(number, column, "M004", f"this is not a Mermaid journey diagram: it starts with {_quote(word)}, and a journey starts with the line journey", end=column + len(word))
        self.started = True  # one message is enough: the rest is another kind of diagram

    def multiline_description(self, number: int, text: str, numbered) -> None:
        body = [text.split("{", 1)[1]]
        if "}" not in body[0]:
            for _, raw in numbered:
                body.append(raw)
                if "}" in raw:
                    break
            else:
                self.problem(number, 1, "M001", "accDescr { is never closed: end the description with }")
                return
        joined = " ".join(part.strip() for part in "\n".join(body).split("}", 1)[0].splitlines() if part.strip())
        if joined:
            self.diagram.description = joined

    def statement(self, number: int, column: int, text: str, raw: str) -> None:
        if ";" in text:
            at = raw.index(";") + 1
            self.problem(number, at, "M001", "Mermaid's journey diagram does not allow ; in a line", hint="Write a comma instead.")
            return
        keyword = _KEYWORD.match(text)
        word = keyword.group(1).lower() if keyword else None
        if word == "journey":
            self.problem(number, column, "M001", "a second journey line: a diagram starts with journey once", end=column + 7)
        elif word in ("title", "section") and text.lower() == word:
            self.problem(number, column, "M001", f"a {word} line needs its name after the word {word}, such as: {word} {'My working day' if word == 'title' else 'Go to work'}", end=column + len(word))
        elif word == "title" and text[5:6].isspace():
            self.diagram.title = text[6:].strip() or self.diagram.title
        elif word in ("acctitle", "accdescr") and text[len(word) :].lstrip().startswith(":"):
            if word == "accdescr":
                self.diagram.description = text.split(":", 1)[1].strip() or None
        elif word == "section" and text[7:8].isspace():
            name = text[8:].strip()
            if ":" in name:
                self.problem(number, raw.index(":") + 1, "M001", "a section's name cannot hold a colon: Mermaid reads a colon as the start of a task's score", hint="Write the section on its own line: section Go to work")
                return
            self.diagram.sections.append(Section(name, number))
        else:
            self.task(number, column, text, raw)

    def task(self, number: int, column: int, text: str, raw: str) -> None:
        if ":" not in text:
            self.problem(number, column, "M001", f"expected a task with a score, such as {_quote(text + ': 3: Me')}; found no colon", end=column + len(text), hint="A task is its name, a colon, a score from 1 to 5, and optionally a colon and the actors.")
            return
        name, _, data = text.partition(":")
        name = name.strip().lstrip("\u2060").strip()  # the export's guard before a keyword-like name
        if not name:
            self.problem(number, column, "M001", "a task needs a name before its colon")
            return
        pieces = data.split(":")
        score_at = raw.index(":") + 2 + (len(pieces[0]) - len(pieces[0].lstrip()))
        if len(pieces) > 2:
            extra = raw.index(":", raw.index(":", raw.index(":") + 1) + 1) + 1
            self.problem(number, extra, "M001", "a task has at most two colons: name: score: actors", hint="Separate actors with commas: Make tea: 5: Me, Cat")
            return
        score_text = pieces[0].strip()
        if not _NUMBER.fullmatch(score_text) or not SCORE_MIN <= float(score_text) <= SCORE_MAX:
            found = _quote(score_text) if score_text else "nothing"
            self.problem(number, score_at, "M002", f"the score must be a number from 1 (worst) to 5 (best); found {found}", end=score_at + max(len(score_text), 1))
            return
        score = float(score_text)
        actors = [actor.strip() for actor in pieces[1].split(",")] if len(pieces) == 2 else []
        if not self.diagram.sections:
            self.diagram.sections.append(Section(IMPLICIT_SECTION, number))
            self.problem(number, column, "M003", f"this task comes before the first section; it goes into a stage named {IMPLICIT_SECTION}", level="warning", hint="Start the diagram with a section line, such as: section Discover")
        self.diagram.sections[-1].tasks.append(Task(name, int(score) if score.is_integer() else score, [actor for actor in actors if actor], number))


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _cut_comment(text: str) -> str:
    """Mermaid's journey reads ``#`` to the end of the line as a comment."""
    return text.split("#", 1)[0]


def read_diagram(text: str, path: str) -> tuple[Diagram, list[Problem]]:
    lines, problems = _lines(text.removeprefix("\ufeff"), path)  # a byte order mark, as some editors save
    if problems:
        return Diagram(), problems
    reader = _Reader(path)
    reader.read(lines)
    if not reader.problems and not reader.diagram.sections:
        reader.problem(1, 1, "M004", "the journey diagram has no section and no task: there is nothing to convert")
    return reader.diagram, reader.problems


# ---- the journey file -------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ,.'()/&+!?-]*")
_YAML_WORDS = {"true", "false", "null", "yes", "no", "on", "off", "y", "n"}


def yaml_text(value: str) -> str:
    """A YAML scalar for a name: plain when that reads back as the same text, else double-quoted."""
    if _PLAIN.fullmatch(value) and not value.endswith(" ") and value.lower() not in _YAML_WORDS:
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    for breaking in ("\u0085", "\u2028", "\u2029"):  # line breaks to YAML, though not to JSON
        quoted = quoted.replace(breaking, f"\\u{ord(breaking):04x}")
    return quoted


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def to_journey(diagram: Diagram, fallback: str) -> str:
    """The journey file's text: personas, stages and touchpoints in the diagram's order."""
    title = diagram.title or fallback
    lines = ["version: 1", f"id: {slug(title, 'journey')}", f"title: {yaml_text(title)}"]
    if diagram.description:
        lines.append(f"description: {yaml_text(diagram.description)}")
    personas: dict[str, str] = {}
    taken_personas: set[str] = set()
    for section in diagram.sections:
        for task in section.tasks:
            for actor in task.actors:
                if actor not in personas:
                    personas[actor] = unique(slug(actor, "persona"), taken_personas)
    if personas:
        lines.append("personas:")
        for actor, persona_id in personas.items():
            lines += [f"  - id: {persona_id}", f"    name: {yaml_text(actor)}"]
    lines.append("stages:")
    taken_stages: set[str] = set()
    stage_ids = []
    for section in diagram.sections:
        stage_id = unique(slug(section.name, "stage"), taken_stages)
        stage_ids.append(stage_id)
        lines += [f"  - id: {stage_id}", f"    name: {yaml_text(section.name or IMPLICIT_SECTION)}"]
    taken_touchpoints: set[str] = set()
    steps = [(stage_id, task, unique(slug(task.name, "touchpoint"), taken_touchpoints)) for stage_id, section in zip(stage_ids, diagram.sections) for task in section.tasks]
    if steps:
        lines.append("touchpoints:")
    for position, (stage_id, task, touchpoint_id) in enumerate(steps):
        lines += [f"  - id: {touchpoint_id}", f"    name: {yaml_text(task.name)}", f"    stage: {stage_id}"]
        if task.actors:
            ids = list(dict.fromkeys(personas[actor] for actor in task.actors))
            lines.append(f"    personas: [{', '.join(ids)}]")
        lines.append(f"    emotion: {_number(score_to_emotion(task.score))}")
        if position + 1 < len(steps):
            lines.append(f"    next: [{steps[position + 1][2]}]")
        else:
            lines.append("    end: true")
    return "\n".join(lines) + "\n"
