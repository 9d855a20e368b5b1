"""Uploaded photos: only real JPEG/PNG/WebP, re-encoded without metadata, named by the server."""

from __future__ import annotations

import io
import random
import zlib
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from tests.support.photos import phone_photo
from wardportal.uploads import MAX_BYTES, UploadRefused, store_photo

NOW = datetime(2026, 12, 1, 9, 30)


def files_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*") if path.is_file()}


def test_a_phone_photo_is_stored_upright_without_exif_gps_or_comment(tmp_path):
    content = tmp_path / "content"
    data = phone_photo()
    assert b"PhoneMaker" in data and b"<?php" in data
    stored = store_photo(data, content, "Ra quân dọn vệ sinh", NOW)
    assert stored.path.startswith("images/2026/2026-12-01-ra-quan-don-ve-sinh-")
    assert stored.path.endswith(".jpg")
    written = content / stored.path
    raw = written.read_bytes()
    assert b"PhoneMaker" not in raw and b"<?php" not in raw and b"Exif" not in raw
    with Image.open(written) as picture:
        assert picture.format == "JPEG"
        assert picture.size == (900, 1200) == (stored.width, stored.height), "turned upright"
        assert not picture.getexif()
    assert files_under(tmp_path) == {written}, "nothing else written, no partial file left"


def test_the_name_is_the_servers_never_the_senders(tmp_path):
    content = tmp_path / "site" / "content"
    first = store_photo(phone_photo(), content, "../../x", NOW)
    second = store_photo(phone_photo(), content, "../../x", NOW)
    assert first.path != second.path
    for stored in (first, second):
        assert ".." not in stored.path and stored.path.startswith("images/2026/")
        assert (content / stored.path).resolve().is_relative_to(content.resolve())
    assert files_under(tmp_path) <= files_under(content)


def test_large_photos_are_scaled_down_and_png_webp_keep_their_kind(tmp_path):
    big = io.BytesIO()
    Image.new("RGB", (4000, 3000), (1, 2, 3)).save(big, "JPEG", quality=50)
    stored = store_photo(big.getvalue(), tmp_path, "anh", NOW)
    assert (stored.width, stored.height) == (2560, 1920)
    for kind, suffix in (("PNG", ".png"), ("WEBP", ".webp")):
        buffer = io.BytesIO()
        Image.new("RGBA", (300, 200), (0, 0, 0, 0)).save(buffer, kind)
        stored = store_photo(buffer.getvalue(), tmp_path, "logo", NOW)
        assert stored.path.endswith(suffix)
        with Image.open(tmp_path / stored.path) as picture:
            assert picture.format == kind


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def png_bomb() -> bytes:
    """A small PNG that claims 100,000 × 100,000 pixels."""
    header = b"\x89PNG\r\n\x1a\n"

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body).to_bytes(4, "big")
        return len(body).to_bytes(4, "big") + kind + body + crc

    ihdr = (100_000).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    return header + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (SVG, "JPEG, PNG hoặc WebP"),
        (b"<?php echo 'x'; ?>" + b"\xff\xd8\xff" * 10, "JPEG, PNG hoặc WebP"),  # PHP as .jpg
        (b"<html><script>alert(1)</script></html>", "JPEG, PNG hoặc WebP"),
        (phone_photo()[:2000], "bị hỏng"),  # cut off
        (png_bomb(), "quá lớn"),
        (random.Random(7).randbytes(64), "JPEG, PNG hoặc WebP"),
    ],
    ids=["svg-with-script", "php-named-jpg", "html", "cut-off-jpeg", "pixel-bomb", "noise"],
)
def test_anything_but_a_photo_is_refused_in_vietnamese(tmp_path, data, reason):
    with pytest.raises(UploadRefused) as refused:
        store_photo(data, tmp_path / "content", "bai", NOW)
    assert reason in str(refused.value)
    assert not (tmp_path / "content").exists(), "nothing written"


def test_a_50_mb_upload_is_refused_before_decoding(tmp_path):
    data = b"\xff\xd8\xff\xe0" + b"\0" * (50 * 1024 * 1024)
    assert len(data) > MAX_BYTES
    with pytest.raises(UploadRefused) as refused:
        store_photo(data, tmp_path, "bai", NOW)
    assert "50 MB" in str(refused.value)
    assert not any(tmp_path.iterdir())
