"""Photos uploaded from a phone or an office PC, taken in only as clean pictures.

An upload is hostile until proven a photo: whatever its name says, it must be a JPEG, PNG or
WebP that Pillow can decode, of a sane size in bytes and in pixels. It is then decoded and
written again from its pixels alone (turned upright, at most MAX_SIDE pixels wide or tall), so
nothing but the picture survives: no EXIF, no GPS position, no comment that is really a script.
The file name is the server's: the article's slug, the date and a random part, in
content/images/{year}/. Nothing the sender wrote is ever used as a path.

Refusals are UploadRefused with a Vietnamese sentence for the officer.
"""

from __future__ import annotations

import secrets
import warnings
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError

from wardportal.images import resize, save_clean
from wardportal.vntext import slugify

MAX_BYTES = 20 * 1024 * 1024  # a phone photo is 2–8 MB
MAX_PIXELS = 60_000_000  # 60 megapixels: more is a decompression bomb, not a photo
MAX_SIDE = 2560  # the site shows at most 1600 px; the rest is kept for later
# Pillow's format -> (saved as, file suffix, options)
_FORMATS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "JPEG": ("JPEG", ".jpg", {"quality": 88, "optimize": True}),
    "PNG": ("PNG", ".png", {"optimize": True}),
    "WEBP": ("WEBP", ".webp", {"quality": 85}),
}
_ONLY_PHOTOS = "Chỉ nhận ảnh JPEG, PNG hoặc WebP (ảnh chụp từ điện thoại, máy ảnh)"


class UploadRefused(ValueError):
    """An upload that is not taken in; str() is the Vietnamese reason for the officer."""


@dataclass(frozen=True)
class StoredPhoto:
    """A photo taken in: its path from the content folder ("images/2026/…") and its size."""

    path: str
    width: int
    height: int


def store_photo(data: bytes, content_root: Path, slug: str, now: datetime) -> StoredPhoto:
    """Check `data` is a photo, re-encode it without metadata and store it under a new name."""
    if len(data) > MAX_BYTES:
        raise UploadRefused(
            f"Ảnh nặng {len(data) / 1024 / 1024:.0f} MB, quá giới hạn {MAX_BYTES // 1024 // 1024}"
            " MB. Hãy gửi ảnh nhỏ hơn (ảnh chụp điện thoại thường dưới 8 MB)"
        )
    picture = _decode(data)
    kind, suffix, options = _FORMATS[picture.format or ""]
    upright = ImageOps.exif_transpose(picture)
    if max(upright.size) > MAX_SIDE:
        longest = max(upright.size)
        upright = resize(upright, round(upright.width * MAX_SIDE / longest))
    if kind == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    folder = content_root / "images" / f"{now:%Y}"
    name = f"{now:%Y-%m-%d}-{(slugify(slug) or 'anh')[:60]}-{secrets.token_hex(4)}{suffix}"
    save_clean(upright, folder / name, kind, options)
    return StoredPhoto(f"images/{now:%Y}/{name}", upright.width, upright.height)


def _decode(data: bytes) -> Image.Image:
    """The decoded picture, or UploadRefused: not a photo, a damaged file, a pixel bomb."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(BytesIO(data), formats=tuple(_FORMATS))
            if picture.width * picture.height > MAX_PIXELS:
                raise UploadRefused(
                    f"Ảnh {picture.width}×{picture.height} điểm ảnh quá lớn. Hãy gửi ảnh nhỏ hơn"
                )
            picture.load()
    except UploadRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRefused("Ảnh có kích thước quá lớn. Hãy gửi ảnh nhỏ hơn") from None
    except UnidentifiedImageError:
        raise UploadRefused(_ONLY_PHOTOS) from None
    except (OSError, SyntaxError, ValueError):
        raise UploadRefused("Tệp ảnh bị hỏng hoặc chưa tải lên hết. Hãy gửi lại") from None
    return picture
