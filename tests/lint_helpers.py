"""Lint a journey in-process with chosen rules: "this source, these rules, problems here"."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import run, write

from journeyctl.checker import check
from journeyctl.lint import lint
from journeyctl.lint.config import build
from journeyctl.lint.registry import BY_CODE, resolve


def config_for(rules: dict[str, object], folder: Path):
    """Only these rules on: {name or code: level, or a dict of options (default level)}."""
    settings = {}
    for word, value in rules.items():
        code = resolve(word)
        assert code, f"no rule {word}"
        if isinstance(value, dict):
            settings[code] = (BY_CODE[code].level, value)
        else:
            settings[code] = (value or BY_CODE[code].level, {})
    return build(settings, None, folder, [])


def lint_text(folder: Path, text: str, rules: dict[str, object], name: str = "map.journey.yaml", files: dict[str, str] | None = None):
    """The lint problems of ``text`` as (line, column, code), with only ``rules`` on."""
    for other, content in (files or {}).items():
        write(folder, other, content)
    path = write(folder, name, text)
    report = check([str(path)])
    document = next(doc for doc in report.documents if doc.file == path.resolve())
    assert document.valid, [p.message for p in document.problems]
    return lint(document, config_for(rules, folder))


def where(problems) -> list[tuple[int, int, str]]:
    return [(p.span.line, p.span.column, p.code) for p in problems]


def lint_records(*args: str, **kwargs) -> tuple[int, list[dict]]:
    """Exit code and every problem record, lint ones included, of ``journeyctl validate --format json ARGS``."""
    result = run("validate", "--format", "json", *args, **kwargs)
    return result.returncode, json.loads(result.out)["problems"]
