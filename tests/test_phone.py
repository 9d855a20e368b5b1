"""The sample portal on a 360 px phone and a 1280 px desktop, read in Debian's Chromium.

Every page kind: no sideways scrolling, every link and button a finger can hit (24 px, the main
controls 44 px), honour tables as cards on the phone and as tables on the desktop and on paper.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.browser import chromium_page
from tests.support.servers import preview_server
from tests.support.sites import SITEURL

ARTICLE = "/tin-tuc/2026/bieu-duong-mo-hinh-dien-hinh-dan-van-kheo-nam-2026/"
ENTRY = "/bang-vang/2016-2018/thu-bay-sach-phuc-ninh/"
PERIOD = "/bang-vang/2016-2018/"
FIELD = "/bang-vang/linh-vuc/van-hoa-xa-hoi/"
DOCUMENT = "/van-ban/123-qd-ubnd-2026/"
PAGES = {
    "home": "/",
    "home, page 2": "/trang/2/",
    "article": ARTICLE,
    "page": "/gioi-thieu/",
    "tag": "/tu-khoa/dan-van-kheo/",
    "all tags": "/tu-khoa/",
    "category": "/chuyen-muc/dan-van-kheo/",
    "all categories": "/chuyen-muc/",
    "archive": "/luu-tru/",
    "year archive": "/luu-tru/2026/",
    "honour roll": "/bang-vang/",
    "period": PERIOD,
    "field": FIELD,
    "entry": ENTRY,
    "documents": "/van-ban/",
    "document filter": "/van-ban/loai/quyet-dinh/",
    "document": DOCUMENT,
    "search": "/tim-kiem/",
    "contacts": "/danh-ba/",
    "english": "/en/",
    "public services": "/dich-vu-cong/",
    "404": "/404.html",
}
WIDTHS = (360, 1280)

# What a finger must be able to hit: visible links, buttons and form fields, their sizes.
TARGETS = """(main) => {
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1 && getComputedStyle(el).visibility !== "hidden";
  };
  const size = (el) => {
    const box = el.getBoundingClientRect();
    return {text: (el.textContent || el.name || "").trim().slice(0, 40), tag: el.tagName,
            width: Math.round(box.width * 10) / 10, height: Math.round(box.height * 10) / 10};
  };
  const all = [...document.querySelectorAll("a[href], button, input, select, summary")];
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
    targets: all.filter(visible).map(size),
    main: [...document.querySelectorAll(main)].filter(visible).map(size),
  };
}"""
MAIN_CONTROLS = ", ".join(
    [
        ".main-nav a",
        ".search-box input",
        ".search-box button",
        ".search-row input",
        ".search-row button",
        ".article-tools a",
        ".article-tools button",
        ".pagination a",
    ]
)


@pytest.fixture(scope="module")
def browser(sample_output):
    """(base URL, page) of the sample site served by the preview server."""
    with preview_server(sample_output) as base, chromium_page() as page:
        yield base, page


def test_every_page_kind_exists(sample_output):
    for url in PAGES.values():
        path = sample_output / url.lstrip("/")
        assert (path / "index.html" if url.endswith("/") else path).exists(), url


@pytest.mark.parametrize("width", WIDTHS)
def test_no_sideways_scroll_and_every_target_big_enough(browser, width):
    base, page = browser
    page.set_viewport_size({"width": width, "height": 800})
    problems = []
    for kind, url in PAGES.items():
        page.goto(base + url)
        seen = page.evaluate(TARGETS, MAIN_CONTROLS)
        if seen["scrollWidth"] > seen["clientWidth"]:
            problems.append(f"{kind}: page {seen['scrollWidth']} px wide in {width} px")
        problems += [
            f"{kind}: {t['tag']} “{t['text']}” is {t['width']}×{t['height']} px"
            for t in seen["targets"]
            if t["width"] < 24 or t["height"] < 24
        ]
        problems += [
            f"{kind}: main control {t['tag']} “{t['text']}” is {t['height']} px tall"
            for t in seen["main"]
            if t["height"] < 44
        ]
        assert len(seen["targets"]) > 20, f"{kind}: too few links found to judge"
    assert problems == []


def test_skip_link_is_big_enough_when_focused(browser):
    base, page = browser
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(base + "/")
    page.keyboard.press("Tab")
    box = page.eval_on_selector(".skip-link", "el => el.getBoundingClientRect().toJSON()")
    assert box["width"] >= 24 and box["height"] >= 24


# The rows of a table as the reader sees them: how they are laid out and what they say.
ROWS = """(table) => {
  const head = table.querySelector("thead").getBoundingClientRect();
  const rows = [...table.querySelectorAll("tbody tr")].map((tr) => ({
    display: getComputedStyle(tr).display,
    right: tr.getBoundingClientRect().right,
    title: tr.querySelector("th").textContent.trim(),
    labels: [...tr.querySelectorAll("td:not(.number)")]
      .filter((td) => td.getBoundingClientRect().height > 0)
      .map((td) => getComputedStyle(td, "::before").content),
  }));
  return {headHeight: head.height, rows, width: document.documentElement.clientWidth};
}"""


def read_table(page, selector: str) -> dict:
    return page.eval_on_selector(selector, ROWS)


@pytest.mark.parametrize(
    "url, selector",
    [
        (PERIOD, "table.entry-table"),
        (FIELD, "table.entry-table"),
        (PERIOD, "table.count-table"),
        ("/bang-vang/", "table.count-table"),
        (ENTRY, "table.history-table"),
        ("/van-ban/", "table.document-table"),
        ("/van-ban/nam/2025/", "table.document-table"),
    ],
)
def test_honour_tables_are_cards_on_the_phone_and_tables_elsewhere(browser, url, selector):
    base, page = browser
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(base + url)
    desktop = read_table(page, selector)
    assert desktop["headHeight"] > 20
    assert {row["display"] for row in desktop["rows"]} == {"table-row"}
    assert all(label == "none" for row in desktop["rows"] for label in row["labels"])

    page.emulate_media(media="print")
    assert {row["display"] for row in read_table(page, selector)["rows"]} == {"table-row"}
    page.emulate_media(media="screen")

    page.set_viewport_size({"width": 360, "height": 800})
    phone = read_table(page, selector)
    assert [row["title"] for row in phone["rows"]] == [row["title"] for row in desktop["rows"]]
    assert len(phone["rows"]) >= 2
    assert phone["headHeight"] <= 1  # the headings stay, for screen readers only
    for row in phone["rows"]:
        assert row["display"] != "table-row"
        assert row["right"] <= phone["width"]
        # Every value shown on the card carries its column's name.
        assert row["labels"] and all(label.startswith('"') for label in row["labels"])
    if "entry-table" in selector:
        assert '"Đơn vị/Cá nhân: "' in phone["rows"][0]["labels"]


FAKE_SHARE_SHEET = (
    "navigator.share = (data) => { window.sharedData = data; return Promise.resolve(); };"
)


def og(page, name: str) -> str | None:
    found = page.query_selector(f'meta[property="og:{name}"]')
    return found.get_attribute("content") if found else None


@pytest.mark.parametrize("url", [ARTICLE, "/gioi-thieu/", ENTRY])
def test_share_controls_on_articles_pages_and_entries(browser, url):
    base, page = browser
    context = page.context
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(base + url)

    shared = SITEURL + url
    assert og(page, "url") == shared
    assert og(page, "title") == page.inner_text("h1")
    assert og(page, "description")
    facebook = urlsplit(page.get_attribute(".article-tools a", "href"))
    assert (facebook.scheme, facebook.netloc, facebook.path) == (
        "https",
        "www.facebook.com",
        "/sharer/sharer.php",
    )
    assert parse_qs(facebook.query) == {"u": [shared]}
    assert page.is_visible("text=Chia sẻ lên Facebook")

    # Headless desktop Chromium has no share sheet: the button stays hidden, copy-link works.
    assert page.evaluate("!navigator.share")
    assert page.is_hidden('[data-action="share"]')
    page.click('[data-action="copy"]')
    page.wait_for_function(
        "() => document.querySelector('.tool-status').textContent.startsWith('Đã sao chép')"
    )
    assert page.evaluate("navigator.clipboard.readText()") == shared

    # A phone's share sheet gets the page's title and address.
    phone = context.browser.new_page()
    phone.on("request", lambda request: requested.append(request.url))
    try:
        phone.add_init_script(FAKE_SHARE_SHEET)
        phone.goto(base + url)
        phone.click('[data-action="share"]')
        phone.wait_for_function("() => window.sharedData")
        assert phone.evaluate("window.sharedData") == {
            "title": phone.inner_text("h1"),
            "url": shared,
        }
    finally:
        phone.close()
    assert [r for r in requested if not r.startswith(base + "/")] == []


@pytest.mark.parametrize("url", [ARTICLE, ENTRY])
def test_shared_photo_is_the_articles_own(browser, url):
    base, page = browser
    page.goto(base + url)
    image = og(page, "image")
    assert image and image.startswith(SITEURL + "/images/")
    assert len(page.query_selector_all('meta[property="og:image"]')) == 1
    assert page.request.get(base + image.removeprefix(SITEURL)).ok


VISIBLE = "(el) => el.getBoundingClientRect().width > 1 && el.getBoundingClientRect().height > 1"


@pytest.mark.parametrize("url", [ARTICLE, ENTRY])
def test_printed_page_names_the_ward_and_its_address_and_drops_the_chrome(browser, url):
    base, page = browser
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(base + url)
    shown = lambda selector: page.eval_on_selector(selector, VISIBLE)  # noqa: E731
    assert not shown(".print-url")
    page.emulate_media(media="print")
    try:
        assert shown(".brand-name") and shown(".brand-kicker")
        assert page.text_content(".brand-name") == "Phường Phúc Thành"
        assert page.text_content(".brand-kicker").startswith("Cổng thông tin")
        for chrome in (".main-nav", ".search-box", ".sidebar", ".article-tools", ".site-footer"):
            assert not shown(chrome), chrome
        assert shown(".print-url")
        assert page.text_content(".print-url") == f"Địa chỉ: {SITEURL}{url}"
        if url == ARTICLE:
            assert shown(".article-meta time") and shown(".article-meta .author")
            assert page.text_content(".article-meta .author").startswith("Tác giả: ")
    finally:
        page.emulate_media(media="screen")


@pytest.mark.parametrize("cards", [False, True])
def test_pages_without_photo_share_the_configured_picture(site, cards):
    """SITE_SHARE_IMAGE, a photo in content/, is shared as a published copy (never the
    original): by the lists always, and by every page when share cards are off."""
    site.image("images/chia-se.jpg", (1200, 630))
    site.article("khong-anh", "Bài không có ảnh")
    site.write("pages/gioi-thieu.md", "Title: Giới thiệu\nSlug: gioi-thieu\n\nPhường.\n")
    conf = site.settings("chia-se", SITE_SHARE_IMAGE="images/chia-se.jpg", PORTAL_SHARE_CARDS=cards)
    site.build(settings=conf)
    for url in ("/", "/gioi-thieu/", "/tin-tuc/2026/bai-khong-co-anh/"):
        page = site.html(url)
        images = page.select('meta[property="og:image"]')
        assert len(images) == 1, url
        shared = images[0]["content"]
        picture = SITEURL + ("/images/_the/" if cards and url != "/" else "/images/_v/chia-se-")
        assert shared.startswith(picture) and site.exists(shared), url
        size = [
            page.select_one(f'meta[property="og:image:{s}"]')["content"]
            for s in ("width", "height")
        ]
        assert round(int(size[0]) / int(size[1]), 2) == round(1200 / 630, 2), url
