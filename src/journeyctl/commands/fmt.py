"""``journeyctl fmt``: rewrite journey and library files in the canonical layout.

The layout and how comments are kept are described in ``journeyctl.lifecycle.fmt``.
A file with errors is left as it is, and said so; a file is written only when it
changes, atomically, and only when what it says is the same afterwards.

Exit codes: 0 done (with --check, nothing to change), 1 a file would change (--check)
or has errors and was left alone, 2 usage or I/O error, 3 the formatter would have
changed a file's meaning (a bug: nothing is written). ``--diff`` writes nothing and
shows the changes; with ``--check`` as well, a change exits 1.
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

from journeyctl import atomic
from journeyctl.checker import Checker, Document
from journeyctl.sources import STDIN, STDIN_NAME, ReadError, decode, display, find, read_bytes


def _errors(doc: Document) -> int:
    return sum(1 for problem in doc.problems if problem.level == "error")


def _left_alone(name: str, doc: Document) -> None:
    count = _errors(doc)
    what = "1 error" if count == 1 else f"{count} errors"
    shown = "journeyctl validate -" if name == STDIN_NAME else f"journeyctl validate {name}"
    print(f"journeyctl: {name}: not formatted: it has {what} ({shown} shows them); the file is left as it is", file=sys.stderr)


def _diff(name: str, before: str, after: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), f"{name} (as it is)", f"{name} (formatted)"))


class _Run:
    def __init__(self, check: bool, diff: bool) -> None:
        self.check = check or diff  # write nothing
        self.diff = diff
        self.strict = check  # a change is a failure
        self.code = 0
        self.changed: list[str] = []
        self.unchanged = 0

    def fail(self, code: int) -> None:
        self.code = max(self.code, code)

    def formatted(self, name: str, text: str) -> str | None:
        """The formatted text, or None (said why) when the file must be left alone."""
        from journeyctl.lifecycle.fmt import FormatError, comments, format_text, same_meaning

        try:
            result = format_text(text)
        except FormatError as error:
            reason = str(error).splitlines()[0] if str(error) else "the YAML cannot be read"
            print(f"journeyctl: {name}: not formatted: {reason}; the file is left as it is", file=sys.stderr)
            self.fail(1)
            return None
        if comments(result) != comments(text):
            print(f"journeyctl: {name}: not formatted: a comment inside [...] or {{...}} would be lost; write that list or mapping one item a line, then run fmt again; the file is left as it is", file=sys.stderr)
            self.fail(1)
            return None
        if not same_meaning(text, result):
            print(f"journeyctl: {name}: not formatted: formatting would change what the file says; this is a bug in journeyctl, the file is left as it is", file=sys.stderr)
            self.fail(3)
            return None
        return result

    def one(self, name: str, doc: Document, target: Path | None) -> None:
        if doc.text is None or not doc.valid:
            _left_alone(name, doc)
            self.fail(1)
            if target is None and not self.check and doc.text is not None:
                sys.stdout.write(doc.text)  # standard input comes out as it went in
            return
        result = self.formatted(name, doc.text)
        if result is None:
            if target is None and not self.check:
                sys.stdout.write(doc.text)
            return
        if target is None and not self.check:  # standard input to standard output
            sys.stdout.write(result)
            return
        if result == doc.text:
            self.unchanged += 1
            return
        self.changed.append(name)
        if self.check:
            sys.stdout.write(_diff(name, doc.text, result) if self.diff else f"{name}\n")
            if self.strict:
                self.fail(1)
            return
        try:
            atomic.write_text(target, result, make_parents=False)
        except OSError as error:
            print(f"journeyctl: {atomic.plain(error, target)}", file=sys.stderr)
            self.fail(2)
            return
        print(name)

    def summary(self) -> None:
        count = len(self.changed)
        files = "1 file" if count == 1 else f"{count} files"
        done = "would be formatted" if self.check else "formatted"
        same = f", {self.unchanged} already formatted" if self.unchanged else ""
        print(f"{files} {done}{same}.", file=sys.stderr)


def run(paths: list[str], check: bool = False, diff: bool = False) -> int:
    found = find(paths)
    work = _Run(check, diff)
    for error in found.errors:
        print(f"journeyctl: {error}", file=sys.stderr)
        work.fail(2)
    checker = Checker()
    for source in found.files:
        if source == STDIN:
            try:
                data = read_bytes(STDIN)
            except ReadError as error:
                print(f"journeyctl: {error}", file=sys.stderr)
                work.fail(2)
                continue
            doc = Document(STDIN_NAME)
            checker.fill(doc, data, Path.cwd())
            if doc.text is None:
                doc.text, _ = decode(data, STDIN_NAME)
            work.one(STDIN_NAME, doc, None)
            continue
        doc = checker.load_file(Path(source))
        if doc is None:
            for error in checker.usage_errors:
                print(f"journeyctl: {error}", file=sys.stderr)
            checker.usage_errors.clear()
            work.fail(2)
            continue
        work.one(display(Path(source)), doc, Path(source))
    if found.files and found.files != [STDIN]:
        work.summary()
    return work.code
