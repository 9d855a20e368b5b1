"""The time source, injectable so tests can cross midnight or a Monday without waiting."""

from __future__ import annotations

import time
from collections.abc import Callable

#: Returns the current time as Unix seconds.
Clock = Callable[[], float]

system_clock: Clock = time.time
