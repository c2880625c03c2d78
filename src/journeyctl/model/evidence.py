"""Sourced text: a thought, pain point or quote with where it comes from.

An item is plain text, or a mapping ``{text, source, link?}``. The model keeps every
item as a ``SourcedText``, a ``str`` with ``.source`` and ``.link``, so code that reads
the items as text keeps working. A mapping's problems are reported at its own keys
(``link`` at the link), as for any other mapping.
"""

from typing import Annotated

from pydantic import Field, WrapValidator

from journeyctl.model.strict import Strict
from journeyctl.model.values import Link, SourcedText, Text, new_list


class Sourced(Strict):
    """A text with its source: where a thought, a pain point or a quote comes from."""

    text: Text = Field(description="The text itself.")
    source: Text = Field(description="Where it comes from, in a few words: 'interviews, May 2026', 'NPS survey Q3', 'analytics'.")
    link: Link | None = Field(None, description="A link to the research: a web address starting with http:// or https://.")


def _sourced(value: object, read_text) -> SourcedText:
    """Plain text is read as text; a mapping as a ``Sourced``, whose errors keep their place."""
    if isinstance(value, dict):
        item = Sourced.model_validate(value)
        return SourcedText(item.text, item.source, item.link)
    return SourcedText(read_text(value))


# Text's own checks run inside (``read_text``); the schema says: text, or a Sourced mapping.
SourcedItem = Annotated[Text, WrapValidator(_sourced, json_schema_input_type=Text | Sourced)]
SourcedTexts = Annotated[list[SourcedItem], Field(default_factory=new_list)]
