"""journeyctl diff on scratch git repositories built here, through the real command and the real git."""

from __future__ import annotations

import json
import subprocess

import pytest
from helpers import run, write

BASE = """\
# yaml-language-server: $schema=../schema/journey.schema.json
version: 1
id: shop
title: Buying a rug
owner: CX team
personas:
  - id: maya
    name: Maya
channels:
  - id: web
    name: Website
  - id: app
    name: App
stages:
  - id: awareness
    name: Awareness
  - id: purchase
    name: Purchase
    kpis:
      - name: Conversion
        target: 3%
touchpoints:
  - id: sees-ad
    name: Sees an ad
    stage: awareness
    channel: web
    emotion: 1
    next: [browses]
  - id: browses
    name: Browses rugs
    stage: awareness
    channel: web
    pain_points: [Too many filters]
    next: [checkout]
  - id: checkout
    name: Pays
    stage: purchase
    channel: web
    team: Payments
    emotion: {score: -1, label: anxious}
    pain_points: [Surprise shipping fee, Slow page]
    end: true
"""

# The same journey, laid out differently: flow style, other key order, comments, quotes.
REFORMATTED = """\
# yaml-language-server: $schema=../schema/journey.schema.json
# The map of buying a rug, reformatted.
title: "Buying a rug"
id: shop
version: 1
owner: 'CX team'
channels: [{id: web, name: Website}, {name: App, id: app}]
personas: [{name: Maya, id: maya}]
stages:
  - {name: Awareness, id: awareness}
  - id: purchase
    kpis: [{target: 3%, name: Conversion}]
    name: Purchase
touchpoints:
  - {id: sees-ad, stage: awareness, name: Sees an ad, emotion: {score: 1}, channel: web, next: browses}
  - id: browses
    next: [{to: checkout}]
    channel: web
    name: Browses rugs
    stage: awareness
    pain_points:
      - Too many filters   # still too many
  - end: true
    pain_points: [Slow page, Surprise shipping fee]
    emotion: {label: anxious, score: -1}
    team: Payments
    channel: web
    stage: purchase
    name: Pays
    id: checkout
"""

# Every kind of change at once.
CHANGED = (
    BASE.replace("owner: CX team", "owner: Journey guild")
    .replace("  - id: purchase\n    name: Purchase\n", "  - id: consider\n    name: Consideration\n  - id: purchase\n    name: Purchase and pay\n")
    .replace("        target: 3%", "        target: 4%")
    .replace("  - id: browses\n    name: Browses rugs\n    stage: awareness", "  - id: browses\n    name: Browses rugs\n    stage: consider")
    .replace("    next: [browses]\n", "    next: [browses, checkout]\n")
    .replace("    pain_points: [Too many filters]\n    next: [checkout]\n", "    pain_points: [Too many filters]\n    opportunities: [Saved searches]\n    next: [checkout]\n")
    .replace("    team: Payments\n", "    team: Checkout squad\n")
    .replace("    channel: web\n    team", "    channel: app\n    team")
    .replace("    emotion: {score: -1, label: anxious}\n    pain_points: [Surprise shipping fee, Slow page]\n", "    emotion: {score: 1, label: relieved}\n    pain_points: [Slow page]\n")
    + "  - id: gets-receipt\n    name: Gets a receipt\n    stage: purchase\n    channel: web\n    end: true\n"
)
EXPECTED_CHANGES = [
    ("owner-changed", None, "shop", "owner", "CX team", "Journey guild"),
    ("link-added", "awareness", "sees-ad", "next", None, "checkout"),
    ("stage-added", "consider", "consider", None, None, "Consideration"),
    ("touchpoint-moved", "consider", "browses", "stage", "awareness", "consider"),
    ("opportunity-added", "consider", "browses", "opportunities", None, "Saved searches"),
    ("stage-renamed", "purchase", "purchase", "name", "Purchase", "Purchase and pay"),
    ("kpi-changed", "purchase", "purchase", "kpis", "Conversion", "Conversion"),
    ("emotion-changed", "purchase", "checkout", "emotion", "-1", "+1"),
    ("pain-point-resolved", "purchase", "checkout", "pain_points", "Surprise shipping fee", None),
    ("owner-changed", "purchase", "checkout", "team", "Payments", "Checkout squad"),
    ("touchpoint-channel-changed", "purchase", "checkout", "channel", "web", "app"),
    ("touchpoint-added", "purchase", "gets-receipt", None, None, "Gets a receipt"),
]


