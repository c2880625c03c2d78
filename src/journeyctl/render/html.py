"""The journey-map page: one self-contained HTML file per journey, and a small site.

``render_html`` draws one journey; ``render_site`` draws every valid journey of a
check plus an ``index.html`` that lists them all. The pages come from Jinja
templates: the defaults in the repository's top-level ``templates/`` folder
(shipped in the package as ``journeyctl/templates``), each of which a folder
given as ``templates`` can replace by name. docs/templates.md describes what a
template receives.

Safety, whatever the journey file or the template folder holds:

* autoescaping is on for every template, so text from YAML is always text;
* every template, ours and the user's, runs in Jinja's ``SandboxedEnvironment``;
* control characters are dropped from every value a template prints;
* the page declares a Content-Security-Policy that allows no script and no
  request, so it works offline and as an e-mail attachment;
* the embedded flow diagram is re-serialised from parsed XML, keeping only
  drawing elements and attributes.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, PrefixLoader, StrictUndefined, TemplateError as JinjaError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from journeyctl.atomic import write_text
from journeyctl.model import Journey
from journeyctl.problems import sorted_problems
from journeyctl.render.html_context import emotion_levels, page_context
from journeyctl.render.svg_embed import embeddable_svg

PAGE_TEMPLATE = "journey.html"
INDEX_TEMPLATE = "index.html"
INDEX_FILE = "index.html"
PROBLEMS_SHOWN = 5  # problems listed per invalid file on the index page

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


class TemplateError(Exception):
    """A template folder or template that cannot be used; the message is for people."""


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
    return _CONTROL.sub("", value)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural or word + 's')}"


def _number(value: float) -> str:
    """A coordinate for SVG: at most one decimal, no trailing zero."""
    text = f"{float(value):.1f}"
    return text[:-2] if text.endswith(".0") else text


def environment(templates: Path | str | None = None) -> SandboxedEnvironment:
    """The sandboxed, autoescaping environment; ``templates`` overrides the defaults by name.

    The defaults stay reachable as ``default/<name>``, so a user's template can
    ``{% extends "default/journey.html" %}`` and replace single blocks.
    """
    defaults = FileSystemLoader(str(default_templates()), encoding="utf-8")
    loaders = []
    if templates is not None:
        folder = Path(templates)
        if not folder.is_dir():
            raise TemplateError(f"--templates {templates}: no such folder")
        loaders.append(FileSystemLoader(str(folder), encoding="utf-8"))
    loaders.extend([PrefixLoader({"default": defaults}), defaults])
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["plural"] = _plural
    env.filters["num"] = _number
    return env


def _render(env: SandboxedEnvironment, name: str, context: dict) -> str:
    try:
        return env.get_template(name).render(context)
    except JinjaError as error:
        raise TemplateError(_describe(error, name)) from None
    except (UnicodeDecodeError, OSError) as error:
        raise TemplateError(f"template {name}: cannot be read: {error}") from None


def _template_frame(error: Exception) -> tuple[str | None, int | None]:
    """Where in a template a run-time error happened: Jinja puts template lines in the traceback."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if not f.filename.endswith(".py")]
    if not frames:
        return None, None
    return frames[-1].filename, frames[-1].lineno


def _describe(error: JinjaError, name: str) -> str:
    where = getattr(error, "filename", None) or getattr(error, "name", None)
    line = getattr(error, "lineno", None)
    if line is None:
        where, line = _template_frame(error)
    where = where or name
    place = f"{where}, line {line}" if line else str(where)
    kind = type(error).__name__
    message = error.message or ""
    if kind in ("TemplateNotFound", "TemplatesNotFound"):
        return f"template {message or name}: no such template in the template folder or the defaults"
    reason = {"TemplateSyntaxError": "syntax error: ", "SecurityError": "not allowed in a template: "}.get(kind, "")
    return f"template {place}: {reason}{message}".rstrip(": ")


def _page(env: SandboxedEnvironment, journey: Journey, persona: str | None, flow_svg: str | None, index_href: str | None, flow_note: str | None = None) -> str:
    page, chart, selected, layout = page_context(journey, persona)
    context = {
        "journey": page,
        "persona": selected,
        "chart": chart,
        "layout": layout,
        "emotion_levels": emotion_levels(),
        "flow_svg": embeddable_svg(flow_svg) if flow_svg else None,
        "flow_note": flow_note,
        "index_href": index_href,
    }
    return _render(env, PAGE_TEMPLATE, context)


def render_html(
    journey: Journey,
    *,
    persona: str | None = None,
    templates: Path | str | None = None,
    flow_svg: str | None = None,
    index_href: str | None = None,
) -> str:
    """The journey-map page of ``journey`` as one self-contained HTML document.

    ``persona`` keeps what that persona goes through (``perspective.UnknownPersona``
    when the journey has no such persona); ``templates`` is a folder of templates
    that replace the defaults by name (``TemplateError`` when one is broken);
    ``flow_svg`` is the flow diagram to embed, as SVG text; ``index_href`` adds a
    link back to a site's index page.
    """
    return _page(environment(templates), journey, persona, flow_svg, index_href)


