"""The measured map: ``journeyctl analyze --format html``, one self-contained page.

The page is the journey-map page's sibling: the same templates folder
(``report.html`` extends ``base.html``, with the shared ``style.css`` and its own
``report.css``), the same sandboxed, autoescaping environment
(``render.html.environment``), the same Content-Security-Policy (no script, no
request). Its figures come from the analysis's JSON document (``Analysis.to_dict``),
so the page and ``--format json`` never disagree; the charts are inline SVG from
``charts`` and each has a table of the same figures beside it.

With an event log, the flow diagram is drawn with the observed traffic on it
(``render.flow`` with a ``Traffic``), as ``journeyctl render --events`` draws it.
"""

from __future__ import annotations

from journeyctl.analytics import charts
from journeyctl.analytics.report import Analysis, duration, number, percent, plural

TEMPLATE = "report.html"
MODEL_ORDER = ("first_touch", "last_touch", "linear", "time_decay", "position_based", "markov")


def _tp_names(journey) -> dict[str, str]:
    return {t.id: t.name for t in journey.touchpoints}


def _map_time(model) -> str | None:
    """What the map says of a stage's or step's time, in the journey page's words: "takes 1 week · once a year"."""
    from journeyctl.render.html_content import timing

    words = timing(model)
    return None if words is None else words.text


def _stages(measures: dict, journey) -> list[dict]:
    """The journey's stages in order, each with its touchpoints and their figures.

    Beside the measured time in a stage, the time the map gives it (``time``); beside a
    step, its own time, and the steps it serves (a support step has no events of its own)."""
    customers = {s["stage"]: s for s in measures["stages"]["stages"]}
    counts = {t["touchpoint"]: t for t in measures["touchpoints"]["touchpoints"]}
    steps = {s["touchpoint"]: s for s in measures["funnel"]["steps"]}
    support = {s["touchpoint"] for s in measures["support"]["touchpoints"]}
    medians = {s["stage"]: s.get("median") for s in measures.get("time_per_stage", {}).get("stages", [])}
    names = _tp_names(journey)
    out = []
    for stage in journey.stages:
        row = customers.get(stage.id)
        touchpoints = []
        for t in (t for t in journey.touchpoints if t.stage == stage.id):
            count = counts.get(t.id)
            step = steps.get(t.id)
            touchpoints.append(
                {
                    "id": t.id,
                    "name": t.name,
                    "tracked": count is not None,
                    "customers": None if count is None else count["customers"],
                    "events": None if count is None else count["events"],
                    "step": step,
                    "support": t.id in support,
                    "map_time": _map_time(t),
                    "serves": [names.get(i, i) for i in t.serves],
                }
            )
        out.append(
            {
                "id": stage.id,
                "name": stage.name,
                "customers": None if row is None else row["customers"],
                "share": None if row is None else row["share_of_customers"],
                "median": medians.get(stage.id),
                "map_time": _map_time(stage),
                "touchpoints": touchpoints,
            }
        )
    return out


def _funnel(steps: list[dict]) -> dict:
    rows = [(f"{s['step']}. {s['name']}", s["customers"], f"{number(s['customers'])} ({percent(s['share_of_first'])})") for s in steps]
    return {"steps": steps, "chart": charts.bars(rows, label="Funnel along the map: customers at each step") if rows else None}


def _histogram(data: dict, what: str, title: str) -> dict:
    bins = data.get("histogram", [])
    rows = [(b["bin"], b["customers"], number(b["customers"])) for b in bins]
    return {"bins": bins, "chart": charts.columns(rows, label=f"{title}: customers per {what}") if rows else None, **{k: v for k, v in data.items() if k != "histogram"}}


def _channels(rows: list[dict]) -> dict:
    bars = [(c["channel"] if c["channel"] is not None else "(no channel)", c["conversions"], f"{number(c['conversions'])} ({percent(c['share'])})") for c in rows]
    return {"rows": rows, "chart": charts.bars(bars, label="Where conversions happen: conversions per channel") if bars else None}


def _support(item: dict) -> dict:
    """A support touchpoint; its chart: the reasons (with --breakdown), else what came just before."""
    if item["breakdown"] is not None:
        rows = [(b["value"] if b["value"] is not None else "(none)", b["events"], f"{number(b['events'])} ({percent(b['share_of_events'])})") for b in item["breakdown"]]
        label = f"Why customers go to {item['name']}: events per reason"
    else:
        rows = [(b["name"] if b["touchpoint"] is not None else "(nothing on the map)", b["events"], f"{number(b['events'])} ({percent(b['share_of_events'])})") for b in item["before"]]
        label = f"What customers did just before {item['name']}: events per touchpoint"
    return {**item, "chart": charts.bars(rows, label=label) if rows else None}


