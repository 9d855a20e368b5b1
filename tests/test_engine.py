"""The long-running engine (wardportal.engine): after every kind of edit, the site it serves
is byte for byte the site a clean full build writes, and it read only the changed files.

Compared byte for byte: every output file but the search bundles and the search page's
attribute naming the engine's recent bundle. The search is compared by what it finds: the
fragment (URL, searchable text, filters) of every page the engine's two bundles give the
search page equals the full index's. Blanked first: the build's own time (feed dates,
sitemap dates, the manifest's "generated"), which differs between any two builds.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.search import indexed_pages, searched_pages
from tests.support.sites import PELICAN, PROJECT, Site
from wardportal import page_memo
from wardportal.engine import BuildOutcome, Engine

sys.path.insert(0, str(PROJECT / "bench"))
from site_snapshot import files_of  # noqa: E402

RECENT_ATTRIBUTE = re.compile(rb' data-recent="[^"]*"')


def entry(number: int, summary: str = "") -> str:
    return (
        f"  - title: Mô hình số {number}\n    kind: mô hình\n"
        f"    holder: Tổ dân phố số {number}\n    field: văn hoá - xã hội\n"
        f"    status: công nhận\n    level: phường\n"
        f"    summary: {summary or f'Tổ **{number}** giữ đường làng sạch đẹp.'}\n"
    )


def roll(first_summary: str = "") -> str:
    entries = [entry(1, first_summary)] + [entry(number) for number in range(2, 8)]
    return "period: 2019-2020\nentries:\n" + "".join(entries)


class Project:
    """A site with its own theme copy (a template is edited too) and settings file."""

    def __init__(self, root: Path) -> None:
        self.site = Site(root / "project")
        self.theme = root / "project/theme"
        shutil.copytree(PROJECT / "theme", self.theme)
        self.conf = root / "project/conf.py"
        self.conf.write_text(
            f"import sys\nsys.path.insert(0, {str(PROJECT)!r})\nfrom pelicanconf import *\n"
            f"THEME = {str(self.theme)!r}\nPLUGIN_PATHS = [{str(PROJECT / 'plugins')!r}]\n"
            f"OUTPUT_PATH = {str(self.site.output)!r}\nPATH = {str(self.site.content)!r}\n",
            encoding="utf-8",
        )
        self.scratch = root / "full"

    def full_build(self) -> dict[str, bytes]:
        """A clean `pelican` of the content as it is now, in a copy (its own record)."""
        shutil.rmtree(self.scratch, ignore_errors=True)
        shutil.copytree(self.site.content, self.scratch / "content")
        output = self.scratch / "output"
        result = subprocess.run(
            [str(PELICAN), str(self.scratch / "content"), "-s", str(self.conf)]
            + ["-o", str(output), "-q"],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return files_of(output)


_PLUGIN: dict[str, object] = {}


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Iterator[Project]:
    # Other tests import tests/honours as the package "honours"; Pelican, running in this
    # process, would take it for the honour-roll plugin of the same name (its loader reuses
    # whatever sys.modules holds by that name) and build a site without the roll. The plugin
    # is loaded once and given back to every later test: loaded twice, it would register
    # two generators.
    shadow = sys.modules.get("honours")
    if shadow is not None and not hasattr(shadow, "register"):
        if _PLUGIN:
            monkeypatch.setitem(sys.modules, "honours", _PLUGIN["honours"])
        else:
            monkeypatch.delitem(sys.modules, "honours")
    project = Project(tmp_path)
    site = project.site
    site.write("honours/2019-2020.yaml", roll())
    for number in range(14):
        site.article(
            f"tin-{number}",
            f"Tin số {number} về Dân vận khéo",
            f"Đoạn {number} của bài.\n\n## Mục\n\nTổ dân phố số {number}.",
            date=f"2026-10-{number + 1:02d} 08:00",
            tags="Dân vận khéo, Văn hoá" if number % 2 else "An ninh",
        )
    site.article("nhap", "Bài nháp sắp đăng", "Sắp đăng.", date="2026-10-20 08:00", status="draft")
    site.article("mo-hinh", "Mô hình hay", "Xem mô hình.", honours="mo-hinh-so-3")
    site.write("pages/gioi-thieu.md", "Title: Giới thiệu\n\nPhường Phúc Thành.\n")
    yield project
    if hasattr(sys.modules.get("honours"), "register"):
        _PLUGIN["honours"] = sys.modules["honours"]


def assert_same_site(project: Project, engine: Engine) -> BuildOutcome:
    """The engine's build of the content as it is now equals a clean full build; its search
    (two bundles, wardportal.search_bundles) finds the pages a full index finds."""
    expected = project.full_build()
    full_search = indexed_pages(project.scratch / "output")
    outcome = engine.build()
    assert outcome.error is None, outcome.error
    served = files_of(project.site.output)
    expected, served = without_search(expected), without_search(served)
    assert served.keys() == expected.keys()
    differ = [name for name in expected if served[name] != expected[name]]
    assert differ == [], first_difference(expected[differ[0]], served[differ[0]])
    assert searched_pages(project.site.output) == full_search
    return outcome


def without_search(files: dict[str, bytes]) -> dict[str, bytes]:
    """The files without the search bundles (compared by what they find), and the search page
    without the attribute that names the engine's recent bundle."""
    kept = {name: data for name, data in files.items() if not name.startswith("pagefind")}
    for name, data in kept.items():
        kept[name] = RECENT_ATTRIBUTE.sub(b"", data)
    return kept


def first_difference(expected: bytes, served: bytes) -> str:
    lines = difflib.unified_diff(
        expected.decode(errors="replace").splitlines(),
        served.decode(errors="replace").splitlines(),
        "full build",
        "engine",
        lineterm="",
    )
    return "\n".join(list(lines)[:30])


