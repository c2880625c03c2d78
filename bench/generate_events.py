"""Write a generated event log (Parquet) and the journey that maps it, for the analytics bench.

    python bench/generate_events.py                        # 10,000,000 events, about 3,000,000 customers
    python bench/generate_events.py --events 1000000 --out bench/.work/events-1m.parquet

The log is built by one DuckDB query (a few seconds for 10 million rows) and is the same
on every machine and every DuckDB version: its "random" choices come from an integer hash
written out in SQL (``mix`` below), not from DuckDB's own hash or random functions.

The shape, per customer (about 3 customers per 10 events; a new customer starts at each
row with probability 0.3, so 30% of customers have one event and a few have twenty):

- step 0 ``ad_click`` (channel social or search), 1 ``page_view`` of ``/``, 2 ``page_view`` of
  ``/products/N``, 3 ``add_to_cart``, 4 ``checkout_started``, 5 ``order_placed`` (channel web,
  app, phone or store, with a ``value``); after that ``review_written``, another
  ``order_placed`` or a support call;
- at any step, with probability 0.12, a detour instead: ``support_call`` (phone) or
  ``chat_message`` (chat) with a ``reason``, a ``page_view`` of ``/help/...``, or a
  ``newsletter_open`` (email) that the map leaves unmapped;
- timestamps from 2026-01-01 over 90 days, steps spaced by a per-customer gap from none at
  all (1% of customers: every event in the same second, to exercise the tie-breaker) to
  three days (so some conversions fall outside the 14-day window).

Rows are written in timestamp order (then customer, then step), as logs usually are.
Columns: customer_id, timestamp (UTC, no offset), event, channel, page, reason, value.
With ``--journey`` the matching journey file is written too (touchpoints with ``events``,
conversion = ``places-order``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "bench" / ".work" / "events-10m.parquet"

def _mix(expr: str) -> str:
    """SQL for a 32-bit integer mixer (MurmurHash3's finaliser) of ``expr``, exact in UBIGINT:
    every product stays below 2**64."""
    a = f"xor(({expr})::UBIGINT % 4294967296, (({expr})::UBIGINT % 4294967296) >> 16)"
    b = f"(({a}) * 2246822507) % 4294967296"
    c = f"xor({b}, ({b}) >> 13)"
    d = f"(({c}) * 3266489909) % 4294967296"
    return f"xor({d}, ({d}) >> 16)"


def query(events: int, seed: int) -> str:
    """The SELECT that yields the log's rows, in file order."""
    row = _mix(f"i * 7 + {seed} * 1000003 + 1")  # whether a new customer starts at row i
    h = lambda salt: _mix(f"i * 7 + {seed} * 1000003 + {salt}")  # noqa: E731  per-row choices
    hc = lambda salt: _mix(f"c * 7 + {seed} * 1000003 + {salt}")  # noqa: E731  per-customer choices
    return f"""
WITH rows AS (
    SELECT i, (i = 0 OR {row} % 1000 < 300) AS starts FROM range({events}) t(i)
),
numbered AS (
    SELECT i,
           sum(starts::INTEGER) OVER w - 1 AS c,
           i - max(CASE WHEN starts THEN i END) OVER w AS j
    FROM rows
    WINDOW w AS (ORDER BY i ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
drawn AS (
    SELECT i, c, j,
           {h(2)} % 1000 AS detour,
           {h(3)} % 8 AS pick,
           {h(4)} AS jitter,
           {hc(5)} % 100 AS pace,
           {hc(6)} % (90 * 86400) AS start
    FROM numbered
),
spaced AS (
    SELECT *,
           CASE WHEN pace = 0 THEN 0 WHEN pace < 15 THEN 30 WHEN pace < 35 THEN 120
                WHEN pace < 55 THEN 600 WHEN pace < 70 THEN 3600 WHEN pace < 82 THEN 21600
                WHEN pace < 93 THEN 86400 ELSE 259200 END AS gap
    FROM drawn
),
shaped AS (
    SELECT c, j,
           TIMESTAMP '2026-01-01 00:00:00'
             + to_seconds((start + j * gap + CASE WHEN gap = 0 THEN 0 ELSE jitter % (gap // 2) END)::BIGINT) AS ts,
           CASE
             WHEN detour < 120 THEN
               CASE pick WHEN 0 THEN 'support_call' WHEN 1 THEN 'support_call' WHEN 2 THEN 'chat_message'
                         WHEN 3 THEN 'chat_message' WHEN 4 THEN 'page_view' WHEN 5 THEN 'page_view'
                         ELSE 'newsletter_open' END
             WHEN j = 0 THEN 'ad_click'
             WHEN j IN (1, 2) THEN 'page_view'
             WHEN j = 3 THEN 'add_to_cart'
             WHEN j = 4 THEN 'checkout_started'
             WHEN j = 5 THEN 'order_placed'
             ELSE CASE WHEN pick < 4 THEN 'review_written' WHEN pick < 6 THEN 'order_placed' ELSE 'support_call' END
           END AS event,
           detour, pick, jitter
    FROM spaced
)
SELECT
    'c' || lpad(c::VARCHAR, 8, '0') AS customer_id,
    ts AS "timestamp",
    event,
    CASE event
      WHEN 'ad_click' THEN CASE WHEN pick < 5 THEN 'social' ELSE 'search' END
      WHEN 'support_call' THEN 'phone'
      WHEN 'chat_message' THEN 'chat'
      WHEN 'newsletter_open' THEN 'email'
      WHEN 'review_written' THEN 'email'
      WHEN 'order_placed' THEN CASE jitter % 10 WHEN 0 THEN 'phone' WHEN 1 THEN 'store' WHEN 2 THEN 'app'
                                    WHEN 3 THEN 'app' ELSE 'web' END
      ELSE CASE WHEN jitter % 3 = 0 THEN 'app' ELSE 'web' END
    END AS channel,
    CASE
      WHEN event <> 'page_view' THEN NULL
      WHEN detour < 120 THEN '/help/' || CASE jitter % 3 WHEN 0 THEN 'delivery' WHEN 1 THEN 'returns' ELSE 'sizes' END
      WHEN j = 1 THEN '/'
      ELSE '/products/' || (jitter % 500)::VARCHAR
    END AS page,
    CASE WHEN event IN ('support_call', 'chat_message')
         THEN CASE jitter % 4 WHEN 0 THEN 'delivery' WHEN 1 THEN 'payment' WHEN 2 THEN 'returns' ELSE 'product' END
    END AS reason,
    CASE WHEN event = 'order_placed' THEN ((jitter % 30000) + 1500) / 100.0 END AS value
FROM shaped
ORDER BY "timestamp", customer_id, j
"""


JOURNEY = """\
# The journey that maps bench/generate_events.py's log (written by that script).
version: 1
id: bench-shop
title: Buying online (the analytics bench)
stages:
  - id: awareness
    name: Awareness
  - id: consideration
    name: Consideration
  - id: purchase
    name: Purchase
  - id: after-purchase
    name: After the purchase
touchpoints:
  - id: clicks-ad
    name: Clicks an ad
    stage: awareness
    events: [ad_click]
    next: visits-home
  - id: visits-home
    name: Visits the home page
    stage: awareness
    events:
      - event: page_view
        where:
          page: /
    next: views-product
  - id: views-product
    name: Views a product
    stage: consideration
    events:
      - event: page_view
        where:
          page: /products/*
    next: adds-to-cart
  - id: reads-help
    name: Reads the help pages
    stage: consideration
    events:
      - event: page_view
        where:
          page: /help/*
    next: adds-to-cart
  - id: adds-to-cart
    name: Adds to the cart
    stage: purchase
    events: [add_to_cart]
    next: starts-checkout
  - id: starts-checkout
    name: Starts the checkout
    stage: purchase
    events: [checkout_started]
    next: places-order
  - id: places-order
    name: Places the order
    stage: purchase
    events: [order_placed]
    next: writes-review
  - id: writes-review
    name: Writes a review
    stage: after-purchase
    events: [review_written]
    end: true
  - id: calls-support
    name: Calls customer service
    stage: after-purchase
    lane: support
    events: [support_call]
    next: places-order
  - id: chats-with-support
    name: Chats with customer service
    stage: after-purchase
    lane: support
    events: [chat_message]
    next: places-order
analytics:
  conversion: places-order
  window: 14d
  columns:
    value: value
"""


def generate(out: Path, events: int, seed: int = 1, journey: Path | None = None, threads: int | None = None) -> dict:
    """Write the log to ``out`` (atomically) and, if asked, the journey; return counts and seconds."""
    import duckdb

    started = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    con.execute("SET preserve_insertion_order = true")
    literal = str(partial).replace("'", "''")
    con.execute(f"COPY ({query(events, seed)}) TO '{literal}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)")
    partial.replace(out)
    rows, customers = con.execute(f"SELECT count(*), count(DISTINCT customer_id) FROM read_parquet('{str(out).replace(chr(39), chr(39) * 2)}')").fetchone()
    con.close()
    if journey is not None:
        journey.parent.mkdir(parents=True, exist_ok=True)
        journey.write_text(JOURNEY, encoding="utf-8")
    return {"events": rows, "customers": customers, "seconds": time.perf_counter() - started, "bytes": out.stat().st_size}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000_000, help="number of events (default 10,000,000)")
    parser.add_argument("--seed", type=int, default=1, help="another seed gives another log (default 1)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"the Parquet file to write (default {DEFAULT_OUT.relative_to(ROOT)})")
    parser.add_argument("--journey", type=Path, help="also write the journey file that maps the log here")
    args = parser.parse_args(argv)
    if args.events < 1:
        parser.error("--events must be at least 1")
    found = generate(args.out, args.events, args.seed, args.journey)
    print(
        f"{args.out}: {found['events']:,} events, {found['customers']:,} customers, "
        f"{found['bytes'] / 1e6:.0f} MB in {found['seconds']:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
