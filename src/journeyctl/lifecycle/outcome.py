"""What a diff found: per file, its status in git and its semantic changes; and the summary line.

Every report format (text, markdown, json, html) is drawn from one ``Outcome``,
so they always agree. Files are sorted by path; changes are grouped by stage in
the order of the new journey's stages (stages that were removed follow, in
their old order), the journey's own fields first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from journeyctl.lifecycle.semantic import Change, rank
from journeyctl.problems import Problem

ADDED, DELETED, RENAMED, MODIFIED, UNCHANGED, UNREADABLE = "added", "deleted", "renamed", "modified", "unchanged", "unreadable"


@dataclass
class FileDiff:
    path: str  # in the new side; the old path for a deleted file
    status: str  # ADDED, DELETED, RENAMED, MODIFIED, UNCHANGED or UNREADABLE (errors on a side: see problems)
    old_path: str | None = None  # for RENAMED
    kind: str | None = None  # journey or library
    journey: str | None = None  # the journey's (or library's) id
    title: str | None = None
    stages: list[tuple[str, str]] = field(default_factory=list)  # (id, name) in report order
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # errors in either side's file
    new_invalid: bool = False  # the new side's file has errors (the run fails with 2)
    model: object = None  # the new side's journey (the old one's for a deleted file), for the HTML page
    old_model: object = None  # the old side's journey, when both could be read

    @property
    def changed(self) -> bool:
        return bool(self.changes) or self.status in (ADDED, DELETED, RENAMED, UNREADABLE)  # errors: not shown to be the same

    def groups(self) -> list[tuple[str | None, str | None, list[Change]]]:
        """(stage id, stage name, changes) in report order; the journey's own changes first (stage None)."""
        order = {ident: index for index, (ident, _) in enumerate(self.stages)}
        names = dict(self.stages)
        by_stage: dict[str | None, list[Change]] = {}
        for change in self.changes:
            by_stage.setdefault(change.stage, []).append(change)
        keys = sorted(by_stage, key=lambda s: (-1, "") if s is None else (order.get(s, len(order)), s))
        return [(key, names.get(key) if key else None, by_stage[key]) for key in keys]


@dataclass
class Outcome:
    old: str  # how each side is named: "HEAD", "the working tree", a file
    new: str
    files: list[FileDiff] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # what stopped part of the comparison, in plain words

    @property
    def changed(self) -> bool:
        return any(f.changed for f in self.files)

    @property
    def exit_code(self) -> int:
        """2 when something could not be read or the new side has errors; else 1 when anything changed, 0 when nothing did."""
        if self.errors or any(f.new_invalid for f in self.files):
            return 2
        return 1 if self.changed else 0

    def counts(self) -> dict[str, int]:
        counter: Counter[str] = Counter()
        for item in self.files:
            if item.status in (ADDED, DELETED, RENAMED, UNREADABLE):
                counter[f"file-{item.status}"] += 1
            counter.update(change.kind for change in item.changes)
        return dict(sorted(counter.items(), key=lambda pair: (_summary_rank(pair[0]), pair[0])))


# How the summary line words each kind: (one, many). Emotion changes are said one by one.
NOUNS = {
    "file-added": ("file added", "files added"),
    "file-deleted": ("file deleted", "files deleted"),
    "file-renamed": ("file renamed", "files renamed"),
    "file-unreadable": ("file not compared (it has errors)", "files not compared (they have errors)"),
    "stage-added": ("stage added", "stages added"),
    "stage-removed": ("stage removed", "stages removed"),
    "stage-renamed": ("stage renamed", "stages renamed"),
    "stage-moved": ("stage moved", "stages moved"),
    "stage-changed": ("stage detail changed", "stage details changed"),
    "kpi-added": ("KPI added", "KPIs added"),
    "kpi-removed": ("KPI removed", "KPIs removed"),
    "kpi-changed": ("KPI changed", "KPIs changed"),
    "touchpoint-added": ("touchpoint added", "touchpoints added"),
    "touchpoint-removed": ("touchpoint removed", "touchpoints removed"),
    "touchpoint-renamed": ("touchpoint renamed", "touchpoints renamed"),
    "touchpoint-moved": ("touchpoint moved", "touchpoint moves"),
    "link-added": ("link added", "links added"),
    "link-removed": ("link removed", "links removed"),
    "link-changed": ("link changed", "links changed"),
    "emotion-changed": ("emotion changed", "emotions changed"),
    "pain-point-added": ("pain point added", "pain points added"),
    "pain-point-resolved": ("pain point resolved", "pain points resolved"),
    "opportunity-added": ("opportunity added", "opportunities added"),
    "opportunity-removed": ("opportunity removed", "opportunities removed"),
    "owner-changed": ("owner changed", "owners changed"),
    "touchpoint-channel-changed": ("touchpoint channel changed", "touchpoint channels changed"),
    "touchpoint-personas-changed": ("touchpoint's personas changed", "touchpoints' personas changed"),
    "touchpoint-changed": ("touchpoint detail changed", "touchpoint details changed"),
    "persona-added": ("persona added", "personas added"),
    "persona-removed": ("persona removed", "personas removed"),
    "persona-changed": ("persona changed", "personas changed"),
    "channel-added": ("channel added", "channels added"),
    "channel-removed": ("channel removed", "channels removed"),
    "channel-changed": ("channel changed", "channels changed"),
    "journey-changed": ("journey detail changed", "journey details changed"),
}
EMOTIONS_SPELLED_OUT = 3  # at most this many emotion changes are said one by one in the summary


def _summary_rank(kind: str) -> int:
    return -1 if kind.startswith("file-") else rank(kind)


def summary(outcome: Outcome) -> str:
    """One line: "2 touchpoints added, 1 pain point resolved, emotion at checkout up from -1 to +1"."""
    counts = outcome.counts()
    if not counts:
        return "no change in the journeys" if not outcome.errors else "no change found in what could be read"
    emotions = [c.message for f in outcome.files for c in f.changes if c.kind == "emotion-changed" and c.stage is not None and c.field == "emotion"]
    spell = 0 < len(emotions) <= EMOTIONS_SPELLED_OUT and len(emotions) == counts.get("emotion-changed", 0)
    parts = []
    for kind, count in counts.items():
        if kind == "emotion-changed" and spell:
            parts.extend(emotions)
            continue
        one, many = NOUNS.get(kind, (kind, kind))
        parts.append(f"{count} {one if count == 1 else many}")
    return ", ".join(parts)
