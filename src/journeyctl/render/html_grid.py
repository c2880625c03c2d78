"""Where each touchpoint sits in the journey-map grid, and how wide the grid is.

Columns follow the customer's steps: within a stage, every step of the
customer lane gets a column of its own, in file order. A frontstage, backstage
or support step sits in the column of the step it ``serves``; failing that, in
the column of its nearest connected step of the same stage (through ``next``
and ``serves``, either way), or the nearest column to that where its lane is
free (to the right first); failing that, in the column of the last customer step before
it in the file. Steps of one lane that serve one step are stacked in its cell,
in file order. A stage without customer steps takes its
columns from the first lane it has steps in (frontstage, then backstage, then
support).

The column width follows the map: a map of a few steps gets wide columns, one
of ten steps still fits a 1440-pixel screen, and a longer one scrolls sideways
in columns no narrower than ``MIN_COLUMN``. The printed map is the same grid
in columns as wide as ``print_column_width`` allows, shrunk to fit the width of
a landscape page (``print_zoom``): never below ``PRINT_READABLE`` unless the map
has too many columns for that, and never above ``PRINT_ZOOM``.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, replace

from journeyctl.model import LANES

HEADER_WIDTH = 136  # pixels for the row headers on the left
MAX_COLUMN = 216  # pixels per column at most: a map of a few steps
MIN_COLUMN = 122  # and at least: ten columns and the headers fit a 1440-pixel screen
SCREEN_WIDTH = 1360  # pixels of a 1440-pixel screen left for the grid (margins, scroll bar)
PRINT_WIDTH = 980  # pixels across a landscape page inside its 10 mm margins (A4 and Letter)
PRINT_ZOOM = 0.8  # printed maps are never drawn larger than this
PRINT_READABLE = 0.45  # in print, columns widen (up to MAX_COLUMN) while the map still shrinks no further than this
PRINT_COLUMNS = 5  # columns on one printed part, for templates that print the map in parts


def column_width(columns: int) -> int:
    """Pixels per column: the screen's width shared out, between ``MIN_COLUMN`` and ``MAX_COLUMN``."""
    share = (SCREEN_WIDTH - HEADER_WIDTH) // max(columns, 1)
    return max(MIN_COLUMN, min(MAX_COLUMN, share))