def test_every_edit_serves_what_a_full_build_writes(project: Project):
    site = project.site
    from pelican.settings import read_settings

    engine = Engine(read_settings(str(project.conf)))
    first = engine.build()
    assert first.error is None and first.files_read == 17

    site.article("tin-3", "Tiêu đề đã sửa của tin ba", "Đoạn 3 của bài.", date="2026-10-04 08:00")
    assert_same_site(project, engine)
    assert (engine.memo.read, engine.memo.reused) == (1, 16)  # only the edited file read
    assert site.exists("/tin-tuc/2026/tieu-de-da-sua-cua-tin-ba/")  # the old address redirects

    site.article("tin-3", "Tiêu đề đã sửa của tin ba", "Đoạn 3.", date="2026-11-25 08:00")
    assert_same_site(project, engine)  # a new date: newest on the home page, another year page

    site.article("tin-5", "Tin số 5 về Dân vận khéo", "Đoạn 5.", tags="Khuyến học, An ninh")
    assert_same_site(project, engine)  # tags: old tag pages lose it, a new tag page appears
    assert site.exists("/tu-khoa/khuyen-hoc/")

    site.article("nhap", "Bài nháp sắp đăng", "Đã đăng.", date="2026-10-20 08:00")
    assert_same_site(project, engine)  # draft to published

    (site.content / "articles/tin-7.md").unlink()
    site.write(".portal/gone.txt", "/tin-tuc/2026/tin-so-7-ve-dan-van-kheo/\n")
    assert_same_site(project, engine)  # deleted (and listed as gone: 410)
    assert "Tin số 7 về" not in site.path_of("/luu-tru/2026/").read_text("utf-8")

    site.write("honours/2019-2020.yaml", roll("Tổ tự quản **đường làng** kiểu mẫu."))
    assert_same_site(project, engine)  # an honour entry edited
    assert "kiểu mẫu" in site.path_of("/bang-vang/2019-2020/mo-hinh-so-1/").read_text("utf-8")

    article = project.theme / "templates/article.html"
    article.write_text(
        article.read_text("utf-8").replace("{% block content %}", "{% block content %}<!--v2-->"),
        "utf-8",
    )
    assert_same_site(project, engine)  # a template
    assert "<!--v2-->" in site.path_of("/tin-tuc/2026/tin-so-1-ve-dan-van-kheo/").read_text()

    site.image("images/anh.jpg")
    site.article("moi", "Tin mới có ảnh", "![Ảnh](images/anh.jpg)", date="2026-11-30 07:00")
    assert_same_site(project, engine)  # a new article with a photo, first on the home page
    site.article("tin-1", "Tin số 1 đã sửa", "Đoạn 1.", date="2026-10-02 08:00")
    assert_same_site(project, engine)  # the photo's article from memory: its photo published
    assert (engine.memo.read, engine.memo.reused) == (1, 16) and any(
        site.output.glob("images/_v/anh-*.webp")
    )
    engine.wait_for_cleanups()


# Words a random walk draws tags from: two spellings of one word (case, tone placement),
# two words sharing an ASCII slug, the fixture's own tags, words new to the site.
_WALK_TAGS = ["An ninh", "an ninh", "Văn hoá", "văn hóa", "Hội", "Hồi", "Dân vận khéo"]
_WALK_TAGS += ["Khuyến học", "Tết"]
_WALK_WORDS = "tổ dân phố ra quân làm sạch đường làng trao quà người cao tuổi hội".split()
_WALK_KINDS = ["add", "add", "draft", "title", "text", "tags", "date", "honour"]
# Headers Pelican compares by slug: an author and a category in two spellings each.
_WALK_HEADERS = {
    "author": ["Nguyễn Văn An", "nguyễn văn an", "Trần Thị Bình"],
    "category": ["Tin tức – Sự kiện", "tin tức – sự kiện", "Văn hoá xã hội"],
}


# Seeds whose walks hold every kind of edit, a new tag, "Hội" and "Hồi", a draft published;
# the third, authors and categories changed to another spelling of one another.
@pytest.mark.parametrize(
    "seed, kinds",
    [(1033, _WALK_KINDS), (1896, _WALK_KINDS), (2220, [*_WALK_KINDS, *_WALK_HEADERS])],
)
def test_a_random_walk_of_edits_serves_what_a_full_build_writes(
    project: Project, seed: int, kinds: list[str]
):
    """Edits drawn at random (a seed each, so a failure replays): new articles and drafts,
    titles, texts, tags among spellings and words sharing a slug, dates, a draft published,
    an honour entry, authors and categories; after each, the engine's site equals a clean
    full build's."""
    import random

    from pelican.settings import read_settings

    rng = random.Random(seed)
    site = project.site
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None
    articles = {  # as the fixture wrote them
        f"tin-{number}": {
            "title": f"Tin số {number} về Dân vận khéo",
            "body": f"Đoạn {number} của bài.\n\n## Mục\n\nTổ dân phố số {number}.",
            "date": f"2026-10-{number + 1:02d} 08:00",
            "tags": "Dân vận khéo, Văn hoá" if number % 2 else "An ninh",
        }
        for number in range(14)
    }
    drafts: list[str] = []
    quick = 0

    def words(count: int) -> str:
        return " ".join(rng.choice(_WALK_WORDS) for _ in range(count))

    def write(name: str) -> None:
        meta = {key: value for key, value in articles[name].items() if key != "title"}
        site.article(name, articles[name]["title"], meta.pop("body", "Nội dung."), **meta)

    for step in range(14):
        kind = rng.choice(kinds)
        name = rng.choice(sorted(articles))
        if kind in ("add", "draft"):
            name = f"buoc-{step}"
            articles[name] = {"title": f"{words(4).capitalize()} số {step}"}
            articles[name]["date"] = f"2026-{rng.randint(9, 11)}-{rng.randint(1, 28):02d} 07:00"
            if kind == "draft":
                drafts.append(name)
                articles[name]["status"] = "draft"
        elif kind == "title":
            articles[name]["title"] = f"{words(5).capitalize()} ở bước {step}"
        elif kind == "text":
            articles[name]["body"] = f"{words(12).capitalize()}."
        elif kind == "date":
            articles[name]["date"] = f"2025-{rng.randint(1, 12)}-{rng.randint(1, 28):02d} 09:00"
        elif kind == "honour":
            site.write("honours/2019-2020.yaml", roll(f"Tổ **{words(3)}** bước {step}."))
        elif kind in _WALK_HEADERS:
            articles[name][kind] = rng.choice(_WALK_HEADERS[kind])
        if kind in ("add", "draft") or (kind == "tags" and rng.random() < 0.8):
            chosen = rng.sample(_WALK_TAGS, rng.randint(0, 2))
            articles[name]["tags"] = ", ".join(chosen) if chosen else ""
            articles[name] = {key: value for key, value in articles[name].items() if value}
        if kind == "text" and drafts and rng.random() < 0.5:
            name = drafts.pop()  # and a draft published
            del articles[name]["status"]
        if kind != "honour":
            write(name)
        shown = "the roll" if kind == "honour" else f"{name} {articles[name]}"
        print(f"step {step}: {kind}, {shown}")  # shown when it fails, to replay it
        outcome = assert_same_site(project, engine)
        print(f"  quick: {outcome.quick}, else {engine.edits.declined!r}")
        quick += outcome.quick
    assert quick >= 5  # the quick edits and adds were compared, not only ordinary builds
    engine.wait_for_cleanups()


