"""A Spark session for ``journeyctl analyze --engine spark``, and an Ibis connection over it.

By default Spark runs in local mode inside this machine (``local[2]``: two worker
threads), which is what the parity test uses. ``--spark-master`` or the environment
variable ``JOURNEYCTL_SPARK_MASTER`` points it at a cluster instead (``spark://host:7077``,
``yarn``, ``k8s://...``); the rest of the cluster's settings come from Spark's own
``spark-defaults.conf`` (``SPARK_CONF_DIR``), as for any Spark application.

What is fixed here, whatever the master:

- the session time zone is UTC (``spark.sql.session.timeZone`` and the JVM's
  ``user.timezone``), so naive timestamps mean UTC on Spark as on DuckDB;
- no web UI, no console progress bar, few shuffle partitions (the queries return small
  tables; Spark's default of 200 partitions only adds start-up cost);
- Spark's own logging goes to standard error at level ERROR only: a user sees the report,
  not log4j's start-up chatter. (The JVM itself may print one line about incubator
  modules before logging starts; nothing can silence that from here.)
- Spark's scratch files (local dir, warehouse) live in a temporary folder removed at exit,
  never in the current folder.

PySpark needs a Java 17+ runtime (``scripts/ensure-java.sh`` installs Debian's). When Java
or PySpark is missing, :class:`SparkUnavailable` says so in plain words.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

MASTER_ENV = "JOURNEYCTL_SPARK_MASTER"
DEFAULT_MASTER = "local[2]"
APP_NAME = "journeyctl"
SHUFFLE_PARTITIONS = 4

_LOG4J2 = """\
# Written by journeyctl: Spark logs errors only, to standard error.
# The root level stays at WARN, the level PySpark's shell start-up expects (any other
# level makes it announce the change on standard error); the appender keeps errors only.
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = stderr
appender.stderr.type = Console
appender.stderr.name = stderr
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = spark: %p %c{1}: %m%n
appender.stderr.filter.threshold.type = ThresholdFilter
appender.stderr.filter.threshold.level = error
# When a query's generated Java code is too big to compile (long CASE expressions of
# many touchpoints do that), Spark runs the query interpreted instead, with the same
# result, after logging the whole generated source as an error. Keep that quiet.
logger.codegen.name = org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator
logger.codegen.level = off
logger.wholestage.name = org.apache.spark.sql.execution.WholeStageCodegenExec
logger.wholestage.level = off
"""

_scratch: Path | None = None


class SparkUnavailable(Exception):
    """Spark cannot start here: the message says why, in plain words, and what to do."""


def master_url(master: str | None = None) -> str:
    """The master to use: the option, else ``JOURNEYCTL_SPARK_MASTER``, else ``local[2]``."""
    return (master or os.environ.get(MASTER_ENV) or DEFAULT_MASTER).strip()


def _scratch_dir() -> Path:
    """One temporary folder per process for Spark's files, removed when Python exits."""
    global _scratch
    if _scratch is None:
        _scratch = Path(tempfile.mkdtemp(prefix="journeyctl-spark-"))
        (_scratch / "log4j2.properties").write_text(_LOG4J2, encoding="utf-8")
        atexit.register(shutil.rmtree, _scratch, True)
    return _scratch


def settings(master: str | None = None) -> dict[str, str]:
    """The Spark configuration journeyctl sets (the master included), as text."""
    scratch = _scratch_dir()
    java_options = f"-Duser.timezone=UTC -Dlog4j2.configurationFile={(scratch / 'log4j2.properties').as_uri()}"
    return {
        "spark.master": master_url(master),
        "spark.app.name": APP_NAME,
        "spark.sql.session.timeZone": "UTC",
        "spark.driver.extraJavaOptions": java_options,
        "spark.executor.extraJavaOptions": java_options,
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.shuffle.partitions": str(SHUFFLE_PARTITIONS),
        "spark.default.parallelism": str(SHUFFLE_PARTITIONS),
        "spark.sql.execution.arrow.pyspark.enabled": "true",
        "spark.local.dir": str(scratch / "local"),
        "spark.sql.warehouse.dir": str(scratch / "warehouse"),
    }


def _check_java() -> None:
    if os.environ.get("JAVA_HOME") and Path(os.environ["JAVA_HOME"], "bin", "java").exists():
        return
    if shutil.which("java") is None:
        raise SparkUnavailable(
            "Spark needs a Java 17 (or newer) runtime, and there is no java on this machine; "
            "install one (on Debian or Ubuntu, as root: apt-get install -y openjdk-17-jre-headless), "
            "or set JAVA_HOME"
        )


def session(master: str | None = None) -> Any:
    """A started SparkSession (or the one already running in this process) with the settings above."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise SparkUnavailable(
            "the Spark engine needs PySpark, which is not installed; install it with: pip install 'journeyctl[spark]'"
        ) from error
    conf = settings(master)
    if conf["spark.master"].startswith("local"):
        # A local session talks to itself: skip the look-up of the machine's address
        # (and the warning when it resolves to a loopback one).
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    _check_java()
    builder = SparkSession.builder
    for key, value in conf.items():
        builder = builder.config(key, value)
    try:
        spark = builder.getOrCreate()
    except Exception as error:  # the JVM did not start, or the master is unreachable
        raise SparkUnavailable(f"Spark did not start with master {conf['spark.master']!r}: {_first_line(error)}") from error
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def connect(master: str | None = None) -> Any:
    """An Ibis connection that runs its expressions on Spark (see :func:`session`)."""
    import ibis

    return ibis.pyspark.connect(session(master))


def table_from_arrow(backend: Any, name: str, data: Any) -> Any:
    """The Arrow table ``data`` on the Spark backend, as the temporary view ``name`` (an Ibis table).

    The rows are sent to Spark once and checkpointed there: the view's plan is then a
    small reference to Spark's stored blocks, not the rows themselves. (A view straight
    over ``createDataFrame`` carries every row inside its plan, and Spark copies the plan
    at each step of optimising it: a funnel of six steps over 100,000 events ran out of
    memory that way.) Ibis's own ``create_table`` cannot make temporary tables on Spark.
    """
    frame = backend._session.createDataFrame(data).localCheckpoint(eager=True)
    frame.createOrReplaceTempView(name)
    return backend.table(name)


def stop() -> None:
    """Stop this process's Spark session, if one runs (tests start several commands in a row)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        return
    active = SparkSession.getActiveSession()
    if active is not None:
        active.stop()


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
