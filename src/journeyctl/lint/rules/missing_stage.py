"""A stage of the journey's stage model is missing.

Most teams map journeys against one stage model, such as awareness, consideration,
purchase and post-purchase. A map without one of those stages has a blind spot:
nobody looks at what customers go through there. Stages are matched by id and by
name, and by common aliases ("buy" and "checkout" are the purchase stage,
"retention" and "loyalty" the post-purchase stage).

With ``model: auto`` (the default) the rule picks the shipped model the journey's
stages follow most closely and speaks up only when the journey lacks just one of
its stages (``auto_max_missing``): a map with stage names of its own is left alone. Name a model
(``classic``, ``loyalty``, ``advocacy``) to require all of its stages, or list your
own in ``stages``. The problem points at the stage the missing one should come before
(or after, when it is the last).

```yaml options
model: classic
```

```yaml passing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: awareness, name: Awareness}
  - {id: consideration, name: Consideration}
  - {id: buy, name: Buy}
  - {id: post-purchase, name: Post-purchase}
```

```yaml failing
version: 1
id: shop
title: Buying a lamp
stages:
  - {id: awareness, name: Awareness}
  - {id: consideration, name: Consideration}
  - {id: post-purchase, name: Post-purchase}
```
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from journeyctl.lint.rule import Finding, RuleOptions
from journeyctl.lint.stage_models import ModelStage, known_aliases, slug, stage_models
from journeyctl.model.values import new_dict, new_list

CODE = "L001"
NAME = "missing-stage"
LEVEL = "warning"


class Options(RuleOptions):
    model: Literal["auto", "classic", "loyalty", "advocacy", "custom"] = Field(
        "auto",
        description="auto (the closest shipped model, only when the journey nearly follows it), classic (awareness, consideration, purchase, post-purchase), loyalty (awareness, consideration, decision, loyalty), advocacy (awareness, consideration, purchase, retention, advocacy), or custom (the stages option).",
    )
    stages: list[str] = Field(default_factory=new_list, description="Your own required stage ids, in order; setting them implies model: custom.")
    aliases: dict[str, list[str]] = Field(default_factory=new_dict, description="More names for a required stage: {purchase: [kaufen, order-now]}.")
    auto_max_missing: int = Field(1, ge=1, le=3, description="With model: auto, the most missing stages still reported (more means the journey follows another model).")

    @field_validator("stages")
    @classmethod
    def _ids(cls, stages: list[str]) -> list[str]:
        return [slug(stage) for stage in stages]


def required(options: Options) -> list[tuple[str, tuple[ModelStage, ...]]]:
    """The candidate models: (name, stages) with the options' aliases added."""
    extra = {slug(k): frozenset(slug(a) for a in v) for k, v in options.aliases.items()}

    def widen(stage: ModelStage) -> ModelStage:
        return ModelStage(stage.id, stage.aliases | extra.get(stage.id, frozenset()))

    if options.stages:
        common = known_aliases()
        return [("custom", tuple(widen(ModelStage(s, common.get(s, frozenset()))) for s in options.stages))]
    models = stage_models()
    names = list(models) if options.model == "auto" else [options.model] if options.model in models else []
    return [(name, tuple(widen(stage) for stage in models[name].stages)) for name in names]


def match(view_stages, model: tuple[ModelStage, ...]) -> dict[int, int]:
    """Model stage index -> index of the journey stage that plays its part."""
    found: dict[int, int] = {}
    taken: set[int] = set()
    for model_index, stage in enumerate(model):
        for index, journey_stage in enumerate(view_stages):
            if index not in taken and (slug(journey_stage.id) in stage.names or slug(journey_stage.name) in stage.names):
                found[model_index] = index
                taken.add(index)
                break
    return found


def check(view, options: Options):
    stages = view.journey.stages
    candidates = [(name, model, match(stages, model)) for name, model in required(options)]
    if not candidates:
        return
    name, model, found = max(candidates, key=lambda c: (len(c[2]), -len(c[1])))
    missing = [i for i in range(len(model)) if i not in found]
    if not missing:
        return
    if options.model == "auto" and not options.stages and (len(missing) > options.auto_max_missing or len(found) < 2):
        return
    order = " → ".join(stage.id for stage in model)
    for model_index in missing:
        after = [found[i] for i in range(model_index + 1, len(model)) if i in found]
        before = [found[i] for i in range(model_index) if i in found]
        wanted = model[model_index].id
        if after:
            span, hint = view.item_span("stages", after[0]), f'Add a stage "{wanted}" before "{stages[after[0]].id}".'
        elif before:
            span, hint = view.item_span("stages", before[-1]), f'Add a stage "{wanted}" after "{stages[before[-1]].id}".'
        else:
            span, hint = view.span("stages", target="key"), f'Add a stage "{wanted}".'
        yield Finding(span, f'the journey has no "{wanted}" stage (stage model {name}: {order})', hint + " Or choose another stage model in .journeyctl.yaml.")
