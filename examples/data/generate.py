"""Write the sample data for the retail example: an event log, survey answers and aggregated paths.

    python examples/data/generate.py            # into examples/data/
    python examples/data/generate.py OUT_DIR    # somewhere else

Customers of Larkspur Home walk the map of examples/retail-first-purchase.journey.yaml:
each step follows one of the map's ``next`` links with the probabilities in ``WALK``,
and writes the events that the map's ``events`` say stand for the step. A few walks
take steps the map lacks (``DRIFT``), and a few events stand for no touchpoint at all,
as in any real log. Only the standard library is used, with one seeded random stream,
so every machine writes the same bytes (a test checks the committed files).
"""

from __future__ import annotations

import csv
import io
import os
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

SEED = 20260301
CUSTOMERS = 3000
START = datetime(2026, 3, 2, tzinfo=timezone.utc)
DAYS = 42  # customers start over six weeks
PLUS_ONE = timezone(timedelta(hours=1))
HOURS = [1, 1, 1, 1, 1, 1, 2, 4, 6, 6, 6, 6, 8, 8, 6, 6, 6, 7, 9, 12, 14, 12, 8, 3]

EVENT_COLUMNS = ["customer_id", "timestamp", "event", "channel", "page", "reason", "campaign", "value"]
FEEDBACK_COLUMNS = ["customer_id", "timestamp", "touchpoint", "survey", "score", "comment"]
PATH_COLUMNS = ["path", "total_conversions", "total_null", "total_conversion_value"]

# Where a customer goes from each touchpoint: (next touchpoint or None to stop, weight).
# Every link is one of the map's next links, except those listed in DRIFT.
WALK: dict[str, list[tuple[str | None, float]]] = {
    "sees-social-ad": [("searches-brand", 72), ("browses-category", 14), (None, 14)],
    "searches-brand": [("browses-category", 84), ("reads-product-page", 6), (None, 10)],
    "browses-category": [("reads-product-page", 80), (None, 20)],
    "reads-product-page": [("adds-to-basket", 48), ("visits-store", 8), ("asks-customer-service", 11), (None, 33)],
    "visits-store": [("adds-to-basket", 58), ("pays-for-order", 22), (None, 20)],
    "asks-customer-service": [("adds-to-basket", 58), ("pays-for-order", 8), (None, 34)],
    "adds-to-basket": [("starts-checkout", 76), (None, 24)],
    "starts-checkout": [("chooses-delivery", 86), (None, 14)],
    "chooses-delivery": [("pays-for-order", 66), ("abandons-basket", 29), ("asks-customer-service", 5)],
    "abandons-basket": [("receives-basket-reminder", 45), (None, 55)],
    "receives-basket-reminder": [("starts-checkout", 68), (None, 32)],
    "pays-for-order": [("order-confirmed", 100)],
    "order-confirmed": [("tracks-delivery", 85), ("receives-delivery", 15)],
    "tracks-delivery": [("receives-delivery", 92), ("asks-customer-service", 8)],
    "receives-delivery": [("receives-review-request", 74), ("returns-duvet-set", 16), (None, 10)],
    "returns-duvet-set": [("gets-refund", 92), (None, 8)],
    "gets-refund": [("receives-review-request", 50), (None, 50)],
    "receives-review-request": [("receives-welcome-offer", 62), (None, 38)],
    "receives-welcome-offer": [("pays-for-order", 9), (None, 91)],
}
# Steps customers take that the map does not draw: map drift for analyze to find.
DRIFT = {
    ("sees-social-ad", "browses-category"),
    ("searches-brand", "reads-product-page"),
    ("visits-store", "pays-for-order"),
    ("asks-customer-service", "pays-for-order"),
    ("chooses-delivery", "asks-customer-service"),
    ("order-confirmed", "receives-delivery"),
    ("tracks-delivery", "asks-customer-service"),
    ("receives-welcome-offer", "pays-for-order"),
    ("asks-customer-service", "receives-delivery"),
}
# After a support contact about an order already placed or a declined card, the walk goes on
# from that order, not from the product page.
AFTER_QUESTION: dict[str, list[tuple[str | None, float]]] = {
    "where is my order": [("receives-delivery", 100)],
    "payment declined": [("pays-for-order", 60), (None, 40)],
}
ENTRIES = [("sees-social-ad", 40), ("searches-brand", 35), ("browses-category", 25)]

