"""Search updated by a series of edits finds what a full index of the same documents finds.

Two copies of one small site are served: one whose search is a stable bundle plus the
recent bundle of the edits since (wardportal.search_bundles, as the long-running build keeps
it), one indexed in full from the final documents (as `pelican` indexes). The same queries,
typed into Chromium, must give the same addresses and the same count on both.
"""

import re
import shutil

import pytest

from tests.support.browser import chromium_page
from tests.support.search import search_all, searchable
from tests.support.servers import preview_server
from tests.support.sites import Site, snapshot
from wardportal.search_bundles import TEMPLATE_VARIABLE, SearchBundles
from wardportal.search_index import SearchIndexer


def article(title: str, text: str) -> str:
    return searchable(title, text, loại="Tin tức")


def entry(title: str, holder: str, field: str) -> str:
    return searchable(title, f"Đơn vị/Cá nhân {holder}, phường Phúc Thành.", **{"lĩnh vực": field})


def document(number: str) -> str:
    """A legal document's block: its number also typed without marks (Pagefind keeps "đ")."""
    folded = number.replace("Đ", "D")
    return searchable(f"Quyết định {number}", f"Số ký hiệu {number}.</p><p hidden>{folded}")


def news(slug: str) -> str:
    return f"tin-tuc/2026/{slug}/index.html"


BEFORE = {
    news("dang-vien"): article("Đảng viên gương mẫu ở khu dân cư", "Chi bộ biểu dương."),
    news("dan-van"): article("Phong trào Dân vận khéo", "Mô hình dân vận khéo ở tổ dân phố."),
    news("hoa-giai"): article("Tổ hoà giải cơ sở", "Tổ hoà giải giúp bà con phường."),
    "bang-vang/2016/don-ve-sinh/index.html": entry(
        "Vận động dọn vệ sinh", "Nguyễn Đức Sáng", "Văn hoá - xã hội"
    ),
    "bang-vang/2016/thu-vien/index.html": entry(
        "Thư viện ngõ", "Trần Văn Đông", "Văn hoá - xã hội"
    ),
    "bang-vang/2016/an-ninh/index.html": entry(
        "Tổ tự quản an ninh", "Tổ 3", "An ninh - quốc phòng"
    ),
    "bang-vang/2016/kinh-te/index.html": entry("Chợ đêm", "Tổ 5", "Kinh tế"),
    "van-ban/123-qd-ubnd/index.html": document("123/QĐ-UBND"),
    **{news(f"ngo-{n}"): article(f"Tin ngõ phố số {n}", "Chuyện ngõ phố.") for n in range(10)},
}
EDITS = [  # (changed, removed), one update each
    ({news("dan-van"): article("Phong trào mới", "Đảng viên xây nhà cho bà con phường.")}, ()),
    ({news("huy-hieu"): article("Đảng viên trẻ nhận huy hiệu", "Lễ trao tại phường.")}, ()),
    ({}, {news("hoa-giai")}),
    ({}, {"bang-vang/2016/thu-vien/index.html"}),
    ({}, {"bang-vang/2016/kinh-te/index.html"}),  # the only page of its field
    ({"van-ban/123-qd-ubnd/index.html": document("124/QĐ-UBND")}, ()),
    ({news("ngo-3"): article("Tin ngõ phố đổi tên", "Chuyện ngõ phố, đường Đinh Tiên Hoàng.")}, ()),
]
# The merged bundles answer only while the site's words stay those of the stable bundle (a
# change of them rebuilds it: tests/test_search_bundles.py), as on a site of thousands of
# pages, where nearly every word is on many: here one page holds every word the edits use.
GLOSSARY = "gioi-thieu/tu-ngu/index.html"
BEFORE[GLOSSARY] = searchable(
    "Từ ngữ",
    " ".join(
        re.sub(r"<[^>]+>", " ", block)
        for block in [*BEFORE.values(), *(b for changed, _ in EDITS for b in changed.values())]
    ),
)
BUILD_TIME = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d")
QUERIES = [
    "dang vien",
    "đảng viên",
    "dan van kheo",
    "hoa giai",
    "phuong",
    "ngo pho",
    "123/QD-UBND",
    "124/QD-UBND",
    "huy hieu",
    "dinh tien hoang",
    "dong",
]


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """(incremental, full): the same site; search by bundles after EDITS, and indexed in full."""
    return two_copies(tmp_path_factory.mktemp("incremental"), BEFORE, EDITS)


def two_copies(root, before: dict, edits: list) -> tuple:
    """(incremental, full): one site, searched through a stable bundle of `before` and a
    recent one of `edits` (the stable bundle never made again), and indexed in full."""
    site = Site(root / "project")
    site.article("mot", "Một bài", "Nội dung.")
    site.build(site.settings("engine", **{TEMPLATE_VARIABLE: "pagefind-recent/"}))
    incremental = root / "incremental"
    shutil.copytree(site.output, incremental, ignore=shutil.ignore_patterns("pagefind"))
    site.build()
    full = site.output
    shutil.rmtree(full / "pagefind")

    keeper = SearchBundles(root / "cache")
    keeper.build(before.items())
    current = dict(before)
    for changed, removed in edits:
        keeper.update(changed, set(removed))
        current.update(changed)
        for name in removed:
            del current[name]
    assert keeper.rebuilds == 1 and keeper.recent_bundle == "pagefind-recent/"
    keeper.place(incremental)
    keeper.close()

    indexer = SearchIndexer(full)
    indexer.start(lambda: current.items(), parallel=False)
    indexer.finish()
    return incremental, full