def test_a_broken_edit_keeps_the_last_good_site_and_a_fix_publishes(project: Project):
    from pelican.settings import read_settings

    site = project.site
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None
    before = files_of(site.output)
    site.article("tin-2", None, "Không có tiêu đề.")
    failed = engine.build()
    assert failed.error is not None and "tin-2.md" in failed.error
    assert files_of(site.output) == before
    site.article("tin-2", "Tin hai đã sửa", "Có tiêu đề.", date="2026-10-03 08:00")
    assert_same_site(project, engine)


def test_an_unforeseen_failure_leaves_no_staged_folder_behind(project: Project):
    """A template that does not exist trips Pelican itself: the engine reports it, the live
    site stays, and the run's scratch folder goes at once, not when the server stops."""
    from pelican.settings import read_settings

    site = project.site
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None
    before = files_of(site.output)
    site.write("articles/la.md", "Title: Bài lạ\nDate: 2026-10-04\nTemplate: khong-co\n\nx\n")
    failed = engine.build()
    assert failed.error is not None and "khong-co" in failed.error
    assert files_of(site.output) == before
    assert list(site.output.parent.glob(f".{site.output.name}.building-*")) == []


def test_memory_holds_one_build_not_every_build(project: Project, monkeypatch):
    """Pelican memoizes each item's HTML on its class: the engine keeps only the last build's.
    The site served is frozen out of the cyclic collector's way (gc.freeze) until the next
    ordinary build, which starts with it unfrozen (what it replaces can be collected)."""
    import gc

    from pelican.contents import Content
    from pelican.settings import read_settings

    from wardportal import build_state

    frozen_at_start: list[int] = []
    run_build = build_state.run_build
    monkeypatch.setattr(
        build_state,
        "run_build",
        lambda pelican: frozen_at_start.append(gc.get_freeze_count()) or run_build(pelican),
    )
    engine = Engine(read_settings(str(project.conf)))
    for number in range(3):
        # A new date: the ordinary build, every time.
        project.site.article("moi", "Tin mới", "Nội dung.", date=f"2026-11-2{number} 08:00")
        outcome = engine.build()
        assert outcome.error is None and not outcome.quick
        engine.wait_for_cleanups()
        assert gc.get_freeze_count() > 10_000  # the site's objects
    assert frozen_at_start == [0, 0, 0]
    items = {key[0] for key in Content.get_content.cache}
    assert 0 < len(items) <= 18  # 17 articles and 1 page were read; three builds made 54


def test_a_file_long_unchanged_is_not_read_again_and_a_file_just_written_is(
    project: Project, monkeypatch
):
    """An unchanged article is made again from memory without its file being read, when its
    size and time are what they were and it was written well before the build before:
    written just before it, a second write of the same size could keep the same time."""
    from pelican.settings import read_settings

    from wardportal import engine as engine_module

    site = project.site
    settled = time.time_ns() - 10 * engine_module.SETTLED_NS
    for path in site.content.rglob("*.md"):
        os.utime(path, ns=(settled, settled))
    article = site.article("tin-2", "Tin số 2 về Dân vận khéo", "Bản A.", date="2026-10-03")
    written = article.stat().st_mtime_ns  # just now: not settled when the next build stamps
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None
    hashed: list[bytes] = []
    digest = engine_module.file_digest
    monkeypatch.setattr(engine_module, "file_digest", lambda b: hashed.append(b) or digest(b))

    article.write_text(article.read_text("utf-8").replace("Bản A.", "Bản B."), "utf-8")
    os.utime(article, ns=(written, written))  # the same size and time as when it was read
    assert_same_site(project, engine)
    assert "Bản B." in site.path_of("/tin-tuc/2026/tin-so-2-ve-dan-van-kheo/").read_text("utf-8")
    assert len(hashed) == 1 and b"B." in hashed[0]  # only the file just written was read


def relative(path: str, site: Site) -> str:
    return Path(path).relative_to(site.output).as_posix()


def pages_by_inode(output: Path) -> dict[str, int]:
    return {
        path.relative_to(output).as_posix(): path.stat().st_ino for path in output.rglob("*.html")
    }


def second_names(output: Path, kept: Path) -> dict[str, bytes]:
    """A second name (a hardlink) under `kept` for every page of the live site; the bytes
    each has now (a build that wrote through a shared name would change them)."""
    for name in pages_by_inode(output):
        (kept / name).parent.mkdir(parents=True, exist_ok=True)
        (kept / name).hardlink_to(output / name)
    return {name: (kept / name).read_bytes() for name in pages_by_inode(output)}


def test_a_rebuild_renders_only_the_pages_an_edit_shows_and_never_writes_the_live_site(
    project: Project, tmp_path: Path
):
    """Unchanged pages are the live files under a second name (the same inode); changed ones
    are new files; the live site's files keep their bytes while the new one is built."""
    from pelican.settings import read_settings

    site = project.site
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None
    total = engine.pages.rendered
    assert total > 40 and engine.pages.reused == 0

    assert engine.build().error is None  # nothing changed: nothing rendered
    assert (engine.pages.rendered, engine.pages.reused, engine.pages.patched) == (0, total, 0)

    before = pages_by_inode(site.output)
    kept = tmp_path / "kept"  # second names for the live files: their bytes must not change
    old_bytes = second_names(site.output, kept)

    site.article("tin-0", "Tin số 0 đã đổi tiêu đề", "Đoạn 0.", date="2026-10-01 08:00")
    assert_same_site(project, engine)
    assert 0 < engine.pages.rendered < total / 2
    after = pages_by_inode(site.output)
    renamed = "tin-tuc/2026/tin-so-0-da-doi-tieu-de/index.html"  # the oldest article
    assert after[renamed] != before.get(renamed)
    static_page = "gioi-thieu/index.html"
    assert after[static_page] == before[static_page]  # reused: the same file
    newest = "tin-tuc/2026/tin-so-13-ve-dan-van-kheo/index.html"
    assert after[newest] == before[newest]  # neither its neighbour nor related: untouched
    assert {name: (kept / name).read_bytes() for name in old_bytes} == old_bytes
    engine.wait_for_cleanups()


