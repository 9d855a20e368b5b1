"""Pelican plugin: what the law asks of a ward portal besides news (Nghị định 42/2022/NĐ-CP).

The contact directory (Danh bạ), its English version (/en/) and the public-services page.
Only wiring lives here; the generator is in generator.py and the work in wardportal.contacts.
"""

from pelican import signals

from .generator import LegalGenerator


def get_generators(pelican) -> type[LegalGenerator]:
    return LegalGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
