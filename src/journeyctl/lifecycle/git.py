"""Reading journey files at git revisions through the ``git`` program, never checking out the tree.

A ``Side`` is one end of a comparison: a commit (any revision git understands),
the index (``git show :PATH``), or the working tree. ``Repository`` lists the
files of a side (``git ls-tree``, ``git ls-files``), reads their bytes (one
``git cat-file --batch`` for many blobs), and asks ``git diff --name-status -M``
which files were renamed. Every failure of git becomes a ``GitError`` with a
message for people.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

WORKTREE = "worktree"
INDEX = "index"
COMMIT = "commit"
GIT_TIMEOUT = 120  # seconds for one git command


class GitError(Exception):
    """git is missing, the folder is not a repository, or a revision or path is unknown."""


@dataclass(frozen=True)
class Side:
    kind: str  # COMMIT, INDEX or WORKTREE
    revision: str | None = None  # as the user wrote it (COMMIT only)
    commit: str | None = None  # the full commit id it resolves to

    @property
    def label(self) -> str:
        """How the side is named in reports: ``HEAD``, ``main...HEAD``'s base, ``the index``, ``the working tree``."""
        if self.kind == COMMIT:
            return self.revision or (self.commit or "")[:12]
        return "the index" if self.kind == INDEX else "the working tree"

    def place(self, path: str) -> str:
        """Where a file of this side is, for messages: ``HEAD:shop.journey.yaml``, ``:shop.journey.yaml``."""
        if self.kind == COMMIT:
            return f"{self.revision}:{path}"
        return f":{path}" if self.kind == INDEX else path


def _git_program() -> str:
    found = shutil.which("git")
    if found is None:
        raise GitError("the git program is not installed or not on the PATH; journeyctl diff reads revisions through it")
    return found


class Repository:
    """The git repository around ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.program = _git_program()
        self.cwd = folder
        result = self._run(["rev-parse", "--show-toplevel"], check=False)
        if result.returncode != 0:
            raise GitError(f"{folder} is not inside a git repository; to compare two files, run journeyctl diff --no-index OLD NEW")
        self.root = Path(os.fsdecode(result.stdout.rstrip(b"\n")))

    def _run(self, args: list[str], *, check: bool = True, data: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
        env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", "GIT_OPTIONAL_LOCKS": "0"}
        try:
            result = subprocess.run(
                [self.program, "-c", "core.quotePath=false", *args],
                cwd=cwd or self.cwd, input=data, capture_output=True, env=env, timeout=GIT_TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            raise GitError(f"git {args[0]} took more than {GIT_TIMEOUT} seconds and was stopped") from None
        except OSError as error:
            raise GitError(f"cannot run git: {error.strerror or error}") from None
        if check and result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise GitError(f"git {args[0]} failed: {message[-1] if message else 'exit ' + str(result.returncode)}")
        return result

    def commit(self, revision: str) -> str | None:
        """The commit id ``revision`` names, or None when it names none."""
        if not revision or revision.startswith("-"):
            return None
        result = self._run(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"], check=False)
        return result.stdout.decode().strip() or None if result.returncode == 0 else None

    def merge_base(self, left: str, right: str) -> str | None:
        result = self._run(["merge-base", left, right], check=False)
        return result.stdout.decode().strip() or None if result.returncode == 0 else None

    def has_head(self) -> bool:
        return self.commit("HEAD") is not None

    def relative(self, path: Path) -> str:
        """``path`` (absolute or relative to the current folder) as a path inside the repository."""
        full = Path(os.path.abspath(self.cwd / path))
        root = Path(os.path.realpath(self.root))
        try:
            return full.relative_to(self.root).as_posix() if full.is_relative_to(self.root) else Path(os.path.realpath(full)).relative_to(root).as_posix()
        except ValueError:
            raise GitError(f"{path}: outside the repository {self.root}") from None

    def blobs(self, side: Side) -> dict[str, str]:
        """Every regular file of a commit or of the index: {path: blob id}. Links and submodules are left out."""
        if side.kind == COMMIT:
            out = self._run(["ls-tree", "-r", "-z", "--full-tree", side.commit or ""]).stdout
            entries = []
            for record in out.split(b"\0"):
                if record:
                    meta, _, name = record.partition(b"\t")
                    mode, kind, blob = meta.split(b" ")
                    entries.append((mode, kind, blob, name))
        else:
            out = self._run(["ls-files", "-s", "-z", "--full-name"], cwd=self.root).stdout
            entries = []
            for record in out.split(b"\0"):
                if record:
                    meta, _, name = record.partition(b"\t")
                    mode, blob, stage = meta.split(b" ")
                    if stage in (b"0", b"2"):  # stage 2 is "ours" during a merge
                        entries.append((mode, b"blob", blob, name))
        return {os.fsdecode(name): blob.decode() for mode, kind, blob, name in entries if kind == b"blob" and mode in (b"100644", b"100755")}

    def worktree_files(self) -> list[str]:
        """Files of the working tree git would see: tracked and not deleted, or untracked and not ignored."""
        out = self._run(["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--full-name"], cwd=self.root).stdout
        names = sorted({os.fsdecode(name) for name in out.split(b"\0") if name})
        return [name for name in names if (self.root / name).is_file() and not (self.root / name).is_symlink()]

    def read_blobs(self, ids: list[str]) -> dict[str, bytes]:
        """The bytes of these blobs, read by one ``git cat-file --batch``."""
        if not ids:
            return {}
        unique = sorted(set(ids))
        out = self._run(["cat-file", "--batch"], data=("\n".join(unique) + "\n").encode()).stdout
        found: dict[str, bytes] = {}
        at = 0
        for blob in unique:
            end = out.index(b"\n", at)
            header = out[at:end].split(b" ")
            at = end + 1
            if len(header) < 3:  # "<id> missing"
                continue
            size = int(header[2])
            found[blob] = out[at : at + size]
            at += size + 1
        return found

    def renames(self, old: Side, new: Side) -> dict[str, str]:
        """{old path: new path} for the files git finds renamed between the sides (``git diff -M``)."""
        args = ["diff", "--name-status", "-z", "-M", "--no-ext-diff", "--no-textconv", old.commit or ""]
        if new.kind == COMMIT:
            args.append(new.commit or "")
        elif new.kind == INDEX:
            args.insert(1, "--cached")
        result = self._run([*args, "--"], check=False, cwd=self.root)
        if result.returncode != 0:
            return {}
        fields = [os.fsdecode(part) for part in result.stdout.split(b"\0")]
        pairs: dict[str, str] = {}
        index = 0
        while index < len(fields) and fields[index]:
            status = fields[index]
            if status[:1] in ("R", "C"):
                if status[0] == "R":
                    pairs[fields[index + 1]] = fields[index + 2]
                index += 3
            else:
                index += 2
        return pairs
