"""Run the writing of the roll's pages in a second process, on the machine's other core.

A build writes thousands of pages one after the other in one Python process, so a second
core sits idle. Once the build is known to be free of errors, the roll's pages can be
rendered and written by a forked child while Pelican writes the news; the parent only
waits for it before the sitemap and search index are made. Where fork is not available
(Windows) or the child fails, the caller writes the pages itself: the result is the same.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
import threading
from collections.abc import Callable


class ForkedTask:
    """A function running in a forked child; wait() tells whether it finished cleanly."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        atexit.register(self.stop)

    @classmethod
    def start(cls, work: Callable[[], None]) -> ForkedTask | None:
        """Fork and run work in the child, or return None where that is not possible."""
        if sys.platform != "linux":
            return None  # no fork on Windows; fork is unsafe with macOS system libraries
        if threading.current_thread() is not threading.main_thread():
            # A build run from a thread lives inside a larger program (the preview server);
            # forking it copies that program's locks mid-use. Write in this process there.
            return None
        try:
            pid = os.fork()
        except OSError:
            return None
        if pid == 0:
            code = 1
            try:
                work()
                code = 0
            finally:
                # Leave at once: no atexit handlers, no flushing of the parent's buffers.
                os._exit(code)
        return cls(pid)

    def wait(self) -> bool:
        """Wait for the child; True when it did all its work."""
        atexit.unregister(self.stop)
        try:
            _pid, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return False
        return os.waitstatus_to_exitcode(status) == 0

    def stop(self) -> None:
        """The build stopped early: the child must not go on writing into a discarded folder."""
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
