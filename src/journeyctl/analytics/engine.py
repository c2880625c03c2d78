"""Where the queries run, and the matched-events table they all start from.

- ``duckdb`` (the default): DuckDB in this process; files are read by ``read``.
- ``spark``: a local Spark session (``analytics.spark``), or a cluster by its master URL;
  the files are read and checked by DuckDB, then handed to Spark as Arrow data.
- ``--connection URL --table NAME``: any Ibis backend (``duckdb:///events.db``,
  ``postgres://user@host/db``, ...) and a table already in it; no file is read.

Everything backend-specific lives here. ``queries`` only sees Ibis tables with the
columns this module names: ``customer``, ``ts`` (UTC timestamp), ``t`` (Unix seconds),
``event``, optional ``channel``, ``value`` and property columns, and ``seq`` (the row's
position in the input) when the input has an order.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from journeyctl.analytics.plan import Plan, glob_regex, is_glob
from journeyctl.analytics.read import DataError, Loaded, read_sources


MEMORY_ENV = "JOURNEYCTL_MEMORY_LIMIT"  # DuckDB's memory limit
# DuckDB's own default is 80% of the machine's memory, which it then fills with what it
# reads; at this limit it spills to the temporary folder instead (docs/performance.md).
DEFAULT_MEMORY_LIMIT = "500MB"


class EngineError(Exception):
    """The engine cannot start or reach the data; a plain message, exit 2."""


@dataclass
class Engine:
    kind: str  # duckdb, spark, url
    backend: Any  # the Ibis backend
    duck: Any = None  # the DuckDB connection that reads files (duckdb and spark)


def connect(kind: str = "duckdb", url: str | None = None, master: str | None = None) -> Engine:
    import ibis

    if url is not None:
        if url.startswith("duckdb://"):
            # ibis would create a new, empty database file where none exists
            database = url[len("duckdb://") :].split("?", 1)[0]
            if database and database != ":memory:" and not Path(database).exists():
                raise EngineError(f"--connection {url}: no such DuckDB file {database} (duckdb://relative/path.db, duckdb:///absolute/path.db)")
        try:
            backend = ibis.connect(url)
        except Exception as error:  # noqa: BLE001 - any driver's failure, said plainly
            raise EngineError(f"--connection {url}: cannot connect ({_first_line(error)})") from None
        if backend.name == "duckdb":
            _settle_duckdb(backend.con)
        return Engine("url", backend)
    import duckdb

    duck = duckdb.connect()
    _settle_duckdb(duck)
    # An in-memory database spills to ./.tmp when memory runs short: use a folder of our own.
    duck.execute(f"SET temp_directory = '{_scratch()}'")
    limit = os.environ.get(MEMORY_ENV) or DEFAULT_MEMORY_LIMIT
    if limit:
        try:
            duck.execute(f"SET memory_limit = '{limit.replace(chr(39), '')}'")
        except duckdb.Error:
            raise EngineError(f"{MEMORY_ENV}={limit}: not a memory size such as 2GB or 500MB") from None
    if kind == "spark":
        try:
            from journeyctl.analytics import spark
        except ImportError:
            raise EngineError("the Spark engine is not available in this journeyctl") from None
        try:
            return Engine("spark", spark.connect(master), duck)
        except spark.SparkUnavailable as error:
            raise EngineError(str(error)) from None
    return Engine("duckdb", ibis.duckdb.from_connection(duck), duck)


def load_files(engine: Engine, sources: list[str], columns: dict[str, str | None], required: list[str], keep: list[str], option: str = "--column") -> tuple[Any, Loaded]:
    """The event files as an Ibis table on the engine, and what reading them found."""
    loaded = read_sources(engine.duck, sources, columns, required, keep=keep, option=option)
    if engine.kind == "duckdb":
        table = engine.backend.table(loaded.view)
        _remember_order(table, loaded)
        return table, loaded
    # Spark: the checked rows go over as Arrow data into a temporary view of the session.
    arrow = engine.duck.sql(f"SELECT * FROM {loaded.view}").fetch_arrow_table()
    name = f"journeyctl_{loaded.view}"
    session = engine.backend._session
    session.createDataFrame(arrow.to_pandas()).createOrReplaceTempView(name)
    table = engine.backend.table(name)
    _remember_order(table, loaded)
    return table, loaded


# What reading found about the order of the rows, for ``matched``: per table (by its
# backend and name), the range of ``t`` and of ``seq``. Read once, it spares ``matched``
# a scan of the events to learn it.
_orders: dict[tuple[int, str], tuple[Any, tuple[int, int, int]]] = {}  # with the backend, so its id stays its own
POS_LIMIT = 2**62  # pos = (t - earliest) * rows + seq stays below this, or it is a row number


def _remember_order(table, loaded: Loaded) -> None:
    try:
        backend, name = table._find_backend(), table.get_name()
    except Exception:  # noqa: BLE001 - no name to find it by: matched asks the engine
        return
    if loaded.t_min is not None and loaded.seq_end:
        _orders[(id(backend), name)] = (backend, (loaded.t_min, loaded.t_max, loaded.seq_end))
    else:
        _orders.pop((id(backend), name), None)


def _order_of(events) -> tuple[int, int, int] | None:
    """The range of ``t`` and the number of ``seq`` values of ``events``, None when it has no ``seq``."""
    if "seq" not in events.columns or "t" not in events.columns:
        return None
    try:
        key = (id(events._find_backend()), events.get_name())
    except Exception:  # noqa: BLE001 - an expression rather than a table: ask the engine
        key = None
    if key in _orders:
        return _orders[key][1]
    from ibis import _

    row = events.aggregate(lo=_.t.min(), hi=_.t.max(), end=_.seq.max() + 1).to_pyarrow().to_pylist()[0]
    if row["lo"] is None:
        return None
    return int(row["lo"]), int(row["hi"]), int(row["end"])


def load_table(engine: Engine, name: str, columns: dict[str, str | None], required: list[str], keep: list[str], option: str = "--column") -> tuple[Any, Loaded]:
    """A table already in the warehouse, renamed to the roles and typed like files are."""
    try:
        raw = engine.backend.table(name)
    except Exception as error:  # noqa: BLE001
        raise EngineError(f"--table {name}: no such table ({_first_line(error)})") from None
    import ibis.expr.datatypes as dt

    found = list(raw.columns)
    from journeyctl.analytics.read import _missing

    picked: dict[str, Any] = {}
    roles: dict[str, str] = {}
    for role, column in columns.items():
        if column is None:
            continue
        if column not in found:
            if role in required:
                raise _missing(f"the table {name}", role, column, found, option)
            continue
        roles[role] = column
        value = raw[column]
        if role == "timestamp":
            # Text with an offset (+02:00, Z) must keep it: cast to a UTC timestamp, not a naive one.
            ts = value.cast(dt.Timestamp(timezone="UTC")) if value.type().is_string() else value.cast("timestamp")
            picked["ts"] = ts.truncate("s")
            picked["t"] = ts.epoch_seconds().cast("int64")
        elif role == "value":
            picked["value"] = value.cast("float64")
        else:
            picked[role] = value.cast("string")
    for prop in keep:
        if prop in found and prop not in roles.values() and prop not in picked:
            picked[prop] = raw[prop].cast("string")
    table = raw.select(**picked)
    if "customer" in picked:
        nulls = int(table.filter(table.customer.isnull()).count().execute())
        table = table.filter(table.customer.notnull())
    else:
        nulls = 0
    rows = int(table.count().execute())
    if rows == 0:
        raise DataError(f"the table {name} has no events with a customer id")
    loaded = Loaded(name, [name], rows=rows, null_customers=nulls, roles=roles, properties=[p for p in keep if p in picked])
    return table, loaded


def ordering(table) -> list:
    """The order of a customer's events: ``pos`` once the matched table has it; before that,
    time, then the input position (or, for a table without one, event name and touchpoint)."""
    if "pos" in table.columns:
        return [table.pos]
    if "seq" in table.columns:
        return [table.t, table.seq]
    return [table.t, table.event, table.tp_index]


def _condition(table, matcher):
    condition = table.event == matcher.event
    if matcher.channel is not None:
        condition &= table.channel.cast("string") == matcher.channel
    for key, expected in matcher.where:
        value = table[key].cast("string")
        condition &= value.notnull() & (value.re_search(glob_regex(expected)) if is_glob(expected) else value == expected)
    return condition


def matched(events, plan: Plan, *, cache: bool = False, keep: list[str] | None = None):
    """Each event with its touchpoint (null: unmapped), stage, and place in the customer's order.

    Columns: ``customer``, ``t``, ``event``, ``channel`` and ``value`` where the data has
    them, the property columns in ``keep`` (default: all), and ``tp_index`` (the
    touchpoint's place in the file, -1 unmapped), ``stage_index`` (-1 unmapped),
    ``matcher_index`` (which ``events`` entry won, in ``plan.matchers``; -1 none),
    ``conversion`` (a flag), ``pos`` (unique, in each customer's order by ``ordering``;
    see ``_position``: it is every later query's tie-breaker); then, derived from the numbers,
    ``touchpoint``, ``stage`` and ``matcher`` (touchpoint#n) as text.

    With ``cache``, the numeric table is computed once (a temporary table on DuckDB, a
    cached DataFrame on Spark) for all the queries that follow: numbers rather than ids
    keep it small, and the text columns cost a CASE on each use. For the same reason it
    holds the event name of unmapped events only: a matched event's name is its matcher's.
    """
    import ibis

    usable = [m for m in plan.matchers if all(key in events.columns for key, _ in m.where) and (m.channel is None or "channel" in events.columns)]
    index = {t: n for n, t in enumerate(plan.touchpoints)}
    stage_index = {s: n for n, s in enumerate(plan.stages)}
    number = {id(m): n for n, m in enumerate(plan.matchers)}
    if usable:
        which = ibis.cases(*[(_condition(events, m), number[id(m)]) for m in usable], else_=-1)
    else:
        which = ibis.literal(-1)
    table = events.mutate(matcher_index=which)
    table = table.mutate(tp_index=table.matcher_index.cases(*[(number[id(m)], index[m.touchpoint]) for m in usable], else_=-1) if usable else ibis.literal(-1))
    stage_of_index = {index[t]: stage_index[plan.stage_of[t]] for t in plan.touchpoints if plan.stage_of[t] in stage_index}
    conversion = [index[t] for t in plan.conversion if t in index]
    table = table.mutate(
        stage_index=table.tp_index.cases(*stage_of_index.items(), else_=-1) if stage_of_index else ibis.literal(-1),
        conversion=table.tp_index.isin(conversion) if conversion else ibis.literal(False),
    )
    table = table.mutate(pos=_position(table, _order_of(events)))
    # A matched event's name is its matcher's: kept only for unmapped events, given back by ``_labelled``.
    table = table.mutate(event=ibis.ifelse(table.matcher_index == -1, table.event, ibis.null("string")))
    props = [c for c in events.columns if c not in ROLE_COLUMNS]
    chosen = [c for c in ROLE_COLUMNS if c in table.columns and c not in ("seq", "ts")]
    chosen += [c for c in props if keep is None or c in keep]
    table = table.select(*chosen, "matcher_index", "tp_index", "stage_index", "conversion", "pos")
    if cache:
        table = _cache(table)
    return _labelled(table, plan)


def _cache(table):
    """The table computed once. On DuckDB, into a database file in journeyctl's temporary
    folder, where DuckDB keeps it compressed (about a sixth of its size in memory) and can
    let it go from memory without writing it out; elsewhere, the engine's own cache."""
    backend = table._find_backend()
    if getattr(backend, "name", None) != "duckdb" or not _own(backend.con):
        return table.cache()
    global _cached
    con = backend.con
    if not con.execute("SELECT count(*) FROM duckdb_databases() WHERE database_name = ?", [CACHE_DATABASE]).fetchall()[0][0]:
        path = os.path.join(_scratch(), "cache.duckdb").replace("'", "''")
        con.execute("SET fsync_mode = 'NONE'")  # a scratch file, removed on exit: never synced to disk
        con.execute(f"ATTACH '{path}' AS {CACHE_DATABASE}")
    _cached += 1
    name = f"matched_{_cached}"
    backend.create_table(name, table, database=(CACHE_DATABASE, "main"))
    return backend.table(name, database=(CACHE_DATABASE, "main"))


CACHE_DATABASE = "journeyctl_cache"
_cached = 0


def _own(con) -> bool:
    """Whether ``con`` is a DuckDB connection ``connect`` made (spilling to our folder), not a user's database."""
    try:
        return con.execute("SELECT current_setting('temp_directory')").fetchall()[0][0] == _scratch().replace("''", "'")
    except Exception:  # noqa: BLE001 - not a DuckDB we know
        return False


def _position(table, order: tuple[int, int, int] | None):
    """``pos``: a number per event, unique, that orders each customer's events by time, then
    input position. With ``seq`` it is computed from the row alone, (t - earliest) * rows + seq,
    so no sort of all the events is needed; else (or when that number would not fit in 63
    bits) it is the row number within the customer's events, by ``ordering``."""
    import ibis

    if order is not None:
        lo, hi, rows = order
        if (hi - lo + 1) * rows < POS_LIMIT:
            return (table.t - ibis.literal(lo, "int64")) * ibis.literal(rows, "int64") + table.seq
    window = ibis.window(group_by=table.customer, order_by=ordering(table))
    return ibis.row_number().over(window)


def _labelled(table, plan: Plan):
    import ibis

    ids = dict(enumerate(plan.touchpoints))
    stages = dict(enumerate(plan.stages))
    keys = {n: m.key for n, m in enumerate(plan.matchers)}
    names = {n: m.event for n, m in enumerate(plan.matchers)}
    text = ibis.null("string")
    return table.mutate(
        event=table.matcher_index.cases(*names.items(), else_=table.event) if names else table.event,
        touchpoint=table.tp_index.cases(*ids.items(), else_=text) if ids else text,
        stage=table.stage_index.cases(*stages.items(), else_=text) if stages else text,
        matcher=table.matcher_index.cases(*keys.items(), else_=text) if keys else text,
    )


def prepare(m):
    """Kept for callers of the first version: ``matched(..., cache=True)`` does this now."""
    return m


_scratch_folder: str | None = None


def _scratch() -> str:
    """A temporary folder for DuckDB's spill files, removed when journeyctl exits."""
    global _scratch_folder
    if _scratch_folder is None:
        import atexit
        import shutil
        import tempfile

        _scratch_folder = tempfile.mkdtemp(prefix="journeyctl-duckdb-")
        atexit.register(shutil.rmtree, _scratch_folder, True)
    return _scratch_folder.replace("'", "''")


def _settle_duckdb(duck) -> None:
    """UTC sessions; and Ibis 12 writes list lambdas as ``x -> ...``, which DuckDB 1.5+
    refuses unless told to accept them (the paths query sorts and maps lists)."""
    duck.execute("SET TimeZone = 'UTC'")
    duck.execute("SET enable_progress_bar = false")  # standard output holds the report only
    try:
        duck.execute("SET lambda_syntax = 'ENABLE_SINGLE_ARROW'")
    except Exception:  # noqa: BLE001 - older DuckDB: the arrow is the only syntax
        pass


ROLE_COLUMNS = ("seq", "ts", "t", "customer", "event", "channel", "value")


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
