"""Entries written into the sample roll's hand-written YAML: each edit changes that entry's
value and nothing else the reader sees; values that look like YAML syntax read back as typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from wardportal.datafiles.places import Place
from wardportal.datafiles.yaml_source import read_yaml
from wardportal.honours.labels import SCHEMA
from wardportal.newsroom.forms import Refused
from wardportal.newsroom.honour_yaml import append_entry, new_file, replace_entry, scalar

SAMPLE = Path(__file__).resolve().parents[2] / "content" / "honours" / "2016-2018.yaml"


def _records(text: str, tmp_path: Path) -> list[dict]:
    path = tmp_path / "roll.yaml"
    path.write_text(text, encoding="utf-8")
    data = read_yaml(path, Place("roll.yaml"), SCHEMA)
    assert data.errors == []
    return [dict(record.values) for record in data.records]


def test_every_sample_entry_can_be_edited_alone(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    before = _records(text, tmp_path)
    lines = [record.place.line for record in read_yaml(SAMPLE, Place("x"), SCHEMA).records]
    for index, line in enumerate(lines):
        changed = replace_entry(text, line, {"holder": "Tổ: “mới” # 1"}, ("holder",))
        after = _records(changed, tmp_path)
        expected = [dict(values) for values in before]
        expected[index]["holder"] = "Tổ: “mới” # 1"
        assert after == expected, f"entry at line {line}"
        assert len(changed.splitlines()) == len(text.splitlines())


@pytest.mark.parametrize(
    "value",
    ["yes", "null", "~", "2016-2018", "a: b", "# x", "- x", "[x]", "{x}", "'x", '"x', "@x",
     "x #y", "010/QĐ", "   lề", "!x", "&x", "*x", "%x", "|", ">"],
)  # fmt: skip
def test_values_read_back_as_typed(value: str, tmp_path: Path) -> None:
    text = new_file({"title": value, "holder": value, "summary": f"{value}\n{value}"}, "P", "2021")
    (record,) = _records(text, tmp_path)
    assert record["title"] == record["holder"] == value
    assert record["summary"].rstrip("\n") == f"{value}\n{value}"
    assert scalar(value) == value or scalar(value).startswith('"')


def test_a_new_entry_is_appended_after_the_last_one(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    changed = append_entry(text, {"title": "Mới", "kind": "mô hình"})
    records = _records(changed, tmp_path)
    assert records[-1] == {"title": "Mới", "kind": "mô hình"}
    assert changed.startswith(text.rstrip("\n"))


def test_a_file_not_in_the_usual_form_is_not_edited() -> None:
    with pytest.raises(Refused) as refused:
        append_entry("entries: [{title: a}]\n", {"title": "b"})
    assert refused.value.status == 409
