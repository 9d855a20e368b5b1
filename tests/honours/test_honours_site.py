"""The Bảng vàng pages, exports and feed of a site built from YAML, CSV and XLSX data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import unicodedata

import feedparser
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from tests.support.honour_data import csv_text, row, write_xlsx, yaml_roll
from tests.support.sites import SITEURL, Site

YAML = yaml_roll(
    """\
  - title: Vận động nhân dân dọn vệ sinh ngày thứ Bảy
    kind: điển hình
    holder: Nguyễn Đức Sáng
    holder_role: Bí thư chi bộ phố Phúc Ninh
    field: văn hóa xã hội
    photo: images/thu-bay.jpg
    summary: "**Mỗi sáng** thứ Bảy, cả phố cùng làm."
    articles: [bai-so-ket]
    history:
      - {date: 2017-03-01, status: đăng ký, level: phường}
      - {date: 10/05/2018, status: đăng ký, level: thành phố, decision: 15/QĐ-UBND}
  - title: 'Tổ "An toàn" & <Sạch>'
    kind: Mô hình
    holder: 'Hội <Phụ nữ> & "Cựu chiến binh"'
    field: Phát triển kinh tế
    status: Công nhận
    level: phường
    decision: 12-QĐ/ĐU
    date: 2018-06-01
    summary: 'Dùng <b>thẻ</b> & "ngoặc kép" <script>alert(1)</script>'
  - title: Tổ tự quản an ninh
    kind: mô hình
    holder: Tổ dân phố Phúc Lộc
    field: An ninh – Quốc phòng
    status: đăng ký
    level: phường
