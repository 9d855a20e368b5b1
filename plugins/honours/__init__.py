"""Pelican plugin: the "Dân vận khéo" honour roll (Bảng vàng) from content/honours/.

Only wiring lives here; the generator is in generator.py and the work in wardportal.honours.
"""

from pelican import signals

from .generator import HonoursGenerator


def get_generators(pelican) -> type[HonoursGenerator]:
    return HonoursGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
