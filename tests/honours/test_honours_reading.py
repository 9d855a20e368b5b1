"""Reading honour data without Pelican: vocabularies, periods, the three formats, positions."""

import csv
import datetime as dt
import io
import json
import unicodedata
from pathlib import Path

import pytest

from tests.support.honour_data import csv_text, entry_yaml, row, write_xlsx, yaml_roll
from wardportal.datafiles.places import Place
from wardportal.datafiles.table_source import read_csv, read_xlsx
from wardportal.datafiles.vocabulary import Vocabulary
from wardportal.datafiles.yaml_source import read_yaml
from wardportal.honours.config import RollConfig
from wardportal.honours.export import to_csv, to_json
from wardportal.honours.history import format_history, read_history
from wardportal.honours.labels import SCHEMA, key_for, nearest_key
from wardportal.honours.periods import PeriodError, parse_period
from wardportal.honours.roll import load_roll
from wardportal.honours.summary import count_table
from wardportal.settings import apply_defaults

FIELDS = Vocabulary(
    [
        "Phát triển kinh tế",
        "Văn hoá - xã hội",
        "An ninh - quốc phòng",
        "Xây dựng hệ thống chính trị",
    ]
)


def config_for(root: Path) -> RollConfig:
    (root / "content/honours").mkdir(parents=True, exist_ok=True)
    return RollConfig.from_settings(apply_defaults({"PATH": str(root / "content")}))


@pytest.mark.parametrize(
    "typed",
    [
        "văn hóa xã hội",
        "Văn hoá - xã hội",
        "VĂN HOÁ – XÃ HỘI",
        "văn  hoá-xã  hội",
        unicodedata.normalize("NFD", "Văn hóa - Xã hội"),
    ],
)
def test_field_spellings_are_one_field_shown_as_in_the_settings(typed):
    assert FIELDS.canonical(typed) == "Văn hoá - xã hội"


def test_a_different_word_is_not_the_same_field():
    # "hoà" and "hoá" differ by tone: only placement, case, form and dashes are ignored.
    assert FIELDS.canonical("văn hoà xã hội") is None
    assert FIELDS.canonical("kinh tế") is None


@pytest.mark.parametrize(
    ("typed", "nearest"),
    [
        ("van hoa xa hoi", "Văn hoá - xã hội"),
        ("văn hoá", "Văn hoá - xã hội"),
        ("an ninh quoc phong", "An ninh - quốc phòng"),
        ("phat trien kinh te", "Phát triển kinh tế"),
    ],
)
def test_a_value_outside_the_list_gets_the_nearest_as_advice(typed, nearest):
    assert FIELDS.canonical(typed) is None
    advice = FIELDS.advice(typed)
    assert f"Có thể bạn muốn viết “{nearest}”" in advice
    assert all(f"“{value}”" in advice for value in FIELDS)


@pytest.mark.parametrize("typed", ["2016-2018", "2016 - 2018", "2016–2018", "giai đoạn 2016—2018"])
def test_periods_as_officers_write_them(typed):
    period = parse_period(typed)
    assert (period.slug, period.label) == ("2016-2018", "2016–2018")


@pytest.mark.parametrize("typed", ["2018-2016", "năm ngoái", "16-18"])
def test_unreadable_periods_are_refused_in_vietnamese(typed):
    with pytest.raises(PeriodError, match="giai đoạn"):
        parse_period(typed)


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("Tên", "title"),
        ("Tên mô hình", "title"),
        ("Đơn vị/Cá nhân", "holder"),
        ("đơn vị / cá nhân", "holder"),
        ("Lĩnh  vực", "field"),
        ("Cấp công nhận", "level"),
        ("Ngày quyết định", "date"),
        ("holder_role", "holder_role"),
        ("Ghi chú", None),
    ],
)
def test_vietnamese_column_labels_name_the_keys(heading, key):
    assert key_for(heading) == key


def test_mistyped_key_gets_a_suggestion():
    assert nearest_key("feild") == "field"
    assert nearest_key("Linh vuc") == "field"


