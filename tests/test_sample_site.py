"""The sample portal in content/: believable, complete, and every link leads somewhere."""

import subprocess
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest
from bs4 import BeautifulSoup
from conftest import PELICAN, PROJECT, SITEURL

from wardportal.vntext import match_key


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("sample") / "output"
    subprocess.run(
        [str(PELICAN), "content", "-s", "pelicanconf.py", "-o", str(output)],
        cwd=PROJECT,
        check=True,
        capture_output=True,
    )
    return output


def local_target(output: Path, url: str) -> Path | None:
    """The file a same-site URL points to, or None for other sites and mail/phone links."""
    url = urldefrag(url)[0]
    if url.startswith(SITEURL):
        url = url[len(SITEURL) :] or "/"
    parsed = urlparse(url)
    if parsed.scheme or not parsed.path.startswith("/"):
        return None
    if parsed.path.startswith("/quan-tri/"):  # the newsroom: served by the application
        return None
    path = output / parsed.path.lstrip("/")
    return path / "index.html" if parsed.path.endswith("/") else path


def test_sample_has_enough_news_and_the_required_pages(sample):
    articles = list((sample / "tin-tuc").rglob("index.html"))
    assert len(articles) >= 12
    for url in ("gioi-thieu", "lien-he"):
        assert (sample / url / "index.html").exists()
    contacts = BeautifulSoup((sample / "lien-he/index.html").read_text(), "lxml")
    assert contacts.select_one('main a[href="/danh-ba/"]'), "Liên hệ links the contact officials"
    directory = BeautifulSoup((sample / "danh-ba/index.html").read_text(), "lxml")
    assert len(directory.select("main .contact-list li")) >= 10
    assert len(directory.select('main a[href^="tel:+84"]')) >= 10
    assert (sample / "en/index.html").exists() and (sample / "dich-vu-cong/index.html").exists()
    with_images = [a for a in articles if 'class="banner"' in a.read_text()]
    assert len(with_images) >= 10


def test_every_internal_link_and_asset_resolves(sample):
    broken = []
    for page in sample.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(), "lxml")
        for tag, attribute in (("a", "href"), ("img", "src"), ("link", "href"), ("script", "src")):
            for element in soup.find_all(tag):
                target = local_target(sample, element.get(attribute, ""))
                if target is not None and not target.exists():
                    broken.append(f"{page.relative_to(sample)} → {element[attribute]}")
    assert broken == []


def test_one_tag_for_both_spellings_of_van_hoa(sample):
    tags = BeautifulSoup((sample / "tu-khoa/index.html").read_text(), "lxml")
    names = [a.get_text() for a in tags.select("main .term-list a")]
    spellings = {"Văn hoá - xã hội", "văn hóa - xã hội"}
    assert len([n for n in names if match_key(n) == match_key("văn hóa - xã hội")]) == 1
    written = [p.read_text() for p in (PROJECT / "content/articles").rglob("*.md")]
    assert all(any(s in text for text in written) for s in spellings), "sample uses both"
