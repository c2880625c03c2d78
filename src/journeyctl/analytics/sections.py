"""The attribution and feedback sections of the ``analyze`` report: data, text and CSV.

``attribution_section`` and ``feedback_section`` turn the engine-free results
(``attribution.py``, ``feedback.py``) into the plain dicts the JSON report carries under
``measures.attribution`` and ``measures.feedback`` (figures rounded to 6 decimals here,
and only here); ``print_text`` writes them for people through the report's rich console;
``csv_tables`` gives one CSV file per table.
"""

from __future__ import annotations

from journeyctl.analytics.attribution import LABELS, NO_CHANNEL, Attribution, attribute, channel_paths

SHORT = {**LABELS, "position_based": "40/20/40"}  # column heads that fit the text report
from journeyctl.analytics.feedback import KIND_NAMES, SCALES, Feedback, Interval
from journeyctl.analytics.markov import PathCount

DIGITS = 6


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, DIGITS) + 0.0


def _level(result: Attribution, names: dict[str, str] | None = None) -> dict:
    data = result.to_dict(DIGITS)
    if names:
        for row in data["rows"]:
            row["label"] = names.get(row["name"], row["name"])
    return data


DEFAULT_HALF_LIFE = {"events": "7d", "paths": "1"}


def half_life_of(text: str | None, source: str) -> dict:
    """``--half-life``: a duration (7d, 12h) decays by time, a plain number by touches."""
    from journeyctl.analytics.plan import duration_seconds
    from journeyctl.analytics.read import DataError

    text = (text or DEFAULT_HALF_LIFE[source]).strip()
    try:
        touches = float(text)
    except ValueError:
        touches = None
    if touches is not None:
        if not touches > 0 or touches == float("inf"):
            raise DataError(f"--half-life {text}: the half-life must be more than 0")
        return {"touches": touches}
    try:
        seconds = duration_seconds(text)
    except ValueError:
        raise DataError(f"--half-life {text}: write a number of touches (1, 2.5) or a time (30m, 12h, 7d)") from None
    if source != "events":
        raise DataError(f"--half-life {text}: a path file has no times; give the half-life in touches, such as --half-life 1")
    if seconds <= 0:
        raise DataError(f"--half-life {text}: the half-life must be more than 0")
    return {"seconds": seconds, "text": text}


def channel_group(touchpoint) -> str | None:
    """The channel a touchpoint's credit goes to: its channel, or its several channels as one
    group ("social + web"), so a step on more than one channel is not counted as none."""
    return " + ".join(touchpoint.channel_ids) or None


def attribution_section(
    paths: list[PathCount],
    *,
    source: str,
    channel_of: dict[str, str | None] | None = None,
    names: dict[str, str] | None = None,
    half_life: dict | None = None,
    order: int = 1,
    has_value: bool = False,
    time_decay_credit: dict[str, tuple[float, float]] | None = None,
) -> dict:
    """Every model per touchpoint and per channel (event logs), or per path step (path files).

    ``half_life`` is ``half_life_of``'s answer; decay by time needs ``time_decay_credit``
    per touchpoint (``decay.credit_by_time``), summed here per channel."""
    half_life = half_life or {"touches": 1.0}
    section: dict = {"definition": "attribution", "source": source, "half_life": half_life, "markov_order": order}
    settings = dict(half_life=half_life.get("touches", 1.0), order=order, has_value=has_value)
    if channel_of is not None:
        by_channel = None
        if time_decay_credit is not None:
            by_channel = {}
            for name, (conversions, value) in time_decay_credit.items():
                channel = channel_of.get(name) or NO_CHANNEL
                old = by_channel.get(channel, (0.0, 0.0))
                by_channel[channel] = (old[0] + conversions, old[1] + value)
        section["touchpoints"] = _level(attribute(paths, time_decay_credit=time_decay_credit, **settings), names)
        section["channels"] = _level(attribute(channel_paths(paths, channel_of), time_decay_credit=by_channel, **settings))
    else:
        section["channels"] = _level(attribute(paths, **settings))
    return section


def _interval(interval: Interval | None, scale: float = 1.0) -> list[float] | None:
    return None if interval is None else [_r(interval.low * scale), _r(interval.high * scale)]


