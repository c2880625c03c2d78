"""Check journey files: read, compose, validate the schema, resolve imports, check references.

``check(paths)`` is what ``validate`` runs and what ``render`` runs before drawing.
Each file becomes a ``Document`` holding its problems and, when it is a valid
journey, the ``Journey`` with its imported personas and channels merged in.
A library imported by several journeys is read once per run.
"""

from __future__ import annotations

import errno
import gc
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from journeyctl import FORMAT_VERSION
from journeyctl.model import MODELS, Channel, Journey, Library, Persona
from journeyctl.problems import START, Level, Problem, sorted_problems
from journeyctl.references import SUGGESTION_BUDGET, check_references
from journeyctl.schema_errors import describe, did_you_mean, problems_from, short, version_problem
from journeyctl.sources import STDIN, STDIN_NAME, ReadError, decode, display, find, read_bytes
from journeyctl.yaml_source import Mapping, compose


@dataclass
class Document:
    path: str
    file: Path | None = None
    text: str | None = None
    data: object = None
    kind: str | None = None
    model: Journey | Library | None = None
    journey: Journey | None = None
    personas: list[Persona] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not any(problem.level == "error" for problem in self.problems)

    @property
    def lines(self) -> list[str]:
        return self.text.splitlines() if self.text else []

    def release(self) -> None:
        """Keep only what a report shows: a big run then holds one file's data at a time.

        The personas and channels stay, for journeys that import this file later.
        """
        self.data = self.model = self.journey = None
        if not self.problems:
            self.text = None


LEVEL_RANK = {"info": 0, "warning": 1, "error": 2}
NAME_MAX = 255  # bytes in one folder or file name, on every common file system
# Libraries importing each other in a chain, at most: each one deeper is checked inside
# the one before it, and a chain of hundreds would overflow Python's stack.
MAX_IMPORT_DEPTH = 50


@dataclass
class Report:
    documents: list[Document]
    usage_errors: list[str]
    fail_on: Level = "error"  # the lowest level that fails the run (validate --fail-on)

    @property
    def problems(self) -> list[Problem]:
        return sorted_problems([p for doc in self.documents for p in doc.problems])

    def fails(self, problem: Problem) -> bool:
        return LEVEL_RANK[problem.level] >= LEVEL_RANK[self.fail_on]

    @property
    def exit_code(self) -> int:
        """2 for usage, I/O or configuration errors; 1 when a problem at ``fail_on`` or above remains."""
        if self.usage_errors or any(doc.kind == "config" and doc.problems for doc in self.documents):
            return 2
        return 1 if any(self.fails(p) for doc in self.documents for p in doc.problems) else 0


def repository_root(folder: Path) -> Path:
    """The nearest folder at or above ``folder`` holding .git; else ``folder`` itself."""
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return folder


