"""The build's forked helpers (wardportal.parallel): a parallel build writes exactly the site
a sequential one writes, and each helper does its share of the work, once."""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import re
import sys
import threading
import time

import pytest

from tests.support.servers import wait_until
from tests.support.sites import PROJECT, Site
from wardportal.parallel import ForkedResult, ForkedTask
from wardportal.prefetch import MarkdownPrefetch

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="fork is used on Linux only")


@linux_only
def test_forked_task_does_its_work_in_another_process(tmp_path):
    target = tmp_path / "written.txt"
    task = ForkedTask.start(lambda: target.write_text(str(os.getpid()), "utf-8"))
    assert task is not None and task.wait()
    assert target.read_text("utf-8") not in ("", str(os.getpid()))


def broken():
    raise RuntimeError("hỏng")


@linux_only
def test_a_failing_child_is_reported_so_the_caller_can_do_the_work_itself():
    task = ForkedTask.start(broken)
    assert task is not None and task.wait() is False


@linux_only
def test_a_forked_result_comes_back_from_the_child():
    preloaded = ForkedResult.start(lambda: {"pid": os.getpid(), "mục": ["Đảng viên"]})
    assert preloaded is not None
    value = preloaded.result()
    assert value["mục"] == ["Đảng viên"] and value["pid"] != os.getpid()


@linux_only
def test_a_forked_result_that_failed_is_none_so_the_caller_computes_it():
    preloaded = ForkedResult.start(broken)
    assert preloaded is not None and preloaded.result() is None


def test_a_fork_leaves_the_collector_as_it_found_it():
    """Frozen for the fork (the child copies none of the parent's objects), unfrozen after
    it; a freeze in place before (the engine's, between builds) stays."""
    import gc

    gc.unfreeze()
    task = ForkedTask.start(lambda: None)
    assert task is not None and task.wait() and gc.get_freeze_count() == 0
    gc.freeze()
    try:
        task = ForkedTask.start(lambda: None)
        assert task is not None and task.wait() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_no_fork_from_a_thread_of_a_larger_program():
    """The preview server rebuilds from a watcher thread: all work stays in-process."""
    started = []
    thread = threading.Thread(target=lambda: started.append(ForkedTask.start(lambda: None)))
    thread.start()
    thread.join()
    assert started == [None]


def slow_convert(path: str) -> tuple[str, dict]:
    if path.endswith("hong.md"):
        raise ValueError("tệp hỏng")
    time.sleep(0.002)
    return f"<p>{path}</p><!-- {os.getpid()} -->", {"title": [path]}


@linux_only
def test_prefetch_converts_each_file_once_meeting_pelican_in_the_middle():
    paths = [f"/bai-{number:03d}.md" for number in range(200)]
    child_started, reader_started = multiprocessing.Event(), multiprocessing.Event()

    def convert_in_child(path: str) -> tuple[str, dict]:
        # However the machine schedules the two: the child has a file before the reader begins,
        # and leaves the first half alone until the reader has taken a file.
        child_started.set()
        if paths.index(path) < len(paths) // 2:
            assert reader_started.wait(60)
        return slow_convert(path)

    prefetch = MarkdownPrefetch(paths, convert_in_child)
    assert prefetch.running
    assert child_started.wait(60), "the child did not start"
    by_child, by_reader = {}, []
    for path in paths:  # Pelican's order: from the first file
        converted = prefetch.take(path)
        reader_started.set()
        if converted is None:
            by_reader.append(path)
            slow_convert(path)
        else:
            by_child[path] = converted
    prefetch.close()
    assert by_child and by_reader, "both processes should have converted some files"
    assert set(by_child).isdisjoint(by_reader)
    assert sorted([*by_child, *by_reader]) == paths
    # The child works from the end: its files are the last ones, and its results are right.
    assert sorted(by_child) == paths[len(by_reader) :]
    for path, (html, header) in by_child.items():
        assert html.startswith(f"<p>{path}</p>") and header == {"title": [path]}
        assert f"<!-- {os.getpid()} -->" not in html


