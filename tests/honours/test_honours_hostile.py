"""Broken, hostile and absurd honour files: one clear error each, quickly, never a cascade."""

import zipfile
from pathlib import Path

from conftest import output_text
from honour_data import entry_yaml, row, write_xlsx, yaml_roll
from openpyxl import Workbook
from test_build_errors import snapshot
from test_cli import portal, project_with_conf

from wardportal.build_errors import LOG_FILE
from wardportal.honours import roll, sources
from wardportal.honours.config import RollConfig
from wardportal.honours.files import MAX_DATA_BYTES
from wardportal.honours.places import Place
from wardportal.honours.table_source import MAX_UNPACKED_BYTES, read_xlsx
from wardportal.honours.yaml_source import read_yaml
from wardportal.settings import apply_defaults


def test_a_broken_roll_is_one_error_not_one_per_linking_article(site):
    site.write("honours/2016-2018.yaml", yaml_roll(entry_yaml("Tốt") + '  - title: "Hỏng\n'))
    for number in range(3):
        site.article(f"bai-{number}", f"Bài {number}", honours="tot")
    text = output_text(site.build(ok=False))
    assert "Không xây dựng được trang web: 1 lỗi." in text
    assert "content/honours/2016-2018.yaml, dòng" in text
    assert "Honours" not in text


def test_an_unknown_name_in_a_good_roll_is_still_an_error(site):
    site.write("honours/2016-2018.yaml", yaml_roll(entry_yaml("Tốt")))
    site.article("bai", "Bài viết", honours="tott")
    text = output_text(site.build(ok=False))
    assert (
        "content/articles/bai.md, dòng 2: dòng Honours: không có mô hình, điển hình nào có slug"
        " “tott”. Có thể bạn muốn viết “tot”." in text
    )