class Checker:
    def __init__(self, finish: Callable[[Document], None] | None = None) -> None:
        self.finish = finish
        self.documents: dict[str, Document] = {}
        self.by_file: dict[Path, Document] = {}
        self.loading: list[Path] = []
        self.usage_errors: list[str] = []
        # True when what was found depends on the order files were read in (an import
        # cycle is reported where it was entered): validate --jobs then runs in one process.
        self.order_dependent = False

    def check_input(self, source: Path | str) -> None:
        if source == STDIN:
            try:
                data = read_bytes(STDIN)
            except ReadError as error:
                self.usage_errors.append(str(error))
                return
            doc = Document(STDIN_NAME)
            self.documents[doc.path] = doc
            self.fill(doc, data, Path.cwd())
            if self.finish:
                self.finish(doc)
        else:
            self.load_file(Path(source))

    def load_file(self, path: Path) -> Document | None:
        resolved = path.resolve()
        if resolved in self.by_file:
            return self.by_file[resolved]
        try:
            data = read_bytes(path)
        except ReadError as error:
            self.usage_errors.append(str(error))
            return None
        doc = Document(display(path), file=resolved)
        self.by_file[resolved] = doc
        self.documents[doc.path] = doc
        self.loading.append(resolved)
        try:
            self.fill(doc, data, resolved.parent)
        finally:
            self.loading.pop()
        if self.finish:
            self.finish(doc)
        return doc

    def fill(self, doc: Document, data: bytes, base: Path) -> None:
        doc.text, problem = decode(data, doc.path)
        if problem:
            doc.problems.append(problem)
            return
        root, problems = compose(doc.text, doc.path)
        doc.problems.extend(problems)
        if root is None:
            return
        doc.data = root
        if not isinstance(root, Mapping):
            doc.problems.append(Problem(doc.path, getattr(root, "span", START), "S003", f"the file should be a mapping of keys such as version, id and title, not {describe(root)}"))
            return
        if not self.version_ok(doc, root):
            return
        kind = root.get("kind") if isinstance(root.get("kind"), str) and root["kind"] in MODELS else "journey"
        doc.kind = kind
        model_class = MODELS[kind]
        try:
            doc.model = model_class.model_validate(root)
        except ValidationError as error:
            doc.problems.extend(problems_from(error, model_class, root, doc.path))
        imported, complete = self.resolve_imports(doc, root, base)
        if kind == "journey":
            sources = {key: {ident: source for ident, (_, source) in items.items()} for key, items in imported.items()}
            doc.problems.extend(check_references(root, doc.path, sources, imports_complete=complete))
        if doc.model is not None and doc.valid:
            personas = [item for item, _ in imported["personas"].values()] + list(doc.model.personas)
            channels = [item for item, _ in imported["channels"].values()] + list(doc.model.channels)
            doc.personas, doc.channels = personas, channels
            if isinstance(doc.model, Journey):
                doc.journey = doc.model.model_copy(update={"personas": personas, "channels": channels})

    def version_ok(self, doc: Document, root: Mapping) -> bool:
        """A file in a newer format is refused with one clear message, not a flood of errors."""
        version = root.get("version")
        if not isinstance(version, str) or version == str(FORMAT_VERSION) or not version.isdigit():
            return True
        doc.problems.append(version_problem(doc.path, root.value_spans["version"], version))
        return False

    def resolve_imports(self, doc: Document, root: Mapping, base: Path) -> tuple[dict[str, dict[str, tuple]], bool]:
        """Personas and channels a file imports, {"personas": {id: (Persona, source)}, ...},
        and whether every import could be used."""
        imported: dict[str, dict[str, tuple]] = {"personas": {}, "channels": {}}
        complete = True
        budget = SUGGESTION_BUDGET
        entries = root.get("imports")
        if not isinstance(entries, list):
            return imported, complete
        repo = repository_root(base)
        for entry in entries:
            if not isinstance(entry, Mapping) or not isinstance(entry.get("path"), str):
                continue
            span = entry.value_spans["path"]
            library = self.import_library(doc, entry["path"], span, base, repo)
            if library is None:
                complete = False
                continue
            for key in ("personas", "channels"):
                available = {item.id: item for item in getattr(library, key)}
                chosen = entry.get(key)
                if isinstance(chosen, list):
                    for ident, ident_span in zip(chosen, chosen.item_spans):
                        if isinstance(ident, str) and ident not in available:
                            hint = did_you_mean(ident, available) if len(available) <= budget else None
                            budget -= len(available)  # as for references: big libraries, many misses
                            if hint is None:
                                hint = f"It has no {key}." if not available else f"It offers: {', '.join(sorted(available))}." if len(available) <= 12 else None
                            doc.problems.append(Problem(doc.path, ident_span, "R001", f'{library.path} has no {key[:-1]} "{ident}"', hint=hint))
                    names = [i for i in chosen if isinstance(i, str) and i in available]
                else:
                    names = list(available)
                for ident in names:
                    if ident in imported[key] and imported[key][ident][1] != library.path:
                        doc.problems.append(Problem(doc.path, span, "R002", f'the {key[:-1]} "{ident}" is imported from both {imported[key][ident][1]} and {library.path}'))
                    imported[key].setdefault(ident, (available[ident], library.path))
        return imported, complete

    def import_library(self, doc: Document, raw: str, span, base: Path, repo: Path) -> Document | None:
        def fail(message: str, hint: str | None = None) -> None:
            doc.problems.append(Problem(doc.path, span, "R003", message, hint=hint))

        if "\0" in raw:
            return fail("the import path holds a NUL character (\\0), which no file name can", "Write the path of the library file, such as shared/people.library.yaml.")
        if Path(raw).is_absolute() or raw.startswith("~"):
            return fail(f'the import "{raw}" is an absolute path', "Write the path relative to this file, such as shared/people.library.yaml.")
        if any(len(os.fsencode(part)) > NAME_MAX for part in Path(raw).parts):
            return fail(f'the import "{short(raw)}" has a folder or file name longer than {NAME_MAX} bytes, which file systems refuse', "Check the path: it names no file that can exist.")
        if len(self.loading) > MAX_IMPORT_DEPTH:
            self.order_dependent = True  # how deep a chain is depends on where it was entered
            return fail(f'the import "{raw}" is more than {MAX_IMPORT_DEPTH} libraries deep (each importing the next)', "Import the libraries a journey needs directly, not through a long chain.")
        try:
            target = (base / raw).resolve()
            if not target.is_relative_to(repo):
                return fail(f'the import "{raw}" leads outside the repository ({display(repo)})', "Imports must stay inside the repository that holds the journey.")
            if not target.is_file():
                siblings = [p.name for p in target.parent.glob("*.y*ml")] if target.parent.is_dir() else []
                return fail(f'the import "{raw}" names no file', did_you_mean(target.name, siblings))
        except RuntimeError:  # Python before 3.13 reports a symbolic link loop so
            return fail(f'the import "{raw}" is a symbolic link that leads back to itself', "Point the link at the library file, or import the file itself.")
        except (OSError, ValueError) as error:
            if getattr(error, "errno", None) == errno.ELOOP:
                return fail(f'the import "{raw}" is a symbolic link that leads back to itself', "Point the link at the library file, or import the file itself.")
            return fail(f'the import "{raw}" cannot be used as a path: {getattr(error, "strerror", None) or error}')
        if target in self.loading:
            cycle = " → ".join(display(p) for p in self.loading[self.loading.index(target):] + [target])
            self.order_dependent = True
            return fail(f"import cycle: {cycle}", "A library may not import, directly or through others, a file that imports it.")
        library = self.load_file(target)
        if library is None:
            return fail(f'the import "{raw}" cannot be read')
        if library.kind != "library":
            what = "a journey" if library.kind == "journey" else "not a journey file"
            return fail(f'the import "{raw}" is {what}; only library files (kind: library) can be imported')
        if not library.valid:
            return fail(f'the library "{raw}" has errors, reported at {library.path}')
        return library


def check(paths: list[str], finish: Callable[[Document], None] | None = None) -> Report:
    """Check every file the paths name (files, folders, or "-" for standard input).

    ``finish`` is called with each document as soon as it is checked (imported
    libraries before the journeys that import them), so a caller can lint it and
    release it before the next file is read.
    """
    found = find(paths)
    checker = check_sources(found.files, finish)
    documents = sorted(checker.documents.values(), key=lambda doc: doc.path)
    return Report(documents, [*found.errors, *checker.usage_errors])


def check_sources(sources: list[Path | str], finish: Callable[[Document], None] | None = None) -> Checker:
    """Check these files (paths, or STDIN) in order, with one Checker; it holds what was found.

    What ``check`` runs, and what each worker of ``validate --jobs`` runs on its share.
    """
    checker = Checker(finish)
    # What a check builds holds no reference cycles, so the cyclic collector would
    # only walk the ever-growing heap again and again; on 1,000 files it took a third
    # of the time. It is switched back on afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for source in sources:
            checker.check_input(source)
    finally:
        if collecting:
            gc.enable()
    return checker
