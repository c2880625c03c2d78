"""``journeyctl schema``: the JSON Schema of the format, generated from the models."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from journeyctl import atomic
from journeyctl.model import MODELS

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"


def schema_text(kind: str) -> str:
    schema = MODELS[kind].model_json_schema(mode="validation")
    document = {"$schema": SCHEMA_URL, **schema}
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def run(kind: str, output: Path | None) -> int:
    text = schema_text(kind)
    if output is None:
        sys.stdout.write(text)
        return 0
    try:
        atomic.write_text(output, text)
    except OSError as error:
        print(f"journeyctl: cannot write {output}: {error.strerror or error}", file=sys.stderr)
        return 2
    return 0
