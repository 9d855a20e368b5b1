"""Convert the articles' Markdown on a second core while Pelican reads them on the first.

Converting Markdown to HTML is most of the time Pelican spends reading, and each file
converts on its own. A forked child (wardportal.parallel) takes the files from the last one
backwards while Pelican reads from the first one forwards; a shared table of claims
(parallel.Claims) makes
sure each file is converted exactly once, and they meet in the middle however fast either
runs. The child sends back plain text (the HTML and the raw header lines), so Pelican makes
its Article objects itself, in the order it always does: the site is the same either way.
The child also does what it can of the rest (the Summary field, the slug), which shortens
the part of reading that only Pelican's process can do.
A file the child could not convert (a broken file) is converted again by Pelican, which
then reports the error as it always would.
"""

from __future__ import annotations

import contextlib
import fcntl
import multiprocessing
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection

from wardportal.parallel import Claims, ForkedTask

# (HTML of the body, header lines as Markdown's Meta extension gives them, formatted header
# fields as HTML by their text, slugs by their text)
Converted = tuple[str, dict[str, list[str]], dict[str, str], dict[str, str]]
# Results wait in the pipe until Pelican takes them: room for many avoids stalling the child.
_PIPE_BYTES = 1 << 20


class MarkdownPrefetch:
    """Files converted ahead by a forked child, for Pelican's reader to take."""

    def __init__(
        self,
        paths: Sequence[str],
        convert: Callable[[str], Converted],
        done: Callable[[], None] = lambda: None,
    ) -> None:
        """`convert` runs in the child for each file it claims, then `done` once (the child
        leaves without closing anything: what must be written, done writes)."""
        self._position = {path: index for index, path in enumerate(paths)}
        self.claims = Claims(len(paths))
        self._results, sender = multiprocessing.Pipe(duplex=False)
        # Where the system's limit is lower, the child just waits a little more often.
        with contextlib.suppress(OSError):
            fcntl.fcntl(sender.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
        self._ready: dict[str, Converted | None] = {}
        self._task = ForkedTask.start(
            lambda: self._convert_from_the_end(paths, convert, done, sender)
        )
        sender.close()

    @property
    def running(self) -> bool:
        return self._task is not None

    def take(self, path: str) -> Converted | None:
        """The child's conversion of path, or None when the caller must convert it itself."""
        position = self._position.get(path)
        if self._task is None or position is None:
            return None
        if self.claims.claim(position, Claims.PARENT) != Claims.CHILD:
            self._receive(wait_for=None)
            return None
        self._receive(wait_for=path)
        return self._ready.pop(path, None)

    def close(self) -> None:
        """Reading is over: the child has nothing left to claim; reap it."""
        if self._task is not None:
            self._task.wait()
            self._task = None
        self._results.close()

    def _receive(self, wait_for: str | None) -> None:
        """Move finished results out of the pipe; wait until wait_for's has come."""
        try:
            while self._results.poll() or (wait_for is not None and wait_for not in self._ready):
                path, result = self._results.recv()
                self._ready[path] = result
        except EOFError:
            pass  # the child is gone: what did not come is converted by the caller

    def _convert_from_the_end(
        self,
        paths: Sequence[str],
        convert: Callable[[str], Converted],
        done: Callable[[], None],
        sender: Connection,
    ) -> None:
        """In the child: claim and convert files from the last one until Pelican's are met."""
        self._results.close()
        for position in reversed(range(len(paths))):
            if self.claims.claim(position, Claims.CHILD) != Claims.FREE:
                break
            try:
                result: Converted | None = convert(paths[position])
            except Exception:
                result = None
            sender.send((paths[position], result))
        sender.close()
        done()
