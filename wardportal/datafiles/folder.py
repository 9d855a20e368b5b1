"""Read every data file of a folder with the reader of its format."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

from wardportal.build_errors import ContentError, unexpected
from wardportal.datafiles.files import REFUSED_SUFFIXES
from wardportal.datafiles.labels import Schema
from wardportal.datafiles.places import Place
from wardportal.datafiles.records import SourceData
from wardportal.datafiles.table_source import read_csv, read_xlsx
from wardportal.datafiles.yaml_source import read_yaml

_READERS = {".yaml": read_yaml, ".yml": read_yaml, ".csv": read_csv, ".xlsx": read_xlsx}


def read_data_files(
    paths: list[Path],
    schema: Schema,
    shown: Callable[[Path], str],
    project_root: Path,
    errors: list[ContentError],
    sources: Mapping[Path, Path] | None = None,
) -> Iterator[tuple[Path, SourceData]]:
    """Each file read by the reader of its format; problems go to `errors`.

    A file missing a required column is reported once, at its header, and yields nothing.
    `shown(path)` is the path as the officer sees it. `sources` reads a path's data from
    another file (the newsroom checks an upload under the name it will take, before saving).
    """
    for path in paths:
        place = Place(shown(path))
        suffix = path.suffix.lower()
        if suffix in REFUSED_SUFFIXES:
            errors.append(
                place.error(f"{schema.what} không đọc tệp {suffix}", REFUSED_SUFFIXES[suffix])
            )
            continue
        try:
            source = sources.get(path, path) if sources else path
            data = _READERS[suffix](source, place, schema)
        except Exception as error:  # a file no reader foresaw: one line, the trace in the log
            errors.append(unexpected(error, project_root, place.path))
            continue
        errors.extend(data.errors)
        if data.columns is not None and not set(schema.required) <= data.columns:
            continue
        yield path, data
