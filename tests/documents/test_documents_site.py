"""The Văn bản pages, files, exports and search of a site built from YAML and XLSX data."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from tests.support.browser import chromium_page
from tests.support.document_data import (
    document_yaml,
    documents_yaml,
    write_pdf,
    write_xlsx,
    xlsx_row,
)
from tests.support.search import indexed_pages, search
from tests.support.servers import preview_server
from tests.support.sites import SITEURL, Site

UBND = "Ủy ban nhân dân phường Phúc Thành"
YAML = documents_yaml(
    document_yaml(
        "123/QĐ-UBND",
        summary="Về việc kiện toàn tổ hòa giải ở cơ sở",
        effective="2026-03-05",
        field="Tư pháp",
        in_force="có",
        file="123-qd-ubnd.pdf",
    )
    + document_yaml(
        "45-KH/ĐU",
        type="kế hoạch",
        issuer="Đảng ủy phường Phúc Thành",
        issued="15/01/2026",
        summary="Triển khai phong trào thi đua “Dân vận khéo” năm 2026",
        signer="Phạm Minh Tuấn",
        field="Dân vận",
        file="Kế hoạch 45.docx",
    )
    + document_yaml(
        "52/TB-UBND",
        type="Thông báo",
        issued="2026-03-02",
        summary='=HYPERLINK("http://la.example","Lịch tiếp công dân") <b>quý I</b>',
        in_force="không",
        file="52-tb-ubnd.pdf",
    )
)
XLSX_ROWS = [
    xlsx_row("318/QĐ-UBND", type="Quyết định", field="Văn hoá - xã hội", file="318.pdf"),
    xlsx_row("290/KH-UBND", issued=dt.datetime(2025, 11, 20), file="290.pdf"),
]
PAGE = "/van-ban/123-qd-ubnd-2026/"
PARTY = "/van-ban/45-kh-du-2026/"


@pytest.fixture(scope="module")
def docs_site(tmp_path_factory) -> Site:
    site = Site(tmp_path_factory.mktemp("documents") / "project")
    files = site.content / "documents/files"
    write_pdf(files / "123-qd-ubnd.pdf", title="Quyết định kiện toàn tổ hoà giải cơ sở")
    write_pdf(files / "52-tb-ubnd.pdf")
    write_pdf(files / "318.pdf")
    write_pdf(files / "290.pdf")
    (files / "Kế hoạch 45.docx").write_bytes(b"PK\x03\x04 a small Word file" * 40)
    site.write("documents/2026.yaml", YAML)
    write_xlsx(site.content / "documents/2025.xlsx", XLSX_ROWS)
    site.article("bai", "Bài viết")
    site.build()
    return site


def rows(page) -> list[list[str]]:
    """The cells of the documents table, as a reader sees them."""
    table = page.select_one("table.document-table")
    return [
        [" ".join(cell.get_text(" ").split()) for cell in row.find_all(["th", "td"])]
        for row in table.select("tbody tr")
    ]


def test_list_is_newest_first_with_every_document(docs_site):
    page = docs_site.html("/van-ban/")
    numbers = [row[1] for row in rows(page)]
    # 2026-03-02 (two of them, in Vietnamese order), 2026-01-15, then 2025.
    assert numbers == ["123/QĐ-UBND", "52/TB-UBND", "45-KH/ĐU", "290/KH-UBND", "318/QĐ-UBND"]
    first = rows(page)[0]
    assert first[2] == "02/03/2026"
    assert first[4:6] == ["Quyết định", UBND]
    assert page.select_one("main h1").get_text() == "Văn bản"
    assert page.select_one('.main-nav a[aria-current="page"]').get_text() == "Văn bản"
    # The search box sends its words to the search page: no script needed to submit.
    assert page.select_one("form.document-search")["action"] == "/tim-kiem/"


def test_filter_pages_work_without_javascript(docs_site):
    page = docs_site.html("/van-ban/")
    filters = {a.get_text(): a["href"] for a in page.select(".document-filters a")}
    assert filters["Quyết định"] == "/van-ban/loai/quyet-dinh/"
    assert filters["Kế hoạch"] == "/van-ban/loai/ke-hoach/"
    assert filters["Đảng ủy phường Phúc Thành"] == "/van-ban/co-quan/dang-uy-phuong-phuc-thanh/"
    assert filters["2025"] == "/van-ban/nam/2025/"
    assert filters["Văn hoá - xã hội"] == "/van-ban/linh-vuc/van-hoa-xa-hoi/"
    # Types in the order of the settings, years newest first.
    headings = [h.get_text() for h in page.select(".document-filters h2")]
    assert headings == ["Loại văn bản:", "Cơ quan ban hành:", "Năm ban hành:", "Lĩnh vực:"]
    years = [a.get_text() for a in page.select(".document-filters a[href*='/nam/']")]
    assert years == ["2026", "2025"]
    expected = {
        "/van-ban/loai/ke-hoach/": ["45-KH/ĐU", "290/KH-UBND"],
        "/van-ban/nam/2025/": ["290/KH-UBND", "318/QĐ-UBND"],
        "/van-ban/co-quan/dang-uy-phuong-phuc-thanh/": ["45-KH/ĐU"],
        "/van-ban/linh-vuc/tu-phap/": ["123/QĐ-UBND"],
    }
    for url, numbers in expected.items():
        filtered = docs_site.html(url)
        assert [row[1] for row in rows(filtered)] == numbers, url
        assert filtered.select_one('.document-filters [aria-current="page"]')
        assert filtered.select_one('link[rel="canonical"], meta[property="og:url"]')


def test_document_page_shows_all_metadata_and_a_working_download(docs_site):
    page = docs_site.html(PAGE)
    facts = {
        dt_.get_text(): " ".join(dd.get_text(" ").split())
        for dt_, dd in zip(
            page.select(".honour-facts dt"), page.select(".honour-facts dd"), strict=True
        )
    }
    assert facts["Số ký hiệu"] == "123/QĐ-UBND"
    assert facts["Loại văn bản"] == "Quyết định"
    assert facts["Cơ quan ban hành"] == UBND
    assert facts["Ngày ban hành"] == "02/03/2026"
    assert facts["Ngày hiệu lực"] == "05/03/2026"
    assert facts["Người ký"] == "Nguyễn Văn Hùng"
    assert facts["Lĩnh vực"] == "Tư pháp"
    assert facts["Tình trạng"] == "Còn hiệu lực"
    assert facts["Tiêu đề trong tệp"] == "Quyết định kiện toàn tổ hoà giải cơ sở"
    link = page.select_one(".document-download a")
    assert link["href"] == "/van-ban/tep/123-qd-ubnd.pdf"
    assert link["type"] == "application/pdf"
    assert "PDF, 1 KB" in link.get_text()
    downloaded = docs_site.path_of(link["href"]).read_bytes()
    source = (docs_site.content / "documents/files/123-qd-ubnd.pdf").read_bytes()
    assert downloaded == source
    for href in (a["href"] for a in page.select(".honour-facts a")):
        assert docs_site.exists(href), href


def test_every_link_of_the_list_resolves(docs_site):
    page = docs_site.html("/van-ban/")
    hrefs = {a["href"] for a in page.select("main a[href]")}
    assert "/van-ban/tep/ke-hoach-45.docx" in hrefs  # Vietnamese file names become ASCII
    for href in hrefs:
        assert docs_site.exists(href), href


def test_dublin_core(docs_site):
    page = docs_site.html(PAGE)

    def dc(name: str) -> list[str]:
        return [meta["content"] for meta in page.select(f'meta[name="DC.{name}"]')]

    assert dc("title") == ["Về việc kiện toàn tổ hòa giải ở cơ sở"]
    assert dc("identifier") == ["123/QĐ-UBND", f"{SITEURL}{PAGE}"]
    assert dc("date") == ["2026-03-02"]
    assert dc("type") == ["Quyết định"]
    assert dc("creator") == [UBND]
    assert dc("contributor") == ["Nguyễn Văn Hùng"]
    assert dc("language") == ["vi"]
    assert dc("subject") == ["Tư pháp"]
    assert dc("format") == ["application/pdf"]
    assert dc("description")[0].startswith("Quyết định số 123/QĐ-UBND ngày 02/03/2026")
    assert page.select_one('link[rel="schema.DC"]')
    assert page.select_one('link[rel="canonical"]')["href"] == f"{SITEURL}{PAGE}"


def test_text_is_escaped(docs_site):
    page = docs_site.html("/van-ban/52-tb-ubnd-2026/")
    assert page.select_one(".document-summary").get_text() == (
        '=HYPERLINK("http://la.example","Lịch tiếp công dân") <b>quý I</b>'
    )
    assert not page.select("main b")


def test_json_and_csv_exports(docs_site):
    data = json.loads(docs_site.path_of("/van-ban/van-ban.json").read_text(encoding="utf-8"))
    assert data["count"] == 5
    first = data["documents"][0]
    assert first["number"] == "123/QĐ-UBND"
    assert first["issued"] == "2026-03-02"
    assert first["in_force"] is True
    assert first["file"] == f"{SITEURL}/van-ban/tep/123-qd-ubnd.pdf"
    assert first["url"] == f"{SITEURL}{PAGE}"
    raw = docs_site.path_of("/van-ban/van-ban.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert table[0][:4] == ["Số ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Ngày ban hành"]
    by_number = {line[0]: dict(zip(table[0], line, strict=True)) for line in table[1:]}
    # A formula in a downloaded file is shown as text, never run.
    assert by_number["52/TB-UBND"]["Trích yếu"].startswith("'=HYPERLINK(")
    assert by_number["52/TB-UBND"]["Còn hiệu lực"] == "không"
    assert by_number["45-KH/ĐU"]["Tệp"] == "Kế hoạch 45.docx"


def test_csv_export_reads_back_as_the_same_documents(docs_site, tmp_path):
    from wardportal.documents.config import DocumentsConfig
    from wardportal.documents.load import load_documents
    from wardportal.settings import apply_defaults

    content = tmp_path / "content"
    (content / "documents").mkdir(parents=True)
    (content / "documents/files").symlink_to(docs_site.content / "documents/files")
    exported = docs_site.path_of("/van-ban/van-ban.csv").read_bytes()
    (content / "documents/lai.csv").write_bytes(exported)
    config = DocumentsConfig.from_settings(apply_defaults({"PATH": str(content)}))
    documents, errors = load_documents(config)
    assert errors == []
    summaries = {document.number: document.summary for document in documents}
    assert summaries["52/TB-UBND"].startswith("=HYPERLINK(")
    assert len(documents) == 5


def test_addresses_are_recorded(docs_site):
    record = json.loads((docs_site.content / ".portal/urls.json").read_text(encoding="utf-8"))
    addresses = record["addresses"]
    assert addresses[PAGE]["kind"] == "document"
    assert addresses["/van-ban/tep/123-qd-ubnd.pdf"]["kind"] == "document-file"
    assert addresses["/van-ban/loai/quyet-dinh/"]["kind"] == "document-filter"
    assert addresses[PAGE]["key"] == addresses["/van-ban/tep/123-qd-ubnd.pdf"]["key"]


def test_pages_are_in_the_sitemap(docs_site):
    sitemap = docs_site.path_of("/sitemap.xml").read_text(encoding="utf-8")
    for url in ("/van-ban/", PAGE, "/van-ban/loai/quyet-dinh/", "/van-ban/nam/2025/"):
        assert f"<loc>{SITEURL}{url}</loc>" in sitemap, url


def test_documents_are_indexed_with_their_metadata(docs_site):
    pages = indexed_pages(docs_site.output)
    document = pages[PAGE]
    assert document["meta"]["title"] == "Quyết định 123/QĐ-UBND"
    assert document["filters"]["loại"] == ["Văn bản"]
    assert document["filters"]["loại văn bản"] == ["Quyết định"]
    text = document["content"]
    for value in ("Nguyễn Văn Hùng", "Tư pháp", "kiện toàn tổ hòa giải", "tổ hoà giải cơ sở"):
        assert value in text, value
    assert "/van-ban/" not in pages and "/van-ban/loai/quyet-dinh/" not in pages


def test_search_finds_a_document_by_its_number_typed_without_marks(docs_site):
    decisions = {PAGE, "/van-ban/318-qd-ubnd-2025/"}
    with preview_server(docs_site.output) as base, chromium_page() as page:
        page.goto(f"{base}/tim-kiem/")
        # Pagefind folds tone marks but not "đ": "qd" finds "QĐ" only through the folded copy.
        for query in ("qd-ubnd", "qd ubnd", "QD-UBND"):
            assert {r["href"] for r in search(page, query)} == decisions, query
        for query, wanted in (("123/qd-ubnd", PAGE), ("45-kh/du", PARTY), ("45 kh du", PARTY)):
            found = search(page, query)
            assert found and found[0]["href"] == wanted, (query, found)
        found = search(page, "kien toan to hoa giai")
        assert found[0]["href"] == PAGE
        assert found[0]["title"] == "Quyết định 123/QĐ-UBND"
