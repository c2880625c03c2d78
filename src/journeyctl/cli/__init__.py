"""The command line: parse options, call one plain function, exit with its code.

Each command's options are defined in one module of this package (``COMMANDS``) and its
work lives in ``journeyctl.commands.<name>``; both are imported only when that command
runs, so ``journeyctl validate`` never loads the renderers or the other commands' options.
"""

import gc
import importlib
import os
import sys
import types

# Start-up builds tens of thousands of objects (typer's commands, pydantic's models)
# that live until the process ends and hold no garbage: the cyclic collector would
# walk them again and again while they are made (about 14 ms of a 0.2 s validate).
# It is off while this module loads, and while a command starts (see ``base.started``).
_COLLECTING = gc.isenabled()
gc.disable()

import typer  # noqa: E402

from journeyctl.cli import base  # noqa: E402
from journeyctl.cli.base import started  # noqa: E402, F401 - the commands' modules and tests use it from here too

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


def skip_pydantic_plugins() -> None:
    """No pydantic plugins in this process, and no search for them.

    pydantic looks for plugins in every installed package's metadata when it builds
    its first validator; merely importing that search loads ``importlib.metadata`` and
    the ``email`` package (about 9 ms of a 0.2 s ``validate``), even with
    ``PYDANTIC_DISABLE_PLUGINS`` set. journeyctl uses no plugin, so the command puts
    a loader that finds none in its place before pydantic is loaded
    (``tests/test_bench.py`` checks that the search stays out).
    """
    name = "pydantic.plugin._loader"
    if name not in sys.modules:
        loader = types.ModuleType(name, "journeyctl uses no pydantic plugins (journeyctl.cli).")
        loader.get_plugins = lambda: ()  # type: ignore[attr-defined]

        def real(attribute: str) -> object:
            # A pydantic release that asks the loader for more than get_plugins gets the real one;
            # the import machinery's own probes (__path__, __spec__...) are left unanswered.
            if attribute.startswith("__"):
                raise AttributeError(attribute)
            import importlib

            sys.modules.pop(name, None)
            return getattr(importlib.import_module(name), attribute)

        loader.__getattr__ = real  # type: ignore[attr-defined]  # PEP 562: names the stand-in lacks
        sys.modules[name] = loader


# Which module defines each command, in the order --help lists them.
COMMANDS = {
    "validate": "check", "rules": "check", "schema": "check",
    "render": "draw",
    "analyze": "measure",
    "diff": "lifecycle", "fmt": "lifecycle", "convert": "lifecycle", "init": "lifecycle",
}


def whole_app() -> "typer.Typer":
    """The app with every command."""
    for module in dict.fromkeys(COMMANDS.values()):
        importlib.import_module(f"journeyctl.cli.{module}")
    return base.app


def app_for(args: list[str]) -> "typer.Typer":
    """The app with only the command ``args`` name, when they start with one.

    Typer builds every registered command's options before it runs one, and defining
    them all costs as much again, so ``journeyctl validate`` would pay for the 25
    options of ``analyze`` too (about 13 ms). Only the module of the command named
    is imported, and only that command is given to typer; its options, help and
    errors are the same either way. Any other first word (an option, a typo,
    nothing) gets the whole app.
    """
    name = args[0] if args else None
    if name not in COMMANDS:
        return whole_app()
    importlib.import_module(f"journeyctl.cli.{COMMANDS[name]}")
    lean = typer.Typer(**base.APP_SETTINGS)
    lean.registered_callback = base.app.registered_callback
    lean.registered_commands = [info for info in base.app.registered_commands if info.callback.__name__ == name]
    return lean


def __getattr__(name: str) -> object:
    if name == "app":  # ``from journeyctl.cli import app``: the whole app, as tests and tools expect
        return whole_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Entry point: run the app, and turn any unexpected failure into a plain message."""
    from journeyctl import streams

    streams.guard()  # closed standard streams and full devices become plain messages (streams.py)
    skip_pydantic_plugins()
    gc.disable()  # until the command has started
    try:
        try:
            app_for(sys.argv[1:])()
        finally:
            streams.finish()
    except KeyboardInterrupt:
        sys.exit(130)
    except streams.OutputError as error:
        streams.abandon()
        if error.broken_pipe:  # the reader went away (journeyctl validate | head); nothing is left to say
            sys.exit(EXIT_OK)
        print(f"journeyctl: {error}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
    except BrokenPipeError:
        streams.abandon()
        sys.exit(EXIT_OK)
    except Exception as error:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("JOURNEYCTL_DEBUG"):
            raise
        print(
            f"journeyctl: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in journeyctl, not in your file. Set JOURNEYCTL_DEBUG=1 to see the details.",
            file=sys.stderr,
        )
        sys.exit(EXIT_INTERNAL)


if _COLLECTING:  # importing this module leaves the collector as it found it; main() starts without it
    gc.enable()
