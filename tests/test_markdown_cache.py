"""Markdown converted once: unchanged articles come from the cache, anything else is converted."""

from __future__ import annotations

import sqlite3
import time

from tests.support.honour_data import entry_yaml, yaml_roll
from tests.support.sites import PROJECT
from wardportal.markdown_cache import MarkdownCache
from wardportal.prefetch import MarkdownPrefetch


def cache_file(site):
    return site.root / ".cache" / "markdown.sqlite3"


def mark_cached_bodies(site, marker: str) -> int:
    """Replace every cached body with a marker, so a page shows whether the cache served it."""
    with sqlite3.connect(cache_file(site)) as db:
        return db.execute("UPDATE converted SET html = ?", (f"<p>{marker}</p>",)).rowcount


def test_an_unchanged_article_comes_from_the_cache_and_an_edit_does_not(site):
    site.article("mot", "Bài một", "Nội dung thật của bài một.", summary="Tóm tắt *một*.")
    edited = site.article("hai", "Bài hai", "Nội dung thật của bài hai.")
    site.build()
    assert mark_cached_bodies(site, "TỪ BỘ NHỚ ĐỆM") >= 3  # two bodies and a summary
    edited.write_text(edited.read_text().replace("thật", "đã sửa"), encoding="utf-8")
    site.build()
    assert "TỪ BỘ NHỚ ĐỆM" in site.html("/tin-tuc/2026/bai-mot/").select_one(".article-body").text
    body = site.html("/tin-tuc/2026/bai-hai/").select_one(".article-body").get_text()
    assert "Nội dung đã sửa của bài hai." in body


def test_another_markdown_setting_converts_everything_again(site):
    site.article("mot", "Bài một", "Nội dung thật.")
    site.build()
    mark_cached_bodies(site, "TỪ BỘ NHỚ ĐỆM")
    settings = site.root / "other.py"
    settings.write_text(
        f"exec(open({str(PROJECT / 'pelicanconf.py')!r}, encoding='utf-8').read())\n"
        f"THEME = {str(PROJECT / 'theme')!r}\nPLUGIN_PATHS = [{str(PROJECT / 'plugins')!r}]\n"
        "MARKDOWN = {**MARKDOWN, 'output_format': 'xhtml'}\n",
        encoding="utf-8",
    )
    site.build(str(settings))
    assert "Nội dung thật." in site.html("/tin-tuc/2026/bai-mot/").select_one(".article-body").text


def test_a_damaged_cache_never_breaks_the_build(site):
    site.article("mot", "Bài một", "Nội dung thật.")
    cache_file(site).parent.mkdir(parents=True)
    cache_file(site).write_bytes(b"this is not a database" * 100)
    result = site.build()
    assert "Nội dung thật." in site.html("/tin-tuc/2026/bai-mot/").select_one(".article-body").text
    assert "bộ nhớ đệm Markdown" in result.stdout + result.stderr


def test_an_honour_summary_comes_from_the_cache_and_its_links_are_made_safe_again(site):
    roll = "honours/2016-2018.yaml"
    site.write(roll, yaml_roll(entry_yaml("Tổ tự quản", summary="Tóm tắt *thật* của tổ.")))
    site.build()
    page = "/bang-vang/2016-2018/to-tu-quan/"
    assert site.html(page).select_one(".honour-summary em").text == "thật"
    # What the cache serves is shown, and still cleaned: a script link in it is dropped.
    poisoned = '<p>TỪ BỘ NHỚ ĐỆM <a href="javascript:alert(1)">bấm</a></p>'
    with sqlite3.connect(cache_file(site)) as db:
        assert db.execute("UPDATE converted SET html = ?", (poisoned,)).rowcount >= 1
    site.build()
    summary = site.html(page).select_one(".honour-summary")
    assert "TỪ BỘ NHỚ ĐỆM" in summary.text
    assert [link.get("href") for link in summary.select("a")] == [None]
    # An edited summary is converted again.
    site.write(roll, yaml_roll(entry_yaml("Tổ tự quản", summary="Tóm tắt **đã sửa**.")))
    site.build()
    assert site.html(page).select_one(".honour-summary strong").text == "đã sửa"


def days_of_use(path) -> list[int]:
    with sqlite3.connect(path) as db:
        return [day for (day,) in db.execute("SELECT used FROM converted")]


def forty_days_ago(path) -> int:
    """Every row last used 40 days ago: a build that does not mark one used prunes it."""
    with sqlite3.connect(path) as db:
        return db.execute("UPDATE converted SET used = used - 40").rowcount


def test_the_first_build_of_a_day_marks_what_it_found_as_used(site):
    for number in range(8):
        site.article(f"bai-{number}", f"Bài số {number}", f"Nội dung {number}.", summary="*Tóm*.")
    site.write("honours/2016-2018.yaml", yaml_roll(entry_yaml("Tổ tự quản", summary="*Tóm tắt*")))
    site.build()
    kept = forty_days_ago(cache_file(site))
    site.build()
    assert len(days_of_use(cache_file(site))) == kept, "none pruned"
    assert set(days_of_use(cache_file(site))) == {int(time.time() // 86400)}


def test_what_the_converting_child_found_is_marked_used(tmp_path):
    """The prefetching child leaves without closing the cache: its marks are written by the
    hook it runs once done (the parent here claims no file, so the child finds them all)."""
    cache = MarkdownCache(tmp_path / "markdown.sqlite3", "converter")
    texts = [f"Nội dung số {number}." for number in range(40)]
    for text in texts:
        cache.put("body", text, f"<p>{text}</p>", {})
    cache.close()
    assert forty_days_ago(cache.path) == len(texts)
    prefetch = MarkdownPrefetch(texts, lambda text: cache.get("body", text), cache.flush)
    assert prefetch.running
    prefetch.close()  # waits for the child
    assert set(days_of_use(cache.path)) == {int(time.time() // 86400)}
