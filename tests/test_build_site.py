"""The built site as a reader, a feed reader and a search engine see it."""

import re
import shutil
from datetime import UTC, date, datetime, timedelta, timezone
from urllib.parse import quote
from zoneinfo import ZoneInfo

import feedparser
import pytest
from lxml import etree
from pelican.settings import read_settings
from pelican.utils import SafeDatetime

from tests.support.sites import PROJECT, SITEURL, Site
from wardportal.content_rules import waits_for_its_day
from wardportal.settings import LINK_LISTS

# Answers to missing (404) and removed (410) addresses: served by nginx, never listed.
ERROR_PAGES = ("/404.html", "/410.html")


def make_news(site, count: int, **meta) -> None:
    for number in range(1, count + 1):
        site.article(
            f"tin-{number:02d}",
            f"Tin số {number:02d}",
            date=f"2026-10-{number:02d} 07:00",
            tags="Dân vận khéo",
            category="Tin tức – Sự kiện",
            **meta,
        )


def internal_pages(site):
    """URL path of every published HTML page."""
    paths = []
    for page in site.pages():
        relative = page.relative_to(site.output).as_posix()
        paths.append("/" + relative.removesuffix("index.html"))
    return paths


def test_home_paginates_newest_first(site):
    make_news(site, 12)
    site.build()
    home = site.html("/")
    titles = [h.get_text() for h in home.select(".card-title")]
    assert titles == [f"Tin số {n:02d}" for n in range(12, 2, -1)]
    assert home.select_one('.pagination a[rel="next"]')["href"] == "/trang/2/"
    assert "Trang 1/2" in home.select_one(".pagination").get_text()
    second = site.html("/trang/2/")
    assert [h.get_text() for h in second.select(".card-title")] == ["Tin số 02", "Tin số 01"]
    assert second.select_one('.pagination a[rel="prev"]')["href"] == "/"
    tag_second = site.html("/tu-khoa/dan-van-kheo/trang/2/")
    assert len(tag_second.select(".card")) == 2


def test_latest_news_sidebar_on_every_kind_of_page(site):
    make_news(site, 8)
    site.write("pages/gioi-thieu.md", "Title: Giới thiệu\nSlug: gioi-thieu\n\nPhường.\n")
    site.build()
    newest = [f"Tin số {n:02d}" for n in range(8, 2, -1)]
    for url in [
        "/",
        "/tin-tuc/2026/tin-so-01/",
        "/tu-khoa/",
        "/tu-khoa/dan-van-kheo/",
        "/chuyen-muc/tin-tuc-su-kien/",
        "/chuyen-muc/",
        "/luu-tru/",
        "/luu-tru/2026/",
        "/gioi-thieu/",
        "/404.html",
    ]:
        sidebar = site.html(url).select_one("#tin-moi-nhat").find_parent("section")
        assert [a.get_text() for a in sidebar.select("a")] == newest, url


def test_article_page_has_everything_a_reader_needs(site):
    site.image("images/anh.jpg", (960, 540))
    make_news(site, 3)
    site.article(
        "bai",
        "Sơ kết phong trào",
        "Đoạn **một**.",
        date="2026-10-02 12:00",
        tags="Dân vận khéo, Sơ kết",
        category="Dân vận khéo",
        author="Nguyễn Minh",
        summary="Tóm tắt bài viết.",
        image="images/anh.jpg",
        imagealt="Hội nghị sơ kết",
    )
    site.build()
    page = site.html("/tin-tuc/2026/so-ket-phong-trao/")
    assert page.html["lang"] == "vi"
    assert page.select_one(".author").get_text() == "Tác giả: Nguyễn Minh"
    assert page.select_one(".banner img")["alt"] == "Hội nghị sơ kết"
    assert [a.get_text() for a in page.select(".article-tags a")] == ["Dân vận khéo", "Sơ kết"]
    assert site.exists(page.select_one(".article-tags a")["href"])
    assert page.select_one(".article-category a")["href"] == "/chuyen-muc/dan-van-kheo/"
    assert page.select_one('.neighbours a[rel="prev"]')["href"] == "/tin-tuc/2026/tin-so-02/"
    assert page.select_one('.neighbours a[rel="next"]')["href"] == "/tin-tuc/2026/tin-so-03/"
    related = [a.get_text() for a in page.select(".related a")]
    assert related == ["Tin số 03", "Tin số 02", "Tin số 01"]
    actions = {b["data-action"] for b in page.select(".article-tools button")}
    assert actions == {"print", "share", "copy"}
    url = f"{SITEURL}/tin-tuc/2026/so-ket-phong-trao/"
    meta = {m.get("property") or m.get("name"): m["content"] for m in page.select("meta[content]")}
    assert meta["og:url"] == url and meta["DC.identifier"] == url
    assert re.fullmatch(rf"{SITEURL}/images/_v/anh-\w+-960\.jpeg", meta["og:image"])
    assert site.exists(meta["og:image"])
    assert meta["og:title"] == meta["DC.title"] == "Sơ kết phong trào"
    assert meta["DC.creator"] == "Nguyễn Minh"
    assert meta["DC.date"].startswith("2026-10-02T12:00")
    for key in ("DC.description", "DC.publisher", "og:description", "DC.language"):
        assert meta[key]
    assert page.select_one('link[rel="canonical"]')["href"] == url


