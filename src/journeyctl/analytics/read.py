"""Event files in: CSV, Parquet and JSON lines; a file, several, or a glob.

DuckDB reads them. CSV is read with every column as text and cast here, so a bad
value is found with its file and row ("logs/a.csv row 1234: the timestamp
"yesterday" is not a date and time"). A CSV or JSON file becomes one typed table in
the DuckDB connection, parsed once; a Parquet file, already typed, stays a view over
the file (no copy of the events: the file is streamed each time it is read, and
checked in one scan). A view unions the files by column name and leaves out the rows
without a customer id (counted, and reported as a notice).

Roles (customer, timestamp, event, channel, value, or a caller's own such as
score) are mapped to the file's column names; the output columns carry the role
names, plus ``ts`` (a UTC timestamp, whole seconds), ``t`` (the same as Unix
seconds) and ``seq`` (the row's position in the input, from 0: the files in order,
rows in order; the tie-breaker for equal timestamps). Timestamps with an offset are converted to UTC; without one, they
are UTC. ``read_sources`` is shared with the feedback reader.

Every problem is a ``DataError`` with a plain message; the command exits 2.
Rows are counted from 1, the header not included (CSV row 1 is the file's line 2).
"""

from __future__ import annotations

import difflib
import glob as globbing
from dataclasses import dataclass, field
from pathlib import Path

FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".parquet": "parquet", ".pq": "parquet", ".jsonl": "json", ".ndjson": "json", ".json": "json"}
ROLE_WORDS = {"customer": "customer id", "timestamp": "timestamp", "event": "event name", "channel": "channel", "value": "conversion value"}
SNIFF = 65536
ROW_NUMBER = "file_row_number"  # the Parquet reader's row numbers, from 0


class DataError(Exception):
    """A problem with the input data, in plain words; the command exits 2."""


@dataclass
class Loaded:
    view: str
    files: list[str]
    rows: int = 0  # rows kept
    null_customers: int = 0  # rows left out: no customer id
    roles: dict[str, str] = field(default_factory=dict)  # role -> the file's column, as found
    properties: list[str] = field(default_factory=list)
    seconds: float = 0.0
    seq_end: int = 0  # rows read, those without a customer id included: seq runs from 0 to seq_end - 1
    t_min: int | None = None  # the earliest and latest time (Unix seconds), None without times
    t_max: int | None = None


def expand(sources: list[str]) -> list[str]:
    """Files named by paths and globs, each once, in order; a glob that matches nothing is an error."""
    found: list[str] = []
    for source in sources:
        if any(char in source for char in "*?["):
            matches = sorted(p for p in globbing.glob(source, recursive=True) if Path(p).is_file())
            if not matches:
                raise DataError(f'--events {source}: no file matches this pattern')
            found.extend(matches)
        else:
            path = Path(source)
            if not path.exists():
                raise DataError(f"--events {source}: no such file")
            if path.is_dir():
                raise DataError(f"--events {source}: is a folder; name its files, such as '{source.rstrip('/')}/*.csv'")
            found.append(source)
    unique: dict[str, None] = {}
    for item in found:
        unique.setdefault(item, None)
    return list(unique)


