"""Snapshot what a full build writes, to prove a refactor changed no byte of it.

    python bench/site_snapshot.py save FOLDER     # before the change
    python bench/site_snapshot.py compare FOLDER  # after: every file the same, or a list

Builds the sample site (content/) and a generated corpus (bench's articles and honour roll,
small) with plain `pelican`, and keeps every output file. The build's own time (the build
stamp in pages and feeds, the sitemap's dates, the manifest's "generated") differs between
any two builds, so only those times are blanked before comparing; everything else, the
search bundle included, must be byte for byte the same.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from build_bench import PELICAN, PROJECT, write_corpus
from honours_corpus import write_synthetic_honours

_TIMES = (
    re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+07:00"),
    re.compile(rb"\d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0700"),
    re.compile(rb'"generated": "[^"]+"'),
    re.compile(rb"<lastmod>[^<]+</lastmod>"),
)
# Pagefind numbers pages in the order its threads finish them, so its word index chunks,
# filter files, metadata and the entry file naming that metadata differ between two runs of
# the same build. They are only counted. The fragments (each page's whole searchable text,
# URL, filters and metadata, named by a hash of it) are compared byte for byte: Pagefind
# makes the rest from them alone, so equal fragments mean the index finds the same pages.
_ORDERING_ONLY = re.compile(
    r"pagefind/(pagefind-entry\.json|pagefind\..*\.pf_meta|filter/.*|index/.*)$"
)


def blank_times(data: bytes) -> bytes:
    for pattern in _TIMES:
        data = pattern.sub(b"TIME", data)
    return data


def build(content: Path, output: Path, settings: Path) -> None:
    result = subprocess.run(
        [str(PELICAN), str(content), "-s", str(settings), "-o", str(output), "-q"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"build failed:\n{result.stdout}\n{result.stderr}")


def build_both(folder: Path) -> None:
    """The sample site and a 300-article corpus, each into folder/<name>."""
    with tempfile.TemporaryDirectory() as scratch:
        sample = Path(scratch, "sample")
        shutil.copytree(PROJECT / "content", sample)
        build(sample, folder / "sample", PROJECT / "pelicanconf.py")
        corpus = Path(scratch, "corpus")
        write_corpus(corpus, 300, 2026)
        write_synthetic_honours(corpus / "honours", 200, 2026)
        build(corpus, folder / "corpus", PROJECT / "pelicanconf.py")


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file by name, its times blanked; Pagefind's ordering-only files by kind and count."""
    files = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if not path.is_file():
            continue
        ordering_only = _ORDERING_ONLY.search(name)
        if ordering_only:
            kind = f"{name.split('/')[0]}: {ordering_only[1].split('/')[0].split('.')[-1]}"
            files[kind] = files.get(kind, b"") + b"+"
        else:
            files[name] = blank_times(path.read_bytes())
    return files


def main(argv: list[str]) -> int:
    command, folder = argv[0], Path(argv[1]).resolve()
    if command == "save":
        shutil.rmtree(folder, ignore_errors=True)
        build_both(folder)
        print(f"{len(files_of(folder))} files kept in {folder}")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        build_both(Path(scratch))
        before, after = files_of(folder), files_of(Path(scratch))
    differ = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    for name in differ[:50]:
        print("differs:", name)
    print(f"{len(before)} files compared, {len(differ)} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
