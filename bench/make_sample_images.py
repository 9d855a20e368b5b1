"""Draw the sample site's illustrative pictures.

Simple flat-design scenes (sky, buildings, trees, flags, people) drawn with Pillow, saved as
optimised progressive JPEG, 960x540, into content/images/. The output is deterministic: each
picture's random choices come from a generator seeded with its name, so running the script
again gives byte-identical files (with the same Pillow version).

    .venv/bin/python bench/make_sample_images.py [OUTPUT_DIR]

Every file must stay under MAX_BYTES; quality starts at 70 and steps down only if needed.
"""

from __future__ import annotations

import math
import random
import sys
import zlib
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw

W, H = 960, 540
S = 2  # supersampling factor: draw at 2x, then downscale for smooth edges
MAX_BYTES = 45 * 1024
QUALITIES = (70, 66, 62, 58, 54, 50)
OUT_DIR = Path(__file__).resolve().parents[1] / "content" / "images"

RED = (218, 37, 29)
YELLOW = (255, 205, 0)
SKINS = [(241, 194, 160), (224, 172, 135), (198, 145, 108), (233, 184, 150)]
HAIR = [(40, 30, 28), (58, 42, 35), (25, 22, 24), (205, 205, 205)]
NON_LA = (234, 214, 160)


def mix(a, b, t):
    return tuple(round(a[i] + (b[i] - a[i]) * t) for i in range(3))