def _summary(s) -> dict:
    data = {
        "survey": s.kind,
        "responses": s.responses,
        "mean": _r(s.mean),
        "mean_interval": _interval(s.mean_interval),
        "distribution": {str(k): v for k, v in s.distribution.items()},
        "share": _r(s.share),
        "share_interval": _interval(s.share_interval),
        "measured_emotion": _r(max(-2.0, min(2.0, s.emotion))),
    }
    if s.kind == "nps":
        data.update(nps=_r(s.nps), nps_interval=_interval(s.nps_interval), detractors=_r(s.detractors))
    return data


def feedback_section(result: Feedback, source: str) -> dict:
    return {
        "definition": "feedback",
        "source": source,
        "answers": result.answers,
        "used": sum(t.summary.responses for t in result.touchpoints),
        "unmatched": result.unmatched,
        "invalid": result.invalid,
        "confidence": result.confidence,
        "threshold_csat_points": result.threshold,
        "min_answers": result.min_answers,
        "touchpoints": [
            {
                "touchpoint": t.touchpoint,
                "name": t.name,
                "stage": t.stage,
                **_summary(t.summary),
                "customers": t.customers,
                "map_emotion": t.map_emotion,
                "map_expected": _r(t.expected),
                "verdict": t.verdict,
                "comments": [{"score": c.score, "text": c.text} for c in t.comments],
            }
            for t in result.touchpoints
        ],
        "stages": [{"stage": s.stage, "name": s.name, **_summary(s.summary), "map_emotion": _r(s.map_emotion)} for s in result.stages],
    }


# -- text ----------------------------------------------------------------------------------

VERDICTS = {
    "agrees": "agrees",
    "map-too-positive": "map too positive",
    "map-too-negative": "map too negative",
    "too-few-answers": "too few answers",
    "no-emotion": "no emotion on the map",
}


def _credit(x: float) -> str:
    return f"{x:,.2f}"


def _total(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.2f}"


def _pct(x: float | None, digits: int = 1) -> str:
    return "–" if x is None else f"{x * 100:.{digits}f}%"


def _num(x: float | None, digits: int = 1) -> str:
    if x is None:
        return "–"
    text = f"{x:,.{digits}f}"
    return text[1:] if text.startswith("-") and float(text.replace(",", "")) == 0 else text


def _signed(x: float | None) -> str:
    if x is None:
        return "–"
    return "0" if x == 0 else f"{x:+.1f}".replace(".0", "") if float(x).is_integer() else f"{x:+.1f}"


def _span(interval: list[float] | None, digits: int = 1, pct: bool = False) -> str:
    if interval is None:
        return ""
    low, high = interval
    return f" ({_pct(low, 0)}-{_pct(high, 0)})" if pct else f" ({_num(low, digits)}-{_num(high, digits)})"


