"""The long-running build's search: a stable Pagefind bundle plus a small one of recent changes.

What the search page would find is read from the bundles as it reads them (both bundles'
fragments without the ids hidden.json lists); the browser test (test_search_incremental.py)
types the queries.
"""

import json

import pytest

from tests.support.search import searchable, searched_pages
from tests.support.sites import snapshot
from wardportal import search_index
from wardportal.build_errors import ContentError
from wardportal.search_bundles import HIDDEN, NEW_WORDS, SearchBundles, url_of
from wardportal.search_cache import SearchCache
from wardportal.search_index import SearchIndexer

COLOURS = ("đỏ", "xanh", "vàng")
THINGS = ("hoà giải", "dân vận")


def page(n: int, colour: int | None = None, thing: int | None = None) -> str:
    """A news block of words other documents also have (so the site's words stay the same)."""
    colour = n % 3 if colour is None else colour
    thing = n % 2 if thing is None else thing
    return searchable(
        f"Tin khu phố {COLOURS[colour]}", f"Chuyện {THINGS[thing]} của phường.", loại="Tin tức"
    )


def file(number: int) -> str:
    return f"tin-tuc/2026/bai-{number}/index.html"


def url(number: int) -> str:
    return f"/tin-tuc/2026/bai-{number}/"


DOCUMENTS = {file(n): page(n) for n in range(6)}
ALL = {url(n) for n in range(6)}


@pytest.fixture
def keeper(tmp_path):
    bundles = SearchBundles(tmp_path / "cache", limit=3)
    bundles.build(DOCUMENTS.items())
    yield bundles
    bundles.close()


def placed(keeper: SearchBundles, site) -> dict[str, dict]:
    site.mkdir(parents=True, exist_ok=True)
    keeper.place(site)
    return searched_pages(site)


def test_first_build_is_the_full_builds_index(keeper, tmp_path):
    site = tmp_path / "site"
    assert set(placed(keeper, site)) == ALL
    assert keeper.recent_bundle == "" and not (site / "pagefind-recent").exists()
    full = tmp_path / "full"
    indexer = SearchIndexer(full)
    indexer.start(lambda: DOCUMENTS.items(), parallel=False)
    indexer.finish()
    assert snapshot(site / "pagefind") == snapshot(full / "pagefind")


def test_a_change_is_found_and_the_old_text_is_not(keeper, tmp_path):
    keeper.update({file(2): page(2, colour=0, thing=1)}, set())  # was vàng, hoà giải
    pages = placed(keeper, tmp_path / "site")
    assert pages[url(2)]["meta"]["title"] == "Tin khu phố đỏ"
    assert "dân vận" in pages[url(2)]["content"] and "vàng" not in pages[url(2)]["content"]
    assert set(pages) == ALL
    assert keeper.recent_bundle == "pagefind-recent/" and keeper.rebuilds == 1
    listed = json.loads((tmp_path / "site/pagefind-recent" / HIDDEN).read_text(encoding="utf-8"))
    assert NEW_WORDS not in listed, "no word new to the site: the search page asks nothing"

    keeper.update({file(9): page(1)}, set())
    pages = placed(keeper, tmp_path / "again")
    assert set(pages) == ALL | {url(9)}
    assert "dân vận" in pages[url(2)]["content"], "the recent bundle holds every change since"


def test_a_change_pagefind_does_not_index_leaves_the_stable_fragment(keeper, tmp_path):
    """A block that changed only where Pagefind does not look (a neighbour's title in a part
    marked data-pagefind-ignore) indexes to its stable fragment: neither hidden nor indexed
    again, and no stable bundle made for it; a real change beside it still is."""
    ignored = "<nav data-pagefind-ignore>Bài trước: Tin mới</nav>"
    quiet = DOCUMENTS[file(3)].replace("</article>", f"{ignored}</article>")
    keeper.update({file(3): quiet, file(2): page(2, colour=0, thing=1)}, set())
    site = tmp_path / "site"
    pages = placed(keeper, site)
    assert set(pages) == ALL and "dân vận" in pages[url(2)]["content"]
    hidden = json.loads((site / "pagefind-recent/hidden.json").read_text())
    assert (hidden["documents"], len(hidden["hidden"]), keeper.rebuilds) == (1, 2, 1)
    # (one stale page, and the hidden words page that only resolves query words)


