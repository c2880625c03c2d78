"""The semantic comparison of two validated journeys (or libraries): what changed for the customer.

``compare(old, new)`` works on the models, never on the text, so a change of
layout, quoting or key order is no change. Stages and touchpoints are matched
by id: the same id with a new name is a rename; a new stage, lane or place
among its stage's touchpoints is a move. Lists of text (pain points, actions,
...) are compared as collections: adding or removing an entry is a change,
reordering them is not. Each ``Change`` has a stable ``kind`` (docs/diff.md
lists them) and a message in plain words.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

from journeyctl.model import Journey, Library, Stage, Touchpoint
from journeyctl.render.emotion_chart import score_text

# Every kind of change, in the order reports list them within a group.
KINDS = (
    "stage-added", "stage-removed", "stage-renamed", "stage-moved", "stage-changed",
    "kpi-added", "kpi-removed", "kpi-changed",
    "touchpoint-added", "touchpoint-removed", "touchpoint-renamed", "touchpoint-moved",
    "link-added", "link-removed", "link-changed",
    "emotion-changed", "pain-point-added", "pain-point-resolved", "opportunity-added", "opportunity-removed",
    "owner-changed", "touchpoint-channel-changed", "touchpoint-personas-changed", "touchpoint-changed",
    "persona-added", "persona-removed", "persona-changed", "channel-added", "channel-removed", "channel-changed",
    "journey-changed",
)  # fmt: skip
_RANK = {kind: index for index, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class Change:
    kind: str  # one of KINDS
    subject: str  # the id of what changed: a touchpoint, stage, persona, channel; the journey's id for the journey's own fields
    message: str  # plain words: 'touchpoint "checkout" (Pays) moved from stage awareness to purchase'
    stage: str | None = None  # the stage it belongs to, for grouping; None for the journey's own fields
    field: str | None = None  # the key that changed, where one did: "name", "stage", "lane", "emotion", ...
    old: str | None = None
    new: str | None = None


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value) or None  # an empty list is none, as a missing key is
    return str(value)


def _collection(old: list[str], new: list[str]) -> tuple[list[str], list[str]]:
    """The entries added and removed between two lists of text, order ignored, repeats counted."""
    before, after = Counter(old), Counter(new)
    added = [item for item in dict.fromkeys(new) for _ in range((after - before)[item])]
    removed = [item for item in dict.fromkeys(old) for _ in range((before - after)[item])]
    return added, removed


def _moved(old_ids: list[str], new_ids: list[str]) -> set[str]:
    """Ids in both lists whose place changed: those outside the longest run-preserving match."""
    common = set(old_ids) & set(new_ids)
    before = [i for i in old_ids if i in common]
    after = [i for i in new_ids if i in common]
    kept: set[str] = set()
    for block in SequenceMatcher(None, before, after, autojunk=False).get_matching_blocks():
        kept.update(before[block.a : block.a + block.size])
    return common - kept


def _timing(time) -> str | None:
    """A stage's or step's time in words: 'duration 10m, wait 2m, every order'."""
    if time is None:
        return None
    parts = [f"{key} {getattr(time, key)}" for key in ("duration", "wait") if getattr(time, key)]
    return ", ".join([*parts, *([time.frequency] if time.frequency else [])]) or None


def _rows(rows: dict) -> str | None:
    return "; ".join(f"{row}: {_text(value)}" for row, value in rows.items()) or None


def _sources(items: list) -> Counter:
    """Sourced texts with where they come from, to tell a new source from a new text."""
    return Counter((str(item), getattr(item, "source", None), getattr(item, "link", None)) for item in items)


def _feeling(emotion) -> str:
    return "none" if emotion is None else score_text(emotion.score)


class _Comparison:
    def __init__(self, old: Journey | Library, new: Journey | Library, imported: frozenset[str] = frozenset()) -> None:
        self.old, self.new = old, new
        self.imported = imported  # persona and channel ids the new journey takes from libraries
        self.changes: list[Change] = []

    def add(self, kind: str, subject: str, message: str, **fields) -> None:
        self.changes.append(Change(kind, subject, message, **fields))

    # -- the journey's own fields -------------------------------------------------
    def journey_fields(self) -> None:
        old, new = self.old, self.new
        for key in ("title", "description", "scenario", "owner", "status", "entry", "tags", "quotes", "phases", "rows", "opportunities", "analytics"):
            before, after = getattr(old, key, None), getattr(new, key, None)
            if key == "entry":
                before, after = getattr(old, "entry_ids", ()), getattr(new, "entry_ids", ())
            if key in ("tags", "quotes"):
                if not any(_collection(before or [], after or [])) and _sources(before or []) == _sources(after or []):
                    continue
            elif before == after:
                continue
            if key in ("phases", "rows", "opportunities"):
                noun = {"phases": "phases", "rows": "custom rows", "opportunities": "opportunities (the backlog)"}[key]
                attribute = "title" if key == "opportunities" else "id"
                before, after = ([getattr(item, attribute) for item in items] for items in (before, after))
                words = f"the journey's {noun} changed: {_quote(_text(before))} → {_quote(_text(after))}" if before != after else f"the journey's {noun} changed"
            elif key == "analytics":
                before = after = None  # too many parts to say in a line: say that it changed
                words = "the analytics settings changed"
            else:
                words = f"journey {key}: {_quote(_text(before))} → {_quote(_text(after))}"
            kind = "owner-changed" if key == "owner" else "journey-changed"
            self.add(kind, new.id or "", words, field=key, old=_text(before), new=_text(after))

    # -- personas and channels (local or imported) ----------------------------------
    def people_and_channels(self) -> None:
        for key, noun, changed in (("personas", "persona", "persona-changed"), ("channels", "channel", "channel-changed")):
            before = {item.id: item for item in getattr(self.old, key)}
            after = {item.id: item for item in getattr(self.new, key)}
            for ident in sorted(after.keys() - before.keys()):
                self.add(f"{noun}-added", ident, f'{noun} "{ident}" ({after[ident].name}) added{self._from_library(ident)}', new=after[ident].name)
            for ident in sorted(before.keys() - after.keys()):
                self.add(f"{noun}-removed", ident, f'{noun} "{ident}" ({before[ident].name}) removed', old=before[ident].name)
            for ident in sorted(before.keys() & after.keys()):
                if before[ident] != after[ident]:
                    fields = [name for name in type(after[ident]).model_fields if getattr(before[ident], name) != getattr(after[ident], name)]
                    old_name, new_name = before[ident].name, after[ident].name
                    words = f'{noun} "{ident}" renamed: {_quote(old_name)} → {_quote(new_name)}' if fields == ["name"] else f'{noun} "{ident}" changed: {", ".join(fields)}'
                    self.add(changed, ident, words + self._from_library(ident), field=", ".join(fields), old=old_name, new=new_name)

    def _from_library(self, ident: str) -> str:
        return " (from an imported library)" if ident in self.imported else ""

    # -- stages -------------------------------------------------------------------
    def stages(self) -> None:
        before = {s.id: s for s in self.old.stages}
        after = {s.id: s for s in self.new.stages}
        order = [s.id for s in self.new.stages]
        moved = _moved([s.id for s in self.old.stages], order)
        for stage in self.new.stages:
            ident = stage.id
            if ident not in before:
                self.add("stage-added", ident, f'stage "{ident}" ({stage.name}) added at place {order.index(ident) + 1}', stage=ident, new=stage.name)
                continue
            old = before[ident]
            if old.name != stage.name:
                self.add("stage-renamed", ident, f'stage "{ident}" renamed: {_quote(old.name)} → {_quote(stage.name)}', stage=ident, field="name", old=old.name, new=stage.name)
            if ident in moved:
                was, now = [s.id for s in self.old.stages].index(ident) + 1, order.index(ident) + 1
                self.add("stage-moved", ident, f'stage "{ident}" moved from place {was} to place {now}', stage=ident, field="position", old=str(was), new=str(now))
            self.stage_fields(old, stage)
        for stage in self.old.stages:
            if stage.id not in after:
                self.add("stage-removed", stage.id, f'stage "{stage.id}" ({stage.name}) removed', stage=stage.id, old=stage.name)

    def stage_fields(self, old: Stage, new: Stage) -> None:
        for key in ("description", "goal", "expectations", "time"):
            before, after = getattr(old, key), getattr(new, key)
            if key == "time":
                before, after = _timing(before), _timing(after)
            if (key == "expectations" and any(_collection(before, after))) or (key != "expectations" and before != after):
                self.add("stage-changed", new.id, f'stage "{new.id}" {key}: {_quote(_text(before))} → {_quote(_text(after))}', stage=new.id, field=key, old=_text(before), new=_text(after))
        kpis_before = {k.name: k for k in old.kpis}
        kpis_after = {k.name: k for k in new.kpis}
        for name in [k.name for k in new.kpis if k.name not in kpis_before]:
            self.add("kpi-added", new.id, f'KPI "{name}" added to stage "{new.id}"', stage=new.id, field="kpis", new=name)
        for name in [k.name for k in old.kpis if k.name not in kpis_after]:
            self.add("kpi-removed", new.id, f'KPI "{name}" removed from stage "{new.id}"', stage=new.id, field="kpis", old=name)
        for name in [k.name for k in new.kpis if k.name in kpis_before and kpis_before[k.name] != k]:
            was, now = kpis_before[name], kpis_after[name]
            parts = [f"{key} {_quote(getattr(was, key))} → {_quote(getattr(now, key))}" for key in ("target", "current", "description") if getattr(was, key) != getattr(now, key)]
            self.add("kpi-changed", new.id, f'KPI "{name}" of stage "{new.id}": {"; ".join(parts)}', stage=new.id, field="kpis", old=name, new=name)

    # -- touchpoints --------------------------------------------------------------
    def touchpoints(self) -> None:
        before = {t.id: t for t in self.old.touchpoints}
        after = {t.id: t for t in self.new.touchpoints}
        moved: set[str] = set()
        for stage in self.new.stages:  # a new place among the touchpoints its stage had and still has
            old_ids = [t.id for t in self.old.touchpoints if t.stage == stage.id]
            new_ids = [t.id for t in self.new.touchpoints if t.stage == stage.id]
            moved |= _moved(old_ids, new_ids)
        for tp in self.new.touchpoints:
            if tp.id not in before:
                self.add("touchpoint-added", tp.id, f'touchpoint "{tp.id}" ({tp.name}) added', stage=tp.stage, new=tp.name)
                continue
            self.touchpoint(before[tp.id], tp, tp.id in moved)
        for tp in self.old.touchpoints:
            if tp.id not in after:
                self.add("touchpoint-removed", tp.id, f'touchpoint "{tp.id}" ({tp.name}) removed', stage=tp.stage, old=tp.name)

    def touchpoint(self, old: Touchpoint, new: Touchpoint, moved_in_stage: bool) -> None:
        ident, stage = new.id, new.stage
        name = f'touchpoint "{ident}"'

        def add(kind: str, words: str, **fields) -> None:
            self.add(kind, ident, words, stage=stage, **fields)

        if old.name != new.name:
            add("touchpoint-renamed", f"{name} renamed: {_quote(old.name)} → {_quote(new.name)}", field="name", old=old.name, new=new.name)
        if old.stage != new.stage:
            add("touchpoint-moved", f"{name} moved from stage {old.stage} to stage {new.stage}", field="stage", old=old.stage, new=new.stage)
        elif moved_in_stage:
            add("touchpoint-moved", f"{name} moved to another place in stage {new.stage}", field="position")
        if old.lane != new.lane:
            add("touchpoint-moved", f"{name} moved from the {old.lane} lane to the {new.lane} lane", field="lane", old=old.lane, new=new.lane)
        self.links(old, new, add)
        self.emotion(old, new, add)
        for key, added_kind, removed_kind, noun in (
            ("pain_points", "pain-point-added", "pain-point-resolved", "pain point"),
            ("opportunities", "opportunity-added", "opportunity-removed", "opportunity"),
        ):
            added, removed = _collection(getattr(old, key), getattr(new, key))
            for text in added:
                add(added_kind, f"{noun} added at {ident}: {_quote(text)}", field=key, new=text)
            for text in removed:
                verb = "resolved" if noun == "pain point" else "removed"
                add(removed_kind, f"{noun} {verb} at {ident}: {_quote(text)}", field=key, old=text)
        if old.team != new.team:
            add("owner-changed", f"owner (team) of {ident}: {_quote(old.team)} → {_quote(new.team)}", field="team", old=old.team, new=new.team)
        if old.channel_ids != new.channel_ids:
            was, now = _text(old.channel_ids), _text(new.channel_ids)
            add("touchpoint-channel-changed", f"channel of {ident}: {_quote(was)} → {_quote(now)}", field="channel", old=was, new=now)
        if any(_collection(old.personas, new.personas)):
            everyone = "everyone"
            add("touchpoint-personas-changed", f"personas of {ident}: {_text(old.personas) or everyone} → {_text(new.personas) or everyone}", field="personas", old=_text(old.personas), new=_text(new.personas))
        sourced = ("thoughts", "fail_points", "wait_points")
        if _sources(old.pain_points) != _sources(new.pain_points) and not any(_collection(old.pain_points, new.pain_points)):
            add("touchpoint-changed", f"sources of the pain points of {ident} changed", field="pain_points.source")
        for key in ("description", "actions", "thoughts", "fail_points", "wait_points", "physical_evidence", "serves", "time", "rows", "milestone", "moment_of_truth", "end", "parallel", "events"):
            before, after = getattr(old, key), getattr(new, key)
            if key in ("actions", "thoughts", "fail_points", "wait_points", "physical_evidence", "serves"):
                if not any(_collection(before, after)):
                    if key in sourced and _sources(before) != _sources(after):
                        add("touchpoint-changed", f"sources of the {key.replace('_', ' ')} of {ident} changed", field=f"{key}.source")
                    continue
            elif before == after:
                continue
            if key == "events":
                before, after = [e.event for e in before], [e.event for e in after]
            elif key == "time":
                before, after = _timing(before), _timing(after)
            elif key == "rows":
                before, after = _rows(before), _rows(after)
            add("touchpoint-changed", f"{key.replace('_', ' ')} of {ident}: {_quote(_text(before))} → {_quote(_text(after))}", field=key, old=_text(before), new=_text(after))

    def links(self, old: Touchpoint, new: Touchpoint, add) -> None:
        before = {flow.to: flow for flow in old.next}
        after = {flow.to: flow for flow in new.next}
        for target in [f.to for f in new.next if f.to not in before]:
            add("link-added", f"link added: {old.id} → {target}", field="next", new=target)
        for target in [f.to for f in old.next if f.to not in after]:
            add("link-removed", f"link removed: {old.id} → {target}", field="next", old=target)
        for target in [f.to for f in new.next if f.to in before and before[f.to] != after[f.to]]:
            was, now = before[target], after[target]
            parts = [f"{key} {_quote(getattr(was, key))} → {_quote(getattr(now, key))}" for key in ("label", "condition") if getattr(was, key) != getattr(now, key)]
            add("link-changed", f"link {old.id} → {target}: {'; '.join(parts)}", field="next", old=target, new=target)

    def emotion(self, old: Touchpoint, new: Touchpoint, add) -> None:
        was, now = old.emotion, new.emotion
        ident = new.id
        if _feeling(was) != _feeling(now):
            if was is not None and now is not None:
                direction = "up" if now.score > was.score else "down"
                words = f"emotion at {ident} {direction} from {_feeling(was)} to {_feeling(now)}"
            else:
                words = f"emotion at {ident}: {_feeling(was)} → {_feeling(now)}"
            add("emotion-changed", words, field="emotion", old=None if was is None else _feeling(was), new=None if now is None else _feeling(now))
        elif was is not None and now is not None and was.label != now.label:
            add("emotion-changed", f"emotion at {ident} now called {_quote(now.label)} (was {_quote(was.label)})", field="emotion.label", old=was.label, new=now.label)
        if was is not None and now is not None and (was.source, was.link) != (now.source, now.link):
            add("emotion-changed", f"source of the emotion at {ident}: {_quote(was.source)} → {_quote(now.source)}", field="emotion.source", old=was.source, new=now.source)
        by_was = dict(was.by_persona) if was else {}
        by_now = dict(now.by_persona) if now else {}
        for persona in sorted(by_was.keys() | by_now.keys()):
            a, b = by_was.get(persona), by_now.get(persona)
            if _feeling(a) != _feeling(b):
                add("emotion-changed", f"emotion of {persona} at {ident}: {_feeling(a)} → {_feeling(b)}", field=f"emotion.by_persona.{persona}", old=None if a is None else _feeling(a), new=None if b is None else _feeling(b))


def _quote(text: str | None) -> str:
    return "none" if text is None else f'"{text}"'


def compare(old: Journey | Library, new: Journey | Library, imported: frozenset[str] = frozenset()) -> list[Change]:
    """What changed from ``old`` to ``new``; an empty list when they mean the same.

    ``imported`` names the personas and channels the new side takes from libraries,
    so that their changes say where they come from.
    """
    comparison = _Comparison(old, new, imported)
    if isinstance(old, Journey) and isinstance(new, Journey):
        comparison.journey_fields()
        comparison.stages()
        comparison.touchpoints()
    comparison.people_and_channels()
    return comparison.changes


def rank(kind: str) -> int:
    return _RANK.get(kind, len(KINDS))