"""
)
# Titles chosen to test Vietnamese order: Anh < Ăn < Âm < Bé < Dọn < Đường.
CSV_ROWS = [
    row("Đường hoa khu phố", field="VĂN HOÁ – XÃ HỘI", date="15/10/2020"),
    row("Dọn dẹp ngõ xóm", field=unicodedata.normalize("NFD", "văn hóa xã hội"), date="2020-10-16"),
    row("Âm nhạc đường phố", kind="Điển hình", holder="Lê Thị Mai", role="Giáo viên"),
    row("Ăn uống an toàn", field="Phát triển kinh tế", status="công nhận"),
    row("Anh em giúp nhau", field="xây dựng hệ thống chính trị"),
    row("Bé ngoan", kind="điển hình", holder="Trần Văn An", status="khen thưởng", level="tỉnh"),
]
XLSX_HEADER = ("STT", "Tên mô hình", "Loại", "Đơn vị", "Lĩnh vực", "Giai đoạn", "Trạng thái")
XLSX_HEADER += ("Cấp", "Số quyết định", "Ngày quyết định", "Quá trình")
XLSX_ROWS = [
    (1, "Giúp nhau làm kinh tế", "Mô hình", "Hội Phụ nữ", "Phát triển kinh tế", "2016 - 2020")
    + ("Công nhận", "Phường", "45/QĐ-BCĐ", dt.datetime(2020, 10, 12), None),
    (2, "Câu lạc bộ liên thế hệ", "Mô hình", "Hội Người cao tuổi", "Văn hóa - Xã hội")
    + ("2016–2020", "Công nhận", "Phường", "45/QĐ-BCĐ", dt.datetime(2020, 10, 12), None),
    (3, "Đổi mới cách dạy học", "Điển hình", "Nguyễn Thị Song Phương", "Văn hoá - xã hội")
    + ("2016-2020", None, None, "18/TTr-BCĐ", None)
    + ("2020-10-12: công nhận, phường; 2020-10-20: đề nghị, thành phố, 18/TTr-BCĐ",),
]
ENTRY_COUNT = 3 + len(CSV_ROWS) + len(XLSX_ROWS)
SANG = "/bang-vang/2016-2018/van-dong-nhan-dan-don-ve-sinh-ngay-thu-bay/"
SAFE = "/bang-vang/2016-2018/to-an-toan-sach/"


@pytest.fixture(scope="module")
def roll_site(tmp_path_factory) -> Site:
    site = Site(tmp_path_factory.mktemp("roll") / "project")
    site.image("images/thu-bay.jpg", (800, 450))
    site.write("honours/2016-2018.yaml", YAML)
    site.write("honours/2019-2020.csv", "\ufeff" + csv_text(CSV_ROWS, delimiter=";"))
    write_xlsx(site.content / "honours/tong-ket.xlsx", XLSX_ROWS, header=XLSX_HEADER)
    site.article("bai-so-ket", "Bài sơ kết", date="2018-05-18 08:00")
    site.article("bai-to", "Bài về tổ an toàn", date="2018-06-02 08:00", honours="to-an-toan-sach")
    site.article("bai-khac", "Bài không liên quan", date="2018-06-03 08:00")
    site.build()
    return site


def texts(elements) -> list[str]:
    return [" ".join(element.get_text(" ").split()) for element in elements]


def table_rows(table) -> list[list[str]]:
    return [texts(tr.find_all(["th", "td"])) for tr in table.select("tr")]


def test_every_page_of_the_roll_is_written(roll_site):
    for url in [
        "/bang-vang/",
        "/bang-vang/2016-2018/",
        "/bang-vang/2019-2020/",
        "/bang-vang/2016-2020/",
        "/bang-vang/linh-vuc/van-hoa-xa-hoi/",
        "/bang-vang/linh-vuc/phat-trien-kinh-te/",
        "/bang-vang/linh-vuc/an-ninh-quoc-phong/",
        "/bang-vang/linh-vuc/xay-dung-he-thong-chinh-tri/",
        SANG,
        SAFE,
        "/bang-vang/2016-2020/doi-moi-cach-day-hoc/",
    ]:
        page = roll_site.html(url)
        assert page.html["lang"] == "vi", url
        assert page.select_one("main h1"), url
    entry_pages = list((roll_site.output / "bang-vang").glob("*/*/index.html"))
    assert len(entry_pages) - len(list((roll_site.output / "bang-vang/linh-vuc").glob("*/"))) == (
        ENTRY_COUNT
    )


def test_index_has_a_summary_table_per_period_with_totals(roll_site):
    index = roll_site.html("/bang-vang/")
    headings = texts(index.select(".honour-period h2"))
    assert headings == ["Giai đoạn 2019–2020", "Giai đoạn 2016–2020", "Giai đoạn 2016–2018"]
    by_field = index.select_one("#linh-vuc-2019-2020").find_parent("table")
    assert table_rows(by_field) == [
        ["Lĩnh vực", "Mô hình", "Điển hình", "Tổng"],
        ["Phát triển kinh tế", "1", "0", "1"],
        ["Văn hoá - xã hội", "2", "2", "4"],
        ["An ninh - quốc phòng", "0", "0", "0"],
        ["Xây dựng hệ thống chính trị", "1", "0", "1"],
        ["Tổng cộng", "4", "2", "6"],
    ]
    by_status = index.select_one("#trang-thai-2016-2020").find_parent("table")
    rows = table_rows(by_status)
    assert rows[0] == [
        "Trạng thái",
        "Cấp phường",
        "Cấp thành phố",
        "Cấp tỉnh",
        "Cấp trung ương",
    ] + ["Tổng"]
    assert rows[2] == ["Công nhận", "2", "0", "0", "0", "2"]
    assert rows[4] == ["Đề nghị", "0", "1", "0", "0", "1"]
    assert rows[-1] == ["Tổng cộng", "2", "1", "0", "0", "3"]


def test_period_page_lists_entries_in_vietnamese_order_as_an_accessible_table(roll_site):
    page = roll_site.html("/bang-vang/2019-2020/")
    table = page.select_one("#danh-sach").find_parent("table")
    assert table.caption.get_text() == "Danh sách mô hình, điển hình giai đoạn 2019–2020"
    assert all(th.get("scope") == "col" for th in table.select("thead th"))
    assert texts(table.select("thead th"))[:3] == [
        "STT",
        "Tên mô hình, điển hình",
        "Đơn vị/Cá nhân",
    ]
    titles = texts(table.select('tbody th[scope="row"]'))
    assert titles == [
        "Anh em giúp nhau",
        "Ăn uống an toàn",
        "Âm nhạc đường phố",
        "Bé ngoan",
        "Dọn dẹp ngõ xóm",
        "Đường hoa khu phố",
    ]
    assert texts(table.select("tbody td:first-child")) == ["1", "2", "3", "4", "5", "6"]
    # Residents find a model or a person through the site search: each entry page is
    # indexed with its field and period as filters; the list page is not.
    assert not table.find_parent(attrs={"data-pagefind-body": True})
    entry = roll_site.html(SANG).select_one("[data-pagefind-body]")
    filters = {
        p["data-pagefind-filter"]: p.get_text() for p in entry.select("[data-pagefind-filter]")
    }
    assert filters == {
        "loại:Bảng vàng": "",
        "lĩnh vực": "Văn hoá - xã hội",
        "giai đoạn": "2016–2018",
    }
    bé = table_rows(table)[4]
    assert bé[2:] == ["Trần Văn An", "Văn hoá - xã hội", "điển hình", "tỉnh", "khen thưởng", "", ""]
    assert table_rows(table)[3][2] == "Lê Thị Mai Giáo viên"
    assert table_rows(table)[6][-1] == "15/10/2020"


def test_vocabulary_variants_are_one_field_in_canonical_spelling(roll_site):
    page = roll_site.html("/bang-vang/linh-vuc/van-hoa-xa-hoi/")
    table = page.select_one("#danh-sach").find_parent("table")
    titles = texts(table.select('tbody th[scope="row"]'))
    assert titles == [
        "Âm nhạc đường phố",
        "Bé ngoan",
        "Câu lạc bộ liên thế hệ",
        "Dọn dẹp ngõ xóm",
        "Đổi mới cách dạy học",
        "Đường hoa khu phố",
        "Vận động nhân dân dọn vệ sinh ngày thứ Bảy",
    ]
    html = roll_site.path_of("/bang-vang/linh-vuc/van-hoa-xa-hoi/").read_text("utf-8")
    for variant in ("VĂN HOÁ", "văn hóa xã hội", "Văn hóa - Xã hội"):
        assert variant not in html
    entry = roll_site.html(SANG)
    facts = dict(zip(texts(entry.select("dt")), texts(entry.select("dd")), strict=True))
    assert facts["Lĩnh vực"] == "Văn hoá - xã hội"
    assert roll_site.html(SAFE).select("dd")[2].get_text() == "Mô hình"


def test_entry_page_has_summary_photo_history_and_related_news(roll_site):
    page = roll_site.html(SANG)
    facts = dict(zip(texts(page.select("dt")), texts(page.select("dd")), strict=True))
    assert facts["Đơn vị/Cá nhân"] == "Nguyễn Đức Sáng – Bí thư chi bộ phố Phúc Ninh"
    assert facts["Trạng thái"] == "Đăng ký cấp thành phố"
    assert facts["Số quyết định"] == "15/QĐ-UBND"
    assert facts["Ngày quyết định"] == "10/05/2018"
    assert page.select_one(".honour-summary strong").get_text() == "Mỗi sáng"
    photo = page.select_one(".banner picture img")
    assert (photo["width"], photo["height"]) == ("800", "450")
    assert photo["alt"] == "Ảnh: Vận động nhân dân dọn vệ sinh ngày thứ Bảy"
    webp = page.select_one('.banner source[type="image/webp"]')["srcset"]
    for url in [photo["src"]] + [candidate.split()[0] for candidate in webp.split(", ")]:
        assert roll_site.exists(url), url
    og = page.select_one('meta[property="og:image"]')["content"]
    assert og.startswith(f"{SITEURL}/images/_v/thu-bay-") and roll_site.exists(og)
    history = table_rows(page.select_one("#qua-trinh").find_parent("table"))
    assert history[1:] == [
        ["1", "01/03/2017", "đăng ký", "phường", ""],
        ["2", "10/05/2018", "đăng ký", "thành phố", "15/QĐ-UBND"],
    ]
    assert texts(page.select(".related li a")) == ["Bài sơ kết"]


def test_articles_show_the_entries_they_are_linked_to_either_way(roll_site):
    named_by_entry = roll_site.html("/tin-tuc/2018/bai-so-ket/")
    links = named_by_entry.select(".article-honours a")
    assert [(a.get_text(), a["href"]) for a in links] == [
        ("Vận động nhân dân dọn vệ sinh ngày thứ Bảy", SANG)
    ]
    naming_entry = roll_site.html("/tin-tuc/2018/bai-ve-to-an-toan/")
    assert [a["href"] for a in naming_entry.select(".article-honours a")] == [SAFE]
    assert texts(roll_site.html(SAFE).select(".related li a")) == ["Bài về tổ an toàn"]
    assert roll_site.html("/tin-tuc/2018/bai-khong-lien-quan/").select(".article-honours") == []


def test_recent_honours_in_sidebar_and_on_home_page(roll_site):
    newest = [
        "Đổi mới cách dạy học",  # 20/10/2020, its last stage
        "Dọn dẹp ngõ xóm",  # 16/10/2020
        "Đường hoa khu phố",  # 15/10/2020
        "Câu lạc bộ liên thế hệ",  # 12/10/2020, same day, Vietnamese order
        "Giúp nhau làm kinh tế",
    ]
    for url in ["/", "/tin-tuc/2018/bai-khong-lien-quan/", "/bang-vang/", SANG]:
        box = roll_site.html(url).select_one("#guong-dien-hinh").find_parent("section")
        assert texts(box.select("li a")) == newest, url
    home = roll_site.html("/").select_one(".home-honours")
    assert texts(home.select(".honour-card > a")) == newest


def test_every_link_on_the_roll_pages_resolves(roll_site):
    """Links the roll writes (page content, its boxes, feed links); the menu is the theme's."""
    pages = list(roll_site.output.joinpath("bang-vang").rglob("index.html"))
    pages += [
        roll_site.output / "index.html",
        roll_site.output / "tin-tuc/2018/bai-so-ket/index.html",
    ]
    checked = 0
    for path in pages:
        page = BeautifulSoup(path.read_text("utf-8"), "lxml")
        parts = page.select("main, .recent-honours, link[rel=alternate]")
        for link in (a for part in parts for a in [part, *part.select("[href]")]):
            href = link.get("href")
            if href and not href.startswith(("#", "https://www.facebook.com/sharer/")):
                assert roll_site.exists(href.removeprefix(SITEURL)), f"{path}: {href}"
                checked += 1
    assert checked > 150


