"""Jinja's sandbox, with bounds on what one template may cost.

``SandboxedEnvironment`` stops a template from reaching Python's internals, but
not from spending: ``{{ 'a' * 1000000000 }}`` writes a gigabyte, two nested
loops over ``range(100000)`` run for hours, a macro that calls itself or a
template that includes itself runs out of stack. ``BoundedEnvironment`` adds:

* arithmetic that would build text or a list longer than ``MAX_OUTPUT``
  characters (``*``, ``+``, ``%``), or a power with a huge result, is refused
  before it runs;
* a filter or call that returns such a value, or is given a width or count
  above ``MAX_OUTPUT``, is refused;
* ``a ~ b`` is compiled so that its result is checked too (a loop could
  double a text each time round);
* ``render_bounded`` stops a template when its output passes ``MAX_OUTPUT``
  characters or when its time is up, even inside loops that print nothing,
  and on Linux caps the memory it may take (``MEMORY_HEADROOM``);
* recursion (a macro that calls itself, a template that includes itself) and
  running out of memory become ``TemplateLimit``, with a message for people.

Used by the journey-map page (``journeyctl.render.html``) and by anything else
that renders the user's templates.
"""

from __future__ import annotations

import contextlib
import functools
import signal
import sys
import threading
import time
import traceback
from collections.abc import Iterator

from jinja2.compiler import CodeGenerator
from jinja2.sandbox import SandboxedEnvironment

MAX_OUTPUT = 64 * 1024 * 1024  # characters in one page
MAX_EXPONENT_BITS = 4096  # bits in the result of **
MEMORY_HEADROOM = 1024 * 1024 * 1024  # bytes a template may allocate beyond what the process holds (Linux)
_CHECK_EVERY = 256  # template lines run between two looks at the clock


class TemplateLimit(Exception):
    """A template went past a bound (size, time, depth); the message is for people."""


def _size(value: object) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else 0


def _too_big(what: str) -> TemplateLimit:
    return TemplateLimit(f"{what} would be longer than {MAX_OUTPUT // (1024 * 1024)} million characters, the most a page may hold")


