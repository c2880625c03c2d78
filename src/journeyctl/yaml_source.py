"""Read YAML text into plain data that remembers where every key and value stood.

libyaml (``CSafeLoader``) scans and parses; this module composes its events into
``Mapping``/``Sequence`` objects (a ``dict``/``list`` with spans) without recursion,
so hostile input stays cheap:

* nesting deeper than ``MAX_DEPTH`` stops the read (libyaml's own composer
  recurses in C and crashes on deep input). Since 0.2.6 libyaml also refuses
  nesting beyond 1,000 levels itself, and may do so before this composer sees the
  65th level (its scanner looks ahead in ``[[[[``); that refusal is reported as
  the same problem, so every PyYAML wheel gives the same message;
* aliases may not expand the document beyond ``MAX_EXPANDED`` values, so a
  "billion laughs" file fails fast in bounded memory;
* a key given twice is a problem, not silently the last one;
* scalars stay text: ``no``, ``on`` and ``2024-01-01`` are strings, and only an
  unquoted empty value, ``~`` or ``null`` reads as "no value". The models decide
  where text is read as a number or a flag; text written in quotes or as a block
  is ``Quoted``, which is never read as one (``score: "1"`` is text, as it is for
  every YAML editor).
"""

from __future__ import annotations

import re

import yaml

from journeyctl.problems import Problem, Span

try:  # libyaml is in every PyYAML wheel; the pure-Python parser is the fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64
MAX_EXPANDED = 1_000_000
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_STR_TAGS = frozenset((None, "!", "tag:yaml.org,2002:str"))
_NESTING_ERROR = "exceeded maximum nesting depth"  # libyaml >= 0.2.6, its own depth limit


class Quoted(str):
    """A scalar written in quotes or as a block (``|``, ``>``): text, never a number or a flag."""

    __slots__ = ()


class Mapping(dict):
    """A YAML mapping: a dict that knows the spans of its keys and values.

    ``unusual`` is true when a key is an extension (``x-...``) or a value is empty,
    so the models know at a glance whether there is anything to leave out.
    """

    __slots__ = ("span", "key_spans", "value_spans", "unusual")

    def __init__(self, span: Span) -> None:  # dict.__new__ has made it empty already
        self.span = span
        self.key_spans: dict[str, Span] = {}
        self.value_spans: dict[str, Span] = {}
        self.unusual = False


class Sequence(list):
    """A YAML sequence: a list that knows the span of each item."""

    __slots__ = ("span", "item_spans")

    def __init__(self, span: Span) -> None:
        self.span = span
        self.item_spans: list[Span] = []


_new_span = tuple.__new__  # Span(...) without NamedTuple's argument handling: this runs per node


def _span(start: yaml.Mark, end: yaml.Mark) -> Span:
    line = start.line + 1
    column = start.column + 1
    end_line = end.line + 1
    end_column = end.column + 1
    if end_line < line or (end_line == line and end_column <= column):
        return _new_span(Span, (line, column, line, column + 1))
    return _new_span(Span, (line, column, end_line, end_column))


def _mark_span(mark: yaml.Mark | None) -> Span:
    return Span.point(mark.line + 1, mark.column + 1) if mark else Span.point(1, 1)


class _Frame:
    __slots__ = ("node", "start", "anchor", "size", "key", "key_span", "skip_value")

    def __init__(self, node: Mapping | Sequence, start: yaml.Mark, anchor: str | None) -> None:
        self.node = node
        self.start = start
        self.anchor = anchor
        self.size = 1
        self.key: str | None = None
        self.key_span: Span | None = None
        self.skip_value = False