def git(repo, *args: str) -> str:
    result = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=repo, capture_output=True, text=True, check=True)
    return result.stdout


def commit(repo, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)


@pytest.fixture
def repo(tmp_path):
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root, "maps/shop.journey.yaml", BASE)
    commit(root, "first map")
    return root


def diff(repo, *args: str, **kwargs):
    return run("diff", *args, cwd=repo, **kwargs)


def changes(repo, *args: str) -> tuple[int, dict]:
    result = diff(repo, "--format", "json", *args)
    return result.returncode, json.loads(result.out)


def test_no_change_exits_0(repo):
    result = diff(repo)
    assert (result.returncode, result.out, result.err) == (0, "Comparing HEAD with the working tree\n\nno change in the journeys\n", "")


@pytest.mark.parametrize("text", [REFORMATTED, BASE.replace("\n", "\r\n"), "# a comment first\n" + BASE + "\n\n"])
def test_formatting_and_key_order_are_no_change(repo, text):
    write(repo, "maps/shop.journey.yaml", text)
    assert diff(repo).returncode == 0
    commit(repo, "reformatted")
    code, data = changes(repo, "HEAD~1", "HEAD")
    assert (code, data["changed"], data["counts"], data["files"][0]["status"]) == (0, False, {}, "unchanged")


def test_each_kind_of_change(repo):
    write(repo, "maps/shop.journey.yaml", CHANGED)
    code, data = changes(repo)
    assert code == 1
    (item,) = data["files"]
    assert (item["path"], item["status"], item["kind"], item["id"]) == ("maps/shop.journey.yaml", "modified", "journey", "shop")
    found = [(c["kind"], c["stage"], c["subject"], c["field"], c["old"], c["new"]) for c in item["changes"]]
    assert found == EXPECTED_CHANGES
    assert data["summary"] == (
        "1 stage added, 1 stage renamed, 1 KPI changed, 1 touchpoint added, 1 touchpoint moved, 1 link added, "
        "emotion at checkout up from -1 to +1, 1 pain point resolved, 1 opportunity added, 2 owners changed, 1 touchpoint channel changed"
    )


def test_text_groups_by_journey_and_stage(repo):
    write(repo, "maps/shop.journey.yaml", CHANGED)
    result = diff(repo)
    assert result.returncode == 1
    assert result.out == (
        "Comparing HEAD with the working tree\n"
        "\n"
        "maps/shop.journey.yaml (journey shop)\n"
        '  ~ journey owner: "CX team" → "Journey guild"\n'
        "  stage awareness (Awareness)\n"
        "    + link added: sees-ad → checkout\n"
        "  stage consider (Consideration)\n"
        '    + stage "consider" (Consideration) added at place 2\n'
        '    ~ touchpoint "browses" moved from stage awareness to stage consider\n'
        '    + opportunity added at browses: "Saved searches"\n'
        "  stage purchase (Purchase and pay)\n"
        '    ~ stage "purchase" renamed: "Purchase" → "Purchase and pay"\n'
        '    ~ KPI "Conversion" of stage "purchase": target "3%" → "4%"\n'
        "    ~ emotion at checkout up from -1 to +1\n"
        '    - pain point resolved at checkout: "Surprise shipping fee"\n'
        '    ~ owner (team) of checkout: "Payments" → "Checkout squad"\n'
        '    ~ channel of checkout: "web" → "app"\n'
        '    + touchpoint "gets-receipt" (Gets a receipt) added\n'
        "\n"
        "1 stage added, 1 stage renamed, 1 KPI changed, 1 touchpoint added, 1 touchpoint moved, 1 link added, "
        "emotion at checkout up from -1 to +1, 1 pain point resolved, 1 opportunity added, 2 owners changed, 1 touchpoint channel changed\n"
    )
    assert "\x1b[" not in result.out
    coloured = diff(repo, "--color", "always")
    assert "\x1b[32m" in coloured.out and "\x1b[31m" in coloured.out  # green additions, red removals
    assert "\x1b[" not in diff(repo, "--color", "always", "--format", "json").out
    assert "\x1b[" not in diff(repo, "--format", "markdown", env={"FORCE_COLOR": "1"}).out


