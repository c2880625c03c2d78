"""A touchpoint, one step of the journey, and what it holds: emotion, next steps, events, time."""

from typing import Annotated, Literal

from pydantic import BeforeValidator, ConfigDict, Field

from journeyctl.model.evidence import SourcedTexts
from journeyctl.model.strict import Strict
from journeyctl.model.values import LANES, Duration, Flag, Id, Link, Score, ScoreNumber, Text, TextList, _one_or_many, new_dict, new_list


def _flow_shorthand(value: object) -> object:
    """``next: [pay]`` is short for ``next: [{to: pay}]``."""
    return {"to": value} if isinstance(value, str) else value


def _event_shorthand(value: object) -> object:
    """``events: [order_placed]`` is short for ``events: [{event: order_placed}]``."""
    return {"event": value} if isinstance(value, str) else value


def _emotion_shorthand(value: object) -> object:
    """``emotion: -1`` is short for ``emotion: {score: -1}``."""
    return {"score": value} if isinstance(value, (str, int, float)) else value


class Feeling(Strict):
    """A score on the emotion scale, with an optional word for it."""

    score: Score = Field(
        description="From -2 (very negative) through 0 (neutral) to 2 (very positive); decimals are allowed."
    )
    label: Text | None = Field(None, description="A word for the feeling: 'anxious', 'relieved'.")


FeelingInput = Annotated[Feeling, BeforeValidator(_emotion_shorthand, json_schema_input_type=ScoreNumber | Feeling)]


class Emotion(Feeling):
    """How the customer feels at a touchpoint; ``by_persona`` overrides it for single personas."""

    by_persona: dict[Id, FeelingInput] = Field(
        default_factory=new_dict, description="A different feeling for some personas, by persona id."
    )
    source: Text | None = Field(None, description="Where the score comes from: 'usability test, June 2026', 'NPS survey Q3'.")
    link: Link | None = Field(None, description="A link to the research: a web address starting with http:// or https://.")


class Flow(Strict):
    """A step from one touchpoint to the next."""

    to: Id = Field(description="The id of the next touchpoint.")
    label: Text | None = Field(None, description="What the customer does to get there: 'clicks the ad'.")
    condition: Text | None = Field(None, description="When this path is taken: 'card declined'.")


FlowInput = Annotated[Flow, BeforeValidator(_flow_shorthand, json_schema_input_type=Id | Flow)]


class EventMatch(Strict):
    """Which logged events stand for a touchpoint: an event name, and optional conditions on the event's channel and properties."""

    event: Text = Field(description="The event's name as the log writes it: 'order_placed'.")
    channel: Text | None = Field(
        None, description="Only events whose channel column equals this text (the log's value, not a channel id)."
    )
    where: dict[str, Text] = Field(
        default_factory=new_dict,
        description="Conditions on property columns of the log: each column's value must equal the text, or match it as a pattern with *, ? and [..], such as '/products/*'.",
    )


EventMatchInput = Annotated[EventMatch, BeforeValidator(_event_shorthand, json_schema_input_type=Text | EventMatch)]


class Timing(Strict):
    """How long a step or a stage typically takes, how long the customer waits, how often it happens."""

    duration: Duration | None = Field(None, description="How long it typically takes: '10m', '2h', '3d'.")
    wait: Duration | None = Field(None, description="How long the customer typically waits: '2d'.")
    frequency: Text | None = Field(None, description="How often it happens, in words: 'once a year', 'every order'.")


# channel and channels exclude each other; validate says so at the key (references.py).
_ONE_OF_CHANNEL_KEYS = {
    "not": {
        "required": ["channel", "channels"],
        "properties": {"channel": {"not": {"type": "null"}}, "channels": {"not": {"type": "null"}}},
    }
}


class Touchpoint(Strict):
    """One step of the journey: a moment where the customer meets the business."""

    model_config = ConfigDict(json_schema_extra={**Strict.model_config["json_schema_extra"], **_ONE_OF_CHANNEL_KEYS})

    id: Id
    name: Text
    stage: Id = Field(description="The id of the stage this touchpoint belongs to.")
    channel: Id | None = Field(None, description="The id of the channel (none for backstage steps).")
    channels: list[Id] = Field(
        default_factory=new_list, description="Several channel ids, where one step happens on more than one channel (instead of channel)."
    )
    description: Text | None = None
    personas: list[Id] = Field(
        default_factory=new_list, description="The ids of the personas who go through it (default: all of them)."
    )
    actions: TextList = Field(description="What the customer does.")
    thoughts: SourcedTexts = Field(description="What the customer thinks, in their own words: a text, or a mapping with text, source and link.")
    emotion: Annotated[
        Emotion | None, BeforeValidator(_emotion_shorthand, json_schema_input_type=ScoreNumber | Emotion | None)
    ] = Field(None, description="How the customer feels: a score from -2 to 2, or a mapping with score and label.")
    pain_points: SourcedTexts = Field(description="What goes wrong or annoys the customer here: a text, or a mapping with text, source and link.")
    fail_points: SourcedTexts = Field(description="Where the service can fail here (a service blueprint's fail point).")
    wait_points: SourcedTexts = Field(description="Where the customer waits here (a service blueprint's wait point).")
    physical_evidence: TextList = Field(description="What the customer sees or holds here: the boarding pass, the confirmation email.")
    opportunities: TextList = Field(description="What the business could do better here.")
    team: Text | None = Field(None, description="The team that owns this touchpoint.")
    lane: Literal[LANES] = Field(  # type: ignore[valid-type]
        "customer", description="Service blueprint lane: customer, frontstage, backstage or support."
    )
    serves: list[Id] = Field(
        default_factory=new_list, description="The ids of the touchpoints this step supports: a backstage or support process behind them."
    )
    time: Timing | None = Field(None, description="How long this step takes, how long the customer waits, how often it happens.")
    rows: dict[Id, Text | list[Text]] = Field(
        default_factory=new_dict, description="Values for the journey's own rows, by row id: a text or a list of texts."
    )
    milestone: Flag = Field(False, description="A milestone of the journey, such as the first purchase.")
    moment_of_truth: Flag = Field(False, description="A moment that makes or breaks the relationship.")
    end: Flag = Field(False, description="The journey may end here (no next step is expected).")
    parallel: Flag = Field(False, description="All the next steps happen, side by side, rather than one of them (the default).")
    next: Annotated[
        list[FlowInput], BeforeValidator(_one_or_many, json_schema_input_type=Id | list[FlowInput])
    ] = Field(
        default_factory=new_list,
        description="Where the journey goes from here: a touchpoint id, or a list of ids or of mappings with to, label and condition.",
    )
    events: Annotated[
        list[EventMatchInput],
        BeforeValidator(_one_or_many, json_schema_input_type=Text | EventMatch | list[EventMatchInput]),
    ] = Field(
        default_factory=new_list,
        description="The logged events that stand for this touchpoint, for journeyctl analyze: an event name, or a list of names or of mappings with event, channel and where.",
    )

    @property
    def channel_ids(self) -> tuple[str, ...]:
        """The channel, or the channels, in file order; empty when none is given."""
        return (self.channel,) if self.channel else tuple(self.channels)
