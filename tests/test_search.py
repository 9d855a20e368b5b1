"""Search: what Pagefind indexes, and Vietnamese queries typed into a real browser."""

import gzip

import pytest

from tests.support.browser import chromium_page
from tests.support.search import indexed_pages, search
from tests.support.servers import preview_server
from tests.support.sites import Site


@pytest.fixture(scope="module")
def search_site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("search") / "project")
    site.article(
        "dang", "Đảng viên gương mẫu ở khu dân cư", "Chi bộ biểu dương đảng viên.", tags="Đảng viên"
    )
    site.article("dvk", "Phong trào Dân vận khéo", "Mô hình dân vận khéo ở tổ dân phố.")
    site.article("hoa1", "Tổ hoà giải cơ sở", "Tổ hoà giải giúp bà con.", date="2026-11-01")
    site.article("hoa2", "Khu phố hòa thuận", "Xóm giềng hòa thuận.", date="2026-11-02")
    site.article(
        "dang2",
        "Dạng bài khác",
        "Một bài về hình dạng và thành viên câu lạc bộ.",
        date="2026-11-03",
    )
    site.article("nhap", "Bản nháp", "Từ bimatnhap chỉ có trong bản nháp.", status="draft")
    site.write("pages/gioi-thieu.md", "Title: Giới thiệu\nSlug: gioi-thieu\n\nPhường Phúc Thành.\n")
    for number in range(12):
        site.article(
            f"ngo-{number}",
            f"Tin ngõ phố số {number}",
            "Chuyện ngõ phố.",
            date=f"2026-10-{number + 1:02d}",
        )
    site.write("honours/2016-2018.yaml", HONOURS)
    site.build()
    return site


HONOURS = """period: 2016-2018
entries:
  - title: Vận động dọn vệ sinh ngày thứ Bảy
    kind: điển hình
    holder: Nguyễn Đức Sáng
    field: văn hoá - xã hội
    status: công nhận
    level: phường
  - title: Tổ tự quản an ninh đường Đinh Tiên Hoàng
    kind: mô hình
    holder: Tổ dân phố số 3
    field: an ninh - quốc phòng
    status: công nhận
    level: phường
"""
ENTRIES = {
    "/bang-vang/2016-2018/van-dong-don-ve-sinh-ngay-thu-bay/",
    "/bang-vang/2016-2018/to-tu-quan-an-ninh-duong-dinh-tien-hoang/",
}


def test_index_holds_articles_and_pages_not_lists_or_drafts(search_site):
    pages = indexed_pages(search_site.output)
    assert set(pages) == {
        "/tin-tuc/2026/dang-vien-guong-mau-o-khu-dan-cu/",
        "/tin-tuc/2026/phong-trao-dan-van-kheo/",
        "/tin-tuc/2026/to-hoa-giai-co-so/",
        "/tin-tuc/2026/khu-pho-hoa-thuan/",
        "/tin-tuc/2026/dang-bai-khac/",
        "/gioi-thieu/",
        *ENTRIES,
        *(f"/tin-tuc/2026/tin-ngo-pho-so-{number}/" for number in range(12)),
    }
    entry = pages["/bang-vang/2016-2018/van-dong-don-ve-sinh-ngay-thu-bay/"]
    assert entry["filters"]["lĩnh vực"] == ["Văn hoá - xã hội"]
    assert entry["filters"]["giai đoạn"] == ["2016–2018"]
    assert "Nguyễn Đức Sáng" in entry["content"]
    article = pages["/tin-tuc/2026/dang-vien-guong-mau-o-khu-dan-cu/"]
    assert article["meta"]["title"] == "Đảng viên gương mẫu ở khu dân cư"
    assert article["meta"]["date"].startswith("Thứ Sáu, 20/11/2026")
    assert article["filters"]["loại"] == ["Tin tức"]
    # The page chrome (sidebar, tools, neighbours) is not searchable text.
    assert "Tin mới nhất" not in article["content"]
    assert "Sao chép liên kết" not in article["content"]
    # Nor the address printed on paper: as a word of each page, a moved address was a word
    # gone from the site, which makes the engine's stable search bundle again.
    assert not [url for url, page in pages.items() if "://" in page["content"]]
    assert not (search_site.output / "pagefind/pagefind-ui.js").exists()


def test_queries_without_diacritics_find_vietnamese(search_site):
    with preview_server(search_site.output) as base, chromium_page() as page:
        page.goto(f"{base}/tim-kiem/")
        found = search(page, "dan van kheo")
        assert found[0]["title"] == "Phong trào Dân vận khéo"
        assert any("Dân" in mark or "dân" in mark for mark in found[0]["marks"])

        titles = {r["title"] for r in search(page, "hoa")}
        assert {"Tổ hoà giải cơ sở", "Khu phố hòa thuận"} <= titles

        found = search(page, "dang vien")
        assert found[0]["title"] == "Đảng viên gương mẫu ở khu dân cư"
        assert found[0]["href"] == "/tin-tuc/2026/dang-vien-guong-mau-o-khu-dan-cu/"
        assert any(mark.lower().startswith("đảng") for mark in found[0]["marks"])

        # Eight results at a time; "Xem thêm kết quả" loads the next ones.
        assert len(search(page, "ngo pho")) == 8
        page.click(".search-more")
        page.wait_for_function(
            "() => document.querySelectorAll('.search-results li').length === 12"
        )
        assert page.is_hidden(".search-more")

        assert search(page, "bimatnhap") == []
        assert "Không tìm thấy" in page.inner_text(".search-status")

        # Honour entries: found by holder (without diacritics, đ included), filtered by field.
        assert {r["href"] for r in search(page, "duc sang")} >= {
            "/bang-vang/2016-2018/van-dong-don-ve-sinh-ngay-thu-bay/"
        }
        assert {r["href"] for r in search(page, "phuong")} >= ENTRIES
        page.select_option("#loc-lĩnh-vực", "An ninh - quốc phòng")
        page.wait_for_function("() => [...document.querySelectorAll('.search-title')].length === 1")
        assert page.inner_text(".search-title") == "Tổ tự quản an ninh đường Đinh Tiên Hoàng"


