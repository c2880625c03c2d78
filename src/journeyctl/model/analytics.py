"""How journeyctl analyze measures a journey: conversion, the main path, the log's columns."""

from typing import Annotated

from pydantic import BeforeValidator, Field

from journeyctl.model.strict import Strict
from journeyctl.model.values import Duration, Id, IdList, NonEmptyIds, Text, _one_or_many


class Columns(Strict):
    """The names of the event log's columns, where they differ from the usual ones."""

    customer: Text = Field("customer_id", description="The column that says who the customer is (default customer_id).")
    timestamp: Text = Field("timestamp", description="The column that says when the event happened (default timestamp).")
    event: Text = Field("event", description="The column with the event's name (default event).")
    channel: Text = Field("channel", description="The column with the event's channel (default channel).")
    value: Text | None = Field(None, description="A column with the conversion's value, such as the order total (default: none).")


def _default_columns() -> Columns:
    """The usual column names (a function: pydantic reads the factory's signature, and a model's is slow to read)."""
    return Columns()


ConversionIds = Annotated[NonEmptyIds, BeforeValidator(_one_or_many, json_schema_input_type=Id | NonEmptyIds)]


class Analytics(Strict):
    """How journeyctl analyze measures this journey against an event log: what counts as conversion, the main path, the defaults."""

    conversion: ConversionIds = Field(
        description="The touchpoint id, or ids, that count as conversion, such as the purchase."
    )
    funnel: IdList | None = Field(
        None,
        description="The main path as touchpoint ids in order (default: from the entry, the first next step of each touchpoint that has events, up to the conversion).",
    )
    support: IdList | None = Field(
        None,
        description="The touchpoint ids where customers look for help (default: the touchpoints in the support lane, or whose channel or stage has 'support' in its id or name).",
    )
    window: Duration = Field("14d", description="The conversion window, measured from the first funnel step (default 14d).")
    session_gap: Duration = Field("30m", description="The idle time after which a new session starts (default 30m).")
    columns: Columns = Field(default_factory=_default_columns, description="The event log's column names, where they differ from the defaults.")
