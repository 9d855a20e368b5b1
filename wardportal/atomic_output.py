"""Build into a scratch folder and swap it in only when the whole build succeeded.

Pelican writes straight into the output folder, so a build that fails half way leaves a
half-written site being served. Here the build writes beside it and the two folders are
exchanged in one step (renameat2 RENAME_EXCHANGE on Linux, two renames elsewhere).
"""

from __future__ import annotations

import atexit
import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from wardportal.parallel import left_by_a_gone_process, process_alive

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_MARKER = ".building-pid"


def exchange(first: str, second: str) -> bool:
    """Swap two paths atomically where the C library offers renameat2."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p]
    renameat2.argtypes += [ctypes.c_uint]
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    return result == 0


class StagedOutput:
    """A scratch folder beside the real output, and the swap that publishes it."""

    def __init__(self, output_path: str) -> None:
        self.final = Path(output_path).resolve()
        self.final.parent.mkdir(parents=True, exist_ok=True)
        self._remove_leftovers()
        self.staging: Path | None = Path(
            tempfile.mkdtemp(prefix=f".{self.final.name}.building-", dir=self.final.parent)
        )
        # mkdtemp makes a private folder; a published site must be readable by the web server.
        umask = os.umask(0)
        os.umask(umask)
        self.staging.chmod(0o777 & ~umask)
        (self.staging / _MARKER).write_text(str(os.getpid()))
        atexit.register(self.discard)

    def _remove_leftovers(self) -> None:
        # A build killed before it could clean up leaves its scratch folder behind, and a
        # process that stopped while removing an old site in the background leaves that.
        for stale in self.final.parent.glob(f".{self.final.name}.building-*"):
            if stale.is_dir() and not _owned_by_live_process(stale):
                shutil.rmtree(stale, ignore_errors=True)
        for going in self.final.parent.glob(f".{self.final.name}.removing-*"):
            if left_by_a_gone_process(going.name, f".{self.final.name}.removing-"):
                shutil.rmtree(going, ignore_errors=True)

    def publish(self, remove: Callable[[Path, Callable], None] | None = None) -> None:
        """Put the staged site in place of the old one; the old one is then removed.

        remove(folder, remover), when given, removes the old site instead (the engine does
        it in the background: deleting thousands of files is not what the officer waits for).
        """
        if self.staging is None:
            raise RuntimeError("this build was already published or discarded")
        (self.staging / _MARKER).unlink(missing_ok=True)
        if not self.final.exists():
            os.rename(self.staging, self.final)
            self.staging = None
            return
        if exchange(str(self.staging), str(self.final)):
            old = self.staging
        else:
            old = self.final.with_name(f".{self.final.name}.old-{os.getpid()}")
            os.rename(self.final, old)
            os.rename(self.staging, self.final)
        self.staging = None
        if remove is None:
            _remove_tree(old)
        else:
            # Named for this process while it goes: the next build must not remove it too.
            going = self.final.with_name(f".{self.final.name}.removing-{os.getpid()}-{old.name}")
            os.rename(old, going)
            remove(going, _remove_tree)

    def release(self) -> Path:
        """The staged folder handed to the caller, who publishes it another way (a spare
        site: wardportal.spare_site) and removes it; this no longer does either."""
        if self.staging is None:
            raise RuntimeError("this build was already published or discarded")
        staging, self.staging = self.staging, None
        (staging / _MARKER).unlink(missing_ok=True)
        return staging

    def discard(self) -> None:
        """Drop the scratch folder of a build that did not finish."""
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.staging = None


def _remove_tree(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _owned_by_live_process(folder: Path) -> bool:
    marker = folder / _MARKER
    try:
        pid = int(marker.read_text())
    except (OSError, ValueError):
        return False
    return pid != os.getpid() and process_alive(pid)