def print_text(console, section_title, table, attribution: dict | None, feedback: dict | None) -> None:
    """Both sections, with the report's own ``section_title(text)`` and ``table(columns, rows)``."""
    if attribution:
        for level, label in (("touchpoints", "Touchpoint"), ("channels", "Channel" if attribution["source"] == "events" else "Path step")):
            data = attribution.get(level)
            if not data:
                continue
            models = data["models"]
            half = attribution["half_life"]
            decay = half["text"] if "seconds" in half else f"{half['touches']:g} touch{'' if half['touches'] == 1 else 'es'}"
            head = (
                f"Attribution per {label.lower()}: credit for {_total(data['conversions'])} conversion{'' if data['conversions'] == 1 else 's'}"
                f" (Markov order {attribution['markov_order']}, time decay half-life {decay})"
            )
            section_title(head)
            effects = (data.get("markov") or {}).get("removal_effects", {})
            columns = [(label, "left")] + [(SHORT[m], "right") for m in models] + [("Removal effect", "right")]
            table(columns, [[row["name"], *(_credit(row["conversions"][m]) for m in models), _pct(effects.get(row["name"]))] for row in data["rows"]])
            lost = data.get("unattributed_conversions")
            if lost:
                console.print(f"{_total(lost)} conversion{' had' if lost == 1 else 's had'} no touchpoint before {'it' if lost == 1 else 'them'}: nobody to credit.")
            if "value" in data:
                section_title(f"Attribution of value per {label.lower()}: {_total(data['value'])} in all")
                table([(label, "left")] + [(SHORT[m], "right") for m in models], [[row["name"], *(_credit(row["value"][m]) for m in models)] for row in data["rows"]])
    if feedback:
        section_title(
            f"Feedback against the map ({round(feedback['confidence'] * 100)}% intervals; they disagree beyond "
            f"{feedback['threshold_csat_points']:g} CSAT point{'' if feedback['threshold_csat_points'] == 1 else 's'}, with at least {feedback['min_answers']} answers)"
        )
        rows = []
        for t in feedback["touchpoints"]:
            kind = t["survey"]
            low, high = SCALES[kind]
            figure = f"NPS {_num(t['nps'], 0)}{_span(t['nps_interval'], 0)}" if kind == "nps" else f"{_pct(t['share'], 0)}{_span(t['share_interval'], pct=True)}"
            expected = "–" if t["map_expected"] is None else f"{_signed(t['map_emotion'])} = {_num(t['map_expected'])}"
            rows.append(
                [
                    t["touchpoint"],
                    KIND_NAMES[kind],
                    f"{t['responses']:,}",
                    f"{_num(t['mean'])} of {high}{_span(t['mean_interval'])}",
                    figure,
                    expected,
                    VERDICTS[t["verdict"]],
                ]
            )
        table([("Touchpoint", "left"), ("Survey", "left"), ("Answers", "right"), ("Mean (95%)", "right"), ("Score (95%)", "right"), ("Map says", "right"), ("", "left")], rows)
        if feedback["stages"]:
            table(
                [("Stage", "left"), ("Survey", "left"), ("Answers", "right"), ("Mean (95%)", "right"), ("Map emotion", "right")],
                [
                    [s["stage"], KIND_NAMES[s["survey"]], f"{s['responses']:,}", f"{_num(s['mean'])} of {SCALES[s['survey']][1]}{_span(s['mean_interval'])}", _signed(s["map_emotion"])]
                    for s in feedback["stages"]
                ],
            )
        said = [t for t in feedback["touchpoints"] if t["comments"]]
        if said:
            section_title("What customers say")
            table(
                [("Touchpoint", "left"), ("Score", "right"), ("Comment", "left")],
                [[t["touchpoint"], str(c["score"]), c["text"]] for t in said for c in t["comments"]],
            )
        unmatched = feedback["unmatched"]
        if unmatched or feedback["invalid"]:
            parts = []
            if unmatched:
                top = sorted(unmatched.items(), key=lambda item: (-item[1], item[0]))[:5]
                total = sum(unmatched.values())
                parts.append(f"{total:,} answer{'' if total == 1 else 's'} about nothing on the map ({', '.join(f'{k}: {v:,}' for k, v in top)})")
            if feedback["invalid"]:
                parts.append(f"{feedback['invalid']:,} answer{'' if feedback['invalid'] == 1 else 's'} with a score off the survey's scale or no survey")
            console.print("Left out: " + "; ".join(parts) + ".")


# -- CSV -----------------------------------------------------------------------------------


def csv_tables(csv, attribution: dict | None, feedback: dict | None) -> dict[str, str]:
    """File name -> text, with the report's ``csv(header, rows)``."""
    tables: dict[str, str] = {}
    if attribution:
        for level in ("touchpoints", "channels"):
            data = attribution.get(level)
            if not data:
                continue
            models = data["models"]
            effects = (data.get("markov") or {}).get("removal_effects", {})
            header = ["name", *models, "removal_effect"] + ([f"value_{m}" for m in models] if "value" in data else [])
            rows = [
                [row["name"], *(row["conversions"][m] for m in models), effects.get(row["name"])] + ([row["value"][m] for m in models] if "value" in data else [])
                for row in data["rows"]
            ]
            tables[f"attribution_{level}.csv"] = csv(header, rows)
    if feedback:
        keys = ["survey", "responses", "mean", "mean_low", "mean_high", "share", "share_low", "share_high", "nps", "nps_low", "nps_high"]

        def figures(item: dict) -> list:
            m, s, n = item["mean_interval"] or [None, None], item["share_interval"] or [None, None], item.get("nps_interval") or [None, None]
            return [item["survey"], item["responses"], item["mean"], m[0], m[1], item["share"], s[0], s[1], item.get("nps"), n[0], n[1]]

        tables["feedback_touchpoints.csv"] = csv(
            ["touchpoint", "stage", *keys, "map_emotion", "map_expected", "verdict"],
            [[t["touchpoint"], t["stage"], *figures(t), t["map_emotion"], t["map_expected"], t["verdict"]] for t in feedback["touchpoints"]],
        )
        tables["feedback_stages.csv"] = csv(["stage", *keys, "map_emotion"], [[s["stage"], *figures(s), s["map_emotion"]] for s in feedback["stages"]])
        tables["feedback_comments.csv"] = csv(
            ["touchpoint", "survey", "score", "comment"], [[t["touchpoint"], t["survey"], c["score"], c["text"]] for t in feedback["touchpoints"] for c in t["comments"]]
        )
    return tables


