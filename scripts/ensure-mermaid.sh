#!/bin/sh
# Make sure the real Mermaid parser is installed, for the tests of journeyctl convert.
#
# Installs the npm packages pinned in tests/mermaid/package-lock.json (mermaid, and
# jsdom, which gives mermaid the browser document it expects) into
# tests/mermaid/node_modules, which git ignores. Needs node and npm (Node 20 or
# later); does nothing when the pinned packages are already there.
set -eu

folder="$(cd "$(dirname "$0")/../tests/mermaid" && pwd)"

if [ -f "$folder/node_modules/.package-lock.json" ] && cmp -s "$folder/package-lock.json" "$folder/node_modules/.journeyctl-lock"; then
    exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
    echo "ensure-mermaid: npm is missing; install Node.js 20 or later (Debian: apt-get install -y nodejs npm)" >&2
    exit 1
fi

echo "ensure-mermaid: installing the pinned mermaid and jsdom into $folder/node_modules" >&2
(cd "$folder" && npm ci --no-audit --no-fund --loglevel=error >&2)
cp "$folder/package-lock.json" "$folder/node_modules/.journeyctl-lock"