class _Composer:
    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.anchors: dict[str, tuple[object, int]] = {}
        self.expanded = 0
        self.stack: list[_Frame] = []
        self.root: object = None
        self.documents = 0

    def problem(self, span: Span, code: str, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.path, span, code, message, hint=hint))

    def compose(self, text: str) -> object:
        loader = _Loader(text)
        try:
            while True:
                event = loader.get_event()
                if event is None or isinstance(event, yaml.StreamEndEvent):
                    break
                if not self.handle(event):
                    return None
        except yaml.MarkedYAMLError as error:
            if _NESTING_ERROR in (error.problem or ""):
                self.problems.append(self.too_deep(_mark_span(error.problem_mark)))
            else:
                self.problems.append(syntax_problem(self.path, error))
            return None
        except yaml.reader.ReaderError as error:
            self.problems.append(reader_problem(self.path, text, error))
            return None
        finally:
            loader.dispose()
        if self.documents == 0:
            self.problem(Span.point(1, 1), "Y003", "the file is empty", "Write the journey as YAML, starting with 'version: 1'.")
        elif self.root is None:  # a document holding nothing: ~, null, a lone ---
            self.problem(Span.point(1, 1), "Y003", "the file holds an empty YAML document, not a journey", "Write the journey as YAML, starting with 'version: 1'.")
        return self.root

    def handle(self, event: yaml.Event) -> bool:
        """Take one event; False stops the read. Scalars, the most common, come first."""
        kind = type(event)
        if kind is yaml.ScalarEvent:
            span = _span(event.start_mark, event.end_mark)
            if event.tag is not None:
                self.check_tag(event.tag, span)
            value = event.value
            if event.style:
                value = Quoted(value)
            elif value in _NULLS and event.implicit[0]:
                value = None
            if event.anchor is not None:
                self.anchors[event.anchor] = (value, 1)
            return self.add(value, span, 1)
        if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            return self.open(event)
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            frame = self.stack.pop()
            frame.node.span = _span(frame.start, event.end_mark)
            if frame.anchor is not None:
                self.anchors[frame.anchor] = (frame.node, frame.size)
            return self.add(frame.node, frame.node.span, frame.size)
        if kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                self.problem(
                    _span(event.start_mark, event.end_mark),
                    "Y006",
                    "a second YAML document starts here; a file holds one journey",
                    "Remove the '---' line, or move the second document into a file of its own.",
                )
                return False
            return True
        if kind is yaml.AliasEvent:
            span = _span(event.start_mark, event.end_mark)
            if event.anchor not in self.anchors:
                self.problem(span, "Y004", f"the alias *{event.anchor} has no anchor &{event.anchor} before it")
                return self.add(None, span, 1)
            value, size = self.anchors[event.anchor]
            self.expanded += size
            if self.expanded > MAX_EXPANDED:
                self.problem(
                    span,
                    "Y006",
                    f"aliases expand this file to more than {MAX_EXPANDED:,} values",
                    "Write the repeated parts out, or use fewer nested aliases.",
                )
                return False
            return self.add(value, span, size)
        return True  # pragma: no cover - libyaml emits no other events

    def open(self, event: yaml.CollectionStartEvent) -> bool:
        span = _span(event.start_mark, event.end_mark)
        self.check_tag(event.tag, span)
        if len(self.stack) >= MAX_DEPTH:
            self.problems.append(self.too_deep(span))
            return False
        node: Mapping | Sequence = Mapping(span) if type(event) is yaml.MappingStartEvent else Sequence(span)
        self.stack.append(_Frame(node, event.start_mark, event.anchor))
        return True

    def too_deep(self, span: Span) -> Problem:
        return Problem(
            self.path,
            span,
            "Y006",
            f"the YAML is nested more than {MAX_DEPTH} levels deep here",
            hint="A journey needs a few levels of lists and mappings; look for brackets that are opened and never closed.",
        )

    def check_tag(self, tag: str, span: Span) -> None:
        if tag not in _STR_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!") if tag else tag
            self.problem(span, "Y006", f"YAML tags such as {shown} are not used in journey files", "Remove the tag.")

    def add(self, value: object, span: Span, size: int) -> bool:
        """Attach a finished value to the collection being built."""
        self.expanded += 1
        if not self.stack:
            self.root = value
            return True
        frame = self.stack[-1]
        frame.size += size
        node = frame.node
        if type(node) is Sequence:
            node.append(value)
            node.item_spans.append(span)
            return True
        if frame.key_span is None:  # this value is a key
            frame.key_span = span
            frame.skip_value = False
            if not isinstance(value, str):
                frame.skip_value = True
                what = "empty" if value is None else "a list or mapping"
                self.problem(span, "Y006", f"a key must be plain text; this one is {what}")
            elif value == "<<":
                frame.skip_value = True
                self.problem(span, "Y006", "merge keys (<<) are not supported", "Write the keys out in this mapping.")
            elif value in node:
                frame.skip_value = True
                first = node.key_spans[value]
                self.problem(
                    span,
                    "Y005",
                    f'the key "{value}" appears twice in this mapping (first on line {first.line})',
                    "Remove one of them; YAML would otherwise quietly keep only the last.",
                )
            frame.key = value if isinstance(value, str) else None
            return True
        key = frame.key
        if not frame.skip_value and key is not None:
            node[key] = value
            node.key_spans[key] = frame.key_span
            node.value_spans[key] = span
            if value is None or key.startswith("x-"):
                node.unusual = True
        frame.key_span = None
        return True


_HINTS = (
    ("mapping values are not allowed", "Check the indentation, or put quotes around text that contains ': '."),
    ("cannot start any token", "YAML does not allow tabs for indentation, nor text starting with @ or `; use spaces, or quote the text."),
    ("could not find expected ':'", "A line seems to be missing the ':' after its key."),
    ("did not find expected key", "Check the indentation of this line and the one above it."),
    ("did not find expected '-' indicator", "Check the indentation of this list item."),
    ("found unexpected end of stream", "A quote or bracket is opened and never closed."),
    ("found unknown escape character", "In double quotes a backslash starts an escape; write \\\\ or use single quotes."),
    ("expected <block end>", "Check the indentation of this line."),
)


def syntax_problem(path: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = error.problem or "invalid YAML"
    if error.context and error.context not in what:
        what = f"{what} ({error.context})"
    hint = next((h for needle, h in _HINTS if needle in what), None)
    return Problem(path, Span.point(line, column), "Y004", f"YAML syntax error: {what}", hint=hint)


# Where YAML (and so every position journeyctl reports) starts a new line: CR LF, a lone CR
# (old Mac files), LF, NEL and the Unicode line and paragraph separators.
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def reader_problem(path: str, text: str, error: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow, such as a control character."""
    before = text[: error.position]
    breaks = list(_LINE_BREAK.finditer(before))
    line = len(breaks) + 1
    column = error.position - (breaks[-1].end() if breaks else 0) + 1
    return Problem(
        path,
        Span.point(line, column),
        "Y004",
        f"the character U+{error.character:04X} is not allowed in YAML" if isinstance(error.character, int) else f"YAML syntax error: {error.reason}",
        hint="Delete the invisible character; it often comes from copying text out of another program.",
    )


def compose(text: str, path: str) -> tuple[object, list[Problem]]:
    """The document's data (``None`` when it could not be read) and the problems found."""
    composer = _Composer(path)
    root = composer.compose(text)
    return root, composer.problems
