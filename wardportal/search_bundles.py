"""Search that follows an edit in a fraction of a second: a stable bundle and a recent one.

Indexing the 3,000-article + 2,000-entry benchmark with Pagefind takes seconds; a long-running
build (wardportal.engine) has a tenth of a full build for an edit. It keeps a SearchBundles:

- the stable bundle: every document, made by Pagefind as a full build makes it, published at
  /pagefind/ (the search page's data-bundle);
- the recent bundle: only the documents added or changed since the stable one was made, and a
  page of the site's words, published at /pagefind-recent/ with `hidden.json`: the Pagefind
  ids (fragment hashes) never to show: the stable results those changes replace or remove,
  and the words' page. The search page learns of it from its data-recent attribute (the
  template variable SEARCH_RECENT_BUNDLE, set only by the long-running build), merges it
  with Pagefind's mergeIndex and drops those ids from every search before counting
  (theme/static/js/search.js).

Pagefind resolves each query word against its own index's words (their extensions, else the
longest prefix, else the word is ignored), so merged bundles find what one full index finds
only while both know the site's words:

- the words' page gives the stable bundle's words to the recent bundle;
- an update that leaves a word of the stable bundle on no page (see words_of) makes the
  stable bundle again: both bundles would still resolve a query to it;
- a word new to the site is known to the recent bundle only, and the stable bundle would
  resolve a query word leading to it to other words. hidden.json then says so (NEW_WORDS),
  and the search page looks at the recent bundle's own results for each query word: a word
  that finds pages there, but not the words' page, resolves to new words only, and a full
  index would find none of the stable bundle's pages: its results are left out.

A recent set of more than `limit` documents (see RECENT_LIMIT) makes the stable bundle
again too. Otherwise an update indexes only the recent set again.

Bundles live in a cache folder the keeper owns and are never changed once written (a new one
goes into a new folder), so placing them into a staged site is a hardlink per file, and a
site published before never sees a later update. docs/search.md has the whole design.
"""

from __future__ import annotations

import gzip
import html
import json
import shutil
import string
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from wardportal.search_cache import SearchCache, index_key, link, remove_unused
from wardportal.search_index import (
    BUNDLE,
    Document,
    indexer_identity,
    run_pagefind,
    scratch_folder,
    write_pages,
)

RECENT_BUNDLE = "pagefind-recent"
HIDDEN = "hidden.json"
#: The key of hidden.json present while recent documents hold words the stable bundle lacks:
#: the words' page's id and the recent documents' ids (theme/static/js/search.js).
NEW_WORDS = "new_words"
#: A page holding every word of the stable bundle, indexed with the recent documents so that
#: the recent bundle knows the site's words as a full index does (hidden from results).
VOCABULARY_FILE = "_portal/tu-vung-tim-kiem/index.html"
#: The template variable that tells the search page there is a recent bundle to merge.
TEMPLATE_VARIABLE = "SEARCH_RECENT_BUNDLE"
#: Changed, added and removed documents the recent bundle holds before the stable bundle is
#: made again. Each update indexes the whole recent set (on the benchmark, with the words'
#: page: ~0.35 s of CPU for one document, ~0.9–2 s for 50 on a loaded machine), and a query
#: downloads both bundles' index chunks and stale stable results only to drop them; a
#: rebuild costs a full index (seconds). At 100 an update stays a small share of the
#: engine's budget for an edit, and a rebuild is rare.
RECENT_LIMIT = 100
_FRAGMENT_PREFIX = b"pagefind_dcd"
_PUNCTUATION = string.punctuation + "“”‘’«»…–—·"
# The combining marks Vietnamese letters decompose into (Pagefind drops every mark: keeping
# the rarer ones only tells words apart more finely).
_MARKS = dict.fromkeys(range(0x0300, 0x0370))


class _NotExact(Exception):
    """The recent bundle merged with the stable one would not find what a full index finds."""


class _SameAsStable(Exception):
    """Documents whose HTML changed only where Pagefind does not look (data-pagefind-ignore):
    indexed, they are their stable fragment exactly (same id, same data)."""

    def __init__(self, files: set[str]) -> None:
        super().__init__(sorted(files))
        self.files = files


def url_of(file: str) -> str:
    """The address Pagefind gives the page written to `file` (index.html: its folder)."""
    return "/" + file.removesuffix("index.html")