def test_values_with_markup_characters_show_literally(roll_site):
    page = roll_site.html(SAFE)
    assert page.select_one("h1").get_text() == 'Tổ "An toàn" & <Sạch>'
    facts = texts(page.select("dd"))
    assert facts[0] == 'Hội <Phụ nữ> & "Cựu chiến binh"'
    assert facts[5] == "12-QĐ/ĐU"
    summary = page.select_one(".honour-summary")
    assert summary.get_text().strip() == 'Dùng <b>thẻ</b> & "ngoặc kép" <script>alert(1)</script>'
    assert summary.select("b, script") == []
    html = roll_site.path_of(SAFE).read_text("utf-8")
    assert "<Sạch>" not in html and "&lt;Sạch&gt;" in html
    assert "<script>alert" not in html
    period = roll_site.html("/bang-vang/2016-2018/")
    assert 'Tổ "An toàn" & <Sạch>' in texts(period.select("tbody th a"))


def test_json_export_has_every_entry_with_all_fields_period_and_url(roll_site):
    data = json.loads(roll_site.path_of("/bang-vang/bang-vang.json").read_text("utf-8"))
    assert data["count"] == len(data["entries"]) == ENTRY_COUNT
    by_url = {entry["url"]: entry for entry in data["entries"]}
    sang = by_url[SITEURL + SANG]
    assert sang["period"] == "2016-2018"
    assert sang["field"] == "Văn hoá - xã hội"
    assert sang["holder_role"] == "Bí thư chi bộ phố Phúc Ninh"
    assert sang["date"] == "2018-05-10"
    assert sang["photo"].startswith(f"{SITEURL}/images/_v/thu-bay-")
    assert roll_site.exists(sang["photo"].removeprefix(SITEURL))
    assert sang["articles"][0]["url"] == f"{SITEURL}/tin-tuc/2018/bai-so-ket/"
    assert [stage["level"] for stage in sang["history"]] == ["phường", "thành phố"]
    keys = {"title", "kind", "holder", "holder_role", "field", "period", "status", "level"}
    keys |= {"decision", "date", "summary", "photo", "articles", "slug", "campaign", "history"}
    assert keys | {"url"} == set(sang)
    assert by_url[SITEURL + SAFE]["title"] == 'Tổ "An toàn" & <Sạch>'
    for url in by_url:
        assert roll_site.exists(url.removeprefix(SITEURL))


