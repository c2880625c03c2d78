"""What a lint rule is: a code, a readable name, a default level, typed options and a check.

Each rule lives in a module of its own under ``journeyctl.lint.rules`` (the yamllint
shape). The module's docstring is the rule's documentation: ``journeyctl rules CODE``
prints it, ``docs/rules.md`` is generated from it, and the tests run the YAML examples
it holds. A module defines::

    CODE = "L001"                 # stable: configuration and suppressions use it
    NAME = "missing-stage"        # readable, accepted wherever the code is
    LEVEL = "warning"             # the default level
    class Options(RuleOptions):   # typed options with defaults (optional)
        ...
    def check(view, options):     # yields Finding(span, message, hint)
        ...

Examples in the docstring are fenced blocks whose info string says what they are:
```` ```yaml passing ````, ```` ```yaml failing ```` and, for options the examples
need, ```` ```yaml options ````.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from journeyctl.problems import Level, Span

if TYPE_CHECKING:
    from journeyctl.lint.view import MapView


class RuleOptions(BaseModel):
    """The options of a rule; each field has a default and a description.

    Built on first use: a run whose configuration gives a rule no options takes its
    defaults (``defaults``) without ever building the rule's validator.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @classmethod
    def defaults(cls) -> "RuleOptions":
        """The options with every field at its default: what validating ``{}`` gives."""
        made = _DEFAULTS.get(cls)
        if made is None:
            made = _DEFAULTS[cls] = cls.model_construct()
        return made


_DEFAULTS: dict[type[RuleOptions], RuleOptions] = {}


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found, before the configuration gives it a level."""

    span: Span
    message: str
    hint: str | None = None


_FENCE = re.compile(r"^```yaml (passing|failing|options)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    level: Level
    options: type[RuleOptions]
    check: Callable[[MapView, RuleOptions], Iterator[Finding]]
    doc: str
    kinds: tuple[str, ...]

    @classmethod
    def from_module(cls, module: ModuleType) -> Rule:
        return cls(
            code=module.CODE,
            name=module.NAME,
            level=module.LEVEL,
            options=getattr(module, "Options", RuleOptions),
            check=module.check,
            doc=_dedent(module.__doc__ or ""),
            kinds=getattr(module, "KINDS", ("journey",)),
        )

    @property
    def summary(self) -> str:
        """The first sentence of the docs: what the rule finds."""
        return self.doc.split("\n\n", 1)[0].replace("\n", " ").strip()

    def examples(self, kind: str) -> list[str]:
        """The YAML of the docstring's ``passing``, ``failing`` or ``options`` blocks."""
        return [body for what, body in _FENCE.findall(self.doc) if what == kind]

    def markdown(self) -> str:
        """The docstring as Markdown: example fences become plain YAML fences under a heading."""
        text = _INLINE.sub(r"`\1`", self.doc)
        return _FENCE.sub(lambda m: f"*{_TITLES[m.group(1)]}:*\n\n```yaml\n{m.group(2)}```", text)

    def text(self) -> str:
        """The docstring for a terminal: examples indented under a heading."""
        text = _INLINE.sub(r"\1", self.doc)

        def block(match: re.Match) -> str:
            body = "".join(f"    {line}\n" if line else "\n" for line in match.group(2).splitlines())
            return f"{_TITLES[match.group(1)]}:\n\n{body}".rstrip("\n")

        return _FENCE.sub(block, text)


_INLINE = re.compile(r"(?<!`)``([^`\n]+)``(?!`)")
_TITLES = {"passing": "Passing example", "failing": "Failing example", "options": "With these options"}

def _dedent(text: str) -> str:
    lines = text.strip("\n").splitlines()
    if not lines:
        return ""
    indents = [len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()]
    cut = min(indents, default=0)
    return "\n".join([lines[0].strip(), *(line[cut:] for line in lines[1:])]).rstrip() + "\n"
