"""The map as a tracking plan: touchpoint events and the analytics block, read and checked.

The format accepts the shorthands, refuses what is malformed at the spot, and the
checks (R001 in analytics, R004 ambiguous-event, L017 conversion-without-events) report
through the real ``journeyctl validate`` at the exact line and column.
"""

from __future__ import annotations

import json

import pytest
from helpers import ROOT, problems, where, write
from test_docs_format import code, section, table

from journeyctl.model import DURATION_PATTERN, Analytics, Columns, EventMatch, Journey, Touchpoint, duration_seconds

HEAD = """\
version: 1
id: shop
title: Buying a lamp
stages:
  - id: buy
    name: Buy
touchpoints:
"""


def tp(ident: str, extra: str = "") -> str:
    return f"  - id: {ident}\n    name: {ident.capitalize()}\n    stage: buy\n    end: true\n{extra}"


def check(tmp_path, text: str, lint: bool = False):
    path = write(tmp_path, "shop.journey.yaml", text)
    return problems(str(path), lint=lint)


# --- the format ----------------------------------------------------------------------

def test_events_shorthands_read_as_lists_of_matchers():
    base = {"id": "t", "name": "T", "stage": "s"}
    assert Touchpoint.model_validate({**base, "events": "order_placed"}).events == [EventMatch(event="order_placed")]
    assert Touchpoint.model_validate({**base, "events": {"event": "page_view", "where": {"page": "/p/*"}}}).events == [
        EventMatch(event="page_view", where={"page": "/p/*"})
    ]
    both = Touchpoint.model_validate({**base, "events": ["a", {"event": "b", "channel": "app"}]}).events
    assert both == [EventMatch(event="a"), EventMatch(event="b", channel="app")]
    assert Touchpoint.model_validate(base).events == []


def test_analytics_defaults_and_a_single_conversion_id():
    analytics = Analytics.model_validate({"conversion": "pays"})
    assert analytics.conversion == ["pays"]
    assert (analytics.funnel, analytics.support, analytics.window, analytics.session_gap) == (None, None, "14d", "30m")
    assert analytics.columns == Columns(customer="customer_id", timestamp="timestamp", event="event", channel="channel", value=None)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("45s", 45), ("30m", 1800), ("36h", 129600), ("14d", 1209600), ("2w", 1209600), ("0d", 0), ("7 d", 604800)],
)
def test_duration_seconds(text, seconds):
    assert duration_seconds(text) == seconds


@pytest.mark.parametrize("text", ["14", "d", "1.5h", "14 days", "-1d", "14D", ""])
def test_duration_seconds_refuses_what_is_not_a_duration(text):
    with pytest.raises(ValueError):
        duration_seconds(text)


def test_a_map_with_events_and_analytics_is_valid(tmp_path):
    text = HEAD + tp("views", "    events: [product_viewed, {event: page_view, channel: web, where: {page: '/p/*'}}]\n")
    text += tp("pays", "    events: order_placed\n")
    text += "analytics:\n  conversion: pays\n  funnel: [views, pays]\n  window: 7d\n  session_gap: 45m\n  columns: {customer: user_id, value: total}\n"
    assert check(tmp_path, text, lint=True) == (0, [])


def test_a_malformed_duration_is_refused_at_its_value(tmp_path):
    text = HEAD + tp("pays", "    events: order_placed\n") + "analytics:\n  conversion: pays\n  window: 14 days\n"
    code_, records = check(tmp_path, text)
    assert code_ == 1
    assert where(records) == [(15, 11, "S004")]
    assert "a length of time such as 30m or 14d" in records[0]["message"]


def test_an_event_matcher_without_its_event_and_an_unknown_key(tmp_path):
    text = HEAD + tp("pays", "    events:\n      - channel: web\n      - {event: x, chanel: web}\n")
    code_, records = check(tmp_path, text)
    assert code_ == 1
    assert where(records) == [(13, 9, "S002"), (14, 20, "S001")]
    assert records[1]["hint"] == 'Did you mean "channel"?'


def test_analytics_needs_a_conversion(tmp_path):
    text = HEAD + tp("pays", "    events: order_placed\n") + "analytics:\n  window: 7d\n"
    code_, records = check(tmp_path, text)
    assert (code_, where(records)) == (1, [(14, 3, "S002")])


# --- R001 in the analytics block -------------------------------------------------------

