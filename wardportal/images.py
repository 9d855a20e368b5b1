"""Photos for cheap phones: resized copies in WebP and JPEG, without EXIF, made once.

An officer drops a 4000 px, 5 MB photo straight from a phone. Readers get copies 480, 960
and 1600 px wide (never wider than the photo), in WebP with a JPEG fallback, chosen by the
browser from srcset/sizes. Copies are re-encoded without metadata, so a phone's GPS position
never reaches the site, and the original is not published. Copies are kept in a cache
folder keyed by the photo's content, so an unchanged photo is never processed twice.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps

RASTER = (".jpg", ".jpeg", ".png", ".webp")
VARIANTS_FOLDER = "images/_v"
# Part of every copy's name: changing how copies are made (2: JPEG comments dropped) makes new
# ones instead of reusing the cached ones.
_PIPELINE = b"2"
_FORMATS = (
    ("webp", "image/webp", {"quality": 72, "method": 4}),
    ("jpeg", "image/jpeg", {"quality": 76, "optimize": True, "progressive": True}),
)


@dataclass(frozen=True)
class Variant:
    url: str
    width: int
    mime: str


@dataclass(frozen=True)
class Picture:
    """What a template needs to show one photo responsively."""

    width: int
    height: int
    variants: tuple[Variant, ...]

    def srcset(self, mime: str) -> str:
        return ", ".join(f"{v.url} {v.width}w" for v in self.variants if v.mime == mime)

    @property
    def webp_srcset(self) -> str:
        return self.srcset("image/webp")

    @property
    def jpeg_srcset(self) -> str:
        return self.srcset("image/jpeg")

    @property
    def fallback(self) -> Variant:
        """The JPEG closest to 960 px: what a browser without srcset shows."""
        jpegs = [v for v in self.variants if v.mime == "image/jpeg"]
        return min(jpegs, key=lambda v: abs(v.width - 960))

    @property
    def largest(self) -> Variant:
        return max((v for v in self.variants if v.mime == "image/jpeg"), key=lambda v: v.width)


class ImageVariants:
    """Makes and publishes the variants of the photos one build uses."""

    def __init__(
        self, content_root: Path, output: Path, cache: Path, site_root: str, widths: tuple
    ) -> None:
        self.content_root = content_root
        self.output = output
        self.cache = cache
        self.site_root = site_root
        self.widths = tuple(sorted(widths))
        self._pictures: dict[str, Picture] = {}

    def picture(self, path: str) -> Picture:
        """Variants of the photo at path (relative to content/), made or taken from cache."""
        if path not in self._pictures:
            self._pictures[path] = self._make(path)
        return self._pictures[path]

    def _make(self, path: str) -> Picture:
        source = self.content_root / path
        digest = hashlib.sha256(_PIPELINE + source.read_bytes()).hexdigest()[:12]
        stem = Path(path).stem
        with Image.open(source) as opened:
            picture = ImageOps.exif_transpose(opened)
            width, height = picture.size
            widths = sorted({w for w in self.widths if w < width} | {min(width, self.widths[-1])})
            variants = []
            for target in widths:
                resized = None
                for extension, mime, options in _FORMATS:
                    name = f"{stem}-{digest}-{target}.{extension}"
                    cached = self.cache / name
                    if not cached.exists():
                        if resized is None:
                            resized = resize(picture, target)
                        save_clean(resized, cached, extension, options)
                    publish_copy(cached, self.output / VARIANTS_FOLDER / name)
                    variants.append(
                        Variant(f"{self.site_root}/{VARIANTS_FOLDER}/{name}", target, mime)
                    )
        shown_height = round(height * widths[-1] / width)
        return Picture(widths[-1], shown_height, tuple(variants))


def publish_copy(cached: Path, target: Path) -> None:
    """Put a cached file in the site: a hard link (no copy) where the file system allows."""
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(cached, target)
    except OSError:
        shutil.copyfile(cached, target)


def resize(picture: Image.Image, width: int) -> Image.Image:
    """The picture scaled to `width` (Lanczos), on white where it was transparent."""
    height = max(1, round(picture.height * width / picture.width))
    resized = picture.resize((width, height), Image.Resampling.LANCZOS)
    if resized.mode not in ("RGB", "L"):
        background = Image.new("RGB", resized.size, (255, 255, 255))
        background.paste(resized, mask=resized.convert("RGBA").getchannel("A"))
        resized = background
    return resized


def save_clean(picture: Image.Image, path: Path, extension: str, options: dict) -> None:
    """Write atomically, without any metadata (EXIF, GPS, XMP, comments; ICC-free sRGB assumed).

    Pillow writes some of what it read (a JPEG's comment, a PNG's profile) back by itself:
    the picture's info is emptied first.
    """
    picture.info = {}
    path.parent.mkdir(parents=True, exist_ok=True)
    # A name of this process's own: two processes making one copy never share a partial file.
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    picture.save(partial, format=extension.upper(), **options)
    os.replace(partial, path)


def is_raster(path: str) -> bool:
    return path.lower().endswith(RASTER)


def picture_html(
    picture: Picture, alt: str, sizes: str, *, lazy: bool = False, css_class: str = ""
) -> str:
    """<picture> markup for a photo: WebP first, JPEG fallback, size reserved, alt escaped."""
    from markupsafe import Markup, escape

    attributes = [
        f'src="{escape(picture.fallback.url)}"',
        f'srcset="{escape(picture.jpeg_srcset)}"',
        f'sizes="{escape(sizes)}"',
        f'width="{picture.width}"',
        f'height="{picture.height}"',
        f'alt="{escape(alt)}"',
    ]
    if css_class:
        attributes.append(f'class="{escape(css_class)}"')
    attributes.append('loading="lazy" decoding="async"' if lazy else 'decoding="async"')
    return Markup(
        f'<picture><source type="image/webp" srcset="{escape(picture.webp_srcset)}"'
        f' sizes="{escape(sizes)}"><img {" ".join(attributes)}></picture>'
    )
