"""Settings read from the environment: one table of defaults, each value parsed and checked once.

The counter (COUNTER_*) and the newsroom (NEWSROOM_*) are configured the same way, so a
wrong value stops the service at start with a message naming the variable, rather than
surfacing later as a request that fails without anybody seeing it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import Any

# Setting name -> (field of the settings object, parser raising ValueError with a reason).
Fields = dict[str, tuple[str, Callable[[str], Any]]]


def read_environment(
    prefix: str,
    defaults: Mapping[str, str],
    fields: Fields,
    error: type[Exception],
    environ: Mapping[str, str] | None,
    overrides: Mapping[str, str | None],
) -> dict[str, Any]:
    """Every `prefix` setting (environment, then `overrides` by name), parsed: field -> value.

    Raises `error` naming the variable, its value and what is expected; an unknown name with
    the prefix is refused too (a typo would otherwise be ignored silently).
    """
    source = dict(os.environ if environ is None else environ)
    source.update({name: value for name, value in overrides.items() if value is not None})
    unknown = sorted(name for name in source if name.startswith(prefix) and name not in defaults)
    if unknown:
        raise error(f"unknown setting {unknown[0]}; known settings: {', '.join(defaults)}")
    values: dict[str, Any] = {}
    for name, (field, parse) in fields.items():
        text = source.get(name, defaults[name])
        try:
            values[field] = parse(text)
        except ValueError as exc:
            raise error(f"{name}={text!r}: {exc}") from None
    return values
