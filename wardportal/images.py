"""Image facts the templates need, read once per file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image


@lru_cache(maxsize=4096)
def image_size(path: str) -> tuple[int, int]:
    """(width, height) of an image file, so pages reserve its space and do not jump.

    Only the header is read. SVG files are vector: their viewBox is not parsed; a square
    is assumed, which is what the portal's logo is.
    """
    if path.lower().endswith(".svg"):
        return (1, 1)
    with Image.open(Path(path)) as picture:
        return picture.size
