"""New journeys and configuration files from the presets in ``lifecycle/presets/``.

A journey preset is a journey file with a few ``${...}`` places: the schema header
line, the journey's id and title, and the persona's id and name. Each is valid and
lint-clean as written (tests/test_init.py checks every one with ``--fail-on info``),
and already in the layout ``journeyctl fmt`` writes. The stage-model presets carry the
stages of the linter's stage models (``lint/presets/stage-models.yaml``) of the same
name; ``blueprint`` is the classic stages with a step in each of the four lanes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from string import Template

from journeyctl.lint.stage_models import slug

PRESETS = {
    "classic": "The four stages of a buying journey: awareness, consideration, purchase, post-purchase.",
    "loyalty": "Awareness, consideration, decision and loyalty.",
    "advocacy": "Five stages that end in advocacy: awareness, consideration, purchase, retention, advocacy.",
    "blueprint": "A service blueprint: the classic four stages, each with the customer, frontstage, backstage and support lanes.",
}
DEFAULT_PRESET = "classic"
DEFAULT_TITLE = "A new customer journey"
DEFAULT_PERSONA = "Our first persona"
CONFIG_NAME = ".journeyctl.yaml"
SCHEMA_NAME = "journey.schema.json"
_PLAIN = re.compile(r"[A-Za-z0-9(][^:#\n\"'&*!|>%@`\\]*")
_RESERVED = {"true", "false", "null", "~", "yes", "no", "on", "off"}
MAX_ID = 64


@dataclass(frozen=True)
class Answers:
    title: str = DEFAULT_TITLE
    persona: str = DEFAULT_PERSONA
    preset: str = DEFAULT_PRESET


def _preset_text(name: str) -> str:
    return resources.files("journeyctl.lifecycle").joinpath("presets", name).read_text(encoding="utf-8")


def yaml_text(value: str) -> str:
    """``value`` as a YAML scalar that reads back as the same text: plain when it can be, else in quotes."""
    plain = _PLAIN.fullmatch(value) and value.isprintable() and value == value.strip() and value.lower() not in _RESERVED and not value.endswith(":")
    return value if plain else json.dumps(value, ensure_ascii=False)


def make_id(text: str, fallback: str) -> str:
    """An id from a name: "Maya, the busy parent" -> maya-the-busy-parent (at most 64 characters)."""
    ident = slug(text)[:MAX_ID].strip("-")
    return ident or fallback


def schema_header(folder: Path) -> tuple[str, bool]:
    """The editor's schema line for a journey in ``folder``, and whether the schema file is there.

    The nearest ``journey.schema.json`` or ``schema/journey.schema.json`` at or above the
    folder (within the repository) is named by its relative path; without one, the line
    names ``journey.schema.json`` beside the journey, which ``journeyctl schema`` writes.
    """
    folder = folder.resolve()
    for candidate in (folder, *folder.parents):
        for name in (SCHEMA_NAME, f"schema/{SCHEMA_NAME}"):
            if (candidate / name).is_file():
                relative = Path(*[".."] * len(folder.relative_to(candidate).parts), name) if candidate != folder else Path(name)
                return f"# yaml-language-server: $schema={relative.as_posix()}", True
        if (candidate / ".git").exists():
            break
    return f"# yaml-language-server: $schema={SCHEMA_NAME}", False


def journey_text(answers: Answers, header: str) -> str:
    if answers.preset not in PRESETS:
        raise ValueError(f"unknown preset {answers.preset!r}")
    template = Template(_preset_text(f"{answers.preset}.journey.yaml"))
    return template.substitute(
        header=header,
        journey_id=make_id(answers.title, "journey"),
        title=yaml_text(answers.title),
        persona_id=make_id(answers.persona, "persona"),
        persona_name=yaml_text(answers.persona),
    )


def config_text() -> str:
    return _preset_text("config.journeyctl.yaml")


def default_path(answers: Answers, folder: Path) -> Path:
    return folder / f"{make_id(answers.title, 'journey')}.journey.yaml"
