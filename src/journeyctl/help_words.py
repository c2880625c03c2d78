"""Words in ``--help``, not Python's type names.

typer writes a parameter's annotation in the help's type column: ``<list[str]>`` for
the paths, ``<bool>`` for every flag, ``<float range>`` for a number with bounds.
That means nothing to the people who read our help. An option shows the ``metavar``
we give it (SECONDS, FILE, N); ``use_words()`` makes an argument show only its
metavar (PATH...) and a flag nothing. On a typer without these hooks it does nothing.
"""

from __future__ import annotations

import typer


def use_words() -> None:
    core = typer.core
    argument, option = getattr(core, "TyperArgument", None), getattr(core, "TyperOption", None)
    if argument is None or option is None or not hasattr(option, "display_type_rich") or getattr(option, "_journeyctl_words", False):
        return
    shown_for_option = option.display_type_rich

    def argument_type(self, ctx):
        return None

    def option_type(self, ctx):
        return None if self.is_flag else shown_for_option(self, ctx)

    argument.display_type_rich = argument_type
    option.display_type_rich = option_type
    option._journeyctl_words = True