def test_only_the_search_page_learns_of_the_recent_bundle(sites):
    incremental, full = sites
    assert not (full / "pagefind-recent").exists()
    assert 'data-recent="/pagefind-recent/"' in (incremental / "tim-kiem/index.html").read_text()
    assert "data-recent" not in (full / "tim-kiem/index.html").read_text()
    # Byte for byte but the build's time (both builds ran a moment apart).
    pages = [without_time(snapshot(folder)) for folder in (incremental, full)]
    assert pages[0].keys() == pages[1].keys(), "no file added"
    differ = {str(path) for path in pages[0] if pages[0][path] != pages[1][path]}
    assert differ == {"tim-kiem/index.html"}


def without_time(files: dict) -> dict:
    """The files outside the search bundles, with the build's timestamps blanked."""
    return {
        path: BUILD_TIME.sub(b"(time)", data)
        for path, data in files.items()
        if path.parts[0] not in ("pagefind", "pagefind-recent")
    }


def test_the_same_queries_find_the_same_pages(sites):
    incremental, full = sites
    found = {}
    for name, folder in (("incremental", incremental), ("full", full)):
        with preview_server(folder) as base, chromium_page() as page:
            page.goto(f"{base}/tim-kiem/")
            found[name] = {query: search_all(page, query) for query in QUERIES}
            found[name]["fields"] = page.eval_on_selector_all(
                "#loc-lĩnh-vực option", "options => options.map(o => o.value)"
            )
            page.select_option("#loc-lĩnh-vực", "Văn hoá - xã hội")
            found[name]["phuong, văn hoá"] = search_all(page, "phuong")
    assert found["incremental"] == found["full"]
    results = found["incremental"]
    # The edits are what was searched: new text found, old and removed text gone.
    glossary = "/gioi-thieu/tu-ngu/"
    assert results["huy hieu"] == (2, {glossary, "/tin-tuc/2026/huy-hieu/"})
    assert results["hoa giai"] == (1, {glossary})
    assert results["dan van kheo"] == (1, {glossary})
    assert results["124/QD-UBND"] == (2, {glossary, "/van-ban/123-qd-ubnd/"})
    assert "/van-ban/123-qd-ubnd/" not in results["123/QD-UBND"][1]
    assert results["dang vien"][0] == 4 and results["đảng viên"][0] == 4
    assert results["ngo pho"][0] == 11, "more than a page of results, all shown and counted"
    assert results["phuong, văn hoá"] == (1, {"/bang-vang/2016/don-ve-sinh/"})
    assert results["fields"] == ["", "An ninh - quốc phòng", "Văn hoá - xã hội"]


def found_by(folder, queries: list[str], requested: list | None = None) -> dict:
    """What the search page of the site in `folder` finds for each query (count, addresses);
    the address of every file it asked for goes into `requested`."""
    with preview_server(folder) as base, chromium_page() as page:
        if requested is not None:
            page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{base}/tim-kiem/")
        return {query: search_all(page, query) for query in queries}


# Words new to the site stay in the recent bundle. Pagefind takes a query word's extensions
# among its index's words, else the longest word the query word starts with: the stable
# bundle, which lacks "2026" and "huỳnh", would answer "2026", "202" and "20261" with pages
# of "20", and "huynh" with pages of "huy"; a full index finds only the recent pages.
NEW_WORDS_BEFORE = {
    news("to-20"): article("Tổ 20 họp dân", "Tổ dân phố 20 bàn việc ngõ."),
    news("truc-dem"): article("Anh Huy trực đêm", "Tổ an ninh phường."),
    news("truc-ngay"): article("Anh Huy trực ngày", "Tổ an ninh phường."),
}
NEW_WORDS_EDITS = [
    ({news("ke-hoach"): article("Kế hoạch năm 2026", "Họp tổ 20 bàn kế hoạch.")}, ()),
    ({news("truc-dem"): article("Anh Huỳnh trực đêm", "Tổ an ninh phường.")}, ()),
]
NEW_WORDS_QUERIES = [
    "2026",
    "202",
    "20261",
    "20",
    "2",
    "huynh",
    "huy",
    "to 2026",
    "to  2026",
    "2026 dem",
]


def test_words_new_to_the_site_are_found_as_a_full_index_finds_them(tmp_path_factory):
    root = tmp_path_factory.mktemp("new-words")
    incremental, full = two_copies(root, NEW_WORDS_BEFORE, NEW_WORDS_EDITS)
    requested: list[str] = []
    results = found_by(incremental, NEW_WORDS_QUERIES, requested)
    assert results == found_by(full, NEW_WORDS_QUERIES)
    # Asked of the merged bundles (Pagefind searches each apart): no second copy of
    # Pagefind's script and runtime (80 KB gzipped) for a phone to download.
    assert not [url for url in requested if re.search(r"pagefind-recent/(wasm|pagefind\.js)", url)]
    plan, to_20 = "/tin-tuc/2026/ke-hoach/", "/tin-tuc/2026/to-20/"
    assert results["2026"] == results["202"] == results["20261"] == (1, {plan})
    assert results["20"] == (2, {plan, to_20})
    assert results["huynh"] == (1, {"/tin-tuc/2026/truc-dem/"})
    assert results["huy"] == (2, {"/tin-tuc/2026/truc-dem/", "/tin-tuc/2026/truc-ngay/"})
    assert results["2026 dem"] == (0, set())
