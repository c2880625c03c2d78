"""Ship the top-level templates/ folder inside the package, as journeyctl/templates.

Everything else about the build is in pyproject.toml. The templates stay at the top
of the repository, where people find, read and copy them; a wheel carries a copy as
package data. At run time ``journeyctl.render.html`` looks for the packaged copy
first and falls back to the checkout's templates/ (``pip install -e .``, where
build_py does not run for the package files), so both installs find the same files.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

TEMPLATES = Path(__file__).resolve().parent / "templates"


class build_py_with_templates(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's templates/ directly
        target = Path(self.build_lib, "journeyctl", "templates")
        shutil.rmtree(target, ignore_errors=True)  # no stale template from an earlier build
        for source in sorted(TEMPLATES.rglob("*")):
            if source.is_file() and not source.name.startswith("."):
                destination = target / source.relative_to(TEMPLATES)
                self.mkpath(str(destination.parent))
                self.copy_file(str(source), str(destination))


setup(cmdclass={"build_py": build_py_with_templates})