def test_a_removed_document_is_gone(keeper, tmp_path):
    keeper.update({}, {file(4)})
    site = tmp_path / "site"
    assert set(placed(keeper, site)) == ALL - {url(4)}
    # Only a removal: the recent bundle is the list of hidden ids, no Pagefind index.
    assert [p.name for p in (site / "pagefind-recent").iterdir()] == ["hidden.json"]
    assert json.loads((site / "pagefind-recent/hidden.json").read_text())["documents"] == 0
    assert keeper.rebuilds == 1


def test_a_change_undone_empties_the_recent_bundle(keeper, tmp_path):
    keeper.update({file(1): page(1, colour=0)}, set())
    keeper.update({file(1): DOCUMENTS[file(1)]}, set())
    site = tmp_path / "site"
    assert set(placed(keeper, site)) == ALL
    assert keeper.recent_bundle == "" and not (site / "pagefind-recent").exists()


@pytest.mark.parametrize(
    "change",
    [
        ({}, {file(9)}),  # the only page with "tím"
        ({file(9): page(1)}, set()),  # "tím" replaced
    ],
    ids=["last page of a word removed", "last page of a word changed"],
)
def test_a_word_gone_from_the_site_rebuilds_the_stable_bundle(tmp_path, change):
    """Pagefind resolves each query word against its index's words: a word on no page any
    more would still be one of the stable bundle's."""
    keeper = SearchBundles(tmp_path / "cache")
    keeper.build([*DOCUMENTS.items(), (file(9), searchable("Tin khu phố tím", "Chuyện."))])
    keeper.update(*change)
    assert keeper.rebuilds == 2 and keeper.recent_bundle == ""
    pages = placed(keeper, tmp_path / "site")
    assert set(pages) == {url_of(name) for name in keeper.documents}


def test_a_word_new_to_the_site_stays_in_the_recent_bundle(keeper, tmp_path):
    """The search page is told which of its results are the recent documents' and which is
    the words' page (theme/static/js/search.js; tests/test_search_incremental.py types it)."""
    keeper.update({file(1): searchable("Tin khu phố xanh", "Chuyện Zyx của phường.")}, set())
    assert keeper.rebuilds == 1 and keeper.recent_bundle
    site = tmp_path / "site"
    pages = placed(keeper, site)
    assert "Zyx" in pages[url(1)]["content"]
    recent = site / "pagefind-recent"
    listed = json.loads((recent / HIDDEN).read_text(encoding="utf-8"))
    ids = {fragment.name.split(".")[0] for fragment in (recent / "fragment").iterdir()}
    words_page = listed[NEW_WORDS]["words_page"]
    assert words_page in listed["hidden"] and words_page in ids
    assert listed[NEW_WORDS]["recent"] == sorted(ids - {words_page})
    keeper.update({file(1): DOCUMENTS[file(1)]}, set())  # undone: no new word left
    assert keeper.rebuilds == 1 and keeper.recent_bundle == ""


def test_crossing_the_limit_rebuilds_the_stable_bundle(keeper, tmp_path):
    current = dict(DOCUMENTS)
    for n in range(3):  # the limit: still recent
        current[file(n)] = page(n, colour=(n + 1) % 3)
        keeper.update({file(n): current[file(n)]}, set())
    assert keeper.rebuilds == 1 and keeper.recent_bundle
    del current[file(5)]
    keeper.update({}, {file(5)})  # the fourth: past the limit
    assert keeper.rebuilds == 2 and keeper.recent_bundle == ""
    site = tmp_path / "site"
    pages = placed(keeper, site)
    assert not (site / "pagefind-recent").exists()
    fresh = SearchBundles(tmp_path / "fresh-cache")
    fresh.build(current.items())
    fresh.place(tmp_path / "fresh")
    assert snapshot(site / "pagefind") == snapshot(tmp_path / "fresh/pagefind")
    assert set(pages) == ALL - {url(5)}

    keeper.update({file(0): page(0, colour=2)}, set())  # counted afresh
    assert keeper.rebuilds == 2 and keeper.recent_bundle


