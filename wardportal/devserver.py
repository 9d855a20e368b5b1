"""`make devserver`: build, serve with the counter, rebuild on every change, reload the tab.

    python -m wardportal.devserver [--project .] [--host 127.0.0.1] [--port 8000]

The officer edits a file and saves; the site is rebuilt by the engine kept in memory
(wardportal.engine: only changed files are read again; atomically: a failed build keeps
the last good site) and the open browser tab reloads by itself. A content error is printed
in the terminal and shown in the browser over the page, and the server keeps running.
Pages learn about builds through /_dev/events (server-sent events) and the external script
theme/static/js/dev-reload.js, which only development builds include.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import threading
from collections.abc import AsyncIterator
from pathlib import Path

import uvicorn
import watchfiles
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from wardportal.engine import Engine
from wardportal.permalinks import RECORD_SCRATCH
from wardportal.settings import PORTAL_DEFAULTS

EVENTS_PATH = "/_dev/events"


class Rebuilder:
    """Runs the build engine again after each change and tells the waiting pages how it went.

    The engine (wardportal.engine) keeps the site in memory: only changed files are read
    again, and the result is what a full build writes.
    """

    def __init__(self, project: Path) -> None:
        from pelican.settings import read_settings

        self.project = project
        conf = str(project / "pelicanconf.py")
        # Drafts are previewed at /ban-nhap/{slug}/ here; published builds never write them.
        preview = {
            "PORTAL_DEV_RELOAD": True,
            "DRAFT_URL": "ban-nhap/{slug}/",
            "DRAFT_SAVE_AS": "ban-nhap/{slug}/index.html",
        }
        settings = read_settings(conf, override=preview)
        settings["OUTPUT_PATH"] = str(project / settings["OUTPUT_PATH"])
        self.output = Path(settings["OUTPUT_PATH"])
        self.watched = [Path(settings["PATH"]), Path(settings["THEME"]), project / "pelicanconf.py"]
        self.watched += [Path(folder) for folder in settings["PLUGIN_PATHS"]]
        # The build writes the address record into content/: its own write is not an edit.
        record = settings.get("PORTAL_URL_RECORD", PORTAL_DEFAULTS["PORTAL_URL_RECORD"][0])
        self._record = (Path(settings["PATH"]) / (record or ".portal/urls.json")).resolve()
        self._files_only = watchfiles.DefaultFilter()
        self._engine = Engine(settings)
        self.version = 0
        self.error: str | None = None
        self._changed = threading.Condition()

    def build(self) -> None:
        """One build; its outcome becomes the state every page is told about."""
        error = self._engine.build().error
        if error:
            print(error, file=sys.stderr, flush=True)
        else:
            print(f"Đã xây dựng lại trang web ({self.output}).", flush=True)
        with self._changed:
            self.version += 1
            self.error = error
            self._changed.notify_all()

    def watch_forever(self, stop: threading.Event) -> None:
        """Rebuild after each batch of saved files until stop is set."""
        for _changes in watchfiles.watch(
            *self.watched, watch_filter=self._is_edit, stop_event=stop, debounce=300
        ):
            self.build()

    def _is_edit(self, change: watchfiles.Change, path: str) -> bool:
        """A change the officer made, not the build writing its address record."""
        target = Path(path).resolve()
        written_by_build = target == self._record or (
            target.parent == self._record.parent and target.name.startswith(RECORD_SCRATCH)
        )
        return not written_by_build and self._files_only(change, path)

    def wait_for_version_after(self, version: int, timeout: float) -> tuple[int, str | None]:
        with self._changed:
            self._changed.wait_for(lambda: self.version > version, timeout=timeout)
            return self.version, self.error


def events_endpoint(rebuilder: Rebuilder):
    """Server-sent events: the current build now, then one message per later build."""

    async def events(request: Request) -> StreamingResponse:
        async def stream() -> AsyncIterator[str]:
            version, error = rebuilder.version, rebuilder.error
            while True:
                yield f"data: {json.dumps({'version': version, 'error': error})}\n\n"
                while True:
                    if await request.is_disconnected():
                        return
                    latest = await asyncio.to_thread(rebuilder.wait_for_version_after, version, 15)
                    if latest[0] > version:
                        version, error = latest
                        break
                    yield ": still here\n\n"

        return StreamingResponse(stream(), media_type="text/event-stream")

    return events


def build_dev_app(rebuilder: Rebuilder) -> ASGIApp:
    """The preview server's app (site + counter, with its lifespan) plus the events route."""
    from wardportal.counter import load_settings
    from wardportal.serve import build_app

    site = build_app(load_settings(COUNTER_SITE_ROOT=str(rebuilder.output)))
    events = Starlette(routes=[Route(EVENTS_PATH, events_endpoint(rebuilder))])

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == EVENTS_PATH:
            await events(scope, receive, send)
        else:
            await site(scope, receive, send)

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wardportal.devserver", description=__doc__)
    parser.add_argument("--project", type=Path, default=Path.cwd())
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    rebuilder = Rebuilder(args.project.resolve())
    rebuilder.build()
    rebuilder.output.mkdir(parents=True, exist_ok=True)
    stop = threading.Event()
    watcher = threading.Thread(target=rebuilder.watch_forever, args=(stop,), daemon=True)
    watcher.start()
    address = f"http://{args.host}:{args.port}/"
    print(f"Xem trước tại {address} — lưu tệp là trang tự cập nhật (Ctrl+C để dừng).", flush=True)
    try:
        uvicorn.run(build_dev_app(rebuilder), host=args.host, port=args.port, log_level="warning")
    finally:
        stop.set()
    return 0


if __name__ == "__main__":
    sys.exit(main())
