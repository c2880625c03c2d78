"""The base of every model of the format: unknown keys are errors, ``x-`` keys are free."""

from pydantic import BaseModel, ConfigDict, model_validator

EXTENSION_PREFIX = "x-"


class Extensions(dict):
    """The ``x-`` keys of one mapping with their values as read: a dict that cannot be changed."""

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise TypeError("the x- data of a journey is read-only")

    __setitem__ = __delitem__ = __ior__ = clear = pop = popitem = setdefault = update = _refuse

    def __reduce__(self) -> tuple:  # copies and pickles rebuild it whole, never key by key
        return (Extensions, (dict(self),))


NO_EXTENSIONS = Extensions()


class Strict(BaseModel):
    """Unknown keys are errors, except extension keys starting with ``x-``, which are kept apart.

    Extension keys let a team keep its own data in a journey (``x-jira: CX-123``)
    without waiting for the format to grow a field for it. They are no field: the
    schema and the hints do not list them, and two parts that differ only in their
    ``x-`` data are equal. Each model instance keeps the ``x-`` keys of the mapping
    it was made from as ``extensions``, for templates that want to show them.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        defer_build=True,  # see prebuilt.py: the validators files are read into are kept between runs
        json_schema_extra={"patternProperties": {"^x-": {"description": "An extension: your own data; journeyctl checks nothing in it, and templates can show it."}}},
    )

    @property
    def extensions(self) -> Extensions:
        """The ``x-`` keys of this part, as written, with their values as read (read-only; empty when none)."""
        private = self.__pydantic_private__
        return NO_EXTENSIONS if private is None else private.get("_extensions", NO_EXTENSIONS)

    def __eq__(self, other: object) -> bool:
        """Equal when of one class with equal fields: ``x-`` data is free-form and does not count."""
        if not isinstance(other, BaseModel):
            return NotImplemented
        return type(self) is type(other) and self.__dict__ == other.__dict__

    @model_validator(mode="wrap")
    @classmethod
    def _set_extensions_apart(cls, data: object, handler):  # noqa: ANN001, ANN206 - pydantic's handler
        """Validate without the ``x-`` keys, which the instance keeps, and without optional keys
        that have no value (``tags:`` alone means no tags)."""
        if not isinstance(data, dict) or getattr(data, "unusual", True) is False:
            return handler(data)  # the YAML reader marks the mappings that hold neither
        fields = cls.model_fields
        kept: dict = {}
        found: dict = {}
        for key, value in data.items():
            if isinstance(key, str) and key.startswith(EXTENSION_PREFIX):
                found[key] = value
            elif value is not None or key not in fields or fields[key].is_required():
                kept[key] = value
        model = handler(data if len(kept) == len(data) else kept)
        if found and isinstance(model, Strict):
            object.__setattr__(model, "__pydantic_private__", {"_extensions": Extensions(found)})
        return model
