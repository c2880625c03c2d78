"""Cross-references: duplicate ids, and ids that point at nothing.

The checks read the composed YAML data rather than the validated model, so a
file with a schema error still gets its reference problems in the same run.
Anything of the wrong shape is skipped here: the schema check reports it.

"Did you mean" compares an unknown id with every known one, which is slow on big
maps (tens of milliseconds per id among 2,000). Each file has a budget of
``SUGGESTION_BUDGET`` comparisons: an ordinary file never spends it, and a file
with thousands of unknown ids gets suggestions for the first ones only.

Beyond ids, two rules of the format that a JSON Schema cannot say live here: a
touchpoint gives ``channel`` or ``channels``, not both (S004), and a phase holds
consecutive stages in stage order, each stage in one phase at most (R005).
"""

from __future__ import annotations

from collections.abc import Iterator

from journeyctl.analytics_refs import check_tracking_plan
from journeyctl.problems import Problem, Span
from journeyctl.schema_errors import did_you_mean, short
from journeyctl.yaml_source import Mapping, Sequence

KINDS = (
    ("personas", "persona"),
    ("channels", "channel"),
    ("stages", "stage"),
    ("touchpoints", "touchpoint"),
    ("phases", "phase"),
    ("rows", "row"),
)
SUGGESTION_BUDGET = 40_000  # known ids compared with unknown ones, per file (about a second)


def items(root: Mapping, key: str) -> Iterator[Mapping]:
    seq = root.get(key)
    if isinstance(seq, Sequence):
        yield from (item for item in seq if isinstance(item, Mapping))


def next_steps(touchpoint: Mapping) -> list[tuple[object, Span]]:
    """The raw items of ``next`` with their spans: a list, or one id or mapping alone."""
    flows = touchpoint.get("next")
    if isinstance(flows, Sequence):
        return list(zip(flows, flows.item_spans))
    if flows is not None and "next" in touchpoint.value_spans:
        return [(flows, touchpoint.value_spans["next"])]
    return []


