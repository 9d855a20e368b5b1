"""Pelican plugin: the "Dân vận khéo" honour roll (Bảng vàng) from content/honours/.

Only wiring lives here; the generator is in generator.py and the work in wardportal.honours.
"""

from pelican import signals

from .generator import HonoursGenerator


def get_generators(pelican) -> type[HonoursGenerator]:
    return HonoursGenerator


def start_writing(generators) -> None:
    # Sent after every generator read its content; the portal plugin (listed first in
    # PLUGINS) has already stopped the build here if anything was wrong.
    for generator in generators:
        if isinstance(generator, HonoursGenerator):
            generator.start_writing()


def register() -> None:
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(start_writing)
