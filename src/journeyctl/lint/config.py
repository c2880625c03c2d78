"""Lint configuration: a preset to start from, rule levels and options, paths to skip.

    # .journeyctl.yaml
    extends: recommended          # or strict; without extends, recommended
    ignore:
      - drafts/**                 # globs, relative to this file's folder
    rules:
      missing-team: off           # a level: error, warning, info or off
      L014:                       # a code works as well as a name
        level: warning
        max_touchpoints: 30       # the rule's options
      missing-stage:
        model: advocacy

Presets are plain YAML files in ``journeyctl/lint/presets``; a rule a preset leaves out
is off. Problems in a configuration file are reported at their line and column, like
problems in a journey, and the linter goes on with what it could read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from journeyctl.lint import config_files
from journeyctl.lint.registry import BY_CODE, BY_NAME, resolve
from journeyctl.lint.rule import RuleOptions
from journeyctl.model.values import new_dict, new_list
from journeyctl.problems import Level, Problem, Span
from journeyctl.schema_errors import did_you_mean, problems_from
from journeyctl.sources import display
from journeyctl.yaml_source import Mapping, compose

PRESETS = ("recommended", "strict")
DEFAULT_PRESET = "recommended"
LEVEL_WORDS = ("error", "warning", "info", "off")
# The shipped presets, read as files next to this module: importlib.resources would load
# zipfile and its readers (about 2 ms of every start) for a package that is never zipped.
PRESETS_FOLDER = Path(__file__).parent / "presets"


class ConfigFile(BaseModel):
    """The keys of a configuration file (their values are checked in detail below)."""

    model_config = ConfigDict(extra="forbid", defer_build=True)  # built when a configuration file is read
    extends: str | list[str] | None = Field(None, description="A preset to start from: recommended or strict.")
    ignore: list[str] = Field(default_factory=new_list, description="Globs of journey files not to lint, relative to the configuration file.")
    rules: dict[str, object] = Field(default_factory=new_dict, description="Rule code or name -> level, or a mapping of level and options.")


@dataclass
class Config:
    """The configuration one journey file is linted with."""

    source: str | None  # the file it was read from; None for the built-in default
    folder: Path
    levels: dict[str, Level] = field(default_factory=dict)  # code -> level, for the rules that are on
    options: dict[str, RuleOptions] = field(default_factory=dict)
    ignore: list[str] = field(default_factory=list)

    def ignores(self, file: Path | None) -> bool:
        if file is None or not self.ignore:
            return False
        try:
            relative = file.resolve().relative_to(self.folder.resolve()).as_posix()
        except ValueError:
            return False
        return any(glob_regex(pattern).fullmatch(relative) for pattern in self.ignore)


@cache
def glob_regex(pattern: str) -> re.Pattern[str]:
    """A path glob as a regex: ``**`` spans folders, ``*`` and ``?`` stay within one.

    A pattern without a slash matches a file name in any folder (``*.draft.journey.yaml``);
    a pattern ending in a slash matches everything under that folder.
    """
    pattern = pattern.strip().removeprefix("./")
    if pattern.endswith("/"):
        pattern += "**"
    anywhere = "/" not in pattern
    out = ["(?:.*/)?" if anywhere else ""]
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


Settings = dict[str, tuple[str, dict]]  # code -> (level word, raw options)


@cache
def preset_settings(name: str) -> tuple[tuple[str, str, tuple], ...]:
    """A shipped preset, resolved through its own ``extends`` (frozen for the cache)."""
    text = (PRESETS_FOLDER / f"{name}.yaml").read_text(encoding="utf-8")
    data, problems = compose(text, f"{name}.yaml")
    reader = _Reader(f"<preset {name}>")
    settings = reader.settings(data)
    if problems or reader.problems:  # pragma: no cover - the presets are tested
        raise RuntimeError(f"the preset {name} is broken: {[p.message for p in problems + reader.problems]}")
    return tuple((code, level, tuple(options.items())) for code, (level, options) in settings.items())


def _preset(name: str) -> Settings:
    return {code: (level, dict(options)) for code, level, options in preset_settings(name)}


class _Reader:
    """Reads one configuration mapping into settings, collecting its problems."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.ignore: list[str] = []
        self.rule_spans: dict[str, Span] = {}

    def add(self, span: Span, code: str, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(self.path, span, code, message, hint=hint))

    def settings(self, data: object) -> Settings:
        if data is None:
            return _preset(DEFAULT_PRESET) if not self.path.startswith("<preset") else {}
        if not isinstance(data, Mapping):
            self.add(getattr(data, "span", Span.point(1, 1)), "S003", "the configuration should be a mapping of keys such as extends, ignore and rules")
            return _preset(DEFAULT_PRESET)
        try:
            ConfigFile.model_validate(data)
        except ValidationError as error:
            for problem in problems_from(error, ConfigFile, data, self.path):
                self.problems.append(Problem(problem.path, problem.span, problem.code, problem.message.replace("the journey", "the configuration"), problem.level, problem.hint))
        base: Settings = {}
        extended = False
        for name, span in self._extends(data):
            if name not in PRESETS:
                self.add(span, "C002", f'there is no preset "{name}"', did_you_mean(name, PRESETS) or f"Presets: {', '.join(PRESETS)}.")
            else:
                base.update(_preset(name))
                extended = True
        if not extended and not self.path.startswith("<preset"):
            base = _preset(DEFAULT_PRESET)  # no extends, or none that exists
        ignore = data.get("ignore")
        if isinstance(ignore, list):
            self.ignore = [item for item in ignore if isinstance(item, str)]
        rules = data.get("rules")
        if isinstance(rules, Mapping):
            for key, value in rules.items():
                self._rule(base, key, value, rules.key_spans[key], rules.value_spans[key])
        return base

    def _extends(self, data: Mapping) -> list[tuple[str, Span]]:
        value, span = data.get("extends"), data.value_spans.get("extends")
        if isinstance(value, str) and span:
            return [(value, span)]
        if isinstance(value, list):
            return [(item, item_span) for item, item_span in zip(value, value.item_spans) if isinstance(item, str)]
        return []

    def _rule(self, base: Settings, key: str, value: object, key_span: Span, value_span: Span) -> None:
        code = resolve(key)
        if code is None:
            hint = did_you_mean(key, [*BY_NAME, *BY_CODE]) or "Run journeyctl rules for the list."
            self.add(key_span, "C001", f'there is no lint rule "{key}"', hint)
            return
        entry = BY_CODE[code]
        level, options = base.get(code, ("off", {}))
        options = dict(options)
        if isinstance(value, str):
            level = self._level(value, value_span, entry.name) or level
        elif isinstance(value, Mapping):
            if "level" in value:
                raw = value["level"]
                level = (self._level(raw, value.value_spans["level"], entry.name) if isinstance(raw, str) else None) or level
                if not isinstance(raw, str):
                    self.add(value.value_spans["level"], "S003", f'the level of "{entry.name}" should be error, warning, info or off')
            elif level == "off":
                level = entry.level  # giving options switches a rule on at its default level
            given = Mapping(value.span)
            for name, item in value.items():
                if name != "level":
                    given[name] = item
                    given.key_spans[name] = value.key_spans[name]
                    given.value_spans[name] = value.value_spans[name]
            try:
                entry.options.model_validate(given)
            except ValidationError as error:
                for problem in problems_from(error, entry.options, given, self.path):
                    message = problem.message.replace("the journey", f'the rule "{entry.name}"')
                    self.problems.append(Problem(problem.path, problem.span, problem.code, message, problem.level, problem.hint))
                return
            options.update(given)
        else:
            self.add(value_span, "S003", f'"{entry.name}" should be a level (error, warning, info, off) or a mapping with level and options')
            return
        self.rule_spans[code] = key_span
        base[code] = (level, options)

    def _level(self, word: str, span: Span, rule: str) -> str | None:
        if word.lower() in LEVEL_WORDS:
            return word.lower()
        self.add(span, "S004", f'"{word}" is not a level for "{rule}"', did_you_mean(word, LEVEL_WORDS) or "Levels: error, warning, info, off.")
        return None


