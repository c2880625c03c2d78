"""Write a journey as a Mermaid ``journey`` diagram, and say what it could not hold.

Stages become sections in their order, touchpoints tasks in their stage (in the
file's order), personas actors: a touchpoint's own personas, or all of them when
it names none. The emotion becomes Mermaid's score ``round(emotion) + 3`` (halves
away from zero), so -2 (the worst) is 1 (Mermaid's worst); a touchpoint without an
emotion is 3, neutral.

Mermaid's journey holds only titles, names, scores and actors, so the rest is
counted in ``dropped``: ``["3 pain points", "2 channels", ...]``. Characters that
Mermaid reads as syntax (``:``, ``;``, ``#``, line breaks) are written as a
space-dash or comma, and a name Mermaid would read as a keyword gets a leading
character it ignores; those are counted too.
"""

from __future__ import annotations

import math
import re

from journeyctl.model import Journey, Touchpoint

SCORE_MIN, SCORE_MAX, SCORE_NEUTRAL = 1, 5, 3
_KEYWORD_START = re.compile(r"(journey\b|title\s|section\s|acctitle\s*:|accdescr\s*[:{])", re.IGNORECASE)


def emotion_to_score(emotion: float) -> int:
    """-2..2 onto Mermaid's 1..5: rounded half away from zero, then + 3, within 1..5."""
    rounded = math.floor(abs(emotion) + 0.5) * (1 if emotion >= 0 else -1)
    return max(SCORE_MIN, min(SCORE_MAX, int(rounded) + SCORE_NEUTRAL))


class _Counter:
    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def add(self, what: str, count: int = 1) -> None:
        """``what`` is "singular|plural", or one word that takes an s."""
        if count:
            self.counts[what] = self.counts.get(what, 0) + count

    def words(self) -> list[str]:
        said = []
        for what, count in self.counts.items():
            singular, _, plural = what.partition("|")
            said.append(f"{count} {singular if count == 1 else plural or singular + 's'}")
        return said


def _clean(text: str, counter: _Counter, *, colon: bool = False, comma: bool = True, task: bool = False) -> str:
    """Text Mermaid reads back as the same words: no ; # or line breaks, and no : or , where they are syntax."""
    spaced = " ".join(str(text).split())
    cleaned = spaced.replace(";", ",").replace("#", "No.").replace("%%", "%")
    if not colon:
        cleaned = cleaned.replace(":", " -")
    if not comma:
        cleaned = cleaned.replace(",", " -")
    if task and (_KEYWORD_START.match(cleaned) or cleaned.startswith("%")):
        cleaned = "\u2060" + cleaned  # a word joiner: invisible, and Mermaid no longer sees a keyword
    if cleaned != spaced:
        counter.add("name rewritten for Mermaid (it held : ; # , or began like a keyword)|names rewritten for Mermaid (they held : ; # , or began like a keyword)")
    return cleaned or "-"


def _touchpoints_in_order(journey: Journey) -> list[tuple[str, list[Touchpoint]]]:
    by_stage: dict[str, list[Touchpoint]] = {stage.id: [] for stage in journey.stages}
    for touchpoint in journey.touchpoints:
        by_stage.setdefault(touchpoint.stage, []).append(touchpoint)
    names = {stage.id: stage.name for stage in journey.stages}
    return [(names.get(stage_id, stage_id), touchpoints) for stage_id, touchpoints in by_stage.items()]


