"""Document addresses are permanent: renamed files and emptied filters redirect, a removed
document must be listed as gone, and nothing may share an address with a document's file."""

from __future__ import annotations

from tests.support.document_data import document_yaml, documents_yaml, write_pdf
from tests.support.sites import Site, output_text, redirect_target


def two_documents(site: Site, file: str = "qd.pdf", second_type: str = "Thông báo") -> None:
    write_pdf(site.content / f"documents/files/{file}")
    entries = document_yaml("1/QĐ-UBND", file=file)
    entries += document_yaml("2/TB-UBND", type=second_type, file=file)
    site.write("documents/2026.yaml", documents_yaml(entries))


def test_a_renamed_file_and_an_emptied_filter_keep_working(site):
    two_documents(site)
    site.build()
    (site.content / "documents/files/qd.pdf").unlink()
    two_documents(site, file="quyet-dinh-1.pdf", second_type="Quyết định")
    site.build()
    assert redirect_target(site, "/van-ban/tep/qd.pdf") == "/van-ban/tep/quyet-dinh-1.pdf"
    # No document of that type is left: its filter page sends readers to the list.
    assert redirect_target(site, "/van-ban/loai/thong-bao/") == "/van-ban/"


def test_a_removed_document_must_be_listed_as_gone(site):
    two_documents(site)
    site.build()
    site.write("documents/2026.yaml", documents_yaml(document_yaml("1/QĐ-UBND", file="qd.pdf")))
    text = output_text(site.build(ok=False))
    assert "địa chỉ /van-ban/2-tb-ubnd-2026/ (văn bản “2/TB-UBND – Trích yếu" in text
    assert "địa chỉ /van-ban/tep/qd.pdf" not in text  # the other document still has it
    site.write(".portal/gone.txt", "/van-ban/2-tb-ubnd-2026/\n")
    site.build()
    assert '"/van-ban/2-tb-ubnd-2026/" "1";' in site.path_of("/_portal/gone.map").read_text(
        encoding="utf-8"
    )


def test_a_page_cannot_take_a_document_address(site):
    two_documents(site)
    site.write("pages/trung.md", "Title: Trùng\nSlug: van-ban\nSave_as: van-ban/index.html\n\nx\n")
    text = output_text(site.build(ok=False))
    assert "địa chỉ /van-ban/ bị tạo hai lần" in text
