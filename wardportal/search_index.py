"""Full-text search without a server: Pagefind indexes the searchable part of each page.

Every template of a searchable page (article, static page, honour entry) keeps that part in
a block named "searchable", the element marked data-pagefind-body. The indexer renders only
that block for each published item into a scratch folder, then the Pagefind binary (shipped
in the pagefind[bin] wheel) indexes the folder and writes its bundle into the staged site.
Pagefind never parses the menus, sidebars and footers it would only ignore, and the index
holds exactly what the pages show.

All of this needs nothing the pages themselves produce, so on Linux it runs in a forked
child from the moment writing starts (wardportal.parallel.fork_then_exec): the index is made
on the other core while Pelican writes the pages, and the build waits for it only at the end.

Pagefind (1.5) ignores tone and vowel marks, so "dan van" finds "Dân vận", but it keeps "đ":
"dang" alone would miss "Đảng". The search page's script (theme/static/js/search.js) also
asks for each query word that starts with "d" spelled with "đ" ("đ" only ever starts a
Vietnamese syllable), so the index and the excerpts stay exactly the published text.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from jinja2 import Template
from pagefind.service import get_executable

from wardportal.build_errors import ContentError
from wardportal.engine import engine_of
from wardportal.parallel import ForkedTask, fork_then_exec, left_by_a_gone_process
from wardportal.search_cache import Document, SearchCache, index_key, remove_unused

BUNDLE = "pagefind"
SEARCHABLE_BLOCK = "searchable"
PAGEFIND_OPTIONS = ("--force-language", "vi", "--quiet")
# Each document as Pagefind reads it: a minimal page around its searchable HTML.
PAGE = '<!DOCTYPE html><html lang="vi"><body>{}</body></html>'
_SCRATCH = "portal-search-"  # then the building process's id
_MEMORY_FOLDER_ROOM = 1 << 30  # 1 GiB; the 3,000-article benchmark's pages take 50 MB


def searchable_blocks(
    template: Template, context: dict, name: str, pages: Iterable[tuple[str, object]]
) -> Iterator[Document]:
    """The template's "searchable" block rendered alone for each (file, item) in pages.

    The template sees the context with `name` set to the item, as when its page is written.
    One context serves every item (no copy of a large dict per page). A template without
    the block has nothing searchable: no documents.
    """
    block = template.blocks.get(SEARCHABLE_BLOCK)
    if block is None:
        return
    variables = {**template.globals, **context}
    engine = engine_of(context)
    memo = engine.pages if engine is not None and engine.pages.active else None
    for file, item in pages:
        variables[name] = item
        if memo is None:
            yield file, "".join(block(template.new_context(variables, shared=True)))
        else:  # an unchanged item's block is the last build's; a changed one is made anew
            render = functools.partial(_block_alone, template, context, name, item)
            yield file, memo.document(template, variables, file, render)


def _block_alone(template: Template, context: dict, name: str, item: object) -> str:
    """The searchable block of one item, from a context of its own (the engine keeps it
    to render the block again: wardportal.page_memo.Replay)."""
    block = template.blocks[SEARCHABLE_BLOCK]
    variables = {**template.globals, **context, name: item}
    return "".join(block(template.new_context(variables, shared=True)))


def memory_folder() -> str | None:
    """A folder in memory (tmpfs) for the scratch pages, or None for the usual temp folder.

    The scratch copy lives only while Pagefind reads it; on a disk, creating thousands of
    small files and folders costs the system more than rendering them. A small tmpfs (a
    container's 64 MB default) could fill up, so it is used only with room to spare.
    """
    shared_memory = "/dev/shm"
    try:
        usable = os.access(shared_memory, os.W_OK | os.X_OK)
        roomy = shutil.disk_usage(shared_memory).free >= _MEMORY_FOLDER_ROOM
    except OSError:
        return None
    return shared_memory if usable and roomy else None


def scratch_folder() -> Path:
    """A new folder for Pagefind's pages, named after this process, once the folders of
    builds that died before removing theirs (killed half way) are gone: in memory, each
    would hold its share of the machine's memory until the next restart."""
    where = memory_folder()
    for leftover in Path(where or tempfile.gettempdir()).glob(f"{_SCRATCH}*"):
        if left_by_a_gone_process(leftover.name, _SCRATCH):
            shutil.rmtree(leftover, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f"{_SCRATCH}{os.getpid()}-", dir=where))


