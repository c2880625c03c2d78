"""The template machinery of the HTML pages: Jinja's environments, the built-in templates' compiled
code kept between runs, and rendering within bounds, with messages for people.

``environment()`` is the autoescaping environment of the built-in templates
(``TrustedEnvironment``, no per-access sandbox checks, each printed value escaped in one
call); ``environment(folder)`` the sandboxed, bounded one of a folder of the user's
templates (``journeyctl.render.sandbox``). ``render_template`` renders within the time
and size bounds and turns whatever goes wrong into ``TemplateError``. Its names are
also ``journeyctl.render.html``'s, which imports this module only when a page is
drawn (see ``html._built``).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemBytecodeCache, FileSystemLoader, PrefixLoader, StrictUndefined, TemplateError as JinjaError
from jinja2.compiler import CodeGenerator
from markupsafe import Markup, escape

try:
    from markupsafe import _escape_inner  # MarkupSafe 3: the escaping alone, without making a Markup
except ImportError:  # pragma: no cover - MarkupSafe 2
    _escape_inner = escape

from journeyctl.model.strict import Extensions
from journeyctl.render.html import PAGE_TEMPLATE, TemplateError
from journeyctl.render.sandbox import BoundedEnvironment, TemplateLimit, bound_filters, render_bounded, where

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def default_templates() -> Path:
    """The default templates: the packaged copy, or the checkout's templates/ folder."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "templates", package.parent.parent / "templates"):
        if (candidate / PAGE_TEMPLATE).is_file():
            return candidate
    raise TemplateError(  # pragma: no cover - a broken installation
        f"the default templates are missing from this installation (looked in {package / 'templates'}); reinstall journeyctl"
    )


def _finalize(value: object) -> object:
    """Runs on every value a template prints: text loses control characters; markup passes."""
    if isinstance(value, Markup) or not isinstance(value, str):
        return "" if value is None else value
    if type(value) is str and value.isprintable():  # no character _CONTROL removes is printable: most values skip the search
        return value
    return _CONTROL.sub("", value)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _number(value: float) -> str:
    """A coordinate for SVG: at most one decimal, no trailing zero."""
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text


class _Undefined(StrictUndefined):
    """Jinja's strict undefined, which says in plain words that a part has no such ``x-`` key."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        data, key = self._undefined_obj, self._undefined_name
        if isinstance(data, Extensions) and isinstance(key, str) and not self._undefined_hint:
            part = getattr(data, "part", None) or "this part of the journey"
            return f'{part} has no {key}; write extensions.get("{key}") to allow it to be missing, or ask first with "{key}" in extensions'
        return super()._undefined_message


class _Outside(JinjaError):
    """A template file that is a symbolic link leading out of its template folder."""


class ContainedLoader(FileSystemLoader):
    """A ``FileSystemLoader`` that serves only files inside its folder, links resolved."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder), encoding="utf-8")
        self.root = folder.resolve()

    def get_source(self, environment, template):  # noqa: ANN001 - Jinja's signature
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(os.path.realpath(filename)).is_relative_to(self.root):
            raise _Outside(f"template {template}: it is a link to a file outside the template folder {self.root}; copy the file into the folder instead")
        return source, filename, uptodate


def _printed(value: object) -> str:
    """What ``{{ value }}`` prints in a built-in template, in one call: ``escape(_finalize(value))``.

    Jinja compiles a printed value to ``escape(environment.finalize(value))``: two calls
    and a ``Markup`` made for each of the 30,000 values of a big page. Plain text, the
    commonest value, takes the short way here (the same characters: control characters
    dropped, then escaped), and markup (a macro's output) passes as it is; anything else
    takes Jinja's own. The text goes straight into
    the page, so it need not be ``Markup``.
    """
    kind = type(value)
    if kind is str:
        return _escape_inner(value if value.isprintable() else _CONTROL.sub("", value))
    if kind is Markup:  # a macro's output, a drawing: markup already
        return value
    return escape(_finalize(value))


class _TrustedCode(CodeGenerator):
    """Compiles the built-in templates so that each printed value is one call (``_printed``).

    The two hooks are Jinja's own (3.1), not a documented interface: written so that a
    Jinja whose hooks take more arguments, or whose evaluation context lacks a flag, gets
    Jinja's own code (slower, the same page) instead of an error.
    """

    @staticmethod
    def _ours(frame) -> bool:  # noqa: ANN001 - Jinja's frame
        context = getattr(frame, "eval_ctx", None)
        return getattr(context, "autoescape", False) is True and getattr(context, "volatile", True) is False

    def _output_child_pre(self, node, frame, finalize, *more, **named) -> None:  # noqa: ANN001, ANN002, ANN003 - Jinja's signature
        if not more and not named and self._ours(frame):
            self.write("environment.printed(")
        else:
            super()._output_child_pre(node, frame, finalize, *more, **named)

    def _output_child_post(self, node, frame, finalize, *more, **named) -> None:  # noqa: ANN001, ANN002, ANN003 - Jinja's signature
        if not more and not named and self._ours(frame):
            self.write(")")
        else:
            super()._output_child_post(node, frame, finalize, *more, **named)


class TrustedEnvironment(Environment):
    """The environment of the built-in templates alone: ours, so no per-access sandbox checks,
    and each printed value escaped in one call (``_printed``), the same text as Jinja's way."""

    code_generator_class = _TrustedCode
    printed = staticmethod(_printed)


