"""``journeyctl diff [OLD] [NEW] [PATHS...]``: what changed in the journeys between two revisions.

The sides (docs/diff.md): no revision compares the working tree with HEAD; one
revision compares the working tree with it; two compare those commits;
``A...B`` compares B with the commit where it left A (a pull request);
``--staged`` puts the index in place of the working tree; ``--no-index OLD NEW``
(or two files outside a repository) compares two files. Files are read through
git (``lifecycle.git``), checked as ``validate`` checks them
(``lifecycle.snapshot``), compared as models (``lifecycle.semantic``) and
reported (``lifecycle.diff_reporters``).

Exit codes: 0 no semantic change, 1 changes, 2 errors (an unknown revision, a
path in neither side, a file with errors in the new side, not a repository).
"""

from __future__ import annotations

import sys
from pathlib import Path

from journeyctl.checker import Document
from journeyctl.lifecycle.git import COMMIT, INDEX, WORKTREE, GitError, Repository, Side
from journeyctl.lifecycle.outcome import ADDED, DELETED, MODIFIED, RENAMED, UNCHANGED, UNREADABLE, FileDiff, Outcome
from journeyctl.lifecycle.semantic import compare
from journeyctl.lifecycle.snapshot import Snapshot, read, read_files
from journeyctl.model import Journey
from journeyctl.reporters.safe import safe

EXIT_USAGE = 2
FORMATS = ("text", "markdown", "json", "html")


class Refused(Exception):
    """The comparison cannot start; the message is for people."""


def run(args: list[str], *, staged: bool = False, no_index: bool = False, output_format: str = "text", output: str | None = None, color: str = "auto") -> int:
    try:
        outcome = _outcome(args, staged, no_index)
    except (Refused, GitError) as error:
        print(f"journeyctl: diff: {safe(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    from journeyctl.lifecycle.diff_reporters import write_report

    try:
        write_report(outcome, output_format, output, color)
    except Refused as error:
        print(f"journeyctl: diff: {safe(str(error))}", file=sys.stderr)
        return EXIT_USAGE
    return outcome.exit_code


def _outcome(args: list[str], staged: bool, no_index: bool) -> Outcome:
    if no_index:
        return _two_files(args, staged)
    try:
        repo = Repository(Path.cwd())
    except GitError:
        if len(args) == 2 and all(Path(arg).is_file() for arg in args):
            return _two_files(args, staged)
        raise
    old, new, paths = _sides(repo, args, staged)
    prefixes = [repo.relative(Path(p)) for p in paths] if paths else [repo.relative(Path("."))]
    prefixes = ["" if p == "." else p for p in prefixes]
    before, after = read(repo, old, prefixes), read(repo, new, prefixes)
    outcome = Outcome(old.label, new.label)
    for raw, prefix in zip(paths, prefixes):
        if not any(_under(name, prefix) for name in before.names | after.names):
            outcome.errors.append(f"{raw}: not in the repository at {old.label} nor at {new.label}")
    outcome.files = _pairs(repo, before, after)
    return outcome


def _under(name: str, prefix: str) -> bool:
    return not prefix or name == prefix or name.startswith(prefix.rstrip("/") + "/")


def _sides(repo: Repository, args: list[str], staged: bool) -> tuple[Side, Side, list[str]]:
    """The two sides and the paths, from ``[OLD] [NEW] [PATHS...]``."""
    revisions: list[Side] = []
    rest = list(args)
    if rest and ".." in rest[0] and not rest[0].startswith(".") and not Path(rest[0]).exists():
        left, dots, right = rest[0].partition("...") if "..." in rest[0] else rest[0].partition("..")
        left, right = left or "HEAD", right or "HEAD"
        commits = [repo.commit(left), repo.commit(right)]
        for name, commit in zip((left, right), commits):
            if commit is None:
                raise Refused(f'"{name}" is not a revision of this repository (a branch, tag or commit)')
        if dots == "...":
            base = repo.merge_base(commits[0], commits[1])
            if base is None:
                raise Refused(f"{left} and {right} have no commit in common, so {rest[0]} compares nothing; name two revisions instead: {left} {right}")
            revisions = [Side(COMMIT, base[:12], base), Side(COMMIT, right, commits[1])]
        else:
            revisions = [Side(COMMIT, left, commits[0]), Side(COMMIT, right, commits[1])]
        rest = rest[1:]
    else:
        while rest and len(revisions) < 2:
            commit = repo.commit(rest[0])
            if commit is None:
                if not Path(rest[0]).exists() and _looks_like_revision(rest[0]):
                    raise Refused(f'"{rest[0]}" is neither a revision of this repository nor a file or folder')
                break
            revisions.append(Side(COMMIT, rest.pop(0), commit))
    if staged and len(revisions) == 2:
        raise Refused("--staged compares the index with one revision (HEAD by default); leave out the second revision")
    if not revisions:
        head = repo.commit("HEAD")
        if head is None:
            raise Refused("the repository has no commit yet, so there is nothing to compare with; commit first, or compare two files with --no-index OLD NEW")
        revisions = [Side(COMMIT, "HEAD", head)]
    if len(revisions) == 1:
        revisions.append(Side(INDEX) if staged else Side(WORKTREE))
    return revisions[0], revisions[1], rest


def _looks_like_revision(arg: str) -> bool:
    """A word with no folder and no file extension: meant as a revision (``main``, ``v1.2``, ``HEAD~3``)."""
    return "/" not in arg and not arg.endswith((".yaml", ".yml")) and arg not in (".", "..")


def _pairs(repo: Repository, before: Snapshot, after: Snapshot) -> list[FileDiff]:
    old_only = sorted(before.files.keys() - after.files.keys())
    new_only = sorted(after.files.keys() - before.files.keys())
    renamed = {old: new for old, new in repo.renames(before.side, after.side).items() if old in old_only and new in new_only}
    # Git sees a rename by content; a file moved and edited a lot is still the same journey when its id is.
    ids_old = _by_id([p for p in old_only if p not in renamed], before)
    ids_new = _by_id([p for p in new_only if p not in renamed.values()], after)
    for key in sorted(ids_old.keys() & ids_new.keys()):
        renamed[ids_old[key]] = ids_new[key]
    diffs = []
    for path in sorted(before.files.keys() & after.files.keys()):
        diffs.append(_compare(path, None, before.files[path], after.files[path]))
    for old, new in renamed.items():
        diffs.append(_compare(new, old, before.files[old], after.files[new]))
    for path in old_only:
        if path not in renamed:
            diffs.append(_alone(path, DELETED, before.files[path], False))
    for path in new_only:
        if path not in renamed.values():
            diffs.append(_alone(path, ADDED, after.files[path], True))
    return sorted(diffs, key=lambda d: (d.path, d.old_path or ""))


def _by_id(paths: list[str], snapshot: Snapshot) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], list[str]] = {}
    for path in paths:
        doc = snapshot.files[path]
        ident = getattr(doc.model, "id", None)
        if doc.kind and ident:
            found.setdefault((doc.kind, ident), []).append(path)
    return {key: names[0] for key, names in found.items() if len(names) == 1}


