"""The diff page (journeyctl diff --format html) as Chromium shows it: the marks read in words, on a clean page."""

from __future__ import annotations

import pytest
from helpers import run, write
from test_diff import BASE, CHANGED
from test_html_pages import CONTRAST, assert_clean


@pytest.fixture(scope="module")
def diff_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("diff")
    write(folder, "old.journey.yaml", BASE)
    write(folder, "new.journey.yaml", CHANGED.replace("    pain_points: [Too many filters]\n", ""))
    result = run("diff", "--no-index", "old.journey.yaml", "new.journey.yaml", "--format", "html", "-o", "changes.html", cwd=folder)
    assert result.returncode == 1, result.err
    return folder


def test_the_changes_and_the_legend_show_above_the_map(diff_page, open_page):
    visit = open_page(diff_page, "changes.html")
    page = visit.page
    assert page.locator("#diff-title").is_visible()
    assert page.locator(".diff-summary .lead").inner_text().startswith("1 stage added, 1 stage renamed")
    assert page.locator(".diff-summary .marks li").all_inner_texts() == [
        "+ Added New in this change",
        "~ Changed Renamed, moved, or with new details (listed under Changes)",
        "− Removed Gone in this change; shown where it was",
    ]
    stages = page.locator(".map-scroll .stage-name").all_inner_texts()
    assert stages == ["Awareness", "+ Added: Consideration", "~ Changed: Purchase and pay"]
    cards = page.locator(".map-scroll h3").all_inner_texts()
    assert "+ Added: Gets a receipt" in cards and "~ Changed: Pays" in cards
    assert page.locator(".diff-summary").bounding_box()["y"] < page.locator(".map-scroll").bounding_box()["y"]
    assert_clean(visit)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_meets_wcag_aa_contrast(diff_page, open_page, scheme):
    visit = open_page(diff_page, "changes.html", color_scheme=scheme)
    assert visit.page.evaluate(CONTRAST) == []
    assert_clean(visit)