PRODUCT_PAGES = ["/products/washable-rug-120x170", "/products/washable-rug-160x230", "/products/duvet-set-junior", "/products/play-mat-round"]
CATEGORY_PAGES = ["/category/kids-rugs", "/category/bedding"]
OTHER_PAGES = ["/help/delivery", "/help/returns", "/account/login", "/"]  # pages no touchpoint maps
QUESTIONS = [("washing instructions", 45), ("size and fit", 25), ("delivery cost", 20), ("stock in store", 10)]
RETURNS = [("return - colour differs", 60), ("return - changed mind", 25), ("return - damaged", 15)]
RUGS = ["89.00", "149.00", "219.00"]
DUVETS = ["0", "49.00", "69.00"]


class Walker:
    """One customer's walk: the events it writes, in order, and what the surveys need."""

    def __init__(self, rng: random.Random, ident: str) -> None:
        self.rng, self.ident = rng, ident
        self.device = "app" if rng.random() < 0.3 else "web"
        hour = rng.choices(range(24), HOURS)[0]  # most people shop in the evening
        self.now = START + timedelta(days=rng.randrange(DAYS), hours=hour, seconds=rng.randrange(3600))
        self.events: list[tuple[datetime, int, dict[str, str]]] = []
        self.visits: list[tuple[str, datetime]] = []  # (touchpoint, when), for the surveys
        self.question: str | None = None  # why the next support contact happens

    def pick(self, weighted):
        return self.rng.choices([item for item, _ in weighted], [weight for _, weight in weighted])[0]

    def wait(self, low: float, high: float) -> None:
        self.now += timedelta(seconds=round(self.rng.uniform(low, high)))

    def emit(self, event: str, channel: str, **properties: str) -> None:
        self.events.append((self.now, len(self.events), {"event": event, "channel": channel, **properties}))

    def step(self, touchpoint: str) -> None:
        rng = self.rng
        self.visits.append((touchpoint, self.now))
        if touchpoint == "sees-social-ad":
            self.emit("ad_click", "social")
        elif touchpoint == "searches-brand":
            self.emit("ad_click", "search")
        elif touchpoint == "browses-category":
            self.emit("page_view", self.device, page=rng.choice(CATEGORY_PAGES))
        elif touchpoint == "reads-product-page":
            for _ in range(rng.choice((1, 1, 2, 3))):
                self.wait(15, 240)
                self.emit("page_view", self.device, page=rng.choice(PRODUCT_PAGES))
            if rng.random() < 0.4:
                self.wait(0, 90)  # 0: the same second as the page view, as logs often have
                self.emit("review_read", self.device)
            if rng.random() < 0.1:
                self.emit("wishlist_add", self.device)  # no touchpoint maps it
        elif touchpoint == "visits-store":
            self.emit("store_visit", "store")
        elif touchpoint == "asks-customer-service":
            reason = self.question or self.pick(QUESTIONS)
            self.emit("support_contact", "chat" if rng.random() < 0.7 else "phone", reason=reason)
        elif touchpoint == "adds-to-basket":
            self.emit("add_to_cart", self.device)
            if rng.random() < 0.04:
                self.emit("add_to_cart", self.device)  # a double click: the same event in the same second
        elif touchpoint == "starts-checkout":
            self.emit("checkout_started", self.device)
        elif touchpoint == "chooses-delivery":
            self.emit("delivery_selected", self.device)
        elif touchpoint == "abandons-basket":
            self.wait(1800, 3600)
            self.emit("checkout_abandoned", self.device)
        elif touchpoint == "receives-basket-reminder":
            self.emit("email_clicked", "email", campaign="basket-reminder")
        elif touchpoint == "pays-for-order":
            rug, duvet = rng.choice(RUGS), rng.choice(DUVETS)
            cents = int(rug.replace(".", "")) + (int(duvet.replace(".", "")) if duvet != "0" else 0)
            cents += 695 if cents < 10000 else 0  # free delivery from 100.00
            channel = self.purchase_channel
            self.emit("order_placed", channel, value=f"{cents // 100}.{cents % 100:02d}")
        elif touchpoint == "order-confirmed":
            self.emit("email_sent", "email", campaign="order-confirmation")  # the same second as the order
        elif touchpoint == "tracks-delivery":
            for _ in range(rng.choice((1, 2, 2, 3))):
                self.wait(3600, 20 * 3600)
                self.emit("tracking_viewed", "web")
        elif touchpoint == "receives-delivery":
            self.emit("parcel_delivered", "carrier")
        elif touchpoint == "returns-duvet-set":
            self.emit("support_contact", self.pick([("chat", 50), ("phone", 30), ("email", 20)]), reason=self.pick(RETURNS))
        elif touchpoint == "gets-refund":
            self.emit("refund_issued", "email")
        elif touchpoint in ("receives-review-request", "receives-welcome-offer"):
            self.emit("email_clicked", "email", campaign=touchpoint.removeprefix("receives-"))

    purchase_channel = "web"

    def walk(self) -> None:
        rng = self.rng
        current: str | None = self.pick(ENTRIES)
        previous = None
        steps = 0
        while current is not None and steps < 40:
            self.purchase_channel = {"visits-store": "store", "asks-customer-service": "phone"}.get(previous or "", self.device)
            self.step(current)
            if rng.random() < 0.05:
                self.emit("page_view", self.device, page=rng.choice(OTHER_PAGES))
            previous, current = current, self.pick(AFTER_QUESTION.get(self.question or "", WALK[current]) if current == "asks-customer-service" else WALK[current])
            self.question = None
            if (previous, current) == ("tracks-delivery", "asks-customer-service"):
                self.question = "where is my order"
            elif (previous, current) == ("chooses-delivery", "asks-customer-service"):
                self.question = "payment declined"
            self.wait(*self.gap(previous, current))
            steps += 1
        if self.device == "web" and rng.random() < 0.05:
            self.emit("newsletter_signup", "web")  # no touchpoint maps it

    def gap(self, previous: str, current: str | None) -> tuple[float, float]:
        """How long the step from ``previous`` to ``current`` takes, in seconds."""
        if previous == "pays-for-order":
            return (0, 0)
        if previous in ("sees-social-ad", "visits-store", "receives-welcome-offer") or current == "visits-store":
            return (3 * 3600, 9 * 86400)
        if previous == "abandons-basket":
            return (3 * 3600, 4 * 3600)
        if previous in ("order-confirmed", "tracks-delivery", "receives-delivery", "returns-duvet-set", "gets-refund", "receives-review-request"):
            return (86400, 6 * 86400)
        if previous == "reads-product-page" and self.rng.random() < 0.3:
            return (3600, 4 * 86400)  # comes back another day
        return (20, 300)


