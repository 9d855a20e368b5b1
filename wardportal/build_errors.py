"""Content errors that stop the build, told to the officer in Vietnamese.

Pelican logs a broken file ("Could not process …") and carries on, so a typo silently drops
an article while the build exits 0. Here every error, ours or Pelican's, is collected; the
build fails at the end with one readable list and the previous site stays published.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from wardportal.vntext import clean

# Pelican warnings that mean the site would be wrong, not merely imperfect.
_FATAL_WARNINGS = (
    "Unable to find",  # a {static}/{filename} link to a file that does not exist
    "is to be overwritten",  # two pages written to one URL
    "Duplicate definition",
)


@dataclass(frozen=True)
class ContentError(Exception):
    """One problem in one file, with what to do about it.

    `problem` and `hint` are Vietnamese sentences without a final full stop.
    """

    path: str
    problem: str
    hint: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}, dòng {self.line}"
        text = f"{where}: {self.problem}" if where else self.problem
        return f"{text}. {self.hint[:1].upper()}{self.hint[1:]}." if self.hint else f"{text}."

    def as_check_line(self) -> str:
        """`file:line: what is wrong — what to do`, the form `portal check` lists."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        text = f"{where}: {self.problem}" if where else self.problem
        return f"{text} — {self.hint[:1].lower()}{self.hint[1:]}" if self.hint else text


class BuildFailed(Exception):
    """Raised to stop Pelican; its message lists every error found."""

    exitcode = 1

    def __init__(self, errors: list[ContentError], output_path: str) -> None:
        self.errors = errors
        lines = [f"Không xây dựng được trang web: {len(errors)} lỗi."]
        lines += [f"  • {error}" for error in errors]
        lines.append(f"Trang web đã xuất bản trước đó trong {output_path} được giữ nguyên.")
        super().__init__("\n".join(lines))


def line_of(path: str | os.PathLike, needle: str, *, metadata_key: bool = False) -> int | None:
    """Line number (1-based) of the first line containing needle, or None.

    With metadata_key, finds the header line "Needle: …" whatever its case.
    """
    try:
        text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
    except OSError:
        return None
    # Compared as the reader sees the text: a pasted no-break space does not hide a line.
    lines = clean(text).split("\n")
    wanted = clean(needle).casefold()
    for number, line in enumerate(lines, start=1):
        if metadata_key:
            if line.split(":", 1)[0].strip().casefold() == wanted:
                return number
        elif wanted in line.casefold():
            return number
    return None


def relative(path: str | os.PathLike, root: str | os.PathLike) -> str:
    """Path as the officer sees it: relative to the project when it is inside."""
    try:
        return os.path.relpath(path, root) if os.path.isabs(path) else str(path)
    except ValueError:
        return str(path)


LOG_FILE = ".cache/portal-build.log"


def log_path(project_root: str | Path) -> Path:
    """Where the tracebacks of a project's builds are written."""
    return Path(project_root) / LOG_FILE


def unexpected(error: BaseException, project_root: str | Path, path: str = "") -> ContentError:
    """An unexpected exception as the officer's error line; its traceback goes to the log.

    Without a path, the article or page being worked on when it failed is named, if any.
    """
    path = path or _content_being_handled(error, project_root)
    log = log_path(project_root)
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as file:
            file.write(f"--- {datetime.now().isoformat(timespec='seconds')} {path}\n")
            file.write("".join(traceback.format_exception(error)))
        where = f"Chi tiết kỹ thuật đã ghi vào tệp {LOG_FILE}"
    except OSError:
        where = "Không ghi được tệp nhật ký lỗi"
    return ContentError(
        path,
        f"có lỗi không lường trước{' khi xử lý tệp này' if path else ''}"
        f" ({type(error).__name__}: {_one_line(error)})",
        f"{where}; hãy kiểm tra lại tệp vừa sửa, nếu vẫn lỗi thì gửi tệp nhật ký đó cho"
        " người phụ trách kỹ thuật",
    )


def _content_being_handled(error: BaseException, project_root: str | Path) -> str:
    """The source file of the innermost Pelican article or page in the failing call stack."""
    from pelican.contents import Content

    for frame, _line in reversed(list(traceback.walk_tb(error.__traceback__))):
        for value in frame.f_locals.values():
            if isinstance(value, Content) and isinstance(value.source_path, str):
                return relative(value.source_path, project_root)
    return ""


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 160 else text[:159] + "…"


class ErrorCollector(logging.Handler):
    """Logging handler that keeps every error Pelican or a plugin reports during a build."""

    def __init__(self, project_root: str | Path = ".", content_root: str | Path = ".") -> None:
        super().__init__(level=logging.WARNING)
        self.errors: list[ContentError] = []
        self.project_root = project_root
        self.content_root = content_root

    def emit(self, record: logging.LogRecord) -> None:
        # Pelican logs "Could not process" from inside its except block without exc_info,
        # so the exception is still the one being handled.
        exception = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        if isinstance(exception, ContentError):
            self.record(exception)
            return
        message = record.getMessage()
        if record.levelno >= logging.ERROR and exception is not None:
            # A file that trips Pelican or a plugin: one line, the traceback in the log.
            self.record(unexpected(exception, self.project_root, self._file_of(record)))
        elif record.levelno >= logging.ERROR or any(
            marker in message for marker in _FATAL_WARNINGS
        ):
            self.record(ContentError("", message))

    def _file_of(self, record: logging.LogRecord) -> str:
        """The content file Pelican's "Could not process %s" names, as the officer sees it."""
        if record.msg == "Could not process %s" and isinstance(record.args, tuple) and record.args:
            path = os.path.join(self.content_root, str(record.args[0]))
            return relative(os.path.abspath(path), os.path.abspath(self.project_root))
        return ""

    def record(self, error: ContentError) -> None:
        if error not in self.errors:
            self.errors.append(error)


class PlainMessages(logging.Filter):
    """Filter for the terminal's log handler: the officer reads sentences, not tracebacks.

    Drops Pelican's English "Could not process" line: ErrorCollector turns it into a
    Vietnamese error of the final list. Prints a failed build as its list of errors without
    the stack trace.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        exception = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        collected = isinstance(exception, ContentError) or (
            exception is not None and record.levelno >= logging.ERROR
        )
        if collected and record.levelno < logging.CRITICAL:
            return False
        if isinstance(exception, BuildFailed):
            record.msg, record.args, record.exc_info = str(exception), (), None
        return True


def show_plain_messages() -> None:
    """Attach PlainMessages to the handlers that print to the terminal (once)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, PlainMessages) for f in handler.filters):
            handler.addFilter(PlainMessages())
