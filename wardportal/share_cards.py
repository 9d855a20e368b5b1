"""Share cards: a 1200×630 picture with the ward's name and a title, for pages without a photo.

Zalo and Facebook show a page's Open Graph image, large, above its title. An article without
a photo (and every page and honour entry without one, and the lists) gets a card drawn here
with Pillow: the ward's name, the title in a font that has every Vietnamese letter, and the
portal's colours. A card's name is a hash of everything drawn on it, so an unchanged title is
drawn once and kept in the image cache; two pages with one title share one card.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from wardportal.images import publish_copy, save_clean

WIDTH, HEIGHT = 1200, 630
CARDS_FOLDER = "images/_the"
# Part of every card's hash: changing the drawing makes new cards instead of reusing old ones.
_PIPELINE = "1"
# Debian's packages whose fonts have every Vietnamese letter (bold first, regular second).
FONT_CANDIDATES = (
    ("fonts-dejavu-core", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    ("fonts-noto-core", "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf"),
    ("fonts-dejavu-core", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    ("fonts-noto-core", "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
)
_RED, _GOLD, _CREAM, _WHITE = (164, 22, 26), (255, 205, 0), (255, 232, 170), (255, 255, 255)
_MARGIN = 72
# Baseline, not optimized: a progressive JPEG takes 5 times as long to encode, an optimized one
# twice, for files 10–20% smaller (about 60 KB).
_JPEG = {"quality": 82}


class FontMissing(LookupError):
    """No font with Vietnamese letters: the message says, in Vietnamese, what to install."""


def find_font(configured: str = "") -> Path:
    """The font cards are drawn with: `configured` (PORTAL_SHARE_CARD_FONT), else Debian's."""
    if configured:
        if Path(configured).is_file():
            return Path(configured)
        raise FontMissing(
            f"không tìm thấy phông chữ “{configured}” đặt ở PORTAL_SHARE_CARD_FONT; hãy sửa"
            " đường dẫn tới một tệp .ttf có đủ chữ tiếng Việt, hoặc để trống để dùng phông"
            " DejaVu Sans của Debian"
        )
    for _package, path in FONT_CANDIDATES:
        if os.path.isfile(path):
            return Path(path)
    raise FontMissing(
        "không tìm thấy phông chữ có đủ chữ tiếng Việt để vẽ ảnh chia sẻ; hãy cài gói"
        " fonts-dejavu-core (sudo apt install fonts-dejavu-core), hoặc đặt"
        " PORTAL_SHARE_CARD_FONT là đường dẫn một tệp .ttf, hoặc tắt PORTAL_SHARE_CARDS"
    )


@dataclass(frozen=True)
class Card:
    """One card: its file name under CARDS_FOLDER, its address and what it shows."""

    name: str
    url: str
    title: str
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def save_as(self) -> str:
        return f"{CARDS_FOLDER}/{self.name}"


class ShareCards:
    """The cards one build publishes: planned first (names only), drawn together later."""

    def __init__(self, output: Path, cache: Path, site_root: str, ward: str, font: Path) -> None:
        self.output = output
        self.cache = cache
        self.site_root = site_root
        self.ward = ward
        self.font = font
        self._cards: dict[str, Card] = {}
        self._fonts: dict[int, ImageFont.FreeTypeFont] = {}

    def card(self, title: str) -> Card:
        """The card for `title` (its name and address; drawn by make_all)."""
        title = " ".join(title.split())
        text = f"{_PIPELINE}\n{self.font.name}\n{self.ward}\n{title}"
        name = f"{hashlib.sha256(text.encode()).hexdigest()[:16]}.jpg"
        if name not in self._cards:
            url = f"{self.site_root}/{CARDS_FOLDER}/{name}"
            self._cards[name] = Card(name, url, title)
        return self._cards[name]

    @property
    def cards(self) -> list[Card]:
        return sorted(self._cards.values(), key=lambda card: card.name)

    def make_all(self, share: int = 0, of: int = 1) -> None:
        """Draw the cards not in the cache yet (every `of`-th, from `share`) and publish them."""
        for card in self.cards[share::of]:
            cached = self.cache / card.name
            if not cached.exists():
                save_clean(self.draw(card.title), cached, "jpeg", _JPEG)
            publish_copy(cached, self.output / card.save_as)

    def draw(self, title: str) -> Image.Image:
        """The card: the ward's name above the title, on the portal's red."""
        picture = self._background.copy()
        draw = ImageDraw.Draw(picture)
        size, lines = self._fit(title)
        font = self._font(size)
        line_height = round(size * 1.25)
        top = 150 + max(0, (380 - line_height * len(lines)) // 2)
        for number, line in enumerate(lines):
            draw.text((_MARGIN, top + number * line_height), line, font=font, fill=_WHITE)
        return picture

    @cached_property
    def _background(self) -> Image.Image:
        """What every card of the build shares: colours and the ward's name, drawn once."""
        picture = Image.new("RGB", (WIDTH, HEIGHT), _RED)
        draw = ImageDraw.Draw(picture)
        draw.rectangle((0, HEIGHT - 24, WIDTH, HEIGHT), fill=_GOLD)
        draw.rectangle((_MARGIN, 120, _MARGIN + 96, 126), fill=_GOLD)
        draw.text((_MARGIN, 56), self.ward.upper(), font=self._font(38), fill=_CREAM)
        return picture

    def _font(self, size: int) -> ImageFont.FreeTypeFont:
        if size not in self._fonts:
            self._fonts[size] = ImageFont.truetype(str(self.font), size)
        return self._fonts[size]

    def _fit(self, title: str) -> tuple[int, list[str]]:
        """The largest size (64 down to 40 px) at which the title takes at most 4 lines;
        at 40 px a longer title is cut with an ellipsis."""
        for size in (64, 56, 48, 40):
            lines = _wrap(title, self._font(size), WIDTH - 2 * _MARGIN)
            if len(lines) <= 4:
                return size, lines
        lines = lines[:4]
        lines[-1] = lines[-1].rstrip(" ,.;:") + "…"
        return 40, lines


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Words in lines no wider than `width` (a word wider than a line gets a line of its own)."""
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]