# -- plugging into analyze -------------------------------------------------------------------


def add_map_times(analysis, journey) -> None:
    """The time the map gives each stage (its ``time.duration``) beside the time measured in it.

    When the map gives any stage a duration, every row of ``time_per_stage`` gets
    ``map_duration`` (as the map writes it, or None) and ``map_seconds``."""
    from journeyctl.analytics.plan import duration_seconds

    given = {stage.id: stage.time.duration for stage in journey.stages if stage.time is not None and stage.time.duration}
    if not given:
        return
    for row in analysis.time_per_stage:
        text = given.get(row["stage"])
        row["map_duration"] = text
        row["map_seconds"] = None if text is None else duration_seconds(text)


def add_sections(analysis, doc, plan, options, matched=None, con=None) -> None:
    """Attribution (from ``--paths``, else from the events when the map has a conversion)
    and feedback (``--feedback``) into the analysis; F001 problems join its problems; the
    map's stage times beside the measured ones (``add_map_times``)."""
    from journeyctl.analytics import inputs
    from journeyctl.analytics.read import DataError

    journey = doc.journey
    add_map_times(analysis, journey)
    try:
        path_columns = inputs.overrides(options.paths_columns, inputs.PATH_ROLES, "--paths-column")
        feedback_columns = inputs.overrides(options.feedback_columns, inputs.FEEDBACK_ROLES, "--feedback-column")
    except ValueError as error:
        raise DataError(str(error)) from None
    if options.paths:
        half_life = half_life_of(options.half_life, "paths")
        paths, has_value = inputs.read_paths(options.paths, path_columns, con)
        analysis.attribution = attribution_section(paths, source="paths", has_value=has_value, half_life=half_life, order=options.markov_order)
    elif matched is not None and plan.conversion:
        from journeyctl.analytics import decay, queries

        half_life = half_life_of(options.half_life, "events")
        rows = queries.paths(matched, plan.touchpoints)
        paths = [PathCount(tuple(r["path"]), r["conversions"], r["nulls"], r["value"]) for r in rows]
        analysis.attribution = attribution_section(
            paths,
            source="events",
            channel_of={t.id: channel_group(t) for t in journey.touchpoints},
            names={t.id: t.name for t in journey.touchpoints},
            has_value=bool(plan.columns.get("value")),
            half_life=half_life,
            order=options.markov_order,
            time_decay_credit=decay.credit_by_time(matched, half_life["seconds"]) if "seconds" in half_life else None,
        )
    if options.feedback:
        from journeyctl.analytics import feedback as feedback_measures

        survey = inputs.kind_of(options.survey) if options.survey else None
        if options.survey and survey is None:
            raise DataError(f"--survey {options.survey}: the surveys are csat (1-5), nps (0-10) and ces (1-7)")
        read = inputs.read_feedback(options.feedback, journey, feedback_columns, survey, con)
        result = feedback_measures.compare(
            read.answers,
            journey,
            threshold=options.feedback_threshold,
            min_answers=options.min_answers,
            unmatched=read.unmatched,
            invalid=read.invalid,
        )
        analysis.feedback = feedback_section(result, options.feedback)
        analysis.problems = [*analysis.problems, *feedback_measures.problems(result, doc.path, feedback_measures.emotion_spans(doc.data, journey))]
        if read.no_customer:
            analysis.notes.append(f"{read.no_customer:,} feedback answers without a customer id left out.")


def files_only(doc, plan, options):
    """The analysis when there is no event log: only the path and feedback files."""
    from journeyctl.analytics.report import Analysis

    sources = [f for f in (options.paths, options.feedback) if f]
    analysis = Analysis(
        journey={"id": doc.journey.id, "title": doc.journey.title, "path": doc.path},
        data={"sources": sources, "engine": None, "events": None},
        settings={"conversion": plan.conversion},
    )
    add_sections(analysis, doc, plan, options)
    return analysis
