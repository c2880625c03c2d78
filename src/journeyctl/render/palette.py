"""Colours and type for the diagrams.

Emotions use ColorBrewer's 5-class RdBu, a diverging scale that stays readable
for the common forms of colour blindness and in greyscale print: red for very
negative, white-grey for neutral, blue for very positive. A score with decimals
falls in the class of the nearest whole score (halves go toward neutral).
"""

from __future__ import annotations

import math

from journeyctl.model import EMOTION_LABELS

FONT = "Helvetica"  # graphviz-pure draws it with its bundled Arimo, the same on every machine
INK = "#222222"
MUTED = "#555555"
LINE = "#666666"
STAGE_FILL = "#fafafa"
BORDER = "#cccccc"  # rules between the blueprint's columns
NO_SCORE_FILL = "#ffffff"
BAND_FILL = "#ffffff"  # behind flags such as pain points, so they read on every emotion colour

# score class -> (fill, text colour)
EMOTION_COLOURS: dict[int, tuple[str, str]] = {
    -2: ("#ca0020", "#ffffff"),
    -1: ("#f4a582", INK),
    0: ("#f7f7f7", INK),
    1: ("#92c5de", INK),
    2: ("#0571b0", "#ffffff"),
}


def emotion_class(score: float | None) -> int | None:
    """The whole score whose colour a score gets: -1.5 -> -1, 0.4 -> 0, 1.6 -> 2."""
    if score is None:
        return None
    nearest = math.floor(abs(score) + 0.5) if abs(score) % 1 != 0.5 else math.floor(abs(score))
    return int(math.copysign(nearest, score)) if nearest else 0


def emotion_colours(score: float | None) -> tuple[str, str]:
    klass = emotion_class(score)
    return EMOTION_COLOURS[klass] if klass is not None else (NO_SCORE_FILL, INK)


def legend_entries() -> list[tuple[str, str, str]]:
    """(fill, text colour, words) for each class, from very negative to very positive."""
    return [(*EMOTION_COLOURS[score], EMOTION_LABELS[score]) for score in sorted(EMOTION_COLOURS)]