def test_unknown_ids_in_conversion_funnel_and_support_are_r001_at_the_id(tmp_path):
    text = HEAD + tp("views", "    events: product_viewed\n") + tp("pays", "    events: order_placed\n")
    text += "analytics:\n  conversion: pay\n  funnel: [views, checkout]\n  support:\n    - calls\n"
    code_, records = check(tmp_path, text)
    assert code_ == 1
    assert where(records) == [(19, 15, "R001"), (20, 19, "R001"), (22, 7, "R001")]
    assert records[0]["message"] == 'unknown touchpoint "pay" in the analytics conversion'
    assert records[0]["hint"] == 'Did you mean "pays"?'
    assert records[1]["message"] == 'unknown touchpoint "checkout" in the analytics funnel'
    assert records[2]["message"] == 'unknown touchpoint "calls" in the analytics support'
    assert records[2]["hint"] == "Known touchpoints: pays, views."


def test_analytics_ids_are_checked_even_when_the_schema_fails(tmp_path):
    text = HEAD + tp("pays", "    events: order_placed\n    lane: nowhere\n") + "analytics:\n  conversion: [pays, paid]\n"
    _, records = check(tmp_path, text)
    assert where(records) == [(13, 11, "S004"), (15, 22, "R001")]


# --- R004 ambiguous-event ---------------------------------------------------------------

def test_two_touchpoints_with_the_same_event_are_r004_at_the_second(tmp_path):
    text = HEAD + tp("pays", "    events: order_placed\n") + tp("pays-again", "    events: [refund, order_placed]\n")
    code_, records = check(tmp_path, text)
    assert code_ == 1
    assert where(records) == [(17, 22, "R004")]
    assert records[0]["name"] == "ambiguous-event"
    assert records[0]["message"] == (
        'the touchpoint "pays-again" claims the event "order_placed", as the touchpoint "pays" does on line 12: no event can stand for this one'
    )


def test_same_conditions_in_another_order_are_the_same_matcher(tmp_path):
    first = "    events:\n      - event: page_view\n        channel: web\n        where: {page: /cart, step: '2'}\n"
    second = "    events:\n      - {where: {step: '2', page: /cart}, channel: web, event: page_view}\n"
    code_, records = check(tmp_path, HEAD + tp("basket", first) + tp("cart", second))
    assert (code_, where(records)) == (1, [(21, 64, "R004")])
    assert 'the event "page_view" on the channel "web" where page is "/cart" and step is "2"' in records[0]["message"]


@pytest.mark.parametrize(
    "second",
    [
        "    events: {event: page_view, channel: app}\n",
        "    events: {event: page_view, where: {page: '/products/*'}}\n",
        "    events: {event: page_view, channel: web, where: {page: /cart}}\n",
        "    events: product_viewed\n",
    ],
)
def test_a_condition_that_tells_them_apart_is_fine(tmp_path, second):
    first = "    events: {event: page_view, channel: web}\n"
    assert check(tmp_path, HEAD + tp("views", first) + tp("basket", second)) == (0, [])


def test_one_touchpoint_listing_an_event_twice_is_not_ambiguous(tmp_path):
    assert check(tmp_path, HEAD + tp("pays", "    events: [order_placed, {event: order_placed}]\n")) == (0, [])


# --- L017 conversion-without-events ----------------------------------------------------

def test_a_conversion_touchpoint_without_events_is_an_error_at_its_id(tmp_path):
    text = HEAD + tp("views", "    events: product_viewed\n") + tp("pays") + tp("calls") + "analytics:\n  conversion: [calls, views, pays]\n"
    code_, records = check(tmp_path, text, lint=True)
    assert code_ == 1
    assert where(records) == [(22, 16, "L017"), (22, 30, "L017")]
    assert [r["level"] for r in records] == ["error", "error"]
    assert records[1]["message"] == 'the conversion touchpoint "pays" has no events, so no customer in an event log can reach it'


def test_l017_at_a_single_conversion_id_and_quiet_for_unknown_ids(tmp_path):
    text = HEAD + tp("pays") + "analytics:\n  conversion: pays\n"
    assert where(check(tmp_path, text, lint=True)[1]) == [(13, 15, "L017")]
    unknown = HEAD + tp("pays", "    events: order_placed\n") + "analytics:\n  conversion: paid\n"
    assert where(check(tmp_path, unknown, lint=True)[1]) == [(14, 15, "R001")]


def test_a_map_without_analytics_needs_no_events(tmp_path):
    assert check(tmp_path, HEAD + tp("pays"), lint=True) == (0, [])


# --- the reference page ----------------------------------------------------------------

@pytest.mark.parametrize(
    ("heading", "model"),
    [("Events of a touchpoint", EventMatch), ("Analytics of the journey", Analytics), ("Columns of the event log", Columns)],
)
def test_format_page_tables_list_every_key(heading, model):
    rows = table(section(heading), "Key")
    documented = {code(row[0]): row[1] for row in rows}
    assert sorted(documented) == sorted(model.model_fields), heading
    for name, required in documented.items():
        assert required.startswith("yes") == model.model_fields[name].is_required(), f"{heading}: {name}"


