"""A second copy of the live site kept beside it, so that a small change is published by
changing a few files, not by making a whole folder.

A build is published by swapping a complete folder in for the live one (atomic_output):
a reader never sees half of a change. Making that folder costs the engine's quick edits
(engine_edits) more than the edit itself: about 4,600 folders and 11,600 names on the
3,000-article site, each made again for a change of forty files. The spare is that folder
made ahead, while nobody waits: every file a hardlink to the live one (no bytes copied).

- After an ordinary build, the spare is made again from the new live site, in the
  background (and the make is abandoned when another build starts).
- A quick edit moves its new files into the spare (a rename over a name: never a write
  through it, so the live files never change), swaps the spare and the live site in one
  step, and in the background the old live site, now the spare, takes the same new files.

Where the system cannot swap two folders in one step (renameat2 is Linux's), there is no
spare and quick edits make their folder whole.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from collections.abc import Collection, Iterable
from pathlib import Path

from wardportal.atomic_output import exchange

_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC


class _Stopped(Exception):
    """A make of the spare abandoned: another build has started."""


class SpareSite:
    """The spare beside `live`, kept in step with it by a background thread."""

    def __init__(self, live: Path) -> None:
        self.live = live
        self.folder = live.with_name(f".{live.name}.spare")
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._mirrors: int | None = None  # inode of the live folder the spare copies
        self._written: list[str] = []  # files write() put in the spare, for swap_in
        self._files: set[str] = set()  # every file of the live site the spare copies

    def refresh(self) -> None:
        """The live site was replaced by a whole new folder: make the spare again from it."""
        self.stop()
        self._mirrors, self._written = None, []
        self._start(self._make, self._identity())

    def stop(self) -> None:
        """Abandon a make in progress (a build is about to replace the live site)."""
        self._stop.set()
        self._join()
        self._stop.clear()

    def ready(self) -> bool:
        """Whether the spare copies the live site as it is now (never waits: while it is
        being made, an edit makes its folder whole instead)."""
        if self._thread is not None and self._thread.is_alive():
            return False
        self._join()
        return self._mirrors is not None and self._mirrors == self._identity()

    def files(self) -> set[str]:
        """Every file of the live site (relative to it), while ready(): a walk of its 4,600
        folders costs more than half a second when the kernel's cache of them is cold."""
        return set(self._files)

    def write(self, relative: str, data: bytes) -> None:
        """A new file put straight into the spare, to be published by the next swap_in (a
        new file renamed over the name: the live file it was a second name of never
        changes). Until that swap's follow-up is done, the spare copies nothing."""
        self._mirrors = None
        # Thousands of these per quick add: plain strings, and no mkdir while the folder is
        # there (it almost always is): 0.22–0.25 ms a file on the benchmark, from 0.29.
        target = os.path.join(self.folder, relative)
        folder, name = os.path.split(target)
        temporary = os.path.join(folder, f".{name}.portal-new")
        try:
            descriptor = os.open(temporary, _NEW_FILE, 0o666)
        except FileNotFoundError:  # a folder the live site does not have yet
            os.makedirs(folder, exist_ok=True)
            descriptor = os.open(temporary, _NEW_FILE, 0o666)
        with open(descriptor, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
        self._written.append(relative)

    def written_elsewhere(self) -> None:
        """Another process is about to write() into the spare (a forked child)."""
        self._mirrors = None

    def wrote(self, files: Iterable[str]) -> None:
        """What another process write() into the spare, for swap_in."""
        self._written += files

    def swap_in(self, staged: Path, top: Iterable[str] = (), removed: Iterable[str] = ()) -> None:
        """Publish the files of `staged` (a folder with only the new files) on top of the
        live site, without the files `removed`: moved into the spare, which is then swapped
        with the live site. `top`: names of folders at the top of `staged` that replace the
        live ones whole (the search bundles), not file by file. The caller checked ready()."""
        self._mirrors = None  # from the first file moved, until _follow is done
        whole, removed = set(top), list(removed)
        files = files_of(staged, whole)
        written, self._written = self._written, []
        for relative in removed:
            (self.folder / relative).unlink(missing_ok=True)
        for relative in files:
            target = self.folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged / relative, target)
        for name in whole:
            shutil.rmtree(self.folder / name, ignore_errors=True)
            if (staged / name).exists():
                os.rename(staged / name, self.folder / name)
        if not exchange(str(self.folder), str(self.live)):
            raise OSError("the spare could not be swapped with the live site")
        kept = {file for file in self._files if file.split(os.sep, 1)[0] not in whole}
        made = [os.path.join(name, file) for name in whole for file in files_of(self.live / name)]
        self._files = (kept | {*written, *files, *made}) - set(removed)
        self._start(self._follow, self._identity(), [*written, *files], whole, removed)

    def _make(self, identity: int | None) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir()
        self._files = set(link_tree(self.live, self.folder, stop=self._stop))
        self._mirrors = identity

    def _follow(
        self, identity: int | None, files: list[str], whole: set[str], removed: list[str]
    ) -> None:
        """The old live site, now the spare, takes the files the swap published."""
        for relative in removed:
            (self.folder / relative).unlink(missing_ok=True)
        for relative in files:
            if self._stop.is_set():
                raise _Stopped
            target = self.folder / relative
            target.unlink(missing_ok=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(self.live / relative, target)
        for name in whole:
            shutil.rmtree(self.folder / name, ignore_errors=True)
            if (self.live / name).exists():
                shutil.copytree(self.live / name, self.folder / name, copy_function=os.link)
        self._mirrors = identity

    def _start(self, work, *arguments) -> None:
        def run() -> None:
            with contextlib.suppress(_Stopped, OSError):
                work(*arguments)

        self._thread = threading.Thread(target=run, name="portal-spare-site", daemon=True)
        self._thread.start()

    def wait(self) -> None:
        """Until the background work is done (tests, the benchmark, shutting down)."""
        self._join()

    def _join(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _identity(self) -> int | None:
        try:
            return self.live.stat().st_ino
        except OSError:
            return None


def link_tree(
    source: Path,
    target: Path,
    skipped: Iterable[str] = (),
    removed: Collection[str] = (),
    stop: threading.Event | None = None,
) -> list[str]:
    """Every file under source that target does not have yet, as a second name in target
    (a hardlink: no bytes copied, and the source file is never written through it), but
    the files `removed` and the names at the top `skipped`; given up when `stop` is set.
    The files of source it went through (relative)."""
    skipped = set(skipped)
    seen = []
    for parent, subfolders, files in os.walk(source):
        if stop is not None and stop.is_set():
            raise _Stopped
        relative = os.path.relpath(parent, source)
        if relative == ".":
            subfolders[:] = [name for name in subfolders if name not in skipped]
            files = [name for name in files if name not in skipped]
        folder = target if relative == "." else target / relative
        folder.mkdir(exist_ok=True)
        for name in files:
            file = os.path.normpath(os.path.join(relative, name))
            if file in removed:
                continue
            seen.append(file)
            with contextlib.suppress(FileExistsError):  # the target's own file
                os.link(os.path.join(parent, name), folder / name)
    return seen


def files_of(folder: Path, skipped: Collection[str] = ()) -> list[str]:
    """Every file under folder, relative to it, but those under the top folders skipped."""
    found = []
    for parent, subfolders, names in os.walk(folder):
        if parent == str(folder):
            subfolders[:] = [name for name in subfolders if name not in skipped]
        relative = os.path.relpath(parent, folder)
        found += [os.path.normpath(os.path.join(relative, name)) for name in names]
    return found
