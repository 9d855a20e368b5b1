"""What the officer sees while the site builds: Vietnamese lines, never a Python traceback.

Pelican prints through rich (a level column, a source-file column, tracebacks) and ends with
an English "Done: Processed …" line. The portal swaps that terminal handler for PlainHandler:
one plain line per message. An exception nobody expected (a bug, a file that trips Pelican)
becomes one Vietnamese line naming the file when it is known; its traceback goes to
LOG_FILE in the project, whose path the line gives.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from wardportal.build_errors import BuildFailed, ContentError, PlainMessages, unexpected

KEPT = "Trang web đã xuất bản trước đó được giữ nguyên."


class PlainHandler(logging.StreamHandler):
    """The terminal handler of a portal build: message text only, warnings marked in Vietnamese.

    A failed build prints its list of errors; any other exception is written to the log and
    told in one line.
    """

    def __init__(self, project_root: str | Path) -> None:
        super().__init__(sys.stderr)
        self.project_root = project_root
        self.addFilter(PlainMessages())

    def format(self, record: logging.LogRecord) -> str:
        exception = record.exc_info[1] if record.exc_info else None
        if exception is not None and not isinstance(exception, BuildFailed | ContentError):
            error = unexpected(exception, self.project_root)
            return f"Không xây dựng được trang web: {error} {KEPT}"
        message = record.getMessage()
        if record.levelno == logging.WARNING:
            return f"Cảnh báo: {message}"
        return message


def use_plain_terminal(pelican) -> None:
    """Replace Pelican's rich terminal handler with PlainHandler and drop its English summary.

    Pelican prints "Done: Processed …" on its rich console, not through logging; the console
    is quietened, which only that line and the "Generating…" spinner used.
    """
    from pelican import log

    root = logging.getLogger()
    project_root = Path(pelican.settings["PATH"]).resolve().parent
    for handler in list(root.handlers):
        if handler is log.DEFAULT_LOG_HANDLER or isinstance(handler, PlainHandler):
            root.removeHandler(handler)
    terminal = PlainHandler(project_root)
    # What the officer asked to see (-q: only critical, -v: more). The build's own error
    # collector needs every warning (build_state.start_run lowers Pelican's level): this
    # keeps -q quiet.
    terminal.setLevel(root.level if root.level != logging.NOTSET else logging.WARNING)
    root.addHandler(terminal)
    log.console.quiet = True


def say_updated(files: int, output: str, seconds: float) -> None:
    """One line when the engine served an edit of text alone (wardportal.engine_edits)."""
    if logging.getLogger().getEffectiveLevel() <= logging.WARNING:
        print(f"Đã cập nhật trang web: làm lại {files} tệp, trong {output} ({seconds:.1f} giây).")


def say_built(pages: int, output: str, seconds: float) -> None:
    """One Vietnamese line when a build succeeded (unless Pelican was asked to be quiet, -q).

    It replaces Pelican's English "Done: Processed …", so the officer still sees that the
    build finished and where the site is.
    """
    if logging.getLogger().getEffectiveLevel() <= logging.WARNING:
        print(f"Đã xây dựng xong trang web: {pages} trang, trong {output} ({seconds:.1f} giây).")
