"""Bad honour data stops the build with the file, the line or row, and what to do, in Vietnamese.

Each site below holds many defects at once, so one build checks that all of them are
reported together; each test then looks for its own message.
"""

from __future__ import annotations

import pytest

from tests.support.honour_data import LABELS, csv_text, entry_yaml, row, write_xlsx, yaml_roll
from tests.support.sites import Site, output_text

TABLE_HEADER = (*LABELS, "Ảnh", "Bài viết")

# One entry per defect that lives inside a single entry; the same in every format.
DEFECTS = {
    "missing": {"field": ""},
    "vocabulary": {"kind": "mo hinh"},
    "date": {"date": "31/02/2018"},
    "photo": {"photo": "images/khong-co.jpg"},
    "article": {"articles": "bai-tott"},
}


def line_with(text: str, needle: str, start: int = 0) -> int:
    """1-based number of the first line after `start` that contains needle."""
    lines = text.splitlines()
    return next(n for n, line in enumerate(lines, 1) if n > start and needle in line)


def yaml_file() -> str:
    entries = entry_yaml("Tốt")
    entries += '  - title: "Thiếu lĩnh vực"\n    kind: mô hình\n    holder: Hội A\n'
    entries += "    status: đăng ký\n    level: phường\n"
    for name, values in DEFECTS.items():
        if name != "missing":
            entries += entry_yaml(f"Lỗi {name}", **values)
    entries += entry_yaml("Trùng tên") + entry_yaml("Trùng tên")
    return yaml_roll(entries, period="2019-2020")


def table_rows() -> list[list[object]]:
    rows = [row("Tốt") + ["", ""]]
    for name, values in DEFECTS.items():
        extra = [values.get("photo", ""), values.get("articles", "")]
        plain = {key: value for key, value in values.items() if key not in ("photo", "articles")}
        rows.append(row(f"Lỗi {name}", **plain) + extra)
    rows += [row("Trùng tên") + ["", ""], row("Trùng tên") + ["", ""]]
    return rows


def build_broken(tmp_path_factory, kind: str) -> tuple[str, str]:
    site = Site(tmp_path_factory.mktemp(kind) / "project")
    site.article("bai-tot", "Bài tốt")
    if kind == "yaml":
        site.write("honours/2019-2020.yaml", yaml_file())
    elif kind == "csv":
        site.write("honours/2019-2020.csv", csv_text(table_rows(), header=TABLE_HEADER))
    else:
        write_xlsx(site.content / "honours/2019-2020.xlsx", table_rows(), header=TABLE_HEADER)
    result = site.build(ok=False)
    assert not (site.output / "index.html").exists()
    return output_text(result), kind


@pytest.fixture(scope="module", params=["yaml", "csv", "xlsx"])
def broken(request, tmp_path_factory):
    return build_broken(tmp_path_factory, request.param)


def where(kind: str, needle: str, column: str = "") -> str:
    """How the message names the place of the entry holding needle, in each format."""
    if kind == "yaml":
        text = yaml_file()
        return f"content/honours/2019-2020.yaml, dòng {line_with(text, needle)}"
    number = 2 + next(i for i, r in enumerate(table_rows()) if r[0] == needle)
    if kind == "csv":
        return f"content/honours/2019-2020.csv, dòng {number}"
    return f"content/honours/2019-2020.xlsx, hàng {number}" + (
        f", ô {column}{number}" if column else ""
    )


def test_all_defects_of_the_file_are_reported_together(broken):
    text, _kind = broken
    assert "Không xây dựng được trang web: 6 lỗi." in text
    assert "được giữ nguyên" in text


def test_missing_required_value(broken):
    text, kind = broken
    if kind == "yaml":
        expected = f"{where(kind, 'Thiếu lĩnh vực')}: thiếu mục “field” (Lĩnh vực)."
        assert expected in text
        assert "Hãy thêm một dòng “field: …”" in text
    else:
        expected = (
            f"{where(kind, 'Lỗi missing', 'E')}: ô ở cột “Lĩnh vực” còn trống. Hãy điền ô này."
        )
        assert expected in text