def test_a_new_article_changes_the_latest_box_of_every_page_without_rendering_them(
    project: Project, monkeypatch
):
    """ "Tin mới nhất" is on every page: pages that show nothing else of a new article are
    the live page with the box replaced (from the bytes kept in memory), byte for byte
    what a render writes. A new article and nothing else is a quick add
    (wardportal.engine_adds): only the pages that can show it are rendered."""
    from pelican.settings import read_settings

    site = project.site
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None
    total = engine.pages.rendered
    read: list[str] = []
    disk = page_memo.read_page
    monkeypatch.setattr(page_memo, "read_page", lambda path: read.append(path) or disk(path))
    site.article("moi", "Tin mới nhất của phường", "Nội dung.", date="2026-11-30 07:00")
    assert assert_same_site(project, engine).quick
    assert engine.pages.rendered < total / 2 < engine.edits.rendered  # most pages patched
    # The pages' bytes kept in memory (not the redirect and 410 pages: not the memo's).
    assert [path for path in read if relative(path, site) in engine.pages.replays] == []
    assert "Tin mới nhất của phường" in site.path_of("/bang-vang/").read_text("utf-8")
    # Another: the pages a forked child patched were read back once served, not read now.
    read.clear()
    site.article("moi-hai", "Tin mới thứ hai", "Nội dung.", date="2026-11-30 06:00")
    assert assert_same_site(project, engine).quick
    assert [path for path in read if relative(path, site) in engine.pages.replays] == []

    # Quick edits write pages again (an article's text; a title in "Tin mới nhất": every
    # page) into files the kept bytes were not written to; what follows is still right.
    rewrite_body(site, "articles/tin-1.md", "Đoạn một đã sửa.")
    assert engine.build().quick
    site.article("moi", "Tin mới nhất đã sửa", "Nội dung.", date="2026-11-30 07:00")
    assert engine.build().quick
    site.article("moi-nua", "Tin mới nữa của phường", "Nội dung.", date="2026-11-30 09:00")
    assert assert_same_site(project, engine).quick
    rewrite_body(site, "articles/moi-nua.md", "Nội dung đã sửa.")
    assert assert_same_site(project, engine).quick  # the added article's pages replayed

    # An ordinary build (an article deleted) patches every page from memory too.
    read.clear()
    (site.content / "articles/moi.md").unlink()
    gone = ("/tin-tuc/2026/tin-moi-nhat-cua-phuong/", "/tin-tuc/2026/tin-moi-nhat-da-sua/")
    site.write(".portal/gone.txt", "\n".join(gone) + "\n")
    assert not assert_same_site(project, engine).quick
    assert engine.pages.patched > total / 2
    assert [path for path in read if relative(path, site) in engine.pages.replays] == []
    engine.wait_for_cleanups()


@pytest.mark.parametrize("child", [True, False], ids=["patched-by-a-child", "in-process"])
def test_a_new_article_anywhere_is_a_quick_add_and_what_it_cannot_place_is_built(
    project: Project, monkeypatch, child: bool
):
    """A new article takes its place among older ones (its tag's and category's lists,
    the year's archive, the related news of articles sharing its tags, its neighbours),
    with an author new to the site, a tag new to the site; the boxes of every page are
    patched by a forked child, or here where there is none. Another spelling of a tag, or
    a word sharing a tag's slug, goes through the ordinary build (drafts: the test of the
    newsroom's drafts and approvals)."""
    from pelican.settings import read_settings

    from wardportal import parallel

    forked: list[object] = []
    start = parallel.ForkedResult.start

    def noted(compute):
        """The child started (or None, where there is none), noted."""
        forked.append(started := start(compute) if child else None)
        return started

    monkeypatch.setattr(parallel.ForkedResult, "start", noted)
    site = project.site
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None
    forked.clear()  # the first build's (the roll's pages)
    site.article(
        "giua-thang",
        "Tin giữa tháng về Dân vận khéo",
        "Tổ dân phố ra quân.",
        date="2026-10-05 09:30",
        tags="Dân vận khéo, Văn hoá",
        author="Tổ biên tập phường",
    )
    assert assert_same_site(project, engine).quick, engine.edits.declined
    listed = site.path_of("/tu-khoa/van-hoa/").read_text("utf-8")
    assert "Tin giữa tháng về Dân vận khéo" in listed
    record = (site.content / ".portal/urls.json").read_text("utf-8")
    assert "/tin-tuc/2026/tin-giua-thang-ve-dan-van-kheo/" in record  # never to break

    # Enough articles for another page of the home list; one dated as another (the order
    # of their files decides), one older than every other (another year's archive).
    forked.clear()
    for number, date in enumerate(["2026-10-05 09:30", "2026-11-30 07:00", "2025-01-02 08:00"]):
        site.article(f"them-{number}", f"Tin thêm số {number}", "Nội dung.", date=date)
        assert engine.build().quick, engine.edits.declined
    # The newest of them changed "Tin mới nhất": every page patched, by a child or here.
    assert forked and any(forked) is child
    for number in range(3, 6):
        site.article(f"them-{number}", f"Tin thêm số {number}", "Nội dung.", tags="An ninh")
        assert engine.build().quick, engine.edits.declined
    # The year archives, made again for the new article's year only, are Pelican's.
    articles = engine.edits.articles
    whole = articles._build_period_archives(articles.dates, articles.articles, articles.settings)
    assert articles.period_archives == whole and len(whole["year"]) == 2
    asked: list[str] = []  # the pages the page memo is asked for (made, reused or patched)
    make = page_memo.PageMemo.make
    monkeypatch.setattr(
        page_memo.PageMemo, "make", lambda memo, *args: asked.append(args[-1]) or make(memo, *args)
    )
    site.article("them-6", "Tin thêm số 6", "Nội dung.", tags="An ninh")
    assert assert_same_site(project, engine).quick, engine.edits.declined
    assert site.exists("/trang/3/") and site.exists("/luu-tru/2025/")
    # Another year's archive cannot show it: its boxes patched, with every other page.
    assert "luu-tru/2026/index.html" in asked and "luu-tru/2025/index.html" not in asked

    # A word new to the site is a new tag: its page, the list of tags, its address kept.
    site.article("tu-moi", "Tin có từ khóa mới", "Nội dung.", tags="An ninh, Hội khuyến học")
    assert assert_same_site(project, engine).quick, engine.edits.declined
    assert site.exists("/tu-khoa/hoi-khuyen-hoc/")
    assert "Hội khuyến học" in site.path_of("/tu-khoa/").read_text("utf-8")
    record = (site.content / ".portal/urls.json").read_text("utf-8")
    assert "/tu-khoa/hoi-khuyen-hoc/" in record
    # Another spelling of a tag, and another word with a tag's slug: the ordinary build.
    for number, tags in enumerate(["văn hóa", "Hồi khuyến học"]):
        site.article(f"tu-khac-{number}", f"Tin từ khóa khác {number}", "Nội dung.", tags=tags)
        assert not assert_same_site(project, engine).quick
        assert "tag" in engine.edits.declined
    engine.wait_for_cleanups()


