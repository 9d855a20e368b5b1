"""Vietnamese text in a real build: NFC, tags, slugs, collation, dates, escaping."""

import unicodedata

from tests.support.sites import output_text


def tag_links(page) -> dict[str, str]:
    return {a.get_text(strip=True): a["href"] for a in page.select(".article-tags a")}


def test_nfd_article_is_published_in_nfc(site):
    title = "Phường Phúc Thành ra quân dọn vệ sinh"
    site.article(
        "a",
        unicodedata.normalize("NFD", title),
        unicodedata.normalize("NFD", "Đường phố sạch đẹp."),
    )
    site.build()
    page = site.html("/tin-tuc/2026/phuong-phuc-thanh-ra-quan-don-ve-sinh/")
    html = site.path_of("/tin-tuc/2026/phuong-phuc-thanh-ra-quan-don-ve-sinh/").read_text()
    assert unicodedata.is_normalized("NFC", html)
    assert page.h1.get_text() == title
    assert "Đường phố sạch đẹp." in page.select_one(".article-body").get_text()


def test_spellings_of_one_tag_are_one_tag(site):
    site.article("a", "Bài một", tags="Văn hoá - xã hội")
    site.article("b", "Bài hai", tags="văn hóa - xã hội")
    site.article("c", "Bài ba", tags=unicodedata.normalize("NFD", "VĂN HOÁ - XÃ HỘI"))
    site.build()
    tags_page = site.html("/tu-khoa/")
    names = [a.get_text() for a in tags_page.select(".term-list a")]
    assert len(names) == 1
    tag_page = site.html("/tu-khoa/van-hoa-xa-hoi/")
    assert len(tag_page.select(".cards .card")) == 3
    for slug in ("bai-mot", "bai-hai", "bai-ba"):
        assert list(tag_links(site.html(f"/tin-tuc/2026/{slug}/")).values()) == [
            "/tu-khoa/van-hoa-xa-hoi/"
        ]


def test_words_sharing_an_ascii_slug_stay_two_tags(site):
    site.article("a", "Hội nghị", tags="Hội")
    site.article("b", "Lễ hồi hương", tags="Hồi")
    site.build()
    hoi = tag_links(site.html("/tin-tuc/2026/hoi-nghi/"))["Hội"]
    hoi_huong = tag_links(site.html("/tin-tuc/2026/le-hoi-huong/"))["Hồi"]
    # A tie: the first in Vietnamese order keeps the plain slug, the other is spelled out.
    assert (hoi_huong, hoi) == ("/tu-khoa/hoi/", "/tu-khoa/hooij/")
    assert [h.get_text() for h in site.html(hoi).select(".card-title")] == ["Hội nghị"]
    assert [h.get_text() for h in site.html(hoi_huong).select(".card-title")] == ["Lễ hồi hương"]
    # Each tag page points to the other word.
    assert site.html(hoi).select_one(".homographs a")["href"] == hoi_huong
    assert site.html(hoi_huong).select_one(".homographs a")["href"] == hoi


def test_a_typo_never_moves_the_established_tag(site):
    for number in range(3):
        site.article(f"dung-{number}", f"Bài {number}", tags="Dân vận khéo")
    site.build()
    site.article("nham", "Bài gõ nhầm", tags="Dân vận kheo")
    site.build()
    assert tag_links(site.html("/tin-tuc/2026/bai-0/"))["Dân vận khéo"] == "/tu-khoa/dan-van-kheo/"
    assert tag_links(site.html("/tin-tuc/2026/bai-go-nham/"))["Dân vận kheo"] != (
        "/tu-khoa/dan-van-kheo/"
    )


def test_tag_urls_do_not_move_when_an_unrelated_tag_arrives(site):
    site.article("a", "Hội nghị", tags="Hội, Hồi")
    site.build()
    before = tag_links(site.html("/tin-tuc/2026/hoi-nghi/"))
    site.article("b", "Tin khác", tags="An ninh, Hợi, Dân vận khéo")
    site.article("c", "Tin nữa", tags="Đảng viên, Hồ")
    site.build()
    after = tag_links(site.html("/tin-tuc/2026/hoi-nghi/"))
    assert before == after


def test_all_tags_and_categories_follow_the_vietnamese_alphabet(site):
    site.article("a", "Một", tags="Âm nhạc, Đảng viên", category="Ăn uống")
    site.article("b", "Hai", tags="An toàn, Dược liệu", category="An ninh")
    site.article("c", "Ba", tags="Ăn uống, Zalo", category="Đời sống")
    site.build()
    names = [a.get_text() for a in site.html("/tu-khoa/").select("main .term-list a")]
    assert names == ["An toàn", "Ăn uống", "Âm nhạc", "Dược liệu", "Đảng viên", "Zalo"]
    categories = [a.get_text() for a in site.html("/chuyen-muc/").select("main .term-list a")]
    assert categories == ["An ninh", "Ăn uống", "Đời sống"]


def test_slugs_are_ascii_with_d_for_dj(site):
    site.article("a", "Đảng uỷ phường Phúc Thành họp")
    site.build()
    assert site.exists("/tin-tuc/2026/dang-uy-phuong-phuc-thanh-hop/")


def test_dates_are_vietnamese_without_a_vietnamese_locale(site):
    site.article("a", "Tin thứ Sáu", date="27/11/2026 08:30")
    site.article("b", "Tin Chủ nhật", date="2026-11-29 19:05")
    site.build(env={"LANG": "C", "LC_ALL": "C"})
    friday = site.html("/tin-tuc/2026/tin-thu-sau/").select_one(".article-meta time")
    assert friday.get_text() == "Thứ Sáu, 27/11/2026 – 08:30"
    assert friday["datetime"] == "2026-11-27T08:30:00+07:00"
    sunday = site.html("/tin-tuc/2026/tin-chu-nhat/").select_one(".article-meta time")
    assert sunday.get_text() == "Chủ nhật, 29/11/2026 – 19:05"


def test_titles_and_metadata_are_escaped(site):
    title = "Hội Phụ nữ & Đoàn Thanh niên <khu 3>"
    site.article("a", title, tags="<script>alert(1)</script>", author='Ông "A" & bà <B>')
    site.build()
    url = "/tin-tuc/2026/hoi-phu-nu-doan-thanh-nien-khu-3/"
    raw = site.path_of(url).read_text()
    assert "<khu 3>" not in raw and "&lt;khu 3&gt;" in raw
    assert "<script>alert" not in raw
    page = site.html(url)
    assert page.h1.get_text() == title
    assert page.title.get_text().startswith(title)
    assert page.select_one('meta[property="og:title"]')["content"] == title
    assert 'Ông "A" & bà <B>' in page.select_one(".author").get_text()
    assert "&lt;khu 3&gt;" in site.path_of("/").read_text()


def test_slug_collision_stops_the_build_naming_both_files(site):
    site.article("mot", "Họp dân phố Phúc Ninh")
    site.article("hai", "Họp dân phố Phúc Ninh!")
    result = site.build(ok=False)
    text = output_text(result)
    assert "articles/mot.md" in text and "articles/hai.md" in text
    assert "Slug:" in text
    assert not site.output.exists()
