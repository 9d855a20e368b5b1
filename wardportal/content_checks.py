"""Warnings `portal check` gives beyond the build's errors: things a reader would notice.

Each function takes what the build read (Pelican's articles and pages) and returns
ContentErrors used as warnings: file, line, what looks wrong and what to do.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urldefrag, urlparse

from wardportal.build_errors import ContentError, line_of, relative
from wardportal.datafiles.files import data_files
from wardportal.reader import IMG_TAG, image_attributes, resolve_image
from wardportal.vntext import match_key, slugify

LARGE_IMAGE_BYTES = 1024 * 1024
_MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]+)")
_HREF = re.compile(r'<a\b[^>]*\bhref="([^"]+)"', re.IGNORECASE)


def _one_edit_apart(first: str, second: str) -> bool:
    if abs(len(first) - len(second)) > 1 or first == second:
        return False
    if len(first) > len(second):
        first, second = second, first
    for index, (a, b) in enumerate(zip(first, second, strict=False)):
        if a != b:
            rest = second[index + 1 :]
            return first[index + 1 :] == rest or first[index:] == rest
    return True


def tag_typos(articles: Iterable, root: str, established: Iterable[str] = ()) -> list[ContentError]:
    """Tags that differ from another tag by one letter or one diacritic.

    The warning always points from the newer spelling to the established one: a tag already
    published (`established`, match keys from the address record) over one that is not, then
    the more used, then the one used first. Never the other way, which would tell the officer
    to turn the correct tag into the typo.
    """
    users: dict[str, list] = defaultdict(list)
    names: dict[str, str] = {}
    first: dict[str, object] = {}
    for article in articles:
        for tag in getattr(article, "tags", []):
            key = match_key(tag.name)
            users[key].append(article)
            names.setdefault(key, tag.name)
            first[key] = min(first.get(key, article.date), article.date)
    published = set(established)

    def standing(key: str) -> tuple:
        return (key not in published, -len(users[key]), first[key], key)

    warnings = []
    keys = sorted(users, key=standing)
    for position, common in enumerate(keys):
        for rare in keys[position + 1 :]:
            if not tags_alike(names[common], names[rare]) or (
                rare in published and common in published
            ):
                continue
            for article in users[rare]:
                warnings.append(
                    ContentError(
                        relative(article.source_path, root),
                        f"từ khóa “{names[rare]}” gần giống từ khóa “{names[common]}”"
                        f" ({len(users[common])} bài dùng)",
                        f"nếu gõ nhầm, hãy sửa thành “{names[common]}”",
                        line_of(article.source_path, "tags", metadata_key=True),
                    )
                )
    return warnings


def written_images(source_path: str) -> list[tuple[int, str, str]]:
    """(line, description, src) of every picture the author wrote, exactly as written.

    Read from the Markdown file itself, so the line numbers are the officer's and the paths
    are the originals, not the resized copies the build puts in the page.
    """
    found = []
    text = Path(source_path).read_text(encoding="utf-8-sig", errors="replace")
    for number, line in enumerate(text.splitlines(), start=1):
        for alt, src in _MARKDOWN_IMAGE.findall(line):
            found.append((number, alt.strip(), src))
        for tag in IMG_TAG.findall(line):
            attributes = image_attributes(tag)
            found.append((number, attributes.get("alt", "").strip(), attributes.get("src", "")))
    return found


def images_without_alt(articles: Iterable, root: str) -> list[ContentError]:
    """Pictures a blind reader's screen reader cannot describe."""
    warnings = []
    for article in articles:
        where = relative(article.source_path, root)
        for line, alt, src in written_images(article.source_path):
            if not alt:
                warnings.append(
                    ContentError(
                        where,
                        f"ảnh “{src}” chưa có lời mô tả",
                        "hãy viết mô tả trong ngoặc vuông: ![Người dân dọn vệ sinh](…)",
                        line,
                    )
                )
        if getattr(article, "image", None) and not getattr(article, "imagealt", None):
            warnings.append(
                ContentError(
                    where,
                    "ảnh đại diện (Image:) chưa có lời mô tả",
                    "hãy thêm dòng “ImageAlt: mô tả ngắn nội dung ảnh”",
                    line_of(article.source_path, "image", metadata_key=True),
                )
            )
    return warnings


def large_images(articles: Iterable, content_root: str, root: str) -> list[ContentError]:
    """Pictures heavier than a resident's phone should download."""
    warnings = []
    for article in articles:
        pictures: list[tuple[int | None, str]] = [
            (line, src) for line, _alt, src in written_images(article.source_path)
        ]
        if getattr(article, "image", None):
            line = line_of(article.source_path, "image", metadata_key=True)
            pictures.append((line, str(article.image)))
        for line, path in pictures:
            file = Path(resolve_image(content_root, article.source_path, path))
            if file.is_file() and file.stat().st_size > LARGE_IMAGE_BYTES:
                size = file.stat().st_size / LARGE_IMAGE_BYTES
                warnings.append(
                    ContentError(
                        relative(article.source_path, root),
                        f"ảnh “{path}” nặng {size:.1f} MB",
                        "hãy thu nhỏ ảnh (dưới 1 MB, chiều rộng khoảng 1600 điểm ảnh)",
                        line,
                    )
                )
    return warnings


