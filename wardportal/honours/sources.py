"""Every data file of a folder read into records, whatever its format: one loop for all lists.

The honour roll and the contact directory both keep their data as YAML, CSV or XLSX files in a
folder of content/; each passes its Schema, and gets back one SourceData per file (its records
and the problems found), a refused format or an unforeseen failure included as an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from wardportal.build_errors import unexpected
from wardportal.honours.files import REFUSED_SUFFIXES, data_files
from wardportal.honours.labels import Schema
from wardportal.honours.places import Place
from wardportal.honours.records import SourceData
from wardportal.honours.table_source import read_csv, read_xlsx
from wardportal.honours.yaml_source import read_yaml

_READERS = {".yaml": read_yaml, ".yml": read_yaml, ".csv": read_csv, ".xlsx": read_xlsx}


def read_folder(
    folder: Path, schema: Schema, shown: Callable[[Path], str], project_root: Path
) -> Iterator[tuple[Path, SourceData]]:
    """(file, what it holds) for each data file under folder, in a stable order.

    `shown` gives a path as the officer sees it (from the project folder). A file whose
    header lacks a required column keeps its error but no records: the missing column is
    reported once, not once per row.
    """
    for path in data_files(folder):
        place = Place(shown(path))
        suffix = path.suffix.lower()
        if suffix in REFUSED_SUFFIXES:
            problem = f"{schema.name.capitalize()} không đọc tệp {suffix}"
            yield path, SourceData(place, errors=[place.error(problem, REFUSED_SUFFIXES[suffix])])
            continue
        try:
            data = _READERS[suffix](path, place, schema)
        except Exception as error:  # a file no reader foresaw: one line, the trace in the log
            yield path, SourceData(place, errors=[unexpected(error, project_root, place.path)])
            continue
        if data.columns is not None and not set(schema.required) <= data.columns:
            data.records = []
        yield path, data
