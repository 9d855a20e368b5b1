"""Markdown reader that normalises Vietnamese and refuses broken files.

It replaces Pelican's MarkdownReader: text and metadata are cleaned (vntext.clean: NFC,
lookalike letters, invisible characters), dates are read day first ("10/05/2018" is 10 May),
a file without a title or with an impossible date raises a ContentError naming the line,
images the article uses must exist in the content folder, links that run code are refused,
and the summary keeps inline formatting only.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from markdown import Markdown
from markupsafe import Markup
from pelican.readers import HTMLReader, MarkdownReader
from pelican.urlwrappers import Tag

from wardportal.build_errors import ContentError, line_of, relative
from wardportal.build_state import STATE_KEY, markdown_cache_of
from wardportal.engine import Remembered, engine_of, file_digest, publish_photos
from wardportal.images import is_raster, picture_html
from wardportal.markdown_cache import MarkdownCache
from wardportal.prefetch import Converted
from wardportal.safe_html import (
    computer_path,
    inline_html,
    line_of_url,
    refused_links,
    shortened,
)
from wardportal.vndates import DateFormatError, parse_date
from wardportal.vntext import clean, match_key, slugify

IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r'\bsrc="([^"]*)"')
_ALT = re.compile(r'\balt="([^"]*)"')
# The article column is at most about 800 px wide; on phones, the whole screen.
BODY_SIZES = "(min-width: 56rem) 800px, 100vw"
_LINK_PREFIX = re.compile(r"^\{(static|attach|filename)\}")
# A link to a file of the site in the body's HTML, as Pelican finds it (the default
# INTRASITE_LINK_REGEX, in an attribute that holds a URL).
_SITE_FILE_LINK = re.compile(
    r"""<[^>]+?(?:href|src|poster|data|cite|formaction|action|content)\s*=\s*"""
    r"""(?P<quote>["'])[{|](?P<what>filename|static|attach)[|}](?P<value>.*?)(?P=quote)"""
)
_REMOTE = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
_DATE_FIELDS = ("date", "modified")
# Far beyond any article (a long one is 50 kB); Markdown would take minutes on such files.
MAX_ARTICLE_BYTES = 1_000_000
# Lists nested deeper than this many levels (4 spaces each) take Markdown minutes to convert.
# Only list items count: pasted HTML is often indented deeply, and costs nothing.
MAX_INDENT = 4 * 16
_DEEP_LIST_ITEM = re.compile(
    rf"^[ \t]{{{MAX_INDENT + 1},}}(?:[-*+]|\d+[.)])(?:[ \t]|$)", re.MULTILINE
)


def _empty(value) -> bool:
    return value is None or (isinstance(value, str | list) and not value)


class _ConvertedAhead:
    """The Markdown converter as Pelican's _parse_metadata uses it, with the formatted
    fields the prefetching child already converted (or the cache kept) handed back instead
    of converted again."""

    def __init__(
        self, markdown: Markdown, converted: dict[str, str], cache: MarkdownCache | None
    ) -> None:
        self.markdown = markdown
        self.converted = converted
        self.cache = cache
        self.preprocessors = markdown.preprocessors

    def reset(self) -> _ConvertedAhead:
        self.markdown.reset()
        return self

    def convert(self, text: str) -> str:
        if text in self.converted:
            return self.converted[text]
        return convert_field(self.markdown, text, self.cache)


def convert_field(converter: Markdown, text: str, cache: MarkdownCache | None) -> str:
    """A formatted header field (Summary) as HTML, from the cache when it was seen before."""
    cached = cache.get("field", text) if cache is not None else None
    if cached is not None:
        return cached[0]
    html = converter.convert(text)
    if cache is not None:
        cache.put("field", text, html, {})
    return html


class VietnameseMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader with Vietnamese normalisation and fail-loud checks."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._markdown: Markdown | None = None

    def _converter(self) -> Markdown:
        # One Markdown instance, reset per file: building one loads every extension again,
        # which costs more than converting a short article. Pelican's _parse_metadata
        # removes the metadata preprocessor for formatted fields, so it is put back here.
        if self._markdown is None:
            self._markdown = Markdown(**self.settings["MARKDOWN"])
            self._meta_step = self._markdown.preprocessors["meta"]
        else:
            self._markdown.reset()
            if "meta" not in self._markdown.preprocessors:
                self._markdown.preprocessors.register(self._meta_step, "meta", 27)
        return self._markdown

    def read(self, source_path: str) -> tuple[str, dict]:
        """The article's HTML and header; in the engine, from memory while its bytes hold."""
        engine = engine_of(self.settings)
        if engine is None:
            return self._read(source_path)
        try:
            digest = file_digest(Path(source_path).read_bytes())
        except OSError:
            return self._read(source_path)  # reports the error as a build always does
        remembered = engine.memo.get(source_path, digest)
        if remembered is None:
            content, metadata = self._read(source_path)
            remembered = Remembered(digest, content, metadata, self._photos)
            engine.memo.put(source_path, remembered)
        publish_photos(self.settings, remembered)  # into this build's folder again
        return remembered.content, dict(remembered.metadata)

    def _read(self, source_path: str) -> tuple[str, dict]:
        self._source_path = source_path
        self._photos: tuple[str, ...] = ()
        state = self.settings[STATE_KEY].current if STATE_KEY in self.settings else None
        prefetch = state.markdown_prefetch if state is not None else None
        converted = prefetch.take(source_path) if prefetch is not None else None
        if converted is None:
            content, header = self.convert(source_path)
            formatted: dict[str, str] = {}
        else:
            content, header, formatted, slugs = converted
            if state is not None:  # a prefetch belongs to a run
                state.known_slugs.update(slugs)  # give_slug need not slug these again
        # Pelican's _parse_metadata converts the formatted fields (Summary) with self._md.
        self._md = _ConvertedAhead(self._converter(), formatted, self._cache())
        metadata = self._parse_metadata(header)
        # A header line left empty ("Summary:") means "not given", not "empty".
        # (Tested by kind: comparing a Tag or Category with "" slugifies it, thousands of times.)
        metadata = {key: value for key, value in metadata.items() if not _empty(value)}
        if not str(metadata.get("title", "")).strip():
            raise ContentError(
                self._shown_path(source_path),
                "bài viết chưa có tiêu đề",
                "Hãy thêm dòng “Title: Tiêu đề bài viết” ở đầu tệp, trước phần nội dung",
                1,
            )
        content = self._check_images(source_path, content, metadata)
        check_links(self._shown_path(source_path), source_path, content, metadata)
        check_site_files(self._shown_path(source_path), source_path, content, self.settings["PATH"])
        if metadata.get("summary"):
            metadata["summary"] = Markup(inline_html(str(metadata["summary"])))
        return content, metadata

    def convert(self, source_path: str) -> tuple[str, dict[str, list[str]]]:
        """The body as HTML and the header lines as written, both NFC.

        Keeps nothing between files: convert_ahead runs it in wardportal.prefetch's child.
        """
        shown = self._shown_path(source_path)
        try:
            raw = _read_bounded(source_path, shown)
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = Path(source_path).read_bytes()[: error.start].count(b"\n") + 1
            raise ContentError(
                shown,
                "tệp không được lưu theo bảng mã UTF-8",
                "Hãy mở tệp và lưu lại với bảng mã UTF-8",
                line,
            ) from None
        except OSError as error:
            raise ContentError(shown, f"không đọc được tệp ({error.strerror})") from None
        text = clean(text)
        _check_nesting(text, shown)
        cache = self._cache()
        cached = cache.get("body", text) if cache is not None else None
        if cached is not None:
            return cached
        converter = self._converter()
        try:
            content = converter.convert(text)
        except RecursionError:
            raise ContentError(
                shown,
                "bài viết lồng nhau quá nhiều tầng (danh sách, trích dẫn hoặc thẻ HTML)",
                "Hãy bỏ bớt các tầng lồng nhau",
            ) from None
        header = getattr(converter, "Meta", {})
        if cache is not None:
            cache.put("body", text, content, header)
        return content, header

    def _cache(self) -> MarkdownCache | None:
        return markdown_cache_of(self.settings)

    def convert_ahead(self, source_path: str) -> Converted:
        """What wardportal.prefetch's child does for read(): convert, and the rest it can.

        Besides the body, the formatted header fields are converted exactly as Pelican's
        _parse_metadata does it, and the title and slug are slugged (give_slug will ask).
        """
        content, header = self.convert(source_path)
        converter = self._converter()
        converter.preprocessors.deregister("meta")
        formatted = {}
        for name, value in header.items():
            if name.lower() in self.settings["FORMATTED_FIELDS"]:
                text = "\n".join(value)
                converter.reset()
                formatted[text] = convert_field(converter, text, self._cache())
        sources = [*header.get("title", [])[:1], *(v.strip() for v in header.get("slug", [])[:1])]
        return content, header, formatted, {text: slugify(text) for text in sources}

    def finish_ahead(self) -> None:
        """What wardportal.prefetch's child does once its files are converted: the Markdown
        cache's last marks of use written (the child leaves without closing anything)."""
        cache = self._cache()
        if cache is not None:
            cache.flush()

    def process_metadata(self, name: str, value):
        value = clean(value) if isinstance(value, str) else value
        if name in _DATE_FIELDS and isinstance(value, str):
            try:
                return parse_date(value)
            except DateFormatError as error:
                raise ContentError(
                    self._shown_path(self._source_path),
                    f"mục “{name.capitalize()}”: {error}",
                    line=line_of(self._source_path, name, metadata_key=True),
                ) from None
        if name == "tags" and isinstance(value, str):
            return self._tags(value)
        return super().process_metadata(name, value)

    def _tags(self, value: str) -> list[Tag]:
        """Tags of one article, each spelling once (case and tone placement ignored)."""
        seen: dict[str, Tag] = {}
        for name in value.replace(";", ",").split(","):
            name = " ".join(name.split())
            if name and match_key(name) not in seen:
                seen[match_key(name)] = Tag(name, self.settings)
        return list(seen.values())

    def _shown_path(self, source_path: str | None) -> str:
        return relative(source_path or "?", os.path.dirname(os.path.abspath(self.settings["PATH"])))

    def _check_images(self, source_path: str, content: str, metadata: dict) -> str:
        """Every image the article shows must exist, or the reader sees a broken picture.

        Returns the content with plain paths ("images/a.jpg") turned into Pelican links, and
        leaves the Image: metadata as a path from the content folder.
        """
        references = [(src, src) for src in image_sources(content)]
        if metadata.get("image"):
            references.append((str(metadata["image"]), "Image:"))
        content_root = os.path.abspath(self.settings["PATH"])
        photos = {}
        for src, needle in references:
            if computer_path(src):
                raise _computer_path_error(self._shown_path(source_path), src, needle, source_path)
            if _REMOTE.match(src) and needle == "Image:":
                raise _remote_banner_error(self._shown_path(source_path), src, source_path)
            if _REMOTE.match(src):
                continue
            target = resolve_image(self.settings["PATH"], source_path, src)
            if os.path.isfile(target):
                site_path = Path(os.path.relpath(target, content_root)).as_posix()
                if needle == "Image:":
                    metadata["image"] = site_path
                elif is_raster(site_path):
                    photos[src] = site_path
                elif not _LINK_PREFIX.match(src):
                    content = content.replace(f'src="{src}"', f'src="{{static}}/{site_path}"')
            else:
                raise ContentError(
                    self._shown_path(source_path),
                    f"không tìm thấy ảnh “{src}”",
                    "Hãy chép ảnh vào thư mục content/images/ và ghi đường dẫn dạng"
                    " {static}/images/ten-anh.jpg (hoặc images/ten-anh.jpg ở mục Image:)",
                    line_of(source_path, needle),
                )
        self._photos = tuple(photos.values())
        return self._responsive_photos(content, photos)

    def _responsive_photos(self, content: str, photos: dict[str, str]) -> str:
        """Each photo in the text becomes a <picture> of resized copies, loaded lazily."""
        state = self.settings[STATE_KEY].current
        if not photos or state is None or state.images is None:
            return content

        def replace(match: re.Match) -> str:
            tag = match.group(0)
            found = _SRC.search(tag)
            src = found.group(1) if found else None
            if src not in photos:
                return tag
            alt = _ALT.search(tag)
            picture = state.images.picture(photos[src])
            alt_text = html.unescape(alt.group(1)) if alt else ""
            return picture_html(picture, alt_text, BODY_SIZES, lazy=True)

        return IMG_TAG.sub(replace, content)


class CleanHTMLReader(HTMLReader):
    """Pelican's reader of .html pages, with the text cleaned and script links refused,
    as in Markdown files."""

    def read(self, filename: str) -> tuple[str, dict]:
        content, metadata = super().read(filename)
        content = clean(content)
        shown = relative(filename, os.path.dirname(os.path.abspath(self.settings["PATH"])))
        check_links(shown, filename, content, metadata)
        return content, metadata

    def process_metadata(self, name: str, value):
        return super().process_metadata(name, clean(value) if isinstance(value, str) else value)


def check_site_files(shown: str, source_path: str, content: str, content_root: str) -> None:
    """A link to a file of the site ({filename}, {static}, {attach}) names a file that is
    there: Pelican would stop on it later with an English line naming neither file."""
    folder = os.path.dirname(os.path.abspath(source_path))
    root = os.path.abspath(content_root)
    for match in _SITE_FILE_LINK.finditer(content):
        value = match.group("value")
        path = urlparse(value).path
        paths = {path, unquote(path), urlparse(html.unescape(value)).path}
        if any(_is_site_file(root, folder, path) for path in paths):
            continue
        written = f"{{{match.group('what')}}}{html.unescape(value)}"
        raise ContentError(
            shown,
            f"liên kết “{shortened(written)}” trỏ tới tệp không có trong thư mục content",
            "Hãy sửa đường dẫn cho đúng tên tệp trong thư mục content, từng chữ (chữ hoa, chữ"
            " thường, dấu), hoặc bỏ liên kết",
            line_of_url(source_path, written),
        )


def _is_site_file(root: str, folder: str, path: str) -> bool:
    """Whether a linked path (from the content folder when it starts with /, else from the
    linking file's folder, as Pelican resolves it) is a file; an empty path links a part of
    the same page."""
    if not path:
        return True
    target = os.path.join(root, path[1:]) if path.startswith("/") else os.path.join(folder, path)
    return os.path.isfile(os.path.normpath(target))


def check_links(shown: str, source_path: str, content: str, metadata: dict) -> None:
    """No link or image in the body or summary may run code or carry inline data."""
    summary = str(metadata.get("summary") or "")
    for where, html_text in (("summary", summary), ("", content)):
        for url in refused_links(html_text):
            line = line_of_url(source_path, url)
            if where and line is None:
                line = line_of(source_path, "summary", metadata_key=True)
            raise ContentError(
                shown,
                f"liên kết “{shortened(url)}” không được phép"
                " (liên kết javascript:, vbscript: và data: có thể chạy mã lạ trên máy"
                " người đọc)",
                "Hãy xoá liên kết này; ảnh thì chép vào thư mục content/images/ và ghi"
                " đường dẫn dạng {static}/images/ten-anh.jpg",
                line,
            )


def _read_bounded(source_path: str, shown: str) -> bytes:
    """The file's bytes, refusing a file far too large to be an article."""
    with open(source_path, "rb") as file:
        raw = file.read(MAX_ARTICLE_BYTES + 1)
    if len(raw) > MAX_ARTICLE_BYTES:
        raise ContentError(
            shown,
            f"tệp quá lớn (hơn {MAX_ARTICLE_BYTES // 1_000_000} MB) để là một bài viết",
            "Hãy chia thành nhiều bài, hoặc đưa tài liệu dài thành tệp đính kèm",
        )
    return raw


def _check_nesting(text: str, shown: str) -> None:
    """Refuse lists nested absurdly deep: Markdown's time grows with the cube of the depth."""
    match = _DEEP_LIST_ITEM.search(text)
    if match:
        raise ContentError(
            shown,
            f"danh sách lồng nhau quá sâu (dòng thụt lề hơn {MAX_INDENT} dấu cách)",
            "Hãy bỏ bớt dấu cách hoặc Tab ở đầu dòng; danh sách chỉ nên lồng vài tầng",
            text.count("\n", 0, match.start()) + 1,
        )


def _computer_path_error(shown: str, src: str, needle: str, source_path: str) -> ContentError:
    """A path on the officer's computer: say where the photo must go and how to write it."""
    name = re.split(r"[\\/]", src.rstrip("\\/"))[-1] or "ten-anh.jpg"
    written = f"images/{name}" if needle == "Image:" else f"{{static}}/images/{name}"
    return ContentError(
        shown,
        f"ảnh “{src}” là đường dẫn trên máy tính của bạn, trang web không lấy được ảnh từ đó",
        f"Hãy chép ảnh vào thư mục content/images/ rồi ghi đường dẫn dạng {written}"
        " (dấu gạch chéo “/”, không dùng “\\”)",
        line_of(source_path, "image", metadata_key=True)
        if needle == "Image:"
        else line_of(source_path, src),
    )


def _remote_banner_error(shown: str, src: str, source_path: str) -> ContentError:
    """The banner photo is resized and served by the site: it cannot be an address elsewhere."""
    return ContentError(
        shown,
        f"ảnh đại diện (Image:) “{shortened(src)}” không phải ảnh trong thư mục content/images/",
        "Hãy lưu ảnh về máy, chép vào thư mục content/images/ rồi ghi dạng"
        " Image: images/ten-anh.jpg",
        line_of(source_path, "image", metadata_key=True),
    )


def image_attributes(tag: str) -> dict[str, str]:
    """src and alt of one <img> tag, as written (alt still HTML-escaped)."""
    found = {}
    for name, pattern in (("src", _SRC), ("alt", _ALT)):
        match = pattern.search(tag)
        if match:
            found[name] = match.group(1)
    return found


def image_sources(html_text: str) -> list[str]:
    """The src of every <img> in a piece of HTML."""
    return [src for tag in IMG_TAG.findall(html_text) if (src := image_attributes(tag).get("src"))]


def resolve_image(content_root: str, source_path: str, src: str) -> str:
    """The file an image reference in source_path means, the way Pelican reads links.

    {static}name is beside the file; {static}/name, /name and a plain name are from the
    content folder.
    """
    prefix = _LINK_PREFIX.match(src)
    path = _LINK_PREFIX.sub("", src).split("#")[0].split("?")[0]
    beside_file = prefix and not path.startswith("/")
    base = os.path.dirname(source_path) if beside_file else os.path.abspath(content_root)
    return os.path.normpath(os.path.join(base, path.lstrip("/")))
