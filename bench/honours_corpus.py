"""Synthetic honour-roll data for the build benchmark: many entries in YAML and CSV files.

bench/build_bench.py calls write_synthetic_honours(folder, 2000, seed) beside its synthetic
articles. The data is deterministic for a seed and uses the spellings officers really type
(old and new tone placement, missing dashes, semicolon CSV with a BOM), so the benchmark
measures the same normalisation work a real roll needs.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from wardportal.honours.labels import BY_NAME

PERIODS = ("2006-2010", "2011-2015", "2016-2020", "2021-2025", "2026-2030")
FIELDS = (
    "Phát triển kinh tế",
    "văn hóa xã hội",
    "Văn hoá - xã hội",
    "An ninh - quốc phòng",
    "xây dựng hệ thống chính trị",
)
STATUSES = ("đăng ký", "công nhận", "khen thưởng", "đề nghị")
LEVELS = ("phường", "thành phố", "tỉnh")
ACTIONS = (
    "Vận động nhân dân",
    "Tuyên truyền, hướng dẫn hội viên",
    "Phối hợp các hộ gia đình",
    "Đồng hành cùng người dân",
    "Huy động đoàn viên, thanh niên",
    "Gắn kết các thế hệ",
)
AIMS = (
    "giữ gìn vệ sinh môi trường",
    "bảo đảm an toàn thực phẩm",
    "phát triển kinh tế hộ gia đình",
    "giữ vững an ninh, trật tự",
    "xây dựng khu dân cư văn hoá",
    "chuyển đổi số trong thủ tục hành chính",
    "khuyến học, khuyến tài",
    "chăm sóc người cao tuổi neo đơn",
)
PLACES = ("phố Phúc Ninh", "phố Phúc Lộc", "phố Phúc Sơn", "phố Phúc Thịnh", "tổ dân phố số 7")
UNITS = (
    "Hội Liên hiệp Phụ nữ phường",
    "Đoàn Thanh niên phường",
    "Hội Cựu chiến binh phường",
    "Chi bộ phố Phúc Ninh",
    "Ban công tác Mặt trận phố Phúc Lộc",
)
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
MIDDLES = ("Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc")
GIVEN = ("An", "Ánh", "Bình", "Dũng", "Đạt", "Hà", "Hải", "Hương", "Khánh", "Lan", "Sáng", "Yến")
# The importer's own labels, in the order of docs/honours.md's table (Tên … Tóm tắt).
CSV_HEADINGS = tuple(
    BY_NAME[name].label
    for name in (
        "title", "kind", "holder", "holder_role", "field", "period",
        "status", "level", "decision", "date", "summary",
    )
)  # fmt: skip


def write_synthetic_honours(folder: Path, count: int, seed: int) -> None:
    """Write `count` entries spread over one YAML and one CSV file per period."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    batches: dict[tuple[str, str], list[dict]] = {}
    for number in range(1, count + 1):
        period = PERIODS[number % len(PERIODS)]
        suffix = "yaml" if number % 2 else "csv"
        batches.setdefault((period, suffix), []).append(_entry(rng, number, period))
    for (period, suffix), entries in sorted(batches.items()):
        path = folder / f"tong-hop-{period}.{suffix}"
        if suffix == "yaml":
            _write_yaml(path, period, entries)
        else:
            _write_csv(path, entries, semicolon=period.endswith("0"))


def _entry(rng: random.Random, number: int, period: str) -> dict:
    kind = rng.choice(("mô hình", "điển hình"))
    person = kind == "điển hình"
    start = int(period[:4])
    year = rng.randint(start, start + 4)
    entry = {
        "title": f"{rng.choice(ACTIONS)} {rng.choice(AIMS)} ở {rng.choice(PLACES)} ({number})",
        "kind": kind,
        "holder": _person(rng) if person else rng.choice(UNITS),
        "holder_role": f"Tổ trưởng {rng.choice(PLACES)}" if person else "",
        "field": rng.choice(FIELDS),
        "status": rng.choice(STATUSES),
        "level": rng.choice(LEVELS),
        "decision": f"{rng.randint(1, 120)}/QĐ-UBND" if rng.random() < 0.6 else "",
        "date": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{year}",
        "summary": (
            f"Cách làm **{rng.choice(AIMS)}** được {rng.randint(20, 300)} hộ hưởng ứng,"
            f" duy trì đều đặn từ năm {year}."
            if rng.random() < 0.5
            else ""
        ),
    }
    if rng.random() < 0.2:
        entry["history"] = [
            {"date": f"{year}-03-01", "status": "đăng ký", "level": "phường"},
            {"date": f"{year}-10-15", "status": entry["status"], "level": entry["level"]},
        ]
        entry["date"] = f"15/10/{year}"
    return entry


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVEN)}"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _write_yaml(path: Path, period: str, entries: list[dict]) -> None:
    lines = ["campaign: Dân vận khéo", f"period: {period}", "entries:"]
    for entry in entries:
        lines.append(f"  - title: {_quoted(entry['title'])}")
        for key in ("kind", "holder", "holder_role", "field", "decision", "date", "summary"):
            if entry[key]:
                lines.append(f"    {key}: {_quoted(entry[key])}")
        if "history" in entry:
            lines.append("    history:")
            for stage in entry["history"]:
                stage_text = ", ".join(f"{key}: {value}" for key, value in stage.items())
                lines.append(f"      - {{{stage_text}}}")
        else:
            lines.append(f"    status: {entry['status']}")
            lines.append(f"    level: {entry['level']}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_csv(path: Path, entries: list[dict], semicolon: bool) -> None:
    period = path.stem.removeprefix("tong-hop-")
    with path.open("w", encoding="utf-8-sig" if semicolon else "utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";" if semicolon else ",")
        writer.writerow(CSV_HEADINGS)
        for entry in entries:
            writer.writerow(
                (
                    entry["title"],
                    entry["kind"],
                    entry["holder"],
                    entry["holder_role"],
                    entry["field"],
                    period,
                    entry["status"],
                    entry["level"],
                    entry["decision"],
                    entry["date"],
                    entry["summary"],
                )
            )
