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


class _Composer:
    """Composes libyaml's events into ``Mapping``/``Sequence`` values in one loop.

    The loop runs once per event (millions on a big corpus), so it keeps the
    collection being built in local variables and saves the enclosing ones on a
    stack of tuples, instead of a method call and an object per event.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.anchors: dict[str, tuple[object, int]] = {}
        self.expanded = 0
        self.root: object = None
        self.documents = 0

    def problem(self, span: Span, code: str, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.path, span, code, message, hint=hint))

    def compose(self, text: str) -> object:
        loader = _Loader(text)
        try:
            if not self.events(loader.get_event):
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

    def events(self, get_event) -> bool:  # noqa: C901 - one loop on purpose: it runs per event
        """Take every event; False when the read stopped at a problem.

        The collection being built is ``node``; ``spans`` holds its item spans (a
        sequence) or its key spans (a mapping, with ``value_spans``); ``key`` and
        ``key_span`` are the key waiting for its value (``key_span`` None: the next
        value is a key), ``skip`` says that value is dropped (a bad or repeated key),
        ``size`` counts the values within it, for the alias limit.

        A scalar, most events, is attached where it belongs in its own branch; a
        collection's end and an alias share the attaching code after the branches.
        """
        new_span, nulls, str_tags, anchors = _new_span, _NULLS, _STR_TAGS, self.anchors
        scalar_event, alias_event, mapping_start = yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent
        starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
        ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        new_mapping, new_sequence = Mapping.__new__, Sequence.__new__
        stack: list[tuple] = []
        push, pop = stack.append, stack.pop
        node: Mapping | Sequence | None = None
        is_sequence = False
        spans: dict | list = []
        value_spans: dict = {}
        key: str | None = None
        key_span: Span | None = None
        skip = False
        size = 0
        anchor = None
        expanded = 0
        try:
            while True:
                event = get_event()
                kind = type(event)
                if kind is scalar_event:
                    mark, end = event.start_mark, event.end_mark
                    line, column, end_line, end_column = mark.line + 1, mark.column + 1, end.line + 1, end.column + 1
                    if end_line < line or (end_line == line and end_column <= column):
                        span = new_span(Span, (line, column, line, column + 1))
                    else:
                        span = new_span(Span, (line, column, end_line, end_column))
                    tag = event.tag
                    if tag is not None and tag not in str_tags:
                        self.check_tag(tag, span)
                    value = event.value
                    if event.style:
                        value = Quoted(value)
                    elif value in nulls and event.implicit[0]:
                        value = None
                    if event.anchor is not None:
                        anchors[event.anchor] = (value, 1)
                    # The scalar is finished: attach it (as below, with a size of 1).
                    expanded += 1
                    if key_span is not None:  # the value of a mapping's key: the commonest case
                        size += 1
                        if not skip:
                            node[key] = value
                            spans[key] = key_span
                            value_spans[key] = span
                            if value is None or key[:2] == "x-":
                                node.unusual = True
                        key_span = None
                    elif is_sequence:
                        size += 1
                        node.append(value)
                        spans.append(span)
                    elif node is None:
                        self.root = value
                    else:  # a key
                        size += 1
                        key_span = span
                        if value is None:
                            skip = True
                            key = None
                            self.problem(span, "Y006", "a key must be plain text; this one is empty")
                        elif value in node or value == "<<":
                            skip = True
                            key = value
                            self.bad_key(value, span, spans)
                        else:
                            skip = False
                            key = value
                    continue
                elif kind in starts:
                    mark = event.start_mark
                    span = _span(mark, event.end_mark)
                    self.check_tag(event.tag, span)
                    if len(stack) >= MAX_DEPTH:
                        self.problems.append(self.too_deep(span))
                        return False
                    push((node, is_sequence, spans, value_spans, key, key_span, skip, size, anchor))
                    if kind is mapping_start:
                        node = new_mapping(Mapping)
                        node.span = span
                        node.key_spans = spans = {}
                        node.value_spans = value_spans = {}
                        node.unusual = is_sequence = False
                    else:
                        node = new_sequence(Sequence)
                        node.span = span
                        node.item_spans = spans = []
                        is_sequence = True
                    key, key_span, skip, size, anchor = None, None, False, 1, event.anchor
                    continue
                elif kind in ends:
                    value, added = node, size
                    start = value.span
                    end = event.end_mark
                    end_line, end_column = end.line + 1, end.column + 1
                    line, column = start[0], start[1]
                    if end_line < line or (end_line == line and end_column <= column):
                        span = value.span = new_span(Span, (line, column, line, column + 1))
                    else:
                        span = value.span = new_span(Span, (line, column, end_line, end_column))
                    if anchor is not None:
                        anchors[anchor] = (value, added)
                    node, is_sequence, spans, value_spans, key, key_span, skip, size, anchor = pop()
                elif kind is alias_event:
                    span = _span(event.start_mark, event.end_mark)
                    if event.anchor not in anchors:
                        self.problem(span, "Y004", f"the alias *{event.anchor} has no anchor &{event.anchor} before it")
                        value, added = None, 1
                    else:
                        value, added = anchors[event.anchor]
                        expanded += added
                        if expanded > MAX_EXPANDED:
                            self.problem(
                                span,
                                "Y006",
                                f"aliases expand this file to more than {MAX_EXPANDED:,} values",
                                "Write the repeated parts out, or use fewer nested aliases.",
                            )
                            return False
                elif kind is yaml.DocumentStartEvent:
                    self.documents += 1
                    if self.documents > 1:
                        self.problem(
                            _span(event.start_mark, event.end_mark),
                            "Y006",
                            "a second YAML document starts here; a file holds one journey",
                            "Remove the '---' line, or move the second document into a file of its own.",
                        )
                        return False
                    continue
                elif event is None or kind is yaml.StreamEndEvent:
                    return True
                else:
                    continue  # the stream's start and a document's end say nothing
                # A collection or an alias is finished: attach it to the collection being built.
                expanded += 1
                if node is None:
                    self.root = value
                elif is_sequence:
                    size += added
                    node.append(value)
                    spans.append(span)
                elif key_span is None:  # this value is a key
                    size += added
                    key_span = span
                    skip = True
                    if not isinstance(value, str):
                        what = "empty" if value is None else "a list or mapping"
                        self.problem(span, "Y006", f"a key must be plain text; this one is {what}")
                    elif value == "<<" or value in node:
                        self.bad_key(value, span, spans)
                    else:
                        skip = False
                    key = value if isinstance(value, str) else None
                else:
                    size += added
                    if not skip:
                        node[key] = value
                        spans[key] = key_span
                        value_spans[key] = span
                        if value is None or key[:2] == "x-":
                            node.unusual = True
                    key_span = None
        finally:
            self.expanded = expanded

    def bad_key(self, value: str, span: Span, spans: dict) -> None:
        """The problem with a key that is text but cannot be used: a merge key, or one given twice."""
        if value == "<<":
            self.problem(span, "Y006", "merge keys (<<) are not supported", "Write the keys out in this mapping.")
        else:
            self.problem(
                span,
                "Y005",
                f'the key "{value}" appears twice in this mapping (first on line {spans[value].line})',
                "Remove one of them; YAML would otherwise quietly keep only the last.",
            )

    def too_deep(self, span: Span) -> Problem:
        return Problem(
            self.path,
            span,
            "Y006",
            f"the YAML is nested more than {MAX_DEPTH} levels deep here",
            hint="A journey needs a few levels of lists and mappings; look for brackets that are opened and never closed.",
        )

    def check_tag(self, tag: str | None, span: Span) -> None:
        if tag not in _STR_TAGS:
            shown = tag.replace("tag:yaml.org,2002:", "!!") if tag else tag
            self.problem(span, "Y006", f"YAML tags such as {shown} are not used in journey files", "Remove the tag.")


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
# Compiled when first needed (re keeps it): most runs never meet such a character.
_LINE_BREAK = "\r\n|[\r\n\x85\u2028\u2029]"


def reader_problem(path: str, text: str, error: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow, such as a control character."""
    before = text[: error.position]
    breaks = list(re.finditer(_LINE_BREAK, before))
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
