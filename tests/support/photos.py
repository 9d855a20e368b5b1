"""Pictures as an officer's phone makes them, for the upload and photo tests."""

from __future__ import annotations

import io

from PIL import Image


def phone_photo(size: tuple[int, int] = (1200, 900), orientation: int = 6) -> bytes:
    """A JPEG as a phone writes it: EXIF with a GPS position and an orientation, a comment."""
    picture = Image.new("RGB", size, (20, 120, 200))
    picture.paste((250, 250, 0), (0, 0, size[0] // 4, size[1] // 4))  # a mark top-left
    exif = Image.Exif()
    exif[0x0112] = orientation  # rotate 90° when shown
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (20.0, 15.0, 30.0), "E", (105.0, 58.0, 12.0)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif, comment=b"<?php system($_GET['c']); ?>")
    return buffer.getvalue()
