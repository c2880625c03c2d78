"""Start-up: ``journeyctl COMMAND`` builds only that command's options, and says and
does exactly what the whole command line would."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from helpers import EXAMPLES, run

RETAIL = str(EXAMPLES / "retail-first-purchase.journey.yaml")
# The command as installed (main: the app of the one command named), and the app with every command built.
LEAN = "import sys; sys.argv[0] = 'journeyctl'; from journeyctl.cli import main; main()"
WHOLE = "import sys; sys.argv[0] = 'journeyctl'; from journeyctl.cli import app; app()"


def journeyctl(program: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "", "FORCE_COLOR": "", "COLUMNS": "100"}
    env.pop("JOURNEYCTL_DEBUG", None)
    return subprocess.run([sys.executable, "-c", program, *args], capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "--help"),
        ("validate", "--fomat", "json", RETAIL),  # a misspelt option: the same message and exit code
        ("validate", "--jobs", "0", RETAIL),
        ("validate", "--format", "concise", RETAIL),
        ("rules", "--help"),
        ("schema", "--kind", "libary"),
    ],
)
def test_one_command_app_says_what_the_whole_app_says(args):
    lean, whole = journeyctl(LEAN, *args), journeyctl(WHOLE, *args)
    assert "Traceback" not in lean.stderr + whole.stderr
    assert (lean.returncode, lean.stdout, lean.stderr) == (whole.returncode, whole.stdout, whole.stderr)


def test_other_first_words_get_the_whole_app():
    result = run("valdate", RETAIL)
    assert result.returncode == 2 and "validate" in result.err  # click's "did you mean" needs every command
    listing = run("--help", env={"COLUMNS": "100"})
    assert all(name in listing.out for name in ("validate", "render", "analyze", "diff", "fmt", "init", "convert", "schema", "rules"))


def test_the_stand_in_plugin_loader_hands_over_to_pydantics_own_for_any_other_name():
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from journeyctl.cli import skip_pydantic_plugins\n"
        "skip_pydantic_plugins()\n"
        "import pydantic.plugin\n"
        "stand_in = sys.modules['pydantic.plugin._loader']\n"
        "assert list(stand_in.get_plugins()) == []\n"
        "assert 'importlib.metadata' not in sys.modules\n"
        "from pydantic.plugin._loader import _loading_plugins\n"  # a name only the real loader has
        "assert _loading_plugins is False\n"
        "assert sys.modules['pydantic.plugin._loader'] is not stand_in\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