class SearchIndexer:
    """Indexes the site's searchable documents, in a forked child where possible, or places
    the index a full build made before from the same documents (wardportal.search_cache)."""

    recent_bundle = ""  # one bundle (the engine's EngineSearch names its recent one)

    def __init__(self, site: Path, cache: SearchCache | None = None) -> None:
        self.site = site
        self.cache = cache
        self.documents: Callable[[], Iterable[Document]] = tuple
        self.background: ForkedTask | None = None
        self.sources: Path | None = None

    def start(self, documents: Callable[[], Iterable[Document]], parallel: bool) -> None:
        """Begin indexing; documents is called once, by whichever process does the work."""
        self.documents = documents
        self.sources = scratch_folder()
        if parallel:
            self.background = fork_then_exec(self._prepare_in_child)

    def finish(self) -> None:
        """Wait for the index; a failure is a Vietnamese content error."""
        if self.sources is None:
            return
        task, self.background = self.background, None
        try:
            if task is None or not task.wait():
                # Not forked, or the child failed: index here, so a real error is reported.
                shutil.rmtree(self.site / BUNDLE, ignore_errors=True)
                shutil.rmtree(self.sources, ignore_errors=True)
                self.sources.mkdir()
                self._index_here()
            remove_unused(self.site / BUNDLE)
        finally:
            self.close()

    def close(self) -> None:
        """Stop a child still indexing (the build failed) and remove the scratch folder."""
        if self.background is not None:
            self.background.stop()
            self.background = None
        if self.sources is not None:
            shutil.rmtree(self.sources, ignore_errors=True)
            self.sources = None

    def _prepare(self) -> tuple[bool, str | None]:
        """The kept index placed, or the documents written for Pagefind: whether Pagefind
        has work, and the key to keep the index it makes under (None: no cache)."""
        assert self.sources is not None
        documents: Iterable[Document] = self.documents()
        key = None
        if self.cache is not None:  # the key needs them all; without a cache they stream
            documents = list(documents)
            key = index_key(documents, indexer_identity(self.site)) if documents else None
            if key is not None and self.cache.place(key, self.site / BUNDLE):
                return False, None
        return bool(write_pages(self.sources, documents)), key

    def _index_here(self) -> None:
        assert self.sources is not None
        work, key = self._prepare()
        if work:
            run_pagefind(self.sources, self.site / BUNDLE, self.site)
        if work and self.cache is not None and key is not None:
            remove_unused(self.site / BUNDLE)
            self.cache.keep(key, self.site / BUNDLE)

    def _prepare_in_child(self) -> list[str] | None:
        """In the forked child: the kept index placed, or Pagefind's command (keeping the
        index it makes, with a cache)."""
        assert self.sources is not None
        work, key = self._prepare()
        if not work:
            return None
        command = pagefind_command(self.sources, self.site / BUNDLE, self.site)
        if self.cache is not None and key is not None:
            return self.cache.keeping_command(key, self.site / BUNDLE, command)
        return command


def write_pages(folder: Path, documents: Iterable[Document]) -> int:
    """Each document as a minimal page in `folder` (Pagefind's --site); how many there are."""
    count = 0
    for name, html in documents:
        document = folder / name
        document.parent.mkdir(parents=True, exist_ok=True)
        document.write_text(PAGE.format(html), encoding="utf-8")
        count += 1
    return count  # none when nothing is published yet (a new site, only drafts)


def run_pagefind(sources: Path, bundle: Path, where: Path) -> None:
    """Index the pages in `sources` into `bundle`; a failure is reported against `where`."""
    command = pagefind_command(sources, bundle, where)
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise ContentError(
            str(where),
            f"không tạo được chỉ mục tìm kiếm (Pagefind: {result.stderr.strip()[-500:]})",
            "Hãy chạy lại lệnh; nếu lỗi còn, báo cho người quản trị kỹ thuật",
        )


def pagefind_command(sources: Path, bundle: Path, where: Path) -> list[str]:
    """The Pagefind command indexing `sources` into `bundle` (a missing binary is reported)."""
    return [
        str(_executable(where)),
        "--site",
        str(sources),
        "--output-path",
        str(bundle),
        *PAGEFIND_OPTIONS,
    ]


def indexer_identity(where: Path) -> list[str]:
    """What, beside the documents, Pagefind's index depends on (search_cache.index_key):
    the binary, by its path, size and time, and how it is given the documents."""
    executable = _executable(where)
    stat = executable.stat()
    return [str(executable), str(stat.st_size), str(stat.st_mtime_ns), *PAGEFIND_OPTIONS, PAGE]


def _executable(where: Path) -> Path:
    """The Pagefind binary; a missing one is reported against `where`."""
    executable = get_executable()
    if executable is None:
        raise ContentError(
            str(where),
            "không tìm thấy chương trình Pagefind để tạo chỉ mục tìm kiếm",
            "Hãy chạy lại “make html” để cài đủ các gói, hoặc đặt PORTAL_SEARCH = False",
        )
    return Path(executable)
