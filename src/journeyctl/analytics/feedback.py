"""Survey answers against the map: what customers say, next to the emotion the map assumes.

Three surveys, each on its own scale:

- CSAT, 1-5 (5 = very satisfied): the mean, and the share of 4s and 5s (satisfied);
- NPS, 0-10 (likelihood to recommend): promoters (9-10) minus detractors (0-6), in
  points from -100 to 100, and the mean;
- CES, 1-7 (CES 2.0: "the company made it easy for me"; 7 = strongly agree, easiest):
  the mean, and the share of 5-7 (easy).

Every figure comes with a 95% interval, so that 3 answers are not read like 3,000: the
mean's from Student's t (scipy), the NPS's from the standard error of the difference
of two proportions, ``sqrt((p + d - (p - d)**2) / n)``, the shares' by Wilson's score
interval.

The map's emotion (-2..2) onto each scale, straight lines through both ends:
``CSAT = emotion + 3``, ``NPS = 2.5 * (emotion + 2)``, ``CES = 1.5 * (emotion + 2) + 1``.
The map and the answers disagree when the mean's whole interval lies more than a
threshold away from the map's emotion on that scale (default 1 point on CSAT's scale,
which is a quarter of its width: 2.5 points of NPS's 0-10, 1.5 of CES's 1-7), with at
least 30 answers. Each disagreement is a problem F001 at the touchpoint's emotion.

Comments are evidence: a few distinct ones per touchpoint, those furthest from the map's
emotion first (then lowest score, then text), with control characters and runs of spaces made single
spaces and cut to a bounded length. Escaping for a format (HTML, rich markup) is the
writer's job; here they are plain text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from journeyctl.model import EMOTION_LABELS
from journeyctl.problems import Problem, Span

KINDS = ("csat", "nps", "ces")
SCALES = {"csat": (1, 5), "nps": (0, 10), "ces": (1, 7)}
KIND_NAMES = {"csat": "CSAT", "nps": "NPS", "ces": "CES"}
CONFIDENCE = 0.95
THRESHOLD = 1.0  # points on CSAT's scale
MIN_ANSWERS = 30
COMMENTS = 3
COMMENT_LENGTH = 200

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\s]+")


def width(kind: str) -> int:
    low, high = SCALES[kind]
    return high - low


def from_emotion(kind: str, emotion: float) -> float:
    """The map's emotion (-2..2) on a survey's scale."""
    low, high = SCALES[kind]
    return low + (emotion + 2) * (high - low) / 4


def to_emotion(kind: str, score: float) -> float:
    """A survey's score on the map's emotion scale (-2..2)."""
    low, high = SCALES[kind]
    return (score - low) * 4 / (high - low) - 2


def threshold_for(kind: str, csat_points: float = THRESHOLD) -> float:
    return csat_points * width(kind) / width("csat")


@dataclass(frozen=True)
class Interval:
    low: float
    high: float


def _z(confidence: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(0.5 + confidence / 2))


def wilson(successes: int, n: int, confidence: float = CONFIDENCE) -> Interval | None:
    """Wilson's score interval for a share, as fractions."""
    if n == 0:
        return None
    z = _z(confidence)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return Interval(max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class Summary:
    """What the answers of one survey about one touchpoint or stage say."""

    kind: str
    responses: int
    distribution: dict[int, int]  # every point of the scale, low to high
    mean: float
    mean_interval: Interval | None  # None with fewer than 2 answers
    share: float  # CSAT: 4-5; CES: 5-7; NPS: promoters (9-10); a fraction
    share_interval: Interval | None
    nps: float | None = None  # points, -100..100
    nps_interval: Interval | None = None
    detractors: float | None = None  # NPS only, a fraction

    @property
    def emotion(self) -> float:
        """The mean on the map's -2..2 scale."""
        return to_emotion(self.kind, self.mean)


def summarize(kind: str, counts: dict[int, int], confidence: float = CONFIDENCE) -> Summary:
    """Responses, mean, distribution and the survey's own figure, each with its interval."""
    from scipy.stats import t as student

    low, high = SCALES[kind]
    distribution = {point: int(counts.get(point, 0)) for point in range(low, high + 1)}
    n = sum(distribution.values())
    if n == 0:
        raise ValueError("no answers to summarize")
    mean = sum(point * c for point, c in distribution.items()) / n
    interval = None
    if n > 1:
        variance = sum(c * (point - mean) ** 2 for point, c in distribution.items()) / (n - 1)
        half = float(student.ppf(0.5 + confidence / 2, n - 1)) * math.sqrt(variance / n)
        interval = Interval(max(low, mean - half), min(high, mean + half))
    good_from = {"csat": 4, "ces": 5, "nps": 9}[kind]
    good = sum(c for point, c in distribution.items() if point >= good_from)
    summary = dict(
        kind=kind,
        responses=n,
        distribution=distribution,
        mean=mean,
        mean_interval=interval,
        share=good / n,
        share_interval=wilson(good, n, confidence),
    )
    if kind == "nps":
        promoters = good / n
        detractors = sum(c for point, c in distribution.items() if point <= 6) / n
        nps = 100 * (promoters - detractors)
        se = 100 * math.sqrt(max(promoters + detractors - (promoters - detractors) ** 2, 0.0) / n)
        half = _z(confidence) * se
        summary.update(nps=nps, nps_interval=Interval(max(-100.0, nps - half), min(100.0, nps + half)), detractors=detractors)
    return Summary(**summary)


@dataclass(frozen=True)
class Answer:
    """One survey answer, already tied to a touchpoint."""

    touchpoint: str
    kind: str
    score: int
    comment: str | None = None
    customer: str | None = None


@dataclass(frozen=True)
class Comment:
    score: int
    text: str


@dataclass(frozen=True)
class TouchpointFeedback:
    touchpoint: str
    name: str
    stage: str
    summary: Summary
    customers: int | None  # distinct customers, when the file says who answered
    map_emotion: float | None  # the emotion the map gives the touchpoint
    map_label: str | None  # the map's word for it, if any
    expected: float | None  # that emotion on the survey's scale
    verdict: str  # agrees, map-too-positive, map-too-negative, too-few-answers, no-emotion
    comments: tuple[Comment, ...] = ()


@dataclass(frozen=True)
class StageFeedback:
    stage: str
    name: str
    summary: Summary
    map_emotion: float | None  # the mean emotion of the stage's touchpoints that have one


@dataclass
class Feedback:
    touchpoints: list[TouchpointFeedback]
    stages: list[StageFeedback]
    answers: int = 0
    unmatched: dict[str, int] = field(default_factory=dict)  # what the answer was about -> answers
    invalid: int = 0  # scores off the survey's scale, or not whole numbers
    threshold: float = THRESHOLD
    min_answers: int = MIN_ANSWERS
    confidence: float = CONFIDENCE


def clean_comment(text: str, limit: int = COMMENT_LENGTH) -> str:
    """One line of plain text at most ``limit`` characters long."""
    flat = _CONTROL.sub(" ", text).strip()
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "\u2026"
    return flat


def pick_comments(answers: Iterable[Answer], expected: float | None, count: int = COMMENTS, limit: int = COMMENT_LENGTH) -> tuple[Comment, ...]:
    """A few comments, those furthest from the map first; the same ones on every run."""
    seen: dict[tuple[int, str], None] = {}
    for answer in answers:
        if answer.comment:
            text = clean_comment(str(answer.comment), limit)
            if text:
                seen.setdefault((answer.score, text), None)
    ranked = sorted(seen, key=lambda item: (-abs(item[0] - expected) if expected is not None else 0, item[0], item[1]))
    chosen: dict[str, Comment] = {}  # one of each text: the same words twice are no more evidence
    for score, text in ranked:
        if len(chosen) == count:
            break
        chosen.setdefault(text, Comment(score, text))
    return tuple(chosen.values())


def _verdict(summary: Summary, expected: float | None, threshold: float, min_answers: int) -> str:
    if expected is None:
        return "no-emotion"
    if summary.responses < min_answers or summary.mean_interval is None:
        return "too-few-answers"
    if summary.mean_interval.high < expected - threshold:
        return "map-too-positive"
    if summary.mean_interval.low > expected + threshold:
        return "map-too-negative"
    return "agrees"


def compare(
    answers: list[Answer],
    journey,
    *,
    threshold: float = THRESHOLD,
    min_answers: int = MIN_ANSWERS,
    confidence: float = CONFIDENCE,
    comments: int = COMMENTS,
    comment_length: int = COMMENT_LENGTH,
    unmatched: dict[str, int] | None = None,
    invalid: int = 0,
) -> Feedback:
    """Per touchpoint and per stage (and survey), the answers next to the map's emotion."""
    by_touchpoint: dict[tuple[str, str], list[Answer]] = {}
    for answer in answers:
        by_touchpoint.setdefault((answer.touchpoint, answer.kind), []).append(answer)
    touchpoints: list[TouchpointFeedback] = []
    stage_counts: dict[tuple[str, str], dict[int, int]] = {}
    for touchpoint in journey.touchpoints:
        for kind in KINDS:
            group = by_touchpoint.get((touchpoint.id, kind))
            if not group:
                continue
            counts: dict[int, int] = {}
            for answer in group:
                counts[answer.score] = counts.get(answer.score, 0) + 1
            into = stage_counts.setdefault((touchpoint.stage, kind), {})
            for score, c in counts.items():
                into[score] = into.get(score, 0) + c
            summary = summarize(kind, counts, confidence)
            emotion = touchpoint.emotion.score if touchpoint.emotion is not None else None
            expected = from_emotion(kind, emotion) if emotion is not None else None
            who = {a.customer for a in group if a.customer is not None}
            touchpoints.append(
                TouchpointFeedback(
                    touchpoint=touchpoint.id,
                    name=touchpoint.name,
                    stage=touchpoint.stage,
                    summary=summary,
                    customers=len(who) if who else None,
                    map_emotion=emotion,
                    map_label=touchpoint.emotion.label if touchpoint.emotion is not None else None,
                    expected=expected,
                    verdict=_verdict(summary, expected, threshold_for(kind, threshold), min_answers),
                    comments=pick_comments(group, expected, comments, comment_length),
                )
            )
    stages: list[StageFeedback] = []
    for stage in journey.stages:
        emotions = [t.emotion.score for t in journey.touchpoints if t.stage == stage.id and t.emotion is not None]
        for kind in KINDS:
            counts = stage_counts.get((stage.id, kind))
            if counts:
                stages.append(
                    StageFeedback(stage.id, stage.name, summarize(kind, counts, confidence), sum(emotions) / len(emotions) if emotions else None)
                )
    return Feedback(
        touchpoints=touchpoints,
        stages=stages,
        answers=len(answers),
        unmatched=dict(sorted((unmatched or {}).items())),
        invalid=invalid,
        threshold=threshold,
        min_answers=min_answers,
        confidence=confidence,
    )


def _number(x: float, digits: int = 1) -> str:
    text = f"{x:,.{digits}f}"
    return "0" if text in ("-0", "-0.0") else text


def _feeling(score: float, label: str | None = None) -> str:
    nearest = min(EMOTION_LABELS, key=lambda k: (abs(k - score), k))
    sign = "+" if score > 0 else ""
    shown = f"{score:g}" if float(score).is_integer() else f"{score:.1f}"
    return f"{label or EMOTION_LABELS[nearest]} ({sign}{shown})"


def describe(item: TouchpointFeedback, confidence: float = CONFIDENCE) -> str:
    """The disagreement in words a CX lead acts on."""
    s = item.summary
    low, high = SCALES[s.kind]
    who = f"{s.responses:,} customers" if item.customers in (None, s.responses) else f"{s.responses:,} answers from {item.customers:,} customers"
    interval = s.mean_interval
    spread = f" ({round(confidence * 100):d}% interval {_number(interval.low)}-{_number(interval.high)})" if interval else ""
    text = f'the map says {_feeling(item.map_emotion, item.map_label)} at "{item.name}"; {who} rate it {_number(s.mean)} of {high} on {KIND_NAMES[s.kind]}{spread}'
    if s.kind == "nps":
        text += f", an NPS of {_number(s.nps, 0)}"
    measured = max(-2.0, min(2.0, s.emotion))
    return text + f", which is {_feeling(round(measured, 1))} on the map's scale"


def problems(feedback: Feedback, path: str, spans: dict[str, Span]) -> list[Problem]:
    """F001 at each touchpoint's emotion where the answers disagree with the map."""
    found = []
    for item in feedback.touchpoints:
        if item.verdict not in ("map-too-positive", "map-too-negative"):
            continue
        hint = "Update the emotion to what customers report, or change the experience."
        if item.comments:
            quoted = "; ".join(f'"{c.text}" ({c.score})' for c in item.comments)
            hint = f"Customers say: {quoted}. {hint}"
        found.append(Problem(path, spans.get(item.touchpoint, Span(1, 1, 1, 2)), "F001", describe(item, feedback.confidence), "warning", hint))
    return found


def emotion_spans(root, journey) -> dict[str, Span]:
    """Where each touchpoint's emotion score is written, from the composed YAML document."""
    from journeyctl.locate import locate

    spans = {}
    for index, touchpoint in enumerate(journey.touchpoints):
        loc = ("touchpoints", index, "emotion", "score") if touchpoint.emotion is not None else ("touchpoints", index, "id")
        spans[touchpoint.id] = locate(root, loc)
    return spans
