"""The base of every model of the format: unknown keys are errors, ``x-`` keys are free."""

from pydantic import BaseModel, ConfigDict, model_validator

EXTENSION_PREFIX = "x-"


class Strict(BaseModel):
    """Unknown keys are errors, except extension keys starting with ``x-``, which are left alone.

    Extension keys let a team keep its own data in a journey (``x-jira: CX-123``)
    without waiting for the format to grow a field for it.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={"patternProperties": {"^x-": {"description": "An extension: your own data, ignored by journeyctl."}}},
    )

    @model_validator(mode="before")
    @classmethod
    def _drop_extensions_and_blanks(cls, data: object) -> object:
        """Leave out ``x-`` keys, and optional keys with no value (``tags:`` alone means no tags)."""
        if not isinstance(data, dict) or getattr(data, "unusual", True) is False:
            return data  # the YAML reader marks the mappings that hold neither
        fields = cls.model_fields

        def keep(key: object, value: object) -> bool:
            if isinstance(key, str) and key.startswith(EXTENSION_PREFIX):
                return False
            return value is not None or key not in fields or fields[key].is_required()

        if all(keep(key, value) for key, value in data.items()):
            return data
        return {key: value for key, value in data.items() if keep(key, value)}
