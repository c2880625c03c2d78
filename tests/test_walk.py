"""The folder search reads regular files inside the repository, and nothing else."""

from __future__ import annotations

import json
import os
import socket

import pytest
from helpers import MINIMAL, run, write


@pytest.fixture
def repo(tmp_path):
    folder = tmp_path / "repo"
    (folder / ".git").mkdir(parents=True)
    write(folder, "maps/good.journey.yaml", MINIMAL)
    return folder


def test_a_link_out_of_the_repository_is_skipped_and_never_printed(repo, tmp_path):
    secret = write(tmp_path, "outside/secret.txt", "password: hunter2\nroot:x:0:0:root:/root:/bin/bash\n")
    (repo / "maps" / "x.journey.yaml").symlink_to(secret)
    (repo / "maps" / "passwd.journey.yaml").symlink_to("/etc/passwd")
    result = run("validate", "maps", cwd=repo, timeout=30)
    assert result.returncode == 0, result.out + result.err
    assert "hunter2" not in result.out + result.err and "root:x" not in result.out + result.err
    assert "Checked 1 file" in result.out
    for name in ("x.journey.yaml", "passwd.journey.yaml"):
        assert f"maps/{name}: a symbolic link that leads outside the repository" in result.err


def test_a_link_inside_the_repository_is_followed(repo):
    write(repo, "shared/other.journey.yaml", MINIMAL.replace("id: minimal", "id: other"))
    (repo / "maps" / "other.journey.yaml").symlink_to(repo / "shared" / "other.journey.yaml")
    result = run("validate", "maps", cwd=repo, timeout=30)
    assert result.returncode == 0, result.err
    assert "Checked 2 files" in result.out
    assert "notice" not in result.err


def test_a_fifo_named_like_a_journey_is_skipped_not_waited_for(repo):
    os.mkfifo(repo / "maps" / "pipe.journey.yaml")
    result = run("validate", "maps", cwd=repo, timeout=30)
    assert result.returncode == 0, result.err
    assert "maps/pipe.journey.yaml: not a regular file but a named pipe (FIFO); skipped" in result.err
    assert "Checked 1 file" in result.out


def test_a_socket_named_like_a_journey_is_skipped(repo):
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(repo / "maps" / "s.journey.yaml"))
        result = run("validate", "maps", cwd=repo, timeout=30)
    finally:
        server.close()
    assert result.returncode == 0, result.err
    assert "s.journey.yaml: not a regular file but a socket; skipped" in result.err


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda maps: (maps / "loop.journey.yaml").symlink_to(maps / "loop.journey.yaml"), "leads back to itself"),
        (lambda maps: (maps / "a.journey.yaml").symlink_to(maps / "b.journey.yaml") or (maps / "b.journey.yaml").symlink_to(maps / "a.journey.yaml"), "leads back to itself"),
        (lambda maps: (maps / "dangling.journey.yaml").symlink_to(maps / "gone.journey.yaml"), "a symbolic link to nothing"),
    ],
    ids=["self", "pair", "dangling"],
)
def test_a_broken_link_is_a_notice_not_an_internal_error(repo, make, words):
    make(repo / "maps")
    result = run("validate", "maps", cwd=repo, timeout=30)
    assert result.returncode == 0, result.err
    assert words in result.err
    assert "internal error" not in result.err


def test_a_loop_of_folder_links_does_not_make_the_search_endless(repo):
    (repo / "maps" / "again").symlink_to(repo / "maps")
    (repo / "maps" / "up").symlink_to(repo)
    result = run("validate", "maps", cwd=repo, timeout=30)
    assert result.returncode == 0, result.err
    assert "Checked 1 file" in result.out


def test_render_skips_them_the_same_way(repo, tmp_path):
    os.mkfifo(repo / "maps" / "pipe.journey.yaml")
    (repo / "maps" / "passwd.journey.yaml").symlink_to("/etc/passwd")
    result = run("render", "maps", "--format", "dot", "-o", str(tmp_path / "out") + "/", cwd=repo, timeout=30)
    assert result.returncode == 0, result.err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["good-flow.dot"]
    assert "root:" not in result.err


def test_a_file_named_on_the_command_line_is_read_even_through_a_pipe(repo):
    result = run("validate", "/dev/stdin", input=MINIMAL, cwd=repo, timeout=30)
    assert result.returncode == 0, result.err
    assert "Checked 1 file" in result.out


@pytest.mark.parametrize(
    ("name", "make", "words"),
    [
        ("loop.journey.yaml", lambda p: p.symlink_to(p), "a symbolic link that leads back to itself or to nothing"),
        ("gone.journey.yaml", lambda p: p.symlink_to(p.parent / "nowhere"), "a symbolic link that leads back to itself or to nothing"),
        ("y" * 300 + ".journey.yaml", lambda p: None, "cannot be read: file name too long"),
    ],
    ids=["loop", "dangling", "name-too-long"],
)
def test_a_path_named_on_the_command_line_that_cannot_be_read_is_exit_2(repo, name, make, words):
    make(repo / name)
    for command in ("validate", "render"):
        result = run(command, name, cwd=repo, timeout=30)
        assert result.returncode == 2, result.err
        assert words in result.err
        assert "internal error" not in result.err