def _count_dropped(journey: Journey, order: list[Touchpoint], counter: _Counter) -> None:
    for key in ("description", "scenario", "owner", "status", "analytics"):
        counter.add(f"journey {key}|journey {key}", 1 if getattr(journey, key) else 0)
    counter.add("tag", len(journey.tags))
    counter.add("quote", len(journey.quotes))
    counter.add("entry other than the first touchpoint|entries other than the first touchpoint", len([e for e in journey.entry_ids if not order or e != order[0].id]))
    counter.add("phase", len(journey.phases))
    counter.add("custom row", len(journey.rows))
    counter.add("opportunity of the journey|opportunities of the journey (the backlog)", len(journey.opportunities))
    counter.add("channel", len(journey.channels))
    counter.add("persona detail|persona details (description, goals, needs, expectations, frustrations)", sum(bool(p.description) + len(p.goals) + len(p.needs) + len(p.expectations) + len(p.frustrations) for p in journey.personas))
    counter.add("stage detail|stage details (description, goal, expectations, time, KPIs)", sum(bool(s.description) + bool(s.goal) + len(s.expectations) + bool(s.time) + len(s.kpis) for s in journey.stages))
    following = {tp.id: order[index + 1].id for index, tp in enumerate(order[:-1])}
    for tp in order:
        counter.add("touchpoint description", 1 if tp.description else 0)
        counter.add("action", len(tp.actions))
        counter.add("thought", len(tp.thoughts))
        counter.add("pain point", len(tp.pain_points))
        counter.add("fail point", len(tp.fail_points))
        counter.add("wait point", len(tp.wait_points))
        counter.add("physical evidence|pieces of physical evidence", len(tp.physical_evidence))
        counter.add("time of a touchpoint|times of touchpoints", 1 if tp.time else 0)
        counter.add("custom row value", len(tp.rows))
        counter.add("step served|steps served (serves)", len(tp.serves))
        counter.add("parallel step|parallel steps", 1 if tp.parallel else 0)
        counter.add("opportunity|opportunities", len(tp.opportunities))
        counter.add("team", 1 if tp.team else 0)
        counter.add("lane other than customer|lanes other than customer", 1 if tp.lane != "customer" else 0)
        counter.add("milestone or moment of truth|milestones and moments of truth", int(tp.milestone) + int(tp.moment_of_truth))
        counter.add("event mapping|event mappings", len(tp.events))
        counter.add("channel on a touchpoint|channels on touchpoints", len(tp.channel_ids))
        if tp.emotion is not None:
            counter.add("emotion label", 1 if tp.emotion.label else 0)
            counter.add("emotion source", 1 if tp.emotion.source else 0)
            counter.add("emotion by persona|emotions by persona", len(tp.emotion.by_persona))
            counter.add("emotion rounded to a whole score|emotions rounded to a whole score", 0 if float(tp.emotion.score).is_integer() else 1)
        else:
            counter.add("touchpoint without an emotion (shown as 3)|touchpoints without an emotion (shown as 3)")
        for step in tp.next:
            in_order = step.to == following.get(tp.id)
            counter.add("flow other than the written order|flows other than the written order", 0 if in_order else 1)
            counter.add("flow label or condition|flow labels and conditions", bool(step.label) + bool(step.condition))


def to_mermaid(journey: Journey) -> tuple[str, list[str]]:
    """The diagram's text, and what it dropped in words (``["3 pain points", ...]``)."""
    counter = _Counter()
    all_actors = [_clean(persona.name, counter, comma=False) for persona in journey.personas]
    actor_of = {persona.id: actor for persona, actor in zip(journey.personas, all_actors)}
    lines = ["journey", f"  title {_clean(journey.title, counter, colon=True)}"]
    order: list[Touchpoint] = []
    for stage_name, touchpoints in _touchpoints_in_order(journey):
        lines.append(f"  section {_clean(stage_name, counter)}")
        for touchpoint in touchpoints:
            order.append(touchpoint)
            score = emotion_to_score(touchpoint.emotion.score) if touchpoint.emotion is not None else SCORE_NEUTRAL
            actors = [actor_of[p] for p in touchpoint.personas if p in actor_of] or all_actors
            task = f"    {_clean(touchpoint.name, counter, task=True)}: {score}"
            lines.append(task + (f": {', '.join(actors)}" if actors else ""))
    _count_dropped(journey, order, counter)
    return "\n".join(lines) + "\n", counter.words()


def fenced(text: str) -> str:
    """The diagram as a Markdown block, which GitHub draws."""
    return "```mermaid\n" + text + "```\n"