def test_the_newsrooms_drafts_and_approvals_are_quick_adds(project: Project):
    """Drafts saved, changed and dropped between two builds change nothing the site shows;
    "Duyệt và đăng" publishes a draft that came since the last build, or one the last build
    already had (the file changed): a quick add each, with the drafts around it taken in."""
    from pelican.settings import read_settings

    site = project.site
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None

    def draft(name: str, title: str, **meta: str) -> None:
        site.article(name, title, "Nội dung chờ duyệt.", status="draft", **meta)

    draft("cho-duyet-1", "Tin chờ duyệt thứ nhất", review="chờ duyệt", tags="Tết")
    draft("cho-duyet-2", "Tin chờ duyệt thứ hai", review="chờ duyệt")
    outcome = assert_same_site(project, engine)
    assert outcome.quick and engine.edits.rendered == 0, engine.edits.declined

    # Approved: its Status and Review lines go; another draft comes meanwhile.
    site.article("cho-duyet-1", "Tin chờ duyệt thứ nhất", "Nội dung chờ duyệt.", tags="Tết")
    draft("nhap-3", "Bản nháp thứ ba")
    assert assert_same_site(project, engine).quick, engine.edits.declined
    assert site.exists("/tin-tuc/2026/tin-cho-duyet-thu-nhat/")
    assert site.exists("/tu-khoa/tet/")

    # The second, a draft since before the last build, approved; the third dropped.
    site.article("cho-duyet-2", "Tin chờ duyệt thứ hai", "Nội dung chờ duyệt.")
    (site.content / "articles/nhap-3.md").unlink()
    assert assert_same_site(project, engine).quick, engine.edits.declined
    assert site.exists("/tin-tuc/2026/tin-cho-duyet-thu-hai/")

    # A draft with a banner photo ("Ảnh đại diện", the Image: header) saved, then approved:
    # its pages publish the photo's copies. A new article with a photo in its text.
    site.image("images/2026/anh-dai-dien.jpg")
    draft("co-anh", "Tin có ảnh đại diện", image="images/2026/anh-dai-dien.jpg")
    assert assert_same_site(project, engine).quick, engine.edits.declined
    site.article("co-anh", "Tin có ảnh đại diện", "Nội dung.", image="images/2026/anh-dai-dien.jpg")
    assert assert_same_site(project, engine).quick, engine.edits.declined
    assert any(site.output.glob("images/_v/anh-dai-dien-*.webp"))
    site.image("images/2026/anh-trong-bai.jpg")
    site.article(
        "anh-trong-bai", "Tin có ảnh trong bài", "![Lễ ra quân](images/2026/anh-trong-bai.jpg)"
    )
    assert assert_same_site(project, engine).quick, engine.edits.declined
    assert any(site.output.glob("images/_v/anh-trong-bai-*.webp"))

    # A category is shown as the spelling most articles use, drafts included: a draft that
    # spells it otherwise can change it (a tie goes to the capitalised one).
    site.article("van-hoa", "Tin văn hoá", "Nội dung.", category="văn hóa xã hội")
    assert not assert_same_site(project, engine).quick  # a new category
    draft("nhap-van-hoa", "Bản nháp văn hoá", category="Văn hoá xã hội")
    assert not assert_same_site(project, engine).quick
    assert "category" in engine.edits.declined
    assert "Văn hoá xã hội" in site.path_of("/chuyen-muc/").read_text("utf-8")

    # Two approved at once, a draft with a photo in its text, a published article edited
    # beside a draft: the ordinary build.
    for name in ("nhap-4", "nhap-5"):
        site.article(name, f"Tin {name}", "Nội dung.")
    assert not assert_same_site(project, engine).quick
    assert "more than one" in engine.edits.declined
    site.image("images/anh-nhap.jpg")
    assert assert_same_site(project, engine).quick  # a photo alone: nothing names it yet
    site.article("nhap-6", "Bản nháp có ảnh", "![Ảnh](images/anh-nhap.jpg)", status="draft")
    assert not assert_same_site(project, engine).quick  # its photo's copies are published
    assert "photos" in engine.edits.declined
    draft("nhap-6", "Bản nháp có ảnh")  # the photo taken out: its copies go
    site.article("duyet-8", "Tin duyệt thứ tám", "Nội dung.")
    assert not assert_same_site(project, engine).quick
    assert "showed photos" in engine.edits.declined
    draft("nhap-7", "Bản nháp thứ bảy")
    site.article("tin-2", "Tin số 2 đã sửa", "Đoạn 2.", date="2026-10-03 08:00")
    assert not assert_same_site(project, engine).quick
    assert "other than a draft" in engine.edits.declined
    engine.wait_for_cleanups()


def test_a_quick_add_makes_every_term_page_again_when_their_template_reads_the_whole_site(
    project: Project,
):
    """The pages of the tags a new article does not have show it only in the boxes, unless
    their template reads what the article changes (here the number of all articles)."""
    from pelican.settings import read_settings

    tag = project.theme / "templates/tag.html"
    shown = "{% block content %}<p>{{ all_articles|length }} tin</p>"
    tag.write_text(tag.read_text("utf-8").replace("{% block content %}", shown), "utf-8")
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None
    site = project.site
    site.article("moi", "Tin mới về an ninh", "Nội dung.", tags="An ninh")
    assert assert_same_site(project, engine).quick, engine.edits.declined
    assert "<p>16 tin</p>" in site.path_of("/tu-khoa/van-hoa/").read_text("utf-8")
    engine.wait_for_cleanups()


def test_a_quick_add_that_fails_leaves_the_site_to_the_ordinary_build(
    project: Project, monkeypatch
):
    """A failure while the pages are made (the child patching the spare meanwhile) leaves
    the article to the ordinary build; the spare is made again, and quick edits go on."""
    from pelican.settings import read_settings

    from wardportal import engine_adds

    site = project.site
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None
    engine.wait_for_cleanups()

    def failing(*arguments):
        raise RuntimeError("a template fails")

    monkeypatch.setattr(engine_adds, "_make_pages", failing)
    site.article("moi", "Tin mới của phường", "Nội dung.", date="2026-11-30 07:00")
    assert not assert_same_site(project, engine).quick
    assert "a template fails" in engine.edits.declined
    monkeypatch.undo()
    engine.wait_for_cleanups()
    rewrite_body(site, "articles/moi.md", "Nội dung đã sửa.")
    assert assert_same_site(project, engine).quick
    engine.wait_for_cleanups()


