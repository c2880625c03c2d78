#!/bin/sh
# Regenerate the example diagrams under docs/images/ from examples/.
#
#     scripts/render-docs-images.sh
#
# Draws the retail example's flow view, the mobile plan example's service
# blueprint, and the small blueprint of tests/snapshots/trip.journey.yaml (support
# steps, a parallel step, fail and wait points, evidence, rows, phases) as SVG and
# PNG with graphviz-pure, which writes the same bytes on every machine, so the images
# change only when the example or the drawing changes.
# tests/test_render_docs_images.py fails when they are out of date.
set -eu
cd "$(dirname "$0")/.."

if [ -n "${PYTHON:-}" ]; then
    :
elif [ -x .venv/bin/python ]; then
    PYTHON=.venv/bin/python
else
    PYTHON=python3
fi

OUT=docs/images

# image name, journey file, view
while read -r name journey view; do
    for format in svg png; do
        "$PYTHON" -m journeyctl render "$journey" --engine graphviz-pure \
            --view "$view" --format "$format" -o "$OUT/$name.$format"
    done
done <<EOF_IMAGES
retail-flow examples/retail-first-purchase.journey.yaml flow
switch-blueprint examples/switch-mobile-plan.journey.yaml blueprint
trip-blueprint tests/snapshots/trip.journey.yaml blueprint
EOF_IMAGES
