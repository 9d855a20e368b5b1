"""Pages the long-running build need not render again: each page's inputs signed, and a
page whose signature is the one the live site was built with is taken from the live site.

A page is what its template makes of the variables it reads. Jinja says which names a
template (with everything it extends, includes and imports) can read from its context
(jinja2.meta); the signature of a page is the hash of those templates' sources and of the
value of each of those names in the page's context. Values are signed by what they hold:

- text, numbers, dates and Markup by their value; lists, tuples, sets and dicts by their
  items; functions, classes and modules by their name (code is not watched: a change to it
  needs a new engine);
- an article, page or other content by its own attributes (its HTML before links are
  resolved, its header, its address, what plugins put on it) except the settings and the
  shared context. Content reached from a page's content (the news linked to an honour
  entry) is signed by its own attributes too, but what it points to in turn only by its
  source file: a template that went three steps deep would need SIGNED_DEPTH raised;
- an article's neighbours (NEIGHBOURS: related news, the older and newer article) only
  where the article is the page's own (a variable of the page, not an item of a list or
  of another article's box), by their own attributes. The theme shows them there only
  (tests/test_page_memo.py reads every template to hold it to that). Signed everywhere,
  a new article entering the related news of 300 articles changed the signature of every
  page listing or linking to one of those: nearly the whole site was rendered again;
- content whose HTML links to other content ({filename}…) also carries the address of
  every item, since a link's target can move;
- tags, categories and authors by name, slug and address; a page of a paginated list by
  its own items, its number and address, and its paginator's shape (address, page size,
  length): the theme's lists show `articles_page.object_list` and the paginator only for
  its number of pages (a template that listed `articles_paginator.object_list` itself
  would need the paginator's list signed too); other objects by their attributes.

Anything else (an object with no attributes, a template that includes a name made at run
time) cannot be signed, and its page is always rendered. Attributes that are caches filled
while pages render (their names start with "_portal_") are left out, or the signature
would depend on which pages rendered first.

A few boxes are the same on every page and change often ("Tin mới nhất" when an article
is added): they are left out of the signature and, when one changed, a reused page is the
live page with the old box's text replaced by the new one (PATCHABLE). The result is the
page a render would give, byte for byte (tests/test_engine.py compares every file).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import marshal
import os
import re
import stat
import types
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import AnyStr

from jinja2 import Environment, Template, meta
from pelican.contents import Content
from pelican.paginator import Page as ListPage
from pelican.paginator import Paginator
from pelican.urlwrappers import URLWrapper

SIGNED_DEPTH = 2
# Boxes rendered once per build into the context, the same on every page (content_rules),
# by the partial that shows them: a page including the partial shows only the box's text.
BOXES = {
    "partials/latest.html": "latest_html",
    "partials/footer.html": "footer_html",
    "partials/recent_honours.html": "recent_honours_html",
}
PATCHABLE = frozenset(BOXES.values())
# Set on each article by content_rules.add_reading_aids; shown on the article's own page.
NEIGHBOURS = ("related_articles", "older_article", "newer_article")
_NOT_SIGNED = frozenset({"settings", "_context", *NEIGHBOURS})
Writes = Callable[[Path, str], None]
Renders = Callable[[], str]
# What a value is signed as: itself when plain, else a hash (marshal writes either).
Signed = bytes | str | int | float | bool | None | tuple
_PLAIN = frozenset({bool, int, float, bytes})
_LINK = re.compile(r"[{|](filename|static|attach|index|tag|category|author)[|}]")


# An item's own signature: the item (kept: its id stays its own), the signature, and the
# content its attributes name (Signer.own).
Owned = tuple[Content, bytes, tuple[Content, ...]]


class Unsigned(Exception):
    """A value the signer cannot vouch for: its page is rendered."""


def _digest(*parts: Signed) -> bytes:
    """One hash of many signatures: marshal writes each with its type and length (in C).

    Format 2: later formats write a repeated object as a reference to its first copy, so
    the bytes would depend on which equal values are one object.
    """
    return hashlib.blake2b(marshal.dumps(parts, 2), digest_size=16).digest()


class Signer:
    """Signatures of the values pages read, each worked out once per build."""

    def __init__(self, link_table: bytes, own: dict[int, Owned] | None = None) -> None:
        """own: items' own signatures carried from the last build (carried())."""
        self._link_table = link_table
        # (id, depth) → (value, signature, content reached at depth 0 inside it, content
        # owned inside it); the value is kept so that its id is not reused during this build.
        self._known: dict[tuple[int, int], tuple[object, Signed, tuple, tuple]] = {}
        # id → (item, signature, content it names): the item is kept, as in _known.
        self._own: dict[int, Owned] = dict(own or {})
        self._near: dict[int, bytes] = {}  # kept alive by _own's entry for the same item
        self._busy: set[int] = set()
        self._reached: list[list[Content]] = [[]]
        # Content whose own attributes went into each value being signed (owned()).
        self._owned: list[list[Content]] = [[]]

    def carried(self) -> dict[int, Owned]:
        """The own signatures of the items that do not link to other content (theirs also
        hold every item's address), for a quick add's signer: its items are the same
        objects, their own attributes unchanged (the page memo drops these when a quick
        edit changes any)."""
        return {key: own for key, own in self._own.items() if not links_within(own[0])}

    def begin_page(self) -> None:
        """Signing a page's variables starts: owned() will say what they hold."""
        self._reached, self._owned = [[]], [[]]

    def owned(self) -> frozenset[int]:
        """The ids of the content whose own attributes the page's signature holds: the page
        shows something of each, and only of these (a quick edit, engine_edits, renders
        again the pages that hold an edited item)."""
        return frozenset(map(id, self._owned[0]))

    def sign(self, value: object, depth: int = SIGNED_DEPTH) -> Signed:
        """The value itself when it is plain (text, number), else a hash of what it holds."""
        if isinstance(value, str):
            return str(value)  # Markup: same text, same page
        if value is None or type(value) in _PLAIN:
            return value  # type: ignore[return-value]
        if isinstance(value, int | float | bytes):
            return ("plain", type(value).__name__, repr(value))
        if isinstance(value, dt.datetime | dt.date | dt.time | dt.tzinfo):
            return ("time", repr(value))
        if isinstance(value, types.FunctionType | types.BuiltinFunctionType | type):
            return ("code", f"{value.__module__}.{value.__qualname__}")
        if isinstance(value, types.ModuleType | types.MethodType):
            return ("code", repr(value))
        if isinstance(value, Content):
            return self._content(value, depth)
        key = (id(value), depth)
        known = self._known.get(key)
        if known is None:
            if id(value) in self._busy:
                return b"cycle"  # reached again inside itself: already being signed
            self._busy.add(id(value))
            self._reached.append([])
            self._owned.append([])
            try:
                signature = _digest(type(value).__name__, *self._parts(value, depth))
            finally:
                self._busy.discard(id(value))
                reached = tuple(self._reached.pop())
                owned = tuple(self._owned.pop())
            known = self._known[key] = (value, signature, reached, owned)
        self._reached[-1] += known[2]
        self._owned[-1] += known[3]
        return known[1]

    def sign_variable(self, value: object) -> Signed:
        """A page's variable: as sign(), and content with its neighbours (NEIGHBOURS), which
        a page shows of its own item only."""
        signed = self.sign(value)
        if not isinstance(value, Content):
            return signed
        near = SIGNED_DEPTH - 1  # each neighbour apart: no tuple made (and memoized) per page
        return (
            "shown",
            signed,
            *(self.sign(getattr(value, name, None), near) for name in NEIGHBOURS),
        )

    def _content(self, item: Content, depth: int) -> Signed:
        """Content far from the page by its source; nearer by its own attributes (own()), and
        nearest also by the own attributes of the content those name."""
        if depth <= 0:
            self._reached[-1].append(item)
            return ("content", item.source_path)
        own, reached = self.own(item)
        self._owned[-1].append(item)
        if depth == 1:
            return own
        self._owned[-1] += reached  # their own attributes are in this signature too
        near = self._near.get(id(item))
        if near is None:
            near = self._near[id(item)] = _digest(own, *(self.own(other)[0] for other in reached))
        return near

    def own(self, item: Content) -> tuple[bytes, tuple[Content, ...]]:
        """An item's attributes signed, other content in them by source only; that content."""
        known = self._own.get(id(item))
        if known is None:
            self._reached.append([])
            try:
                parts = [*self._mapping(item.__dict__, 0, _signed_attribute)]
            finally:
                reached = tuple(self._reached.pop())
            if links_within(item):
                parts.append(self._link_table)
            known = self._own[id(item)] = (item, _digest("content", *parts), reached)
        return known[1], known[2]

    def _parts(self, value: object, depth: int) -> Iterable[Signed]:
        if isinstance(value, list | tuple):
            return [self.sign(item, depth) for item in value]
        if isinstance(value, set | frozenset):
            return sorted(marshal.dumps(self.sign(item, depth), 2) for item in value)
        if isinstance(value, dict):
            return self._mapping(value, depth, lambda name: True)
        if isinstance(value, URLWrapper):  # its settings are the site's: not each page's
            shown = (str(value.name), str(value.slug), str(value.url))
            return (*shown, *self._mapping(value.__dict__, depth, _signed_attribute))
        if isinstance(value, Paginator):  # its shape: each page shows its own list
            return (value.name, value.url, value.per_page, value.orphans, value.count)
        if isinstance(value, ListPage):
            fields = (value.full_name, value.base_url, value.number)
            return (*fields, self.sign(value.paginator), self.sign(value.object_list, depth))
        attributes = getattr(value, "__dict__", None)
        if attributes is None:
            raise Unsigned(type(value).__name__)
        return self._mapping(attributes, depth, _signed_attribute)

    def _mapping(
        self, mapping: dict, depth: int, wanted: Callable[[str], bool]
    ) -> Sequence[Signed]:
        """Each (key, value) in the order of the keys (text keys) or of their signatures."""
        if all(isinstance(key, str) for key in mapping):
            parts: list[Signed] = []
            for key in sorted(mapping):
                if wanted(key):
                    value = mapping[key]
                    plain = type(value) is str or value is None  # most attributes: inline
                    parts += (str(key), value if plain else self.sign(value, depth))
            return parts
        return sorted(
            _digest(self.sign(key, depth), self.sign(item, depth)) for key, item in mapping.items()
        )