def print_column_width(columns: int) -> int:
    """Pixels per column in print: as wide as still shrinks to ``PRINT_READABLE`` or more, so text wraps less."""
    share = int((PRINT_WIDTH / PRINT_READABLE - HEADER_WIDTH) // max(columns, 1))
    return max(MIN_COLUMN, min(MAX_COLUMN, share))


def print_zoom(table_width: int) -> float:
    """How much the printed grid is shrunk so that its whole width fits a landscape page."""
    return round(min(PRINT_ZOOM, PRINT_WIDTH / max(table_width, 1)), 3)


@dataclass(frozen=True)
class Layout:
    column_width: int
    header_width: int
    columns: int
    print_column: int = 0  # the columns' width in print, when chosen for the map (html_print)

    @property
    def table_width(self) -> int:
        return self.header_width + self.columns * self.column_width

    @property
    def print_column_width(self) -> int:
        return self.print_column or print_column_width(self.columns)

    @property
    def print_zoom(self) -> float:
        """The printed grid's scale: its width in print (``print_column_width`` columns) fit to a landscape page."""
        return print_zoom(self.header_width + self.columns * self.print_column_width)


def place(steps: list, links: list[tuple[str, str]], serves: dict[str, list[str]]) -> list[list[str]]:
    """The columns of one stage: for each, the ids of the steps in it, in file order.

    ``steps`` are the stage's steps in file order (anything with ``.touchpoint.id``
    and ``.touchpoint.lane``); ``links`` are (from, to) pairs of touchpoint ids,
    ``serves`` maps an id to the ids it serves. Links to other stages are ignored.
    """
    if not steps:
        return []
    ids = [step.touchpoint.id for step in steps]
    lane = {step.touchpoint.id: step.touchpoint.lane for step in steps}
    present = set(ids)
    anchor_lane = next(name for name in LANES if name in lane.values())
    column: dict[str, int] = {}
    for tid in ids:
        if lane[tid] == anchor_lane:
            column[tid] = len(column)
    count = len(column)

    # First what a step serves: a backstage step serving a frontstage one serving a customer step.
    served_by: dict[str, list[str]] = {}
    for tid in ids:
        for target in serves.get(tid, ()):
            if target in present and target != tid:
                served_by.setdefault(target, []).append(tid)
    _spread(column, [tid for tid in ids if tid in column], served_by)
    fixed = set(column)  # these stay where they are, stacked when several serve one step

    # Then any connection, either way.
    neighbours: dict[str, list[str]] = {}
    for tail, head in links:
        if tail in present and head in present and tail != head:
            neighbours.setdefault(tail, []).append(head)
            neighbours.setdefault(head, []).append(tail)
    for tid, targets in serves.items():
        for target in targets:
            if tid in present and target in present and target != tid:
                neighbours.setdefault(tid, []).append(target)
                neighbours.setdefault(target, []).append(tid)
    _spread(column, [tid for tid in ids if tid in column], neighbours)

    # Then file order: the column of the last placed step before it.
    last = 0
    for tid in ids:
        if tid in column:
            last = column[tid]
        else:
            column[tid] = last

    # A step placed by a connection alone moves, within the stage, to the nearest column
    # where its lane is free (to the right first), rather than piling up on its neighbour's cell.
    taken = {(column[tid], lane[tid]) for tid in fixed}
    for tid in ids:
        if tid in fixed:
            continue
        want = column[tid]
        free = next((c for c in _outward(want, count) if (c, lane[tid]) not in taken), want)
        column[tid] = free
        taken.add((free, lane[tid]))
    cells: list[list[str]] = [[] for _ in range(max(count, 1))]
    for tid in ids:
        cells[column[tid]].append(tid)
    return cells


def _outward(start: int, count: int):
    """Columns from ``start`` outward: start, start + 1, start - 1, start + 2..."""
    yield start
    for distance in range(1, count):
        if start + distance < count:
            yield start + distance
        if start - distance >= 0:
            yield start - distance
        if start + distance >= count and start - distance < 0:
            return


def _spread(column: dict[str, int], sources: list[str], edges: dict[str, list[str]]) -> None:
    """Breadth first from the placed steps: an unplaced step takes the column of the nearest one (the earlier on a tie)."""
    queue = deque(sources)
    while queue:
        current = queue.popleft()
        for other in edges.get(current, ()):
            if other not in column:
                column[other] = column[current]
                queue.append(other)


@dataclass(frozen=True)
class PrintPage:
    """One part of the map for templates that print it in parts: whole stages or a part of one, and how much to shrink it."""

    stages: list
    zoom: float


def print_pages(stages: list, header_width: int, column_width: int) -> list[PrintPage]:
    """Cut the map into parts of at most ``PRINT_COLUMNS`` columns; small stages share a part.

    The built-in page prints the whole grid fit to the page's width instead
    (``Layout.print_zoom``); the parts stay for templates written against them.
    """
    pages: list[list] = [[]]
    used = 0
    for stage in stages:
        for start in range(0, stage.span, PRINT_COLUMNS):
            part = stage.columns[start : start + PRINT_COLUMNS]
            if used and used + len(part) > PRINT_COLUMNS:
                pages.append([])
                used = 0
            pages[-1].append(replace(stage, columns=part, continued=start > 0))
            used += len(part)
    result = []
    for page in pages:
        width = header_width + sum(stage.span for stage in page) * column_width
        result.append(PrintPage(page, round(min(PRINT_ZOOM, PRINT_WIDTH / width), 2)))
    return result
