"""Text pasted from Word, Zalo and news sites is cleaned on reading, everywhere it enters."""

import gzip
import unicodedata

import pytest

from tests.support.honour_data import csv_text, entry_yaml, row, write_xlsx, yaml_roll
from wardportal.vntext import INVISIBLE, LOOKALIKES, SPACES, clean, match_key, slugify

NBSP, ZWSP, SHY, BOM, LRM, WJ, NNBSP = (
    "\u00a0",
    "\u200b",
    "\u00ad",
    "\ufeff",
    "\u200e",
    "\u2060",
    "\u202f",
)
CONTROLS = {chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))}
JUNK = set(LOOKALIKES) | set(INVISIBLE) | set(SPACES) | {"\u200d", "\u0335"}


@pytest.mark.parametrize(
    ("dirty", "expected"),
    [
        ("\u00d0ảng ủy", "Đảng ủy"),  # Icelandic eth for Đ, as large news sites have it
        ("\u00f0ường phố", "đường phố"),
        ("\u0189oàn Thanh niên", "Đoàn Thanh niên"),
        ("\u0256ội", "đội"),
        ("d\u0335ội D\u0336ảng", "đội Đảng"),
        (f"Dân{NBSP}vận{NNBSP}khéo", "Dân vận khéo"),
        (f"Chuyển{ZWSP} đổi số{WJ}", "Chuyển đổi số"),
        (f"phư{SHY}ờng {BOM}Phúc{LRM} Thành", "phường Phúc Thành"),
        ("Tổ\u202e dân phố\u202c", "Tổ dân phố"),
        ("ô\u000bdòng\u2028mới", "ô dòng mới"),
        ("tab\tvà\ndòng\r\n", "tab\tvà\ndòng\r\n"),
        (unicodedata.normalize("NFD", "Văn hoá"), "Văn hoá"),
        ("a\u200db", "ab"),  # a joiner between letters does nothing
        ("👨\u200d👩\u200d👧 gia đình", "👨\u200d👩\u200d👧 gia đình"),  # one emoji, kept
        ("❤\ufe0f\u200d🔥", "❤\ufe0f\u200d🔥"),
    ],
)
def test_clean_maps_lookalikes_and_removes_invisible_characters(dirty, expected):
    assert clean(dirty) == expected


def test_clean_keeps_lines_so_error_line_numbers_stay_right():
    text = "Title: A\u2028B\nDate: x\u000b\n\nBody\u2029\n"
    assert clean(text).count("\n") == text.count("\n")


def test_clean_leaves_ordinary_text_alone():
    article = "Phường Phúc Thành ra quân dọn vệ sinh, “Dân vận khéo” – 2026.\n" * 2000
    assert clean(article) is article, "clean text is only checked, not rebuilt"
    assert clean(article.replace("Phúc", f"Phúc{NBSP}")) == article.replace("Phúc", "Phúc ")


def test_dirty_spellings_are_one_match_key_and_one_slug():
    assert match_key(f"Chuyển đổi{ZWSP} số") == match_key("Chuyển đổi số")
    assert match_key("\u00d0ảng") == match_key("Đảng")
    assert slugify(f"\u00d0ảng{NBSP}viên{SHY}") == "dang-vien"


def scan_for_junk(folder) -> dict[str, set[str]]:
    """Every file of a built site (search fragments unpacked) → junk characters found in it."""
    found = {}
    for path in folder.rglob("*"):
        # Photos, and Pagefind's program (WebAssembly, the same in every site), are not text.
        if not path.is_file() or path.suffix in {".jpg", ".png", ".webp", ".avif", ".pagefind"}:
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        # The CSV export starts with a byte order mark on purpose (Excel needs it to read UTF-8).
        text = data.decode("utf-8", errors="ignore").removeprefix(BOM)
        # Pagefind's index files are binary: their control bytes are not text.
        binary = path.suffix.startswith(".pf_") and path.suffix != ".pf_fragment"
        junk = {char for char in text if char in JUNK and not (binary and char in CONTROLS)}
        if junk:
            found[str(path.relative_to(folder))] = {f"U+{ord(c):04X}" for c in junk}
    return found


def test_pasted_junk_reaches_no_output_file(site):
    site.article(
        "a",
        f"\u00d0ảng{NBSP}ủy phường họp{ZWSP} bàn{SHY} việc",
        f"Nội{NBSP}dung{ZWSP} có{BOM} chữ \u00f0ường{LRM} và{WJ} dấu{NNBSP}cách.\n\n"
        f"- mục{SHY} một\n- mục \u0189ội",
        tags=f"Chuyển{ZWSP} đổi số, \u00d0ảng viên",
        category=f"Tin{NBSP}tức",
        author=f"Ban{ZWSP} biên tập",
        summary=f"Tóm{NBSP}tắt **\u00f0ậm**{SHY}.",
    )
    site.article("b", "Bài sạch", tags="Chuyển đổi số, Đảng viên", category="Tin tức")
    site.write(
        "pages/gioi-thieu.html",
        f"<html><head><title>Giới{NBSP}thiệu \u00d0ảng{ZWSP} bộ</title>"
        '<meta name="slug" content="gioi-thieu"></head>'
        f"<body><p>Phường{SHY} Phúc{BOM} Thành{LRM}.</p></body></html>",
    )
    site.write(
        "honours/2016-2018.yaml",
        yaml_roll(entry_yaml(f"Mô{NBSP}hình \u00d0oàn{ZWSP}", summary=f"Tóm{SHY} tắt{LRM}")),
    )
    site.write("honours/2019-2020.csv", csv_text([row(f"Tổ{NBSP}dân{ZWSP} phố \u00d0ông")]))
    write_xlsx(site.content / "honours/2021-2022.xlsx", [row(f"Chi{BOM} hội{SHY} \u0189ông")])
    site.build()
    assert scan_for_junk(site.output) == {}
    page = site.html("/tin-tuc/2026/dang-uy-phuong-hop-ban-viec/")
    assert page.h1.get_text() == "Đảng ủy phường họp bàn việc"
    tags = {a.get_text(strip=True): a["href"] for a in page.select(".article-tags a")}
    assert tags == {"Chuyển đổi số": "/tu-khoa/chuyen-doi-so/", "Đảng viên": "/tu-khoa/dang-vien/"}
    # The dirty and the clean spelling are one tag with one page listing both articles.
    assert [a.get_text() for a in site.html("/tu-khoa/").select("main .term-list a")] == [
        "Chuyển đổi số",
        "Đảng viên",
    ]
    assert len(site.html("/tu-khoa/chuyen-doi-so/").select(".cards .card")) == 2
    assert site.html("/gioi-thieu/").h1.get_text() == "Giới thiệu Đảng bộ"
    roll = site.path_of("/bang-vang/").read_text(encoding="utf-8")
    for title in ("Mô hình Đoàn", "Tổ dân phố Đông", "Chi hội Đông"):
        assert title in roll
