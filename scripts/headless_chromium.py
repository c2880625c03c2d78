"""Where the headless browser is and how to start it, for the page tests and the screenshots.

Debian's chromium package at /usr/bin/chromium (scripts/ensure-chromium.sh installs
it), driven by Playwright's Python package; Playwright's own browser download is never
used. The flags keep Chromium from reaching out to the network at start-up, which a
closed machine refuses, and let it run as root.
"""

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
