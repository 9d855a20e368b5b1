"""The newsroom's builds in one long-lived process that keeps the engine warm.

    python -m wardportal.engine_worker SETTINGS_FILE CONTENT OUTPUT

"Duyệt và đăng" would otherwise start `pelican` afresh: every library loaded, every article
read and every page rendered again. This process keeps one wardportal.engine.Engine for the
newsroom's whole life, so an approval reads only the changed files and renders only the pages
they show. It is a process of its own, not a thread of the newsroom: a build that runs past
its time can be stopped (the process is killed, the next approval starts a new one), and what
a build holds in memory is never the newsroom's.

It answers on standard output, one JSON line per line "build" read on standard input:
{"ok": bool, "error": the Vietnamese error or "", "seconds": float, "rendered": int,
"reused": int, "quick": bool} (a quick edit, wardportal.engine_edits: "rendered" counts the
files it made again). Everything the build prints goes to standard error.
"""

from __future__ import annotations

import argparse
import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import TextIO


def serve(settings_file: Path, content: Path, output: Path, requests: TextIO, replies: TextIO):
    """Build each time a request comes, with one engine, until standard input closes."""
    from pelican.settings import read_settings

    from wardportal.engine import Engine

    override = {"PATH": str(content.resolve()), "OUTPUT_PATH": str(output.resolve())}
    engine = Engine(read_settings(str(settings_file), override=override))
    for request in requests:
        if request.strip() != "build":
            continue
        outcome = engine.build()
        pages = engine.pages
        reply = {
            "ok": outcome.error is None,
            "error": outcome.error or "",
            "seconds": outcome.seconds,
            "rendered": engine.edits.rendered if outcome.quick else pages.rendered,
            "reused": 0 if outcome.quick else pages.reused + pages.patched,
            "quick": outcome.quick,
        }
        replies.write(json.dumps(reply, ensure_ascii=False) + "\n")
        replies.flush()
    engine.wait_for_cleanups()


class WarmBuilds:
    """The newsroom's side: one worker process, started on the first build, asked for each
    later one; a build that fails to answer in time stops the worker (a new one follows)."""

    def __init__(
        self, project: Path, settings_file: Path, content: Path, output: Path, timeout: float
    ) -> None:
        self.project = project
        self.command = [sys.executable, "-m", "wardportal.engine_worker"]
        self.command += [str(settings_file), str(content), str(output)]
        self.timeout = timeout
        self._worker: subprocess.Popen | None = None
        self.last: dict = {}  # the last reply: how long, how many pages rendered and reused

    def __call__(self) -> tuple[bool, str]:
        """Build now: (succeeded, the error to show)."""
        try:
            worker = self._started()
            assert worker.stdin is not None and worker.stdout is not None
            worker.stdin.write("build\n")
            worker.stdin.flush()
            line = self._answer(worker)
        except OSError as error:
            self.close()
            return False, f"Không chạy được bộ xây dựng trang: {error}"
        if line is None:
            self.close()
            minutes = max(1, round(self.timeout / 60))
            return False, (
                f"Lỗi: xây dựng trang quá {minutes} phút nên đã dừng. Hãy bấm đăng lại; "
                "nếu vẫn lỗi, báo cho người quản trị kỹ thuật."
            )
        self.last = reply = json.loads(line)
        return bool(reply["ok"]), reply["error"]

    def _started(self) -> subprocess.Popen:
        if self._worker is None or self._worker.poll() is not None:
            self._worker = subprocess.Popen(
                self.command,
                cwd=self.project,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                encoding="utf-8",
                env={**os.environ, "COLUMNS": "200"},
            )
        return self._worker

    def _answer(self, worker: subprocess.Popen) -> str | None:
        """The worker's reply line, or None when it died or did not answer in time."""
        assert worker.stdout is not None
        deadline = time.monotonic() + self.timeout
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([worker.stdout], [], [], left)
            if ready:
                line = worker.stdout.readline()
                return line or None  # an empty read: the worker is gone
        return None

    def close(self) -> None:
        """Stop the worker (the newsroom stops, or a build ran out of time)."""
        worker, self._worker = self._worker, None
        if worker is not None and worker.poll() is None:
            worker.kill()
            worker.wait()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("settings", type=Path)
    parser.add_argument("content", type=Path)
    parser.add_argument("output", type=Path)
    args = parser.parse_args(argv)
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # whatever the build prints: stderr
    serve(args.settings, args.content, args.output, sys.stdin, replies)


if __name__ == "__main__":
    main()