def _attribution(section: dict | None) -> list[dict]:
    if not section:
        return []
    from journeyctl.analytics.sections import SHORT

    levels = []
    for level, head in (("touchpoints", "touchpoint"), ("channels", "channel" if section["source"] == "events" else "path step")):
        data = section.get(level)
        if not data:
            continue
        models = [m for m in MODEL_ORDER if m in data["models"]] + [m for m in data["models"] if m not in MODEL_ORDER]
        rows = data["rows"]
        effects = (data.get("markov") or {}).get("removal_effects", {})
        series = [(SHORT.get(m, m), [row["conversions"][m] for row in rows]) for m in models]
        labels = [row.get("label", row["name"]) for row in rows]
        levels.append(
            {
                "level": level,
                "head": head,
                "models": [(m, SHORT.get(m, m)) for m in models],
                "rows": [{"name": row["name"], "label": row.get("label", row["name"]), "credit": [f"{row['conversions'][m]:,.2f}" for m in models], "effect": percent(effects.get(row["name"]))} for row in rows],
                "conversions": data["conversions"],
                "chart": charts.grouped(labels, series, label=f"Conversions credited per {head} by each attribution model"),
            }
        )
    return levels


def _feedback(section: dict | None, journey) -> dict | None:
    if not section:
        return None
    from journeyctl.render.emotion_chart import score_text
    measured = {t["touchpoint"]: t for t in section["touchpoints"]}
    points, assumed, felt, rows = [], [], [], []
    for t in journey.touchpoints:
        score = t.emotion.score if t.emotion is not None else None
        answer = measured.get(t.id)
        if score is None and answer is None:
            continue
        points.append(t.name)
        assumed.append(None if score is None else float(score))
        felt.append(None if answer is None else answer["measured_emotion"])
        rows.append({"number": len(points), "id": t.id, "name": t.name, "assumed": "–" if score is None else score_text(score), "answer": answer, "measured": None if answer is None else score_text(round(answer["measured_emotion"], 1))})
    chart = None
    if points:
        chart = charts.curves(points, [("The map assumes", assumed, "circle"), ("Customers say", felt, "square")], label="The emotion the map assumes and the one customers report, per touchpoint, on the map's scale from -2 to +2")
    comments = [{"touchpoint": t["name"], "score": c["score"], "text": c["text"], "survey": t["survey"]} for t in section["touchpoints"] for c in t["comments"]]
    return {**section, "rows": rows, "chart": chart, "comments": comments}


def _drift(drift: dict, names: dict[str, str]) -> dict:
    unmapped = drift.get("unmapped_transitions", [])
    unseen = drift.get("unseen_links", [])
    rows = [(names.get(r["from"], r["from"]), names.get(r["to"], r["to"]), f"{r['transitions']:,} times, not on the map", "unmapped") for r in unmapped]
    rows += [(names.get(r["from"], r["from"]), names.get(r["to"], r["to"]), "on the map, never taken", "unseen") for r in unseen]
    chart = charts.links(rows, label="Drift: steps customers take that the map lacks (dashed), and steps on the map nobody takes (grey)") if rows else None
    return {**drift, "chart": chart, "names": names}


def context(analysis: Analysis, doc, flow_svg: str | None = None) -> dict:
    """What ``report.html`` receives: the JSON document's parts, plus charts and the stage cards."""
    data = analysis.to_dict()
    measures = data["measures"]
    journey = doc.journey
    names = _tp_names(journey)
    out: dict = {
        "journey": data["journey"],
        "data": data["data"],
        "settings": data["settings"],
        "notes": data["notes"],
        "problems": data["problems"],
        "has_events": analysis.has_events,
        "attribution": _attribution(measures.get("attribution")),
        "feedback": _feedback(measures.get("feedback"), journey),
        "flow_svg": flow_svg,
        "names": names,
    }
    if analysis.has_events:
        seconds = measures["time_to_conversion"].get("seconds", {})
        out.update(
            stages=_stages(measures, journey),
            funnel=_funnel(measures["funnel"]["steps"]),
            abandonment=measures["abandonment"]["pairs"],
            channels=_channels(measures["conversion_channels"]["channels"]),
            time=_histogram(measures["time_to_conversion"], "time to purchase", "Time to purchase"),
            time_words={k: duration(seconds.get(k)) for k in ("median", "p75", "p90", "mean")},
            before=_histogram(measures["before_conversion"].get("events", {}), "number of touchpoints", "Touchpoints before purchase"),
            sessions=measures["before_conversion"].get("sessions", {}),
            support=[_support(s) for s in measures["support"]["touchpoints"]],
            breakdown=measures["support"]["breakdown"],
            drift=_drift(measures["drift"], names),
            mapped_share=1 - (measures["drift"].get("unmapped_share") or 0),
        )
    return out


def render(analysis: Analysis, doc, *, flow_svg: str | None = None) -> str:
    """The page as text; ``render.html.TemplateError`` when the template fails."""
    from journeyctl.render.html import environment, render_template
    from journeyctl.render.svg_embed import embeddable_svg

    env = environment()
    env.filters["number"] = number
    env.filters["percent"] = percent
    env.filters["duration"] = duration
    env.filters["plural"] = plural  # "1 customer", "2 customers"
    return render_template(env, TEMPLATE, context(analysis, doc, embeddable_svg(flow_svg) if flow_svg else None))


def traffic_svg(analysis: Analysis, doc) -> str | None:
    """The flow diagram with the observed traffic, or None when there is no event log or no layout engine."""
    if not analysis.has_events:
        return None
    from journeyctl.render import EngineError, flow_svg
    from journeyctl.render.flow import traffic_from

    try:
        return flow_svg(doc.journey, traffic=traffic_from(analysis.to_dict()["measures"]))
    except EngineError:
        return None