class SearchBundles:
    """The site's search as a stable Pagefind bundle plus a small one of recent changes."""

    def __init__(
        self, cache: Path, limit: int = RECENT_LIMIT, kept: SearchCache | None = None
    ) -> None:
        """`cache`: a folder this keeper alone uses, on the output's filesystem (hardlinks).
        `kept`: the full builds' kept index (wardportal.search_cache), shared with them: a
        stable bundle of the same documents is placed from it, one made is kept in it."""
        self.cache = cache
        self.limit = limit
        self.kept = kept
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
        self._filters: Counter[tuple[str, str]] = Counter()  # (filter, value) → documents
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
        for _attempt in range(2):  # again without documents the stable bundle holds as they are
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
            if self.stable is None or len(recent.keys() | stale) > self.limit:
                break
            if recent == self._recent_documents and stale == self._stale:
                self.documents, self._touched = documents, touched
                return
            try:
                bundle = self._make_recent(recent, stale)
            except _SameAsStable as same:
                self._stable_documents.update({file: documents[file] for file in same.files})
                continue
            except _NotExact:
                break
            self._drop(self.recent)
            self.recent, self._recent_documents, self._stale = bundle, recent, stale
            self.documents, self._touched = documents, touched
            return
        self._rebuild(documents)

    def sync(self, documents: Iterable[Document]) -> None:
        """update() from every current document: what differs or is gone is worked out here."""
        current = dict(documents)
        changed = {file: text for file, text in current.items() if self.documents.get(file) != text}
        self.update(changed, self.documents.keys() - current.keys())

    def place(self, site: Path, always_recent: bool = False, stable: bool = True) -> None:
        """Put both bundles into the staged `site`: hardlinks, no bytes copied.

        Bundle files are never written again once made, so a site that shares them is safe.
        always_recent: with no recent bundle, a recent one that holds nothing and hides
        nothing (its hidden.json only), for a search page that always names one.
        stable=False: the recent bundle only (the site has the stable one already).
        """
        placed = [(BUNDLE, self.stable)] if stable else []
        for name, bundle in [*placed, (RECENT_BUNDLE, self.recent)]:
            target = site / name
            shutil.rmtree(target, ignore_errors=True)
            if bundle is not None:
                shutil.copytree(bundle, target, copy_function=link)
        if always_recent and self.recent is None:
            (site / RECENT_BUNDLE).mkdir(parents=True)
            listed = {"documents": 0, "hidden": [], "filters": _counted(self._filters)}
            (site / RECENT_BUNDLE / HIDDEN).write_text(
                json.dumps(listed, ensure_ascii=False), encoding="utf-8"
            )

    def close(self) -> None:
        """Remove the cache folder (sites the bundles were placed into keep their links)."""
        shutil.rmtree(self.cache, ignore_errors=True)
        self.stable = self.recent = None

    def _rebuild(self, documents: dict[str, str]) -> None:
        """The stable bundle made again from every document; the recent one emptied."""
        bundle = self._new_folder("stable")
        try:
            fragments = _fragments(bundle) if self._index_stable(documents, bundle) else {}
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
        self._vocabulary, self._filters = Counter(), Counter()
        for _id, fragment in fragments.values():
            self._vocabulary.update(words_of(fragment["content"]))
            self._filters.update(_filter_values(fragment))
        words = " ".join(html.escape(word) for word in sorted(self._vocabulary))
        self._vocabulary_page = f"<div data-pagefind-body>{words}</div>"
        self.documents = documents
        self._touched, self._recent_documents, self._stale = set(), {}, set()
        self.rebuilds += 1

    def _index_stable(self, documents: dict[str, str], bundle: Path) -> int:
        """The stable bundle of these documents made in the new folder `bundle`, or placed
        there from the kept index of the same documents; how many documents it holds."""
        if self.kept is None or not documents:
            return _index(documents.items(), bundle)
        key = index_key(list(documents.items()), indexer_identity(bundle))
        if self.kept.place(key, bundle):
            return len(documents)
        count = _index(documents.items(), bundle)
        self.kept.keep(key, bundle)
        return count

    def _make_recent(self, recent: dict[str, str], stale: set[str]) -> Path | None:
        """A new recent bundle for these documents and stable files replaced or removed.

        Raises _NotExact where merging it with the stable bundle would not find what a full
        index finds: a word of the stable bundle is on no current document (see words_of),
        or a Pagefind id of the recent bundle is also a stable result's; _SameAsStable when
        that id is the same page's stable fragment, unchanged (update() leaves it out).
        Words the stable bundle lacks are listed as NEW_WORDS for the search page.
        """
        if not recent and not stale:
            return None
        assert self.stable is not None  # update() made it first
        hidden = sorted(self._stable_ids[file] for file in stale)
        stale_words: Counter[str] = Counter()
        filters = self._filters.copy()
        for identifier in hidden:
            fragment = _read_fragment(self.stable, identifier)
            stale_words.update(words_of(fragment["content"]))
            filters.subtract(_filter_values(fragment))
        bundle = self._new_folder("recent")
        try:
            pages = [*recent.items(), (VOCABULARY_FILE, self._vocabulary_page)] if recent else []
            fragments = _fragments(bundle) if _index(pages, bundle) else {}
            words_page = fragments.pop(url_of(VOCABULARY_FILE))[0] if recent else ""
            if words_page:
                hidden.append(words_page)
            recent_words: Counter[str] = Counter()
            for _id, fragment in fragments.values():
                recent_words.update(words_of(fragment["content"]))
                filters.update(_filter_values(fragment))
            same = {file for file in stale & recent.keys() if self._as_stable(file, fragments)}
            if same:
                raise _SameAsStable(same)
            stable_ids = set(self._stable_ids.values())
            if any(identifier in stable_ids for identifier, _fragment in fragments.values()):
                raise _NotExact
            gone, new = self._word_changes(stale_words, recent_words)
            if gone:
                raise _NotExact
            bundle.mkdir(exist_ok=True)  # only removals: no Pagefind bundle, only the list
            # The filter lists as a full index counts them (Pagefind's merged counts would
            # still offer a value only hidden pages have).
            listed: dict = {
                "documents": len(recent),
                "hidden": hidden,
                "filters": _counted(filters),
            }
            if new:
                recent_ids = sorted(identifier for identifier, _fragment in fragments.values())
                listed[NEW_WORDS] = {"words_page": words_page, "recent": recent_ids}
            (bundle / HIDDEN).write_text(json.dumps(listed, ensure_ascii=False), encoding="utf-8")
        except BaseException:
            shutil.rmtree(bundle, ignore_errors=True)
            raise
        return bundle

    def _as_stable(self, file: str, fragments: dict[str, tuple[str, dict]]) -> bool:
        """Whether the file's new fragment is its stable one: same id, same data."""
        identifier, fragment = fragments.get(url_of(file), ("", {}))
        assert self.stable is not None
        return identifier == self._stable_ids[file] and fragment == _read_fragment(
            self.stable, identifier
        )

    def _word_changes(self, stale: Counter[str], recent: Counter[str]) -> tuple[bool, bool]:
        """Whether a word of the stable bundle is on no current document (gone), and whether
        a current document has a word the stable bundle lacks (new)."""
        gone = new = False
        for word in stale.keys() | recent.keys():
            held = self._vocabulary[word]
            now = held - stale[word] + recent[word]
            gone |= held > 0 and now <= 0
            new |= held <= 0 and now > 0
        return gone, new

    def _new_folder(self, kind: str) -> Path:
        self._generation += 1
        return self.cache / f"{kind}-{self._generation}"

    @staticmethod
    def _drop(bundle: Path | None) -> None:
        if bundle is not None:
            shutil.rmtree(bundle, ignore_errors=True)