def file_format(path: str) -> str:
    name = path.lower()
    for suffix in (".gz", ".zst"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    fmt = FORMATS.get(Path(name).suffix)
    if fmt is None:
        raise DataError(f"{path}: cannot tell the format from the file name; name it .csv, .parquet or .jsonl")
    return fmt


def _sniff(path: str, fmt: str) -> None:
    """Refuse early a file that is empty or not what its extension says."""
    with open(path, "rb") as handle:
        head = handle.read(SNIFF)
    if not head:
        raise DataError(f"{path}: the file is empty")
    if path.lower().endswith((".gz", ".zst")):
        return
    parquet = head[:4] == b"PAR1"
    if fmt == "parquet":
        if not parquet:
            what = "text" if _is_text(head) else "not a Parquet file"
            raise DataError(f"{path}: the file is not Parquet, as its extension says ({what})")
        return
    if parquet:
        raise DataError(f"{path}: the file is Parquet, not {'CSV' if fmt == 'csv' else 'JSON lines'} as its extension says; name it .parquet")
    if b"\0" in head:
        raise DataError(f"{path}: the file is binary data, not {'CSV' if fmt == 'csv' else 'JSON lines'} text")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut at the end of the sample
            line = head[: error.start].count(b"\n") + 1
            raise DataError(f"{path}: line {line}: the file is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in spreadsheet programs)") from None
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if fmt == "csv" and stripped[:1] in (b"{", b"["):
        raise DataError(f"{path}: the file is JSON, not CSV as its extension says; name it .jsonl (JSON lines) or .json")
    if fmt == "json":
        if stripped[:1] not in (b"{", b"["):
            raise DataError(f"{path}: the file is not JSON lines (each line a JSON object such as {{\"event\": ...}})")


def _is_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\0" not in head


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _reader(path: str, fmt: str) -> str:
    if fmt == "csv":
        return f"read_csv({_literal(path)}, all_varchar = true, header = true)"
    if fmt == "parquet":
        return f"read_parquet({_literal(path)})"
    style = "newline_delimited" if not path.lower().endswith(".json") else "auto"
    return f"read_json({_literal(path)}, format = {_literal(style)})"


def _explain(path: str, fmt: str, error: Exception) -> DataError:
    text = str(error)
    first = text.splitlines()[0] if text else type(error).__name__
    if "unicode" in text.lower() or "utf-8" in text.lower():
        line = next((part.split(":")[1].strip() for part in text.splitlines() if part.startswith("CSV Error on Line:")), None)
        where = f"line {line}: " if line else ""
        return DataError(f"{path}: {where}the file is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in spreadsheet programs)")
    if fmt == "parquet":
        return DataError(f"{path}: the file cannot be read as Parquet ({first})")
    if fmt == "json":
        return DataError(f"{path}: the file is not valid JSON lines ({first.split('Error: ', 1)[-1]})")
    return DataError(f"{path}: the file cannot be read as CSV ({first.split('Error: ', 1)[-1]})")


# The ``option`` of a reader whose column names come only from the map's analytics.columns.
MAP_COLUMNS = "analytics.columns"


def _missing(path: str, role: str, wanted: str, found: list[str], option: str) -> DataError:
    close = difflib.get_close_matches(wanted, found, n=1, cutoff=0.5) or difflib.get_close_matches(role, found, n=1, cutoff=0.5)
    listed = ", ".join(f'"{name}"' for name in found) or "none"
    if option == MAP_COLUMNS:  # render --events has no option for it: the map says
        hint = f' Did you mean "{close[0]}"? Then write {role}: {close[0]} under analytics: columns: in the map.' if close else f" Name the right one under analytics: columns: in the map ({role}: COLUMN)."
    else:
        hint = f' Did you mean "{close[0]}"? Then add {option} {role}={close[0]}.' if close else f" Name the right one with {option} {role}=COLUMN."
    return DataError(f'{path}: no column "{wanted}" for the {ROLE_WORDS.get(role, role)}; the columns are {listed}.{hint}')


def read_sources(
    con,
    sources: list[str],
    columns: dict[str, str | None],
    required: list[str],
    *,
    keep: list[str] = (),
    name: str = "events",
    timestamp: str = "timestamp",
    numeric: tuple[str, ...] = ("value",),
    option: str = "--column",
) -> Loaded:
    """Load ``sources`` into the DuckDB connection ``con`` as the view ``name``.

    ``columns`` maps roles to column names (None: the role is not in the data);
    ``required`` roles must be in every file, the other roles are taken where found.
    ``keep`` lists property columns to carry along, by their own names, where found.
    ``timestamp`` is the role read as the time; ``numeric`` roles are read as numbers.
    """
    import time

    import duckdb

    started = time.perf_counter()
    files = expand(sources)
    con.execute("SET TimeZone = 'UTC'")
    loaded = Loaded(name, files)
    selects: list[str] = []
    for index, path in enumerate(files):
        fmt = file_format(path)
        _sniff(path, fmt)
        table = f"{name}_file_{index}"
        try:
            con.execute(f"CREATE OR REPLACE TEMP VIEW {table}_raw AS SELECT * FROM {_reader(path, fmt)}")
            found = [row[0] for row in con.execute(f"DESCRIBE {table}_raw").fetchall()]
        except duckdb.Error as error:
            raise _explain(path, fmt, error) from None
        roles: dict[str, str] = {}
        for role, wanted in columns.items():
            if wanted is None:
                continue
            if wanted in found:
                roles[role] = wanted
            elif role in required:
                if con.execute(f"SELECT count(*) FROM {table}_raw").fetchone()[0] == 0:
                    raise DataError(f"{path}: the file has no rows{' (only a header)' if fmt == 'csv' else ''}")
                raise _missing(path, role, wanted, found, option)
        props = [c for c in keep if c in found and c not in roles.values() and c not in columns]
        parts = []
        for role, column in roles.items():
            quoted = _quote(column)
            if role == timestamp:
                parts.append(f"{quoted}::VARCHAR AS ts_text")
                parts.append(f"date_trunc('second', timezone('UTC', TRY_CAST({quoted} AS TIMESTAMPTZ))) AS ts")
                parts.append(f"CAST(floor(epoch(TRY_CAST({quoted} AS TIMESTAMPTZ))) AS BIGINT) AS t")
            elif role in numeric:
                parts.append(f"{quoted}::VARCHAR AS {role}_text")
                parts.append(f"TRY_CAST({quoted} AS DOUBLE) AS {_quote(role)}")
            else:
                parts.append(f"NULLIF(trim({quoted}::VARCHAR), '') AS {_quote(role)}")
        parts += [f"{_quote(p)}::VARCHAR AS {_quote(p)}" for p in props]
        # Parquet is typed and cheap to scan again: a view over the file, checked in one scan,
        # with the file's own row numbers. Text formats are parsed once into a checked table.
        direct = fmt == "parquet" and ROW_NUMBER not in found
        row = ROW_NUMBER if direct else "rowid"
        try:
            if direct:
                con.execute(f"DROP VIEW {table}_raw")
                source = f"read_parquet({_literal(path)}, file_row_number = true)"
                con.execute(f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT {', '.join(parts)}, {ROW_NUMBER} FROM {source}")
            else:
                con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {', '.join(parts)} FROM {table}_raw")
                con.execute(f"DROP VIEW {table}_raw")
            total, nulls, t_min, t_max = _check_values(con, table, path, roles, timestamp, numeric, row)
        except duckdb.Error as error:
            raise _explain(path, fmt, error) from None
        if total == 0:
            raise DataError(f"{path}: the file has no rows{' (only a header)' if fmt == 'csv' else ''}")
        loaded.null_customers += nulls
        loaded.rows += total - nulls
        if t_min is not None:
            loaded.t_min = t_min if loaded.t_min is None else min(loaded.t_min, t_min)
            loaded.t_max = t_max if loaded.t_max is None else max(loaded.t_max, t_max)
        for role, column in roles.items():
            loaded.roles.setdefault(role, column)
        for p in props:
            if p not in loaded.properties:
                loaded.properties.append(p)
        if not direct:
            for column in (["ts_text"] if timestamp in roles else []) + [f"{r}_text" for r in roles if r in numeric]:
                con.execute(f"ALTER TABLE {table} DROP COLUMN {column}")  # checked: the text is no longer needed
        keep_cols = [c for c in (["customer"] if "customer" in roles else []) + [r for r in roles if r not in ("customer", timestamp)] + props]
        chosen = ", ".join([*(["ts", "t"] if timestamp in roles else []), *(_quote(c) for c in keep_cols)])  # feedback and path files may have no time
        where = " WHERE customer IS NOT NULL" if "customer" in roles else ""
        # seq: the row's place in the whole input (files in order, rows in order), 0 to rows - 1.
        selects.append(f"SELECT CAST({loaded.seq_end} AS BIGINT) + {row} AS seq, {chosen} FROM {table}{where}")
        loaded.seq_end += total
    if not loaded.rows:
        raise DataError(f"{', '.join(files)}: no event has a customer id ({loaded.null_customers} rows without one)")
    con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {' UNION ALL BY NAME '.join(selects)}")
    loaded.seconds = time.perf_counter() - started
    return loaded


def _check_values(con, table: str, path: str, roles: dict[str, str], timestamp: str, numeric: tuple[str, ...], row: str) -> tuple[int, int, int | None, int | None]:
    """One scan of the file's table: its rows, those without a customer id, the range of
    its times; a DataError at the first row whose time or number cannot be read."""
    measures = ["count(*)", "count(*) FILTER (WHERE customer IS NULL)" if "customer" in roles else "0"]
    if timestamp in roles:
        measures += [f"min({row}) FILTER (WHERE t IS NULL)", "min(t)", "max(t)"]
    checked = [role for role in numeric if role in roles]
    measures += [f"min({row}) FILTER (WHERE {role} IS NULL AND NULLIF(trim({role}_text), '') IS NOT NULL)" for role in checked]
    found = list(con.execute(f"SELECT {', '.join(measures)} FROM {table}").fetchall()[0])
    total, nulls = int(found[0]), int(found[1] or 0)
    t_min = t_max = None
    if timestamp in roles:
        bad, t_min, t_max = found[2:5]
        if bad is not None:
            text = con.execute(f"SELECT ts_text FROM {table} WHERE {row} = ?", [bad]).fetchall()[0][0]
            if text is None or not str(text).strip():
                raise DataError(f"{path} row {bad + 1}: the timestamp ({roles[timestamp]}) is empty")
            raise DataError(f'{path} row {bad + 1}: the timestamp "{text}" is not a date and time; write it as ISO 8601, such as 2024-03-01T14:30:00Z')
    for role, bad in zip(checked, found[len(found) - len(checked) :]):
        if bad is not None:
            text = con.execute(f"SELECT {role}_text FROM {table} WHERE {row} = ?", [bad]).fetchall()[0][0]
            raise DataError(f'{path} row {bad + 1}: the {ROLE_WORDS.get(role, role)} "{text}" ({roles[role]}) is not a number')
    return total, nulls, t_min, t_max
