"""Write docs/rules.md from the lint rules' docstrings (a test checks it is up to date).

    python scripts/generate-rules-doc.py            # docs/rules.md
    python scripts/generate-rules-doc.py OUT.md     # somewhere else
"""

from __future__ import annotations

import sys
from pathlib import Path

from journeyctl.atomic import write_text
from journeyctl.lint.explain import page

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "rules.md"
    write_text(target, page())
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
