"""Whether this run is CI, where a missing tool fails a test instead of skipping it."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    """CI sets CI=true: there a missing tool is a failure, never a reason to skip."""
    return os.environ.get("CI", "").lower() == "true"


def unavailable(reason: str) -> NoReturn:
    """Skip a test whose browser or server cannot be had here; in CI that is a failure."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: the CI setup must provide it)")
    pytest.skip(reason)