def test_value_outside_the_vocabulary_lists_allowed_values_and_nearest(broken):
    text, kind = broken
    place = (
        f"content/honours/2019-2020.yaml, dòng {line_with(yaml_file(), 'mo hinh')}"
        if kind == "yaml"
        else where(kind, "Lỗi vocabulary", "B")
    )
    name = "mục “kind”" if kind == "yaml" else "cột “Loại”"
    assert (
        f"{place}: {name} có giá trị “mo hinh” không nằm trong danh sách. Có thể bạn muốn viết"
        " “mô hình”. Các giá trị được dùng: “mô hình”, “điển hình”." in text
    )


def test_impossible_date(broken):
    text, kind = broken
    place = (
        f"content/honours/2019-2020.yaml, dòng {line_with(yaml_file(), '31/02/2018')}"
        if kind == "yaml"
        else where(kind, "Lỗi date", "J")
    )
    assert f"{place}: " in text
    assert "ngày “31/02/2018” không có thật (ngày 31 tháng 2 năm 2018)" in text


def test_photo_that_does_not_exist(broken):
    text, kind = broken
    place = (
        f"content/honours/2019-2020.yaml, dòng {line_with(yaml_file(), 'khong-co.jpg')}"
        if kind == "yaml"
        else where(kind, "Lỗi photo", "K")
    )
    assert f"{place}: không tìm thấy ảnh “images/khong-co.jpg”. Hãy chép ảnh vào thư mục" in text


def test_entry_naming_an_article_that_does_not_exist(broken):
    text, kind = broken
    place = (
        f"content/honours/2019-2020.yaml, dòng {line_with(yaml_file(), 'bai-tott')}"
        if kind == "yaml"
        else where(kind, "Lỗi article", "L")
    )
    assert (
        f"{place}: “Lỗi article” nhắc tới bài viết “bai-tott” nhưng không có bài viết nào"
        " như vậy. Có thể bạn muốn viết “bai-tot”." in text
    )


def test_two_entries_with_one_slug_in_a_period_name_both_places(broken):
    text, kind = broken
    if kind == "yaml":
        first = line_with(yaml_file(), "Trùng tên")
        second = (
            f"content/honours/2019-2020.yaml, dòng {line_with(yaml_file(), 'Trùng tên', first)}"
        )
        first = f"content/honours/2019-2020.yaml, dòng {first}"
    else:
        number = len(table_rows())
        unit = "dòng" if kind == "csv" else "hàng"
        first = f"content/honours/2019-2020.{kind}, {unit} {number}"
        second = f"content/honours/2019-2020.{kind}, {unit} {number + 1}"
    assert (
        f"{second}: “Trùng tên” trùng đường dẫn /bang-vang/2019-2020/trung-ten/ với “Trùng tên”"
        f" ở {first} (cùng giai đoạn 2019–2020)" in text
    )


# Defects that stop a whole file, all in one site.
FILE_DEFECTS = {
    "yaml-syntax": ("cu-phap.yaml", "content/honours/cu-phap.yaml, dòng 4: sai cú pháp YAML"),
    "yaml-empty": ("rong.yaml", "content/honours/rong.yaml: tệp không có mô hình, điển hình nào"),
    "csv-empty": ("rong.csv", "content/honours/rong.csv: tệp không có mô hình, điển hình nào"),
    "csv-header-only": (
        "tieu-de.csv",
        "content/honours/tieu-de.csv, dòng 1: tệp không có mô hình, điển hình nào",
    ),
    "xlsx-empty": ("rong.xlsx", "content/honours/rong.xlsx: tệp không có mô hình, điển hình nào"),
    "csv-not-utf8": (
        "cp1258.csv",
        "content/honours/cp1258.csv, dòng 2: tệp không được lưu theo bảng mã UTF-8",
    ),
    "yaml-not-utf8": (
        "latin.yaml",
        "content/honours/latin.yaml, dòng 1: tệp không được lưu theo bảng mã UTF-8",
    ),
    "xlsx-unreadable": (
        "hong.xlsx",
        "content/honours/hong.xlsx: không mở được tệp Excel (tệp hỏng hoặc không phải định dạng"
        " .xlsx). Hãy mở tệp bằng Excel và lưu lại",
    ),
    "csv-missing-column": (
        "thieu-cot.csv",
        "content/honours/thieu-cot.csv, dòng 1: thiếu cột “Lĩnh vực”. Hãy thêm cột “Lĩnh vực”"
        " (hoặc “field”) vào dòng tiêu đề, hoặc sửa tên cột “Linh vục” nếu đó là cột này.",
    ),
    "xlsx-missing-column": (
        "thieu-cot.xlsx",
        "content/honours/thieu-cot.xlsx, hàng 1: thiếu cột “Trạng thái”",
    ),
    "yaml-unknown-key": (
        "la.yaml",
        "content/honours/la.yaml, dòng 10: mục “feild” không có trong mẫu. Có thể bạn muốn viết"
        " “field”.",
    ),
    "duplicate-across-files": (
        "trung.csv",
        "content/honours/trung.csv, dòng 2: “Tốt” trùng đường dẫn /bang-vang/2016-2018/tot/ với"
        " “Tốt” ở content/honours/tot.yaml, dòng 4 (cùng giai đoạn 2016–2018)",
    ),
}