def test_removals_renames_and_moves_within_a_stage(repo):
    text = (
        BASE.replace("  - id: sees-ad\n    name: Sees an ad\n", "  - id: sees-ad\n    name: Sees a poster\n")
        .replace("    emotion: 1\n", "")
        .replace("  - id: app\n    name: App\n", "")
        .replace("    next: [browses]\n", "    next: [checkout]\n")
    )
    # browses goes before sees-ad: a new place within its stage
    start = text.index("  - id: browses")
    end = text.index("  - id: checkout")
    first = text.index("  - id: sees-ad")
    text = text[:first] + text[start:end] + text[first:start] + text[end:]
    write(repo, "maps/shop.journey.yaml", text)
    code, data = changes(repo)
    found = [(c["kind"], c["subject"], c["field"], c["old"], c["new"]) for c in data["files"][0]["changes"]]
    assert code == 1
    assert found == [
        ("channel-removed", "app", None, "App", None),  # the journey's own changes come first
        ("touchpoint-moved", "browses", "position", None, None),  # now first in its stage
        ("touchpoint-renamed", "sees-ad", "name", "Sees an ad", "Sees a poster"),
        ("link-added", "sees-ad", "next", None, "checkout"),
        ("link-removed", "sees-ad", "next", "browses", None),
        ("emotion-changed", "sees-ad", "emotion", "+1", None),
    ]


def test_file_added_deleted_and_renamed(repo):
    write(repo, "maps/other.journey.yaml", BASE.replace("id: shop", "id: other"))
    write(repo, "maps/gone.journey.yaml", BASE.replace("id: shop", "id: gone"))
    commit(repo, "two more maps")
    (repo / "maps/gone.journey.yaml").unlink()
    git(repo, "mv", "maps/other.journey.yaml", "maps/renamed.journey.yaml")
    write(repo, "maps/new.journey.yaml", BASE.replace("id: shop", "id: new"))
    code, data = changes(repo)
    assert code == 1
    files = [(f["path"], f["old_path"], f["status"], f["id"], len(f["changes"])) for f in data["files"]]
    assert files == [
        ("maps/gone.journey.yaml", None, "deleted", "gone", 0),
        ("maps/new.journey.yaml", None, "added", "new", 0),
        ("maps/renamed.journey.yaml", "maps/other.journey.yaml", "renamed", "other", 0),
        ("maps/shop.journey.yaml", None, "unchanged", "shop", 0),
    ]
    assert data["summary"] == "1 file added, 1 file deleted, 1 file renamed"
    text = diff(repo).out
    assert "maps/renamed.journey.yaml (journey other): renamed from maps/other.journey.yaml\n" in text
    assert "maps/gone.journey.yaml (journey gone): deleted\n" in text


def test_a_file_moved_and_rewritten_is_the_same_journey_by_its_id(repo):
    (repo / "maps/shop.journey.yaml").unlink()
    write(repo, "elsewhere/rug.journey.yaml", REFORMATTED.replace("title: \"Buying a rug\"", "title: Buying a rug online"))
    commit(repo, "moved")
    code, data = changes(repo, "HEAD~1", "HEAD")
    (item,) = data["files"]
    assert (code, item["path"], item["old_path"], item["status"]) == (1, "elsewhere/rug.journey.yaml", "maps/shop.journey.yaml", "renamed")
    assert [(c["kind"], c["field"], c["new"]) for c in item["changes"]] == [("journey-changed", "title", "Buying a rug online")]


