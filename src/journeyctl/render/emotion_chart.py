"""The emotion curve of the journey-map page: where every point, line and label goes.

The page draws touchpoints as columns of equal width, so the curve is laid out in
the same pixels: the point of the touchpoint in column ``i`` sits at
``(i + 0.5) * column_width``. The template (``emotion_curve.svg``) only draws
what this module computes.

One line per persona, or one line for everyone when the journey has no
personas; personas that feel exactly the same at exactly the same touchpoints
share a line, named after all of them. Which points a line joins, and which
joins are branches off its main line, is ``emotion_flow``'s part: the main line
is one solid path, each branch a dashed segment of its own with words at its
middle ("if card declined"). A line with a single point is its marker.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from journeyctl.model import EMOTION_LABELS, EMOTION_MAX, EMOTION_MIN
from journeyctl.render.emotion_flow import joins, journey_graph
from journeyctl.render.emotion_marks import (  # noqa: F401 - score_text, emotion_word and marker_path are this module's too
    LABEL_CHAR_WIDTH,
    LABEL_LINE_HEIGHT,
    MARKER_SIZE,
    MARKERS,
    curve_path,
    emotion_word,
    marker_path,
    place_words,
    score_text,
)
from journeyctl.render.perspective import Perspective
from journeyctl.render.text import wrap

TOP = 40  # room above the +2 line for the labels of the highest points
BOTTOM = 40  # and below the -2 line
LEVEL_GAP = 34  # pixels between two whole scores
OVERLAP_SHIFT = 10.0  # how far apart two lines' markers sit when they share a point
LABEL_LINES = 2


@dataclass(frozen=True)
class Level:
    """A horizontal guide line of the chart: a whole score and its words."""

    score: int
    y: float
    text: str  # "+2"
    word: str  # "very positive"


@dataclass  # not frozen: a frozen record costs a call per field, thousands of times a page
class Point:
    touchpoint_id: str
    touchpoint_name: str
    column: int
    x: float
    y: float
    score: float
    score_text: str
    feeling: str | None  # the label written in the file
    word: str  # the words of the nearest whole score
    shape: str  # SVG path data of the marker


@dataclass  # not frozen: a frozen record costs a call per field, thousands of times a page
class Segment:
    path: str  # SVG path data
    dashed: bool  # a branch off the main line
    condition: str | None
    left: float = 0.0  # the x range the segment covers
    right: float = 0.0
    tail: str = ""  # the touchpoint ids it joins
    head: str = ""
    words: str | None = None  # a branch's words in full: "if card declined", "alternative path"
    label: str | None = None  # the words as drawn, shortened to fit; None when another line draws them or no place is free
    label_x: float = 0.0
    label_y: float = 0.0


@dataclass
class Line:
    index: int  # 0, 1, 2...: picks the colour (CSS class line-N) and the marker
    key: str  # a stable name for ids and classes: the first persona's id, or "all"
    name: str
    persona_ids: list[str]
    marker: str
    points: list[Point] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    summary: str = ""

    @property
    def solid(self) -> str:
        """The main line, as one path."""
        return "".join(segment.path for segment in self.segments if not segment.dashed)

    @property
    def dashed(self) -> str:
        """Every branch, as one path."""
        return "".join(segment.path for segment in self.segments if segment.dashed)

    @property
    def branches(self) -> list[Segment]:
        """The branches, each drawn on its own with its words."""
        return [segment for segment in self.segments if segment.dashed]


@dataclass  # not frozen: a frozen record costs a call per field, thousands of times a page
class Label:
    """Words next to a point: the feeling, for one or several lines that share the point."""

    x: float
    y: float  # baseline of the first line
    anchor: str  # SVG text-anchor: middle, start
    text: str  # all the words
    lines: list[str]  # the words wrapped to fit the column, at most two lines
    score: float

    @property
    def line_height(self) -> int:
        return LABEL_LINE_HEIGHT


@dataclass(frozen=True)
class Row:
    """One row of the chart's text alternative: a touchpoint and each line's feeling there."""

    touchpoint_id: str
    touchpoint_name: str
    stage_name: str
    cells: list[Point | None]


@dataclass
class EmotionChart:
    width: float
    height: float
    column_width: float
    top: float
    bottom: float
    zero_y: float
    levels: list[Level]
    stage_edges: list[float]  # x of the border between two stages
    lines: list[Line]
    labels: list[Label]
    rows: list[Row]
    description: str
    reuses: str | None = None  # a window: the id of the whole curve on the page that it shows a slice of

    @property
    def point_count(self) -> int:
        return sum(len(line.points) for line in self.lines)

    def window(self, x0: float, width: float, reuse: str | None = None) -> EmotionChart:
        """The same chart, to be shown between ``x0`` and ``x0 + width`` (the printed map's pages).

        With ``reuse`` (the id the whole curve is drawn with on the same page, by
        ``chart(chart, 0, chart.width, id)``), the window is drawn as a reference to that
        drawing, which its view box cuts to the slice: the curve is in the page once,
        however many pages print it. With ``reuse=None`` the window keeps only what can
        be seen in the slice and is drawn in full (the default: a page that draws only
        slices has no whole curve to refer to).
        """
        if reuse:
            return replace(self, reuses=reuse, rows=[])
        margin = self.column_width
        left, right = x0 - margin, x0 + width + margin
        lines = []
        for line in self.lines:
            part = replace(
                line,
                points=[p for p in line.points if left <= p.x <= right],
                segments=[s for s in line.segments if s.right >= x0 and s.left <= x0 + width],
            )
            lines.append(part)
        return replace(
            self,
            lines=lines,
            labels=[label for label in self.labels if left <= label.x <= right],
            stage_edges=[x for x in self.stage_edges if x0 <= x <= x0 + width],
            rows=[],
        )


def y_of(score: float) -> float:
    return TOP + (EMOTION_MAX - score) * LEVEL_GAP


class LineSource:
    """What a line is drawn from: one persona's view of the journey (or everyone's).

    A plain class (not a record templates see): a frozen dataclass costs 0.4 ms to define.
    """

    __slots__ = ("name", "key", "persona_ids", "view")

    def __init__(self, name: str, key: str, persona_ids: list[str], view: Perspective) -> None:
        self.name = name
        self.key = key
        self.persona_ids = persona_ids
        self.view = view


def _segment(join, a: tuple[float, float], b: tuple[float, float], column_width: float, labelled: set) -> Segment:
    """The drawn join from point ``a`` to point ``b``; a branch gets its words (placed later), once for all lines."""
    tail, head = join.tail.touchpoint.id, join.head.touchpoint.id
    path = curve_path(*a, *b)
    left, right = min(a[0], b[0]), max(a[0], b[0])
    if not join.branch:
        return Segment(path, False, join.condition, left, right, tail, head)
    label = None
    key = (tail, head, join.words or "")
    if key not in labelled:
        labelled.add(key)
        room = max(int((max(right - left, column_width) - 16) / LABEL_CHAR_WIDTH), 6)
        label = (wrap(join.words or "", room, 1) or [""])[0]
    return Segment(path, True, join.condition, left, right, tail, head, join.words, label, (a[0] + b[0]) / 2, (a[1] + b[1]) / 2)


def _summary(name: str, points: list[Point]) -> str:
    if not points:
        return f"{name}: no emotion recorded."

    def says(point: Point) -> str:
        words = point.feeling or point.word
        return f"{point.touchpoint_name} ({score_text(point.score)}, {words})"

    lowest = min(points, key=lambda p: (p.score, p.column))
    highest = max(points, key=lambda p: (p.score, -p.column))
    parts = [f"starts at {says(points[0])}"]
    if len(points) > 1:
        parts.append(f"lowest at {says(lowest)}")
        parts.append(f"highest at {says(highest)}")
        parts.append(f"ends at {says(points[-1])}")
    return f"{name}: " + "; ".join(parts) + "."


def build_chart(
    sources: list[LineSource],
    columns: dict[str, int],
    column_count: int,
    column_width: float,
    stage_edges: list[int],
    stage_names: dict[str, str],
    use_flow: bool,
) -> EmotionChart | None:
    """Lay out the curve; None when no touchpoint on the page has an emotion.

    ``columns`` maps each touchpoint id on the page to its column; ``stage_edges``
    are the column indexes where a new stage starts.
    """
    # Personas who feel the same at the same touchpoints share one line.
    groups: list[tuple[tuple, list[LineSource], list, list]] = []
    graph = journey_graph(sources[0].view.journey) if sources and use_flow else None
    for source in sources:
        scored, segments = joins(source.view, use_flow, graph)
        scored = [step for step in scored if step.touchpoint.id in columns]
        signature = (
            tuple((s.touchpoint.id, s.score, s.feeling) for s in scored),
            tuple((j.tail.touchpoint.id, j.head.touchpoint.id, j.condition, j.branch, j.words) for j in segments),
        )
        for group in groups:
            if group[0] == signature:
                group[1].append(source)
                break
        else:
            groups.append((signature, [source], scored, segments))
    if not any(group[2] for group in groups):
        return None

    total = len(sources)
    lines: list[Line] = []
    for index, (_, members, scored, segments) in enumerate(groups):
        if len(members) == 1:
            name = members[0].name
        elif len(members) == total and total > 2:
            name = "All personas"
        else:
            name = " and ".join(member.name for member in members)
        marker = MARKERS[index % len(MARKERS)]
        line = Line(
            index=index,
            key=members[0].key,
            name=name,
            persona_ids=[pid for member in members for pid in member.persona_ids],
            marker=marker,
        )
        lines.append(line)

    # Where lines share a touchpoint at the same score, set their markers side by side.
    at: dict[tuple[str, float], list[int]] = {}
    for line, (_, _, scored, _) in zip(lines, groups):
        for step in scored:
            at.setdefault((step.touchpoint.id, step.score), []).append(line.index)

    labelled: set[tuple[str, str, str]] = set()  # branches whose words are drawn already, by another line
    pending: list[tuple[Segment, tuple[float, float], tuple[float, float]]] = []  # branches whose words wait for a place
    said: dict[float, tuple[float, str, str]] = {}  # a score's height, figures and words, worked out once
    for line, (_, members, scored, segments) in zip(lines, groups):
        positions: dict[str, tuple[float, float]] = {}
        points = line.points
        for step in scored:
            tid = step.touchpoint.id
            score = step.score
            sharing = at[(tid, score)]
            shift = (sharing.index(line.index) - (len(sharing) - 1) / 2) * OVERLAP_SHIFT
            column = columns[tid]
            x = (column + 0.5) * column_width + shift
            if score not in said:
                said[score] = (y_of(score), score_text(score), emotion_word(score))
            y, figures, word = said[score]
            positions[tid] = (x, y)
            points.append(Point(tid, step.touchpoint.name, column, x, y, score, figures, step.feeling, word, marker_path(line.marker, x, y)))
        points.sort(key=lambda p: p.column)
        for join in segments:
            a = positions.get(join.tail.touchpoint.id)
            b = positions.get(join.head.touchpoint.id)
            if a is None or b is None:
                continue
            segment = _segment(join, a, b, column_width, labelled)
            line.segments.append(segment)
            if segment.dashed:
                pending.append((segment, a, b))
        line.summary = _summary(line.name, points)

    labels = _labels(lines, column_width)
    height = TOP + (EMOTION_MAX - EMOTION_MIN) * LEVEL_GAP + BOTTOM
    place_words(pending, labels, lines, column_width, height)
    by_column: dict[str, list[Point | None]] = {}
    names: dict[str, tuple[int, str, str]] = {}
    for line in lines:
        for point in line.points:
            names[point.touchpoint_id] = (point.column, point.touchpoint_name, stage_names.get(point.touchpoint_id, ""))
            by_column.setdefault(point.touchpoint_id, [None] * len(lines))[line.index] = point
    rows = [
        Row(tid, name, stage, by_column[tid])
        for tid, (_, name, stage) in sorted(names.items(), key=lambda item: item[1][0])
    ]

    levels = [
        Level(score, y_of(score), score_text(score) if score else "0", EMOTION_LABELS[score])
        for score in range(EMOTION_MAX, EMOTION_MIN - 1, -1)
    ]
    description = " ".join(line.summary for line in lines)
    return EmotionChart(
        width=column_count * column_width,
        height=height,
        column_width=column_width,
        top=TOP,
        bottom=height - BOTTOM,
        zero_y=y_of(0),
        levels=levels,
        stage_edges=[edge * column_width for edge in stage_edges if 0 < edge < column_count],
        lines=lines,
        labels=labels,
        rows=rows,
        description=description,
    )


def _labels(lines: list[Line], column_width: float) -> list[Label]:
    """One label per distinct point of a touchpoint: the highest above, the lowest below, others beside."""
    per_touchpoint: dict[str, dict[float, list[Point]]] = {}
    for line in lines:
        for point in line.points:
            per_touchpoint.setdefault(point.touchpoint_id, {}).setdefault(point.score, []).append(point)
    labels: list[Label] = []
    for tid in sorted(per_touchpoint, key=lambda t: next(iter(per_touchpoint[t].values()))[0].column):
        by_score = per_touchpoint[tid]
        scores = sorted(by_score, reverse=True)
        for rank, score in enumerate(scores):
            points = by_score[score]
            words: list[str] = []
            for point in points:
                word = point.feeling or point.word
                if word not in words:
                    words.append(word)
            text = " / ".join(words)
            centre = (points[0].column + 0.5) * column_width
            y = y_of(score)
            if 0 < rank < len(scores) - 1:  # a middle point: words to the right, one line
                right = max(p.x for p in points) + MARKER_SIZE + 6
                room = int((column_width / 2 - MARKER_SIZE - 10) / LABEL_CHAR_WIDTH)
                labels.append(Label(right, y + 4, "start", text, wrap(text, max(room, 4), 1), score))
                continue
            room = int((column_width - 12) / LABEL_CHAR_WIDTH)
            wrapped = wrap(text, room, LABEL_LINES)
            if rank == 0:  # the highest point: words above it, last line closest
                first = y - MARKER_SIZE - 8 - (len(wrapped) - 1) * LABEL_LINE_HEIGHT
            else:  # the lowest: words below it
                first = y + MARKER_SIZE + 17
            labels.append(Label(centre, first, "middle", text, wrapped, score))
    return labels
