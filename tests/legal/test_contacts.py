"""The contact directory: /danh-ba/ and /en/ from YAML, CSV or XLSX, and every mistake told."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from tests.support.sites import Site, output_text
from wardportal.contacts.reach import ReachError, checked_email, tel_link

DIRECTORY = """\
entries:
  - name: Trịnh Thị Hồng Nhung
    position: Bí thư Đảng ủy phường
    unit: Đảng ủy phường
    phone: 0912.000.101
    email: bithu@example.vn
    unit_en: Ward Party Committee
    position_en: Party Secretary
  - name: Vũ Văn Thắng
    position: Chủ tịch UBND phường
    unit: Ủy ban nhân dân phường
    phone: (0229) 3871 000
    unit_en: Ward People's Committee
    position_en: Chairman
  - name: Lê Thị Ngọc Ánh
    position: Phó Chủ tịch UBND phường
    unit: Ủy ban nhân dân phường
    email: ANH.LE@Example.VN
"""
HEADER = ["Họ và tên", "Chức vụ", "Đơn vị", "Điện thoại", "Thư điện tử"]


def write_xlsx(site: Site, name: str, rows: list[list[object]], header=HEADER) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = site.content / "contacts" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


@pytest.fixture
def built(site: Site) -> Site:
    site.write("contacts/danh-ba.yaml", DIRECTORY)
    site.build()
    return site


def test_the_directory_lists_each_official_by_unit_with_links_to_tap(built: Site):
    page = built.html("/danh-ba/")
    units = page.select("main .contact-unit")
    assert [unit.h2.get_text() for unit in units] == ["Đảng ủy phường", "Ủy ban nhân dân phường"]
    names = [[n.get_text() for n in u.select(".contact-name")] for u in units]
    assert names == [["Trịnh Thị Hồng Nhung"], ["Vũ Văn Thắng", "Lê Thị Ngọc Ánh"]]
    first = units[0].select_one("li")
    assert first.select_one(".contact-position").get_text() == "Bí thư Đảng ủy phường"
    links = [a["href"] for a in page.select("main .contact-list a")]
    # Numbers as typed ("0912.000.101", "(0229) 3871 000") dial in international form.
    assert links == [
        "tel:+84912000101",
        "mailto:bithu@example.vn",
        "tel:+842293871000",
        "mailto:ANH.LE@example.vn",
    ]
    shown = [a.get_text(" ", strip=True) for a in page.select("main .contact-list a")]
    assert shown[0] == "☎ 0912.000.101"
    assert page.select_one('main a[href="/lien-he/"]') is not None


def test_the_english_page_shows_the_organisation_in_english(built: Site):
    page = built.html("/en/")
    assert page.html["lang"] == "en"
    assert page.select_one("header.site-header")["lang"] == "vi", "the frame stays Vietnamese"
    assert page.select_one("nav.main-nav")["lang"] == "vi"
    headings = [h.get_text() for h in page.select("main .contact-unit h3")]
    assert headings == ["Ward Party Committee", "Ward People's Committee"]
    positions = [p.get_text() for p in page.select("main .contact-position")]
    # An official without an English title keeps the Vietnamese one, marked as Vietnamese.
    assert positions == ["Party Secretary", "Chairman", "Phó Chủ tịch UBND phường"]
    assert page.select("main .contact-position")[2]["lang"] == "vi"
    assert page.select_one("main .contact-name")["lang"] == "vi"
    assert "tel:+84912000101" in [a["href"] for a in page.select("main a")]
    assert page.select_one('link[hreflang="vi"]')["href"].endswith("/danh-ba/")


def test_the_english_ward_name_comes_from_the_settings(site: Site):
    site.write("contacts/danh-ba.yaml", DIRECTORY)
    conf = site.settings("conf", WARD_NAME_EN="Hoa Lu Ward", WARD_ABOUT_EN="About us.")
    site.build(settings=conf)
    page = site.html("/en/")
    assert page.select_one("main h1").get_text() == "Hoa Lu Ward"
    assert "About us." in page.select_one("main").get_text()


def test_every_page_links_the_directory_and_the_sitemap_lists_it(built: Site):
    footer = built.html("/").select_one("footer")
    hrefs = [a["href"] for a in footer.select("a")]
    assert "/danh-ba/" in hrefs and "/en/" in hrefs
    sitemap = (built.output / "sitemap.xml").read_text(encoding="utf-8")
    assert "/danh-ba/</loc>" in sitemap and "/en/</loc>" in sitemap


def test_no_directory_no_pages_and_no_links(site: Site):
    site.article("a", "Bài")
    site.build()
    assert not site.exists("/danh-ba/") and not site.exists("/en/")
    hrefs = [a["href"] for a in site.html("/").select("footer a")]
    assert "/danh-ba/" not in hrefs and "/en/" not in hrefs


def test_a_spreadsheet_and_a_csv_are_read_alike(site: Site):
    write_xlsx(site, "lanh-dao.xlsx", [["Vũ Văn Thắng", "Chủ tịch", "UBND", "0912 000 102", ""]])
    site.write(
        "contacts/doan-the.csv",
        "Họ tên;Chức danh;Cơ quan;SĐT;Email\nĐinh Văn Khải;Chủ tịch;Mặt trận;;mattran@example.vn\n",
    )
    site.build()
    page = site.html("/danh-ba/")
    assert [n.get_text() for n in page.select(".contact-name")] == ["Đinh Văn Khải", "Vũ Văn Thắng"]
    hrefs = [a["href"] for a in page.select("main .contact-list a")]
    assert hrefs == ["mailto:mattran@example.vn", "tel:+84912000102"]


BAD = {
    "phone": (
        "contacts/a.yaml",
        "- name: A\n  position: B\n  unit: C\n  phone: 0912 345\n",
        "content/contacts/a.yaml, dòng 4: mục “phone”: số điện thoại “0912 345” không hợp lệ."
        " Hãy ghi một số: di động 10 chữ số",
    ),
    "email": (
        "contacts/a.yaml",
        "- name: A\n  position: B\n  unit: C\n  email: a@b@example.vn\n",
        "content/contacts/a.yaml, dòng 4: mục “email”: địa chỉ thư điện tử “a@b@example.vn”"
        " không hợp lệ. Hãy ghi một địa chỉ đầy đủ",
    ),
    "csv phone": (
        "contacts/a.csv",
        "Họ và tên,Chức vụ,Đơn vị,Điện thoại\nA,B,C,0912 000 101\nD,E,F,gọi văn phòng\n",
        "content/contacts/a.csv, dòng 3: cột “Điện thoại”: số điện thoại “gọi văn phòng”"
        " không hợp lệ",
    ),
    "no way to reach": (
        "contacts/a.yaml",
        "- name: A\n  position: B\n  unit: C\n",
        "content/contacts/a.yaml, dòng 1: cán bộ “A” chưa có điện thoại hay thư điện tử."
        " Hãy ghi ít nhất một trong hai",
    ),
    "missing column": (
        "contacts/a.csv",
        "Họ và tên,Chuc vu,Đơn vị,Điện thoại\nA,B,C,0912 000 101\n",
        "content/contacts/a.csv, dòng 1: thiếu cột “Chức vụ”. Hãy thêm cột “Chức vụ”"
        " (hoặc “position”) vào dòng tiêu đề, hoặc sửa tên cột “Chuc vu”",
    ),
    "unknown key": (
        "contacts/a.yaml",
        "- name: A\n  positon: B\n  unit: C\n  phone: 0912 000 101\n",
        "content/contacts/a.yaml, dòng 2: mục “positon” không có trong mẫu. Có thể bạn muốn"
        " viết “position”",
    ),
    "empty": ("contacts/a.yaml", "entries: []\n", "tệp không có cán bộ nào"),
    "old excel": ("contacts/a.xls", "x", "content/contacts/a.xls: Danh bạ không đọc tệp .xls"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_data_stops_the_build_with_its_place(site: Site, case: str):
    name, text, message = BAD[case]
    site.write(name, text)
    result = site.build(ok=False)
    assert message in output_text(result)
    assert not site.output.exists(), "a failed build publishes nothing"


def test_a_bad_number_in_a_workbook_names_its_cell(site: Site):
    write_xlsx(site, "a.xlsx", [["A", "B", "C", "0912 000 101"], ["D", "E", "F", "123"]])
    result = site.build(ok=False)
    assert (
        "content/contacts/a.xlsx, hàng 3, ô D3: cột “Điện thoại”: số điện thoại “123” không"
        " hợp lệ" in output_text(result)
    )


@pytest.mark.parametrize(
    ("typed", "link"),
    [
        ("0912 345 678", "tel:+84912345678"),
        ("0912.345.678", "tel:+84912345678"),
        ("+84 912 345 678", "tel:+84912345678"),
        ("(0229) 3871 000", "tel:+842293871000"),
        ("024-3825-1234", "tel:+842438251234"),
    ],
)
def test_phone_numbers_are_dialled_in_international_form(typed: str, link: str):
    assert tel_link(typed) == link


@pytest.mark.parametrize("typed", ["0912 345", "0912 345 678 99", "gọi văn phòng", "113", ""])
def test_numbers_no_phone_can_dial_are_refused(typed: str):
    with pytest.raises(ReachError):
        tel_link(typed)


@pytest.mark.parametrize("typed", ["a@", "a b@example.vn", "@example.vn", "a@example"])
def test_malformed_addresses_are_refused(typed: str):
    with pytest.raises(ReachError):
        checked_email(typed)


def test_a_published_directory_never_disappears_silently(built: Site):
    (built.content / "contacts/danh-ba.yaml").unlink()
    text = output_text(built.build(ok=False))
    assert "địa chỉ /danh-ba/ (trang “Danh bạ cán bộ”) đã xuất bản nhưng nay không còn" in text
    assert "địa chỉ /en/ (trang “Organisation and contacts”)" in text
    built.write(".portal/gone.txt", "/danh-ba/\n/en/\n")
    built.build()
    assert built.html("/danh-ba/").select(".contact-list") == [], "only the “removed” page"
    assert "/danh-ba/" in (built.output / "_portal/gone.map").read_text(encoding="utf-8")