def test_search_page_without_javascript_offers_other_ways(search_site):
    page = search_site.html("/tim-kiem/")
    links = {a["href"] for a in page.select("main .box a")}
    assert {"/tu-khoa/", "/luu-tru/", "/bang-vang/", "/van-ban/"} <= links
    assert page.select_one("form.search-page")["action"] == "/tim-kiem/"
    home = search_site.html("/")
    assert home.select_one("form.search-box")["action"] == "/tim-kiem/"
    assert not home.select('script[src*="search"]'), "search script loads on the search page only"


def query_bytes(site_folder, query: str) -> tuple[int, int]:
    """Gzipped bytes of the search script and Pagefind files one query loads, and results."""
    loaded: dict[str, int] = {}

    def note(request) -> None:
        if "/pagefind/" in request.url or "search.js" in request.url:
            loaded.setdefault(request.url, len(gzip.compress(request.response().body(), 6)))

    with preview_server(site_folder) as base, chromium_page() as page:
        page.on("requestfinished", note)
        page.goto(f"{base}/tim-kiem/")
        found = search(page, query)
        # The files the page has loaded, as it knows them; wait for each one's event here.
        counted = page.evaluate(
            "() => performance.getEntriesByType('resource').map(e => e.name)"
            ".filter(url => url.includes('/pagefind/') || url.includes('search.js'))"
        )
        while not set(counted) <= loaded.keys():
            page.wait_for_event("requestfinished")
    assert any("/pagefind/" in url for url in loaded)
    return sum(loaded.values()), len(found)


def test_a_query_loads_under_150_kb_gzipped(search_site):
    total, found = query_bytes(search_site.output, "dan van kheo")
    assert found and total < 150_000, f"{total} bytes"


def test_a_query_on_the_sample_site_loads_under_150_kb_gzipped(sample_output):
    total, found = query_bytes(sample_output, "dan van kheo")
    assert found == 8, "a full first page of results"
    assert total < 150_000, f"{total} bytes"


PARTY = {
    "/tin-tuc/2026/chi-bo-khu-pho-3-ket-nap-them-nguoi-moi/",
    "/tin-tuc/2026/dang-vien-gia-lam-guong-o-ngo-xom/",
}


@pytest.fixture(scope="module")
def precision_site(tmp_path_factory):
    """Many short pages of "hội viên", "thành viên" and "đang" (currently), as on the sample
    site; two about party members ("đảng viên"), one long, with the phrase only in its text."""
    site = Site(tmp_path_factory.mktemp("precision") / "project")
    for number in range(14):
        site.article(
            f"hoi-{number}",
            f"Hội viên tổ {number} vui khỏe, bà con đang sinh sống yên ổn",
            "Hội viên câu lạc bộ và thành viên tổ tự quản họp mặt. Nhiều gia đình đang sinh "
            "sống tại tổ, đang làm ăn, đang học; hội viên mới, thành viên mới.",
            date=f"2026-10-{number + 1:02d}",
        )
    filler = " ".join(f"Buổi sinh hoạt thứ {n} của chi bộ bàn việc khu phố." for n in range(40))
    site.article(
        "ket-nap",
        "Chi bộ khu phố 3 kết nạp thêm người mới",
        f"{filler} Sau buổi lễ, chi bộ có thêm hai đảng viên trẻ. {filler}",
        date="2026-09-01",
    )
    site.article(
        "gia",
        "Đảng viên già làm gương ở ngõ xóm",
        f"{filler} Các cụ nhắc nhau giữ nếp.",
        date="2026-09-02",
    )
    site.write("honours/2016-2018.yaml", HONOURS)
    site.write("honours/2019-2020.yaml", HONOURS.replace("2016-2018", "2019-2020"))
    site.build()
    return site


def test_party_members_first_with_or_without_marks(precision_site):
    with preview_server(precision_site.output) as base, chromium_page() as page:
        page.goto(f"{base}/tim-kiem/")
        for query in ("dang vien", "đảng viên", "Đảng viên"):
            found = search(page, query)
            total = int(page.inner_text(".search-status").split()[2])
            assert len(found) == 8 and total > 8, "the distractors are found too"
            assert {r["href"] for r in found[:2]} == PARTY, (query, found[:4])
        # The title match comes before the match in the text.
        assert found[0]["href"] == "/tin-tuc/2026/dang-vien-gia-lam-guong-o-ngo-xom/"
        # Typed with marks, "đang" (currently) is a different word from "đảng".
        found = search(page, "đang sinh sống")
        assert all(r["href"] not in PARTY for r in found)

        # An entry of two periods is two results a reader can tell apart.
        found = search(page, "duc sang")
        page.wait_for_function("() => document.querySelectorAll('.search-date').length >= 2")
        dates = page.eval_on_selector_all(".search-date", "els => els.map(e => e.textContent)")
        assert sorted(dates) == ["Bảng vàng, giai đoạn 2016–2018", "Bảng vàng, giai đoạn 2019–2020"]


def test_honour_snippets_keep_labels_and_values_apart(precision_site):
    pages = indexed_pages(precision_site.output)
    entry = pages["/bang-vang/2016-2018/van-dong-don-ve-sinh-ngay-thu-bay/"]
    assert "Đơn vị/Cá nhân Nguyễn Đức Sáng" in " ".join(entry["content"].split())