def test_csv_export_opens_in_excel_with_vietnamese_intact(roll_site):
    raw = roll_site.path_of("/bang-vang/bang-vang.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == ENTRY_COUNT
    assert {"Tên", "Lĩnh vực", "Giai đoạn", "Trạng thái", "Cấp", "Địa chỉ trang"} <= set(rows[0])
    safe = next(r for r in rows if r["Địa chỉ trang"] == SITEURL + SAFE)
    assert safe["Tên"] == 'Tổ "An toàn" & <Sạch>'
    assert (safe["Giai đoạn"], safe["Số quyết định"], safe["Ngày"]) == (
        "2016-2018",
        "12-QĐ/ĐU",
        "2018-06-01",
    )


def test_sitemap_lists_every_entry_page(roll_site):
    tree = etree.parse(str(roll_site.output / "sitemap.xml"))
    locations = set(tree.xpath("//*[local-name()='loc']/text()"))
    data = json.loads(roll_site.path_of("/bang-vang/bang-vang.json").read_text("utf-8"))
    for entry in data["entries"]:
        assert entry["url"] in locations
    assert f"{SITEURL}/bang-vang/" in locations
    assert f"{SITEURL}/bang-vang/linh-vuc/van-hoa-xa-hoi/" in locations


def test_atom_feed_of_honours_is_linked_and_parses(roll_site):
    index = roll_site.html("/bang-vang/")
    link = index.select_one(
        'link[rel="alternate"][type="application/atom+xml"][href$="bang-vang.atom.xml"]'
    )
    assert link["href"] == f"{SITEURL}/feeds/bang-vang.atom.xml"
    feed = feedparser.parse(roll_site.path_of(link["href"]).read_bytes())
    assert not feed.bozo
    assert len(feed.entries) == ENTRY_COUNT
    assert feed.entries[0].title == "Đổi mới cách dạy học"
    assert feed.entries[0].link == f"{SITEURL}/bang-vang/2016-2020/doi-moi-cach-day-hoc/"
    safe = next(item for item in feed.entries if item.link == SITEURL + SAFE)
    assert safe.title == 'Tổ "An toàn" & <Sạch>'
    # The summary is HTML: the holder's "<" and "&" arrive escaped, so readers show them.
    assert 'Hội &lt;Phụ nữ&gt; &amp; "Cựu chiến binh"' in safe.summary
    assert "&lt;script&gt;" in safe.content[0].value