def _signed_attribute(name: str) -> bool:
    return name not in _NOT_SIGNED and not name.startswith("_portal_")


Inputs = tuple[frozenset[str], bytes]


def template_inputs(environment: Environment, name: str) -> tuple[Inputs | None, dict[str, str]]:
    """The names a template and every template it uses can read, and the hash of their
    sources (None when one of them names another template only at run time); and the
    sources read, by template.

    A box's partial (BOXES) counts as the box's name alone: it shows that text when it is
    set, and a page whose box is not set is never reused (PageMemo._signature).
    """
    names: set[str] = set()
    texts: dict[str, str] = {}
    waiting, dynamic = [name], False
    while waiting:
        current = waiting.pop()
        if current in texts:
            continue
        if current in BOXES and current != name:
            names.add(BOXES[current])
            continue
        texts[current] = source = _source(environment, current)
        tree = environment.parse(source)
        names |= meta.find_undeclared_variables(tree)
        for used in meta.find_referenced_templates(tree):
            dynamic |= used is None
            if used is not None:
                waiting.append(used)
    if dynamic:
        return None, texts
    signed = sorted(f"{used}\0{text}".encode() for used, text in texts.items())
    return (frozenset(names), _digest(*signed)), texts


def _source(environment: Environment, name: str) -> str:
    assert environment.loader is not None
    return environment.loader.get_source(environment, name)[0]


