"""Bad document data stops the build with the file, the line or cell, and what to do.

One site holds every defect at once, in YAML and in XLSX, so one build shows that all of them
are reported together and that the published site is left as it was.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support.document_data import (
    document_yaml,
    documents_yaml,
    write_pdf,
    write_xlsx,
    xlsx_row,
)
from tests.support.sites import Site, output_text

YAML = documents_yaml(
    document_yaml("1/QĐ-UBND")
    + document_yaml("2/QĐ-UBND", file="khong-co.pdf")
    + document_yaml("3/QĐ-UBND", issued="31/02/2026")
    + document_yaml("4/NĐ-UBND", type="Nghị định")
    + document_yaml("1/QĐ-UBND", summary="Trùng số")
    + document_yaml("1/QĐ-UBND", summary="Năm khác, không trùng", issued="2025-01-02")
    + document_yaml("5/QĐ-UBND", file="anh.jpg")
)
XLSX_ROWS = [
    xlsx_row("10/KH-UBND"),
    xlsx_row("11/KH-UBND", type="Ke hoach"),
    xlsx_row("12/KH-UBND", issued="30/02/2025"),
    xlsx_row("13/KH-UBND", file="D:\\Van ban\\13.pdf"),
    xlsx_row("10/KH-UBND", summary="Trùng số"),
]


def line_of(needle: str) -> int:
    return next(n for n, line in enumerate(YAML.splitlines(), 1) if needle in line)


@pytest.fixture(scope="module")
def failed(tmp_path_factory) -> tuple[str, Site]:
    site = Site(tmp_path_factory.mktemp("documents-broken") / "project")
    write_pdf(site.content / "documents/files/qd.pdf")
    write_pdf(site.content / "documents/files/kh.pdf")
    write_pdf(site.content / "documents/files/anh.jpg")
    site.write("documents/2026.yaml", YAML)
    write_xlsx(site.content / "documents/2025.xlsx", XLSX_ROWS)
    site.article("bai", "Bài viết")
    site.output.mkdir(parents=True)
    (site.output / "index.html").write_text("trang cũ", encoding="utf-8")
    return output_text(site.build(ok=False)), site


def test_every_defect_is_reported_and_the_old_site_stays(failed):
    text, site = failed
    assert "Không xây dựng được trang web: 9 lỗi." in text
    assert (site.output / "index.html").read_text(encoding="utf-8") == "trang cũ"
    assert not (site.output / "van-ban").exists()


def test_missing_file(failed):
    text, _site = failed
    assert (
        f"content/documents/2026.yaml, dòng {line_of('khong-co.pdf')}: không tìm thấy tệp"
        " “khong-co.pdf” trong thư mục content/documents/files/. Hãy chép tệp văn bản vào"
        " thư mục content/documents/files/ và ghi tên tệp" in text
    )
    assert (
        "content/documents/2025.xlsx, hàng 5, ô I5: không tìm thấy tệp “D:\\Van ban\\13.pdf”"
        " trong thư mục content/documents/files/ (đường dẫn trên máy tính của bạn)" in text
    )


def test_file_of_another_kind(failed):
    text, _site = failed
    assert (
        f"content/documents/2026.yaml, dòng {line_of('anh.jpg')}: tệp “anh.jpg” không phải"
        " dạng được đăng (PDF, DOCX)" in text
    )


def test_impossible_date(failed):
    text, _site = failed
    assert (
        f"content/documents/2026.yaml, dòng {line_of('31/02/2026')}: mục “issued”: ngày"
        " “31/02/2026” không có thật (ngày 31 tháng 2 năm 2026)" in text
    )
    assert (
        "content/documents/2025.xlsx, hàng 4, ô E4: cột “Ngày ban hành”: ngày “30/02/2025”"
        " không có thật" in text
    )


def test_unknown_type(failed):
    text, _site = failed
    assert (
        f"content/documents/2026.yaml, dòng {line_of('Nghị định')}: mục “type” có giá trị"
        " “Nghị định” không nằm trong danh sách. Có thể bạn muốn viết “Quyết định”." in text
    )
    assert (
        "content/documents/2025.xlsx, hàng 3, ô C3: cột “Loại văn bản” có giá trị “Ke hoach”"
        " không nằm trong danh sách. Có thể bạn muốn viết “Kế hoạch”." in text
    )


def test_duplicate_number_from_the_same_body_in_one_year(failed):
    text, _site = failed
    lines = YAML.splitlines()
    first, second, *_later = [n for n, line in enumerate(lines, 1) if "'1/QĐ-UBND'" in line]
    assert (
        f"content/documents/2026.yaml, dòng {second}: số ký hiệu “1/QĐ-UBND” của Ủy ban nhân"
        f" dân phường Phúc Thành năm 2026 đã có ở content/documents/2026.yaml, dòng {first}."
        in text
    )
    assert (
        "content/documents/2025.xlsx, hàng 6: số ký hiệu “10/KH-UBND” của Ủy ban nhân dân"
        " phường Phúc Thành năm 2025 đã có ở content/documents/2025.xlsx, hàng 2." in text
    )
    # The same number in another year is a new document, not a duplicate.
    assert text.count("số ký hiệu “1/QĐ-UBND”") == 1


def test_one_good_site_builds_with_the_same_files(tmp_path):
    site = Site(tmp_path / "project")
    write_pdf(site.content / "documents/files/qd.pdf")
    site.write("documents/2026.yaml", documents_yaml(document_yaml("1/QĐ-UBND")))
    write_xlsx(
        site.content / "documents/2025.xlsx",
        [xlsx_row("10/KH-UBND", file="qd.pdf", issued=dt.datetime(2025, 1, 2))],
    )
    site.build()
    assert site.exists("/van-ban/1-qd-ubnd-2026/")
    assert site.exists("/van-ban/10-kh-ubnd-2025/")
