"""Read a YAML data file (honour roll, contacts) into records, with the line of every value.

yaml.safe_load forgets where values came from, so the file is composed into nodes (which
carry marks) and walked here. Scalars stay the text the officer typed: "2016-2018" or
"010/QĐ" never become numbers or dates behind their back.

The portal's data has no use for YAML's anchors and aliases (`&name`, `*name`), and they are how a
small file expands to billions of values ("billion laughs"): a file that reuses a node is
refused. So is nesting deeper than any roll needs, checked on the text before parsing
(libyaml's parser recurses, and a hundred thousand "[" crash the process).
"""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from wardportal.build_errors import ContentError
from wardportal.honours.files import empty_file, read_text
from wardportal.honours.labels import HONOURS, Schema
from wardportal.honours.places import Place
from wardportal.honours.records import Record, SourceData
from wardportal.vntext import vocabulary_key

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ENTRIES_KEYS = {vocabulary_key(name) for name in ("entries", "danh sách", "danh sach")}
_SYNTAX_HELP = (
    "Hãy sửa dòng này: thụt lề bằng dấu cách (không dùng Tab), mỗi mục viết dạng"
    " “khóa: giá trị”; giá trị có dấu “:” hoặc “#” thì đặt trong ngoặc kép"
)
# A roll nests five levels (file, entries, entry, history, stage); far more is a mistake.
MAX_DEPTH = 12
MAX_INDENT = 200
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_DEEP_INDENT = re.compile(rf"^ {{{MAX_INDENT + 1},}}\S", re.MULTILINE)
# PyYAML's English problems, said in plain Vietnamese.
_PROBLEMS = (
    ("'\\t'", "có ký tự Tab, YAML chỉ chấp nhận dấu cách để thụt lề"),
    ("tab character", "có ký tự Tab, YAML chỉ chấp nhận dấu cách để thụt lề"),
    ("mapping values are not allowed", "dấu hai chấm “:” đặt sai chỗ"),
    ("could not find expected ':'", "thiếu dấu hai chấm “:” sau tên mục"),
    ("quoted scalar", "thiếu dấu ngoặc kép đóng"),
    ("expected <block end>", "thụt lề không thẳng hàng với các dòng trên"),
    ("expected a single document", "tệp có nhiều phần ngăn bởi “---”, chỉ được có một"),
)


def read_yaml(path: Path, place: Place, schema: Schema = HONOURS) -> SourceData:
    """Records and shared defaults of one YAML file, or the errors that stop reading it."""
    data = SourceData(place)
    try:
        text = read_text(path, place)
    except ContentError as error:
        data.errors.append(error)
        return data
    too_deep = _too_deep(text, place, schema)
    if too_deep is not None:
        data.errors.append(too_deep)
        return data
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        # An unclosed quote is noticed at the end of the file; point at where it opened.
        opened = "quoted scalar" in (error.context or "")
        mark = (error.context_mark if opened else None) or error.problem_mark or error.context_mark
        data.errors.append(place.at(mark.line + 1).error(_syntax_problem(error), _SYNTAX_HELP))
        return data
    except yaml.YAMLError as error:
        data.errors.append(place.error(f"tệp YAML không đọc được ({error})", _SYNTAX_HELP))
        return data
    shared = _shared_node(root, place, schema)
    if shared is not None:
        data.errors.append(shared)
        return data
    entries = _split_file(root, place, data, schema)
    if entries is None:
        return data
    for item in entries.value:
        if isinstance(item, MappingNode):
            data.records.append(_record(item, place, data, schema))
        else:
            data.errors.append(
                _at(item, place).error(
                    f"mỗi {schema.entry} phải là một nhóm dòng “khóa: giá trị”",
                    f"Hãy bắt đầu mỗi mục bằng “- {schema.first}: …” rồi thụt lề các dòng còn lại",
                )
            )
    if not data.records and not data.errors:
        data.errors.append(empty_file(_at(entries, place), schema))
    return data


def _too_deep(text: str, place: Place, schema: Schema) -> ContentError | None:
    """Nesting deeper than a roll ever needs, found on the text before any parsing."""
    depth = deepest = 0
    for bracket in _NOT_BRACKET.sub("", text):
        depth = depth + 1 if bracket in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    indented = _DEEP_INDENT.search(text)
    if deepest <= MAX_DEPTH and indented is None:
        return None
    line = text.count("\n", 0, indented.start()) + 1 if indented else None
    return place.at(line).error(
        "dữ liệu lồng nhau quá nhiều tầng (nhiều dấu “[”, “{” hoặc thụt lề quá sâu)",
        f"Mỗi mục chỉ cần “- {schema.first}: …” và các dòng “khóa: giá trị” thụt lề vài"
        f" dấu cách; hãy sửa lại theo mẫu trong {schema.docs}",
    )


