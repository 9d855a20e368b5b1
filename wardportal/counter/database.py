"""The one thread that talks to the database, so the event loop never blocks on disk."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from .storage import SqlStorage, StorageError

T = TypeVar("T")


class DatabaseThread:
    """Runs storage calls one at a time on a dedicated thread (SQLite wants one writer).

    Every call is bounded by `timeout`: a database that hangs turns into StorageError (503)
    instead of requests that wait for ever. The call itself cannot be stopped; later calls
    queue behind it and time out too, until it returns.
    """

    def __init__(self, storage: SqlStorage, timeout: float) -> None:
        self.storage = storage
        self._timeout = timeout
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="counter-db")

    async def call(self, method: Callable[..., T], *args: Any) -> T:
        """Run `method(*args)` on the database thread and wait for it, up to the timeout."""
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(
                loop.run_in_executor(self._executor, method, *args), self._timeout
            )
        except TimeoutError:
            raise StorageError(f"the database did not answer within {self._timeout:g} s") from None

    async def close(self) -> None:
        """Close the connection and end the thread."""
        await self.call(self.storage.close)
        self._executor.shutdown(wait=True)