class TemplateInputs:
    """template_inputs() kept between builds, its sources checked once per build (begin())
    and worked out again only when one changed."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[Inputs | None, dict[str, str]]] = {}
        self._checked: set[str] = set()

    def begin(self) -> None:
        self._checked = set()

    def of(self, environment: Environment, name: str) -> Inputs | None:
        known = self._known.get(name)
        if name not in self._checked and (
            known is None
            or any(_source(environment, used) != text for used, text in known[1].items())
        ):
            known = self._known[name] = template_inputs(environment, name)
        self._checked.add(name)
        return self._known[name][0]


class PageMemo:
    """What every page of the live site was rendered from, kept by the engine between builds.

    begin() at the start of a build, make() for each page about to be rendered, commit()
    once the build is published (a failed build leaves the live site, and this, as they were).
    Each page and searchable block is also kept as a Replay: how to render it again from the
    objects it was rendered from, and which items it shows (engine_edits); each page's bytes
    are kept too (LiveTexts), for patching its boxes without reading it.
    """

    def __init__(self) -> None:
        self._live: dict[str, bytes] = {}  # file in the site → signature it was rendered with
        # The live pages' bytes, by file, with the stamp of the file they went to.
        self._texts = LiveTexts()
        self._live_boxes: dict[str, str] = {}
        self._next: dict[str, bytes] = {}
        self._templates = TemplateInputs()
        self._signer = Signer(b"")
        self._carried: dict[int, Owned] = {}  # the live items' own signatures (Signer.carried)
        self._boxes: dict[str, str] = {}
        self._shared = b""
        # Searchable blocks (wardportal.search_index), by file: signature and text.
        self._live_documents: dict[str, tuple[bytes, str]] = {}
        self._next_documents: dict[str, tuple[bytes, str]] = {}
        self.replays: dict[str, Replay] = {}  # the live site's pages
        self.document_replays: dict[str, Replay] = {}  # and its searchable blocks
        self._next_replays: dict[str, Replay] = {}
        self._next_document_replays: dict[str, Replay] = {}
        self.site: Path | None = None
        self.active = False  # begun for the running build (a staged one)
        self.reused = self.patched = self.rendered = 0

    def begin(self, site: Path, link_table: bytes, shared: bytes) -> None:
        """A new build: the live site's folder, the address of every item (link_table), and
        what any page may show besides its variables (shared: the photos' sizes and times)."""
        self.site = site
        self.active = True
        self._next_documents = {}
        self._next_replays, self._next_document_replays = {}, {}
        self._shared = shared
        self._next = {}
        self._texts.begin()
        self._templates.begin()
        self._signer = Signer(link_table)
        self._boxes = {}
        self.reused = self.patched = self.rendered = 0

    def begin_partial(self, link_table: bytes, shared: bytes) -> None:
        """A quick add (wardportal.engine_adds): the live pages stay what they are, but for
        those make() or document() is asked for again (and those kept_patched()), until
        commit()."""
        site = self.site
        assert site is not None, "a quick add follows a build that recorded its pages"
        self.begin(site, link_table, shared)
        self._signer = Signer(link_table, self._carried)  # the live items, as signed before
        self._next, self._next_documents = dict(self._live), dict(self._live_documents)
        self._next_replays = dict(self.replays)
        self._next_document_replays = dict(self.document_replays)
        self._texts.begin(carried=True)

    def reads(self, template: Template) -> frozenset[str] | None:
        """The names a template (with all it extends, includes, imports) can read; None
        when that cannot be known (a template named at run time)."""
        inputs = self._templates.of(template.environment, template.name or "")
        return inputs[0] if inputs is not None and template.name else None

    def kept_patched(self, file: str, data: bytes) -> None:
        """A live page patched outside make() (its boxes: engine_titles.patch_boxes)."""
        self._texts.keep(file, data)

    def written_elsewhere(self, files: Iterable[str]) -> None:
        """Live pages another process wrote (a forked child's patch of the boxes): their
        bytes are read back from the live site after commit(), by read_back()."""
        self._texts.written_elsewhere(files)

    def read_back(self) -> None:
        """The bytes of the pages written_elsewhere() kept from their live files: done
        once the site is served (in the background), not worked out again before."""
        if self.site is not None:
            self._texts.read_back(self.site)

    def live_data(self, file: str, path: Path | str) -> bytes:
        """A live page's bytes: from memory while its file is the one they were written to."""
        info = _stat(path)
        return self._texts.data(file, path, info) if info is not None else read_page(path)

    def commit(self) -> None:
        self._carried = self._signer.carried()
        self._live, self._next = self._next, {}
        self._live_boxes = {**self._live_boxes, **self._boxes}
        if self.site is not None:
            self._texts.commit(self.site)
        self._live_documents, self._next_documents = self._next_documents, {}
        self.replays, self._next_replays = self._next_replays, {}
        self.document_replays, self._next_document_replays = self._next_document_replays, {}

    def forget(self) -> None:
        """The live site is not what this remembers (it was rebuilt by someone else)."""
        self._live, self._live_boxes = {}, {}
        self.replays, self.document_replays = {}, {}
        self._texts = LiveTexts()
        self._carried = {}

    def rendered_again(
        self,
        pages: Iterable[str],
        documents: Iterable[str],
        boxes: dict[str, str],
        edited: Collection[int],
    ) -> None:
        """Pages and blocks a quick edit rendered again: the next build renders them too
        (their signatures are not worked out outside a build); the boxes' text every page
        now shows. The edited items (ids) changed their own attributes, and only they: a
        quick edit changes no other item's (engine_edits), and an item's own signature
        holds other content by its source only."""
        for key in edited:
            self._carried.pop(key, None)
        self._live_boxes = {**self._live_boxes, **boxes}
        for file in pages:
            self._live.pop(file, None)
        for file in documents:
            self._live_documents.pop(file, None)

    def move(self, old: str, new: str, url: str) -> None:
        """An item's page and searchable block go from file `old` to `new` (a quick edit moved
        its address to `url`): the page renders there, as Pelican's writer renders it. The
        items' own signatures carried stay: the moved item's goes with rendered_again(), and
        those of content linking to it were never carried (Signer.carried)."""
        for replays in (self.replays, self.document_replays):
            replay = replays.pop(old, None)
            if replay is None:
                continue
            replays[new] = replay
            for name, value in (("output_file", new), ("url", url)):
                if replay.context is not None and name in replay.context:
                    replay.context[name] = value  # as Pelican's writer sets them
        for live in (self._live, self._live_documents):
            live.pop(old, None)

    def make(self, template: Template, context: dict, file: str) -> Path | str | bytes:
        """The live page to reuse (a Path), the page rendered (a str, to write as the caller
        writes text), or the live page's bytes with new boxes (to write as they are).
        Records the page's signature and text for the next build either way."""
        found = self._decide(template, context, file)
        if isinstance(found, Path):
            return found
        if found is None:
            text = template.render(context)
            self._texts.keep(file, text.encode())
            return text
        self._texts.keep(file, found)
        return found

    def _decide(self, template: Template, context: dict, file: str) -> Path | bytes | None:
        """The live page to reuse (a Path), its bytes with new boxes, or None: render."""
        signed = self._signature(template, context)
        replay = functools.partial(template.render, context)
        if signed is None:
            self._next_replays[file] = Replay(replay, None, context)
            self.rendered += 1
            return None
        self._next_replays[file] = Replay(replay, signed.owned, context)
        self._next[file] = signed.digest
        live = self.site / file if self.site is not None else None
        info = _stat(live) if live is not None and self._live.get(file) == signed.digest else None
        if live is None or info is None:
            self.rendered += 1
            return None
        changed = {
            name: (old.encode(), self._boxes[name].encode())
            for name in signed.boxes
            if (old := self._live_boxes.get(name, "")) != self._boxes[name]
        }
        if not changed:
            self.reused += 1
            self._texts.carry(file, info)
            return live
        patched = with_boxes(self._texts.data(file, live, info), changed, shown=True)
        if patched is None:
            self.rendered += 1
            return None
        self.patched += 1
        return patched

    def document(self, template: Template, context: dict, file: str, render: Renders) -> str:
        """A page's searchable block: the last build's text while its inputs are the same.

        render() must make the block again from objects, not from `context` (which the
        caller reuses for the next item): it is also the block's Replay."""
        signed = self._signature(template, context)
        owned = signed.owned if signed is not None else None
        self._next_document_replays[file] = Replay(render, owned)
        if signed is None:
            return render()
        live = self._live_documents.get(file)
        text = live[1] if live is not None and live[0] == signed.digest else render()
        self._next_documents[file] = (signed.digest, text)
        return text

    def write(
        self, template: Template, context: dict, file: str, site: Path, write: Writes
    ) -> None:
        """One page of a generator that writes its own pages into the staged site: the live
        page reused, patched or rendered (write(path, text) writes a new file)."""
        found = self.make(template, context, file)
        target = site / file
        if isinstance(found, str):
            write(target, found)
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(found, Path):
            os.link(found, target)
        else:
            target.write_bytes(found)

    def written(self, write: Callable[[], None], files: Iterable[str]) -> WrittenPages:
        """write() run (in a forked child: wardportal.parallel), and what this memo decided
        for each of `files` it wrote, to be kept by the build's process (adopt())."""
        before = (self.rendered, self.reused, self.patched)
        write()
        pages = {file: (self._next.get(file), self._next_replays[file].owned) for file in files}
        after = (self.rendered, self.reused, self.patched)
        counts = (after[0] - before[0], after[1] - before[1], after[2] - before[2])
        return WrittenPages(pages, dict(self._boxes), counts, self._texts.made(files))

    def adopt(self, pages: Iterable[tuple[str, Template, dict]], written: WrittenPages) -> None:
        """What a child decided for these pages (written()) kept as page() keeps it: the
        signature, and a Replay of each page from this process's objects (file, template,
        context: the child's, made again here)."""
        for file, template, context in pages:
            digest, owned = written.pages[file]
            make = functools.partial(template.render, context)
            self._next_replays[file] = Replay(make, owned, context)
            if digest is not None:
                self._next[file] = digest
        self._texts.adopt(written.pages, written.texts)
        for name, text in written.boxes.items():
            self._boxes.setdefault(name, text)
        rendered, reused, patched = written.counts
        self.rendered += rendered
        self.reused += reused
        self.patched += patched

    def _signature(self, template: Template, context: dict) -> _Signature | None:
        """The page's signature, the boxes (PATCHABLE) it shows, left out of it, and the
        content whose own attributes it holds (Signer.owned)."""
        name = template.name or ""
        inputs = self._templates.of(template.environment, name) if name else None
        if inputs is None:
            return None
        names, sources = inputs
        parts: list[Signed] = [self._shared, sources]
        boxes: list[str] = []
        self._signer.begin_page()
        try:
            for variable in sorted(names):
                value = context.get(variable, _MISSING)
                if variable in PATCHABLE:
                    if not isinstance(value, str):
                        return None  # not set: the partial renders it from other names
                    boxes.append(variable)
                    self._boxes.setdefault(variable, str(value))
                    continue
                parts += (variable, self._signer.sign_variable(value))
        except Unsigned:
            return None
        return _Signature(_digest(*parts), boxes, self._signer.owned())


@dataclass(frozen=True)
class _Signature:
    digest: bytes
    boxes: list[str]
    owned: frozenset[int]  # ids of the content it holds the own attributes of


@dataclass(frozen=True)
class WrittenPages:
    """What a forked child's memo decided for the pages it wrote (PageMemo.written): by
    file, the signature (None: rendered at every build) and the ids of the content it shows
    (the same objects in both processes: the child is a copy); the boxes' text; how many
    pages it rendered, reused and patched."""

    pages: dict[str, tuple[bytes | None, frozenset[int] | None]]
    boxes: dict[str, str]
    counts: tuple[int, int, int]
    texts: dict[str, bytes]  # the pages it rendered or patched: their bytes (LiveTexts.made)


@dataclass(frozen=True)
class Replay:
    """How to make one file of the live site again, and what it shows (None: unknown);
    the context a page renders from (a box changed by a quick edit is set in it)."""

    make: Renders
    owned: frozenset[int] | None
    context: dict | None = None

    def shows(self, items: frozenset[int]) -> bool:
        return self.owned is None or not self.owned.isdisjoint(items)


class LiveTexts:
    """The bytes of every page of the live site, kept in memory by the engine between builds.

    A page whose only change is a box ("Tin mới nhất" when an article is added: every page
    of the site) is the live page with the box replaced; read from the disk, 6,000 pages
    cost a new article's build more than half a second (the kernel's file cache cold).
    Kept bytes stand for a live file only while it is the very file they were written to:
    the same inode, time and size as when the build's pages went live (a quick edit writes
    new files under the same names: they are read from the disk).
    """

    def __init__(self) -> None:
        self._live: dict[str, tuple[FileStamp, bytes]] = {}
        self._next: dict[str, tuple[FileStamp, bytes] | bytes] = {}
        self._elsewhere: list[str] = []  # written by another process: read_back()

    def begin(self, carried: bool = False) -> None:
        """A new build; carried: every live page's bytes go on unless made anew."""
        self._next = dict(self._live) if carried else {}
        self._elsewhere = []

    def written_elsewhere(self, files: Iterable[str]) -> None:
        self._elsewhere += files

    def read_back(self, site: Path) -> None:
        """The pages written elsewhere, read from the live site: each file's bytes with the
        stamp of the very file read (one the next build finds changed is read again)."""
        files, self._elsewhere = self._elsewhere, []
        for file in files:
            try:
                with open(os.path.join(site, file), "rb") as opened:
                    self._live[file] = (_stamp(os.fstat(opened.fileno())), opened.read())
            except OSError:
                self._live.pop(file, None)

    def keep(self, file: str, data: bytes) -> None:
        """A page rendered or patched in this build: its bytes, stamped at commit()."""
        self._next[file] = data

    def carry(self, file: str, info: os.stat_result) -> None:
        """A live page reused as it is (a second name for its file): its bytes go on."""
        kept = self._live.get(file)
        if kept is not None and kept[0] == _stamp(info):
            self._next[file] = kept

    def data(self, file: str, path: Path | str, info: os.stat_result) -> bytes:
        """The live page's bytes: kept, if the file at path is the one they were written to."""
        kept = self._live.get(file)
        if kept is not None and kept[0] == _stamp(info):
            return kept[1]
        return read_page(path)

    def made(self, files: Iterable[str]) -> dict[str, bytes]:
        """The bytes of these files rendered or patched in this build (a forked child's)."""
        return {file: kept for file in files if isinstance(kept := self._next.get(file), bytes)}

    def adopt(self, files: Iterable[str], made: dict[str, bytes]) -> None:
        """What a forked child made of these files (made()); a file it reused carries on as
        here (its stamp is checked when its bytes are asked for, as always)."""
        for file in files:
            kept = made[file] if file in made else self._live.get(file)
            if kept is not None:
                self._next[file] = kept

    def commit(self, site: Path) -> None:
        """The build's pages are live in `site`: the new bytes stamped with their file's
        (unless the file holds other bytes: text written with other line ends)."""
        live: dict[str, tuple[FileStamp, bytes]] = {}
        for file, kept in self._next.items():
            if isinstance(kept, bytes):
                info = _stat(site / file)
                if info is None or info.st_size != len(kept):
                    continue
                kept = (_stamp(info), kept)
            live[file] = kept
        self._live, self._next = live, {}


FileStamp = tuple[int, int, int]


def _stamp(info: os.stat_result) -> FileStamp:
    """What tells one written file from another: an inode number alone is reused once its
    file is deleted, its time and size with it hardly (a hardlink changes none of them)."""
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def _stat(path: Path | str) -> os.stat_result | None:
    """A regular file's stat, or None."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info if stat.S_ISREG(info.st_mode) else None


class _Missing:
    """A name the page's context does not have (a template's own {% set %} variable)."""

    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()


def read_page(path: Path | str) -> bytes:
    """A page of the site as written."""
    with open(path, "rb") as opened:
        return opened.read()


def with_boxes(
    text: AnyStr, changed: dict[str, tuple[AnyStr, AnyStr]], shown: bool
) -> AnyStr | None:
    """A page's text (or bytes) with each changed box's old text (name → (old, new))
    replaced by the new; None when an old text is empty or found more than once, or
    (shown: the page's template shows every box) not found: only a render can say what
    such a page shows."""
    for old, new in changed.values():
        count = text.count(old)
        if not old or count > 1 or (shown and count == 0):
            return None
        text = text.replace(old, new)
    return text


def links_within(item: object) -> bool:
    """Whether an item's HTML links to other content ({filename}…), whose address can move."""
    return links_in(getattr(item, "_content", None) or "")


def links_in(text: str) -> bool:
    """Whether HTML as read holds a link to other content ({filename}…). The pattern starts
    with "{" or "|": a text with neither is passed without it (3,000 articles: 66 ms with the
    pattern alone, 2 ms so; every ordinary build asks it of every item)."""
    return ("{" in text or "|" in text) and _LINK.search(text) is not None


def link_table(items: Iterable[Content]) -> bytes:
    """The address of every item, for content whose links must follow a moved target."""
    return _digest(*sorted(f"{item.source_path}\0{item.url}".encode() for item in items))