class Scene:
    """A canvas with drawing helpers in 960x540 coordinates."""

    def __init__(self, name: str, sky_top, sky_bottom):
        self.rng = random.Random(zlib.crc32(name.encode("utf-8")))
        self.im = Image.new("RGB", (W * S, H * S), sky_top)
        self.d = ImageDraw.Draw(self.im)
        self.gradient(0, H, sky_top, sky_bottom)

    # -- primitives -------------------------------------------------------------------------
    def gradient(self, y0, y1, top, bottom, x0=0, x1=W):
        n = max(1, (y1 - y0) * S)
        for i in range(n):
            self.d.line([(x0 * S, y0 * S + i), (x1 * S, y0 * S + i)], fill=mix(top, bottom, i / n))

    def rect(self, x0, y0, x1, y1, fill):
        self.d.rectangle([x0 * S, y0 * S, x1 * S, y1 * S], fill=fill)

    def rrect(self, x0, y0, x1, y1, r, fill):
        self.d.rounded_rectangle([x0 * S, y0 * S, x1 * S, y1 * S], radius=r * S, fill=fill)

    def ellipse(self, x0, y0, x1, y1, fill):
        self.d.ellipse([x0 * S, y0 * S, x1 * S, y1 * S], fill=fill)

    def circle(self, cx, cy, r, fill):
        self.ellipse(cx - r, cy - r, cx + r, cy + r, fill)

    def poly(self, pts, fill):
        self.d.polygon([(x * S, y * S) for x, y in pts], fill=fill)

    def line(self, pts, fill, width):
        self.d.line([(x * S, y * S) for x, y in pts], fill=fill, width=max(1, round(width * S)))

    def arc(self, box, start, end, fill, width):
        self.d.arc([v * S for v in box], start, end, fill=fill, width=round(width * S))

    def star(self, cx, cy, r, fill, rot=-90):
        pts = []
        for k in range(10):
            rad = r if k % 2 == 0 else r * 0.382
            a = math.radians(rot + k * 36)
            pts.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
        self.poly(pts, fill)

    # -- scenery ----------------------------------------------------------------------------
    def sun(self, cx, cy, r, color=(255, 214, 102)):
        self.circle(cx, cy, r * 1.6, mix(color, (255, 255, 255), 0.55))
        self.circle(cx, cy, r, color)

    def cloud(self, cx, cy, s, color=(255, 255, 255)):
        for dx, dy, rr in ((-1.1, 0.2, 0.7), (-0.3, -0.25, 0.9), (0.6, 0.0, 0.75), (1.3, 0.3, 0.5)):
            self.circle(cx + dx * s * 30, cy + dy * s * 30, rr * s * 30, color)
        self.rrect(cx - 55 * s, cy + 2 * s, cx + 55 * s, cy + 24 * s, 11 * s, color)

    def hills(self, base, amp, color, phase=0.0, freq=1.0):
        pts = [(0, H)]
        for x in range(0, W + 20, 20):
            y = base - amp * (
                0.6 * math.sin(x / 140 * freq + phase) + 0.4 * math.sin(x / 57 + phase * 2)
            )
            pts.append((x, y))
        pts.append((W, H))
        self.poly(pts, color)

    def ground(self, y, color, edge=None):
        self.rect(0, y, W, H, color)
        if edge:
            self.rect(0, y, W, y + 6, edge)

    def building(self, x, base, w, h, wall, roof="flat", win=(255, 244, 214), floors=None):
        self.rect(x, base - h, x + w, base, wall)
        shade = mix(wall, (0, 0, 0), 0.18)
        self.rect(x + w - 6, base - h, x + w, base, shade)
        if roof == "gable":
            self.poly(
                [(x - 8, base - h), (x + w / 2, base - h - w * 0.35), (x + w + 8, base - h)],
                (176, 72, 56),
            )
        elif roof == "tile":
            self.rect(x - 6, base - h - 10, x + w + 6, base - h, (190, 84, 60))
        else:
            self.rect(x - 3, base - h - 6, x + w + 3, base - h, mix(wall, (255, 255, 255), 0.35))
        floors = floors or max(1, int(h // 48))
        cols = max(1, int(w // 34))
        cw = w / cols
        fh = h / (floors + 0.35)
        for f in range(floors):
            for c in range(cols):
                wx = x + c * cw + cw * 0.28
                wy = base - h + f * fh + fh * 0.3
                self.rect(wx, wy, wx + cw * 0.44, wy + fh * 0.45, win)
        # door
        dw = min(26, w * 0.3)
        self.rect(
            x + w / 2 - dw / 2,
            base - min(40, h * 0.35),
            x + w / 2 + dw / 2,
            base,
            mix(wall, (60, 40, 30), 0.55),
        )

    def street_row(
        self,
        base,
        palette,
        roof_choices=("flat", "tile", "gable"),
        hmin=90,
        hmax=190,
        win=(255, 244, 214),
    ):
        x = -10
        while x < W:
            w = self.rng.randint(60, 120)
            h = self.rng.randint(hmin, hmax)
            self.building(
                x, base, w, h, self.rng.choice(palette), self.rng.choice(roof_choices), win=win
            )
            x += w + self.rng.randint(0, 8)

    def tree(self, x, base, h, leaf=(76, 150, 80), kind="round", trunk=(110, 78, 52)):
        self.rect(x - h * 0.05, base - h * 0.55, x + h * 0.05, base, trunk)
        dark = mix(leaf, (0, 0, 0), 0.2)
        if kind == "round":
            self.circle(x - h * 0.14, base - h * 0.62, h * 0.26, dark)
            self.circle(x + h * 0.14, base - h * 0.66, h * 0.27, leaf)
            self.circle(x, base - h * 0.82, h * 0.27, leaf)
        elif kind == "tall":
            self.ellipse(x - h * 0.2, base - h, x + h * 0.2, base - h * 0.3, leaf)
            self.ellipse(x - h * 0.2, base - h, x + h * 0.02, base - h * 0.3, dark)
        else:  # palm-like areca
            self.rect(x - h * 0.025, base - h, x + h * 0.025, base, trunk)
            for a in range(0, 360, 45):
                r = math.radians(a)
                self.line(
                    [
                        (x, base - h),
                        (x + math.cos(r) * h * 0.3, base - h + math.sin(r) * h * 0.18 + h * 0.05),
                    ],
                    leaf,
                    h * 0.05,
                )

    def flag(self, x, base, pole, fw=60, wave=0.0):
        self.line([(x, base), (x, base - pole)], (120, 120, 128), 3)
        top = base - pole
        fh = fw * 2 / 3
        pts = []
        for i in range(11):
            t = i / 10
            pts.append((x + t * fw, top + 4 + math.sin(t * 3 + wave) * 4))
        for i in range(10, -1, -1):
            t = i / 10
            pts.append((x + t * fw, top + 4 + fh + math.sin(t * 3 + wave) * 4))
        self.poly(pts, RED)
        self.star(x + fw / 2, top + 4 + fh / 2 + math.sin(1.5 + wave) * 4, fh * 0.3, YELLOW)

    def bunting(self, x0, x1, y, sag, colors, size=16):
        n = int((x1 - x0) // (size * 1.6))
        self.line(
            [(x0 + (x1 - x0) * i / 20, y + sag * math.sin(math.pi * i / 20)) for i in range(21)],
            (90, 90, 90),
            1.2,
        )
        for i in range(n):
            t = (i + 0.5) / n
            cx = x0 + (x1 - x0) * t
            cy = y + sag * math.sin(math.pi * t)
            self.poly(
                [(cx - size / 2, cy), (cx + size / 2, cy), (cx, cy + size * 1.2)],
                colors[i % len(colors)],
            )

    def glow(self, pts, color, opacity):
        """A translucent polygon (light falling from a lamp)."""
        mask = Image.new("L", self.im.size, 0)
        ImageDraw.Draw(mask).polygon([(x * S, y * S) for x, y in pts], fill=round(255 * opacity))
        self.im.paste(color, (0, 0), mask)

    def lamp(self, x, base, h, glow=False):
        if glow:
            self.glow(
                [
                    (x + 10, base - h + 8),
                    (x + 22, base - h + 8),
                    (x + 78, base + 8),
                    (x - 46, base + 8),
                ],
                (255, 226, 140),
                0.22,
            )
        self.line([(x, base), (x, base - h), (x + 16, base - h)], (70, 74, 84), 4)
        self.rrect(
            x + 8,
            base - h - 2,
            x + 24,
            base - h + 8,
            3,
            (255, 232, 140) if glow else (230, 230, 230),
        )

    def person(
        self,
        x,
        base,
        h,
        shirt,
        pants=(60, 70, 90),
        hat=None,
        prop=None,
        arm="down",
        skin=None,
        hair=None,
        dress=False,
        scarf=False,
    ):
        """A flat figure standing on `base`, `h` pixels tall, facing the viewer."""
        rng = self.rng
        skin = skin or rng.choice(SKINS)
        hair = hair or rng.choice(HAIR)
        hr = h * 0.095
        head_y = base - h + hr
        sh_y = head_y + hr * 1.25
        hip_y = base - h * 0.42
        bw = h * 0.13
        # legs
        if dress:
            self.poly(
                [
                    (x - bw, sh_y + 4),
                    (x + bw, sh_y + 4),
                    (x + bw * 0.9, base - 2),
                    (x - bw * 0.9, base - 2),
                ],
                shirt,
            )
            self.rect(x - bw * 0.9, hip_y, x + bw * 0.9, base - 2, pants)
        else:
            self.rrect(x - bw * 0.95, hip_y - 4, x - 1, base, 3, pants)
            self.rrect(x + 1, hip_y - 4, x + bw * 0.95, base, 3, pants)
        # body
        self.rrect(x - bw, sh_y, x + bw, hip_y + 6, bw * 0.45, shirt)
        if scarf:
            self.poly(
                [(x - bw * 0.5, sh_y + 2), (x + bw * 0.5, sh_y + 2), (x, sh_y + bw * 1.1)], RED
            )
        # arms
        aw = h * 0.055
        left = [(x - bw * 0.9, sh_y + 6), (x - bw * 1.35, hip_y)]
        right = [(x + bw * 0.9, sh_y + 6), (x + bw * 1.35, hip_y)]
        if arm in ("up", "both"):
            right = [(x + bw * 0.9, sh_y + 6), (x + bw * 1.6, sh_y - h * 0.22)]
        if arm == "both":
            left = [(x - bw * 0.9, sh_y + 6), (x - bw * 1.6, sh_y - h * 0.22)]
        if arm == "forward":
            right = [(x + bw * 0.9, sh_y + 6), (x + bw * 1.9, sh_y + h * 0.12)]
        self.line(left, shirt, aw)
        self.line(right, shirt, aw)
        self.circle(*left[1], aw * 0.55, skin)
        self.circle(*right[1], aw * 0.55, skin)
        # head
        self.circle(x, head_y, hr, skin)
        self.ellipse(x - hr, head_y - hr * 1.05, x + hr, head_y - hr * 0.05, hair)
        if hat == "non":
            self.poly(
                [
                    (x - hr * 2.1, head_y - hr * 0.25),
                    (x + hr * 2.1, head_y - hr * 0.25),
                    (x, head_y - hr * 2.0),
                ],
                NON_LA,
            )
        elif hat == "cap":
            self.ellipse(x - hr, head_y - hr * 1.15, x + hr, head_y - hr * 0.1, (30, 90, 170))
            self.rect(x, head_y - hr * 0.55, x + hr * 1.5, head_y - hr * 0.3, (30, 90, 170))
        hx, hy = right[1]
        if prop == "broom":
            self.line([(hx, hy - h * 0.25), (hx + h * 0.08, base - h * 0.08)], (150, 110, 60), 3)
            self.poly(
                [
                    (hx + h * 0.02, base - h * 0.1),
                    (hx + h * 0.16, base - h * 0.1),
                    (hx + h * 0.2, base),
                    (hx - h * 0.02, base),
                ],
                (205, 170, 95),
            )
        elif prop == "cane":
            self.line([(hx, hy), (hx + h * 0.05, base)], (120, 84, 50), 3)
        elif prop == "shovel":
            self.line([(hx, hy - h * 0.3), (hx + h * 0.06, base - h * 0.08)], (150, 110, 60), 3)
            self.poly(
                [
                    (hx + h * 0.01, base - h * 0.1),
                    (hx + h * 0.12, base - h * 0.1),
                    (hx + h * 0.07, base + 2),
                ],
                (150, 155, 165),
            )
        elif prop == "phone":
            self.rrect(hx - 5, hy - 16, hx + 5, hy, 2, (40, 44, 52))
        elif prop == "flag":
            self.line([(hx, hy), (hx, hy - h * 0.35)], (110, 110, 110), 2)
            self.rect(hx, hy - h * 0.35, hx + h * 0.2, hy - h * 0.22, RED)
            self.star(hx + h * 0.1, hy - h * 0.285, h * 0.04, YELLOW)
        elif prop == "paper":
            self.rect(hx - 4, hy - 18, hx + 18, hy, (255, 250, 235))
            self.rect(hx - 1, hy - 15, hx + 15, hy - 13, (200, 40, 40))
        elif prop == "flowers":
            self.poly([(hx - 8, hy - 10), (hx + 8, hy - 10), (hx, hy + 8)], (250, 240, 220))
            for dx, c in ((-6, (235, 70, 90)), (0, (255, 200, 60)), (6, (240, 110, 160))):
                self.circle(hx + dx, hy - 14, 5, c)
        elif prop == "extinguisher":
            self.rrect(hx - 6, hy - 4, hx + 6, hy + 24, 4, RED)
            self.rect(hx - 3, hy - 9, hx + 3, hy - 4, (40, 40, 40))
        elif prop == "bag":
            self.rrect(hx - 10, hy - 2, hx + 12, hy + 24, 6, (40, 120, 70))

    def crowd(self, y, n, x0, x1, hmin, hmax, shirts, **kw):
        xs = sorted(self.rng.uniform(x0, x1) for _ in range(n))
        for x in xs:
            self.person(
                x,
                y + self.rng.uniform(-3, 3),
                self.rng.uniform(hmin, hmax),
                self.rng.choice(shirts),
                **kw,
            )

    def heads_row(self, y, n, x0, x1, r, shirts, back=True):
        """Seated audience seen from behind (or front): shoulders and heads."""
        step = (x1 - x0) / n
        for i in range(n):
            x = x0 + step * (i + 0.5) + self.rng.uniform(-step * 0.12, step * 0.12)
            yy = y + self.rng.uniform(-r * 0.15, r * 0.15)
            self.rrect(
                x - r * 1.5,
                yy + r * 0.7,
                x + r * 1.5,
                yy + r * 3.4,
                r * 0.7,
                self.rng.choice(shirts),
            )
            self.circle(x, yy, r, self.rng.choice(HAIR[:3]) if back else self.rng.choice(SKINS))
            if not back:
                self.ellipse(x - r, yy - r * 1.05, x + r, yy - r * 0.1, self.rng.choice(HAIR))

    def stall(self, x, base, w, stripe_a, stripe_b, goods):
        h = 120
        self.rect(x + 4, base - h, x + 10, base, (120, 90, 60))
        self.rect(x + w - 10, base - h, x + w - 4, base, (120, 90, 60))
        n = 6
        for i in range(n):
            self.poly(
                [
                    (x + w * i / n, base - h),
                    (x + w * (i + 1) / n, base - h),
                    (x + w * (i + 1) / n, base - h + 24),
                    (x + w * i / n, base - h + 24),
                ],
                stripe_a if i % 2 == 0 else stripe_b,
            )
            self.circle(
                x + w * (i + 0.5) / n,
                base - h + 24,
                w / n / 2,
                stripe_a if i % 2 == 0 else stripe_b,
            )
        self.rect(x, base - 48, x + w, base - 40, (150, 110, 70))
        self.rect(x + 6, base - 40, x + w - 6, base, (190, 150, 100))
        for i in range(int(w // 22)):
            self.circle(x + 14 + i * 22, base - 54, 9, goods[i % len(goods)])

    def stage_backdrop(self, x0, y0, x1, y1, color=RED):
        self.rect(x0, y0, x1, y1, color)
        self.rect(x0, y0, x1, y0 + 10, mix(color, (0, 0, 0), 0.25))
        # decorative gold band and a star: a generic ornament, not an emblem
        self.rect(x0 + 40, y0 + 40, x1 - 40, y0 + 46, YELLOW)
        self.circle((x0 + x1) / 2, y0 + 110, 46, YELLOW)
        self.star((x0 + x1) / 2, y0 + 112, 38, color)

    def podium(self, x, base):
        self.poly(
            [(x - 34, base - 90), (x + 34, base - 90), (x + 26, base), (x - 26, base)],
            (150, 80, 40),
        )
        self.rect(x - 38, base - 96, x + 38, base - 88, (120, 60, 30))
        self.circle(x, base - 60, 12, YELLOW)

    def flower_basket(self, x, base, s=1.0):
        self.poly(
            [
                (x - 22 * s, base - 26 * s),
                (x + 22 * s, base - 26 * s),
                (x + 14 * s, base),
                (x - 14 * s, base),
            ],
            (170, 120, 60),
        )
        for i, c in enumerate(
            ((235, 60, 80), (255, 190, 50), (245, 120, 160), (235, 60, 80), (255, 230, 120))
        ):
            a = math.radians(200 + i * 35)
            self.circle(x + math.cos(a) * 16 * s, base - 34 * s + math.sin(a) * 12 * s, 9 * s, c)
        self.circle(x, base - 44 * s, 9 * s, (90, 160, 80))

    def finish(self) -> Image.Image:
        return self.im.resize((W, H), Image.Resampling.LANCZOS)


# -- scenes -------------------------------------------------------------------------------------


def hall(
    name, backdrop=RED, wall=(246, 232, 205), floor=(170, 110, 70), on_stage=None, ornate=False
):
    sc = Scene(name, wall, mix(wall, (255, 255, 255), 0.3))
    sc.rect(0, 0, W, 40, mix(wall, (120, 70, 40), 0.25))
    sc.stage_backdrop(200, 60, 760, 330, backdrop)
    sc.flag(130, 330, 250, 70, wave=0.4)
    sc.flag(830 - 70, 330, 250, 70, wave=1.2)
    sc.rect(0, 330, W, H, floor)
    sc.rect(120, 330, 840, 352, mix(floor, (0, 0, 0), 0.25))
    if on_stage:
        props = ["paper", "flowers"]
        for i, x in enumerate(range(300, 700, 80)):
            sc.person(
                x,
                332,
                150,
                sc.rng.choice(on_stage),
                prop=props[i % 2],
                arm="forward",
                dress=i % 2 == 1,
            )
        sc.flower_basket(240, 332)
        sc.flower_basket(720, 332)
    else:
        sc.rect(280, 262, 680, 300, (200, 40, 40))
        sc.rect(280, 300, 680, 332, (130, 40, 40))
        sc.podium(740, 332)
        sc.flower_basket(470, 262, 0.8)
        for x in (330, 410, 550, 630):
            sc.circle(x, 244, 12, sc.rng.choice(SKINS))
            sc.rrect(x - 18, 254, x + 18, 268, 6, (40, 50, 80))
    if ornate:
        sc.bunting(200, 760, 62, 26, [YELLOW, (255, 255, 255)], size=12)
        for x in range(150, 830, 68):
            sc.flower_basket(x, 352, 0.75)
    shirts = [(255, 255, 255), (60, 80, 130), (230, 230, 240), (120, 150, 190), (200, 60, 60)]
    sc.heads_row(420, 11, 0, W, 22, shirts)
    sc.heads_row(490, 10, -30, W + 30, 26, shirts)
    return sc


def audience(name):
    sc = Scene(name, (250, 238, 214), (244, 226, 198))
    sc.rect(0, 0, W, 70, RED)
    sc.rect(0, 70, W, 78, YELLOW)
    for x in (40, 300, 560, 820):
        sc.rect(x, 110, x + 100, 230, (190, 220, 235))
        sc.rect(x + 48, 110, x + 52, 230, (246, 238, 220))
    sc.rect(0, 250, W, H, (180, 120, 80))
    shirts = [
        (255, 255, 255),
        (80, 110, 170),
        (210, 70, 70),
        (240, 235, 225),
        (70, 130, 110),
        (250, 200, 90),
    ]
    for row, (y, r, n) in enumerate(((270, 17, 15), (330, 20, 13), (400, 24, 11), (480, 29, 9))):
        sc.rect(0, y + r * 2.2, W, y + r * 2.2 + 8, (120, 70, 45))
        sc.heads_row(y, n, -10 + row * 6, W + 10, r, shirts, back=False)
    return sc


def street(name, morning=True, youth=False):
    top, bottom = (
        ((135, 196, 235), (253, 226, 180)) if morning else ((120, 180, 230), (200, 232, 245))
    )
    sc = Scene(name, top, bottom)
    sc.sun(770, 120, 42)
    sc.cloud(230, 110, 1.0)
    sc.cloud(560, 80, 0.7)
    sc.street_row(
        370, [(246, 214, 140), (236, 180, 150), (200, 220, 200), (250, 236, 210), (185, 205, 230)]
    )
    for x in (60, 330, 610, 880):
        sc.tree(x, 372, sc.rng.randint(130, 170), kind=sc.rng.choice(["round", "tall"]))
    sc.ground(370, (196, 196, 190), (160, 160, 158))
    sc.rect(0, 440, W, H, (120, 124, 130))
    for x in range(20, W, 120):
        sc.rect(x, 488, x + 60, 494, (235, 235, 235))
    if youth:
        sc.bunting(0, W, 30, 40, [RED, YELLOW, (40, 110, 200)])
    shirts = (
        [(40, 110, 200), (40, 110, 200), (255, 255, 255)]
        if youth
        else [(230, 120, 80), (80, 140, 200), (250, 250, 245), (120, 170, 90)]
    )
    xs = [110, 230, 380, 520, 650, 800]
    for i, x in enumerate(xs):
        sc.person(
            x,
            452 + (i % 2) * 18,
            sc.rng.randint(120, 145),
            sc.rng.choice(shirts),
            hat="non" if i % 3 == 1 else ("cap" if youth and i % 3 == 0 else None),
            prop="broom" if i % 2 == 0 else "bag",
        )
    return sc


def market(name):
    sc = Scene(name, (255, 222, 190), (255, 244, 225))
    sc.sun(120, 90, 36, (255, 170, 90))
    sc.street_row(
        330,
        [(236, 210, 170), (220, 190, 160), (245, 230, 205)],
        roof_choices=("tile",),
        hmin=120,
        hmax=200,
    )
    sc.ground(330, (210, 200, 185))
    goods = [(110, 170, 70), (240, 150, 60), (220, 60, 60), (250, 210, 80)]
    colors = [
        ((230, 80, 70), (255, 245, 235)),
        ((60, 140, 90), (255, 245, 235)),
        ((60, 110, 190), (250, 240, 220)),
    ]
    for i, x in enumerate((40, 350, 660)):
        a, b = colors[i % 3]
        sc.stall(x, 420, 260, a, b, goods)
    for i, x in enumerate((150, 290, 470, 610, 780, 900)):
        sc.person(
            x,
            500 + (i % 2) * 14,
            sc.rng.randint(150, 175),
            sc.rng.choice([(240, 120, 140), (250, 200, 90), (120, 160, 220), (255, 255, 255)]),
            hat="non" if i % 2 == 0 else None,
            dress=i % 3 == 0,
            prop="bag" if i % 3 == 2 else None,
            arm="forward" if i % 3 == 1 else "down",
        )
    return sc


def home_shop(name):
    """A small home kitchen shop: cakes on the counter, parcels ready for delivery."""
    sc = Scene(name, (252, 236, 214), (246, 222, 190))
    sc.rect(0, 0, W, 26, (120, 170, 90))
    for y in (110, 200):
        sc.rect(60, y, 400, y + 10, (150, 105, 65))
        for i in range(6):
            c = sc.rng.choice([(210, 120, 70), (240, 200, 110), (120, 170, 100), (230, 90, 80)])
            sc.rrect(76 + i * 54, y - 44, 116 + i * 54, y, 6, c)
    sc.rect(560, 70, 880, 250, (200, 230, 240))
    sc.rect(716, 70, 724, 250, (252, 236, 214))
    sc.rect(560, 160, 880, 166, (252, 236, 214))
    sc.tree(640, 250, 120, leaf=(110, 180, 100))
    sc.rect(0, 330, W, H, (196, 150, 105))
    sc.rect(40, 330, 920, 350, (150, 100, 62))
    sc.rect(60, 350, 900, 460, (176, 126, 80))
    # cakes: leaf-wrapped squares tied with string
    for i in range(9):
        x = 90 + i * 52
        sc.rrect(x, 296, x + 40, 330, 4, (54, 120, 62) if i % 2 else (34, 84, 44))
        sc.line([(x + 20, 296), (x + 20, 330)], (235, 220, 180), 2)
        sc.line([(x, 313), (x + 40, 313)], (235, 220, 180), 2)
    # parcels
    for x, y in ((640, 290), (700, 290), (760, 290), (670, 250), (730, 250)):
        sc.rect(x, y, x + 56, y + 40, (205, 165, 110))
        sc.rect(x + 24, y, x + 32, y + 40, (180, 140, 90))
    sc.person(
        300,
        460,
        210,
        (240, 130, 150),
        hat="non",
        arm="forward",
        prop="phone",
        dress=True,
        pants=(240, 130, 150),
    )
    sc.person(
        520,
        470,
        180,
        (255, 250, 240),
        arm="forward",
        prop="paper",
        dress=True,
        pants=(90, 110, 160),
    )
    return sc


def night(name):
    sc = Scene(name, (18, 28, 64), (52, 66, 120))
    for _ in range(40):
        sc.circle(
            sc.rng.uniform(0, W), sc.rng.uniform(0, 220), sc.rng.uniform(0.8, 2), (235, 235, 250)
        )
    sc.circle(800, 90, 34, (250, 244, 210))
    sc.circle(786, 80, 34, mix((18, 28, 64), (52, 66, 120), 80 / H))
    sc.street_row(380, [(70, 80, 110), (86, 92, 120), (62, 70, 100)], win=(255, 214, 120))
    sc.ground(380, (58, 60, 70))
    sc.rect(0, 450, W, H, (40, 42, 52))
    for x in (120, 480, 840):
        sc.lamp(x, 452, 200, glow=True)
    # camera on a pole
    sc.line([(300, 452), (300, 250)], (90, 94, 104), 5)
    sc.rrect(300, 250, 352, 272, 5, (225, 228, 235))
    sc.rect(348, 256, 358, 266, (40, 40, 50))
    sc.circle(312, 261, 3, (230, 40, 40))
    sc.person(600, 500, 130, (120, 140, 110), pants=(40, 50, 60), arm="forward", prop="phone")
    sc.person(660, 505, 128, (70, 90, 140), pants=(40, 50, 60))
    return sc


def school(name, students_scarf=False):
    sc = Scene(name, (150, 205, 240), (225, 242, 250))
    sc.cloud(150, 80, 0.9)
    sc.cloud(700, 60, 1.1)
    wall = (250, 212, 110)
    sc.rect(120, 160, 840, 390, wall)
    sc.rect(120, 150, 840, 166, (200, 90, 60))
    for f in range(3):
        y = 180 + f * 70
        sc.rect(120, y + 52, 840, y + 58, mix(wall, (255, 255, 255), 0.5))
        for x in range(140, 820, 60):
            sc.rect(x, y, x + 36, y + 40, (160, 200, 225))
    sc.rect(440, 310, 520, 390, (150, 90, 60))
    sc.flag(80, 392, 290, 80, wave=0.8)
    sc.ground(390, (140, 195, 110))
    sc.rect(0, 430, W, H, (215, 205, 190))
    for x in (40, 900):
        sc.tree(x, 400, 180)
    shirts = [(255, 255, 255)]
    for i, x in enumerate(range(150, 900, 95)):
        sc.person(
            x,
            500 + (i % 2) * 16,
            sc.rng.randint(110, 130),
            shirts[0],
            pants=(30, 50, 110) if i % 2 else (40, 40, 60),
            scarf=students_scarf,
            dress=not students_scarf and i % 3 == 0,
            prop="paper" if students_scarf and i % 2 == 0 else None,
            arm="forward" if i % 2 == 0 else "down",
        )
    return sc


def classroom(name):
    sc = Scene(name, (240, 236, 220), (250, 246, 232))
    sc.rect(180, 60, 780, 250, (40, 98, 74))
    sc.rect(170, 250, 790, 262, (150, 110, 70))
    for i in range(5):
        sc.line(
            [(220, 100 + i * 30), (220 + sc.rng.randint(200, 480), 100 + i * 30)],
            (220, 235, 225),
            3,
        )
    for x in (20, 840):
        sc.rect(x, 80, x + 100, 230, (180, 215, 235))
        sc.rect(x + 48, 80, x + 52, 230, (240, 236, 220))
    sc.rect(0, 300, W, H, (200, 170, 130))
    sc.person(820, 330, 180, (200, 60, 80), pants=(200, 60, 80), dress=True, arm="up")
    for row, (y, r) in enumerate(((330, 20), (410, 25))):
        for g in range(3):
            gx = 160 + g * 260 + row * 30
            sc.rrect(gx - 90, y + r * 2.0, gx + 90, y + r * 2.0 + 20, 4, (170, 120, 70))
            for k in (-55, 0, 55):
                sc.circle(gx + k, y, r, sc.rng.choice(HAIR[:3]))
                sc.rrect(
                    gx + k - r * 1.4,
                    y + r * 0.7,
                    gx + k + r * 1.4,
                    y + r * 2.1,
                    r * 0.6,
                    (255, 255, 255),
                )
            sc.rect(gx - 30, y + r * 2.0 - 8, gx + 30, y + r * 2.0, (250, 250, 245))
    return sc


def park(name):
    sc = Scene(name, (255, 210, 170), (255, 240, 215))
    sc.sun(480, 180, 60, (255, 180, 110))
    sc.hills(330, 30, (140, 180, 140), 0.7)
    sc.rect(0, 340, W, 380, (150, 200, 215))
    sc.ground(380, (130, 185, 100))
    for x, h in ((60, 220), (210, 170), (760, 200), (900, 230)):
        sc.tree(x, 400, h, leaf=sc.rng.choice([(70, 140, 80), (96, 160, 70), (60, 120, 90)]))
    sc.rect(560, 430, 700, 440, (150, 100, 60))
    sc.rect(570, 440, 578, 460, (90, 70, 50))
    sc.rect(682, 440, 690, 460, (90, 70, 50))
    shirts = [(230, 90, 90), (250, 250, 245), (120, 150, 210), (240, 200, 110)]
    for i, x in enumerate((150, 270, 390, 510)):
        sc.person(
            x,
            500,
            140,
            shirts[i],
            hair=HAIR[3],
            arm="both" if i % 2 == 0 else "up",
            dress=i % 2 == 1,
        )
    sc.person(640, 430, 120, (90, 120, 90), hair=HAIR[3], prop="cane")
    sc.person(760, 505, 95, (250, 200, 60), scarf=True)
    return sc


def fire_safety(name):
    sc = Scene(name, (170, 215, 240), (240, 248, 250))
    sc.cloud(760, 90, 1.0)
    sc.street_row(
        400,
        [(240, 200, 170), (230, 230, 215), (210, 190, 220), (245, 215, 150)],
        hmin=180,
        hmax=260,
    )
    sc.ground(400, (200, 196, 188))
    for x in (90, 260, 610, 870):
        sc.rrect(x, 360, x + 18, 398, 5, RED)
        sc.rect(x + 5, 352, x + 13, 360, (40, 40, 40))
    # hose and water
    sc.line([(330, 470), (420, 440), (460, 400)], (60, 60, 70), 6)
    sc.arc((460, 220, 760, 520), 200, 300, (90, 170, 230), 10)
    sc.person(330, 500, 150, (240, 120, 40), prop="extinguisher", arm="forward", hat="cap")
    sc.person(420, 505, 155, (250, 220, 80), arm="forward")
    sc.person(700, 500, 145, (120, 160, 220), arm="up")
    sc.person(800, 505, 130, (240, 240, 240), prop="extinguisher", arm="forward", hat="non")
    return sc


def digital(name):
    sc = Scene(name, (220, 236, 250), (240, 246, 252))
    sc.rect(0, 0, W, 30, (40, 90, 160))
    # big phone
    sc.rrect(560, 60, 800, 470, 28, (36, 40, 50))
    sc.rrect(576, 90, 784, 430, 10, (245, 248, 252))
    sc.rrect(596, 110, 764, 210, 10, RED)
    sc.star(640, 160, 26, YELLOW)
    sc.rect(680, 135, 750, 145, (255, 230, 230))
    sc.rect(680, 160, 740, 168, (255, 230, 230))
    for i in range(4):
        sc.rrect(596, 230 + i * 48, 764, 266 + i * 48, 8, (220, 230, 245))
        sc.circle(616, 248 + i * 48, 8, (60, 120, 200))
    for r in (40, 70, 100):
        sc.arc((880 - r, 120 - r, 880 + r, 120 + r), 225, 315, (60, 120, 200), 8)
    sc.rect(0, 420, W, H, (200, 180, 150))
    sc.rect(40, 400, 520, 420, (150, 100, 60))
    sc.rect(60, 420, 72, 520, (120, 80, 50))
    sc.rect(488, 420, 500, 520, (120, 80, 50))
    sc.person(170, 470, 170, (40, 110, 200), arm="forward", prop="phone", hat="cap")
    sc.person(330, 470, 160, (240, 160, 170), hair=HAIR[3], arm="forward", prop="phone", dress=True)
    sc.rect(100, 380, 150, 400, (70, 70, 80))
    return sc


def planting(name):
    sc = Scene(name, (140, 200, 240), (250, 236, 200))
    sc.sun(180, 110, 40)
    sc.cloud(620, 90, 0.9)
    sc.hills(330, 40, (110, 170, 120), 0.3)
    sc.ground(340, (120, 180, 90))
    sc.rect(0, 420, W, H, (150, 120, 80))
    sc.bunting(0, W, 20, 50, [RED, YELLOW, (40, 110, 200), (255, 255, 255)])
    for x in (250, 520, 790):
        sc.tree(x, 440, 90, leaf=(90, 170, 80))
        sc.ellipse(x - 30, 432, x + 30, 448, (110, 85, 55))
    for i, x in enumerate((140, 330, 440, 620, 710, 880)):
        sc.person(
            x,
            470 + (i % 2) * 20,
            sc.rng.randint(130, 150),
            (40, 110, 200),
            hat="cap" if i % 2 else None,
            prop="shovel" if i % 3 != 1 else "flag",
            arm="up" if i % 3 == 1 else "down",
        )
    sc.flag(40, 420, 280, 80, wave=0.2)
    return sc


def festival(name):
    sc = Scene(name, (130, 190, 235), (255, 236, 205))
    sc.cloud(200, 70, 0.8)
    sc.cloud(760, 100, 1.0)
    sc.street_row(330, [(245, 225, 190), (230, 200, 170), (215, 225, 235)], hmin=110, hmax=170)
    sc.ground(330, (205, 190, 170))
    # canopies (rạp)
    for i, x in enumerate((60, 360, 660)):
        sc.poly(
            [(x, 240), (x + 260, 240), (x + 230, 200), (x + 30, 200)],
            RED if i != 1 else (240, 240, 245),
        )
        sc.rect(x, 240, x + 260, 256, YELLOW)
        sc.rect(x + 6, 256, x + 12, 420, (200, 200, 205))
        sc.rect(x + 248, 256, x + 254, 420, (200, 200, 205))
        sc.rect(x + 30, 380, x + 230, 392, (250, 250, 245))
        for k in range(5):
            sc.circle(
                x + 55 + k * 38,
                372,
                9,
                sc.rng.choice([(230, 90, 60), (90, 170, 80), (250, 200, 80)]),
            )
    sc.bunting(0, W, 40, 60, [RED, YELLOW])
    sc.bunting(0, W, 120, 40, [YELLOW, RED, (40, 110, 200)])
    sc.flag(20, 330, 250, 70, wave=1.0)
    sc.crowd(
        470,
        9,
        80,
        900,
        120,
        150,
        [(230, 80, 80), (255, 255, 255), (90, 130, 200), (250, 200, 90), (120, 170, 120)],
        arm="down",
    )
    sc.crowd(
        530,
        7,
        40,
        930,
        140,
        170,
        [(230, 80, 80), (255, 255, 255), (90, 130, 200), (250, 200, 90)],
        hat=None,
    )
    return sc


def outdoor_stage(name):
    sc = Scene(name, (40, 40, 90), (140, 80, 120))
    sc.rect(140, 80, 820, 340, RED)
    sc.rect(140, 80, 820, 100, YELLOW)
    for i in range(14):
        x = 150 + i * 48
        sc.line([(x, 60), (x + 48, 60)], (60, 60, 60), 1.5)
        sc.circle(x + 24, 64, 6, [(255, 230, 140), (255, 150, 150), (160, 220, 255)][i % 3])
    sc.rect(100, 340, 860, 380, (120, 70, 40))
    for i, x in enumerate((330, 430, 530, 630)):
        sc.person(
            x,
            342,
            170,
            [(250, 240, 120), (250, 160, 190), (160, 210, 250), (250, 250, 250)][i],
            pants=[(250, 240, 120), (250, 160, 190), (160, 210, 250), (250, 250, 250)][i],
            dress=True,
            hat="non",
            arm="both" if i % 2 else "up",
        )
    sc.flower_basket(180, 340)
    sc.flower_basket(780, 340)
    sc.rect(0, 380, W, H, (60, 50, 60))
    shirts = [(230, 80, 80), (240, 240, 240), (90, 130, 200), (250, 200, 90)]
    sc.heads_row(430, 12, 0, W, 20, shirts)
    sc.heads_row(500, 10, -20, W + 20, 25, shirts)
    return sc


IMAGES = {
    "so-ket-dan-van-kheo-2018": lambda n: hall(n),
    "so-ket-dan-van-kheo-2018-hoi-truong": audience,
    "thu-bay-sach-phuc-ninh": lambda n: street(n),
    "phu-nu-an-toan-thuc-pham": lambda n: market(n),
    "camera-an-ninh-to-dan-pho": night,
    "day-hoc-ly-tu-trong": lambda n: school(n),
    "day-hoc-ly-tu-trong-lop-hoc": classroom,
    "tong-ket-2016-2020": lambda n: hall(
        n, backdrop=(170, 30, 40), wall=(236, 226, 210), floor=(120, 90, 70), ornate=True
    ),
    "ra-quan-lam-sach-khu-pho": lambda n: street(n, morning=False, youth=True),
    "khuyen-hoc-2022": lambda n: school(n, students_scarf=True),
    "nguoi-cao-tuoi-lien-the-he": park,
    "pccc-to-lien-gia": fire_safety,
    "chuyen-doi-so-vneid": digital,
    "phu-nu-khoi-nghiep": home_shop,
    "thanh-nien-95-nam": planting,
    "bieu-duong-dan-van-kheo-2026": lambda n: hall(
        n,
        backdrop=(200, 30, 45),
        wall=(250, 240, 220),
        floor=(150, 100, 70),
        on_stage=[(255, 255, 255), (250, 220, 120), (240, 150, 170), (120, 160, 220)],
    ),
    "ngay-hoi-dai-doan-ket-2026": festival,
    "ngay-hoi-dai-doan-ket-2026-van-nghe": outdoor_stage,
}


def encode(im: Image.Image) -> bytes:
    for q in QUALITIES:
        buf = BytesIO()
        im.save(buf, "JPEG", quality=q, optimize=True, progressive=True, subsampling="4:2:0")
        data = buf.getvalue()
        if len(data) <= MAX_BYTES:
            return data
    raise SystemExit(f"cannot fit the picture under {MAX_BYTES} bytes")


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else OUT_DIR
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    for name, draw in IMAGES.items():
        data = encode(draw(name).finish())
        path = out / f"{name}.jpg"
        path.write_bytes(data)
        total += len(data)
        print(f"{path.name:45} {len(data):6d} bytes")
    print(f"{len(IMAGES)} pictures, {total} bytes in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
