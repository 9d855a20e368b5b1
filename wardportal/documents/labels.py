"""The keys of a document (văn bản) and the Vietnamese column headings officers use."""

from __future__ import annotations

from wardportal.datafiles.labels import Key, Schema

KEYS: tuple[Key, ...] = (
    Key("number", "Số ký hiệu", True, ("Số, ký hiệu", "Số hiệu", "Số văn bản", "Ký hiệu")),
    Key("type", "Loại văn bản", True, ("Loại", "Thể loại")),
    Key("issuer", "Cơ quan ban hành", True, ("Cơ quan", "Nơi ban hành", "Đơn vị ban hành")),
    Key("issued", "Ngày ban hành", True, ("Ngày ký", "Ngày văn bản")),
    Key("effective", "Ngày hiệu lực", False, ("Ngày có hiệu lực", "Hiệu lực từ")),
    Key("summary", "Trích yếu", True, ("Trích yếu nội dung", "Tên văn bản", "Nội dung")),
    Key("signer", "Người ký", True, ("Người ký duyệt",)),
    Key("field", "Lĩnh vực", False),
    Key("file", "Tệp", True, ("Tệp đính kèm", "Tệp tin", "Tập tin", "File")),
    Key("in_force", "Còn hiệu lực", False, ("Tình trạng hiệu lực", "Hiệu lực")),
    Key("slug", "Slug", False, ("Mã",)),
)
SCHEMA = Schema(
    KEYS,
    item="văn bản",
    what="Văn bản",
    guide="docs/documents.md",
    file_keys=("issuer", "signer", "type", "field"),
)