def test_the_honour_roll_pages_are_decided_in_a_child_and_its_failure_is_no_harm(
    project: Project, tmp_path: Path, monkeypatch
):
    """The roll's pages are written by a forked child, which also decides which live page to
    reuse or patch (PageMemo.written) for the engine to keep (PageMemo.adopt). A child that
    fails after writing leaves them to the build's process: what the child wrote goes first
    (a reused page is the live file under a second name: written through, the live site
    would change), then the pages are written again; the site is a full build's either way."""
    from pelican.settings import read_settings

    site = project.site
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None
    roll_pages = [name for name in pages_by_inode(site.output) if name.startswith("bang-vang")]
    assert len(roll_pages) > 7
    assert engine.build().error is None  # nothing changed: the child's decisions kept here
    pages = engine.pages
    assert set(roll_pages) <= pages.replays.keys()  # a replay of each, made here
    # Every page reused, the roll's counted: their signatures were kept from the first build.
    assert (pages.rendered, pages.reused, pages.patched) == (0, len(pages.replays), 0)
    roll_index = "bang-vang/index.html"
    assert engine.pages.replays[roll_index].make() == site.path_of("/bang-vang/").read_text()

    generator = sys.modules["honours.generator"].HonoursGenerator
    written, failed = generator._write_remembering, tmp_path / "child-failed"

    def write_then_fail(self, memo):
        written(self, memo)  # every page written, reused ones linked to the live files
        failed.touch()
        raise RuntimeError("the child fails after writing")

    monkeypatch.setattr(generator, "_write_remembering", write_then_fail)
    kept = tmp_path / "kept"
    second_names(site.output, kept)
    written_at = {name: (kept / name).stat().st_mtime_ns for name in roll_pages}
    # Tags: an ordinary build; the roll's pages do not show the article: reused (linked).
    site.article("tin-2", "Tin số 2 về Dân vận khéo", "Đoạn 2.", date="2026-10-03 08:00")
    assert_same_site(project, engine)
    assert failed.exists()
    assert {name: (kept / name).stat().st_mtime_ns for name in roll_pages} == written_at
    engine.wait_for_cleanups()


def test_an_edit_in_the_site_words_is_searched_through_the_recent_bundle(project: Project):
    """An edit that uses only words the site has is indexed alone, into the recent bundle
    the search page merges; what search finds is what a full index finds."""
    from pelican.settings import read_settings

    site = project.site
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None
    site.article("tin-2", "Tin số 2 về Dân vận khéo", "Đoạn 5 của bài.", date="2026-10-03 08:00")
    assert_same_site(project, engine)
    assert (site.output / "pagefind-recent/hidden.json").is_file()
    assert 'data-recent="/pagefind-recent/"' in site.path_of("/tim-kiem/").read_text("utf-8")
    engine.wait_for_cleanups()


def test_a_site_replaced_by_another_build_is_rendered_again(project: Project):
    """The daily full build swaps in a folder of its own: the engine's next build trusts
    none of it and renders every page (then reuses again)."""
    from pelican.settings import read_settings

    output = project.site.output
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None
    total = engine.pages.rendered
    replaced = output.with_name("replaced")
    shutil.copytree(output, replaced)
    shutil.rmtree(output)
    replaced.rename(output)
    rewrite_body(project.site, "articles/tin-4.md", "Sửa chữ.")  # not quick: not its site
    outcome = engine.build()
    assert outcome.error is None and not outcome.quick
    assert (engine.pages.rendered, engine.pages.reused) == (total, 0)
    assert engine.build().error is None
    assert (engine.pages.rendered, engine.pages.reused) == (0, total)
    engine.wait_for_cleanups()


def rewrite_body(site: Site, file: str, body: str) -> None:
    """The file's text after its header replaced, the header kept as it is."""
    path = site.content / file
    header = path.read_text("utf-8").split("\n\n", 1)[0]
    path.write_text(f"{header}\n\n{body}\n", "utf-8")


def test_a_text_edit_renders_again_only_the_files_that_show_the_text(
    project: Project, tmp_path: Path
):
    """wardportal.engine_edits: an edit of an article's or a page's text alone is served
    without a build (outcome.quick), byte for byte what a full build writes; anything more
    (a photo shown, a broken link) goes through the ordinary build."""
    from pelican.settings import read_settings

    site = project.site
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None
    before = pages_by_inode(site.output)
    kept = tmp_path / "kept"  # second names for the live files: their bytes must not change
    old_bytes = second_names(site.output, kept)

    rewrite_body(site, "articles/tin-4.md", "Ra quân **nạo vét** kênh mương.\n\n## Mục\n\nTổ 4.")
    assert assert_same_site(project, engine).quick  # a new summary and words new to the site
    assert {name: (kept / name).read_bytes() for name in old_bytes} == old_bytes
    after = pages_by_inode(site.output)
    made = {page for page in after if after[page] != before[page]}
    assert "tin-tuc/2026/tin-so-4-ve-dan-van-kheo/index.html" in made
    # Not a neighbour, no tag in common: tin-1's page does not show it, nor does the page.
    assert {"tin-tuc/2026/tin-so-1-ve-dan-van-kheo/index.html", "gioi-thieu/index.html"}.isdisjoint(
        made
    ), made
    assert "nạo vét" in site.path_of("/tin-tuc/2026/tin-so-4-ve-dan-van-kheo/").read_text("utf-8")

    rewrite_body(site, "articles/tin-4.md", "Ra quân nạo vét kênh mương, lần hai.")
    assert assert_same_site(project, engine).quick  # again, from the objects the first left
    set_header(site, "articles/tin-4.md", summary="Tổ 4 *nạo vét* kênh mương.")
    assert assert_same_site(project, engine).quick, engine.edits.declined  # lists show it
    assert "Tổ 4 <em>nạo vét</em>" in site.path_of("/trang/2/").read_text("utf-8")
    set_header(
        site, "articles/tin-4.md", summary="Tổ 4 nạo vét, xem [tin năm]({filename}tin-5.md)."
    )
    assert assert_same_site(project, engine).quick, engine.edits.declined  # its link resolved
    set_header(site, "articles/tin-4.md", summary="Tổ 4 nạo vét xong.")
    assert assert_same_site(project, engine).quick, engine.edits.declined
    path = site.content / "articles/tin-4.md"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("Summary:")), "utf-8")
    assert assert_same_site(project, engine).quick, engine.edits.declined  # summary removed
    rewrite_body(site, "pages/gioi-thieu.md", "Phường Phúc Thành, thành phố Ninh Bình.")
    assert assert_same_site(project, engine).quick, engine.edits.declined  # a page
    rewrite_body(site, "articles/mo-hinh.md", "Mô hình được nhân rộng.")
    assert assert_same_site(project, engine).quick  # news an honour entry shows
    rewrite_body(site, "articles/tin-6.md", "Hai bài sửa một lúc.")
    rewrite_body(site, "articles/nhap.md", "Bài nháp viết tiếp.")  # a draft: shown nowhere
    assert assert_same_site(project, engine).quick
    rewrite_body(site, "articles/tin-6.md", "Sửa và lưu vào lịch sử.")
    site.write(".git/index", "commit")  # the newsroom commits every save: not content
    assert assert_same_site(project, engine).quick, engine.edits.declined
    rewrite_body(site, "articles/tin-6.md", "Sửa cùng danh sách địa chỉ đã gỡ.")
    site.write(".portal/gone.txt", "\n")  # an officer's list beside the record: not quick
    assert not assert_same_site(project, engine).quick

    site.image("images/kenh.jpg")
    assert assert_same_site(project, engine).quick  # a photo alone: nothing shows it yet
    rewrite_body(site, "articles/tin-4.md", "![Kênh](images/kenh.jpg)")
    assert not assert_same_site(project, engine).quick  # shows a photo it did not
    live = files_of(site.output)
    for broken_text in ("[Bài](javascript:alert(1))", "[Bài]({filename}khong-co.md)"):
        rewrite_body(site, "articles/tin-4.md", broken_text)
        broken = engine.build()
        assert broken.error is not None and "tin-4.md" in broken.error, broken_text
        assert files_of(site.output) == live
    rewrite_body(site, "articles/tin-4.md", "Sửa lại.")
    assert not assert_same_site(project, engine).quick  # after a failure: the ordinary build
    rewrite_body(site, "articles/tin-4.md", "Sửa lần nữa.")
    assert assert_same_site(project, engine).quick
    engine.wait_for_cleanups()