def _errors(doc: Document) -> list:
    return [p for p in doc.problems if p.level == "error"]


def _describe(item: FileDiff, doc: Document) -> None:
    model = doc.journey or doc.model
    item.kind = doc.kind
    item.journey = getattr(model, "id", None)
    item.title = getattr(model, "title", None)


def _alone(path: str, status: str, doc: Document, new_side: bool) -> FileDiff:
    item = FileDiff(path, status, problems=_errors(doc), new_invalid=new_side and not doc.valid)
    _describe(item, doc)
    if isinstance(doc.journey, Journey):
        item.stages = [(s.id, s.name) for s in doc.journey.stages]
        item.model = doc.journey
    return item


def _compare(path: str, old_path: str | None, old: Document, new: Document) -> FileDiff:
    status = RENAMED if old_path else MODIFIED
    item = FileDiff(path, status, old_path=old_path, problems=_errors(old) + _errors(new), new_invalid=not new.valid)
    _describe(item, new if new.valid else old)
    old_model, new_model = old.journey or old.model, new.journey or new.model
    if not (old.valid and new.valid) or old_model is None or new_model is None:
        item.status = status if old_path else UNREADABLE
        return item
    if type(old_model) is not type(new_model):
        item.changes = []
        item.status = MODIFIED
        from journeyctl.lifecycle.semantic import Change

        item.changes.append(Change("journey-changed", item.journey or path, f"the file changed from a {old.kind} to a {new.kind}", field="kind", old=old.kind, new=new.kind))
        return item
    local = {i.id for i in (*getattr(new.model, "personas", []), *getattr(new.model, "channels", []))}
    merged = {i.id for i in (*new_model.personas, *new_model.channels)}
    item.changes = compare(old_model, new_model, frozenset(merged - local))
    item.model, item.old_model = new_model, old_model
    if isinstance(new_model, Journey):
        new_ids = [s.id for s in new_model.stages]
        gone = [(s.id, s.name) for s in getattr(old_model, "stages", []) if s.id not in new_ids]
        item.stages = [(s.id, s.name) for s in new_model.stages] + gone
    if not item.changes and not old_path:
        item.status = UNCHANGED
    return item


def _two_files(args: list[str], staged: bool) -> Outcome:
    if staged:
        raise Refused("--staged compares the index of a repository; it does not go with two files")
    if len(args) != 2:
        raise Refused(f"comparing files outside git takes exactly two files, OLD and NEW; found {len(args)} paths")
    old_path, new_path = (Path(arg) for arg in args)
    for path in (old_path, new_path):
        if not path.is_file():
            raise Refused(f"{path}: no such file")
    old, new, errors = read_files(old_path, new_path)
    outcome = Outcome(args[0], args[1], errors=errors)
    if old is not None and new is not None:
        item = _compare(args[1], None, old, new)
        if item.status == MODIFIED and args[0] != args[1]:
            item.old_path = None
        outcome.files = [item]
    return outcome
