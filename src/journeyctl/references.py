"""Cross-references: duplicate ids, and ids that point at nothing.

The checks read the composed YAML data rather than the validated model, so a
file with a schema error still gets its reference problems in the same run.
Anything of the wrong shape is skipped here: the schema check reports it.

"Did you mean" compares an unknown id with every known one, which is slow on big
maps (tens of milliseconds per id among 2,000). Each file has a budget of
``SUGGESTION_BUDGET`` comparisons: an ordinary file never spends it, and a file
with thousands of unknown ids gets suggestions for the first ones only.
"""

from __future__ import annotations

from collections.abc import Iterator

from journeyctl.analytics_refs import check_tracking_plan
from journeyctl.problems import Problem, Span
from journeyctl.schema_errors import did_you_mean, short
from journeyctl.yaml_source import Mapping, Sequence

KINDS = (("personas", "persona"), ("channels", "channel"), ("stages", "stage"), ("touchpoints", "touchpoint"))
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
        self.ref_key(root, "entry", "touchpoints", "the journey's entry")
        for touchpoint in items(root, "touchpoints"):
            ident = touchpoint.get("id")
            where = f'the touchpoint "{short(ident)}"' if isinstance(ident, str) else "a touchpoint"
            self.ref_key(touchpoint, "stage", "stages", where)
            self.ref_key(touchpoint, "channel", "channels", where)
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
        self.problems.extend(check_tracking_plan(root, self.path, self.known["touchpoints"]))
        return self.problems


def check_references(root: Mapping, path: str, imported: dict[str, dict[str, str]], *, imports_complete: bool = True) -> list[Problem]:
    """Problems with ids in ``root``; ``imported`` maps "personas"/"channels" to {id: source path}.

    With ``imports_complete`` false (an import failed), persona and channel ids are not checked.
    """
    return _Checker(root, path, imported, imports_complete).check()