def test_two_commits_a_pull_request_and_the_index(repo):
    git(repo, "checkout", "-q", "-b", "feature")
    write(repo, "maps/shop.journey.yaml", BASE.replace("emotion: 1\n", "emotion: 2\n"))
    commit(repo, "happier ad")
    git(repo, "checkout", "-q", "main")
    write(repo, "maps/shop.journey.yaml", BASE.replace("owner: CX team", "owner: Someone else"))
    commit(repo, "main moves on")
    git(repo, "checkout", "-q", "feature")
    # main...feature: only what the branch changed, not what main did since
    code, data = changes(repo, "main...feature")
    assert (code, data["summary"]) == (1, "emotion at sees-ad up from +1 to +2")
    code, data = changes(repo, "main", "feature")
    assert data["summary"] == "emotion at sees-ad up from +1 to +2, 1 owner changed"
    # the index against HEAD, the working tree left out
    write(repo, "maps/shop.journey.yaml", BASE.replace("emotion: 1\n", "emotion: -2\n"))
    git(repo, "add", "maps/shop.journey.yaml")
    write(repo, "maps/shop.journey.yaml", BASE)
    assert changes(repo, "--staged")[1]["summary"] == "emotion at sees-ad down from +2 to -2"
    assert changes(repo)[1]["summary"] == "emotion at sees-ad down from +2 to +1"
    assert git(repo, "status", "--porcelain") == "MM maps/shop.journey.yaml\n"  # nothing checked out or staged by diff


def test_a_library_change_reaches_the_journey(repo):
    write(repo, "shared/people.library.yaml", "version: 1\nkind: library\npersonas:\n  - id: leo\n    name: Leo\n")
    write(repo, "maps/shop.journey.yaml", BASE.replace("personas:\n  - id: maya\n    name: Maya\n", "imports:\n  - path: ../shared/people.library.yaml\npersonas:\n  - id: maya\n    name: Maya\n"))
    commit(repo, "shared people")
    write(repo, "shared/people.library.yaml", "version: 1\nkind: library\npersonas:\n  - id: leo\n    name: Leo, the saver\n")
    code, data = changes(repo)
    messages = {f["path"]: [c["message"] for c in f["changes"]] for f in data["files"]}
    assert code == 1
    assert messages == {
        "maps/shop.journey.yaml": ['persona "leo" renamed: "Leo" → "Leo, the saver" (from an imported library)'],
        "shared/people.library.yaml": ['persona "leo" renamed: "Leo" → "Leo, the saver"'],
    }
    # at a revision, the import is read as it was then
    commit(repo, "renamed leo")
    assert changes(repo, "HEAD~1", "HEAD")[1]["files"] == data["files"]


def test_paths_narrow_the_comparison(repo):
    write(repo, "other/b.journey.yaml", BASE.replace("id: shop", "id: b"))
    code, data = changes(repo, "maps")
    assert (code, [f["path"] for f in data["files"]]) == (0, ["maps/shop.journey.yaml"])
    code, data = changes(repo, "HEAD", "other/b.journey.yaml")
    assert (code, [(f["path"], f["status"]) for f in data["files"]]) == (1, [("other/b.journey.yaml", "added")])
    inside = run("diff", "--format", "json", cwd=repo / "maps")
    assert [f["path"] for f in json.loads(inside.out)["files"]] == ["maps/shop.journey.yaml"]


def test_an_unknown_revision(repo):
    result = diff(repo, "no-such-branch")
    assert (result.returncode, result.out) == (2, "")
    assert result.err == 'journeyctl: diff: "no-such-branch" is neither a revision of this repository nor a file or folder\n'
    result = diff(repo, "main...nope")
    assert (result.returncode, result.err) == (2, 'journeyctl: diff: "nope" is not a revision of this repository (a branch, tag or commit)\n')