def _counted(filters: Counter[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """Filter values as hidden.json lists them: name → value → pages, only values in use."""
    counts: dict[str, dict[str, int]] = {}
    for (name, value), count in sorted(filters.items()):
        if count > 0:
            counts.setdefault(name, {})[value] = count
    return counts


def _index(documents: Iterable[Document], bundle: Path) -> int:
    """Pagefind over `documents` into the new folder `bundle`; how many documents there were."""
    sources = scratch_folder()
    try:
        count = write_pages(sources, documents)
        if count:
            run_pagefind(sources, bundle, bundle)
            remove_unused(bundle)
        return count
    finally:
        shutil.rmtree(sources, ignore_errors=True)


def _fragments(bundle: Path) -> dict[str, tuple[str, dict]]:
    """URL → (Pagefind id, fragment: indexed text, filters…) of every page in the bundle."""
    found = {}
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        identifier = fragment.name.removesuffix(".pf_fragment")
        data = _read_fragment(bundle, identifier)
        found[data["url"]] = (identifier, data)
    return found


def _filter_values(fragment: dict) -> set[tuple[str, str]]:
    """The (filter, value) pairs of a page, as the search page's filter lists count them."""
    return {(name, value) for name, values in fragment["filters"].items() for value in values}


def _read_fragment(bundle: Path, identifier: str) -> dict:
    """One page's fragment: gzipped JSON after Pagefind's marker."""
    data = gzip.decompress((bundle / "fragment" / f"{identifier}.pf_fragment").read_bytes())
    return json.loads(data.removeprefix(_FRAGMENT_PREFIX))


def words_of(text: str) -> set[str]:
    """The words of a page's indexed text, told apart at least as finely as Pagefind's.

    Pagefind finds a page by a query word's extensions in the index's vocabulary, or else
    its longest prefix there, and ignores a query word that has neither: what a page
    matches depends on every other page's words. Two bundles merged find what one index
    finds only while the stable bundle's words are the current documents' words; these
    sets compare them. As Pagefind does with a query, case and marks are dropped ("Sửa" is
    "sua"; "đ" stays) and the punctuation around a word; punctuation inside one is kept
    (finer than Pagefind: a difference that is not one only costs a rebuild).
    """
    tokens = set(text.lower().split())  # each distinct token folded once
    folded = (unicodedata.normalize("NFD", token).translate(_MARKS) for token in tokens)
    return {token.strip(_PUNCTUATION) for token in folded} - {""}