def test_yaml_records_keep_the_line_of_every_key(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text(yaml_roll(entry_yaml("Một") + entry_yaml("Hai", decision="010")), "utf-8")
    data = read_yaml(path, Place("a.yaml"), SCHEMA)
    assert data.errors == []
    assert [record.place.line for record in data.records] == [4, 10]
    assert data.records[1].where("decision").line == 16
    # Text stays as typed: a decision number is not read as the number 10.
    assert data.records[1].values["decision"] == "010"
    assert data.defaults.values["period"] == "2016-2018"


def test_csv_with_semicolons_and_bom_as_excel_saves_it(tmp_path):
    path = tmp_path / "a.csv"
    text = csv_text([row("Một"), row("Hai")], delimiter=";")
    path.write_bytes(("\ufeff" + text).encode("utf-8"))
    data = read_csv(path, Place("a.csv"), SCHEMA)
    assert data.errors == []
    assert [record.values["title"] for record in data.records] == ["Một", "Hai"]
    assert data.records[1].place.line == 3
    assert data.records[0].name("field") == "cột “Lĩnh vực”"


def test_xlsx_rows_know_their_cells(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [row("Một", date=dt.datetime(2020, 10, 12))])
    data = read_xlsx(path, Place("a.xlsx"), SCHEMA)
    assert data.errors == []
    record = data.records[0]
    assert record.values["date"] == dt.datetime(2020, 10, 12)
    assert str(record.where("field")) == "a.xlsx, hàng 2, ô E2"


def test_history_text_reads_back_what_the_export_writes(tmp_path):
    config = config_for(tmp_path)
    errors = []
    text = "2017-03-01: đăng ký, phường; 10/05/2018: Công nhận, Thành phố, 15/QĐ-UBND"
    stages = read_history(text, Place("a.csv", 2), config, errors)
    assert errors == []
    assert stages[-1].status == "công nhận" and stages[-1].level == "thành phố"
    assert stages[-1].date == dt.date(2018, 5, 10)
    assert format_history(stages) == (
        "2017-03-01: đăng ký, phường; 2018-05-10: công nhận, thành phố, 15/QĐ-UBND"
    )


def test_the_latest_stage_is_the_status(tmp_path):
    config = config_for(tmp_path)
    history = (
        "    history:\n"
        "      - {date: 2018-05-10, status: công nhận, level: thành phố}\n"
        "      - {date: 2017-03-01, status: đăng ký, level: phường}\n"
    )
    text = yaml_roll(
        '  - title: "Một"\n    kind: mô hình\n    holder: Hội\n    field: Văn hoá - xã hội\n'
    )
    (config.folder / "a.yaml").write_text(text + history, "utf-8")
    entries, errors = load_roll(config)
    assert errors == []
    entry = entries[0]
    assert (entry.status, entry.level, entry.date) == (
        "công nhận",
        "thành phố",
        dt.date(2018, 5, 10),
    )
    assert [stage.status for stage in entry.history] == ["đăng ký", "công nhận"]


def test_count_table_totals():
    entries = ["a1", "a1", "b2", "a2"]
    table = count_table(
        entries, ["a", "b"], ["1", "2"], lambda e: e[0], lambda e: e[1], "Đếm", "Loại"
    )
    assert [(row.label, row.counts, row.total) for row in table.rows] == [
        ("a", (2, 1), 3),
        ("b", (0, 1), 1),
    ]
    assert (table.column_totals, table.total) == ((2, 2), 4)


def test_csv_export_is_read_back_as_the_same_roll(tmp_path):
    config = config_for(tmp_path)
    source = config.folder / "2019-2020.csv"
    source.write_text(
        csv_text([row('Tổ "An toàn" & <Sạch>', date="12/10/2020", decision="45/QĐ-BCĐ")]),
        "utf-8",
    )
    entries, errors = load_roll(config)
    assert errors == []
    exported = to_csv(entries, "http://example.vn")
    assert exported.startswith("\ufeff")
    source.unlink()
    (config.folder / "lai.csv").write_text(exported, "utf-8")
    again, errors = load_roll(config)
    assert errors == []
    first, second = entries[0], again[0]
    for key in ("title", "kind", "holder", "field", "status", "level", "decision", "date", "url"):
        assert getattr(first, key) == getattr(second, key), key


FORMULAS = {
    "title": '=HYPERLINK("http://evil.example","Bấm vào đây")',
    "holder": "+84 912 345 678",
    "holder_role": "-Trưởng ban",
    "decision": "@SUM(1+1)",
    "summary": "\\t=1+1",
}


def test_exports_never_hand_excel_a_formula(tmp_path):
    """Each formula start is neutralised in the CSV, kept exact in the JSON, and read back."""
    config = config_for(tmp_path)
    values = {key: value for key, value in FORMULAS.items() if key != "title"}
    (config.folder / "a.yaml").write_text(
        yaml_roll(entry_yaml(FORMULAS["title"].replace('"', '\\"'), **values)), "utf-8"
    )
    entries, errors = load_roll(config)
    assert errors == []
    entry = entries[0]
    assert entry.summary.startswith("=1+1"), "a leading tab read away still cannot run"
    data = json.loads(to_json(entries, "http://example.vn", "Bảng vàng"))["entries"][0]
    assert data["title"] == FORMULAS["title"] and data["decision"] == "@SUM(1+1)"
    exported = to_csv(entries, "http://example.vn")
    cells = next(csv.DictReader(io.StringIO(exported.removeprefix("\ufeff"))))
    for label in ("Tên", "Đơn vị/Cá nhân", "Chức vụ", "Số quyết định", "Tóm tắt"):
        assert cells[label].startswith("'") and cells[label][1] in "=+-@", label
    (config.folder / "a.yaml").unlink()
    (config.folder / "lai.csv").write_text(exported, "utf-8")
    again, errors = load_roll(config)
    assert errors == []
    for key in ("title", "holder", "holder_role", "decision", "summary"):
        assert getattr(again[0], key) == getattr(entry, key), key