def checked_size(value):
    """``value``, unless it is text or a list longer than a page may be."""
    if _size(value) > MAX_OUTPUT:
        raise _too_big("the joined text (~)")
    return value


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b`` so that its result is checked: ``~`` in a loop could double a text each time."""

    def visit_Concat(self, node, frame):  # noqa: ANN001 - Jinja's signature
        self.write("environment.checked_size(")
        super().visit_Concat(node, frame)
        self.write(")")


class BoundedEnvironment(SandboxedEnvironment):
    """A ``SandboxedEnvironment`` whose arithmetic, joins, filters and calls cannot build huge values."""

    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})
    code_generator_class = _BoundedCodeGenerator
    checked_size = staticmethod(checked_size)

    def call_binop(self, context, operator, left, right):  # noqa: ANN001 - Jinja's signature
        if operator == "*":
            for text, count in ((left, right), (right, left)):
                if _size(text) and isinstance(count, int) and _size(text) * max(count, 0) > MAX_OUTPUT:
                    raise _too_big(f"{type(text).__name__} * {count}")
        elif operator == "+" and _size(left) + _size(right) > MAX_OUTPUT:
            raise _too_big("the sum")
        elif operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
            if right * max(abs(left).bit_length(), 1) > MAX_EXPONENT_BITS:
                raise TemplateLimit(f"{left} ** {right} is too large a number for a template")
        elif operator == "%" and isinstance(left, str):
            _check_format(left)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value):  # noqa: ANN001 - Jinja's signature
        """``'{:>1000000000}'.format(x)`` is refused when the method is looked up."""
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format(value.__self__)
        return wrapped

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805, ANN001 - Jinja's signature
        _check_arguments(args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if _size(result) > MAX_OUTPUT:
            raise _too_big("a call's result")
        return result


def _check_arguments(args: tuple, kwargs: dict) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_OUTPUT:
            raise TemplateLimit(f"the number {value} is too large a width or count for a template")


def _check_format(text: str) -> None:
    """A format (``%s`` or ``{}`` style) whose width or precision would make a huge string."""
    number = ""
    for char in text:
        if char.isdigit():
            number += char
            if len(number) > 8:
                raise TemplateLimit("a format width in a template is too large")
        else:
            number = ""


def bound_filters(filters: dict) -> None:
    """Wrap every filter so that a huge width argument or a huge result is refused."""
    for name, function in list(filters.items()):
        filters[name] = _bounded_filter(function)


def _bounded_filter(function):
    formats = getattr(function, "__name__", "") == "do_format"

    @functools.wraps(function)
    def bounded(*args, **kwargs):
        _check_arguments(args[1:], kwargs)
        if formats and args and isinstance(args[0], str):
            _check_format(args[0])
        result = function(*args, **kwargs)
        if _size(result) > MAX_OUTPUT:
            raise _too_big(f"the {function.__name__} filter's result")
        return result

    if hasattr(function, "jinja_pass_arg"):
        bounded.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
    return bounded


def render_bounded(env: SandboxedEnvironment, template, context: dict, deadline: float | None) -> str:
    """``template`` rendered with ``context``, stopped past ``MAX_OUTPUT`` characters or ``deadline``.

    ``deadline`` is a ``time.monotonic()`` value, or None for no time limit.
    """
    clock = _Clock(env, deadline)
    parts: list[str] = []
    total = 0
    try:
        with _memory_cap(), clock.running():
            for part in template.generate(context):
                total += len(part)
                if total > MAX_OUTPUT:
                    raise TemplateLimit(f"the page would be longer than {MAX_OUTPUT // (1024 * 1024)} million characters, the most a page may hold")
                parts.append(part)
                clock.check()
    except RecursionError:
        raise TemplateLimit("it calls or includes itself without end (a macro that calls itself, or a template that includes itself)") from None
    except MemoryError:
        parts.clear()
        raise TemplateLimit("it needs more memory than a page may take") from None
    return "".join(parts)


@contextlib.contextmanager
def _memory_cap() -> Iterator[None]:
    """On Linux, limit the address space to what the process holds plus ``MEMORY_HEADROOM`` while a template runs."""
    try:
        import resource

        with open("/proc/self/status", encoding="ascii") as status:
            size = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    except (ImportError, OSError, StopIteration, ValueError):
        yield
        return
    cap = size + MEMORY_HEADROOM
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    if soft != resource.RLIM_INFINITY and soft <= cap:
        yield
        return
    try:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (OSError, ValueError):
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


class _Clock:
    """Stops a template at its deadline, even inside a loop that calls nothing and prints nothing.

    In the main thread an interval timer (SIGALRM) interrupts the template when
    time is up, at no cost until then; elsewhere (signals reach only the main
    thread) Python's trace hook looks at the time every few template lines.
    """

    def __init__(self, env: SandboxedEnvironment, deadline: float | None) -> None:
        self.env = env
        self.deadline = deadline
        self.lines = 0

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        if self.deadline is None:
            yield
            return
        if threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
            def ring(signum, frame):  # noqa: ARG001 - the signal handler's signature
                self.check(late=True)

            previous = signal.signal(signal.SIGALRM, ring)
            try:
                signal.setitimer(signal.ITIMER_REAL, max(self.deadline - time.monotonic(), 0.001))
                yield
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, previous)
            return
        previous = sys.gettrace()
        sys.settrace(self.trace)
        try:
            yield
        finally:
            sys.settrace(previous)

    def trace(self, frame, event, arg):  # noqa: ANN001, ARG002 - sys.settrace's signature
        if frame.f_globals.get("environment") is self.env:
            return self.line
        return None

    def line(self, frame, event, arg):  # noqa: ANN001, ARG002
        self.lines += 1
        if self.lines % _CHECK_EVERY == 0:
            self.check()
        return self.line

    def check(self, late: bool = False) -> None:
        if self.deadline is not None and (late or time.monotonic() > self.deadline):
            raise TemplateLimit("it ran out of time (see --timeout), in an endless or very long loop?")


def where(error: BaseException, fallback: str) -> str:
    """``name, line N`` of the template line running when ``error`` happened."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if not f.filename.endswith(".py")]
    if not frames:
        return fallback
    return f"{frames[-1].filename}, line {frames[-1].lineno}"

