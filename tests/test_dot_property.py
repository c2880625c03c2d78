"""Property: every valid journey draws, whatever its text says.

Journeys are generated with hostile text in every place the drawing shows
(quotes, backslashes, braces, markup, line breaks, control characters, bidi
overrides, non-characters, wide and combining characters), written as YAML and
checked as ``validate`` checks them. Each one that is valid goes through the real
DOT writer and the real layout engine (graphviz-pure), in both views and for a
persona; the engine must accept every one. A journey that is not valid may only
be refused for blank text.
"""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journeyctl.checker import check
from journeyctl.render import render

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

FRAGMENTS = [
    '"', "'", "\\", "\\N", "\\G", "\\L", "\\n", "{", "}", "[", "]", "<", ">", "&", "&amp;", "<b>", "</td>", "<br/>",
    ";", ",", "=", "->", "--", "//", "/*", "#", "\n", "\r", "\r\n", "\t", "\x00", "\x07", "\x1b[2J", "\x7f", "\x85",
    "\u2028", "\u202e", "\u200b", "\ufeff", "\ufffe", "\u3000", "é", "e\u0301", "漢字", "😀", "label=x", "node [shape=box]",
    " ", "x",
]
hostile = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=8).map("".join),
    st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=30),
)


@st.composite
def journeys(draw) -> dict:
    stages = [{"id": f"s{i}", "name": draw(hostile)} for i in range(draw(st.integers(1, 3)))]
    channels = [{"id": "web", "name": draw(hostile)}]
    personas = [{"id": "p", "name": draw(hostile)}]
    count = draw(st.integers(1, 4))
    touchpoints = []
    for i in range(count):
        touchpoint: dict = {"id": f"t{i}", "name": draw(hostile), "stage": stages[min(i, len(stages) - 1)]["id"]}
        if draw(st.booleans()):
            touchpoint["channel"] = "web"
        if draw(st.booleans()):
            touchpoint["emotion"] = {"score": draw(st.sampled_from([-2, -1, 0, 1.5, 2])), "label": draw(hostile)}
        if draw(st.booleans()):
            touchpoint["pain_points"] = [draw(hostile)]
        touchpoint["lane"] = draw(st.sampled_from(["customer", "frontstage", "backstage", "support"]))
        touchpoint["milestone"] = draw(st.booleans())
        touchpoint["moment_of_truth"] = draw(st.booleans())
        if i + 1 < count:
            touchpoint["next"] = [{"to": f"t{i + 1}", "label": draw(hostile), "condition": draw(hostile)}]
        else:
            touchpoint["end"] = True
        touchpoints.append(touchpoint)
    return {
        "version": 1,
        "id": "hostile",
        "title": draw(hostile),
        "status": "as-is",
        "personas": personas,
        "channels": channels,
        "stages": stages,
        "touchpoints": touchpoints,
    }


@SETTINGS
@given(data=journeys())
def test_every_valid_journey_draws(tmp_path, data):
    path = tmp_path / "hostile.journey.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    report = check([str(path)])
    [doc] = report.documents
    if doc.journey is None:
        assert doc.problems and all(p.code == "S004" and "blank" in p.message for p in doc.problems), doc.problems
        return
    for view, persona in (("flow", None), ("blueprint", None), ("flow", "p")):
        svg = render(doc.journey, "svg", view=view, persona=persona, engine="graphviz-pure")
        assert svg.lstrip().startswith(b"<")


def test_blank_text_is_refused_not_drawn(tmp_path):
    """The journeys the property skips: blank names are an error where text is required."""
    for blank in (" ", "\t", "\u3000", "\x01", "\u200b", "\ufeff \u202e"):
        data = {"version": 1, "id": "j", "title": "T", "stages": [{"id": "s", "name": blank}]}
        path = tmp_path / "blank.journey.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        [doc] = check([str(path)]).documents
        assert [(p.code, p.message) for p in doc.problems] == [("S004", '"name" is blank: it holds only spaces or invisible characters')], blank
