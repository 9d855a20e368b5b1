"""The repository's own content/ builds, and its roll reads like the ward's reports."""

from __future__ import annotations

from bs4 import BeautifulSoup


def page(output, url: str) -> BeautifulSoup:
    return BeautifulSoup((output / url / "index.html").read_text("utf-8"), "lxml")


def rows(table) -> dict[str, list[str]]:
    cells = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in table("tr")]
    return {row[0]: row[1:] for row in cells}


def test_2016_2018_reads_17_3_1_2_and_23_in_all(sample_output):
    table = page(sample_output, "bang-vang").select_one("#linh-vuc-2016-2018").find_parent("table")
    totals = {label: counts[-1] for label, counts in rows(table).items()}
    assert totals == {
        "Lĩnh vực": "Tổng",
        "Phát triển kinh tế": "3",
        "Văn hoá - xã hội": "17",
        "An ninh - quốc phòng": "1",
        "Xây dựng hệ thống chính trị": "2",
        "Tổng cộng": "23",
    }


def test_2016_2018_names_the_three_registered_with_the_city(sample_output):
    table = (
        page(sample_output, "bang-vang").select_one("#trang-thai-2016-2018").find_parent("table")
    )
    assert rows(table)["Đăng ký"] == ["20", "3", "0", "0", "23"]
    listing = (
        page(sample_output, "bang-vang/2016-2018").select_one("#danh-sach").find_parent("table")
    )
    city = {
        tr.select("td")[0].get_text(strip=True): tr.select_one("th").get_text(strip=True)
        for tr in listing.select("tbody tr")
        if tr.select("td")[4].get_text(strip=True) == "thành phố"
    }
    holders = {row.select("td")[1].get_text(" ", strip=True) for row in listing.select("tbody tr")}
    assert len(city) == 3
    assert any(h.startswith("Nguyễn Đức Sáng") for h in holders)
    assert any(h.startswith("Nguyễn Thị Song Phương") for h in holders)
    assert any("Hải Thượng Lãn Ông" in title for title in city.values())


def test_2016_2020_spreadsheet_recognised_6_and_proposed_3_to_the_city(sample_output):
    table = (
        page(sample_output, "bang-vang").select_one("#trang-thai-2016-2020").find_parent("table")
    )
    counts = rows(table)
    assert counts["Công nhận"] == ["6", "0", "0", "0", "6"]
    assert counts["Đề nghị"] == ["0", "3", "0", "0", "3"]
    assert counts["Tổng cộng"][-1] == "9"


def test_sample_articles_and_entries_link_both_ways(sample_output):
    article = page(sample_output, "tin-tuc/2018/pho-phuc-ninh-giu-nep-ngay-thu-bay-sach")
    links = [a["href"] for a in article.select(".article-honours a")]
    assert links == [
        "/bang-vang/2016-2018/thu-bay-sach-phuc-ninh/",
        "/bang-vang/2016-2020/thu-bay-sach-phuc-ninh/",
    ]
    for href in links:
        entry = page(sample_output, href.strip("/"))
        related = [a["href"] for a in entry.select(".related a")]
        assert "/tin-tuc/2018/pho-phuc-ninh-giu-nep-ngay-thu-bay-sach/" in related
    named_by_entry = page(
        sample_output, "tin-tuc/2019/to-dan-pho-tu-quan-giu-binh-yen-tung-ngo-nho"
    )
    assert [a.get_text() for a in named_by_entry.select(".article-honours a")] == [
        "Tổ dân phố tự quản về an ninh, trật tự"
    ]
