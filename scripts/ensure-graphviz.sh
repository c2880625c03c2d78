#!/bin/sh
# Make sure Graphviz's dot is installed, for PDF output and the PDF test.
#
# journeyctl draws SVG and PNG with graphviz-pure, which pip installs; only PDF
# needs the system Graphviz. Does nothing when dot is already on PATH.
# Installing needs root (CI and the development machines run as root);
# otherwise it says what to run and fails.
set -eu

if command -v dot >/dev/null 2>&1; then
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-graphviz: dot is missing; install it as root with: apt-get install -y graphviz" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "ensure-graphviz: installing Debian's graphviz package" >&2
apt-get update -qq >&2
apt-get install -y -qq --no-install-recommends graphviz >&2

if ! command -v dot >/dev/null 2>&1; then
    echo "ensure-graphviz: apt-get finished but dot is still missing" >&2
    exit 1
fi
