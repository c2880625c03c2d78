"""Property: every valid journey that uses issue 11's additions draws, whatever its text says.

Generated journeys mix phases, the journey's own rows, several channels and entries,
support steps that serve others, parallel steps, time, fail and wait points and
physical evidence, with hostile text in every place the drawing shows (the texts of
tests/test_dot_property.py), and sometimes no ``next`` at all. Each valid one goes
through the real DOT writer and graphviz-pure in both views and for a persona; the
engine must accept every one, and the same journey must give the same DOT twice.
"""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from test_dot_property import SETTINGS, hostile

from journeyctl.checker import check
from journeyctl.render import dot_source, render

DURATIONS = ["10m", "2h", "3d", "1w"]


@st.composite
def journeys(draw) -> dict:
    stage_count = draw(st.integers(1, 3))
    stages = [{"id": f"s{i}", "name": draw(hostile)} for i in range(stage_count)]
    if draw(st.booleans()):
        stages[0]["time"] = {"duration": draw(st.sampled_from(DURATIONS)), "frequency": draw(hostile)}
    channels = [{"id": "web", "name": draw(hostile)}, {"id": "app", "name": draw(hostile)}]
    count = draw(st.integers(1, 5))
    with_next = draw(st.booleans())
    touchpoints = []
    for i in range(count):
        touchpoint: dict = {"id": f"t{i}", "name": draw(hostile), "stage": stages[min(i, stage_count - 1)]["id"]}
        touchpoint["lane"] = draw(st.sampled_from(["customer", "frontstage", "backstage", "support"]))
        kind = draw(st.sampled_from(["none", "channel", "channels"]))
        if kind == "channel":
            touchpoint["channel"] = "web"
        elif kind == "channels":
            touchpoint["channels"] = ["web", "app"]
        if draw(st.booleans()):
            touchpoint["time"] = {"duration": draw(st.sampled_from(DURATIONS)), "wait": draw(st.sampled_from(DURATIONS)), "frequency": draw(hostile)}
        for key in ("fail_points", "wait_points", "physical_evidence"):
            if draw(st.booleans()):
                touchpoint[key] = [draw(hostile)]
        if draw(st.booleans()):
            touchpoint["rows"] = {"systems": draw(hostile)}
        if i > 0 and draw(st.booleans()):
            touchpoint["serves"] = [f"t{draw(st.integers(0, i - 1))}"]
        if draw(st.booleans()):
            touchpoint["personas"] = ["p"]
        targets = sorted({f"t{n}" for n in draw(st.lists(st.integers(0, count - 1), max_size=2)) if n != i})
        if with_next and targets:
            touchpoint["next"] = targets
            touchpoint["parallel"] = draw(st.booleans())
        else:
            touchpoint["end"] = True
        touchpoints.append(touchpoint)
    data = {
        "version": 1,
        "id": "marks",
        "title": draw(hostile),
        "personas": [{"id": "p", "name": draw(hostile)}],
        "channels": channels,
        "stages": stages,
        "touchpoints": touchpoints,
        "rows": [{"id": "systems", "name": draw(hostile)}],
    }
    if draw(st.booleans()):
        data["phases"] = [{"id": "ph", "name": draw(hostile), "stages": [stage["id"] for stage in stages[:2]]}]
    if draw(st.booleans()):
        data["entry"] = sorted({f"t{n}" for n in draw(st.lists(st.integers(0, count - 1), min_size=1, max_size=2))})
    return data


@settings(SETTINGS, max_examples=40)
@given(data=journeys())
def test_every_valid_journey_with_the_new_marks_draws(tmp_path, data):
    path = tmp_path / "marks.journey.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    [doc] = check([str(path)]).documents
    if doc.journey is None:
        assert doc.problems and all(p.code == "S004" and "blank" in p.message for p in doc.problems), doc.problems
        return
    for view, persona in (("flow", None), ("blueprint", None), ("blueprint", "p")):
        assert dot_source(doc.journey, view, persona) == dot_source(doc.journey, view, persona)
        svg = render(doc.journey, "svg", view=view, persona=persona, engine="graphviz-pure")
        assert svg.lstrip().startswith(b"<")
