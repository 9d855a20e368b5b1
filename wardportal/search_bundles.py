"""Search that follows an edit in a fraction of a second: a stable bundle and a recent one.

Indexing the 3,000-article + 2,000-entry benchmark with Pagefind takes seconds; a long-running
build (wardportal.engine) has a tenth of a full build for an edit. It keeps a SearchBundles:

- the stable bundle: every document, made by Pagefind as a full build makes it, published at
  /pagefind/ (the search page's data-bundle);
- the recent bundle: only the documents added or changed since the stable one was made,
  published at /pagefind-recent/, with `replaced.json`: the Pagefind ids (fragment hashes)
  of the stable results those changes replace or remove. The search page learns of it from
  its data-recent attribute (the template variable SEARCH_RECENT_BUNDLE, set only by the
  long-running build), merges it with Pagefind's mergeIndex and drops the replaced ids from
  every search before counting (theme/static/js/search.js), so the set of results and their
  number are a full index's.

Each update indexes the whole recent set again (a handful of documents: well under a second),
and once that set holds more than `limit` documents the stable bundle is made again from all
of them and the recent one emptied (see RECENT_LIMIT for why that number).

Bundles live in a cache folder the keeper owns and are never changed once written (a new one
goes into a new folder), so placing them into a staged site is a hardlink per file, and a
site published before never sees a later update.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import shutil
import string
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from wardportal.search_index import (
    BUNDLE,
    Document,
    memory_folder,
    remove_unused,
    run_pagefind,
    write_pages,
)

RECENT_BUNDLE = "pagefind-recent"
HIDDEN = "hidden.json"
#: A page holding every word of the stable bundle, indexed with the recent documents so that
#: the recent bundle knows the site's words as a full index does (hidden from results).
VOCABULARY_FILE = "_portal/tu-vung-tim-kiem/index.html"
#: The template variable that tells the search page there is a recent bundle to merge.
TEMPLATE_VARIABLE = "SEARCH_RECENT_BUNDLE"
#: Changed, added and removed documents the recent bundle holds before the stable bundle is
#: made again. Each update indexes the whole recent set (Pagefind takes ~2 ms a document
#: there, plus ~25 ms to start), and a query downloads both bundles' index chunks and fetches
#: stale stable results only to drop them; a rebuild costs seconds (about 1 ms a document of
#: the site). At 100 an update stays well under 0.3 s and one rebuild every hundred edits
#: adds a few tens of milliseconds an edit.
RECENT_LIMIT = 100
_FRAGMENT_PREFIX = b"pagefind_dcd"
_PUNCTUATION = string.punctuation + "“”‘’«»…–—·"


class _NotExact(Exception):
    """The recent bundle merged with the stable one would not find what a full index finds."""


def url_of(file: str) -> str:
    """The address Pagefind gives the page written to `file` (index.html: its folder)."""
    return "/" + file.removesuffix("index.html")


class SearchBundles:
    """The site's search as a stable Pagefind bundle plus a small one of recent changes."""

    def __init__(self, cache: Path, limit: int = RECENT_LIMIT) -> None:
        """`cache`: a folder this keeper alone uses, on the output's filesystem (hardlinks)."""
        self.cache = cache
        self.limit = limit
        self.documents: dict[str, str] = {}  # every current document, file → searchable HTML
        self.stable: Path | None = None
        self.recent: Path | None = None
        self.rebuilds = 0  # stable bundles made, the first one included
        self._stable_documents: dict[str, str] = {}  # what the stable bundle holds
        self._stable_ids: dict[str, str] = {}  # file → its fragment id in the stable bundle
        self._touched: set[str] = set()  # files changed or removed since the stable bundle
        self._recent_documents: dict[str, str] = {}  # what the recent bundle holds
        self._stale: set[str] = set()  # stable documents it replaces or removes
        self._vocabulary: Counter[str] = Counter()  # word → stable documents holding it
        self._vocabulary_page = ""
        self._generation = 0
        shutil.rmtree(cache, ignore_errors=True)  # a previous keeper's bundles, if any
        cache.mkdir(parents=True)

    @property
    def recent_bundle(self) -> str:
        """The value of TEMPLATE_VARIABLE: "pagefind-recent/" while there is one, else ""."""
        return f"{RECENT_BUNDLE}/" if self.recent is not None else ""

    def build(self, documents: Iterable[Document]) -> None:
        """The first call: the stable bundle from every document, no recent one."""
        self._rebuild(dict(documents))

    def update(self, changed: Mapping[str, str], removed: Iterable[str]) -> None:
        """Documents added or changed (file → searchable HTML) and files no longer searchable.

        Only the documents that differ from the stable bundle are indexed again. On a
        failure (a Vietnamese ContentError) the keeper is as it was before the call.
        """
        removed = set(removed)
        if removed & changed.keys():
            raise ValueError(f"both changed and removed: {sorted(removed & changed.keys())}")
        documents = {**self.documents, **changed}
        for file in removed:
            documents.pop(file, None)
        touched = self._touched | changed.keys() | removed
        recent = {
            file: documents[file]
            for file in sorted(touched)
            if file in documents and self._stable_documents.get(file) != documents[file]
        }
        stale = {
            file
            for file in touched
            if file in self._stable_ids and self._stable_documents[file] != documents.get(file)
        }
        if not self._stable_documents or len(recent.keys() | stale) > self.limit:
            self._rebuild(documents)
            return
        if recent != self._recent_documents or stale != self._stale:
            try:
                bundle = self._make_recent(recent, stale)
            except _NotExact:
                self._rebuild(documents)
                return
            self._drop(self.recent)
            self.recent, self._recent_documents, self._stale = bundle, recent, stale
        self.documents, self._touched = documents, touched

    def place(self, site: Path) -> None:
        """Put both bundles into the staged `site`: hardlinks, no bytes copied.

        Bundle files are never written again once made, so a site that shares them is safe.
        """
        for name, bundle in ((BUNDLE, self.stable), (RECENT_BUNDLE, self.recent)):
            target = site / name
            shutil.rmtree(target, ignore_errors=True)
            if bundle is not None:
                shutil.copytree(bundle, target, copy_function=_link)

    def close(self) -> None:
        """Remove the cache folder (sites the bundles were placed into keep their links)."""
        shutil.rmtree(self.cache, ignore_errors=True)
        self.stable = self.recent = None

    def _rebuild(self, documents: dict[str, str]) -> None:
        """The stable bundle made again from every document; the recent one emptied."""
        bundle = self._new_folder("stable")
        try:
            fragments = _fragments(bundle) if _index(documents.items(), bundle) else {}
        except BaseException:
            shutil.rmtree(bundle, ignore_errors=True)
            raise
        self._drop(self.stable)
        self._drop(self.recent)
        self.stable, self.recent = (bundle if fragments else None), None
        self._stable_documents = documents
        self._stable_ids = {
            file: fragments[url][0] for file in documents if (url := url_of(file)) in fragments
        }
        self._vocabulary = Counter()
        for _id, content in fragments.values():
            self._vocabulary.update(words_of(content))
        words = " ".join(html.escape(word) for word in sorted(self._vocabulary))
        self._vocabulary_page = f"<div data-pagefind-body>{words}</div>"
        self.documents = documents
        self._touched, self._recent_documents, self._stale = set(), {}, set()
        self.rebuilds += 1

    def _make_recent(self, recent: dict[str, str], stale: set[str]) -> Path | None:
        """A new recent bundle for these documents and stable files replaced or removed.

        Raises _NotExact where merging it with the stable bundle would not find what a full
        index finds: the site's words are no longer the stable bundle's (see words_of), or
        a Pagefind id of the recent bundle is also a stable result's.
        """
        if not recent and not stale:
            return None
        assert self.stable is not None
        hidden = sorted(self._stable_ids[file] for file in stale)
        stale_words: Counter[str] = Counter()
        for fragment in hidden:
            stale_words.update(words_of(_read_fragment(self.stable, fragment)["content"]))
        bundle = self._new_folder("recent")
        try:
            pages = [*recent.items(), (VOCABULARY_FILE, self._vocabulary_page)] if recent else []
            fragments = _fragments(bundle) if _index(pages, bundle) else {}
            if recent:
                hidden.append(fragments.pop(url_of(VOCABULARY_FILE))[0])
            recent_words: Counter[str] = Counter()
            for _id, content in fragments.values():
                recent_words.update(words_of(content))
            stable_ids = set(self._stable_ids.values())
            if any(fragment in stable_ids for fragment, _content in fragments.values()):
                raise _NotExact
            if self._words_change(stale_words, recent_words):
                raise _NotExact
            bundle.mkdir(exist_ok=True)  # only removals: no Pagefind bundle, only the list
            (bundle / HIDDEN).write_text(
                json.dumps({"documents": len(recent), "hidden": hidden}), encoding="utf-8"
            )
        except BaseException:
            shutil.rmtree(bundle, ignore_errors=True)
            raise
        return bundle

    def _words_change(self, stale: Counter[str], recent: Counter[str]) -> bool:
        """Whether the current documents' words differ from the stable bundle's."""
        for word in stale.keys() | recent.keys():
            held = self._vocabulary[word]
            if (held > 0) != (held - stale[word] + recent[word] > 0):
                return True
        return False

    def _new_folder(self, kind: str) -> Path:
        self._generation += 1
        return self.cache / f"{kind}-{self._generation}"

    @staticmethod
    def _drop(bundle: Path | None) -> None:
        if bundle is not None:
            shutil.rmtree(bundle, ignore_errors=True)