FACEBOOK_SHARER = "https://www.facebook.com/sharer/sharer.php"


def test_no_inline_scripts_and_no_other_hosts(site):
    make_news(site, 2)
    site.build()
    # Plain links out, nothing loaded: Facebook's share address, and the public-service
    # portals, procedures and related agencies the settings list (as the decree asks).
    settings = read_settings(str(PROJECT / "pelicanconf.py"))
    listed = {url for name in LINK_LISTS for _title, url in settings.get(name, ())} | {
        "https://dichvucong.gov.vn/"
    }
    allowed = (SITEURL, "http://purl.org/dc/", FACEBOOK_SHARER + "?u=" + quote(SITEURL))
    pages = site.pages()
    assert len(pages) > 5, "the build wrote the pages this test reads"
    scripts = absolute = 0
    for page_path in pages:
        html = page_path.read_text()
        for script in re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S):
            scripts += 1
            assert script.strip() == "", page_path
        assert " on" not in " ".join(re.findall(r"<[^>]+\bon\w+=", html)), page_path
        for tag, attribute in re.findall(r'<(\w+)[^>]*?\b(?:src|href)="([^"]+)"', html):
            if attribute.startswith("http"):
                absolute += 1
                ok = attribute.startswith(allowed) or (tag == "a" and attribute in listed)
                assert ok, attribute
    assert scripts and absolute, "script elements and absolute links were there to judge"


def test_drafts_appear_nowhere(site):
    make_news(site, 2)
    site.article("nhap", "Bản nháp bí mật", status="draft", tags="Bí mật riêng")
    site.build()
    everything = " ".join(
        p.read_text()
        for p in site.output.rglob("*")
        if p.is_file() and p.suffix in {".html", ".xml", ".json", ".txt"}
    )
    assert "Tin số 01" in everything, "the published files were read"
    assert "Bản nháp bí mật" not in everything
    assert "Bí mật riêng" not in everything
    assert not list(site.output.rglob("*ban-nhap*"))


def test_future_articles_wait_for_their_day_when_publishing(site):
    make_news(site, 2)
    site.article("tuong-lai", "Tin của năm sau", date="2099-01-01 08:00")
    site.build()
    assert site.exists("/tin-tuc/2099/tin-cua-nam-sau/")
    site.build(settings="publishconf.py")
    assert not site.exists("/tin-tuc/2099/tin-cua-nam-sau/")
    assert site.exists("/tin-tuc/2026/tin-so-01/")
    assert "Tin của năm sau" not in site.path_of("/").read_text()


@pytest.mark.parametrize(
    ("dated", "held"),
    [
        ("2026-12-05 23:59", False),  # later today is still today
        ("2026-12-06 00:01", True),  # tomorrow, a minute after midnight
        ("2026-12-04 08:00", False),
        ("2026-12-05T17:30:00+00:00", True),  # 00:30 on the 6th in Vietnam
        ("2026-12-05T16:30:00+00:00", False),  # 23:30 on the 5th in Vietnam
    ],
)
def test_an_article_waits_for_its_day_in_vietnam(dated: str, held: bool) -> None:
    """The rule, with the day given (a build reads the clock once, when it starts)."""
    assert waits_for_its_day(datetime.fromisoformat(dated), date(2026, 12, 5)) is held