def test_a_path_not_in_the_repository(repo):
    result = diff(repo, "HEAD", "maps/missing.journey.yaml")
    assert result.returncode == 2
    assert result.err == "journeyctl: diff: maps/missing.journey.yaml: not in the repository at HEAD nor at the working tree\n"
    code, data = changes(repo, "maps/missing.journey.yaml")
    assert (code, data["errors"]) == (2, ["maps/missing.journey.yaml: not in the repository at HEAD nor at the working tree"])


def test_a_file_invalid_in_one_revision_is_reported_and_the_rest_still_compared(repo):
    write(repo, "maps/good.journey.yaml", BASE.replace("id: shop", "id: good"))
    commit(repo, "second map")
    write(repo, "maps/shop.journey.yaml", BASE.replace("    stage: purchase\n", "    stage: purchas\n"))
    write(repo, "maps/good.journey.yaml", BASE.replace("id: shop", "id: good").replace("emotion: 1\n", "emotion: 0\n"))
    code, data = changes(repo)
    assert code == 2
    by_path = {f["path"]: f for f in data["files"]}
    assert by_path["maps/good.journey.yaml"]["changes"][0]["message"] == "emotion at sees-ad down from +1 to 0"
    bad = by_path["maps/shop.journey.yaml"]
    assert bad["status"] == "unreadable"
    assert [(p["path"], p["line"], p["column"], p["code"]) for p in bad["problems"]] == [("maps/shop.journey.yaml", 37, 12, "R001")]
    text = diff(repo).out
    assert "maps/shop.journey.yaml (journey shop): not compared: it has errors\n" in text
    assert '  maps/shop.journey.yaml:37:12: error R001 unknown stage "purchas" in the touchpoint "checkout"\n' in text
    # invalid in the old revision only: said, with its place at that revision, and the run is not an error
    commit(repo, "broken")
    write(repo, "maps/shop.journey.yaml", BASE)
    code, data = changes(repo)
    bad = {f["path"]: f for f in data["files"]}["maps/shop.journey.yaml"]
    assert (code, bad["status"], [p["path"] for p in bad["problems"]]) == (1, "unreadable", ["HEAD:maps/shop.journey.yaml"])


def test_not_a_git_repository(tmp_path):
    write(tmp_path, "a.journey.yaml", BASE)
    result = run("diff", cwd=tmp_path)
    assert result.returncode == 2
    assert result.err == f"journeyctl: diff: {tmp_path} is not inside a git repository; to compare two files, run journeyctl diff --no-index OLD NEW\n"


def test_two_files_outside_git(tmp_path):
    write(tmp_path, "old.journey.yaml", BASE)
    write(tmp_path, "new.journey.yaml", CHANGED)
    result = run("diff", "--format", "json", "old.journey.yaml", "new.journey.yaml", cwd=tmp_path)
    data = json.loads(result.out)
    assert (result.returncode, data["old"], data["new"]) == (1, "old.journey.yaml", "new.journey.yaml")
    assert len(data["files"][0]["changes"]) == len(EXPECTED_CHANGES)
    same = run("diff", "--no-index", "old.journey.yaml", "old.journey.yaml", cwd=tmp_path)
    assert same.returncode == 0
    missing = run("diff", "--no-index", "old.journey.yaml", "nope.journey.yaml", cwd=tmp_path)
    assert (missing.returncode, missing.err) == (2, "journeyctl: diff: nope.journey.yaml: no such file\n")


def test_a_repository_without_commits(tmp_path):
    git(tmp_path, "init", "-q")
    write(tmp_path, "a.journey.yaml", BASE)
    result = run("diff", cwd=tmp_path)
    assert result.returncode == 2
    assert "the repository has no commit yet" in result.err


