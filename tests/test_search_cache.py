"""What the search leaves between builds: the index kept for the next full build of the same
searchable text, and no scratch folder of a build that died.

Whether an index was placed or made again shows in its files: a placed one is the kept
files under a second name (the inode the build before wrote), a new one is new files.
"""

import json
import os
import subprocess
import sys

import pytest

from tests.support.search import indexed_pages, searchable
from tests.support.sites import Site
from wardportal import search_index
from wardportal.build_errors import ContentError
from wardportal.search_cache import FILE_LIST, SearchCache, index_key
from wardportal.search_index import BUNDLE, SearchIndexer

ENTRY = "pagefind-entry.json"
DOCUMENTS = [
    (f"tin-tuc/bai-{n}/index.html", searchable(f"Tin khu phố số {n}", f"Chuyện hoà giải {n}."))
    for n in range(4)
]


def kept_entries(cache) -> list:
    return sorted(path for path in cache.iterdir()) if cache.exists() else []


def entry_inode(site) -> int:
    return (site / BUNDLE / ENTRY).stat().st_ino


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("search-cache") / "project")
    site.article("hoa", "Tổ hoà giải cơ sở", "Tổ hoà giải giúp bà con khu phố.")
    site.article("dvk", "Phong trào Dân vận khéo", "Mô hình dân vận khéo ở tổ dân phố.")
    site.build()
    return site


def test_a_rebuild_of_the_same_text_places_the_kept_index(built):
    cache = built.root / ".cache/search"
    [entry] = kept_entries(cache)
    first = entry_inode(built.output)
    found = indexed_pages(built.output)
    assert (entry / ENTRY).stat().st_ino == first, "kept as a second name, no copy"
    # Another theme setting: every page is written again, the searchable text is the same.
    built.build(built.settings("other", PORTAL_LATEST_COUNT=2))
    assert kept_entries(cache) == [entry]
    assert entry_inode(built.output) == first, "placed, not made again"
    assert indexed_pages(built.output) == found


def test_an_edited_article_is_indexed_again_and_the_old_index_dropped(built):
    cache = built.root / ".cache/search"
    [before] = kept_entries(cache)
    first = entry_inode(built.output)
    built.article("hoa", "Tổ hoà giải cơ sở", "Tổ hoà giải giúp bà con ngõ Thịnh Hào.")
    built.build()
    [after] = kept_entries(cache)
    assert after != before and entry_inode(built.output) != first
    assert (after / ENTRY).stat().st_ino == entry_inode(built.output)
    texts = [page["content"] for page in indexed_pages(built.output).values()]
    assert any("Thịnh Hào" in text for text in texts)


def test_without_the_setting_nothing_is_kept(tmp_path):
    site = Site(tmp_path / "project")
    site.article("hoa", "Tổ hoà giải cơ sở", "Tổ hoà giải giúp bà con.")
    site.build(site.settings("off", PORTAL_SEARCH_CACHE=""))
    assert indexed_pages(site.output)
    assert not (site.root / ".cache/search").exists()


def index(site, cache, parallel: bool) -> SearchIndexer:
    indexer = SearchIndexer(site, SearchCache(cache))
    indexer.start(lambda: list(DOCUMENTS), parallel)
    indexer.finish()
    return indexer


