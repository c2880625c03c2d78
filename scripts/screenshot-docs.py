#!/usr/bin/env python3
"""Regenerate the screenshots of the example journey-map pages kept under docs/images/.

    python scripts/screenshot-docs.py              # every example journey
    python scripts/screenshot-docs.py --out /tmp/shots

Renders examples/ as a site (the same code as ``journeyctl render --format html``),
opens every page in headless Chromium (Debian's package, installed by
scripts/ensure-chromium.sh) and saves, per journey ID:

* ``ID-page.png``: the top of the page on a 1440 px wide laptop screen;
* ``ID-page-map.png``: the top of the journey-map grid, as wide and as high as the screen shows it;
* ``ID-page-dark.png``: the top of the page in the dark colour scheme;

and, from ``journeyctl analyze --format html`` on the retail example's sample log and
feedback (examples/data/), the measured map:

* ``retail-first-purchase-report.png``: the top of the page;
* ``retail-first-purchase-report-charts.png``: its funnel and time to purchase.

Needs the test extra (``pip install -e '.[test]'``) for Playwright.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from headless_chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402  (one place for the browser's flags)

VIEWPORT = {"width": 1440, "height": 1000}
REPORT = [  # the measured map: journeyctl analyze ARGS --format html
    "retail-first-purchase.journey.yaml",
    "--events",
    "data/retail-events.csv",
    "--feedback",
    "data/retail-feedback.csv",
]


def analyze_page(examples: Path, folder: Path) -> Path:
    """The measured-map page of the retail example, written by the real command."""
    target = folder / "retail-first-purchase-report.html"
    args = [f"{examples.name}/{arg}" if not arg.startswith("-") else arg for arg in REPORT]  # the page shows the paths as given
    subprocess.run([sys.executable, "-m", "journeyctl", "analyze", *args, "--format", "html", "-o", str(target)], check=True, capture_output=True, cwd=examples.resolve().parent)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=Path, default=ROOT / "examples", help="folder of journeys (default: examples/)")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images", help="where to save (default: docs/images/)")
    args = parser.parse_args()

    subprocess.run(["sh", str(ROOT / "scripts" / "ensure-chromium.sh")], check=True)
    from playwright.sync_api import sync_playwright

    from journeyctl.checker import check
    from journeyctl.render.html import render_site

    report = check([str(args.examples)])
    if report.exit_code != 0:
        print(f"screenshot-docs: {args.examples} has invalid files; run journeyctl validate {args.examples}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        site = Path(folder)
        pages = render_site(report.documents, site)[1:]
        measured = analyze_page(args.examples, site)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport=VIEWPORT, color_scheme="light", device_scale_factor=1)
            page = context.new_page()
            page.goto(measured.as_uri())
            page.screenshot(path=str(args.out / f"{measured.stem}.png"))
            charts = page.locator('[data-chart="funnel"], [data-chart="time"]')
            box = [charts.nth(i).bounding_box() for i in range(2)]
            page.screenshot(path=str(args.out / f"{measured.stem}-charts.png"), clip={"x": 0, "y": box[0]["y"] - 20, "width": VIEWPORT["width"], "height": box[1]["y"] + box[1]["height"] - box[0]["y"] + 40}, full_page=True)
            print(f"screenshot-docs: {measured.stem}")
            context.close()
            for scheme in ("light", "dark"):
                context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme, device_scale_factor=1)
                page = context.new_page()
                for path in pages:
                    page.goto(path.as_uri())
                    name = path.stem
                    if scheme == "dark":
                        page.screenshot(path=str(args.out / f"{name}-page-dark.png"))
                        continue
                    page.screenshot(path=str(args.out / f"{name}-page.png"))
                    box = page.locator(".map-scroll").bounding_box()
                    clip = {"x": box["x"], "y": box["y"], "width": box["width"], "height": min(box["height"], VIEWPORT["height"])}
                    page.screenshot(path=str(args.out / f"{name}-page-map.png"), clip=clip, full_page=True)
                    print(f"screenshot-docs: {name}")
                context.close()
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
