"""A database that stops taking writes (disk full, read-only) gets 503s, a log line, and the
service counts again by itself once writing works: no hang, no crash, no restart needed."""

from __future__ import annotations

import os
import resource
import stat
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .conftest import BROWSER, ServeProcess, SiteRoot, query

# Root writes through any file mode: the service then runs without the capabilities that
# allow it (setpriv, util-linux), so a read-only file is read-only to it as to a service user.
AS_SERVICE_USER = (
    ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner", "--"]
    if os.geteuid() == 0
    else []
)


def hit(server: ServeProcess, view: str) -> httpx.Response:
    """One page view with this id, as the widget sends it; must be answered, never hang."""
    return httpx.post(
        f"{server.url}/api/counter/hit",
        json={"path": "/", "id": view},
        headers={"User-Agent": BROWSER, "Origin": server.url},
        timeout=30,
    )


def stored_views(database: Path) -> list[str]:
    return sorted(row[0] for row in query(str(database), "SELECT id FROM page_views"))


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "var"
    folder.mkdir()
    yield folder / "counter.sqlite3"
    make_writable(folder, True)  # so pytest can delete it


def make_writable(folder: Path, writable: bool) -> None:
    """chmod the folder and every file in it to read-only or back, as an operator might."""
    write = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    for path in [*folder.iterdir(), folder]:
        mode = path.stat().st_mode
        path.chmod((mode | stat.S_IWUSR) if writable else (mode & ~write))


def test_a_full_disk_gets_503_and_counting_resumes_when_space_is_back(
    site_root: SiteRoot, database: Path
) -> None:
    server = ServeProcess(site_root.root, str(database), alone=True)
    try:
        assert hit(server, "before-full-01").status_code == 200
        # The disk fills up: no file of the service may grow (a real write error, EFBIG).
        limits = resource.prlimit(server.process.pid, resource.RLIMIT_FSIZE)
        resource.prlimit(server.process.pid, resource.RLIMIT_FSIZE, (1, limits[1]))
        refused = [hit(server, f"while-full-{n:02d}") for n in range(3)]
        assert [answer.status_code for answer in refused] == [503, 503, 503]
        assert refused[0].headers["retry-after"]
        resource.prlimit(server.process.pid, resource.RLIMIT_FSIZE, limits)
        assert hit(server, "after-full-01").status_code == 200
        assert hit(server, "while-full-00").status_code == 200  # the widget's retry counts
        assert server.process.poll() is None
    finally:
        server.kill()
    assert stored_views(database) == [
        "after-full-01",
        "before-full-01",
        "while-full-00",
    ]
    assert "could not commit" in server.output()


def test_a_read_only_database_gets_503_and_recovers_once_writable(
    site_root: SiteRoot, database: Path
) -> None:
    first = ServeProcess(site_root.root, str(database), alone=True, prefix=AS_SERVICE_USER)
    assert hit(first, "first-run-0001").status_code == 200
    first.kill()  # the WAL and -shm files stay, as after a crash
    make_writable(database.parent, False)
    server = ServeProcess(site_root.root, str(database), alone=True, prefix=AS_SERVICE_USER)
    try:
        assert hit(server, "read-only-0001").status_code == 503
        assert hit(server, "read-only-0002").status_code == 503
        make_writable(database.parent, True)
        assert hit(server, "writable-00001").status_code == 200  # at once: no restart
        assert hit(server, "read-only-0001").status_code == 200  # the widget's retry counts
        assert server.process.poll() is None
    finally:
        server.kill()
    assert stored_views(database) == ["first-run-0001", "read-only-0001", "writable-00001"]
    assert "readonly" in server.output()
