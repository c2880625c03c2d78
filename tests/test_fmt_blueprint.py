"""journeyctl fmt puts the format's additions in canonical key order, comments with their keys."""

from __future__ import annotations

from helpers import run
from test_format_blueprint import BLUEPRINT

UNORDERED = """\
version: 1
id: bags
title: Dropping a bag
opportunities:
  - touchpoints: [drops-bag]
    owner: Ground team
    title: A second desk
entry: [drops-bag]
scenario: Leo flies to Lisbon
stages:
  - time: {duration: 1h}
    id: check-in
    name: Check-in
phases:
  - stages: [check-in]
    name: Airport
    id: airport
touchpoints:
  - parallel: true
    serves: [drops-bag]
    id: desk
    stage: check-in
    name: The desk
    lane: support
    time:
      frequency: every flight
      duration: 2m
    end: true
  - next: [desk]
    id: drops-bag
    name: Drops the bag
    stage: check-in
    pain_points:
      # from the spring study
      - source: interviews
        link: https://example.com/s
        text: The queue is long
    channels: [desk]
    end: true
channels:
  - {id: desk, name: Desk, kind: physical}
"""

ORDERED = """\
version: 1
id: bags
title: Dropping a bag
scenario: Leo flies to Lisbon
entry: [drops-bag]
channels:
  - {id: desk, name: Desk, kind: physical}
phases:
  - id: airport
    name: Airport
    stages: [check-in]
stages:
  - id: check-in
    name: Check-in
    time: {duration: 1h}
touchpoints:
  - id: desk
    name: The desk
    stage: check-in
    lane: support
    serves: [drops-bag]
    time:
      duration: 2m
      frequency: every flight
    end: true
    parallel: true
  - id: drops-bag
    name: Drops the bag
    stage: check-in
    channels: [desk]
    pain_points:
      # from the spring study
      - text: The queue is long
        source: interviews
        link: https://example.com/s
    end: true
    next: [desk]
opportunities:
  - title: A second desk
    owner: Ground team
    touchpoints: [drops-bag]
"""


def test_new_keys_go_in_canonical_order(tmp_path):
    result = run("fmt", "-", input=UNORDERED, cwd=tmp_path)
    assert result.returncode == 0, result.err
    assert result.out == ORDERED
    again = run("fmt", "-", input=ORDERED, cwd=tmp_path)
    assert again.out == ORDERED


def test_the_blueprint_example_keeps_its_meaning(tmp_path):
    formatted = run("fmt", "-", input=BLUEPRINT, cwd=tmp_path)
    assert formatted.returncode == 0, formatted.err
    before = run("validate", "--format", "json", "-", input=BLUEPRINT, cwd=tmp_path)
    after = run("validate", "--format", "json", "-", input=formatted.out, cwd=tmp_path)
    assert (before.returncode, after.returncode) == (0, 0)
