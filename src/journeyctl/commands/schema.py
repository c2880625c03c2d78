"""``journeyctl schema``: the JSON Schema of the format, generated from the models.

Editors check a file with this schema as it is typed, and journeyctl checks it
with the models; the two must give the same verdict (tests/test_schema_agreement.py).
Two things the models mean are not in pydantic's schema, so they are added here:

* an optional key left empty (``tags:`` alone, ``~``, ``null``) means "not given",
  so every optional key also admits null;
* a mapping whose keys are ids (``by_persona``) admits no other keys.

Each schema has an ``$id``, a URN naming the kind and the format version: journeyctl
has no web address of its own, and a URN cannot be mistaken for one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from journeyctl import FORMAT_VERSION, atomic
from journeyctl.model import MODELS

SCHEMA_URL = "https://json-schema.org/draft/2020-12/schema"
_ANNOTATIONS = ("title", "description", "default", "examples")


def schema_id(kind: str) -> str:
    return f"urn:journeyctl:schema:{kind}:{FORMAT_VERSION}"


def _admits_null(schema: dict) -> bool:
    kind = schema.get("type")
    if kind == "null" or (isinstance(kind, list) and "null" in kind):
        return True
    return any(_admits_null(branch) for branch in schema.get("anyOf", ()))


def _nullable(schema: dict) -> dict:
    """``schema`` or null, as plainly as it can be said (a type list where there is a type)."""
    kind = schema.get("type")
    if kind is not None and "const" not in schema and "anyOf" not in schema:
        widened = {**schema, "type": [*(kind if isinstance(kind, list) else [kind]), "null"]}
        if "enum" in schema:
            widened["enum"] = [*schema["enum"], None]
        return widened
    outer = {key: schema[key] for key in _ANNOTATIONS if key in schema}
    inner = {key: value for key, value in schema.items() if key not in _ANNOTATIONS}
    branches = inner["anyOf"] if list(inner) == ["anyOf"] else [inner]
    return {**outer, "anyOf": [*branches, {"type": "null"}]}


def _as_read(node: object) -> None:
    """Make the schema say what the models read (see the module's docstring), in place."""
    if isinstance(node, list):
        for item in node:
            _as_read(item)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        _as_read(value)
    properties = node.get("properties")
    if isinstance(properties, dict):
        required = set(node.get("required", ()))
        for name, schema in properties.items():
            if name not in required and isinstance(schema, dict) and not _admits_null(schema):
                properties[name] = _nullable(schema)
    if node.get("type") == "object" and "patternProperties" in node and "properties" not in node:
        node.setdefault("additionalProperties", False)


def schema_document(kind: str) -> dict:
    schema = MODELS[kind].model_json_schema(mode="validation")
    _as_read(schema)
    return {"$schema": SCHEMA_URL, "$id": schema_id(kind), **schema}


def schema_text(kind: str) -> str:
    return json.dumps(schema_document(kind), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def run(kind: str, output: Path | None) -> int:
    text = schema_text(kind)
    if output is None:
        sys.stdout.write(text)
        return 0
    folder = output.parent
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "does not exist"
        print(f"journeyctl: cannot write {output}: the folder {folder} {what}; create it first, or write the schema elsewhere", file=sys.stderr)
        return 2
    try:
        atomic.write_text(output, text, make_parents=False)
    except OSError as error:
        print(f"journeyctl: {atomic.plain(error, output)}", file=sys.stderr)
        return 2
    return 0
