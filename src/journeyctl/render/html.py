"""The journey-map page: one self-contained HTML file per journey, and a small site.

``render_html`` draws one journey; ``render_site`` draws every valid journey of a
check plus an ``index.html`` that lists them all. The pages come from Jinja
templates: the defaults in the repository's top-level ``templates/`` folder
(shipped in the package as ``journeyctl/templates``), each of which a folder
given as ``templates`` can replace by name. docs/templates.md describes what a
template receives.

Safety, whatever the journey file or the template folder holds:

* autoescaping is on for every template, so text from YAML is always text;
* a folder of the user's templates (``--templates``) runs in Jinja's
  ``SandboxedEnvironment``, with bounds on its output size, its run time and
  its depth (``journeyctl.render.sandbox``); the built-in templates, which are
  ours and trusted, run in a plain environment without the sandbox's check on
  every attribute access (a third of a big page's time), with the same
  escaping, filters and output bounds;
* a template folder serves only the files inside it: a symbolic link to a
  file elsewhere is refused;
* links between the site's pages are relative file URLs, percent-encoded, so
  no file name can become a ``javascript:`` link;
* control characters are dropped from every value a template prints;
* the page declares a Content-Security-Policy that allows no script and no
  request, so it works offline and as an e-mail attachment;
* the embedded flow diagram is re-serialised from parsed XML, keeping only
  drawing elements and attributes.

The built-in templates' compiled code is kept between runs in the package's
``__pycache__`` folder, as Python keeps its modules' (``template_cache``); a
template folder's is not.

The template machinery (the environments, that cache, rendering within bounds) is
``journeyctl.render.html_env``, whose names this module serves as its own; it and the
page's records (``html_context``) are imported when a page is drawn. Given the function
that draws the flow diagram, ``render_html`` builds the records while the layout engine
runs (``_beside_engine``).
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from journeyctl.model import Journey
from journeyctl.render.engine import when_started
from journeyctl.render.svg_embed import embeddable_svg

if TYPE_CHECKING:
    from jinja2 import Environment

PAGE_TEMPLATE = "journey.html"
INDEX_TEMPLATE = "index.html"
INDEX_FILE = "index.html"


class TemplateError(Exception):
    """A template folder or template that cannot be used; the message is for people."""


def _page(
    env: Environment,
    journey: Journey,
    persona: str | None,
    flow_svg: str | None,
    index_href: str | None,
    flow_note: str | None = None,
    deadline: float | None = None,
    built: tuple | None = None,
) -> str:
    if built is None:
        built = _built(journey, persona)
    page, chart, selected, layout = built
    from journeyctl.render import html_context
    from journeyctl.render.html_env import TrustedEnvironment, render_template

    context = {
        "journey": page,
        "persona": selected,
        "chart": chart,
        "layout": layout,
        "emotion_levels": html_context.emotion_levels(),
        "flow_svg": embeddable_svg(flow_svg) if flow_svg else None,
        "flow_note": flow_note,
        "index_href": index_href,
    }
    if not isinstance(env, TrustedEnvironment):  # a user's template: its garbage is collected within the sandbox's bounds
        return render_template(env, PAGE_TEMPLATE, context, deadline)
    with _uncollected():
        return render_template(env, PAGE_TEMPLATE, context, deadline)


def _built(journey: Journey, persona: str | None, with_templates: bool = False) -> tuple:
    """The page's records (``html_context.page_context``), built without the cyclic collector.

    Their module is imported here, not with this one, and with ``with_templates`` Jinja
    and the template machinery too (``html_env``): beside the engine these imports (some
    13 and 16 ms of CPU) are made while the engine runs, and other pages (the measured map
    of ``analyze``) do not need the records.
    """
    with _uncollected():
        if with_templates:
            from journeyctl.render import html_env  # noqa: F401 - imported now, used after the engine
        from journeyctl.render import html_context

        return html_context.page_context(journey, persona)


def _beside_engine(draw: Callable[[], str], work: Callable[[], tuple]) -> tuple[str, tuple]:
    """``draw()``, which runs the layout engine, and ``work()``: the same as one after the other.

    ``work`` runs in a thread of its own, started once the engine's process has started
    (``engine.when_started``), so that on a machine of two cores or more it is done while
    this thread only waits for the engine. ``draw``'s errors come first, as they would;
    when no engine started, ``work`` runs here afterwards.
    """
    result: list = []

    def run() -> None:
        try:
            result.append((True, work()))
        except BaseException as error:  # noqa: BLE001 - handed to the thread that waits for it
            result.append((False, error))

    thread = threading.Thread(target=run, name="journeyctl-page", daemon=True)

    def start() -> None:
        try:
            thread.start()
        except RuntimeError:  # no thread to be had: the work is done afterwards, here
            pass

    when_started(start)
    try:
        drawn = draw()
    finally:
        when_started(None)
    if thread.ident is None:
        return drawn, work()
    thread.join()
    done, value = result[0]
    if not done:
        raise value
    return drawn, value


@contextlib.contextmanager
def _uncollected() -> Iterator[None]:
    """Python's cyclic garbage collector paused while our own code builds the page.

    The page's records and the template's output are a hundred thousand objects that live
    until the page is written, and the collector would walk them again and again while they
    are made (about 8 ms of CPU on a 500-touchpoint page); what they leave is collected
    when it runs again.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def render_html(
    journey: Journey,
    *,
    persona: str | None = None,
    templates: Path | str | None = None,
    flow_svg: str | Callable[[], str] | None = None,
    index_href: str | None = None,
    timeout: float | None = None,
) -> str:
    """The journey-map page of ``journey`` as one self-contained HTML document.

    ``persona`` keeps what that persona goes through (``perspective.UnknownPersona``
    when the journey has no such persona); ``templates`` is a folder of templates
    that replace the defaults by name (``TemplateError`` when one is broken);
    ``flow_svg`` is the flow diagram to embed, as SVG text, or a function that draws it
    (``render.flow_svg``), which lets the page's records be built while the layout engine
    runs (``_beside_engine``): the same page and errors, sooner; ``index_href`` adds a
    link back to a site's index page; ``timeout`` stops a template that runs
    longer (seconds).
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    built = None
    if callable(flow_svg):
        flow_svg, built = _beside_engine(flow_svg, lambda: _built(journey, persona, with_templates=True))
    from journeyctl.render.html_env import environment

    return _page(environment(templates), journey, persona, flow_svg, index_href, deadline=deadline, built=built)


_SITE_NAMES = frozenset(("IndexEntry", "SiteError", "render_site"))


def __getattr__(name: str) -> object:
    """The template machinery's names (``html_env``: ``environment``, ``render_template``,
    ``TrustedEnvironment``...) and the site's (``html_site``, which builds on the page),
    imported when first asked for: the command imports this module before it draws, and
    Jinja is then imported while the layout engine runs."""
    if name in _SITE_NAMES:
        from journeyctl.render import html_site

        return getattr(html_site, name)
    if not name.startswith("__"):
        from journeyctl.render import html_env

        if hasattr(html_env, name):
            return getattr(html_env, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["IndexEntry", "SiteError", "TemplateError", "environment", "render_html", "render_site", "render_template"]
