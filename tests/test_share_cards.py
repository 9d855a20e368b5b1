"""Generated share cards: 1200×630, the ward's name and the title in Vietnamese, for every
article, page and honour entry without a photo; a photo still wins."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops

from tests.support.honour_data import entry_yaml, yaml_roll
from tests.support.sites import SITEURL, Site, output_text
from wardportal.share_cards import FontMissing, ShareCards, find_font

CARDS = f"{SITEURL}/images/_the/"


def og(page, name: str) -> str:
    tag = page.select_one(f'meta[property="og:{name}"]') or page.select_one(f'meta[name="{name}"]')
    return tag["content"] if tag else ""


def card_of(site: Site, url: str) -> Image.Image:
    """The card a page shares, checked as Zalo and Facebook read it: tags, then the file."""
    page = site.html(url)
    image = og(page, "image")
    assert image.startswith(CARDS) and site.exists(image), (url, image)
    assert (og(page, "image:width"), og(page, "image:height")) == ("1200", "630")
    assert og(page, "twitter:card") == "summary_large_image"
    assert len(page.select('meta[property="og:image"]')) == 1
    with Image.open(site.path_of(image)) as card:
        assert card.size == (1200, 630) and card.format == "JPEG"
        return card.convert("RGB")


def text_pixels(card: Image.Image) -> int:
    """Near-white pixels where the title is drawn: letters, not an empty card."""
    title = card.crop((0, 140, 1200, 560)).convert("L")
    return sum(count for value, count in enumerate(title.histogram()) if value > 200)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Site:
    site = Site(tmp_path_factory.mktemp("cards") / "project")
    site.article("le-hoi", "Lễ hội đền Phúc Lộc năm 2026", slug="le-hoi")
    site.article("hoi-nghi", "Hội nghị đảng viên tổ dân phố số 7", slug="hoi-nghi")
    site.image("images/anh.jpg", (1600, 900))
    site.article("co-anh", "Bài có ảnh", slug="co-anh", image="images/anh.jpg")
    site.write("pages/gioi-thieu.md", "Title: Giới thiệu phường\nSlug: gioi-thieu\n\nPhường.\n")
    site.write("honours/2016-2018.yaml", yaml_roll(entry_yaml("Mô hình “Ngõ phố sáng đèn”")))
    site.build()
    return site


def test_articles_pages_and_entries_without_photo_share_a_card(built):
    entry = next(built.output.glob("bang-vang/2016-2018/*/index.html")).parent.name
    cards = {
        url: card_of(built, url)
        for url in (
            "/tin-tuc/2026/le-hoi/",
            "/tin-tuc/2026/hoi-nghi/",
            "/gioi-thieu/",
            f"/bang-vang/2016-2018/{entry}/",
            "/",  # the site's own card, for the lists
        )
    }
    for url, card in cards.items():
        assert text_pixels(card) > 5000, f"{url}: the card shows no title"
    first, second = cards["/tin-tuc/2026/le-hoi/"], cards["/tin-tuc/2026/hoi-nghi/"]
    assert ImageChops.difference(first, second).getbbox() is not None


def test_an_article_with_a_photo_shares_its_photo(built):
    page = built.html("/tin-tuc/2026/co-anh/")
    assert og(page, "image").startswith(f"{SITEURL}/images/_v/anh-")
    assert og(page, "twitter:card") == "summary_large_image"
    own = ShareCards(Path("."), Path("."), "", "Phường Phúc Thành", find_font()).card("Bài có ảnh")
    drawn = {path.name for path in built.output.glob("images/_the/*")}
    assert drawn and own.name not in drawn  # the others have cards, this one needs none


def test_vietnamese_letters_are_drawn_not_replaced_by_boxes():
    """Titles differing only in one tone mark give different cards: a font without the
    Vietnamese letters would draw the same empty box for both."""
    cards = ShareCards(Path("."), Path("."), "", "Phường Phúc Thành", find_font())
    pairs = [("Lễ hội", "Lề hội"), ("Đảng viên", "Đăng viên"), ("Hội", "Hồi")]
    for one, other in pairs:
        assert ImageChops.difference(cards.draw(one), cards.draw(other)).getbbox(), (one, other)


def test_a_long_title_fits_the_card():
    cards = ShareCards(Path("."), Path("."), "", "Phường Phúc Thành", find_font())
    size, lines = cards._fit("Biểu dương " * 40)
    assert len(lines) == 4 and lines[-1].endswith("…")
    font = cards._font(size)
    assert all(font.getlength(line) <= 1200 - 2 * 72 for line in lines)


def test_cards_are_drawn_once_and_kept_by_content(built):
    cache = built.root / ".cache/share-cards"
    before = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
    assert len(before) >= 5
    built.article("le-hoi", "Lễ hội đền Phúc Lộc năm 2026 (cập nhật)", slug="le-hoi")
    built.build()
    after = {path.name: path.stat().st_mtime_ns for path in cache.iterdir()}
    assert {name: after[name] for name in before} == before  # none drawn again
    assert len(after) == len(before) + 1  # the new title's card
    card_of(built, "/tin-tuc/2026/le-hoi/")


def test_a_missing_font_stops_the_build_in_vietnamese(site):
    site.article("bai", "Bài")
    conf = site.settings("phong", PORTAL_SHARE_CARD_FONT="/khong/co/phong.ttf")
    result = site.build(settings=conf, ok=False)
    assert "không tìm thấy phông chữ “/khong/co/phong.ttf”" in output_text(result)
    assert "PORTAL_SHARE_CARD_FONT" in output_text(result)
    assert not site.output.exists()
    with pytest.raises(FontMissing, match="fonts-dejavu-core"):
        find_font_without_debian_fonts()


def find_font_without_debian_fonts() -> Path:
    """find_font on a machine where none of Debian's font packages is installed."""
    import wardportal.share_cards as share_cards

    saved = share_cards.FONT_CANDIDATES
    share_cards.FONT_CANDIDATES = (("fonts-x", "/khong/co/x.ttf"),)
    try:
        return share_cards.find_font()
    finally:
        share_cards.FONT_CANDIDATES = saved


def test_a_file_in_the_cards_folder_stops_the_build(site):
    site.article("bai", "Bài")
    site.write("images/_the/ghi-chu.txt", "tệp của người biên tập")
    result = site.build(ok=False)
    assert "ảnh chia sẻ tự tạo" in output_text(result)
