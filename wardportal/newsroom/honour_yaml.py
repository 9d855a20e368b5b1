"""One honour entry written into a YAML file as an officer would type it.

An edit replaces only the lines of the keys the form changes: the other keys of the entry
(history, photo, slug…), the other entries and every comment stay byte for byte, so a file
kept by hand and one edited in the browser remain one file. The file's text is walked with
PyYAML's nodes, whose marks say on which line each key starts.
"""

from __future__ import annotations

import json

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from wardportal.honours.labels import key_for
from wardportal.vntext import vocabulary_key

from .forms import Refused

#: The keys the newsroom's form writes, in the order a new entry lists them.
FORM_KEYS = (
    "title", "kind", "holder", "holder_role", "field", "period",
    "status", "level", "decision", "date", "summary",
)  # fmt: skip
_ENTRIES = {vocabulary_key(name) for name in ("entries", "danh sách", "danh sach")}
CANNOT_EDIT = (
    "Tệp này không viết theo mẫu thường dùng (danh sách “entries:” với mỗi mục bắt đầu bằng"
    " “- title: …”), nên không sửa được trên trang. Hãy sửa tệp bằng tay theo docs/honours.md."
)


def scalar(text: str) -> str:
    """The value as YAML reads back the same text: plain when it can be, else double-quoted
    (a JSON string is a valid YAML double-quoted scalar)."""
    if text and text == text.strip():
        try:
            node = yaml.compose(f"k: {text}\n", Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            node = None
        if isinstance(node, MappingNode):
            value = node.value[0][1]
            if (
                isinstance(value, ScalarNode)
                and value.style is None
                and value.value == text
                and not value.tag.endswith(":null")
            ):
                return text
    return json.dumps(text, ensure_ascii=False)


def key_lines(name: str, value: str, indent: int) -> list[str]:
    """`name: value` at this indentation; a text of several lines as a `|` block."""
    pad = " " * indent
    lines = value.split("\n")
    if len(lines) == 1 or lines[0].startswith((" ", "\t")):
        return [f"{pad}{name}: {scalar(value)}\n"]
    return [f"{pad}{name}: |\n", *(f"{pad}  {line}\n" if line else "\n" for line in lines)]


def _entries_node(root: Node | None) -> SequenceNode:
    if isinstance(root, MappingNode):
        for key, value in root.value:
            if vocabulary_key(str(key.value)) in _ENTRIES and isinstance(value, SequenceNode):
                if value.flow_style:
                    break
                return value
    if isinstance(root, SequenceNode) and not root.flow_style:
        return root
    raise Refused(409, CANNOT_EDIT)


def _compose(text: str) -> SequenceNode:
    try:
        return _entries_node(yaml.compose(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        raise Refused(409, CANNOT_EDIT) from None


def _end_line(lines: list[str], start: int, node: Node) -> int:
    """The line after the node's last line of content (comments and blank lines after it
    belong to what follows)."""
    mark = node.end_mark
    before = lines[mark.line][: mark.column] if mark.line < len(lines) else ""
    end = mark.line + 1 if before.strip() else mark.line
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip()[:1] == "#"):
        end -= 1
    return end


def entry_lines(values: dict[str, str], indent: int, dash: int) -> list[str]:
    """A new entry: `- title: …` and one line per non-empty value, in FORM_KEYS order."""
    lines: list[str] = []
    for name in FORM_KEYS:
        if values.get(name):
            lines.extend(key_lines(name, values[name], indent))
    return _with_dash(lines, indent, dash)


def _with_dash(lines: list[str], indent: int, dash: int) -> list[str]:
    prefix = " " * dash + "-" + " " * (indent - dash - 1)
    return [prefix + lines[0][indent:], *lines[1:]] if lines else lines


def append_entry(text: str, values: dict[str, str]) -> str:
    """The file with a new entry after the last one, indented like the others."""
    entries = _compose(text)
    lines = text.splitlines(keepends=True)
    if not entries.value:
        raise Refused(409, CANNOT_EDIT)
    last = entries.value[-1]
    if not isinstance(last, MappingNode) or last.flow_style:
        raise Refused(409, CANNOT_EDIT)
    end = _end_line(lines, last.start_mark.line, last)
    if lines and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    indent = last.start_mark.column
    dash = lines[last.start_mark.line].index("-")
    return "".join([*lines[:end], *entry_lines(values, indent, dash), *lines[end:]])


def new_file(values: dict[str, str], campaign: str, period: str) -> str:
    """A period's file as docs/honours.md shows it: campaign, period, entries."""
    head = [
        "# Mô hình, điển hình giai đoạn " + period + ". Mẫu ghi: docs/honours.md.\n",
        *key_lines("campaign", campaign, 0),
        *key_lines("period", period, 0),
        "entries:\n",
    ]
    return "".join(head + entry_lines({**values, "period": ""}, 4, 2))


def find_entry(text: str, line: int) -> MappingNode:
    """The entry whose first key is on this line (1-based), as the roll's places say."""
    for item in _compose(text).value:
        if isinstance(item, MappingNode) and item.start_mark.line + 1 == line:
            if item.flow_style:
                raise Refused(409, CANNOT_EDIT)
            return item
    raise Refused(404, "Không tìm thấy mục này trong tệp (tệp vừa được sửa?).")


def replace_entry(text: str, line: int, values: dict[str, str], managed: tuple[str, ...]) -> str:
    """The file with the `managed` keys of the entry at `line` set to `values` (an empty
    value removes its key); every other line is kept as it was."""
    entry = find_entry(text, line)
    lines = text.splitlines(keepends=True)
    start = entry.start_mark.line
    end = _end_line(lines, start, entry)
    if not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    indent = entry.start_mark.column
    dash = lines[start].index("-")
    body = [" " * indent + lines[start][indent:], *lines[start + 1 : end]]
    starts = [key.start_mark.line - start for key, _value in entry.value] + [end - start]
    left = {name: values.get(name, "") for name in managed}
    rebuilt: list[str] = []
    for index, (key, _value) in enumerate(entry.value):
        name = key_for(key.value)
        chunk = body[starts[index] : starts[index + 1]]
        if name in left:
            value = left.pop(name)
            rebuilt.extend(key_lines(str(key.value), value, indent) if value else [])
        else:
            rebuilt.extend(chunk)
    for name in FORM_KEYS:
        if left.get(name):
            rebuilt.extend(key_lines(name, left[name], indent))
    return "".join([*lines[:start], *_with_dash(rebuilt, indent, dash), *lines[end:]])