def billion_laughs() -> str:
    lines = ["entries:", '  - title: &a ["ha","ha","ha","ha","ha","ha","ha","ha","ha"]']
    for level in range(1, 7):  # 9^7 values once expanded: minutes and gigabytes before
        previous, name = chr(96 + level), chr(97 + level)
        lines.append(f"  - title: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n"


def read(path: Path, reader=read_yaml):
    """What a reader makes of the file. Each hostile file below would take minutes and
    gigabytes if the guard against it broke: the refusal in the errors is what shows it held
    (timings belong in make bench, not in tests)."""
    return reader(path, Place(path.name))


def test_a_yaml_alias_bomb_fails_at_once(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    data = read(path)
    assert [str(error) for error in data.errors] == [
        "bom.yaml, dòng 2: tệp dùng bí danh YAML (“&tên” và “*tên”), bảng vàng không nhận cách"
        " viết này. Hãy viết đầy đủ giá trị ở từng mục thay cho “*tên”."
    ]
    assert data.records == []


def test_a_yaml_bomb_in_a_site_fails_fast_and_keeps_the_published_site(site):
    site.write("honours/2016-2018.yaml", yaml_roll(entry_yaml("Tốt")))
    site.build()
    before = snapshot(site.output)
    site.write("honours/bom.yaml", billion_laughs())
    text = output_text(site.build(ok=False))  # the build's own timeout bounds a broken guard
    assert "content/honours/bom.yaml, dòng 2: tệp dùng bí danh YAML" in text
    assert snapshot(site.output) == before
    checked = portal(project_with_conf(site), "check")
    assert checked.returncode == 1
    assert "content/honours/bom.yaml:2: tệp dùng bí danh YAML" in checked.stdout


def test_a_single_alias_is_refused_too(tmp_path):
    path = tmp_path / "alias.yaml"
    path.write_text(
        yaml_roll(entry_yaml("Một").replace('holder: "Hội Phụ nữ phường"', "holder: &ai Hội A"))
        + yaml_roll(entry_yaml("Hai").replace('holder: "Hội Phụ nữ phường"', "holder: *ai")).split(
            "entries:\n", 1
        )[1],
        encoding="utf-8",
    )
    data = read(path)
    assert "bí danh YAML" in str(data.errors[0])


def test_deeply_nested_yaml_fails_without_crashing(tmp_path):
    # libyaml's parser recurses: this file used to kill the build with a segmentation fault.
    path = tmp_path / "sau.yaml"
    path.write_text("entries: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    data = read(path)
    assert "dữ liệu lồng nhau quá nhiều tầng" in str(data.errors[0])


def test_a_huge_data_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "lon.yaml"
    with path.open("wb") as file:
        file.truncate(MAX_DATA_BYTES + 1)
    data = read(path)
    assert "tệp quá lớn (10 MB, tối đa 10 MB)" in str(data.errors[0])


def test_an_xlsx_zip_bomb_is_refused_before_unpacking(tmp_path):
    path = write_xlsx(tmp_path / "bom.xlsx", [row("Một")])
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/rong.bin", b"\0" * (MAX_UNPACKED_BYTES + 1))
    assert path.stat().st_size < 1_000_000
    data = read(path, reader=read_xlsx)
    assert "tệp Excel chứa quá nhiều dữ liệu (giải nén ra 50 MB)" in str(data.errors[0])


def test_an_xml_entity_bomb_in_a_workbook_is_a_broken_file(tmp_path):
    good = write_xlsx(tmp_path / "tot.xlsx", [row("Một")])
    entities = '<!ENTITY a0 "hahahahahahahahahaha">' + "".join(
        f'<!ENTITY a{level} "{f"&a{level - 1};" * 10}">' for level in range(1, 10)
    )
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as bomb:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                sheet = data.decode().replace("M&#7897;t", "&a9;")
                data = f"<!DOCTYPE worksheet [{entities}]>{sheet}".encode()
            bomb.writestr(name, data)
    data = read(path, reader=read_xlsx)
    assert "bom.xlsx: không mở được tệp Excel (tệp hỏng" in str(data.errors[0])


def test_a_sheet_claiming_a_million_rows_is_cut_short(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Tên", "Loại"])
    sheet.cell(row=1_000_000, column=1, value="Cuối")
    path = tmp_path / "dai.xlsx"
    workbook.save(path)
    data = read(path, reader=read_xlsx)
    assert [str(error) for error in data.errors] == [
        "dai.xlsx, hàng 50001: trang tính có quá nhiều hàng (hơn 50.000 hàng). Hãy xoá các hàng"
        " thừa ở cuối trang tính, hoặc chia danh sách thành nhiều tệp."
    ]


def test_a_script_link_in_an_entry_summary_is_refused(site):
    summary = "Xem [chi tiết](JAVASCRIPT:alert(1)) tại đây"
    site.write("honours/2016-2018.yaml", yaml_roll(entry_yaml("Tốt", summary=summary)))
    text = output_text(site.build(ok=False))
    assert "content/honours/2016-2018.yaml, dòng 10: mục “summary” có liên kết" in text
    assert "JAVASCRIPT:alert(1)" in text and "không được phép" in text


def test_a_reader_failing_unexpectedly_names_the_file_and_logs(tmp_path, monkeypatch):
    (tmp_path / "content/honours").mkdir(parents=True)
    (tmp_path / "content/honours/2019-2020.csv").write_text("x", encoding="utf-8")
    config = RollConfig.from_settings(apply_defaults({"PATH": str(tmp_path / "content")}))

    def broken_reader(path, place, schema):
        raise IndexError("tuple index out of range")

    monkeypatch.setitem(sources._READERS, ".csv", broken_reader)
    entries, errors = roll.load_roll(config)
    assert entries == []
    assert [error.as_check_line().split(" — ")[0] for error in errors] == [
        "content/honours/2019-2020.csv: có lỗi không lường trước khi xử lý tệp này"
        " (IndexError: tuple index out of range)"
    ]
    assert "IndexError" in (tmp_path / LOG_FILE).read_text(encoding="utf-8")


def test_a_photo_on_the_officers_computer_is_explained(site):
    site.write("honours/2016-2018.yaml", yaml_roll(entry_yaml("Tốt", photo="D:/Anh/tot.jpg")))
    text = output_text(site.build(ok=False))
    assert (
        "content/honours/2016-2018.yaml, dòng 10: không tìm thấy ảnh “D:/Anh/tot.jpg”"
        " (đường dẫn trên máy tính của bạn). Hãy chép ảnh vào thư mục content/images/" in text
    )
