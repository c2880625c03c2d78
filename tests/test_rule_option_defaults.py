"""A rule the configuration gives no options takes ``Options.defaults()``, built without
validation: it must be exactly what validating no options gives, for every rule."""

from __future__ import annotations

import pytest

from journeyctl.lint.config import default_config
from journeyctl.lint.registry import BY_CODE


@pytest.mark.parametrize("code", sorted(BY_CODE))
def test_the_defaults_are_what_validating_no_options_gives(code):
    options = BY_CODE[code].options
    made, validated = options.defaults(), options.model_validate({})
    assert type(made) is type(validated)
    assert made == validated and made.__dict__ == validated.__dict__
    assert made.model_fields_set == validated.model_fields_set == set()
    assert options.defaults() is made  # one instance per rule


def test_the_default_configuration_uses_them(tmp_path):
    config = default_config(tmp_path)
    assert config.options  # the recommended preset switches rules on
    for code, options in config.options.items():
        assert options is BY_CODE[code].options.defaults()