@linux_only
def test_a_file_the_child_cannot_convert_is_left_to_the_reader():
    paths = ["/a.md", "/hong.md", "/c.md"]
    prefetch = MarkdownPrefetch(paths, slow_convert)
    # However busy the machine: the child has claimed all three before the reader asks.
    wait_until(lambda: not prefetch.claims.unclaimed(), "the child claimed every file")
    results = [prefetch.take(path) for path in paths]
    prefetch.close()
    assert results[1] is None  # the reader converts it again and reports the error itself
    assert results[0] is not None and results[2] is not None


def entry(number: int) -> str:
    return (
        f"  - title: Mô hình số {number}\n    kind: mô hình\n    holder: Tổ dân phố số {number}\n"
        f"    field: văn hoá - xã hội\n    status: công nhận\n    level: phường\n"
        f"    summary: Tổ **{number}** giữ đường làng sạch đẹp.\n"
    )


def build(root, parallel: bool) -> dict[str, str]:
    site = Site(root / "project")
    site.write(
        "honours/2019-2020.yaml",
        "period: 2019-2020\nentries:\n" + "".join(map(entry, range(1, 25))),
    )
    site.article("bai", "Bài viết", honours="mo-hinh-so-3", summary="Tóm tắt *đậm*.")
    for number in range(40):
        site.article(
            f"tin-{number}",
            f"Tin số {number} về Dân vận khéo",
            f"Đoạn {number} của bài.\n\n## Mục\n\nTổ dân phố số {number}.",
            date=f"2026-10-{number % 28 + 1:02d} 0{number % 10}:00",
            tags="Dân vận khéo, Văn hoá",
        )
    site.write("pages/gioi-thieu.md", "Title: Giới thiệu\n\nPhường Phúc Thành.\n")
    settings = site.root / "conf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(PROJECT)!r})\nfrom pelicanconf import *\n"
        f"THEME = {str(PROJECT / 'theme')!r}\nPLUGIN_PATHS = [{str(PROJECT / 'plugins')!r}]\n"
        f"PORTAL_PARALLEL = {parallel}\n",
        encoding="utf-8",
    )
    site.build(settings=str(settings))
    files = {}
    for path in sorted(site.output.rglob("*")):
        name = path.relative_to(site.output).as_posix()
        if path.is_dir() and not name.startswith("pagefind"):
            files[f"folder:{name}"] = ""  # the same folders, none left empty in one of them
        if not path.is_file() or name.startswith("pagefind/") or name == "sitemap.xml":
            continue  # sitemap: its dates are the time of each build; the index: below
        text = path.read_bytes().decode("utf-8", errors="replace")
        # The build's own time differs between two builds; nothing else may.
        text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+07:00", "TIME", text)
        text = re.sub(r"\d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0700", "TIME", text)  # RSS
        text = re.sub(r'"generated": "[^"]+"', "", text)
        files[name] = text
    for fragment in (site.output / "pagefind/fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        files[f"search:{data['url']}"] = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return files


@linux_only
def test_parallel_and_sequential_builds_write_the_same_site(tmp_path):
    parallel = build(tmp_path / "song-song", parallel=True)
    sequential = build(tmp_path / "tuan-tu", parallel=False)
    assert "bang-vang/2019-2020/mo-hinh-so-3/index.html" in parallel
    assert "search:/tin-tuc/2026/tin-so-39-ve-dan-van-kheo/" in parallel
    assert "search:/bang-vang/2019-2020/mo-hinh-so-3/" in parallel
    assert "<em>đậm</em>" in parallel["tin-tuc/2026/bai-viet/index.html"]
    assert parallel.keys() == sequential.keys()
    for name, text in parallel.items():
        assert text == sequential[name], name
