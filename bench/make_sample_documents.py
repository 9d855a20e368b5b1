"""Write the sample documents (Văn bản) of Phúc Thành ward: content/documents/2026.yaml,
content/documents/2025.xlsx and one small PDF per document in content/documents/files/.

Numbers, titles and names are invented but follow the forms a ward uses (123/QĐ-UBND,
45-KH/ĐU). Each PDF is one A4 page drawn with Pillow in black and white (about 4 KB), with
its title in the PDF metadata, so the site can show and index it. The files are committed;
run this again only to change the sample:

    .venv/bin/python bench/make_sample_documents.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from PIL import Image, ImageDraw, ImageFont

FOLDER = Path(__file__).resolve().parent.parent / "content/documents"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian's fonts-dejavu-core
UBND = "Ủy ban nhân dân phường Phúc Thành"
DANG_UY = "Đảng ủy phường Phúc Thành"
CHU_TICH = "Nguyễn Văn Hùng"
PHO_CHU_TICH = "Trần Thị Lan"
BI_THU = "Phạm Minh Tuấn"

# (number, type, issuer, issued, effective, summary, signer, field, in force, file)
DOCUMENTS_2026 = [
    (
        "123/QĐ-UBND",
        "Quyết định",
        UBND,
        "2026-03-02",
        "2026-03-02",
        "Về việc kiện toàn tổ hòa giải ở cơ sở các tổ dân phố năm 2026",
        CHU_TICH,
        "Tư pháp",
        "có",
        "123-qd-ubnd.pdf",
    ),
    (
        "45/KH-UBND",
        "Kế hoạch",
        UBND,
        "2026-02-10",
        "",
        "Tổ chức Tết trồng cây “Đời đời nhớ ơn Bác Hồ” xuân Bính Ngọ 2026",
        PHO_CHU_TICH,
        "Tài nguyên - môi trường",
        "",
        "45-kh-ubnd.pdf",
    ),
    (
        "52/TB-UBND",
        "Thông báo",
        UBND,
        "2026-02-24",
        "",
        "Lịch tiếp công dân định kỳ của Chủ tịch Ủy ban nhân dân phường quý I năm 2026",
        CHU_TICH,
        "Tiếp công dân",
        "không",
        "52-tb-ubnd.pdf",
    ),
    (
        "61/BC-UBND",
        "Báo cáo",
        UBND,
        "2026-03-20",
        "",
        "Kết quả công tác cải cách hành chính quý I năm 2026",
        PHO_CHU_TICH,
        "Cải cách hành chính",
        "",
        "61-bc-ubnd.pdf",
    ),
    (
        "215/UBND-VP",
        "Công văn",
        UBND,
        "2026-04-06",
        "",
        "Về việc tăng cường phòng, chống dịch sốt xuất huyết trên địa bàn phường",
        PHO_CHU_TICH,
        "Y tế",
        "",
        "215-ubnd-vp.pdf",
    ),
    (
        "45-KH/ĐU",
        "Kế hoạch",
        DANG_UY,
        "2026-01-15",
        "",
        "Triển khai phong trào thi đua “Dân vận khéo” năm 2026",
        BI_THU,
        "Dân vận",
        "",
        "45-kh-du.pdf",
    ),
    (
        "12-NQ/ĐU",
        "Nghị quyết",
        DANG_UY,
        "2026-01-08",
        "2026-01-08",
        "Về lãnh đạo thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2026",
        BI_THU,
        "Kinh tế",
        "có",
        "12-nq-du.pdf",
    ),
]
DOCUMENTS_2025 = [
    (
        "318/QĐ-UBND",
        "Quyết định",
        UBND,
        "2025-12-15",
        "2025-12-15",
        "Về việc công nhận danh hiệu “Tổ dân phố văn hóa” năm 2025",
        CHU_TICH,
        "Văn hoá - xã hội",
        "có",
        "318-qd-ubnd.pdf",
    ),
    (
        "290/KH-UBND",
        "Kế hoạch",
        UBND,
        "2025-11-03",
        "",
        "Tổng vệ sinh môi trường hưởng ứng “Ngày Chủ nhật xanh”",
        PHO_CHU_TICH,
        "Tài nguyên - môi trường",
        "",
        "290-kh-ubnd.pdf",
    ),
    (
        "305/TB-UBND",
        "Thông báo",
        UBND,
        "2025-11-25",
        "2025-12-01",
        "Về việc thu gom rác thải sinh hoạt theo giờ cố định tại các tổ dân phố",
        PHO_CHU_TICH,
        "Tài nguyên - môi trường",
        "có",
        "305-tb-ubnd.pdf",
    ),
    (
        "276/BC-UBND",
        "Báo cáo",
        UBND,
        "2025-10-20",
        "",
        "Tình hình kinh tế - xã hội 9 tháng đầu năm 2025",
        CHU_TICH,
        "Kinh tế",
        "",
        "276-bc-ubnd.pdf",
    ),
    (
        "15/QĐ-UBND",
        "Quyết định",
        UBND,
        "2025-07-01",
        "2025-07-01",
        "Về việc ban hành Quy chế làm việc của Ủy ban nhân dân phường Phúc Thành",
        CHU_TICH,
        "Cải cách hành chính",
        "có",
        "15-qd-ubnd.pdf",
    ),
]
HEADINGS = ("STT", "Số ký hiệu", "Loại văn bản", "Cơ quan ban hành", "Ngày ban hành")
HEADINGS += ("Ngày hiệu lực", "Trích yếu", "Người ký", "Lĩnh vực", "Còn hiệu lực", "Tệp")


def font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.truetype(str(FONT), size) if FONT.exists() else ImageFont.load_default(size)


def write_pdf(path: Path, document: tuple) -> None:
    """One A4 page (72 dpi, black and white) laid out like a ward's document."""
    number, kind, issuer, issued, _effective, summary, signer, *_rest = document
    day = dt.date.fromisoformat(issued)
    page = Image.new("1", (595, 842), 1)
    draw = ImageDraw.Draw(page)
    small, large = font(13), font(18)
    draw.text((40, 40), issuer.upper(), font=small, fill=0)
    draw.text((40, 60), f"Số: {number}", font=small, fill=0)
    draw.text((330, 40), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=small, fill=0)
    draw.text((350, 60), "Độc lập - Tự do - Hạnh phúc", font=small, fill=0)
    draw.text(
        (330, 90), f"Phúc Thành, ngày {day:%d} tháng {day:%m} năm {day:%Y}", font=small, fill=0
    )
    draw.text((230, 150), kind.upper(), font=large, fill=0)
    words, line, y = summary.split(), "", 185
    for word in words:
        if len(line) + len(word) > 60:
            draw.text((70, y), line, font=small, fill=0)
            line, y = "", y + 20
        line = f"{line} {word}".strip()
    draw.text((70, y), line, font=small, fill=0)
    draw.text((70, y + 50), "(Nội dung văn bản mẫu của cổng thông tin.)", font=small, fill=0)
    draw.text((380, 700), signer, font=small, fill=0)
    page.save(path, title=f"{kind} {number}: {summary}", author=issuer, resolution=72)


