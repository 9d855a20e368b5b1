"""Run part of a build in a forked child, on the machine's other cores.

Pelican reads and writes thousands of pages one after the other in one Python process, so
the other cores sit idle. Work that sends little or nothing back (converting Markdown,
reading and writing the honour roll, indexing for search) can run in a forked child, which
starts with the build's whole state without pickling it. Where fork is not available
(Windows, a build inside a thread) or the child fails, the caller does the work itself:
the result is the same.
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

T = TypeVar("T")


class ForkedTask:
    """A function running in a forked child; wait() tells whether it finished cleanly."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.reaped = False  # once waited for, the pid may belong to another process
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
        # The child reads the build's objects but must not copy them: a garbage collection
        # in it would write to every object's header, and the kernel would copy each page.
        gc.freeze()
        try:
            pid = os.fork()
        except OSError:
            gc.unfreeze()
            return None
        if pid == 0:
            code = 1
            try:
                work()
                code = 0
            finally:
                # Leave at once: no atexit handlers, no flushing of the parent's buffers.
                os._exit(code)
        gc.unfreeze()
        return cls(pid)

    def wait(self) -> bool:
        """Wait for the child; True when it did all its work."""
        atexit.unregister(self.stop)
        try:
            _pid, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return False
        finally:
            self.reaped = True
        return os.waitstatus_to_exitcode(status) == 0

    def stop(self) -> None:
        """The build stopped early: the child must not go on writing into a discarded folder."""
        if self.reaped:
            return
        atexit.unregister(self.stop)
        self.reaped = True
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass


class ForkedResult(Generic[T]):
    """A value computed in a forked child and sent back pickled, while the caller goes on.

    For work whose result is small next to its cost (reading the honour roll while Pelican
    reads the articles). result() is None where the child could not start or failed: the
    caller then computes the value itself.
    """

    def __init__(self, task: ForkedTask, receiver: Connection) -> None:
        self.task = task
        self.receiver = receiver

    @classmethod
    def start(cls, compute: Callable[[], T | None]) -> ForkedResult[T] | None:
        receiver, sender = multiprocessing.Pipe(duplex=False)

        def work() -> None:
            receiver.close()
            sender.send(compute())
            sender.close()

        task = ForkedTask.start(work)
        sender.close()
        if task is None:
            receiver.close()
            return None
        return cls(task, receiver)

    def result(self) -> T | None:
        """The child's value (waiting for it), or None when it failed."""
        try:
            value = self.receiver.recv()
        except (EOFError, OSError):
            value = None
        finally:
            self.receiver.close()
        return value if self.task.wait() else None