def stamp(when: datetime, channel: str) -> str:
    """ISO 8601: UTC with Z, except what the app and the store tills log, in local time (+01:00)."""
    if channel in ("app", "store"):
        return when.astimezone(PLUS_ONE).isoformat()
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


# --- surveys ---------------------------------------------------------------------------

# touchpoint -> (survey, answer rate, score weights, comments). receives-delivery is where the
# map (delighted, +2) and the customers disagree: parcels come late and the duvet colour is off.
SURVEYS = {
    "asks-customer-service": ("csat", 0.35, [1, 2, 8, 20, 14], ["A real person answered within two minutes.", "Finally a straight answer: 40 degrees is fine."]),
    "pays-for-order": ("csat", 0.2, [3, 8, 20, 17, 7], ["The bank pop-up looked like a scam.", "Quick, but why is delivery 6.95?"]),
    "receives-delivery": ("csat", 0.45, [24, 30, 22, 14, 10], ["Arrived 3 days late, the \"Friday\" promise was wrong.", "Tracking said 'label created' for two days.", "The duvet set is much darker than on screen & I'm sending it back.", "Rug is lovely, delivery was a mess."]),
    "returns-duvet-set": ("csat", 0.4, [30, 22, 10, 5, 2], ["I don't have a printer!", "14 days for a refund, really?"]),
    "receives-review-request": ("nps", 0.5, [1, 1, 1, 2, 2, 4, 6, 12, 16, 14, 10], ["Great rug, would recommend to other parents.", "Fine, but returns need fixing.", "<3 the washable rug"]),
}


