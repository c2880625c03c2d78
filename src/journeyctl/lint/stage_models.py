"""The stage models the missing-stage rule knows, read from presets/stage-models.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml


@dataclass(frozen=True)
class ModelStage:
    id: str
    aliases: frozenset[str]

    @property
    def names(self) -> frozenset[str]:
        return self.aliases | {self.id}


@dataclass(frozen=True)
class StageModel:
    name: str
    description: str
    stages: tuple[ModelStage, ...]


def slug(text: str) -> str:
    """Text written as an id: "Post purchase" and "post_purchase" both become post-purchase."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@cache
def stage_models() -> dict[str, StageModel]:
    text = (Path(__file__).parent / "presets" / "stage-models.yaml").read_text(encoding="utf-8")  # a file, as config.PRESETS_FOLDER
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {
        name: StageModel(
            name,
            entry["description"],
            tuple(ModelStage(slug(s["id"]), frozenset(slug(a) for a in s["aliases"])) for s in entry["stages"]),
        )
        for name, entry in data.items()
    }


@cache
def known_aliases() -> dict[str, frozenset[str]]:
    """Every alias the shipped models give a stage id, for custom stage lists."""
    found: dict[str, set[str]] = {}
    for model in stage_models().values():
        for stage in model.stages:
            found.setdefault(stage.id, set()).update(stage.aliases)
    return {ident: frozenset(aliases) for ident, aliases in found.items()}
