"""Reading and ordering documents without Pelican: the plain functions behind the pages."""

from __future__ import annotations

import pytest

from tests.support.document_data import document_yaml, documents_yaml, write_pdf
from wardportal.documents.config import DocumentsConfig
from wardportal.documents.listing import list_documents
from wardportal.documents.load import load_documents, pdf_title
from wardportal.documents.model import FileInfo
from wardportal.settings import apply_defaults
from wardportal.vntext import without_marks


def config_for(content) -> DocumentsConfig:
    return DocumentsConfig.from_settings(apply_defaults({"PATH": str(content)}))


@pytest.fixture
def content(tmp_path):
    write_pdf(tmp_path / "content/documents/files/qd.pdf", title="Tiêu đề trong PDF")
    return tmp_path / "content"


def test_shared_values_at_the_top_of_a_yaml_file_fill_every_document(content):
    text = documents_yaml(document_yaml("1/QĐ-UBND"), issuer="Đảng ủy phường")
    text = "signer: Phạm Minh Tuấn\n" + text.replace("    signer: 'Nguyễn Văn Hùng'\n", "")
    (content / "documents/a.yaml").write_text(text, encoding="utf-8")
    (document,), errors = load_documents(config_for(content))
    assert errors == []
    assert (document.issuer, document.signer) == ("Đảng ủy phường", "Phạm Minh Tuấn")
    assert document.file.title == "Tiêu đề trong PDF"
    assert document.file.url == "van-ban/tep/qd.pdf"
    assert document.url == "van-ban/1-qd-ubnd-2026/"


@pytest.mark.parametrize(
    "typed, expected", [("có", True), ("Còn hiệu lực", True), ("KHÔNG", False), ("hết", False)]
)
def test_in_force_yes_or_no(content, typed, expected):
    text = documents_yaml(document_yaml("1/QĐ-UBND", in_force=typed))
    (content / "documents/a.yaml").write_text(text, encoding="utf-8")
    (document,), errors = load_documents(config_for(content))
    assert document.in_force is expected


def test_in_force_that_is_neither(content):
    text = documents_yaml(document_yaml("1/QĐ-UBND", in_force="chắc vậy"))
    (content / "documents/a.yaml").write_text(text, encoding="utf-8")
    documents, errors = load_documents(config_for(content))
    assert documents == []
    assert "cần ghi “có” hoặc “không”" in str(errors[0])


def test_newest_first_and_types_in_the_order_of_the_settings(content):
    entries = document_yaml("2/TB-UBND", type="Thông báo", issued="2026-01-05")
    entries += document_yaml("10/QĐ-UBND", issued="2026-01-05")
    entries += document_yaml("9/QĐ-UBND", issued="2026-02-01")
    (content / "documents/a.yaml").write_text(documents_yaml(entries), encoding="utf-8")
    config = config_for(content)
    documents, errors = load_documents(config)
    listing = list_documents(documents, config)
    assert [d.number for d in listing.documents] == ["9/QĐ-UBND", "10/QĐ-UBND", "2/TB-UBND"]
    assert [facet.name for facet in listing.facets["type"]] == ["Quyết định", "Thông báo"]
    assert listing.facet_url("type", "thông báo") == "van-ban/loai/thong-bao/"
    assert listing.facets["field"] == []


def test_the_files_folder_is_never_read_as_data(content):
    (content / "documents/files/bang.xlsx").write_bytes(b"not a workbook")
    assert load_documents(config_for(content)) == ([], [])


def test_sizes_and_numbers_as_readers_see_them():
    def label(size: int) -> str:
        return FileInfo("a.pdf", "a.pdf", size, "PDF", "application/pdf").size_label

    assert [label(300), label(85_400), label(1_250_000)] == ["1 KB", "85 KB", "1,2 MB"]
    assert without_marks("123/QĐ-UBND") == "123/QD-UBND"
    assert without_marks("45-KH/đảng ủy") == "45-KH/dang uy"


def test_a_damaged_pdf_has_no_title_and_is_still_published(tmp_path):
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    assert pdf_title(broken) == ""
    # A title that only repeats the file's name, as many programs write, says nothing.
    assert pdf_title(write_pdf(tmp_path / "trong.pdf")) == ""
    assert pdf_title(write_pdf(tmp_path / "a.pdf", title="Microsoft Word - a.docx")) == ""