def feedback_rows(rng: random.Random, walker: Walker) -> list[dict[str, str]]:
    rows = []
    asked: set[str] = set()
    for touchpoint, when in walker.visits:
        if touchpoint not in SURVEYS or touchpoint in asked:
            continue
        asked.add(touchpoint)
        survey, rate, weights, comments = SURVEYS[touchpoint]
        if rng.random() >= rate:
            continue
        low = 1 if survey == "csat" else 0
        score = rng.choices(range(low, low + len(weights)), weights)[0]
        comment = rng.choice(comments) if rng.random() < 0.25 else ""
        answered = when + timedelta(seconds=rng.randrange(3600, 48 * 3600))
        rows.append({"customer_id": walker.ident, "timestamp": answered.strftime("%Y-%m-%dT%H:%M:%SZ"), "touchpoint": touchpoint, "survey": survey, "score": str(score), "comment": comment})
    return rows


# --- the whole run ---------------------------------------------------------------------

def simulate() -> tuple[list[dict[str, str]], list[dict[str, str]], list[dict[str, str]]]:
    rng = random.Random(SEED)
    events: list[tuple[datetime, str, int, dict[str, str]]] = []
    feedback: list[dict[str, str]] = []
    paths: dict[str, list[int]] = {}  # path -> [conversions, nulls, value in cents]
    for number in range(1, CUSTOMERS + 1):
        walker = Walker(rng, f"C{number:05d}")
        walker.walk()
        for when, seq, fields in walker.events:
            events.append((when, walker.ident, seq, fields))
        feedback.extend(feedback_rows(rng, walker))
        channels: list[str] = []
        converted, value = False, 0
        for _, _, fields in walker.events:
            if fields["event"] == "order_placed":
                converted, value = True, int(fields["value"].replace(".", ""))
                break
            if not channels or channels[-1] != fields["channel"]:
                channels.append(fields["channel"])
        if not channels:
            channels = [walker.events[0][2]["channel"]]
        entry = paths.setdefault(" > ".join(channels), [0, 0, 0])
        entry[0 if converted else 1] += 1
        entry[2] += value
    events.sort(key=lambda item: (item[0], item[1], item[2]))
    event_rows = [{"customer_id": ident, "timestamp": stamp(when, fields["channel"]), **fields} for when, ident, _, fields in events]
    feedback.sort(key=lambda row: (row["timestamp"], row["customer_id"], row["touchpoint"]))
    path_rows = [
        {"path": path, "total_conversions": str(c), "total_null": str(n), "total_conversion_value": f"{v // 100}.{v % 100:02d}"}
        for path, (c, n, v) in sorted(paths.items(), key=lambda item: (-(item[1][0] + item[1][1]), item[0]))
    ]
    return event_rows, feedback, path_rows


def csv_text(columns: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write(path: Path, text: str) -> None:
    """Write all or nothing: a temporary file next to the target, then a rename."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(text.encode("utf-8"))
    os.replace(temporary, path)


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    folder.mkdir(parents=True, exist_ok=True)
    events, feedback, paths = simulate()
    write(folder / "retail-events.csv", csv_text(EVENT_COLUMNS, events))
    write(folder / "retail-feedback.csv", csv_text(FEEDBACK_COLUMNS, feedback))
    write(folder / "retail-paths.csv", csv_text(PATH_COLUMNS, paths))
    print(f"wrote {len(events):,} events, {len(feedback):,} answers and {len(paths):,} paths to {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