def test_a_published_site_never_changes_and_placing_copies_nothing(keeper, tmp_path):
    first = tmp_path / "first"
    placed(keeper, first)
    keeper.update({file(0): page(0, colour=1)}, set())
    second = tmp_path / "second"
    placed(keeper, second)
    before = snapshot(first), snapshot(second)
    for n in range(1, 5):  # more changes, then a rebuild past the limit
        keeper.update({file(n): page(n, colour=(n + 1) % 3)}, set())
    assert keeper.rebuilds == 2
    placed(keeper, tmp_path / "third")
    keeper.close()
    assert (snapshot(first), snapshot(second)) == before
    # The unchanged stable bundle is the same files (hardlinks), not copies.
    stable = sorted(p for p in (first / "pagefind").rglob("*") if p.is_file())
    assert stable and all(
        p.stat().st_ino == (second / p.relative_to(first)).stat().st_ino for p in stable
    )


def test_placing_replaces_what_the_staged_folder_had(keeper, tmp_path):
    site = tmp_path / "site"
    keeper.update({}, {file(3)})
    placed(keeper, site)
    keeper.update({}, {file(3), file(2)})
    keeper.update({file(3): DOCUMENTS[file(3)], file(2): DOCUMENTS[file(2)]}, set())
    assert set(placed(keeper, site)) == ALL
    assert not (site / "pagefind-recent").exists()


def test_a_pagefind_failure_is_reported_in_vietnamese_and_changes_nothing(
    keeper, tmp_path, monkeypatch
):
    keeper.update({file(0): page(0, colour=1)}, set())
    recent = keeper.recent
    monkeypatch.setattr(search_index, "get_executable", lambda: "/bin/false")
    with pytest.raises(ContentError) as failure:
        keeper.update({file(1): page(1, colour=0)}, set())
    assert "không tạo được chỉ mục tìm kiếm" in str(failure.value)
    assert keeper.recent == recent and keeper.documents[file(1)] == DOCUMENTS[file(1)]
    monkeypatch.undo()
    keeper.update({file(1): page(1, colour=0)}, set())
    pages = placed(keeper, tmp_path / "site")
    assert pages[url(1)]["meta"]["title"] == "Tin khu phố đỏ"


def test_a_new_site_gets_its_first_documents_in_the_stable_bundle(tmp_path):
    keeper = SearchBundles(tmp_path / "cache")
    keeper.build([])
    site = tmp_path / "site"
    site.mkdir()
    keeper.place(site)
    assert not (site / "pagefind").exists(), "nothing published: no index, as a full build"
    keeper.update({file(0): DOCUMENTS[file(0)]}, set())
    assert keeper.recent_bundle == "" and set(placed(keeper, site)) == {url(0)}


def test_a_file_both_changed_and_removed_is_refused(keeper):
    with pytest.raises(ValueError):
        keeper.update({file(0): "x"}, {file(0)})


def test_sync_works_out_the_changes_from_every_document(keeper, tmp_path):
    current = {**DOCUMENTS, file(2): page(2, colour=0)}
    del current[file(4)]
    keeper.sync(current.items())
    assert keeper.rebuilds == 1 and keeper.documents == current
    pages = placed(keeper, tmp_path / "site")
    assert set(pages) == ALL - {url(4)}
    assert pages[url(2)]["meta"]["title"] == "Tin khu phố đỏ"


def test_a_first_build_places_the_index_a_full_build_kept(tmp_path):
    kept = SearchCache(tmp_path / "kept")
    indexer = SearchIndexer(tmp_path / "full", kept)  # a full build of the same documents
    indexer.start(lambda: list(DOCUMENTS.items()), parallel=False)
    indexer.finish()
    full_entry = (tmp_path / "full" / "pagefind" / "pagefind-entry.json").stat().st_ino
    keeper = SearchBundles(tmp_path / "cache", kept=kept)
    keeper.build(DOCUMENTS.items())
    assert keeper.stable is not None
    assert (keeper.stable / "pagefind-entry.json").stat().st_ino == full_entry, "placed"
    assert set(placed(keeper, tmp_path / "site")) == ALL
    edited = {**DOCUMENTS, file(0): page(0, colour=1), file(3): page(3, colour=1)}
    keeper.sync(edited.items())  # "đỏ" on no page: the stable bundle made again, and kept
    assert keeper.rebuilds == 2
    [entry] = (tmp_path / "kept").iterdir()
    assert (entry / "pagefind-entry.json").stat().st_ino == (
        keeper.stable / "pagefind-entry.json"
    ).stat().st_ino
    keeper.close()
    assert (entry / "pagefind-entry.json").exists(), "the kept index outlives the keeper"