@dataclass
class IndexEntry:
    """One file on the site's index page."""

    path: str
    kind: str  # "journey", "library" or "unreadable"
    title: str
    id: str | None
    href: str | None  # the journey's page, when one was written
    owner: str | None
    status: str | None  # the journey's status: as-is, to-be
    valid: bool
    verdict: str  # "valid", "valid, 2 warnings", "3 errors", "not drawn: ..."
    stages: list[str] = field(default_factory=list)
    personas: list[str] = field(default_factory=list)
    touchpoints: int = 0
    errors: int = 0
    warnings: int = 0
    problems: list = field(default_factory=list)  # the first problems, as journeyctl.problems.Problem
    more_problems: int = 0


def _page_name(doc, journey: Journey, taken: set[str]) -> str:
    """``retail.journey.yaml`` gives ``retail.html``: the name ``render -o FILE.html`` would use.

    A file read from standard input is named after its journey's id; a name
    already taken (or ``index``) gets ``-2``, ``-3``...
    """
    from journeyctl.sources import SUFFIXES

    name = Path(doc.path).name if getattr(doc, "file", None) is not None else ""
    base = ""
    for suffix in (*SUFFIXES, ".yaml", ".yml"):
        if name.endswith(suffix) and len(name) > len(suffix):
            base = name[: -len(suffix)]
            break
    base = base or journey.id
    slug, number = base, 2
    while slug.lower() in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug.lower())
    return f"{slug}.html"


def _verdict(errors: int, warnings: int) -> str:
    if errors:
        return _plural(errors, "error")
    return "valid" + (f", {_plural(warnings, 'warning')}" if warnings else "")


def _raw_title(doc) -> str | None:
    data = getattr(doc, "data", None)
    title = data.get("title") if isinstance(data, dict) else None
    return title if isinstance(title, str) and title.strip() else None


def _flow_for_site(journey: Journey, persona: str | None, engine: str | None) -> tuple[str | None, str | None]:
    """The flow diagram for a site page, or why there is none: (svg, note)."""
    try:
        from journeyctl.render import flow_svg
    except ImportError:
        return None, None
    try:
        from journeyctl.render.engine import EngineError
    except ImportError:  # pragma: no cover - ships with flow_svg
        EngineError = OSError  # noqa: N806
    try:
        return flow_svg(journey, persona=persona, engine=engine), None
    except EngineError as error:
        return None, f"The flow diagram could not be drawn: {error}"


def render_site(
    documents: list,
    out_dir: Path | str,
    *,
    templates: Path | str | None = None,
    persona: str | None = None,
    engine: str | None = None,
    flow: bool = True,
) -> list[Path]:
    """Write ``index.html`` and one page per valid journey into ``out_dir``; return the files written.

    ``documents`` are the checker's ``Document``s. Invalid files get no page, but
    the index lists them with their first problems. With ``persona``, journeys
    without that persona are listed as not drawn. The flow diagrams are drawn
    with ``engine`` (see ``journeyctl.render.engine``); ``flow=False`` leaves them out. Every file is written atomically; other files in ``out_dir``
    are left alone.
    """
    from journeyctl.render.perspective import UnknownPersona

    out = Path(out_dir)
    env = environment(templates)
    taken: set[str] = {Path(INDEX_FILE).stem}
    entries: list[IndexEntry] = []
    pages: list[tuple[Path, str]] = []
    for doc in documents:
        problems = sorted_problems(list(doc.problems))
        errors = sum(1 for p in problems if p.level == "error")
        warnings = sum(1 for p in problems if p.level == "warning")
        kind = doc.kind or "unreadable"
        journey = doc.journey if doc.valid else None
        entry = IndexEntry(
            path=doc.path,
            kind=kind,
            title=journey.title if journey else (_raw_title(doc) or Path(doc.path).name),
            id=journey.id if journey else None,
            href=None,
            owner=journey.owner if journey else None,
            status=journey.status if journey else None,
            valid=doc.valid,
            verdict=_verdict(errors, warnings),
            errors=errors,
            warnings=warnings,
            problems=[p for p in problems if p.level != "info"][:PROBLEMS_SHOWN],
        )
        entry.more_problems = max(0, errors + warnings - len(entry.problems))
        if journey is not None:
            entry.stages = [stage.name for stage in journey.stages]
            entry.personas = [p.name for p in journey.personas]
            entry.touchpoints = len(journey.touchpoints)
            try:
                svg, note = _flow_for_site(journey, persona, engine) if flow else (None, None)
                html = _page(env, journey, persona, svg, INDEX_FILE, note)
            except UnknownPersona as error:
                entry.verdict = f"not drawn: {error}"
            else:
                entry.href = _page_name(doc, journey, taken)
                pages.append((out / entry.href, html))
        entries.append(entry)

    journeys = [e for e in entries if e.kind != "library"]
    libraries = [e for e in entries if e.kind == "library"]
    index = _render(
        env,
        INDEX_TEMPLATE,
        {
            "journeys": journeys,
            "libraries": libraries,
            "persona": persona,
            "drawn": sum(1 for e in journeys if e.href),
        },
    )
    written = []
    for path, html in pages:
        write_text(path, html)
        written.append(path)
    write_text(out / INDEX_FILE, index)
    return [out / INDEX_FILE, *written]
