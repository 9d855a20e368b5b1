"""Write content/honours/2016-2020.xlsx: the ward's 2016–2020 recognitions, as a spreadsheet.

The officer keeps this list in Excel, so the sample is a real workbook with Vietnamese
headings (and an STT column the roll ignores): 6 models and exemplars recognised at ward
level, and 3 proposed to the city, whose stages are written in the "Quá trình" column.

    .venv/bin/python bench/make_sample_honours.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

TARGET = Path(__file__).resolve().parent.parent / "content/honours/2016-2020.xlsx"
HEADINGS = (
    "STT",
    "Tên mô hình, điển hình",
    "Loại",
    "Đơn vị/Cá nhân",
    "Chức vụ",
    "Lĩnh vực",
    "Giai đoạn",
    "Trạng thái",
    "Cấp",
    "Số quyết định",
    "Ngày",
    "Mã",
    "Quá trình",
    "Tóm tắt",
)
RECOGNISED = dt.date(2020, 10, 12)
DECISION = "45/QĐ-BCĐ"
PROPOSAL = "18/TTr-BCĐ"
PROPOSED_ON = dt.date(2020, 10, 20)
PROPOSAL_STAGES = (
    f"2020-10-12: công nhận, phường, {DECISION}; 2020-10-20: đề nghị, thành phố, {PROPOSAL}"
)
# title, kind, holder, role, field, status, level, decision, date, slug, history, summary
ROWS = (
    (
        "Giúp hội viên vay vốn, mở rộng kinh doanh dịch vụ",
        "Mô hình",
        "Hội Liên hiệp Phụ nữ phường",
        "",
        "Phát triển kinh tế",
        "Công nhận",
        "Phường",
        DECISION,
        RECOGNISED,
        "",
        "",
        "Hội đứng ra tín chấp để 42 hội viên vay vốn mở quán ăn, cửa hàng tạp hoá, xưởng may.",
    ),
    (
        "Tuyến phố kinh doanh văn minh, an toàn",
        "Mô hình",
        "Chi bộ phố Lương Văn Thăng",
        "",
        "Phát triển kinh tế",
        "Công nhận",
        "Phường",
        DECISION,
        RECOGNISED,
        "",
        "",
        "",
    ),
    (
        "Khu dân cư xanh - sạch - đẹp",
        "Mô hình",
        "Tổ dân phố Phúc Lộc",
        "",
        "Văn hóa - xã hội",
        "Công nhận",
        "Phường",
        DECISION,
        RECOGNISED,
        "",
        "",
        "",
    ),
    (
        "Câu lạc bộ liên thế hệ tự giúp nhau",
        "Mô hình",
        "Hội Người cao tuổi phường",
        "",
        "Văn hóa - xã hội",
        "Công nhận",
        "Phường",
        DECISION,
        RECOGNISED,
        "",
        "",
        "Người cao tuổi và thanh niên cùng sinh hoạt, thăm hỏi nhau và giúp người neo đơn.",
    ),
    (
        "Vận động khuyến học, khuyến tài ở khu dân cư",
        "Điển hình",
        "Trần Văn Lâm",
        "Chi hội trưởng Chi hội Khuyến học phố Phúc Sơn",
        "Văn hóa - xã hội",
        "Công nhận",
        "Phường",
        DECISION,
        RECOGNISED,
        "",
        "",
        "",
    ),
    (
        "Tận tình chăm sóc người bệnh có hoàn cảnh khó khăn",
        "Điển hình",
        "Phạm Thị Hoa",
        "Trạm trưởng Trạm Y tế phường",
        "Văn hóa - xã hội",
        "Công nhận",
        "Phường",
        DECISION,
        RECOGNISED,
        "",
        "",
        "",
    ),
    (
        "Tuyên truyền, vận động hội viên giữ trật tự đô thị, vệ sinh môi trường,"
        " an toàn thực phẩm trên tuyến đường Hải Thượng Lãn Ông",
        "Mô hình",
        "Hội Liên hiệp Phụ nữ phường",
        "",
        "Văn hóa - xã hội",
        "",
        "",
        PROPOSAL,
        PROPOSED_ON,
        "tuyen-truyen-hai-thuong-lan-ong",
        PROPOSAL_STAGES,
        "",
    ),
    (
        "Vận động nhân dân tham gia dọn vệ sinh khu dân cư vào sáng thứ Bảy hằng tuần",
        "Điển hình",
        "Nguyễn Đức Sáng",
        "Bí thư chi bộ phố Phúc Ninh",
        "Văn hóa - xã hội",
        "",
        "",
        PROPOSAL,
        PROPOSED_ON,
        "thu-bay-sach-phuc-ninh",
        PROPOSAL_STAGES,
        "",
    ),
    (
        "Đổi mới phương pháp dạy và học, nâng cao chất lượng giảng dạy trong nhà trường",
        "Điển hình",
        "Nguyễn Thị Song Phương",
        "Giáo viên Trường THCS Lý Tự Trọng",
        "Văn hóa - xã hội",
        "",
        "",
        PROPOSAL,
        PROPOSED_ON,
        "doi-moi-day-hoc-ly-tu-trong",
        PROPOSAL_STAGES,
        "",
    ),
)


def write_workbook(target: Path = TARGET) -> Path:
    """Write the sample workbook (overwriting it) and return its path."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "2016-2020"
    sheet.append(HEADINGS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(ROWS, start=1):
        title, kind, holder, role, field, status, level, decision, date, slug, stages, summary = row
        sheet.append(
            (number, title, kind, holder, role, field, "2016 - 2020", status, level, decision)
            + (date, slug, stages, summary)
        )
        sheet.cell(row=number + 1, column=11).number_format = "DD/MM/YYYY"
    for column, width in zip(
        "ABCDEFGHIJKLMN", (5, 60, 10, 28, 30, 22, 12, 12, 10, 14, 12, 30, 40, 50), strict=True
    ):
        sheet.column_dimensions[column].width = width
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
    return target


if __name__ == "__main__":
    print(write_workbook())
