"""Publishing: after an approval the site is rebuilt by the project's own build.

`Publisher` is what the pages need; `PelicanPublisher` builds with the project's settings,
as `make publish` does (the newsroom with a warm engine that renders only what changed,
wardportal.engine_worker; `portal publish` with a fresh `pelican`), in one background
thread: one build at a time, and requests that arrive during a build are served by one more
build after it (they all want the latest content). The project's build swaps the output in
only when it succeeded, so a failed build leaves the live site as it was; its Vietnamese
error lines are kept for the page. Each build and its deploy hold the server's build lock
(wardportal.build_lock), which the daily `portal publish` takes too, so the two never build
at once.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from wardportal.build_lock import build_lock
from wardportal.counter.clock import Clock
from wardportal.engine_worker import WarmBuilds

from .config import Settings

#: How many lines of a failed build's output are shown when none names a file and line.
TAIL_LINES = 15


@dataclass(frozen=True)
class BuildStatus:
    """What the pages show: the last finished build and whether another is running or waiting."""

    running: bool = False
    waiting: bool = False
    started_at: float | None = None  # when the running build started (or began to wait)
    blocked: bool = False  # the running build waits for another one (the daily build) to end
    finished_at: float | None = None
    succeeded: bool | None = None
    requested_by: str = ""
    errors: list[str] = field(default_factory=list)


class Publisher(Protocol):
    def request(self, requested_by: str) -> None:
        """Ask for a build of the current content; returns at once."""

    def status(self) -> BuildStatus:
        """The state of the builds."""


def publisher_for(
    settings: Settings,
    clock: Clock,
    after_success: Callable[[str], None] | None = None,
    warm: bool = False,
) -> PelicanPublisher:
    """The publisher the settings describe: the service's (warm: one engine kept between
    approvals, wardportal.engine_worker), and `portal publish`'s (a full build)."""
    site_build = None
    if warm:
        site_build = WarmBuilds(
            settings.project,
            settings.build_settings_path,
            settings.content_path,
            settings.output_path,
            settings.build_timeout,
        )
    return PelicanPublisher(
        settings.project,
        settings.content_path,
        settings.output_path,
        settings.build_settings_path,
        clock,
        settings.build_timeout,
        settings.deploy,
        after_success=after_success,
        lock=settings.build_lock_path,
        site_build=site_build,
    )


def error_lines(output: str) -> list[str]:
    """The lines of a failed build that tell the officer what to fix (file and line first)."""
    # The terminal's "  • " bullets go: the page lists the lines itself.
    lines = [line.strip().removeprefix("• ") for line in output.splitlines() if line.strip()]
    words = ("dòng", ".md", "Lỗi", "Không xuất bản được", "Chưa đặt nơi xuất bản")
    named = [line for line in lines if any(word in line for word in words)]
    return named or lines[-TAIL_LINES:]