def _shared_node(root: Node | None, place: Place, schema: Schema) -> ContentError | None:
    """An alias (`*name`), which makes one node appear twice, or nesting beyond MAX_DEPTH.

    Walked level by level without expanding anything, so a "billion laughs" file costs its
    own size and is told as the alias it is.
    """
    seen: set[int] = set()
    queue = deque([(root, 1)] if root is not None else [])
    while queue:
        node, depth = queue.popleft()
        if id(node) in seen:
            return _at(node, place).error(
                f"tệp dùng bí danh YAML (“&tên” và “*tên”), {schema.name} không nhận cách viết này",
                "Hãy viết đầy đủ giá trị ở từng mục thay cho “*tên”",
            )
        seen.add(id(node))
        if depth > MAX_DEPTH:
            return _at(node, place).error(
                "dữ liệu lồng nhau quá nhiều tầng",
                f"Hãy sửa lại theo mẫu trong {schema.docs}",
            )
        if isinstance(node, SequenceNode):
            queue.extend((item, depth + 1) for item in node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                queue.extend(((key, depth + 1), (value, depth + 1)))
    return None


def _split_file(
    root: Node | None, place: Place, data: SourceData, schema: Schema
) -> SequenceNode | None:
    """The list of entries; the file's defaults (period, campaign) go to data.defaults."""
    if root is None:
        data.errors.append(empty_file(place, schema))
        return None
    if isinstance(root, SequenceNode):
        return root
    hint = _file_help(schema)
    if not isinstance(root, MappingNode):
        data.errors.append(_at(root, place).error("tệp không theo mẫu", hint))
        return None
    entries = None
    defaults = Record(_at(root, place), schema=schema)
    for key_node, value_node in root.value:
        if vocabulary_key(str(key_node.value)) in _ENTRIES_KEYS:
            entries = value_node
        elif schema.key_for(key_node.value) in schema.file_keys:
            _put(defaults, key_node, value_node, place, data)
        else:
            data.errors.append(
                _at(key_node, place).error(
                    f"mục “{key_node.value}” không dùng được ở đầu tệp", hint
                )
            )
    data.defaults = defaults
    if isinstance(entries, SequenceNode):
        return entries
    data.errors.append(_at(entries or root, place).error("không thấy danh sách “entries:”", hint))
    return None


def _file_help(schema: Schema) -> str:
    allowed = (
        " và ".join((", ".join(schema.file_keys), "entries")) if schema.file_keys else "entries"
    )
    return (
        f"Ở đầu tệp chỉ ghi {allowed}; các {schema.entry} nằm trong danh sách entries,"
        f" mỗi mục bắt đầu bằng “- {schema.first}: …”"
    )


def _record(node: MappingNode, place: Place, data: SourceData, schema: Schema) -> Record:
    record = Record(_at(node, place), schema=schema)
    for key_node, value_node in node.value:
        _put(record, key_node, value_node, place, data)
    return record


def _put(record: Record, key_node: Node, value_node: Node, place: Place, data: SourceData):
    spelled = str(key_node.value)
    key = record.schema.key_for(spelled)
    where = _at(key_node, place)
    if key is None:
        guess = record.schema.nearest_key(spelled)
        data.errors.append(
            where.error(
                f"mục “{spelled}” không có trong mẫu",
                f"Có thể bạn muốn viết “{guess}”" if guess else "Hãy xoá hoặc sửa tên mục này",
            )
        )
    elif key in record.values:
        data.errors.append(
            where.error(
                f"mục “{spelled}” được ghi hai lần (lần đầu ở dòng {record.places[key].line})",
                "Hãy giữ một dòng và xoá dòng kia",
            )
        )
    else:
        record.values[key] = _plain(value_node, place, data, record.schema)
        record.places[key] = where
        record.spelled[key] = spelled


def _plain(node: Node, place: Place, data: SourceData, schema: Schema) -> object:
    """A node as text, list or Record; YAML's null is None."""
    if isinstance(node, ScalarNode):
        return None if node.tag.endswith(":null") else node.value
    if isinstance(node, SequenceNode):
        return [_plain(item, place, data, schema) for item in node.value]
    return _record(node, place, data, schema)


def _at(node: Node, place: Place) -> Place:
    return place.at(node.start_mark.line + 1)


def _syntax_problem(error: yaml.MarkedYAMLError) -> str:
    english = f"{error.context or ''} {error.problem or ''}"
    for marker, vietnamese in _PROBLEMS:
        if marker in english:
            return f"sai cú pháp YAML: {vietnamese}"
    return f"sai cú pháp YAML ({(error.problem or error.context or '').strip()})"