def test_feeds_parse_and_list_articles(site):
    make_news(site, 3)
    site.build()
    for feed_path in ("feeds/all.atom.xml", "feeds/all.rss.xml"):
        feed = feedparser.parse((site.output / feed_path).read_bytes())
        assert not feed.bozo, feed.bozo_exception
        assert [e.title for e in feed.entries] == ["Tin số 03", "Tin số 02", "Tin số 01"]
        assert feed.entries[0].link == f"{SITEURL}/tin-tuc/2026/tin-so-03/"


def test_sitemap_lists_every_page_once(site):
    make_news(site, 12)
    site.write("pages/lien-he.md", "Title: Liên hệ\nSlug: lien-he\n\nĐiện thoại.\n")
    site.build()
    tree = etree.parse(str(site.output / "sitemap.xml"))
    locs = [e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) == len(set(locs))
    expected = {SITEURL + path for path in internal_pages(site) if path not in ERROR_PAGES}
    assert set(locs) == expected
    assert f"{SITEURL}/trang/2/" in locs
    dates = [e.text for e in tree.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod")]
    written = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\+07:00|-00:00)")
    assert len(dates) == len(locs) and all(written.fullmatch(text) for text in dates)


@pytest.mark.parametrize(
    "when",
    [
        SafeDatetime(2026, 10, 3, 7, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        SafeDatetime(2026, 10, 3, 7, 0, 59, 999_999, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("Europe/London")),  # summer time
        datetime(2026, 1, 1, tzinfo=ZoneInfo("America/St_Johns")),  # −03:30
        datetime(2026, 1, 1, tzinfo=UTC),
        datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=5, minutes=45))),
        datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=1, seconds=30))),  # odd offsets:
        datetime(2026, 1, 1, tzinfo=timezone(timedelta(hours=1, microseconds=5))),  # plugin's
        datetime(999, 1, 1, 8, 0),  # a year of three digits: the plugin's own way
        SafeDatetime(2026, 10, 3, 7, 0),  # no time zone
    ],
)
def test_the_sitemap_dates_are_the_plugins_own(when):
    """wardportal.sitemap_dates writes each date as pelican.plugins.sitemap writes it."""
    from pelican.plugins.sitemap import sitemap

    from wardportal import sitemap_dates

    assert sitemap_dates.format_date(when) == sitemap_dates._PLUGINS_FORMAT(when)
    sitemap_dates.install()
    assert sitemap.format_date is sitemap_dates.format_date


def test_robots_and_404(site):
    make_news(site, 1)
    site.build()
    robots = (site.output / "robots.txt").read_text()
    assert f"Sitemap: {SITEURL}/sitemap.xml" in robots
    not_found = site.html("/404.html")
    assert not_found.h1.get_text() == "Lỗi 404: Trang bạn tìm không tồn tại"
    assert not_found.find("a", string="Về trang chủ")["href"] == "/"


def test_page_manifest_lists_published_pages_for_the_counter(site):
    import json

    make_news(site, 2)
    site.build()
    manifest = json.loads((site.output / "_portal/pages.json").read_text())
    assert set(manifest["paths"]) == {p for p in internal_pages(site) if p not in ERROR_PAGES}
    assert "/tin-tuc/2026/tin-so-01/" in manifest["paths"]


def test_compiled_templates_are_kept_and_an_edited_template_is_compiled_again(tmp_path):
    site = Site(tmp_path / "project")
    theme = shutil.copytree(PROJECT / "theme", tmp_path / "theme")
    settings = site.settings("theme", THEME=str(theme))
    site.article("mot", "Bài một")
    site.build(settings)
    kept = sorted((site.root / ".cache/templates").iterdir())
    assert len(kept) >= 5  # base, article, partials, …
    footer = theme / "templates/partials/footer.html"
    footer.write_text(
        footer.read_text(encoding="utf-8").replace(
            '<footer class="site-footer">', '<footer class="site-footer" data-ban="2">'
        ),
        encoding="utf-8",
    )
    site.build(settings)
    assert site.html("/tin-tuc/2026/bai-mot/").select_one("footer.site-footer")["data-ban"] == "2"
    assert sorted((site.root / ".cache/templates").iterdir()) == kept, "one file per template"
