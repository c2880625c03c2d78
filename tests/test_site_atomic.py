"""An HTML site is written whole or not at all, never over an input, with links that stay links to files."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
import uuid
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import MINIMAL, run, write

LOOP = """\
version: 1
id: loop
title: Round and round
stages:
  - id: s
    name: Stage
touchpoints:
  - id: a
    name: A
    stage: s
    next: [b]
  - id: b
    name: B
    stage: s
    next: [a]
"""


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def _links(html: str) -> list[str]:
    found = []

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "a":
                found.append(dict(attrs).get("href") or "")

    Links().feed(html)
    return [href for href in found if not href.startswith("#")]


@pytest.mark.parametrize("name", ["shop.html", "index.html"])
def test_a_site_never_replaces_an_input_file(tmp_path, name):
    journey = write(tmp_path, name, MINIMAL.replace("id: minimal", "id: shop"))
    before = journey.read_bytes()
    result = run("render", name, "-f", "html", "-o", "./", cwd=tmp_path)
    assert result.returncode == 2
    assert "is one of the input files" in result.err
    assert journey.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # nothing else written, no staging folder left


def test_a_site_over_an_old_one_replaces_its_pages_and_leaves_other_files(tmp_path):
    write(tmp_path / "in", "map.journey.yaml", MINIMAL)
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("old index")
    os.chmod(out / "index.html", 0o600)
    (out / "notes.txt").write_text("mine")
    result = run("render", str(tmp_path / "in"), "-f", "html", "--engine", "graphviz-pure", "-o", f"{out}/")
    assert result.returncode == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "map.html", "notes.txt"]
    assert "old index" not in (out / "index.html").read_text()
    assert (out / "index.html").stat().st_mode & 0o777 == 0o600  # an existing page keeps its mode
    assert (out / "notes.txt").read_text() == "mine"


def test_a_site_under_a_file_is_exit_2_and_writes_nothing(tmp_path):
    write(tmp_path / "in", "map.journey.yaml", MINIMAL)
    (tmp_path / "notes.txt").write_text("mine")
    result = run("render", str(tmp_path / "in"), "-f", "html", "-o", str(tmp_path / "notes.txt" / "site") + "/")
    assert result.returncode == 2
    assert "notes.txt is a file, not a folder" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "notes.txt"]


def test_a_file_named_like_a_url_scheme_links_as_a_relative_file(tmp_path):
    folder = tmp_path / "in"
    write(folder, "javascript:alert(document.domain).journey.yaml", MINIMAL)
    write(folder, "plain.journey.yaml", MINIMAL.replace("id: minimal", "id: plain"))
    out = tmp_path / "site"
    result = run("render", str(folder), "-f", "html", "-o", f"{out}/")
    assert result.returncode == 0, result.err
    links = _links((out / "index.html").read_text(encoding="utf-8"))
    assert sorted(links) == ["javascript%3Aalert%28document.domain%29.html", "plain.html"]
    assert (out / "javascript:alert(document.domain).html").is_file()  # the link leads to the page


def test_render_lints_an_endless_loop_is_not_drawn(tmp_path):
    folder = tmp_path / "in"
    write(folder, "loop.journey.yaml", LOOP)
    write(folder, "good.journey.yaml", MINIMAL)
    out = tmp_path / "site"
    result = run("render", str(folder), "-f", "html", "-o", f"{out}/")
    assert result.returncode == 1
    assert "L013" in result.err
    assert sorted(p.name for p in out.iterdir()) == ["good.html", "index.html"]
    index = (out / "index.html").read_text(encoding="utf-8")
    row = index[index.index('data-path="' + str(folder / "loop.journey.yaml")) :]
    row = row[: row.index("</tr>")]
    assert "✕ 1 error" in row and "L013" in row and "✓" not in row


def test_render_of_one_file_lints_too(tmp_path):
    write(tmp_path, "loop.journey.yaml", LOOP)
    result = run("render", "loop.journey.yaml", "--format", "dot", "-o", "loop.dot", cwd=tmp_path)
    assert result.returncode == 1
    assert "error L013" in result.err
    assert not (tmp_path / "loop.dot").exists()


def test_the_index_shows_lint_warnings(tmp_path):
    journey = MINIMAL + "personas: [{id: p, name: P}]\n"  # a persona with no goals or needs: L015
    write(tmp_path / "in", "map.journey.yaml", journey)
    out = tmp_path / "site"
    result = run("render", str(tmp_path / "in"), "-f", "html", "-o", f"{out}/")
    assert result.returncode == 0, result.err
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "✓ valid, 1 warning" in index
    assert "L015" in index  # the warning itself is listed


# Read-only folders and full disks, for real. As root, chmod does not stop a write, so the
# read-only case uses the immutable flag (chattr +i) or a read-only tmpfs; the full disk is
# a tiny tmpfs. Each is skipped where the machine does not allow it.


def _mount_tmpfs(folder: Path, options: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, f"journeyctl-test-{uuid.uuid4().hex[:8]}", str(folder)], capture_output=True, check=False)
    return done.returncode == 0


def _umount(folder: Path) -> None:
    subprocess.run(["umount", str(folder)], capture_output=True, check=False)


@pytest.fixture
def four_journeys(tmp_path):
    folder = tmp_path / "in"
    for number in range(4):
        write(folder, f"map{number}.journey.yaml", MINIMAL.replace("id: minimal", f"id: map{number}"))
    return folder


def test_a_site_on_a_full_disk_is_exit_2_and_leaves_the_old_site(tmp_path, four_journeys):
    disk = tmp_path / "disk"
    if shutil.which("mount") is None or not _mount_tmpfs(disk, "size=64k"):
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        out = disk / "site"
        out.mkdir()
        (out / "index.html").write_text("the old index")
        before = _hashes(disk)
        result = run("render", str(four_journeys), "-f", "html", "-o", f"{out}/")
        assert result.returncode == 2, result.err
        assert "no space left on the device" in result.err
        assert _hashes(disk) == before  # the old site as it was, no half page, no staging folder
        assert sorted(p.name for p in disk.rglob("*")) == ["index.html", "site"]
    finally:
        _umount(disk)


def test_a_single_file_on_a_full_disk_is_exit_2_and_leaves_the_old_file(tmp_path, four_journeys):
    disk = tmp_path / "disk"
    if shutil.which("mount") is None or not _mount_tmpfs(disk, "size=16k"):
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    try:
        (disk / "filler").write_bytes(b"x" * 8192)
        (disk / "map.html").write_text("the old page")
        result = run("render", str(four_journeys / "map0.journey.yaml"), "-f", "html", "-o", str(disk / "map.html"))
        assert result.returncode == 2, result.err
        assert "no space left on the device" in result.err
        assert (disk / "map.html").read_text() == "the old page"
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "map.html"]
    finally:
        _umount(disk)


def test_a_site_into_a_read_only_file_system_is_exit_2(tmp_path, four_journeys):
    disk = tmp_path / "ro"
    if shutil.which("mount") is None or not _mount_tmpfs(disk, "size=1m"):
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        (disk / "site").mkdir()
        if subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True, check=False).returncode:
            pytest.skip("cannot remount the tmpfs read-only")
        for target in (f"{disk / 'site'}/", f"{disk / 'new'}/"):
            result = run("render", str(four_journeys), "-f", "html", "-o", target)
            assert result.returncode == 2, result.err
            assert "read-only file system" in result.err
        assert [p.name for p in disk.rglob("*")] == ["site"]
    finally:
        _umount(disk)


def test_a_site_into_an_immutable_folder_is_exit_2(tmp_path, four_journeys):
    out = tmp_path / "site"
    out.mkdir()
    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(out)], capture_output=True, check=False).returncode:
        pytest.skip("chattr +i is not possible here (needs root and a file system with the flag)")
    try:
        result = run("render", str(four_journeys), "-f", "html", "-o", f"{out}/")
        assert result.returncode == 2, result.err
        assert f"cannot write {out}" in result.err
        assert list(out.iterdir()) == []
    finally:
        subprocess.run(["chattr", "-i", str(out)], check=False)


def test_a_staging_folder_left_by_a_killed_run_is_cleaned_at_the_next_one(tmp_path):
    write(tmp_path / "in", "map.journey.yaml", MINIMAL)
    out = tmp_path / "site"
    left = out / ".site.journeyctl-tmp-0123abcd"
    write(left, "index.html", "half a site")
    an_hour_ago = time.time() - 3600
    os.utime(left, (an_hour_ago, an_hour_ago))
    result = run("render", str(tmp_path / "in"), "-f", "html", "-o", f"{out}/")
    assert result.returncode == 0, result.err
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "map.html"]