def set_header(site: Site, file: str, **fields: str) -> None:
    """Header lines of a content file set (replaced or added), its text kept."""
    path = site.content / file
    header, body = path.read_text("utf-8").split("\n\n", 1)
    lines = dict(line.split(": ", 1) for line in header.splitlines())
    lines |= {name.capitalize(): value for name, value in fields.items()}
    path.write_text("\n".join(f"{k}: {v}" for k, v in lines.items()) + "\n\n" + body, "utf-8")


def test_a_title_edit_that_keeps_the_address_is_a_quick_edit(project: Project):
    """A title edited under a Slug header (the newsroom writes one): the pages naming the
    article, its share card and the address record change as in a full build; for an
    article in "Tin mới nhất", the box on every page too. An article the honour roll's
    open data names: the ordinary build."""
    from pelican.settings import read_settings

    site = project.site
    set_header(site, "articles/tin-4.md", slug="tin-so-4-ve-dan-van-kheo")
    set_header(site, "articles/tin-13.md", slug="tin-so-13-ve-dan-van-kheo")
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None
    record = site.content / ".portal/urls.json"

    set_header(site, "articles/tin-4.md", title="Tổ 4 ra quân làm đường")
    assert assert_same_site(project, engine).quick, engine.edits.declined
    assert record.read_text("utf-8") == (project.scratch / "content/.portal/urls.json").read_text(
        "utf-8"
    )
    page = site.path_of("/tin-tuc/2026/tin-so-4-ve-dan-van-kheo/").read_text("utf-8")
    assert "Tổ 4 ra quân làm đường" in page

    set_header(site, "articles/tin-13.md", title="Tin mới nhất đã sửa tên")
    assert assert_same_site(project, engine).quick, engine.edits.declined  # in every box
    assert "Tin mới nhất đã sửa tên" in site.path_of("/gioi-thieu/").read_text("utf-8")
    set_header(site, "articles/tin-13.md", title="Tin mới nhất, lần sửa thứ hai")
    assert assert_same_site(project, engine).quick, engine.edits.declined
    assert record.read_text("utf-8") == (project.scratch / "content/.portal/urls.json").read_text(
        "utf-8"
    )

    set_header(site, "articles/mo-hinh.md", title="Mô hình hay được nhân rộng")
    assert not assert_same_site(project, engine).quick  # named by the roll's open data
    engine.wait_for_cleanups()


def test_a_header_respelt_in_another_case_is_no_quick_edit(project: Project):
    """An author, tag or category written again in another case ("Nguyễn Văn An", then
    "nguyễn văn an") keeps its slug, so Pelican's objects are equal; the feeds and the
    lists show the spelling all the same, so the edit is no quick one."""
    from pelican.settings import read_settings

    site = project.site
    for number in (1, 2):
        set_header(site, f"articles/tin-{number}.md", author="Nguyễn Văn An", category="Tin tức")
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None

    set_header(site, "articles/tin-1.md", author="nguyễn văn an")
    assert not assert_same_site(project, engine).quick
    feed = site.output.joinpath("feeds/all.atom.xml").read_text("utf-8")
    assert "<name>nguyễn văn an</name>" in feed and "<name>Nguyễn Văn An</name>" in feed
    set_header(site, "articles/tin-2.md", category="tin tức")
    assert not assert_same_site(project, engine).quick
    set_header(site, "articles/tin-4.md", tags="an ninh")  # was "An ninh"
    assert not assert_same_site(project, engine).quick
    engine.wait_for_cleanups()


