"""The list of pages the build published: only these paths are counted.

The build writes `<site root>/_portal/pages.json`; the service re-reads it whenever the file
changes, so a new article is counted as soon as it is published, without a restart.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import re
import time
from pathlib import Path
from urllib.parse import unquote

log = logging.getLogger("wardportal.counter")

MAX_PATH = 512


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@functools.lru_cache(maxsize=4096)  # every hit asks, about the same few hundred pages
def normalize_path(path: str) -> str | None:
    """The canonical form of a page URL path, or None if it cannot be a page of the site.

    Percent-escapes are decoded and `/x/index.html` is `/x/`, so the manifest and the browser
    may spell a page either way.
    """
    path = unquote(path.split("?", 1)[0].split("#", 1)[0])
    if not path.startswith("/") or len(path) > MAX_PATH or _CONTROL.search(path):
        return None
    if path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return path


#: Seconds a listed path is believed without looking at the file again (an unlisted path
#: always looks: a page just published is counted at once, a removed one within this time).
RECHECK = 1.0


class Manifest:
    """The published paths, reloaded when the manifest file's modification time changes."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._name = str(path)  # os.stat on a str
        self._stamp: tuple[int, int, int] | None = None
        self._paths: frozenset[str] = frozenset()
        self._checked = float("-inf")

    def __contains__(self, path: str) -> bool:
        # A stat per hit was a tenth of a hit's time: listed paths look at most every RECHECK.
        if path in self._paths and time.monotonic() - self._checked < RECHECK:
            return True
        self._refresh()
        return path in self._paths

    def __len__(self) -> int:
        self._refresh()
        return len(self._paths)

    def _refresh(self) -> None:
        self._checked = time.monotonic()
        try:
            info = os.stat(self._name)
        except OSError:
            if self._stamp is not None:
                log.warning("counter: manifest %s is gone; keeping the last one", self._path)
                self._stamp = None
            return
        stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
        if stamp == self._stamp:
            return
        self._stamp = stamp
        try:
            self._paths = self._read()
        except (OSError, ValueError) as exc:
            log.error(
                "counter: cannot read manifest %s (%s); keeping the last one", self._path, exc
            )
            return
        log.info("counter: manifest %s lists %d pages", self._path, len(self._paths))

    def _read(self) -> frozenset[str]:
        data = json.loads(self._path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("paths"), list):
            raise ValueError('expected {"generated": ..., "paths": [...]}')
        paths = (normalize_path(p) for p in data["paths"] if isinstance(p, str))
        return frozenset(p for p in paths if p is not None)
