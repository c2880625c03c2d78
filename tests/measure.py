"""Run the real journeyctl command in a fresh process and measure its peak memory."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

_SCRIPT = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run([sys.executable, '-m', 'journeyctl', *sys.argv[1:]], capture_output=True)\n"
    "sys.stdout.write(done.stdout.decode())\n"
    "sys.stderr.write(done.stderr.decode())\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(done.returncode)\n"
)


def peak_memory_mb(*args: str, cwd: Path | None = None, timeout: float = 60) -> tuple[subprocess.CompletedProcess, float]:
    """``journeyctl ARGS``'s result and its peak resident memory in MB (Linux: ru_maxrss is in KB)."""
    done = subprocess.run([sys.executable, "-c", _SCRIPT, *args], capture_output=True, text=True, cwd=cwd, timeout=timeout)
    *_, peak_kb = done.stderr.split()
    assert "Traceback" not in done.stderr, done.stderr
    return done, int(peak_kb) / 1024