def test_a_title_edit_that_moves_the_address_is_a_quick_edit(project: Project):
    """A title edited without a Slug header moves the address: the page at the new one, a
    redirect page at the old, the record, sitemap, manifest and search as a full build
    leaves them, and the links other articles make to it ({filename}) follow. Edited
    again, every old address points to the newest. A title changed back, or two articles
    at one address: the ordinary build (which says what is wrong)."""
    from pelican.settings import read_settings

    site = project.site
    site.article("lien-ket", "Tin dẫn sang tin sáu", "Xem [tin sáu]({filename}tin-6.md).")
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None
    record = site.content / ".portal/urls.json"
    old = "/tin-tuc/2026/tin-so-6-ve-dan-van-kheo/"

    set_header(site, "articles/tin-6.md", title="Tin sáu, địa chỉ mới")
    assert assert_same_site(project, engine).quick, engine.edits.declined
    moved = "/tin-tuc/2026/tin-sau-dia-chi-moi/"
    assert "Tin sáu, địa chỉ mới" in site.path_of(moved).read_text("utf-8")
    assert moved in site.path_of(old).read_text("utf-8")  # the redirect page
    assert moved in site.path_of("/tin-tuc/2026/tin-dan-sang-tin-sau/").read_text("utf-8")
    assert record.read_text("utf-8") == (project.scratch / "content/.portal/urls.json").read_text(
        "utf-8"
    )

    set_header(site, "articles/tin-6.md", title="Tin sáu, sửa lần hai")
    assert assert_same_site(project, engine).quick, engine.edits.declined
    newest = "/tin-tuc/2026/tin-sau-sua-lan-hai/"
    assert newest in site.path_of(old).read_text("utf-8")
    assert newest in site.path_of(moved).read_text("utf-8")
    set_header(site, "articles/tin-6.md", title="Tin sáu, tên mới", slug="tin-sau-ten-moi")
    assert assert_same_site(project, engine).quick, engine.edits.declined  # a Slug header
    set_header(site, "articles/tin-6.md", title="Tin sáu, tên khác")  # redirects name it
    assert assert_same_site(project, engine).quick, engine.edits.declined
    assert "Tin sáu, tên khác" in site.path_of(old).read_text("utf-8")

    set_header(site, "pages/gioi-thieu.md", title="Giới thiệu về phường")  # a page moves too
    assert assert_same_site(project, engine).quick, engine.edits.declined
    assert site.exists("/gioi-thieu-ve-phuong/")

    set_header(site, "articles/tin-6.md", slug="tin-so-6-ve-dan-van-kheo")  # back again
    assert not assert_same_site(project, engine).quick
    assert "was published before" in engine.edits.declined
    assert "Tin sáu, tên khác" in site.path_of(old).read_text("utf-8")

    # The roll names "so-ket" (an article of 2025): tin-5 taking that slug joins the entry.
    site.article("so-ket", "Sơ kết", "Sơ kết năm.", date="2025-06-01 08:00")
    site.write(
        "honours/2019-2020.yaml",
        roll().replace("    level:", "    articles: so-ket\n    level:", 1),
    )
    assert not assert_same_site(project, engine).quick  # new files: the ordinary build
    set_header(site, "articles/tin-5.md", title="Sơ kết")
    assert not assert_same_site(project, engine).quick
    assert "honour roll names" in engine.edits.declined
    site.article("tom-tat", "Tin tóm tắt", "Bài.", summary="Xem [tin sáu]({filename}tin-6.md).")
    assert not assert_same_site(project, engine).quick
    set_header(site, "articles/tin-6.md", slug="tin-sau-lan-cuoi")  # a summary links to it
    assert not assert_same_site(project, engine).quick
    assert "Summary header" in engine.edits.declined

    set_header(site, "articles/tin-8.md", title="Hai tin cùng tên")
    set_header(site, "articles/tin-12.md", title="Hai tin cùng tên")  # one address for two
    served = files_of(site.output)
    outcome = engine.build()
    assert not outcome.quick and outcome.error is not None and "hai lần" in outcome.error
    assert "the plan of addresses" in engine.edits.declined
    assert files_of(site.output) == served
    engine.wait_for_cleanups()


def test_a_quick_add_after_quick_edits_converts_and_signs_only_what_changed(
    project: Project, monkeypatch
):
    """Quick edits (one moving an address) change the edited items and, for the move, the
    HTML of what links to it, and nothing else: a quick add after them converts no other
    item's HTML again (Pelican's memo of it) and signs no other item's attributes again
    (the page memo's own signatures carried). Both were dropped for every item on any
    quick edit: the bench's 3,000 articles converted and signed again on every add that
    followed one."""
    from pelican.contents import Content
    from pelican.settings import read_settings

    site = project.site
    site.article("lien-ket", "Tin dẫn sang tin sáu", "Xem [tin sáu]({filename}tin-6.md).")
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None
    rewrite_body(site, "articles/tin-1.md", "Đoạn một đã sửa.")
    assert engine.build().quick, engine.edits.declined
    set_header(site, "articles/tin-6.md", title="Tin sáu, địa chỉ mới")  # moves its address
    assert engine.build().quick, engine.edits.declined

    converted: list[str] = []
    signed: list[str] = []
    update, own = Content._update_content, page_memo.Signer.own

    def updating(item, *arguments):
        converted.append(item.slug)
        return update(item, *arguments)

    def signing(signer, item):
        if id(item) not in signer._own:
            signed.append(item.slug)
        return own(signer, item)

    monkeypatch.setattr(Content, "_update_content", updating)
    monkeypatch.setattr(page_memo.Signer, "own", signing)
    site.article("moi", "Tin mới của phường", "Nội dung.", date="2026-11-30 07:00")
    assert assert_same_site(project, engine).quick, engine.edits.declined
    monkeypatch.undo()
    # The new article, the two edited since the last ordinary build, and content linking
    # to other content (its links follow addresses): none of the others.
    changed = {"tin-moi-cua-phuong", "tin-so-1-ve-dan-van-kheo", "tin-sau-dia-chi-moi"}
    assert set(signed) == changed | {"tin-dan-sang-tin-sau"}
    assert set(converted) <= changed | {"tin-dan-sang-tin-sau"}
    assert "/tin-tuc/2026/tin-sau-dia-chi-moi/" in site.path_of(
        "/tin-tuc/2026/tin-dan-sang-tin-sau/"
    ).read_text("utf-8")
    engine.wait_for_cleanups()


def test_without_an_address_record_a_moved_page_leaves_its_old_address(project: Project):
    """With no record kept (PORTAL_URL_RECORD empty), a full build writes nothing at a moved
    article's old address: nor does the quick edit."""
    from pelican.settings import read_settings

    with project.conf.open("a", encoding="utf-8") as conf:
        conf.write('PORTAL_URL_RECORD = ""\n')
    site = project.site
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None
    set_header(site, "articles/tin-6.md", title="Tin sáu, không sổ địa chỉ")
    assert assert_same_site(project, engine).quick, engine.edits.declined
    assert not site.exists("/tin-tuc/2026/tin-so-6-ve-dan-van-kheo/")
    engine.wait_for_cleanups()


def test_a_quick_edit_that_cannot_swap_leaves_the_site_to_the_ordinary_build(
    project: Project, monkeypatch
):
    """The spare is swapped with the live site in one step (renameat2): when that fails, the
    live site is untouched, the ordinary build publishes the edit, and the next edit is
    quick again (the spare made anew)."""
    from pelican.settings import read_settings

    from wardportal import spare_site

    site = project.site
    engine = Engine(read_settings(str(project.conf)))
    assert engine.build().error is None
    engine.wait_for_cleanups()  # the spare is made
    monkeypatch.setattr(spare_site, "exchange", lambda first, second: False)
    rewrite_body(site, "articles/tin-4.md", "Sửa khi không đổi chỗ được.")
    assert not assert_same_site(project, engine).quick
    assert "OSError" in engine.edits.declined
    monkeypatch.undo()
    engine.wait_for_cleanups()
    rewrite_body(site, "articles/tin-4.md", "Sửa lần sau.")
    assert assert_same_site(project, engine).quick, engine.edits.declined
    # The spare still being made: the quick edit links a whole folder and swaps it in.
    monkeypatch.setattr(engine.spare, "ready", lambda: False)
    rewrite_body(site, "articles/tin-4.md", "Sửa khi bản dự phòng chưa xong.")
    assert assert_same_site(project, engine).quick, engine.edits.declined
    engine.wait_for_cleanups()