# Named after the way the built-in templates are compiled (``_TrustedCode``): an entry
# compiled the earlier way is not read, whatever its age.
CACHE_PATTERN = "jinja-p1-%s.cache"


class _TemplateCache(FileSystemBytecodeCache):
    """Compiled templates kept as Python keeps compiled modules: read always, written unless told not to."""

    def load_bytecode(self, bucket) -> None:  # noqa: ANN001 - Jinja's signature
        # A kept entry that cannot be read (damaged, truncated, unreadable) is compiled afresh.
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a cache miss, whatever went wrong
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:  # noqa: ANN001 - Jinja's signature
        # As with Python's own compiled modules, a folder that refuses the write
        # (an installation the user cannot write to, a full disk) is no error.
        if not sys.dont_write_bytecode:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass


def template_cache(folder: Path | None = None) -> FileSystemBytecodeCache | None:
    """Where the built-in templates' compiled code is kept between runs, or None.

    Compiling the page's templates costs about 70 ms of CPU on every run; loading
    the compiled code costs 2. It is kept as Python keeps a module's compiled code:
    in the package's ``__pycache__`` folder (``folder`` for tests), read when it is
    there, written unless Python is told not to write bytecode
    (``PYTHONDONTWRITEBYTECODE``), and left alone when the folder cannot be made.
    Jinja checks each entry against the template's source and Python's version, so
    an edited template is compiled afresh.
    """
    folder = folder or Path(__file__).resolve().parent / "__pycache__"
    if not folder.is_dir():
        if sys.dont_write_bytecode:
            return None
        try:
            folder.mkdir()
        except OSError:
            return None
    return _TemplateCache(str(folder), CACHE_PATTERN)


def environment(templates: Path | str | None = None) -> Environment:
    """The autoescaping environment every page is rendered with; ``templates`` overrides the defaults by name.

    With a folder of templates, the environment is sandboxed and bounded
    (``BoundedEnvironment``); the defaults stay reachable as ``default/<name>``,
    so a user's template can ``{% extends "default/journey.html" %}`` and replace
    single blocks. Without one, only the built-in templates can run, in a
    ``TrustedEnvironment``. Other HTML outputs build theirs here too, and render
    with ``render_template``, which applies the time and size bounds.
    """
    defaults = FileSystemLoader(str(default_templates()), encoding="utf-8")
    loaders = []
    kind: type[Environment] = TrustedEnvironment
    if templates is not None:
        folder = Path(templates)
        if not folder.is_dir():
            raise TemplateError(f"--templates {templates}: no such folder")
        loaders.append(ContainedLoader(folder))
        kind = BoundedEnvironment
    loaders.extend([PrefixLoader({"default": defaults}), defaults])
    env = kind(
        loader=ChoiceLoader(loaders),
        bytecode_cache=template_cache() if kind is TrustedEnvironment else None,
        autoescape=True,
        undefined=_Undefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["plural"] = _plural
    env.filters["num"] = _number
    if kind is BoundedEnvironment:
        bound_filters(env.filters)
    return env


def render_template(env: Environment, name: str, context: dict, deadline: float | None = None) -> str:
    """Template ``name`` rendered with ``context``; ``TemplateError`` with a plain message when it fails.

    ``deadline`` is a ``time.monotonic()`` value after which the template is stopped.
    While it runs (on Linux) the process's address space is capped at what it
    holds plus ``sandbox.MEMORY_HEADROOM``: render templates when no other
    thread of the process is doing heavy work (a running query, say).
    """
    try:
        template = env.get_template(name)
    except JinjaError as error:
        raise TemplateError(_describe(error, name)) from None
    except RecursionError:
        raise TemplateError(f"template {name}: it extends or imports itself without end") from None
    except (UnicodeDecodeError, OSError) as error:
        raise TemplateError(f"template {name}: cannot be read: {error}") from None
    try:
        return render_bounded(env, template, context, deadline)
    except TemplateLimit as error:
        raise TemplateError(f"template {where(error, name)}: stopped: {error}") from None
    except JinjaError as error:
        raise TemplateError(_describe(error, name)) from None
    except (UnicodeDecodeError, OSError) as error:
        raise TemplateError(f"template {where(error, name)}: cannot be read: {error}") from None
    except Exception as error:  # noqa: BLE001 - whatever a template does wrong is the template's problem
        raise TemplateError(f"template {where(error, name)}: {_runtime_reason(error)}") from None


def _runtime_reason(error: Exception) -> str:
    if isinstance(error, ZeroDivisionError):
        return "division by zero"
    if isinstance(error, OverflowError):
        return "a number too large to compute"
    return f"{type(error).__name__}: {error}"


def _describe(error: JinjaError, name: str) -> str:
    if isinstance(error, _Outside):
        return error.message or ""
    file = getattr(error, "filename", None) or getattr(error, "name", None)
    line = getattr(error, "lineno", None)
    place = where(error, str(file or name)) if line is None else f"{file or name}, line {line}"
    kind = type(error).__name__
    message = error.message or ""
    if kind in ("TemplateNotFound", "TemplatesNotFound"):
        return f"template {message or name}: no such template in the template folder or the defaults"
    reason = {"TemplateSyntaxError": "syntax error: ", "SecurityError": "not allowed in a template: "}.get(kind, "")
    return f"template {place}: {reason}{message}".rstrip(": ")