def build(settings: Settings, source: str | None, folder: Path, ignore: list[str], reader: _Reader | None = None) -> Config:
    config = Config(source, folder, ignore=ignore)
    for code, (level, raw) in settings.items():
        if level == "off":
            continue
        entry = BY_CODE[code]
        try:
            options = entry.options.model_validate(raw) if raw else entry.options.defaults()
        except ValidationError as error:  # options fine on their own, wrong together with a preset's
            if reader is not None:
                reader.add(reader.rule_spans.get(code, Span.point(1, 1)), "S004", f'the options of "{entry.name}" do not fit together: {error.errors()[0]["msg"]}')
            continue
        config.levels[code] = level  # type: ignore[assignment]
        config.options[code] = options
    return config


def default_config(folder: Path) -> Config:
    return build(_preset(DEFAULT_PRESET), None, folder, [])


@dataclass
class Loaded:
    config: Config
    text: str | None
    problems: list[Problem]


def load(path: Path) -> Loaded:
    """Read one configuration file; its problems come back with it."""
    shown = display(path)
    text, data, problems = config_files.read(path, shown)
    reader = _Reader(shown)
    settings = reader.settings(data) if not problems else _preset(DEFAULT_PRESET)
    config = build(settings, shown, path.parent, reader.ignore, reader)
    return Loaded(config, text, problems + reader.problems)
