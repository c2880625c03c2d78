"""What a rule looks at: one checked file, with its model, its raw YAML and a flow graph.

The model says what the map means; the raw YAML (``data``) says where each thing is
written, so a finding points at the right line and column. The model's lists and the
file's own lists line up index for index; imported personas and channels come from
library files, and their findings point at the import that brought them in.
"""

from __future__ import annotations

from functools import cached_property

from journeyctl.lint.graph import FlowGraph
from journeyctl.locate import locate
from journeyctl.model import Channel, Journey, Library, Persona
from journeyctl.problems import Span
from journeyctl.yaml_source import Mapping, Sequence


class MapView:
    def __init__(self, path: str, data: Mapping, model: Journey | Library, personas: list[Persona], channels: list[Channel]) -> None:
        self.path = path
        self.data = data
        self.model = model
        self.kind = "library" if isinstance(model, Library) else "journey"
        # Own items are the file's; the merged lists start with the imported ones.
        self.own_personas = list(model.personas)
        self.own_channels = list(model.channels)
        own_persona_ids = {p.id for p in self.own_personas}
        own_channel_ids = {c.id for c in self.own_channels}
        self.imported_personas = [p for p in personas if p.id not in own_persona_ids]
        self.imported_channels = [c for c in channels if c.id not in own_channel_ids]

    @property
    def journey(self) -> Journey:
        assert isinstance(self.model, Journey)
        return self.model

    def span(self, *loc: str | int, target: str = "value") -> Span:
        return locate(self.data, loc, target)  # type: ignore[arg-type]

    def item_span(self, key: str, index: int) -> Span:
        """Where an item of a list (a stage, a touchpoint, a persona) is named: its id."""
        return self.span(key, index, "id")

    @cached_property
    def graph(self) -> FlowGraph:
        return FlowGraph(self.journey)

    @cached_property
    def stage_index(self) -> dict[str, int]:
        return {stage.id: index for index, stage in enumerate(self.journey.stages)}

    def import_span(self, key: str, ident: str) -> tuple[Span, bool] | None:
        """Where ``ident`` (a persona or channel) is imported, and whether it is named there.

        An import that names its ``personas``/``channels`` points at the id in that list;
        one that takes the whole library points at its ``path``.
        """
        imports = self.data.get("imports")
        if not isinstance(imports, Sequence):
            return None
        whole: Span | None = None
        for entry in imports:
            if not isinstance(entry, Mapping):
                continue
            chosen = entry.get(key)
            if isinstance(chosen, Sequence):
                for value, span in zip(chosen, chosen.item_spans):
                    if value == ident:
                        return span, True
            elif whole is None and "path" in entry.value_spans:
                whole = entry.value_spans["path"]
        return (whole, False) if whole else None
