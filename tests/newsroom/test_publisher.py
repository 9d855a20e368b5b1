"""Publishing: the real build in the background, one at a time, its result on the page."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from wardportal.engine_worker import WarmBuilds
from wardportal.newsroom.publisher import PelicanPublisher, error_lines

from .conftest import Room


def _publisher(site_room: Room, site) -> PelicanPublisher:
    settings = site_room.settings
    return PelicanPublisher(
        settings.project,
        settings.content_path,
        site.output,
        settings.project / "pelicanconf.py",
        site_room.clock,
    )


def publish_a_broken_article(publisher: PelicanPublisher, site) -> None:
    """An impossible date: the build fails and names the file and its line."""
    site.article("hong", "Bài lỗi ngày", date="31/02/2026")
    publisher.request("ha")
    assert publisher.wait_until_idle(timeout=300)
    status = publisher.status()
    assert status.succeeded is False
    assert any("hong.md" in line and "dòng" in line for line in status.errors), status.errors


def test_a_build_publishes_the_content_and_reports_success(site_room: Room, site) -> None:
    site.article("tin-moi", "Tin mới", slug="tin-moi")
    publisher = _publisher(site_room, site)
    assert publisher.status().succeeded is None
    publisher.request("ha")
    publisher.request("ha")  # asked twice while queued: one more build, not two
    assert publisher.wait_until_idle(timeout=300)
    status = publisher.status()
    assert status.succeeded is True and status.requested_by == "ha" and status.errors == []
    assert (site.output / "tin-tuc/2026/tin-moi/index.html").exists()


def test_a_failed_build_reports_the_file_and_line_and_keeps_the_site(site_room: Room, site) -> None:
    site.article("tin-cu", "Tin cũ", slug="tin-cu")
    publisher = _publisher(site_room, site)
    publisher.request("ha")
    assert publisher.wait_until_idle(timeout=300)
    live = site.output / "tin-tuc/2026/tin-cu/index.html"
    before = live.read_text(encoding="utf-8")

    publish_a_broken_article(publisher, site)
    assert live.read_text(encoding="utf-8") == before  # the live site stays as it was


def test_the_approver_sees_a_failed_build_on_the_article_page(site_room: Room, site) -> None:
    site.article("hong", "Bài lỗi ngày", date="31/02/2026")
    approver = site_room.logged_in("ha", "approver")
    site_room.newsroom.publisher.request("ha")
    assert site_room.newsroom.publisher.wait_until_idle(timeout=300)
    page = approver.get("/quan-tri/bai-viet/sua?bai=hong").text
    assert "bị lỗi; trang web vẫn giữ bản cũ" in page
    assert "hong.md" in page


def test_error_lines_prefer_lines_naming_a_file() -> None:
    output = "WARNING x\ncontent/articles/a.md, dòng 2: ngày không có thật.\nDone\n"
    assert error_lines(output) == ["content/articles/a.md, dòng 2: ngày không có thật."]
    assert error_lines("\n".join(str(n) for n in range(40)))[-1] == "39"
    bulleted = "Không xuất bản được:\n  • content/articles/a.md, dòng 2: ngày không có thật.\n"
    assert error_lines(bulleted)[1] == "content/articles/a.md, dòng 2: ngày không có thật."


def test_publisher_paths_come_from_the_settings(site_room: Room) -> None:
    command = site_room.newsroom.publisher.command
    assert Path(command[0]).name == "pelican"
    assert command[1:] == [
        str(site_room.settings.content_path),
        "-s",
        str(site_room.settings.build_settings_path),
        "-o",
        str(site_room.settings.output_path),
    ]


def _publish_conf(project: Path, target: Path | None) -> Path:
    conf = project / "publishconf.py"
    conf.write_text(
        f"exec(open({str(project / 'pelicanconf.py')!r}, encoding='utf-8').read())\n"
        "SITEURL = 'https://phuong.example.vn'\n"
        f"PORTAL_DEPLOY_TARGET = {str(target or '')!r}\n",
        encoding="utf-8",
    )
    return conf


@pytest.mark.skipif(not shutil.which("rsync"), reason="rsync is not installed")
def test_with_deploy_an_approval_goes_live_as_a_new_release(
    site_room: Room, site, tmp_path: Path
) -> None:
    settings = site_room.settings
    target = tmp_path / "srv"
    site.article("tin-moi", "Tin mới", slug="tin-moi")
    publisher = PelicanPublisher(
        settings.project,
        settings.content_path,
        site.output,
        _publish_conf(settings.project, target),
        site_room.clock,
        deploy=True,
    )
    publisher.request("ha")
    assert publisher.wait_until_idle(timeout=300)
    assert publisher.status().succeeded, publisher.status().errors
    live = (target / "current" / "tin-tuc/2026/tin-moi/index.html").read_text(encoding="utf-8")
    assert "https://phuong.example.vn" in live


def test_a_deploy_without_a_target_is_reported(site_room: Room, site) -> None:
    settings = site_room.settings
    site.article("tin-moi", "Tin mới", slug="tin-moi")
    publisher = PelicanPublisher(
        settings.project,
        settings.content_path,
        site.output,
        _publish_conf(settings.project, None),
        site_room.clock,
        deploy=True,
    )
    publisher.request("ha")
    assert publisher.wait_until_idle(timeout=300)
    status = publisher.status()
    assert status.succeeded is False
    assert any("PORTAL_DEPLOY_TARGET" in line for line in status.errors), status.errors


@contextmanager
def _lock_held(path: Path) -> Iterator[None]:
    """Hold the build lock as another process's build would (flock on its own descriptor)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _until(condition, what: str) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)  # polling a state change, with a deadline