@pytest.mark.parametrize("parallel", [True, False], ids=["forked", "one process"])
def test_kept_and_placed_in_a_forked_child_or_in_the_build(tmp_path, parallel):
    cache = tmp_path / "cache"
    index(tmp_path / "one", cache, parallel)
    [entry] = kept_entries(cache)
    assert entry.name == index_key(DOCUMENTS, search_index.indexer_identity(tmp_path))
    index(tmp_path / "two", cache, parallel)
    assert entry_inode(tmp_path / "two") == entry_inode(tmp_path / "one")
    assert indexed_pages(tmp_path / "two") == indexed_pages(tmp_path / "one")
    assert not list((tmp_path / "two" / BUNDLE).glob("pagefind-ui.*")), "unused files removed"
    assert not (tmp_path / "two" / BUNDLE / FILE_LIST).exists()


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: (entry / ENTRY).unlink(),
        lambda entry: next((entry / "fragment").iterdir()).unlink(),
        lambda entry: (entry / FILE_LIST).write_text("{not json", encoding="utf-8"),
        lambda entry: (entry / FILE_LIST).write_text(  # a real file, named from outside
            json.dumps({f"../{entry.name}/{ENTRY}": (entry / ENTRY).stat().st_size}),
            encoding="utf-8",
        ),
    ],
    ids=["a file missing", "a fragment missing", "a broken list", "a name outside"],
)
def test_a_damaged_kept_index_is_made_again(tmp_path, damage):
    cache = tmp_path / "cache"
    index(tmp_path / "one", cache, parallel=True)
    [entry] = kept_entries(cache)
    damage(entry)
    index(tmp_path / "two", cache, parallel=True)
    assert entry_inode(tmp_path / "two") != entry_inode(tmp_path / "one")
    assert indexed_pages(tmp_path / "two").keys() == indexed_pages(tmp_path / "one").keys()
    assert kept_entries(cache) == [entry], "kept again, whole"
    assert (entry / ENTRY).stat().st_ino == entry_inode(tmp_path / "two")
    assert not (tmp_path / "two" / entry.name).exists(), "nothing linked outside the bundle"


def test_a_file_changed_in_size_is_damage(tmp_path):
    cache = tmp_path / "cache"
    index(tmp_path / "one", cache, parallel=False)
    [entry] = kept_entries(cache)
    listed = json.loads((entry / FILE_LIST).read_text(encoding="utf-8"))
    listed[ENTRY] += 1
    (entry / FILE_LIST).write_text(json.dumps(listed), encoding="utf-8")
    assert not SearchCache(cache).place(entry.name, tmp_path / "two" / BUNDLE)
    assert not (tmp_path / "two" / BUNDLE).exists() and not entry.exists()


def test_a_pagefind_failure_keeps_nothing_and_is_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "get_executable", lambda: "/bin/false")
    with pytest.raises(ContentError) as failure:
        index(tmp_path / "site", tmp_path / "cache", parallel=True)
    assert "không tạo được chỉ mục tìm kiếm" in str(failure.value)
    assert kept_entries(tmp_path / "cache") == []


def test_the_key_is_the_documents_in_any_order_and_the_indexer():
    indexer = ["/usr/bin/pagefind", "1234", "5678", "--force-language", "vi"]
    key = index_key(DOCUMENTS, indexer)
    assert index_key(list(reversed(DOCUMENTS)), indexer) == key
    renamed = [("tin-tuc/khac/index.html", DOCUMENTS[0][1]), *DOCUMENTS[1:]]
    edited = [(DOCUMENTS[0][0], DOCUMENTS[0][1] + " "), *DOCUMENTS[1:]]
    joined = [(DOCUMENTS[0][0] + DOCUMENTS[0][1][:3], DOCUMENTS[0][1][3:]), *DOCUMENTS[1:]]
    for other in (renamed, edited, joined, DOCUMENTS[1:]):
        assert index_key(other, indexer) != key
    assert index_key(DOCUMENTS, [*indexer[:1], "1235", *indexer[2:]]) != key


def test_the_scratch_folders_of_builds_that_died_are_removed(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "memory_folder", lambda: str(tmp_path))
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = tmp_path / f"portal-search-{int(ended.stdout)}-k1ll3d"
    (dead / "tin-tuc").mkdir(parents=True)
    (dead / "tin-tuc/index.html").write_text("<p>trang</p>", encoding="utf-8")
    running = tmp_path / f"portal-search-{os.getppid()}-4l1ve"  # pytest's parent: alive
    running.mkdir()
    unknown = tmp_path / "portal-search-abc123"  # not named by a process
    unknown.mkdir()
    indexer = SearchIndexer(tmp_path / "site")
    indexer.start(lambda: list(DOCUMENTS), parallel=False)
    assert (indexer.sources or tmp_path).name.startswith(f"portal-search-{os.getpid()}-")
    indexer.finish()
    assert sorted(tmp_path.glob("portal-search-*")) == sorted([running, unknown])
    assert indexed_pages(tmp_path / "site")