def test_markdown_starts_with_the_summary_and_escapes_text(repo):
    write(repo, "maps/shop.journey.yaml", CHANGED.replace("Gets a receipt", "Gets a <b>receipt</b> | *now*"))
    result = diff(repo, "--format", "markdown")
    lines = result.out.splitlines()
    assert result.returncode == 1
    assert lines[0].startswith("**journeyctl diff:** 1 stage added, 1 stage renamed,")
    assert lines[2] == "Comparing HEAD with the working tree."
    assert "### maps/shop.journey.yaml (journey shop)" in lines
    assert "**Stage purchase** (Purchase and pay)" in lines
    assert '- + touchpoint "gets-receipt" (Gets a &lt;b&gt;receipt&lt;/b&gt; \\| \\*now\\*) added' in lines


def test_html_marks_the_changes_on_the_map(repo, tmp_path):
    write(repo, "maps/shop.journey.yaml", CHANGED.replace("  - id: sees-ad\n    name: Sees an ad\n    stage: awareness\n    channel: web\n    emotion: 1\n    next: [browses, checkout]\n", "").replace("entry: sees-ad\n", ""))
    out = tmp_path / "changes.html"
    result = diff(repo, "--format", "html", "-o", str(out))
    assert (result.returncode, result.out) == (1, "")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in page
    assert "<h2 id=\"diff-title\">Changes</h2>" in page and "Marks on the map" in page
    for mark in ("+ Added", "~ Changed", "− Removed"):
        assert f'<span class="mark">{mark}</span>' in page  # the legend, in words
    assert "<h3>+ Added: Gets a receipt</h3>" in page  # marked on the map itself
    assert "<h3>− Removed: Sees an ad</h3>" in page  # a removed touchpoint is shown where it was
    assert "<h3>~ Changed: Pays</h3>" in page
    assert "+ Added: Consideration" in page
    assert diff(repo, "--format", "html").out == page  # standard output gives the same page


def test_html_refuses_several_changed_journeys(repo):
    write(repo, "maps/b.journey.yaml", BASE.replace("id: shop", "id: b"))
    write(repo, "maps/shop.journey.yaml", CHANGED)
    result = diff(repo, "--format", "html")
    assert result.returncode == 2
    assert "the HTML page shows one journey, and 2 changed" in result.err


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "html"])
def test_every_format_is_deterministic(repo, fmt):
    write(repo, "maps/shop.journey.yaml", CHANGED)
    write(repo, "maps/b.journey.yaml", BASE.replace("id: shop", "id: b"))
    args = ("maps/shop.journey.yaml",) if fmt == "html" else ()
    first, second = diff(repo, "--format", fmt, *args), diff(repo, "--format", fmt, *args)
    assert first.returncode == 1
    assert first.stdout == second.stdout and first.stdout


def test_git_missing_and_a_path_outside_the_repository(repo, tmp_path):
    empty = tmp_path / "no-programs"
    empty.mkdir()
    result = diff(repo, env={"PATH": str(empty)})
    assert (result.returncode, result.err) == (2, "journeyctl: diff: the git program is not installed or not on the PATH; journeyctl diff reads revisions through it\n")
    write(tmp_path, "outside.journey.yaml", BASE)
    result = diff(repo, "HEAD", str(tmp_path / "outside.journey.yaml"))
    assert (result.returncode, result.err) == (2, f"journeyctl: diff: {tmp_path / 'outside.journey.yaml'}: outside the repository {repo}\n")


def test_output_file_is_written_whole(repo, tmp_path):
    write(repo, "maps/shop.journey.yaml", CHANGED)
    target = tmp_path / "report.md"
    result = diff(repo, "--format", "markdown", "-o", str(target))
    assert (result.returncode, result.out) == (1, "")
    assert target.read_text(encoding="utf-8") == diff(repo, "--format", "markdown").out
    write(tmp_path, "file-not-folder.md", "")
    missing = diff(repo, "-o", str(tmp_path / "file-not-folder.md" / "x.md"))
    assert missing.returncode == 2 and missing.err.startswith("journeyctl: diff: ") and "cannot write" in missing.err
