"""Read the documents' folder into checked Documents, or the list of what is wrong.

Every defect of every file is collected (ContentError with file and line, or row and cell):
an unknown type, an impossible date, a file that is not in the files folder, one number
given twice by the same body in the same year.
"""

from __future__ import annotations

import logging
from pathlib import Path

from wardportal.build_errors import ContentError
from wardportal.datafiles.files import data_files
from wardportal.datafiles.folder import read_data_files
from wardportal.datafiles.records import Record
from wardportal.datafiles.values import ValueReader
from wardportal.documents.config import FILE_KINDS, DocumentsConfig
from wardportal.documents.labels import SCHEMA
from wardportal.documents.model import Document, FileInfo
from wardportal.safe_html import computer_path
from wardportal.vntext import clean, match_key, slugify, vocabulary_key

_YES = {vocabulary_key(word) for word in ("có", "còn", "còn hiệu lực", "x", "yes", "true", "1")}
_NO = {vocabulary_key(word) for word in ("không", "hết", "hết hiệu lực", "no", "false", "0")}


def load_documents(config: DocumentsConfig) -> tuple[list[Document], list[ContentError]]:
    """Every document of the folder (in file order) and every defect found.

    The files folder (`files/`) holds the PDFs and Word files, never data: it is skipped.
    """
    errors: list[ContentError] = []
    documents: list[Document] = []
    paths = [
        path for path in data_files(config.folder) if not path.is_relative_to(config.files_folder)
    ]
    for _path, data in read_data_files(paths, SCHEMA, config.shown, config.project_root, errors):
        for record in data.records:
            document = build_document(record, data.defaults, config, errors)
            if document is not None:
                documents.append(document)
    errors += check_unique(documents)
    return documents, errors


def build_document(
    record: Record, defaults: Record | None, config: DocumentsConfig, errors: list[ContentError]
) -> Document | None:
    """The document a record describes (the file's shared values filling its gaps), or None
    when anything is wrong with it; the problems go to `errors`."""
    if defaults is not None:
        for key, value in defaults.values.items():
            if record.values.get(key) in (None, ""):
                record.values[key] = value
                record.places[key] = defaults.where(key)
                record.spelled[key] = defaults.spelled.get(key, key)
    found: list[ContentError] = []
    values = ValueReader(record, found)
    number = values.text("number", required=True)
    kind = values.choice("type", config.types)
    issuer = values.text("issuer", required=True)
    issued = values.date("issued", required=True)
    effective = values.date("effective")
    summary = values.text("summary", required=True)
    signer = values.text("signer", required=True)
    in_force = _yes_no(values)
    file = _file(values, config)
    slug = _slug(values, number, issued.year if issued else 0)
    errors += found
    if found or issued is None or file is None:
        return None
    document = Document(
        number=number,
        type=kind,
        issuer=issuer,
        issued=issued,
        summary=summary,
        signer=signer,
        file=file,
        slug=slug,
        place=record.place,
        effective=effective,
        field=values.text("field"),
        in_force=in_force,
    )
    document.url = config.page_url.format(slug=slug)
    return document


def _yes_no(values: ValueReader) -> bool | None:
    typed = values.text("in_force")
    if not typed:
        return None
    key = vocabulary_key(typed)
    if key in _YES or key in _NO:
        return key in _YES
    values.fail(
        "in_force",
        f"{values.record.name('in_force')} có giá trị “{typed}”, cần ghi “có” hoặc “không”",
        "Để trống nếu không rõ",
    )
    return None


def _slug(values: ValueReader, number: str, year: int) -> str:
    typed = values.text("slug")
    slug = slugify(typed or f"{number} {year}")
    if typed and not slug:
        values.fail("slug", f"{values.record.name('slug')} “{typed}” không dùng được làm đường dẫn")
    return slug


def _file(values: ValueReader, config: DocumentsConfig) -> FileInfo | None:
    """The document's file, which must be a PDF or Word file inside the files folder."""
    typed = values.text("file", required=True)
    if not typed:
        return None
    folder = config.shown(config.files_folder)
    name = typed.replace("\\", "/").removeprefix("files/")
    target = (config.files_folder / name).resolve()
    if computer_path(typed) or not (
        target.is_file() and target.is_relative_to(config.files_folder.resolve())
    ):
        where = " (đường dẫn trên máy tính của bạn)" if computer_path(typed) else ""
        values.fail(
            "file",
            f"không tìm thấy tệp “{typed}” trong thư mục {folder}/{where}",
            f"Hãy chép tệp văn bản vào thư mục {folder}/ và ghi tên tệp, ví dụ 123-qd-ubnd.pdf",
        )
        return None
    suffix = target.suffix.lower()
    if suffix not in FILE_KINDS:
        allowed = ", ".join(kind for kind, _mime in FILE_KINDS.values())
        values.fail(
            "file",
            f"tệp “{typed}” không phải dạng được đăng ({allowed})",
            "Hãy lưu văn bản thành PDF (hoặc .docx) rồi ghi tên tệp đó",
        )
        return None
    kind, mime = FILE_KINDS[suffix]
    published = "-".join(slugify(part) for part in Path(name).with_suffix("").parts) + suffix
    return FileInfo(
        source=Path(name).as_posix(),
        url=config.file_url.format(name=published),
        size=target.stat().st_size,
        kind=kind,
        mime=mime,
        title=pdf_title(target) if suffix == ".pdf" else "",
    )


def pdf_title(path: Path) -> str:
    """The title a PDF carries in its metadata ("" when it has none or cannot be read).

    It is indexed for search with the document; a damaged PDF is still published. A title
    that only names the file ("123", "Microsoft Word - 123.docx"), as many programs write
    it, says nothing and is left out.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        metadata = PdfReader(path).metadata
        title = metadata.title if metadata else None
    except (PyPdfError, OSError, ValueError, KeyError, TypeError):
        return ""
    title = clean(str(title or "")).strip()
    named = title.removeprefix("Microsoft Word - ")
    return "" if named in (path.stem, path.name) or Path(named).stem == path.stem else title


def check_unique(documents: list[Document]) -> list[ContentError]:
    """One number twice from one body in one year, or two documents at one address."""
    errors = []
    numbers: dict[tuple[str, str, int], Document] = {}
    slugs: dict[str, Document] = {}
    for document in documents:
        key = (match_key(document.number), vocabulary_key(document.issuer), document.year)
        first = numbers.setdefault(key, document)
        if first is not document:
            errors.append(
                document.place.error(
                    f"số ký hiệu “{document.number}” của {document.issuer} năm {document.year}"
                    f" đã có ở {first.place}",
                    "Mỗi văn bản của một cơ quan trong một năm có một số riêng: hãy sửa số"
                    " ký hiệu, hoặc xoá dòng trùng",
                )
            )
            continue
        first = slugs.setdefault(document.slug, document)
        if first is not document:
            errors.append(
                document.place.error(
                    f"“{document.number}” trùng đường dẫn /{document.url} với"
                    f" “{first.number}” ở {first.place}",
                    "Hãy ghi một slug khác cho một trong hai (mục “slug”, cột “Slug”)",
                )
            )
    return errors