def test_an_approval_waits_while_the_daily_build_holds_the_lock(site_room: Room, site) -> None:
    site.article("tin-moi", "Tin mới", slug="tin-moi")
    publisher = site_room.newsroom.publisher
    lock = site_room.settings.build_lock_path
    built = site.output / "tin-tuc/2026/tin-moi/index.html"
    assert publisher.lock == lock
    with _lock_held(lock):
        publisher.request("ha")
        _until(lambda: publisher.status().blocked, "the build never said it waits for the lock")
        status = publisher.status()
        assert status.running and status.succeeded is None
        assert not built.exists()  # nothing was built while the other build held the lock
        page = site_room.logged_in("ha", "approver").get("/quan-tri/xuat-ban/trang-thai").text
        assert "Đang chờ lần xuất bản hằng ngày xong" in page
    assert publisher.wait_until_idle(timeout=300)
    assert publisher.status().succeeded and not publisher.status().blocked
    assert built.exists()


def test_portal_publish_waits_for_the_newsroom_and_builds_the_same_site(
    site_room: Room, site
) -> None:
    settings = site_room.settings
    site.article("tin-moi", "Tin mới", slug="tin-moi")
    built = site.output / "tin-tuc/2026/tin-moi/index.html"
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith("NEWSROOM_")},
        "NEWSROOM_DATABASE": str(settings.database_path),
        "NEWSROOM_OUTPUT": str(site.output),
        "NEWSROOM_BUILD_SETTINGS": "pelicanconf.py",
    }
    command = [sys.executable, "-m", "wardportal.cli", "--project", str(settings.project)]
    with _lock_held(settings.build_lock_path):
        process = subprocess.Popen(
            [*command, "publish"], env=environment, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            assert process.stderr.readline().startswith("Đang chờ lần xuất bản khác")
            assert not built.exists()
        except BaseException:
            process.kill()
            raise
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert "Đã xuất bản" in out and built.exists()

    site.article("hong", "Bài lỗi ngày", date="31/02/2026")
    failed = subprocess.run(
        [*command, "publish"], env=environment, capture_output=True, text=True, timeout=300
    )
    assert failed.returncode == 1
    assert "trang web vẫn giữ bản cũ" in failed.stderr and "hong.md" in failed.stderr
    assert built.exists()


def test_the_newsroom_keeps_one_engine_between_approvals(site_room: Room, site) -> None:
    """The service's publisher asks one long-lived engine process (wardportal.engine_worker):
    a later approval renders only the pages it changes; the daily publish stays a full build."""
    newsroom_publisher = site_room.newsroom.publisher
    assert isinstance(newsroom_publisher.site_build, WarmBuilds)
    settings = site_room.settings
    builds = WarmBuilds(
        settings.project, settings.project / "pelicanconf.py", settings.content_path,
        site.output, timeout=300,
    )  # fmt: skip
    publisher = _publisher(site_room, site)
    publisher.site_build = builds
    try:
        site.article("tin-moi", "Tin mới", slug="tin-moi")
        publisher.request("ha")
        assert publisher.wait_until_idle(timeout=300)
        assert publisher.status().succeeded, publisher.status().errors
        worker, first = builds._worker, builds.last
        assert worker is not None and first["reused"] == 0

        site.article("tin-hai", "Tin hai", slug="tin-hai", date="2026-01-02 08:00")
        publisher.request("ha")
        assert publisher.wait_until_idle(timeout=300)
        assert publisher.status().succeeded, publisher.status().errors
        assert builds._worker is worker  # the same process, warm
        assert builds.last["quick"]  # a new article: a quick add (wardportal.engine_adds)
        assert (site.output / "tin-tuc/2026/tin-hai/index.html").exists()

        site.article(
            "tin-hai", "Tin hai", "Nội dung đã sửa.", slug="tin-hai", date="2026-01-02 08:00"
        )
        publisher.request("ha")  # the text of a published article: a quick edit
        assert publisher.wait_until_idle(timeout=300)
        assert publisher.status().succeeded, publisher.status().errors
        assert builds.last["quick"] and builds._worker is worker
        page = (site.output / "tin-tuc/2026/tin-hai/index.html").read_text("utf-8")
        assert "Nội dung đã sửa." in page

        publish_a_broken_article(publisher, site)
        assert (site.output / "tin-tuc/2026/tin-hai/index.html").exists()
    finally:
        builds.close()


def test_an_engine_build_that_runs_late_is_stopped_and_the_next_starts_afresh(
    site_room: Room, site
) -> None:
    settings = site_room.settings
    site.article("tin-moi", "Tin mới", slug="tin-moi")
    builds = WarmBuilds(
        settings.project, settings.project / "pelicanconf.py", settings.content_path,
        site.output, timeout=0.05,
    )  # fmt: skip
    try:
        succeeded, error = builds()
        assert not succeeded and "quá" in error and builds._worker is None
        assert not (site.output / "tin-tuc/2026/tin-moi/index.html").exists()
        builds.timeout = 300
        assert builds() == (True, "")
        assert (site.output / "tin-tuc/2026/tin-moi/index.html").exists()
    finally:
        builds.close()