class PelicanPublisher:
    """Runs the real build in a worker thread, queued, one at a time."""

    def __init__(
        self,
        project: Path,
        content: Path,
        output: Path,
        settings_file: Path,
        clock: Clock,
        timeout: float = 900,
        deploy: bool = False,
        after_success: Callable[[str], None] | None = None,
        lock: Path | None = None,
        site_build: Callable[[], tuple[bool, str]] | None = None,
    ) -> None:
        self.command = [
            str(Path(sys.executable).with_name("pelican")),
            str(content),
            "-s",
            str(settings_file),
            "-o",
            str(output),
        ]
        # `make deploy` after a successful build: a new release, switched in one step.
        self.deploy_command = (
            [sys.executable, "-m", "wardportal.deploy", "--project", str(project)]
            + ["--output", str(output)]
            if deploy
            else None
        )
        self.project = project
        self.timeout = timeout
        self.lock = lock
        # The site's build: `pelican` afresh, or a warm engine's (publisher_for).
        self.site_build = site_build or (lambda: run_command(self.command, project, timeout))
        # Called with who asked, after a build that succeeded (the service keeps the record of
        # published addresses in the content's history there).
        self._after_success = after_success
        self._clock = clock
        self._condition = threading.Condition()
        self._waiting: str | None = None  # who asked for the next build
        self._running = False
        self._started_at: float | None = None
        self._blocked = False
        self.on_blocked: Callable[[], None] | None = None  # also told when the lock is busy
        self._last = BuildStatus()
        self._worker: threading.Thread | None = None

    def request(self, requested_by: str) -> None:
        with self._condition:
            self._waiting = requested_by
            if self._worker is None:
                self._worker = threading.Thread(
                    target=self._work, name="newsroom-build", daemon=True
                )
                self._worker.start()
            self._condition.notify_all()

    def status(self) -> BuildStatus:
        with self._condition:
            return BuildStatus(
                running=self._running,
                waiting=self._waiting is not None,
                started_at=self._started_at if self._running else None,
                blocked=self._blocked,
                finished_at=self._last.finished_at,
                succeeded=self._last.succeeded,
                requested_by=self._last.requested_by,
                errors=list(self._last.errors),
            )

    def wait_until_idle(self, timeout: float) -> bool:
        """Block until no build runs or waits (for tests and shutdown); False on timeout."""
        with self._condition:
            return self._condition.wait_for(
                lambda: not self._running and self._waiting is None, timeout
            )

    def _work(self) -> None:
        while True:
            with self._condition:
                self._condition.wait_for(lambda: self._waiting is not None)
                requested_by, self._waiting, self._running = self._waiting, None, True
                self._started_at = self._clock()
            succeeded, errors = self.publish(requested_by or "")
            with self._condition:
                self._running = self._blocked = False
                self._last = BuildStatus(
                    finished_at=self._clock(),
                    succeeded=succeeded,
                    requested_by=requested_by or "",
                    errors=errors,
                )
                self._condition.notify_all()

    def publish(self, requested_by: str) -> tuple[bool, list[str]]:
        """Build and deploy now, in this thread, under the build lock: (succeeded, the lines to
        show if not). The worker runs it; `portal publish` calls it directly."""
        lock = self.lock
        with build_lock(lock, on_wait=self._blocked_by_another) if lock else nullcontext():
            succeeded, errors = self._build()
            return (True, self._succeeded(requested_by)) if succeeded else (False, errors)

    def _blocked_by_another(self) -> None:
        with self._condition:
            self._blocked = True
        if self.on_blocked is not None:
            self.on_blocked()

    def _build(self) -> tuple[bool, list[str]]:
        """Build, then (if configured) deploy; (succeeded, the lines to show if not)."""
        with self._condition:
            self._blocked = False
        succeeded, output = self.site_build()
        if not succeeded:
            return False, error_lines(output)
        if self.deploy_command is not None:
            return self._run(self.deploy_command)
        return True, []

    def _succeeded(self, requested_by: str) -> list[str]:
        """Run after_success; what it could not do is shown, the build still counts."""
        if self._after_success is None:
            return []
        try:
            self._after_success(requested_by)
        except Exception as exc:  # the site is published: say what was not kept, do not fail
            return [f"Trang đã xuất bản, nhưng chưa lưu được sổ địa chỉ vào lịch sử: {exc}"]
        return []

    def _run(self, command: list[str]) -> tuple[bool, list[str]]:
        succeeded, output = run_command(command, self.project, self.timeout)
        return (True, []) if succeeded else (False, error_lines(output))


def run_command(command: list[str], project: Path, timeout: float) -> tuple[bool, str]:
    """Run a build (or deploy) command from the project: (succeeded, what it printed).

    Wide columns keep one message a line; a command that cannot start or runs past `timeout`
    is a failure with a Vietnamese line.
    """
    try:
        result = subprocess.run(
            command,
            cwd=project,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "COLUMNS": "200"},
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, f"Không chạy được lệnh {Path(command[0]).name}: {exc}"
    return result.returncode == 0, result.stdout + "\n" + result.stderr