def test_format_page_defaults_match_the_model():
    rows = {code(row[0]): row[3] for row in table(section("Analytics of the journey"), "Key")}
    assert f"`{Analytics.model_fields['window'].default}`" in rows["window"]
    assert f"`{Analytics.model_fields['session_gap'].default}`" in rows["session_gap"]
    for row in table(section("Columns of the event log"), "Key"):
        default = Columns.model_fields[code(row[0])].default
        assert (f"Default: `{default}`." if default else "Default: none.") in row[3]


def test_the_schema_tells_editors_what_a_duration_is():
    schema = json.loads((ROOT / "schema" / "journey.schema.json").read_text(encoding="utf-8"))
    window = schema["$defs"]["Analytics"]["properties"]["window"]
    assert window["pattern"] == DURATION_PATTERN
    assert window["default"] == "14d"
    assert "analytics" not in schema.get("required", [])


# --- L018 unmeasured-touchpoint (off by default) ---------------------------------------

def test_unmeasured_touchpoints_are_off_by_default(tmp_path):
    text = HEAD + tp("views") + tp("pays", "    events: order_placed\n") + "analytics:\n  conversion: pays\n"
    assert check(tmp_path, text, lint=True) == (0, [])


def test_unmeasured_touchpoints_in_strict(tmp_path):
    write(tmp_path, ".journeyctl.yaml", "extends: strict\nrules:\n  dead-end: off\n  missing-emotion: off\n  missing-team: off\n  missing-stage: off\n")
    text = HEAD + tp("views") + tp("packs", "    lane: backstage\n") + tp("checks-stock", "    lane: backstage\n")
    text += tp("pays", "    events: order_placed\n") + "analytics:\n  conversion: pays\n  funnel: [checks-stock, pays]\n"
    code_, records = check(tmp_path, text, lint=True)
    l018 = [r for r in records if r["code"] == "L018"]
    assert [(r["line"], r["column"]) for r in l018] == [(8, 9), (17, 9)]  # packs: backstage, not listed
    assert l018[0]["message"] == 'the touchpoint "views" (in the customer lane) has no events, so the analysis cannot see it'
    assert l018[1]["message"] == 'the touchpoint "checks-stock" (a step of the analytics funnel) has no events, so the analysis cannot see it'
    assert {r["level"] for r in l018} == {"warning"}


# --- the editor's schema agrees with validate on the new keys ----------------------------

def _tp(key, value, index=0):
    return lambda data: data["touchpoints"][index].__setitem__(key, value)


def _analytics(value):
    return lambda data: data.__setitem__("analytics", value)


SCHEMA_CASES = [
    ("events as one name", _tp("events", "order_placed"), True),
    ("events as names and matchers", _tp("events", ["a", {"event": "b", "channel": "app", "where": {"page": "/p/*", "step": 2}}]), True),
    ("events as one matcher", _tp("events", {"event": "page_view", "where": {"page": "/products/*"}}), True),
    ("no events", _tp("events", []), True),
    ("a matcher without its event", _tp("events", [{"channel": "web"}]), False),
    ("a matcher with an unknown key", _tp("events", [{"event": "a", "chanel": "web"}]), False),
    ("a condition given as a list", _tp("events", [{"event": "a", "where": {"page": ["/a", "/b"]}}]), False),
    ("a blank event name", _tp("events", [" "]), False),
    ("events as a number", _tp("events", 3), True),  # "3" is an event name: scalars are text
    ("analytics with one conversion", _analytics({"conversion": "pay"}), True),
    ("analytics in full", _analytics({"conversion": ["pay"], "funnel": ["ad", "pay"], "support": "ad", "window": "2w", "session_gap": "45 m", "columns": {"customer": "user_id", "value": "total"}}), True),
    ("analytics without a conversion", _analytics({"window": "14d"}), False),
    ("an empty conversion", _analytics({"conversion": []}), False),
    ("a conversion that is not an id", _analytics({"conversion": "Not An Id"}), False),
    ("a window in words", _analytics({"conversion": "pay", "window": "14 days"}), False),
    ("a window without a unit", _analytics({"conversion": "pay", "window": "14"}), False),
    ("an unknown column role", _analytics({"conversion": "pay", "columns": {"user": "user_id"}}), False),
    ("an unknown analytics key", _analytics({"conversion": "pay", "windwo": "7d"}), False),
]


def test_schema_and_validate_agree_on_events_and_analytics(tmp_path):
    from test_schema_agreement import BASE, build, verdicts

    cases = build(SCHEMA_CASES, BASE)
    assert verdicts(tmp_path, "journey", cases) == {name: (verdict, verdict) for name, _, verdict in cases}
