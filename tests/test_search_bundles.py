"""The long-running build's search: a stable Pagefind bundle plus a small one of recent changes.

What the search page would find is read from the bundles as it reads them (the stable
bundle's fragments without the replaced ids, plus the recent bundle's); the browser test
(test_search_incremental.py) types the queries.
"""

import json

import pytest

from tests.support.search import searched_pages
from tests.support.sites import snapshot
from wardportal import search_index
from wardportal.build_errors import ContentError
from wardportal.search_bundles import SearchBundles, url_of
from wardportal.search_index import SearchIndexer


def page(title: str, text: str, kind: str = "Tin tức") -> str:
    """A searchable block as the article template renders it."""
    return (
        f'<article class="article" data-pagefind-body><p hidden data-pagefind-filter="loại:{kind}">'
        f'</p><h1 data-pagefind-meta="title">{title}</h1><p>{text}</p></article>'
    )


def file(number: int) -> str:
    return f"tin-tuc/2026/bai-{number}/index.html"


DOCUMENTS = {file(n): page(f"Bài số {n}", f"Chuyện khu phố số {n}.") for n in range(6)}


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


def texts(pages: dict[str, dict]) -> str:
    return " ".join(data["content"] for data in pages.values())


def test_first_build_is_the_full_builds_index(keeper, tmp_path):
    site = tmp_path / "site"
    assert set(placed(keeper, site)) == {url_of(name) for name in DOCUMENTS}
    assert keeper.recent_bundle == "" and not (site / "pagefind-recent").exists()
    full = tmp_path / "full"
    indexer = SearchIndexer(full)
    indexer.start(lambda: DOCUMENTS.items(), parallel=False)
    indexer.finish()
    assert snapshot(site / "pagefind") == snapshot(full / "pagefind")


def test_a_change_is_found_and_the_old_text_is_not(keeper, tmp_path):
    keeper.update({file(2): page("Bài số 2", "Hội nghị dân vận khéo.")}, set())
    pages = placed(keeper, tmp_path / "site")
    assert "dân vận khéo" in pages["/tin-tuc/2026/bai-2/"]["content"]
    assert "Chuyện khu phố số 2" not in texts(pages)
    assert len(pages) == len(DOCUMENTS)
    assert keeper.recent_bundle == "pagefind-recent/" and keeper.rebuilds == 1

    keeper.update({file(9): page("Bài mới", "Tổ hoà giải.")}, set())
    pages = placed(keeper, tmp_path / "again")
    assert {"/tin-tuc/2026/bai-2/", "/tin-tuc/2026/bai-9/"} <= pages.keys()
    assert "dân vận khéo" in texts(pages), "the recent bundle holds every change since"


def test_a_removed_document_is_gone(keeper, tmp_path):
    keeper.update({}, {file(4)})
    site = tmp_path / "site"
    pages = placed(keeper, site)
    assert "/tin-tuc/2026/bai-4/" not in pages and len(pages) == len(DOCUMENTS) - 1
    # Only a removal: the recent bundle is the list of replaced ids, no Pagefind index.
    assert [p.name for p in (site / "pagefind-recent").iterdir()] == ["replaced.json"]
    assert json.loads((site / "pagefind-recent/replaced.json").read_text())["documents"] == 0


def test_a_change_undone_empties_the_recent_bundle(keeper, tmp_path):
    keeper.update({file(1): page("Bài số 1", "Đổi tạm.")}, set())
    keeper.update({file(1): DOCUMENTS[file(1)]}, set())
    site = tmp_path / "site"
    assert set(placed(keeper, site)) == {url_of(name) for name in DOCUMENTS}
    assert keeper.recent_bundle == "" and not (site / "pagefind-recent").exists()


def test_crossing_the_limit_rebuilds_the_stable_bundle(keeper, tmp_path):
    current = dict(DOCUMENTS)
    for n in range(3):  # the limit: still recent
        current[file(n)] = page(f"Bài số {n}", f"Sửa lần {n}.")
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
    assert "Sửa lần 2" in texts(pages) and "/tin-tuc/2026/bai-5/" not in pages

    keeper.update({file(0): page("Bài số 0", "Lại sửa.")}, set())  # counted afresh
    assert keeper.rebuilds == 2 and keeper.recent_bundle


def test_a_published_site_never_changes_and_placing_copies_nothing(keeper, tmp_path):
    first = tmp_path / "first"
    placed(keeper, first)
    keeper.update({file(0): page("Bài số 0", "Sửa.")}, set())
    second = tmp_path / "second"
    placed(keeper, second)
    before = snapshot(first), snapshot(second)
    for n in range(1, 5):  # more changes, then a rebuild past the limit
        keeper.update({file(n): page(f"Bài số {n}", "Sửa nữa.")}, set())
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
    assert set(placed(keeper, site)) == {url_of(name) for name in DOCUMENTS}
    assert not (site / "pagefind-recent").exists()


def test_a_pagefind_failure_is_reported_in_vietnamese_and_changes_nothing(
    keeper, tmp_path, monkeypatch
):
    keeper.update({file(0): page("Bài số 0", "Sửa.")}, set())
    recent = keeper.recent
    monkeypatch.setattr(search_index, "get_executable", lambda: "/bin/false")
    with pytest.raises(ContentError) as failure:
        keeper.update({file(1): page("Bài số 1", "Sửa.")}, set())
    assert "không tạo được chỉ mục tìm kiếm" in str(failure.value)
    assert keeper.recent == recent and keeper.documents[file(1)] == DOCUMENTS[file(1)]
    monkeypatch.undo()
    keeper.update({file(1): page("Bài số 1", "Sửa được.")}, set())
    assert "Sửa được" in texts(placed(keeper, tmp_path / "site"))


def test_a_new_site_gets_its_first_documents_in_the_stable_bundle(tmp_path):
    keeper = SearchBundles(tmp_path / "cache")
    keeper.build([])
    site = tmp_path / "site"
    site.mkdir()
    keeper.place(site)
    assert not (site / "pagefind").exists(), "nothing published: no index, as a full build"
    keeper.update({file(0): DOCUMENTS[file(0)]}, set())
    assert keeper.recent_bundle == "" and set(placed(keeper, site)) == {"/tin-tuc/2026/bai-0/"}


def test_a_file_both_changed_and_removed_is_refused(keeper):
    with pytest.raises(ValueError):
        keeper.update({file(0): "x"}, {file(0)})
