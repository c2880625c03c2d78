#!/bin/sh
# Make sure a headless Chromium is at /usr/bin/chromium for the browser tests.
#
# The tests drive Debian's chromium package through Playwright's Python package;
# Playwright's own browser download is never used. Does nothing when Chromium is
# already installed. Installing needs root (CI and the development machines run
# as root); otherwise it says what to run and fails.
set -eu

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-chromium: $CHROMIUM is missing; install it as root with: apt-get install -y chromium" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "ensure-chromium: installing Debian's chromium package" >&2
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >&2

if [ ! -x "$CHROMIUM" ]; then
    echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing" >&2
    exit 1
fi
