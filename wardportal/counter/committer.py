"""Group commit: hits wait in a queue and one writer commits them together.

A request is answered only once the transaction holding its hit has committed, so an answer is
a promise kept even if the process is killed the next instant. Sharing one commit (one disk
flush) among all the hits that arrived meanwhile is what makes that affordable under load.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from .clock import Clock
from .database import DatabaseThread
from .storage import Hit

log = logging.getLogger("wardportal.counter")

#: How often, at most, expired salts, visitor rows and page-view ids are deleted (seconds).
PRUNE_EVERY = 60.0


class Overloaded(RuntimeError):
    """The hit was not stored (queue full, database slow or failing): nothing was promised."""


@dataclass
class _Pending:
    hit: Hit
    # The path's view count once committed, or None if the batch failed.
    done: asyncio.Future[int | None]


class GroupCommitter:
    """Queues hits and commits them in batches on the database thread."""

    def __init__(
        self, db: DatabaseThread, clock: Clock, *, queue_size: int, batch_max: int, delay: float
    ) -> None:
        self._db = db
        self._clock = clock
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue(maxsize=queue_size)
        self._batch_max = batch_max
        self._delay = delay
        self._task: asyncio.Task[None] | None = None
        self._busy = False
        self._closing = False
        self._pruned = float("-inf")

    def start(self) -> None:
        """Start the writer task on the running event loop."""
        self._task = asyncio.create_task(self._run(), name="counter-writer")

    async def submit(self, hit: Hit) -> int:
        """Queue `hit` and return its path's view count once committed.

        Raises Overloaded, without any promise, when the queue is full or the commit fails or
        takes longer than the database timeout (a retried hit with the same id is then counted
        once). A hit waits at most for the batch before its own and then its own.
        """
        if self._closing:
            raise Overloaded("the counter is shutting down")
        done: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()
        try:
            self._queue.put_nowait(_Pending(hit, done))
        except asyncio.QueueFull:
            raise Overloaded("the write queue is full") from None
        views = await done  # the writer always settles it
        if views is None:
            raise Overloaded("the database failed to commit, or not in time")
        return views

    async def stop(self) -> None:
        """Commit what is queued, then stop the writer."""
        self._closing = True
        while self._task and not self._task.done() and (self._busy or not self._queue.empty()):
            await asyncio.sleep(0.005)
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(self) -> None:
        while True:
            try:
                first = await asyncio.wait_for(self._queue.get(), PRUNE_EVERY)
            except TimeoutError:
                first = None
            self._busy = True
            try:
                await self._prune()
                if first is not None:
                    await self._commit(await self._gather(first))
            except Exception:  # never let the writer die: every later hit would time out
                log.exception("counter: writer error")
            finally:
                self._busy = False

    async def _gather(self, first: _Pending) -> list[_Pending]:
        """The first hit plus whatever arrives within the commit delay, up to the batch size.

        Even without a delay, one turn of the event loop lets the hits being read now join.
        """
        await asyncio.sleep(self._delay)
        batch = [first]
        while len(batch) < self._batch_max and not self._queue.empty():
            batch.append(self._queue.get_nowait())
        return batch

    async def _commit(self, batch: list[_Pending]) -> None:
        try:
            # Bounded by the commit timeout. Past it the commit may still happen, but these
            # hits are answered 503: nothing is promised that is not kept.
            counts = await self._db.call(self._db.storage.apply, [p.hit for p in batch])
        except Exception as exc:
            log.error("counter: could not commit %d hits: %s", len(batch), exc)
            counts = {}
        for pending in batch:
            if not pending.done.done():
                pending.done.set_result(counts.get(pending.hit.path))

    async def _prune(self) -> None:
        now = self._clock()
        if now - self._pruned < PRUNE_EVERY:
            return
        self._pruned = now
        try:
            await self._db.call(self._db.storage.prune, now)
        except Exception as exc:
            log.error("counter: could not delete expired data: %s", exc)