def _index(documents: Iterable[Document], bundle: Path) -> int:
    """Pagefind over `documents` into the new folder `bundle`; how many documents there were."""
    sources = Path(tempfile.mkdtemp(prefix="portal-search-", dir=memory_folder()))
    try:
        count = write_pages(sources, documents)
        if count:
            run_pagefind(sources, bundle, bundle)
            remove_unused(bundle)
        return count
    finally:
        shutil.rmtree(sources, ignore_errors=True)


def _fragments(bundle: Path) -> dict[str, tuple[str, str]]:
    """URL → (Pagefind id, indexed text) of every page in the bundle."""
    found = {}
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        identifier = fragment.name.removesuffix(".pf_fragment")
        data = _read_fragment(bundle, identifier)
        found[data["url"]] = (identifier, data["content"])
    return found


def _read_fragment(bundle: Path, identifier: str) -> dict:
    """One page's fragment: gzipped JSON after Pagefind's marker."""
    data = gzip.decompress((bundle / "fragment" / f"{identifier}.pf_fragment").read_bytes())
    return json.loads(data.removeprefix(_FRAGMENT_PREFIX))


def words_of(text: str) -> set[str]:
    """The words of a page's indexed text, as finely as Pagefind tells words apart or finer.

    Pagefind finds a page by a query word's extensions in the index's vocabulary, or else
    its longest prefix there, and ignores a query word that has neither: what a page
    matches depends on every other page's words. Two bundles merged find what one index
    finds only while the stable bundle's words are the current documents' words; these
    sets compare them (lower case, punctuation around a word dropped; marks kept, finer
    than Pagefind, which folds them: a spurious difference only costs a rebuild).
    """
    return {token.strip(_PUNCTUATION) for token in text.lower().split()} - {""}


def _link(source: str, target: str) -> None:
    """Hardlink a bundle file; a copy only where the cache is on another filesystem."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
