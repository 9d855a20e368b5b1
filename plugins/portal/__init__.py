"""Pelican plugin: the ward portal's Vietnamese text rules, fail-loud and atomic build.

Only wiring lives here; the work is in wardportal.site_build and the modules it uses.
"""

from pelican import signals

from wardportal import build_log, site_build
from wardportal.reader import CleanHTMLReader, VietnameseMarkdownReader


def use_vietnamese_reader(readers) -> None:
    for extension in VietnameseMarkdownReader.file_extensions:
        readers.reader_classes[extension] = VietnameseMarkdownReader
    for extension in CleanHTMLReader.file_extensions:
        if extension in readers.reader_classes:  # unless READERS turned HTML pages off
            readers.reader_classes[extension] = CleanHTMLReader


def register() -> None:
    signals.initialized.connect(site_build.configure)
    signals.initialized.connect(build_log.use_plain_terminal)
    signals.get_generators.connect(site_build.start_run)
    signals.readers_init.connect(use_vietnamese_reader)
    signals.article_generator_init.connect(site_build.prefetch_articles)
    signals.article_generator_context.connect(site_build.give_slug)
    signals.article_generator_context.connect(site_build.hold_future_days)
    signals.page_generator_context.connect(site_build.give_slug)
    signals.article_generator_pretaxonomy.connect(site_build.end_prefetch)
    signals.article_generator_pretaxonomy.connect(site_build.unify_taxonomies)
    signals.article_generator_finalized.connect(site_build.add_reading_aids)
    signals.static_generator_finalized.connect(site_build.publish_photos_as_variants)
    signals.all_generators_finalized.connect(site_build.check_before_writing)
    signals.get_writer.connect(site_build.start_writing)
    signals.content_written.connect(site_build.note_written_page)
    signals.finalized.connect(site_build.finish_build)