def yaml_text() -> str:
    lines = [
        "# Văn bản năm 2026 (xem docs/documents.md). Tạo bởi bench/make_sample_documents.py.",
        f"issuer: {UBND}",
        "entries:",
    ]
    for (
        number,
        kind,
        issuer,
        issued,
        effective,
        summary,
        signer,
        field,
        force,
        file,
    ) in DOCUMENTS_2026:
        lines.append(f'  - number: "{number}"')
        lines.append(f"    type: {kind}")
        if issuer != UBND:
            lines.append(f"    issuer: {issuer}")
        lines.append(f"    issued: {issued}")
        if effective:
            lines.append(f"    effective: {effective}")
        lines.append(f'    summary: "{summary}"')
        lines.append(f"    signer: {signer}")
        lines.append(f"    field: {field}")
        if force:
            lines.append(f"    in_force: {force}")
        lines.append(f"    file: {file}")
    return "\n".join(lines) + "\n"


def write_xlsx(path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Văn bản 2025"
    sheet.append(HEADINGS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, (number, kind, issuer, issued, effective, *rest) in enumerate(DOCUMENTS_2025, 1):
        summary, signer, field, force, file = rest
        day = dt.datetime.fromisoformat(issued)
        starts = dt.datetime.fromisoformat(effective) if effective else None
        sheet.append(
            (index, number, kind, issuer, day, starts, summary, signer, field, force, file)
        )
    for column, width in zip(
        "ABCDEFGHIJK", (5, 14, 12, 34, 14, 14, 60, 18, 22, 12, 18), strict=True
    ):
        sheet.column_dimensions[column].width = width
    workbook.save(path)


def main() -> None:
    files = FOLDER / "files"
    files.mkdir(parents=True, exist_ok=True)
    for document in DOCUMENTS_2026 + DOCUMENTS_2025:
        write_pdf(files / document[-1], document)
    (FOLDER / "2026.yaml").write_text(yaml_text(), encoding="utf-8")
    write_xlsx(FOLDER / "2025.xlsx")
    print(f"{len(DOCUMENTS_2026) + len(DOCUMENTS_2025)} văn bản trong {FOLDER}")


if __name__ == "__main__":
    main()
