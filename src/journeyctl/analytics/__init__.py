"""``journeyctl analyze``: the journey map measured against an event log.

The package splits the work the way the design asks (docs/analytics.md):

- ``plan``: the tracking plan read from a journey (which events stand for which touchpoint);
- ``read``: event files (CSV, Parquet, JSON lines) checked and loaded into DuckDB;
- ``engine``: the connection (DuckDB, Spark, any Ibis URL) and the matched-events table;
- ``queries``: the few aggregate queries, written once in Ibis, each returning a small table;
- ``funnel``, ``journeys``, ``timing``, ``drift``: the measures, computed from those small
  tables in plain Python and numpy, with no engine;
- ``report``: the result as plain data, and its text, JSON and CSV forms.

Importing this package imports nothing heavy: each module brings its own dependencies,
and ``validate`` and ``render`` never import any of them.
"""
