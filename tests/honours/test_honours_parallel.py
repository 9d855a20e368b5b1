"""Writing the roll's pages in a second process gives exactly the pages written in one."""

from __future__ import annotations

import re
import sys
import threading

import pytest
from conftest import PROJECT, Site
from honour_data import csv_text, entry_yaml, row, yaml_roll

from wardportal.honours.forked import ForkedTask

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="fork is used on Linux only")


@linux_only
def test_forked_task_does_its_work_in_another_process(tmp_path):
    target = tmp_path / "written.txt"
    task = ForkedTask.start(lambda: target.write_text("xong", "utf-8"))
    assert task is not None and task.wait()
    assert target.read_text("utf-8") == "xong"


@linux_only
def test_a_failing_child_is_reported_so_the_caller_can_write_itself():
    def broken():
        raise RuntimeError("hỏng")

    task = ForkedTask.start(broken)
    assert task is not None and task.wait() is False


def test_no_fork_from_a_thread_of_a_larger_program():
    """The preview server rebuilds from a watcher thread: pages are written in-process."""
    started = []
    thread = threading.Thread(target=lambda: started.append(ForkedTask.start(lambda: None)))
    thread.start()
    thread.join()
    assert started == [None]


def build_roll(root, parallel: bool) -> dict[str, str]:
    site = Site(root / "project")
    site.write("honours/2016-2018.yaml", yaml_roll(entry_yaml("Một", summary="**Đậm**")))
    rows = [row(f"Mô hình số {number}", date=f"{number:02d}/10/2020") for number in range(1, 25)]
    site.write("honours/2019-2020.csv", csv_text(rows))
    site.article("bai", "Bài viết", honours="mo-hinh-so-3")
    settings = site.root / "conf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(PROJECT)!r})\nfrom pelicanconf import *\n"
        f"THEME = {str(PROJECT / 'theme')!r}\nPLUGIN_PATHS = [{str(PROJECT / 'plugins')!r}]\n"
        f"PORTAL_SEARCH = False\nHONOUR_PARALLEL = {parallel}\n",
        encoding="utf-8",
    )
    site.build(settings=str(settings))
    pages = {"sitemap.xml": (site.output / "sitemap.xml").read_text("utf-8")}
    roll_files = [*site.output.glob("bang-vang/**/*.*"), site.output / "feeds/bang-vang.atom.xml"]
    for path in sorted([*roll_files, *site.output.glob("tin-tuc/**/*.html")]):
        if path.is_file():
            text = path.read_text("utf-8")
            # The build's own time differs between two builds; nothing else may.
            text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+07:00", "TIME", text)
            text = re.sub(r'"generated": "[^"]+"', "", text)
            pages[path.relative_to(site.output).as_posix()] = text
    return pages


@linux_only
def test_parallel_and_sequential_builds_write_the_same_site(tmp_path):
    parallel = build_roll(tmp_path / "song-song", parallel=True)
    sequential = build_roll(tmp_path / "tuan-tu", parallel=False)
    assert "bang-vang/2019-2020/mo-hinh-so-3/index.html" in parallel
    assert "bang-vang/2019-2020/mo-hinh-so-3/" in parallel["sitemap.xml"]
    assert parallel.keys() == sequential.keys()
    for name, text in parallel.items():
        if name != "sitemap.xml":  # its dates are the time of each build
            assert text == sequential[name], name
