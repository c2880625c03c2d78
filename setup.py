"""The build steps pyproject.toml cannot say: data folders copied in, and the package page.

Everything else about the build is in pyproject.toml.

* The top-level ``templates/`` and ``schema/`` folders stay at the top of the
  repository, where people find, read and copy them (editors point at
  ``schema/journey.schema.json``); a wheel carries a copy of each as package data,
  ``journeyctl/templates`` and ``journeyctl/schema``. At run time
  ``journeyctl.render.html`` looks for the packaged templates first and falls back to
  the checkout's (``pip install -e .``, where build_py does not run for the package
  files), so both installs find the same files.
* The package page shows the README. Its pictures and its links to docs/ are relative
  to the repository, and journeyctl has no public address to make them absolute, so
  the page gets the README without the pictures, with each relative link written out
  as its path in the repository.
"""

import re
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
PACKAGED = {"templates": HERE / "templates", "schema": HERE / "schema"}

_IMAGE = re.compile(r"^!\[[^\]]*\]\((?!https?://)[^)]*\)\s*$\n?", re.MULTILINE)
_LINK = re.compile(r"\[([^\]]+)\]\((?!https?://|#)([^)\s]+)\)")


def package_readme(text: str) -> str:
    """The README for the package page: no relative pictures, relative links spelt out."""
    text = _IMAGE.sub("", text)
    def spelt_out(match: re.Match) -> str:
        words, target = match.group(1), match.group(2)
        return words if words.strip("`") == target else f"{words} (`{target}` in the repository)"

    text = _LINK.sub(spelt_out, text)
    return re.sub(r"\n{3,}", "\n\n", text)


class build_py_with_data(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the checkout's folders directly
        for name, folder in PACKAGED.items():
            target = Path(self.build_lib, "journeyctl", name)
            shutil.rmtree(target, ignore_errors=True)  # nothing stale from an earlier build
            for source in sorted(folder.rglob("*")):
                if source.is_file() and not source.name.startswith("."):
                    destination = target / source.relative_to(folder)
                    self.mkpath(str(destination.parent))
                    self.copy_file(str(source), str(destination))


setup(
    cmdclass={"build_py": build_py_with_data},
    long_description=package_readme((HERE / "README.md").read_text(encoding="utf-8")),
    long_description_content_type="text/markdown",
)
