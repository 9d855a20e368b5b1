"""The same generated articles as a Hugo site, for make bench's comparison with Hugo.

write_hugo_site reads the Pelican Markdown files bench/build_bench.py generated and writes
each one with Hugo front matter (title, date, category, tags, author, summary) and the same
body, beside the theme in bench/hugo/: an article page (meta tags, breadcrumb, tags,
neighbours, "Tin liên quan" by shared tags, "Tin mới nhất" rendered once), the home page and
every tag and category page paginated by ten, the tag and category lists, the archive and
one page per year, the RSS feed of the 30 latest, the sitemap, robots.txt and a 404 page.
That is the news part of what our build writes; the honour roll, documents, redirects,
share cards and photos are ours alone, so the comparison leans in Hugo's favour.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

THEME = Path(__file__).resolve().parent / "hugo"
_FIELDS = {"Title": "title", "Category": "chuyen-muc", "Tags": "tu-khoa", "Author": "author"}


def front_matter(header: list[str]) -> dict:
    """Hugo's front matter for a Pelican header (its "Key: value" lines)."""
    matter: dict = {}
    for line in header:
        key, value = line.split(": ", 1)
        if key == "Date":  # "2016-01-01 00:00", in the site's time zone (Asia/Ho_Chi_Minh)
            matter["date"] = value.replace(" ", "T") + ":00+07:00"
        elif key == "Summary":
            matter["summary"] = value
        elif key == "Tags":
            matter["tu-khoa"] = [tag.strip() for tag in value.split(",")]
        elif key == "Category":
            matter["chuyen-muc"] = [value]
        else:
            matter[_FIELDS[key]] = value
    return matter


def write_hugo_site(corpus: Path, site: Path) -> None:
    """The Hugo site (config, theme, content) of the articles in corpus/articles/."""
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(THEME, site)
    content = site / "content"
    _index(content / "luu-tru", {"title": "Lưu trữ", "layout": "archives"})
    for source in sorted((corpus / "articles").rglob("*.md")):
        year = source.parent.name
        folder = content / "tin-tuc" / year
        if not folder.is_dir():
            _index(folder, {"title": year, "layout": "year", "url": f"/luu-tru/{year}/"})
        text = source.read_text(encoding="utf-8")
        header, body = text.split("\n\n", 1)
        matter = json.dumps(front_matter(header.splitlines()), ensure_ascii=False, indent=1)
        (folder / source.name).write_text(f"{matter}\n\n{body}", encoding="utf-8")


def _index(folder: Path, matter: dict) -> None:
    folder.mkdir(parents=True)
    (folder / "_index.md").write_text(json.dumps(matter, ensure_ascii=False) + "\n")
