"""A full build's search index, kept for the next full build that would make the same one.

Pagefind indexes every searchable document on each full build: seconds of CPU on a site of
thousands of pages, however little changed. Its index depends only on the documents (each
page's file name and searchable HTML), the Pagefind binary and its options, so a build whose
documents are all what they were when a kept index was made places that index instead: the
bundle Pagefind would make again, up to its own numbering of pages, which differs between
two runs of Pagefind anyway. A theme or settings change that leaves the searchable text
alone (menus, footers, styles), the daily publish with nothing due, a rebuild after a
restart: all find their index. Any document changed, added or removed gives another key,
and Pagefind indexes everything, as without the cache.

The cache folder (PORTAL_SEARCH_CACHE) holds one index, the last one made, in a folder
named by its key, as hard links to the files of the site it was made for (no bytes copied;
a copy only where the cache is on another filesystem). Nothing writes a bundle's files
after Pagefind: sites, old and new, only ever add or remove names. A kept index has a list
of its files and their sizes; one that lacks a file or whose file has another size is
dropped and the build indexes anew.

In a forked build the index is made in a process of its own, which then keeps it
(`python -m wardportal.search_cache`, see `keeping_command`): the build does not wait for
the links. This module imports little beside the standard library, so that process starts quickly.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from wardportal.parallel import left_by_a_gone_process
from wardportal.settings import project_folder

# (file of the page in the site, e.g. "tin-tuc/2026/bai/index.html"; its searchable HTML)
Document = tuple[str, str]

FORMAT = "1"  # how a kept index is laid out and keyed; a new value drops every kept index
FILE_LIST = "portal-files.json"  # in a kept index: each file's path and size
_NEW = ".new-"  # an index being kept, by the process whose pid follows

# Pagefind also writes its ready-made interfaces; the portal has its own small one.
_UNUSED = (
    "pagefind-ui.*",
    "pagefind-component-ui.*",
    "pagefind-modular-ui.*",
    "pagefind-highlight.js",
)


def remove_unused(bundle: Path) -> None:
    """Remove the ready-made interfaces Pagefind writes (the portal has its own)."""
    for pattern in _UNUSED:
        for unused in bundle.glob(pattern):
            unused.unlink()


def index_key(documents: Sequence[Document], indexer: Sequence[str]) -> str:
    """What the index of these documents depends on, as one digest: the documents in any
    order, and `indexer` (what names the Pagefind binary and its options)."""
    digest = hashlib.blake2b(digest_size=20)
    for part in (FORMAT, *indexer):
        _add(digest, part)
    for name, html in sorted(documents):
        _add(digest, name)
        _add(digest, html)
    return digest.hexdigest()


def _add(digest, text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    digest.update(len(data).to_bytes(8, "little"))
    digest.update(data)


def link(source: str | Path, target: str | Path) -> None:
    """A second name for a bundle file; a copy only where the two are on other filesystems."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


class SearchCache:
    """The folder of the last index made by a full build, and the means to place or keep it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def of(cls, settings: dict) -> SearchCache | None:
        """The project's kept index (PORTAL_SEARCH_CACHE, from the project folder: the
        content folder's parent), or None where the setting turns it off."""
        kept = settings.get("PORTAL_SEARCH_CACHE")
        return cls(Path(project_folder(settings), kept)) if kept else None

    def place(self, key: str, bundle: Path) -> bool:
        """The kept index of this key as `bundle` (a folder not there yet); False, and no
        `bundle`, when there is none or it is damaged."""
        entry = self.folder / key
        if not entry.is_dir():
            return False
        try:
            files = json.loads((entry / FILE_LIST).read_text(encoding="utf-8"))
            for name, size in files.items():
                source = entry / name
                if os.path.isabs(name) or ".." in Path(name).parts:
                    raise OSError(f"{name}: outside the index")
                if source.stat().st_size != size:
                    raise OSError(f"{source}: not as kept")
                target = bundle / name
                target.parent.mkdir(parents=True, exist_ok=True)
                link(source, target)
        except (OSError, ValueError, AttributeError, TypeError):
            shutil.rmtree(bundle, ignore_errors=True)
            shutil.rmtree(entry, ignore_errors=True)  # damaged: the next index replaces it
            return False
        return True

    def keep(self, key: str, bundle: Path) -> None:
        """Keep `bundle`, the index of this key, in place of any index kept before. Never
        fails a build: a cache that cannot be written only means indexing next time too."""
        entry = self.folder / key
        scratch = self.folder / f"{_NEW}{os.getpid()}"
        try:
            if entry.exists():
                return
            shutil.rmtree(scratch, ignore_errors=True)
            scratch.mkdir(parents=True)
            files = {}
            for parent, _folders, names in os.walk(bundle):
                relative = os.path.relpath(parent, bundle)
                folder = scratch if relative == "." else scratch / relative
                folder.mkdir(exist_ok=True)
                for name in names:
                    source = os.path.join(parent, name)
                    link(source, folder / name)
                    files[os.path.normpath(os.path.join(relative, name))] = os.stat(source).st_size
            (scratch / FILE_LIST).write_text(json.dumps(files), encoding="utf-8")
            os.rename(scratch, entry)  # complete or absent; taken already: another build's
        except OSError:
            shutil.rmtree(scratch, ignore_errors=True)
            return
        self._drop_all_but(key)

    def keeping_command(self, key: str, bundle: Path, command: Sequence[str]) -> list[str]:
        """A command that runs Pagefind's `command` (writing `bundle`), removes the unused
        files and keeps the index; it exits as Pagefind did."""
        return [sys.executable, "-m", __name__, str(self.folder), key, str(bundle), *command]

    def _drop_all_but(self, key: str) -> None:
        """Indexes kept before, and the scratch folders of builds that died keeping one."""
        with contextlib.suppress(OSError):
            for entry in self.folder.iterdir():
                if entry.name == key:
                    continue
                if entry.name.startswith(_NEW) and not left_by_a_gone_process(entry.name, _NEW):
                    continue  # being kept by a build still running
                shutil.rmtree(entry, ignore_errors=True)


def main(arguments: Sequence[str]) -> int:
    """FOLDER KEY BUNDLE COMMAND…: Pagefind, then the index kept (see keeping_command)."""
    folder, key, bundle, *command = arguments
    code = subprocess.run(command).returncode
    if code == 0:
        remove_unused(Path(bundle))
        SearchCache(Path(folder)).keep(key, Path(bundle))
    return code


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
