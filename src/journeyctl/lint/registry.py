"""Every code the linter can report, looked up by code or readable name.

The rules come from ``journeyctl.lint.rules.RULES``; the two suppression codes are
not rules of their own but can be given a level or switched off like one. Importing
this module registers all of them in ``journeyctl.problems`` so ``Problem.name``
knows them.
"""

from __future__ import annotations

from dataclasses import dataclass

from journeyctl.lint import suppressions
from journeyctl.lint.rule import Rule, RuleOptions
from journeyctl.lint.rules import RULES
from journeyctl.problems import Level, register


@dataclass(frozen=True)
class MetaCode:
    """A code the linter reports about suppression comments."""

    code: str
    name: str
    level: Level
    summary: str
    options: type[RuleOptions] = RuleOptions


META = [MetaCode(*suppressions.UNUSED), MetaCode(*suppressions.UNKNOWN)]
BY_CODE: dict[str, Rule | MetaCode] = {entry.code: entry for entry in [*RULES, *META]}
BY_NAME: dict[str, Rule | MetaCode] = {entry.name: entry for entry in [*RULES, *META]}

for _entry in BY_CODE.values():
    register(_entry.code, _entry.name, _entry.summary)


def resolve(word: str) -> str | None:
    """The code of a rule named by code (any case) or name; None when there is none."""
    entry = BY_CODE.get(word.upper()) or BY_NAME.get(word.lower())
    return entry.code if entry else None


def find_rule(word: str) -> Rule | MetaCode | None:
    code = resolve(word)
    return BY_CODE[code] if code else None


CONFIG_CODES = {
    "C001": ("unknown-rule", "A configuration names a lint rule that does not exist."),
    "C002": ("unknown-preset", "A configuration extends a preset that does not exist."),
    "C003": ("misspelt-table", "A pyproject.toml table looks like a misspelling of [tool.journeyctl], so its settings would be ignored."),
}
for _code, (_name, _summary) in CONFIG_CODES.items():
    register(_code, _name, _summary)
