"""``journeyctl init``: start a journey (or a configuration file) from a preset.

On a terminal, what the options do not say is asked (title, persona, stage model);
elsewhere the defaults apply, so scripts never wait for an answer. An existing file
is never replaced.

Exit codes: 0 written, 2 usage error, the file exists already, or it cannot be written.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from journeyctl import atomic
from journeyctl.lifecycle.init import (
    CONFIG_NAME,
    DEFAULT_PERSONA,
    DEFAULT_PRESET,
    DEFAULT_TITLE,
    PRESETS,
    SCHEMA_NAME,
    Answers,
    config_text,
    default_path,
    journey_text,
    schema_header,
)
from journeyctl.model import _VISIBLE


def _say(message: str) -> None:
    print(f"journeyctl: {message}", file=sys.stderr)


def _ask(title: str | None, persona: str | None, preset: str | None) -> Answers:
    """The answers: the options given, then questions on a terminal, then the defaults."""
    if sys.stdin.isatty() and (title is None or persona is None or preset is None):
        import typer

        if title is None:
            title = typer.prompt("Title of the journey", default=DEFAULT_TITLE)
        if persona is None:
            persona = typer.prompt("Who takes it (a persona's name)", default=DEFAULT_PERSONA)
        if preset is None:
            typer.echo("Stage models:")
            for name, description in PRESETS.items():
                typer.echo(f"  {name:<10} {description}")
            while True:
                preset = typer.prompt("Stage model", default=DEFAULT_PRESET).strip()
                if preset in PRESETS:
                    break
                typer.echo(f'"{preset}" is not one of {", ".join(PRESETS)}.')
    return Answers(title=(title if title is not None else DEFAULT_TITLE).strip(), persona=(persona if persona is not None else DEFAULT_PERSONA).strip(), preset=preset or DEFAULT_PRESET)


def _write_new(path: Path, text: str) -> int:
    if path.exists() or path.is_symlink():
        _say(f"{path} already exists; init never replaces a file: give another name, or move the file away")
        return 2
    try:
        atomic.write_text(path, text)
    except OSError as error:
        _say(str(atomic.plain(error, path)))
        return 2
    print(path)
    return 0


def _target(path: str | None, default: Path) -> Path:
    if path is None:
        return default
    chosen = Path(path)
    folder = chosen.is_dir() or path.endswith(("/", os.sep))  # maps/ names a folder, made when missing
    return chosen / default.name if folder else chosen


def run(path: str | None, *, title: str | None = None, preset: str | None = None, persona: str | None = None, config: bool = False) -> int:
    if config:
        if title is not None or preset is not None or persona is not None:
            _say("init --config writes a configuration file; --title, --preset and --persona are for a new journey")
            return 2
        target = _target(path, Path(CONFIG_NAME))
        return _write_new(target, config_text())
    answers = _ask(title, persona, preset)
    for what, value in (("title", answers.title), ("persona", answers.persona)):
        if not _VISIBLE.search(value):
            _say(f"the {what} is blank; write a few words")
            return 2
    if answers.preset not in PRESETS:
        _say(f'there is no preset "{answers.preset}"; choose one of {", ".join(PRESETS)}')
        return 2
    target = _target(path, default_path(answers, Path(".")))
    header, schema_found = schema_header(target.parent)
    code = _write_new(target, journey_text(answers, header))
    if code == 0:
        folder = os.path.dirname(str(target))
        hint = f"Next: replace the placeholder texts in {target}, then run journeyctl validate {target}."
        if not schema_found:
            hint += f" For completion in your editor: journeyctl schema -o {os.path.join(folder, SCHEMA_NAME)}"
        print(hint, file=sys.stderr)
    return code
