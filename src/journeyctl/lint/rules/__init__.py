"""The lint rules, in one explicit list: adding a rule is a module and a line here."""

from __future__ import annotations

from journeyctl.lint.rule import Rule
from journeyctl.lint.rules import (
    backward_flow,
    conversion_without_events,
    dead_end,
    duplicate_name,
    empty_stage,
    endless_loop,
    missing_emotion,
    missing_stage,
    missing_team,
    orphan_touchpoint,
    overloaded_stage,
    pain_point_without_opportunity,
    pain_point_without_source,
    persona_without_goals_or_needs,
    unmeasured_touchpoint,
    unreachable_stage,
    unreachable_touchpoint,
    unused_channel,
    unused_persona,
)

RULES: list[Rule] = [
    Rule.from_module(module)
    for module in (
        missing_stage,
        empty_stage,
        orphan_touchpoint,
        unreachable_touchpoint,
        unreachable_stage,
        dead_end,
        unused_persona,
        unused_channel,
        pain_point_without_opportunity,
        missing_emotion,
        missing_team,
        backward_flow,
        endless_loop,
        overloaded_stage,
        persona_without_goals_or_needs,
        duplicate_name,
        conversion_without_events,
        unmeasured_touchpoint,
        pain_point_without_source,
    )
]
