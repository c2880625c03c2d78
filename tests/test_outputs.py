"""Where `render -o` writes: devices stay devices, links stay links, modes follow the umask, no debris."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time

import pytest
from helpers import MINIMAL, run, write

from journeyctl import atomic

DOT = ("--format", "dot")  # no layout engine needed: these tests are about where bytes go


@pytest.fixture
def journey(tmp_path):
    return write(tmp_path / "in", "map.journey.yaml", MINIMAL)


def test_dev_null_stays_a_character_device(journey):
    before = os.stat("/dev/null")
    result = run("render", str(journey), *DOT, "-o", "/dev/null")
    assert result.returncode == 0, result.err
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_rdev, stat.S_IMODE(after.st_mode)) == (before.st_rdev, stat.S_IMODE(before.st_mode))


def test_dev_stdout_writes_to_standard_output(journey):
    result = run("render", str(journey), *DOT, "-o", "/dev/stdout")
    assert result.returncode == 0, result.err
    assert result.out.startswith("digraph")
    assert "/dev/stdout" not in result.out  # the file list would corrupt the image


def test_dev_stdout_redirected_to_a_file_fills_that_file(journey, tmp_path):
    target = tmp_path / "redirected.dot"
    with open(target, "wb") as handle:
        done = subprocess.run([sys.executable, "-m", "journeyctl", "render", str(journey), *DOT, "-o", "/dev/stdout"], stdout=handle, stderr=subprocess.PIPE, check=False)
    assert done.returncode == 0, done.stderr
    assert target.read_text().startswith("digraph")


def test_dev_stdout_appended_to_a_file_keeps_what_was_there(journey, tmp_path):
    target = tmp_path / "log.txt"
    target.write_text("earlier lines\n")
    with open(target, "ab") as handle:
        done = subprocess.run([sys.executable, "-m", "journeyctl", "render", str(journey), *DOT, "-o", "/dev/stdout"], stdout=handle, stderr=subprocess.PIPE, check=False)
    assert done.returncode == 0, done.stderr
    assert target.read_text().startswith("earlier lines\ndigraph")


def test_a_closed_standard_output_is_exit_2_in_plain_words(journey):
    done = subprocess.run([sys.executable, "-m", "journeyctl", "render", str(journey), *DOT, "-o", "/dev/stdout"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, close_fds=True, preexec_fn=lambda: os.close(1))
    assert done.returncode == 2
    assert b"cannot write /dev/stdout: it is closed" in done.stderr
    assert b"Traceback" not in done.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
def test_a_full_device_is_exit_2_in_plain_words(journey):
    result = run("render", str(journey), *DOT, "-o", "/dev/full")
    assert result.returncode == 2
    assert "cannot write /dev/full: no space left on the device" in result.err
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_a_fifo_is_written_through(journey, tmp_path):
    fifo = tmp_path / "pipe.dot"
    os.mkfifo(fifo)
    reader = subprocess.Popen(["cat", str(fifo)], stdout=subprocess.PIPE)
    result = run("render", str(journey), *DOT, "-o", str(fifo))
    out, _ = reader.communicate(timeout=30)
    assert result.returncode == 0, result.err
    assert out.startswith(b"digraph")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_symbolic_link_is_written_where_it_points(journey, tmp_path):
    real = tmp_path / "real" / "map.dot"
    real.parent.mkdir()
    real.write_text("old")
    os.chmod(real, 0o640)
    link = tmp_path / "link.dot"
    link.symlink_to(real)
    result = run("render", str(journey), *DOT, "-o", str(link))
    assert result.returncode == 0, result.err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text().startswith("digraph")
    assert stat.S_IMODE(real.stat().st_mode) == 0o640


def test_a_link_to_a_new_file_creates_it_there(journey, tmp_path):
    (tmp_path / "real").mkdir()
    link = tmp_path / "link.dot"
    link.symlink_to(tmp_path / "real" / "new.dot")
    result = run("render", str(journey), *DOT, "-o", str(link))
    assert result.returncode == 0, result.err
    assert link.is_symlink()
    assert (tmp_path / "real" / "new.dot").read_text().startswith("digraph")


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda link, tmp: link.symlink_to(link), "leads back to itself"),
        (lambda link, tmp: link.symlink_to(tmp / "missing" / "x.dot"), "whose folder does not exist"),
    ],
    ids=["loop", "into-a-missing-folder"],
)
def test_a_link_that_cannot_be_followed_is_refused(journey, tmp_path, make, words):
    link = tmp_path / "link.dot"
    make(link, tmp_path)
    result = run("render", str(journey), *DOT, "-o", str(link))
    assert result.returncode == 2
    assert words in result.err
    assert link.is_symlink()


@pytest.mark.parametrize(("umask", "mode"), [(0o077, 0o600), (0o022, 0o644), (0o002, 0o664)])
def test_a_new_file_gets_its_mode_from_the_umask(journey, tmp_path, umask, mode):
    target = tmp_path / "new.dot"
    done = subprocess.run(
        ["sh", "-c", f'umask {umask:03o} && exec "$0" -m journeyctl render "$1" --format dot -o "$2"', sys.executable, str(journey), str(target)],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_an_existing_file_keeps_its_mode(journey, tmp_path):
    target = tmp_path / "kept.dot"
    target.write_text("old")
    os.chmod(target, 0o600)
    result = run("render", str(journey), *DOT, "-o", str(target))
    assert result.returncode == 0, result.err
    assert target.read_text().startswith("digraph")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_path_under_a_file_is_exit_2_in_plain_words(journey, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    result = run("render", str(journey), *DOT, "-o", str(tmp_path / "notes.txt" / "map.dot"))
    assert result.returncode == 2
    assert "notes.txt is a file, not a folder" in result.err
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_leftover_temporary_files_are_cleaned_at_the_next_run(journey, tmp_path):
    old = tmp_path / f".map.dot{atomic.TMP_MARK}0123abcd"
    fresh = tmp_path / f".map.dot{atomic.TMP_MARK}4567cdef"
    stranger = tmp_path / ".map.dot.tmp"
    for path in (old, fresh, stranger):
        path.write_text("half")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    os.utime(stranger, (an_hour_ago, an_hour_ago))
    result = run("render", str(journey), *DOT, "-o", str(tmp_path / "map.dot"))
    assert result.returncode == 0, result.err
    assert not old.exists()  # ours, and old: left by a killed run
    assert fresh.exists()  # ours, but maybe another run writing right now
    assert stranger.exists()  # not ours
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["in", "map.dot", fresh.name, stranger.name])


def test_a_name_too_long_is_exit_2_in_plain_words(journey, tmp_path):
    result = run("render", str(journey), *DOT, "-o", str(tmp_path / ("x" * 300 + ".dot")))
    assert result.returncode == 2
    assert "the name is too long" in result.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]


@pytest.mark.parametrize("value", ["inf", "nan", "-inf"])
def test_a_timeout_that_is_not_a_number_of_seconds_is_a_usage_error(journey, value):
    result = run("render", str(journey), *DOT, "-o", "-", "--timeout", value)
    assert result.returncode == 2
    assert "give a number of seconds" in result.err or "--timeout" in result.err
