"""The models' cheaper checks decide exactly what the Python ones did.

Text's visibility test runs inside pydantic-core, with a pattern in Rust's regex syntax;
these tests hold it to Python's ``_VISIBLE.search`` character by character, and to the
same problem at the same place through the real command.
"""

from __future__ import annotations

import inspect

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from helpers import EXAMPLES, MINIMAL, problems, run
from journeyctl import model
from journeyctl.model.values import _VISIBLE, Text


def _accepts(adapter: TypeAdapter, text: str) -> bool:
    try:
        adapter.validate_python(text)
    except ValidationError as error:
        assert [(e["type"], e["msg"]) for e in error.errors()] in (
            [("blank_text", "the text is blank")],
            [("string_unicode", "Input should be a valid string, unable to parse raw data as a unicode string")],
        ), error.errors()
        return False
    return True


def test_every_character_is_visible_to_text_exactly_when_python_finds_it_visible():
    adapter = TypeAdapter(Text)
    differ = [
        hex(code)
        for code in range(0x110000)
        if not 0xD800 <= code <= 0xDFFF and _accepts(adapter, chr(code)) != bool(_VISIBLE.search(chr(code)))
    ]
    assert differ == []


@pytest.mark.parametrize("text", ["\ud800", "a\udfff b"])
def test_a_lone_surrogate_is_refused_as_before_not_taken_for_text(text):
    assert not _accepts(TypeAdapter(Text), text)


@pytest.mark.parametrize(
    ("text", "valid"),
    [(" ", False), ("\u3000\t\u200b", False), ("\ufeff\u00a0", False), (" x ", True), ("\u00a0\u00e9", True), ("1", True)],
)
def test_a_visible_character_anywhere_in_a_text_makes_it_text(text, valid):
    assert _accepts(TypeAdapter(Text), text) is valid


def test_an_empty_text_is_too_short_not_blank():
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(Text).validate_python("")
    assert [e["type"] for e in caught.value.errors()] == ["string_too_short"]


def test_blank_texts_are_reported_at_their_place_in_fields_and_in_sourced_items(tmp_path):
    journey = tmp_path / "blank.journey.yaml"
    journey.write_text(
        MINIMAL.replace("title: A minimal journey", 'title: "\u3000"')
        + '    thoughts: ["\\t", {text: "\u200b", source: a survey}, fine]\n'
        + "    pain_points: [{text: ok, source: \" \"}]\n",
        encoding="utf-8",
    )
    code, records = problems(str(journey))
    assert code == 1
    assert [(p["line"], p["column"], p["code"], p["message"]) for p in records] == [
        (3, 8, "S004", '"title" is blank: it holds only spaces or invisible characters'),
        (11, 16, "S004", 'item 1 of "thoughts" is blank: it holds only spaces or invisible characters'),
        (11, 29, "S004", '"text" is blank: it holds only spaces or invisible characters'),
        (12, 38, "S004", '"source" is blank: it holds only spaces or invisible characters'),
    ]


def _models() -> list[type[BaseModel]]:
    found = {value for value in vars(model).values() if isinstance(value, type) and issubclass(value, BaseModel)}
    return sorted(found, key=lambda cls: cls.__name__)


def test_no_default_factory_is_a_builtin_or_a_class():
    # pydantic reads each factory's signature when it builds a model: for list, dict or a
    # model class that costs a fraction of a millisecond a field at every start.
    slow = [
        f"{cls.__name__}.{name}"
        for cls in _models()
        for name, field in cls.model_fields.items()
        if field.default_factory is not None and not inspect.isfunction(field.default_factory)
    ]
    assert slow == []


def test_list_and_mapping_defaults_are_new_for_each_value():
    first, second = (model.Touchpoint(id=f"t{n}", name="A step", stage="s") for n in (1, 2))
    assert first.actions == [] and first.rows == {} and first.actions is not second.actions
    assert first.rows is not second.rows


def test_validate_reads_the_presets_without_importlib_resources_or_zipfile():
    # The presets are files next to the linter; the resources machinery costs about 2 ms a start.
    result = run("validate", str(EXAMPLES / "retail-first-purchase.journey.yaml"), env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert result.returncode == 0, result.out
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.err.splitlines() if line.startswith("import time:")}
    assert "journeyctl.lint.config" in imported and "journeyctl.lint.stage_models" in imported
    assert not imported & {"zipfile", "importlib.resources", "importlib.readers"}