class _Checker:
    def __init__(self, root: Mapping, path: str, imported: dict[str, dict[str, str]], imports_complete: bool) -> None:
        self.root, self.path, self.imported = root, path, imported
        # When an import failed, its personas and channels are unknown here: the
        # import's own problem says why, and every use of them would only repeat it.
        self.unchecked = set() if imports_complete else {"personas", "channels"}
        self.problems: list[Problem] = []
        self.known: dict[str, set[str]] = {}
        self.sorted_known: dict[str, list[str]] = {}
        self.budget = SUGGESTION_BUDGET

    def add(self, span: Span, code: str, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.path, span, code, message, hint=hint))

    def collect_ids(self) -> None:
        for key, noun in KINDS:
            seen: dict[str, Span] = {}
            outside = self.imported.get(key, {})
            for item in items(self.root, key):
                ident = item.get("id")
                if not isinstance(ident, str):
                    continue
                span = item.value_spans["id"]
                if ident in seen:
                    self.add(span, "R002", f'the {noun} id "{short(ident)}" is used twice (first on line {seen[ident].line})', "Give each one an id of its own.")
                elif ident in outside:
                    self.add(span, "R002", f'the {noun} id "{short(ident)}" is also imported from {outside[ident]}', f"Rename this {noun}, or leave it out of the import.")
                else:
                    seen[ident] = span
            self.known[key] = set(seen) | set(outside)

    def ref_key(self, holder: Mapping, key: str, kind: str, where: str) -> None:
        self.ref(holder.get(key), holder.value_spans.get(key), kind, where)

    def ref_list(self, holder: Mapping, key: str, kind: str, where: str) -> None:
        """Each id of the list ``key`` (or the one id written alone) must name a known ``kind``."""
        value = holder.get(key)
        if isinstance(value, Sequence):
            for item, span in zip(value, value.item_spans):
                self.ref(item, span, kind, where)
        else:
            self.ref_key(holder, key, kind, where)

    def ref(self, value: object, span: Span | None, kind: str, where: str) -> None:
        """Report ``value`` when it names no known ``kind``."""
        if not isinstance(value, str) or value in self.known[kind] or span is None or kind in self.unchecked:
            return
        noun = dict(KINDS)[kind]
        known = self.sorted_known.get(kind)
        if known is None:
            known = self.sorted_known[kind] = sorted(self.known[kind])
        hint = None
        if len(known) <= self.budget:
            self.budget -= len(known)
            hint = did_you_mean(value, known)
        if hint is None and known:
            hint = f"Known {kind}: {', '.join(known)}." if len(known) <= 12 else None
        elif hint is None:
            hint = f"No {kind} are defined."
        self.add(span, "R001", f'unknown {noun} "{short(value)}" in {where}', hint)

    def check(self) -> list[Problem]:
        self.collect_ids()
        root = self.root
        self.ref_list(root, "entry", "touchpoints", "the journey's entry")
        for touchpoint in items(root, "touchpoints"):
            ident = touchpoint.get("id")
            where = f'the touchpoint "{short(ident)}"' if isinstance(ident, str) else "a touchpoint"
            self.ref_key(touchpoint, "stage", "stages", where)
            self.ref_key(touchpoint, "channel", "channels", where)
            self.ref_list(touchpoint, "channels", "channels", where)
            if touchpoint.get("channel") is not None and touchpoint.get("channels") is not None:
                self.add(
                    touchpoint.key_spans["channels"], "S004", f"{where} has both channel and channels",
                    "Keep one: channel for one channel, channels for a list of them (put the channel in it).",
                )
            personas = touchpoint.get("personas")
            if isinstance(personas, Sequence):
                for value, span in zip(personas, personas.item_spans):
                    self.ref(value, span, "personas", where)
            emotion = touchpoint.get("emotion")
            by_persona = emotion.get("by_persona") if isinstance(emotion, Mapping) else None
            if isinstance(by_persona, Mapping):
                for value in by_persona:
                    self.ref(value, by_persona.key_spans[value], "personas", f"the emotion of {where}")
            for flow, span in next_steps(touchpoint):
                if isinstance(flow, Mapping):
                    self.ref_key(flow, "to", "touchpoints", f"the next steps of {where}")
                else:
                    self.ref(flow, span, "touchpoints", f"the next steps of {where}")
            self.ref_list(touchpoint, "serves", "touchpoints", f"the steps {where} serves")
            rows = touchpoint.get("rows")
            if isinstance(rows, Mapping):
                for row in rows:
                    self.ref(row, rows.key_spans[row], "rows", f"the rows of {where}")
        for number, initiative in enumerate(items(root, "opportunities"), 1):
            title = initiative.get("title")
            named = f'"{short(title)}"' if isinstance(title, str) else f"number {number}"
            self.ref_list(initiative, "touchpoints", "touchpoints", f"the journey's opportunity {named}")
        self.check_phases()
        self.problems.extend(check_tracking_plan(root, self.path, self.known["touchpoints"]))
        return self.problems

    def check_phases(self) -> None:
        """Each phase names known stages, consecutive and in stage order; a stage is in one phase at most."""
        position: dict[str, int] = {}
        order: list[str] = []
        for stage in items(self.root, "stages"):
            ident = stage.get("id")
            if isinstance(ident, str) and ident not in position:
                position[ident] = len(order)
                order.append(ident)
        owner: dict[str, tuple[str, int]] = {}  # stage id -> (phase, line)
        for phase in items(self.root, "phases"):
            ident = phase.get("id")
            name = f'the phase "{short(ident)}"' if isinstance(ident, str) else "a phase"
            self.ref_list(phase, "stages", "stages", name)
            stages = phase.get("stages")
            if not isinstance(stages, Sequence):
                continue
            previous: str | None = None
            for stage, span in zip(stages, stages.item_spans):
                if not isinstance(stage, str) or stage not in position:
                    continue
                if stage in owner:
                    first, line = owner[stage]
                    self.add(span, "R005", f'the stage "{short(stage)}" is in two phases: {first} (line {line}) and {name}', "A stage belongs to one phase at most: remove it from one of them.")
                    continue
                owner[stage] = (name, span.line)
                if previous is not None and position[stage] <= position[previous]:
                    self.add(span, "R005", f'in {name}, the stage "{short(stage)}" comes before "{short(previous)}" in the stages', f'List the stages of a phase in stage order: "{short(stage)}" first.')
                elif previous is not None and position[stage] > position[previous] + 1:
                    skipped = order[position[previous] + 1]
                    self.add(span, "R005", f'{name} skips the stage "{short(skipped)}" between "{short(previous)}" and "{short(stage)}"', f'A phase holds consecutive stages: add "{short(skipped)}" to it, or end the phase before it.')
                previous = stage


def check_references(root: Mapping, path: str, imported: dict[str, dict[str, str]], *, imports_complete: bool = True) -> list[Problem]:
    """Problems with ids in ``root``; ``imported`` maps "personas"/"channels" to {id: source path}.

    With ``imports_complete`` false (an import failed), persona and channel ids are not checked.
    """
    return _Checker(root, path, imported, imports_complete).check()