@pytest.fixture(scope="module")
def broken_files(tmp_path_factory) -> str:
    site = Site(tmp_path_factory.mktemp("files") / "project")
    site.write("honours/tot.yaml", yaml_roll(entry_yaml("Tốt")))
    site.write("honours/cu-phap.yaml", yaml_roll('  - title: "Thiếu ngoặc\n    kind: mô hình\n'))
    site.write("honours/rong.yaml", "# chưa nhập\n")
    site.write("honours/rong.csv", "")
    site.write("honours/tieu-de.csv", csv_text([]))
    write_xlsx(site.content / "honours/rong.xlsx", [], header=())
    # Excel's "CSV" on a Vietnamese Windows: a legacy code page, not UTF-8.
    (site.content / "honours/cp1258.csv").write_bytes(b"title,kind\nPho\xccng,m\xf4 hi\xecnh\n")
    site.write("honours/latin.yaml", "period: 2016-2018 \xe9\n", encoding="latin-1")
    site.write("honours/hong.xlsx", "đây không phải tệp Excel")
    header = [label if label != "Lĩnh vực" else "Linh vục" for label in LABELS]
    site.write("honours/thieu-cot.csv", csv_text([row("Một")], header=header))
    header = [label for label in LABELS if label != "Trạng thái"]
    write_xlsx(site.content / "honours/thieu-cot.xlsx", [["Một"]], header=header)
    site.write("honours/la.yaml", yaml_roll(entry_yaml("Lạ", feild="x")))
    site.write("honours/trung.csv", csv_text([row("Tốt", period="2016-2018")]))
    # The roll has errors: a name in an article is not also reported as missing.
    site.article("bai", "Bài viết", honours="tott")
    return output_text(site.build(ok=False))


def test_file_defects_are_all_reported_in_one_build(broken_files):
    assert f"Không xây dựng được trang web: {len(FILE_DEFECTS)} lỗi." in broken_files


@pytest.mark.parametrize("defect", sorted(FILE_DEFECTS))
def test_each_file_defect_names_file_and_place(broken_files, defect):
    _name, expected = FILE_DEFECTS[defect]
    assert expected in broken_files


def test_yaml_syntax_error_says_what_to_fix(broken_files):
    assert "thiếu dấu ngoặc kép đóng. Hãy sửa dòng này" in broken_files


def test_failed_build_leaves_the_published_site_untouched(site):
    site.write("honours/2016-2018.yaml", yaml_roll(entry_yaml("Tốt")))
    site.build()
    before = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    site.write("honours/2019-2020.csv", csv_text([row("Mới", field="không có")]))
    site.write("honours/2016-2018.yaml", yaml_roll(entry_yaml("Tốt") + entry_yaml("Thêm")))
    text = output_text(site.build(ok=False))
    assert "content/honours/2019-2020.csv, dòng 2: cột “Lĩnh vực” có giá trị “không có”" in text
    after = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    assert after == before
    assert not site.exists("/bang-vang/2016-2018/them/")
    assert [p.name for p in site.root.iterdir() if p.name.startswith(".output")] == []
