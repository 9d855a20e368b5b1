"""Pelican plugin: the documents (Văn bản) from content/documents/.

Only wiring lives here; the generator is in generator.py and the work in wardportal.documents.
"""

from pelican import signals

from .generator import DocumentsGenerator


def get_generators(pelican) -> type[DocumentsGenerator]:
    return DocumentsGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)
