"""How wide the printed grid's columns are, so that the map prints on one or two landscape pages.

The printed map is the screen's grid, shrunk to the width of a landscape page.
Wider columns wrap text into fewer lines, so the grid gets shorter but must
shrink more to keep its width; narrower columns keep it larger but taller. This
module estimates the grid's height from the text in each cell (a rough model of
the stylesheet's fonts: characters per line and line heights) and picks the
narrowest print column with which the map fits ``PRINT_PAGES`` pages, shrunk no
further than ``PRINT_SMALLEST``. The estimate only chooses a width; the browser
lays the page out.
"""

from __future__ import annotations

from math import ceil

from journeyctl.render.html_grid import HEADER_WIDTH, MAX_COLUMN, MIN_COLUMN, PRINT_READABLE, PRINT_WIDTH, PRINT_ZOOM

PRINT_PAGE_HEIGHT = 560  # CSS pixels of a landscape A4 or Letter page inside its margins, less the repeated stage row and what page breaks leave blank
PRINT_PAGES = 2  # the map should print on this many pages
PRINT_SMALLEST = 0.34  # but never shrink it further than this for that
PRINT_WIDEST = 320  # pixels: print columns never get wider
CHAR = 6.4  # average width of a character of the grid's text (13px), in pixels
LINE = 18.0  # a line of the grid's text
CELL = 14.0  # a cell's padding and borders, top and bottom
ITEM = 9.0  # a list item's own padding and gap
CARD = 26.0  # a card's padding, border and gap


def _lines(text: str, width: float, char: float = CHAR) -> int:
    return max(1, ceil(len(text) * char / max(width, 1.0)))


def _items(texts, width: float) -> float:
    return sum(_lines(str(text), width - 24) * LINE + ITEM + (LINE if getattr(text, "source", None) else 0) for text in texts)


def _card(tp, width: float) -> float:
    inner = width - 22
    height = CARD + _lines(tp.name, inner, CHAR * 1.1) * LINE
    for text in (tp.description, tp.time.text if tp.time else None):
        if text:
            height += _lines(text, inner) * LINE
    height += _items(tp.actions, inner) + _items(tp.fail_points, inner) + _items(tp.wait_points, inner)
    if tp.emotion:
        height += LINE + 6
    if tp.entry or tp.milestone or tp.moment_of_truth or tp.end or tp.alternative:
        height += LINE
    if tp.serves:
        height += _lines("Serves " + ", ".join(link.to_name for link in tp.serves), inner) * LINE
    return height


def estimated_height(page, width: float) -> float:
    """The grid's height in CSS pixels, before shrinking, with columns ``width`` pixels wide."""
    height = 90.0 + (50.0 if page.rows.phases else 0.0)  # the stage row, the phase row
    per_column = [
        ("physical_evidence", page.rows.physical_evidence),
        ("thoughts", page.rows.thoughts),
        ("pain_points", page.rows.pain_points),
        ("opportunities", page.rows.opportunities),
    ]
    for attribute, shown in per_column:
        if shown:
            height += CELL + max(sum(_items(getattr(tp, attribute), width) + LINE * (len(column.touchpoints) > 1) for tp in column.touchpoints) for column in page.columns)
    for lane in page.lanes:
        height += CELL + max((sum(_card(tp, width) for tp in cards) for cards in lane.cards), default=0.0)
        if lane.line_above:
            height += 26.0
    for row in page.rows.custom:
        height += CELL + max((sum(_items(values, width) for _, values in column.row_items(row.id)) for column in page.columns), default=LINE)
    if page.rows.channels:
        height += CELL + max(len(column.channels) * (LINE + 6) for column in page.columns)
    if page.rows.teams:
        height += CELL + max((sum(_lines(team, width) * LINE for team in column.teams) for column in page.columns), default=LINE)
    if page.rows.emotion:
        height += 300.0
    if page.rows.goals:
        height += CELL + 3 * LINE
    if page.rows.kpis:
        height += CELL + 3 * LINE
    return height


def _zoom(columns: int, width: int) -> float:
    return min(PRINT_ZOOM, PRINT_WIDTH / (HEADER_WIDTH + columns * width))


def print_column_width(page) -> int:
    """The narrowest print column (from the readable one up) with which the map fits ``PRINT_PAGES`` pages."""
    columns = max(len(page.columns), 1)
    readable = max(MIN_COLUMN, min(MAX_COLUMN, int((PRINT_WIDTH / PRINT_READABLE - HEADER_WIDTH) // columns)))
    widest = max(readable, min(PRINT_WIDEST, int((PRINT_WIDTH / PRINT_SMALLEST - HEADER_WIDTH) // columns)))
    for width in range(readable, widest + 1, 8):
        if estimated_height(page, width) * _zoom(columns, width) <= PRINT_PAGES * PRINT_PAGE_HEIGHT:
            return width
    return widest
