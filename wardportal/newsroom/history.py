"""Versions of the content files, kept by git in the content folder.

Every save is a commit whose author is the account, so the history is `git log` there and a
backup is a `git clone`. git runs with fixed argument lists (never a shell), without hooks,
signing or the machine's global configuration.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path

#: Options given to every git command: no hooks from the repository, no prompts, no signing.
_SAFE_OPTIONS = (
    "-c", "core.hooksPath=/dev/null",
    "-c", "commit.gpgsign=false",
    "-c", "core.autocrlf=false",
    "-c", "core.quotepath=off",
    "-c", "init.defaultBranch=main",
)  # fmt: skip
_FIELD = "\x1f"
_RECORD = "\x1e"
_STARTER = "Phòng biên tập"


class HistoryError(RuntimeError):
    """git failed; the message has its error output."""


@dataclass(frozen=True)
class Version:
    commit: str
    author: str
    time: float
    message: str
    note: str = ""  # the message's body: a "Trả lại" commit keeps the approver's comment there


def _email(author: str) -> str:
    return f"{author}@quan-tri.invalid"


class ContentHistory:
    """The git repository holding the content folder (made with `git init` if there is none).

    If the content folder is inside an existing repository (as in a development checkout),
    that repository is used and commits touch only the saved file.
    """

    def __init__(self, content: Path) -> None:
        self.content = content.resolve()
        self.content.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()  # one git write at a time: git's index is not shared
        if self._git("rev-parse", "--is-inside-work-tree", check=False).returncode != 0:
            self._start()
        self.root = Path(self._git("rev-parse", "--show-toplevel").stdout.strip())
        if self.root == self.content:
            self._remove_stale_lock()

    def _remove_stale_lock(self) -> None:
        """Remove the index lock a killed save left behind, so the next save can commit.

        Only in the content folder's own repository, of which the newsroom is the only writer
        and which it opens before any save; in a shared checkout a lock may be someone's git.
        """
        git_dir = Path(self._git("rev-parse", "--absolute-git-dir").stdout.strip())
        (git_dir / "index.lock").unlink(missing_ok=True)

    def _start(self) -> None:
        """`git init`, and a first commit of the files already there, so history starts now."""
        self._git("init", "--quiet")
        self._git("add", "--all")
        identity = {"GIT_AUTHOR_NAME": _STARTER, "GIT_AUTHOR_EMAIL": _email("he-thong")}
        identity |= {"GIT_COMMITTER_NAME": _STARTER, "GIT_COMMITTER_EMAIL": _email("he-thong")}
        message = "Bắt đầu lưu lịch sử nội dung"
        self._git("commit", "--quiet", "--allow-empty", "-m", message, env=identity)

    def _git(
        self, *args: str, check: bool = True, env: dict[str, str] | None = None
    ) -> subprocess.CompletedProcess:
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.environ.get("HOME", "/nonexistent"),
            "GIT_CONFIG_GLOBAL": "/dev/null",  # not the ~/.gitconfig of whoever runs it
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0",
            "LC_ALL": "C.UTF-8",
            **(env or {}),
        }
        result = subprocess.run(
            ["git", *_SAFE_OPTIONS, "-C", str(self.content), *args],
            capture_output=True,
            text=True,
            env=environment,
            timeout=60,
        )
        if check and result.returncode != 0:
            raise HistoryError(f"git {args[0]}: {result.stderr.strip()}")
        return result

    def _relative(self, path: Path) -> str:
        """The path as git names it, from the top of the repository."""
        return path.resolve().relative_to(self.root).as_posix()

    def commit(
        self, path: Path, author: str, message: str, when: float, also: tuple[Path, ...] = ()
    ) -> str:
        """Commit this file (and the files `also`, e.g. its new photo) as `author` at `when`;
        returns the commit id. A file that no longer exists is committed as removed."""
        stamp = dt.datetime.fromtimestamp(when, dt.UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")
        identity = {
            "GIT_AUTHOR_NAME": author,
            "GIT_AUTHOR_EMAIL": _email(author),
            "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_NAME": author,
            "GIT_COMMITTER_EMAIL": _email(author),
            "GIT_COMMITTER_DATE": stamp,
        }
        with self._lock:
            names = [
                f":(top,literal){self._relative(item)}"
                for item in (path, *also)
                if item.exists() or self._tracked(item)  # a removed file is committed removed
            ]
            self._git("add", "--", *names)
            self._git(
                "commit", "--quiet", "--allow-empty", "-m", message,
                "--only", "--", *names,
                env=identity,
            )  # fmt: skip
            return self._git("rev-parse", "HEAD").stdout.strip()

    def _tracked(self, path: Path) -> bool:
        name = f":(top,literal){self._relative(path)}"
        return self._git("ls-files", "--error-unmatch", "--", name, check=False).returncode == 0

    def changed(self, path: Path) -> bool:
        """Whether the file differs from its last commit (or was never committed)."""
        name = self._relative(path)
        with self._lock:
            status = self._git("status", "--porcelain", "--", f":(top,literal){name}")
        return bool(status.stdout.strip())

    def versions(self, path: Path) -> list[Version]:
        """The file's commits, newest first."""
        output = self._git(
            "log", f"--format=%H{_FIELD}%an{_FIELD}%at{_FIELD}%s{_FIELD}%b{_RECORD}", "--",
            f":(top,literal){self._relative(path)}",
        ).stdout  # fmt: skip
        versions = []
        for record in output.split(_RECORD):
            if record.strip():
                commit, author, time, message, note = record.strip("\n").split(_FIELD, 4)
                versions.append(Version(commit, author, float(time), message, note.strip()))
        return versions

    def text_at(self, commit: str, path: Path) -> str:
        """The file's text in `commit` (a commit id from `versions`)."""
        return self._git("show", f"{commit}:{self._relative(path)}").stdout

    def changes(self, commit: str, path: Path) -> str:
        """What `commit` changed in the file, as a unified diff."""
        return self._git(
            "show", "--format=", "--no-color", "--no-ext-diff", commit, "--",
            f":(top,literal){self._relative(path)}",
        ).stdout  # fmt: skip
