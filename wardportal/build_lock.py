"""One publishing build at a time on a server, whoever starts it.

The newsroom's background publisher and the daily `portal publish` (deploy/wardportal-publish
.timer) both build into the same output folder and deploy to the same release folder; two at
once would race on the output swap and on `current`. Both take an exclusive flock(2) on one
file first (the newsroom's `build.lock` beside its database). The kernel drops the lock when
the holder exits, even after kill -9, so a crash never leaves the site locked. `flock(1)`
from util-linux takes the same lock, for a build started by hand.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

#: The lock file's name, beside the newsroom's database (/var/lib/wardportal in production).
LOCK_NAME = "build.lock"


@contextmanager
def build_lock(path: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the exclusive build lock at `path` for the block; wait while another holds it.

    `on_wait` is called once, before waiting, when the lock is busy (to say so on the page).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o660)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing the only descriptor releases the lock
