"""All the build's work outside its main process, in one place, with one model.

Pelican reads and writes thousands of pages one after the other in one Python process, so
the other core sits idle. Work that sends little or nothing back runs in a forked child,
which starts with the build's whole state without pickling it. This module is the only one
that forks or execs; the rest of the portal asks it for one of three shapes of work.

What runs where (PORTAL_PARALLEL on, Linux, the build run from the main thread):

| main process (Pelican)   | forked child                                         | shape          |
| ------------------------ | ---------------------------------------------------- | -------------- |
| reads articles, from the | converts Markdown from the last file (prefetch.py);  | Claims,        |
| first file               | the claim table gives each file to one of the two    | ForkedTask     |
| reads articles           | reads and checks the honour roll, sends it back      | ForkedResult   |
| writes the news pages    | renders and writes the honour roll's pages; in the   | ForkedTask     |
|                          | engine, reuses or patches the live ones and sends    | (ForkedResult  |
|                          | back what it decided (page_memo.PageMemo.written)    | in the engine) |
| writes the news pages    | renders each searchable block, then places the index | fork_then_exec |
|                          | kept from the same blocks (search_cache.py) or execs |                |
|                          | Pagefind over them, through a small Python process   |                |
|                          | that keeps the index it makes (search_index.py)      |                |
| the engine's quick add:  | writes the pages with the boxes' new text into the   | Claims,        |
| renders the pages that   | spare site, from the first (the claim table gives    | ForkedResult   |
| can show a new article,  | each page to one of the two), sends back the files   |                |
| then patches from the    | it wrote (engine_adds.py)                            |                |
| last page                |                                                      |                |

Rules every child keeps: it reads the build's objects and writes only its own files (never
a file the parent writes); results come back through a pipe, never through shared Python
objects; anything a child would otherwise make in two processes at once (the banner photos)
is made by the parent before the first fork; a child leaves with os._exit (no atexit, nothing
closed), so what it must still write it writes itself before (the Markdown cache's marks of
use: MarkdownPrefetch's done hook). The garbage collector is frozen for each fork (the
child's collections would write to every object it shares with the parent, and the kernel
would copy their memory), and unfrozen after it unless it was frozen before: the engine
keeps the site it serves frozen between its ordinary builds. A child that cannot start (no
fork on Windows and macOS, a build run from a thread of a larger program such as the preview
server) or that fails leaves the work to the caller, which does it itself: the site is the
same byte for byte either way (tests/test_parallel_build.py). The long-running engine
(wardportal.engine) runs the same build, so the same children, except the Markdown prefetch
once it holds the articles it read, and the search (a thread that waits for Pagefind:
engine_search.py); run from the devserver's watcher thread, it forks none. The newsroom's
builds run in a process of their own (engine_worker.py), from its main thread: they fork.
"""

from __future__ import annotations

import atexit
import gc
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
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
        # A freeze already in place (the engine's, between its ordinary builds) stays, the
        # objects made since joining it: unfrozen, the site would be collected again.
        frozen = gc.get_freeze_count() > 0
        gc.freeze()
        try:
            pid = os.fork()
        except OSError:
            if not frozen:
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
        if not frozen:
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


def left_by_a_gone_process(name: str, prefix: str) -> bool:
    """Whether `name` is `prefix`, a process id, then nothing or "-…", and that process no
    longer runs (another user's counts as running): what it left behind is nobody's now."""
    if not name.startswith(prefix):
        return False
    owner = name.removeprefix(prefix).split("-", 1)[0]
    return owner.isdigit() and not process_alive(int(owner))


def process_alive(pid: int) -> bool:
    """Whether a process of this id runs (another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fork_then_exec(prepare: Callable[[], Sequence[str] | None]) -> ForkedTask | None:
    """In a child: prepare() (which may read the build's objects), then exec its command.

    exec drops the copy of the build's memory the child shared with the parent, which
    otherwise pays a page copy for every object it touches while the command runs. The
    command's output is discarded; prepare() returning None means there is nothing to run.
    """

    def work() -> None:
        command = prepare()
        if command:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os.execv(command[0], list(command))

    return ForkedTask.start(work)


class Claims:
    """A table of items shared by the parent and one child: each item is done by exactly one.

    Each side claims an item before doing it; an item already claimed is the other's.
    """

    FREE, PARENT, CHILD = 0, 1, 2

    def __init__(self, count: int) -> None:
        self._table = multiprocessing.RawArray("b", count)
        self._lock = multiprocessing.Lock()

    def claim(self, position: int, by: int) -> int:
        """Claim the item for `by` if it is free; return who had it before (FREE: now yours)."""
        with self._lock:
            holder = self._table[position]
            if holder == self.FREE:
                self._table[position] = by
        return holder

    def unclaimed(self) -> int:
        """How many items nobody claimed yet."""
        return list(self._table).count(self.FREE)
