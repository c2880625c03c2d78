"""The HTML site: an ``index.html`` listing every file checked, and one page per valid journey.

A site is written whole or not at all: every page is rendered first, then
written into a staging folder (``journeyctl.atomic.staged_folder``) and moved
into place; a full disk, a read-only folder or a path under a file leaves the
target as it was. A site never replaces one of its input files.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from journeyctl import forked
from journeyctl.atomic import stage_file, staged_folder
from journeyctl.model import Journey
from journeyctl.problems import sorted_problems
from journeyctl.render.html import INDEX_FILE, INDEX_TEMPLATE, TemplateError, _page, _plural, environment, render_template

PROBLEMS_SHOWN = 5  # problems listed per file on the index page


class SiteError(TemplateError):
    """A site that cannot be written as asked (it would replace an input, or time ran out)."""


@dataclass
class IndexEntry:
    """One file on the site's index page."""

    path: str
    kind: str  # "journey", "library" or "unreadable"
    title: str
    id: str | None
    href: str | None  # the journey's page, when one was written: a relative, percent-encoded URL
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
    file: str | None = None  # the page's file name in the site's folder


def page_href(name: str) -> str:
    """A link to the page file ``name`` in the same folder, percent-encoded.

    Every character but letters, digits and ``_.-~`` is encoded, ``:`` and
    ``/`` included, so no file name can become a scheme (``javascript:``), a
    query, a fragment or another folder.
    """
    return quote(name, safe="")


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


def _flow_for_site(journey: Journey, persona: str | None, engine: str | None, timeout: float) -> tuple[str | None, str | None]:
    """The flow diagram for a site page, or why there is none: (svg, note)."""
    try:
        from journeyctl.render import flow_svg
        from journeyctl.render.engine import EngineError
    except ImportError:  # pragma: no cover - a build without the diagrams
        return None, None
    try:
        return flow_svg(journey, persona=persona, engine=engine, timeout=timeout), None
    except EngineError as error:
        return None, f"The flow diagram could not be drawn: {error}"


def _entry(doc) -> IndexEntry:
    problems = sorted_problems(list(doc.problems))
    errors = sum(1 for p in problems if p.level == "error")
    warnings = sum(1 for p in problems if p.level == "warning")
    journey = doc.journey if doc.valid else None
    entry = IndexEntry(
        path=doc.path,
        kind=doc.kind or "unreadable",
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
    return entry


def render_site(
    documents: list,
    out_dir: Path | str,
    *,
    templates: Path | str | None = None,
    persona: str | None = None,
    engine: str | None = None,
    flow: bool = True,
    timeout: float | None = None,
) -> list[Path]:
    """Write ``index.html`` and one page per valid journey into ``out_dir``; return the files written.

    ``documents`` are the checker's ``Document``s. Invalid files get no page, but
    the index lists them with their first problems (warnings too). With
    ``persona``, journeys without that persona are listed as not drawn. The flow
    diagrams are drawn with ``engine`` (see ``journeyctl.render.engine``);
    ``flow=False`` leaves them out. ``timeout`` (seconds) bounds the whole site,
    diagrams and templates together. The site is written whole or not at all
    (``SiteError``, ``journeyctl.atomic.WriteError``); other files in
    ``out_dir`` are left alone.
    """
    from journeyctl.render.engine import TIMEOUT
    from journeyctl.render.perspective import UnknownPersona

    out = Path(out_dir)
    limit = TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + limit
    env = environment(templates)
    def page_of(journey: Journey) -> tuple[str | None, str | None]:
        """The journey's page, or why it is not drawn: (html, verdict)."""
        if time.monotonic() > deadline:
            raise SiteError(f"the site took more than {limit:g} seconds and was stopped; nothing was written: give it longer with --timeout")
        try:
            svg, note = _flow_for_site(journey, persona, engine, deadline - time.monotonic()) if flow else (None, None)
            return _page(env, journey, persona, svg, page_href(INDEX_FILE), note, deadline=deadline), None
        except UnknownPersona as error:
            return None, f"not drawn: {error}"

    # The pages are made side by side in forked workers (forked.py), one per core, and
    # named and listed here in input order: the site is the one a single process makes.
    journeys = [doc.journey for doc in documents if doc.valid and doc.journey is not None]
    made = iter(forked.each(page_of, journeys, min(len(journeys), forked.default_jobs())))
    taken: set[str] = {Path(INDEX_FILE).stem}
    entries: list[IndexEntry] = []
    pages: list[tuple[str, str]] = []
    for doc in documents:
        entry = _entry(doc)
        journey = doc.journey if doc.valid else None
        if journey is not None:
            html, verdict = next(made)
            if html is None:
                entry.verdict = verdict
            else:
                entry.file = _page_name(doc, journey, taken)
                entry.href = page_href(entry.file)
                pages.append((entry.file, html))
        entries.append(entry)

    journeys = [e for e in entries if e.kind != "library"]
    libraries = [e for e in entries if e.kind == "library"]
    context = {"journeys": journeys, "libraries": libraries, "persona": persona, "drawn": sum(1 for e in journeys if e.href)}
    files = [(INDEX_FILE, render_template(env, INDEX_TEMPLATE, context, deadline)), *pages]
    _refuse_inputs(out, [name for name, _ in files], documents)
    with staged_folder(out) as stage:
        for name, text in files:
            stage_file(stage, name, text.encode("utf-8"), existing=out / name)
    return [out / name for name, _ in files]


def _refuse_inputs(out: Path, names: list[str], documents: list) -> None:
    inputs = {Path(doc.file).resolve() for doc in documents if getattr(doc, "file", None) is not None}
    for name in names:
        target = (out / name).resolve()
        if target in inputs:
            raise SiteError(f"{out / name} is one of the input files; journeyctl never overwrites its inputs: choose another -o folder")