def missing_summaries(articles: Iterable, root: str) -> list[ContentError]:
    """Articles whose list entry and shared preview fall back to the first words."""
    return [
        ContentError(
            relative(article.source_path, root),
            "bài viết chưa có tóm tắt",
            "hãy thêm dòng “Summary: một hai câu tóm tắt” ở đầu tệp",
            line_of(article.source_path, "summary", metadata_key=True) or 1,
        )
        for article in articles
        if not article.metadata.get("summary")
    ]


def missing_required_pages(
    pages: Iterable, required: Iterable[str], content_root: str, root: str
) -> list[ContentError]:
    """Portal pages the state rules expect (Giới thiệu, Liên hệ)."""
    present = {page.slug for page in pages}
    return [
        ContentError(
            relative(os.path.join(content_root, "pages"), root),
            f"thiếu trang “{slug}”",
            f"hãy tạo tệp {slug}.md trong thư mục này, có dòng “Slug: {slug}”",
        )
        for slug in required
        if slug not in present
    ]


def broken_internal_links(
    articles: Iterable, site: Path, siteurl: str, root: str
) -> list[ContentError]:
    """Links in articles to pages of this site that the build did not produce."""
    warnings = []
    for article in articles:
        for href in _HREF.findall(article.content):
            target = local_file(site, href, siteurl)
            if target is not None and not target.exists():
                warnings.append(
                    ContentError(
                        relative(article.source_path, root),
                        f"liên kết “{href}” dẫn tới trang không có",
                        "hãy sửa đường dẫn, hoặc dùng {filename}/articles/ten-tep.md",
                        line_of(article.source_path, urlparse(href).path.rstrip("/")),
                    )
                )
    return warnings


def local_file(site: Path, href: str, siteurl: str) -> Path | None:
    """The file of the built `site` a link leads to; None for other sites, mail and phone.

    The tests check the sample site's links with it, so both read a link the same way.
    """
    href = urldefrag(href)[0]
    if siteurl and href.startswith(siteurl):
        href = href[len(siteurl) :] or "/"
    parsed = urlparse(href)
    if parsed.scheme or parsed.netloc or not parsed.path.startswith("/"):
        return None
    path = site / parsed.path.lstrip("/")
    return path / "index.html" if parsed.path.endswith("/") else path


def tags_alike(first: str, second: str) -> bool:
    """Whether two different tags look like one mistyped: same slug, or one letter apart.

    The test `tag_typos` applies, for one pair of names: the newsroom's tag field uses it to
    warn while the officer types, so both warn about the same pairs.
    """
    first_key, second_key = match_key(first), match_key(second)
    if first_key == second_key:
        return False
    return slugify(first) == slugify(second) or _one_edit_apart(first_key, second_key)


# What Nghị định 42/2022/NĐ-CP requires of a ward portal besides news (docs/legal.md).
_DECREE = "là phần bắt buộc theo Nghị định 42/2022/NĐ-CP"


def missing_data_folder(folder: Path, root: str, what: str, hint: str) -> list[ContentError]:
    """A required list (documents, contacts) whose folder holds no data file at all."""
    if data_files(folder):
        return []
    return [ContentError(relative(str(folder), root), f"chưa có {what} {_DECREE}", hint)]


def missing_required_data(settings: dict, root: str) -> list[ContentError]:
    """The decree's documents ("Văn bản", content/documents/) and contact directory."""
    content = Path(settings["PATH"])
    # The documents section owns its folder's setting; "documents" is its default.
    documents = content / (settings.get("DOCUMENT_PATH") or "documents")
    return missing_data_folder(
        documents,
        root,
        "văn bản nào: mục Văn bản (số ký hiệu, trích yếu, tệp tải về)",
        "hãy thêm tệp danh sách văn bản (.yaml, .csv hoặc .xlsx) vào thư mục này,"
        " theo hướng dẫn trong docs/legal.md",
    ) + missing_data_folder(
        content / settings["CONTACTS_PATH"],
        root,
        "danh bạ cán bộ: họ tên, chức vụ, điện thoại, thư điện tử của cán bộ đầu mối",
        "hãy tạo tệp danh-ba.yaml (hoặc .csv, .xlsx) trong thư mục này theo mẫu trong"
        " docs/legal.md",
    )


def missing_emc(publish_settings: dict | None, shown: str) -> list[ContentError]:
    """No EMC monitoring script in the settings the site is published with."""
    if publish_settings is not None and publish_settings.get("EMC_SCRIPT_URL"):
        return []
    return [
        ContentError(
            shown,
            "chưa gắn mã theo dõi EMC: cổng thông tin của cơ quan nhà nước phải kết nối hệ thống"
            " giám sát EMC",
            "hãy đăng ký với hệ thống EMC, rồi ghi địa chỉ script và biểu tượng được cấp vào"
            " EMC_SCRIPT_URL, EMC_BADGE_LINK, EMC_BADGE_IMAGE trong tệp này (docs/legal.md)",
        )
    ]
