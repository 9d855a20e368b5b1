"""The sample portal in content/: believable, complete, and every link leads somewhere."""

from pathlib import Path
from urllib.parse import urlparse

from bs4 import BeautifulSoup

from tests.support.sites import PROJECT, SITEURL
from wardportal.content_checks import local_file
from wardportal.vntext import match_key


def local_target(output: Path, url: str) -> Path | None:
    """The file a link of the built site points to; None for other sites, mail and phone
    links, and the newsroom (/quan-tri/, served by the application, not a file)."""
    target = local_file(output, url, SITEURL)
    return None if target is None or urlparse(url).path.startswith("/quan-tri/") else target


def test_sample_has_enough_news_and_the_required_pages(sample_output):
    articles = list((sample_output / "tin-tuc").rglob("index.html"))
    assert len(articles) >= 12
    for url in ("gioi-thieu", "lien-he"):
        assert (sample_output / url / "index.html").exists()
    contacts = BeautifulSoup((sample_output / "lien-he/index.html").read_text(), "lxml")
    assert contacts.select_one('main a[href="/danh-ba/"]'), "Liên hệ links the contact officials"
    directory = BeautifulSoup((sample_output / "danh-ba/index.html").read_text(), "lxml")
    assert len(directory.select("main .contact-list li")) >= 10
    assert len(directory.select('main a[href^="tel:+84"]')) >= 10
    assert (sample_output / "en/index.html").exists() and (
        sample_output / "dich-vu-cong/index.html"
    ).exists()
    with_images = [a for a in articles if 'class="banner"' in a.read_text()]
    assert len(with_images) >= 10


def test_every_internal_link_and_asset_resolves(sample_output):
    broken = []
    for page in sample_output.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(), "lxml")
        for tag, attribute in (("a", "href"), ("img", "src"), ("link", "href"), ("script", "src")):
            for element in soup.find_all(tag):
                target = local_target(sample_output, element.get(attribute, ""))
                if target is not None and not target.exists():
                    broken.append(f"{page.relative_to(sample_output)} → {element[attribute]}")
    assert broken == []


def test_one_tag_for_both_spellings_of_van_hoa(sample_output):
    tags = BeautifulSoup((sample_output / "tu-khoa/index.html").read_text(), "lxml")
    names = [a.get_text() for a in tags.select("main .term-list a")]
    spellings = {"Văn hoá - xã hội", "văn hóa - xã hội"}
    assert len([n for n in names if match_key(n) == match_key("văn hóa - xã hội")]) == 1
    written = [p.read_text() for p in (PROJECT / "content/articles").rglob("*.md")]
    assert all(any(s in text for text in written) for s in spellings), "sample_output uses both"
