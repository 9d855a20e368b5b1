"""Pelican plugin: the ward portal's Vietnamese text rules, fail-loud and atomic build.

Only wiring lives here; the work is in the wardportal modules named below.
"""

from pelican import signals

from wardportal import (
    build_log,
    build_setup,
    build_state,
    content_rules,
    engine,
    output_staging,
)
from wardportal.reader import CleanHTMLReader, VietnameseMarkdownReader


def use_vietnamese_reader(readers) -> None:
    for extension in VietnameseMarkdownReader.file_extensions:
        readers.reader_classes[extension] = VietnameseMarkdownReader
    for extension in CleanHTMLReader.file_extensions:
        if extension in readers.reader_classes:  # unless READERS turned HTML pages off
            readers.reader_classes[extension] = CleanHTMLReader


def register() -> None:
    signals.initialized.connect(build_setup.configure)
    signals.initialized.connect(build_log.use_plain_terminal)
    signals.get_generators.connect(build_state.start_run)
    signals.readers_init.connect(use_vietnamese_reader)
    signals.article_generator_init.connect(content_rules.prefetch_articles)
    signals.article_generator_init.connect(engine.reuse_items)
    signals.page_generator_init.connect(engine.reuse_items)
    signals.article_generator_context.connect(content_rules.give_slug)
    signals.article_generator_context.connect(content_rules.hold_future_days)
    signals.page_generator_context.connect(content_rules.give_slug)
    signals.article_generator_pretaxonomy.connect(content_rules.end_prefetch)
    signals.article_generator_pretaxonomy.connect(content_rules.order_ties_by_file)
    signals.article_generator_pretaxonomy.connect(content_rules.unify_taxonomies)
    signals.article_generator_finalized.connect(content_rules.add_reading_aids)
    signals.static_generator_finalized.connect(content_rules.publish_photos_as_variants)
    signals.all_generators_finalized.connect(output_staging.check_before_writing)
    signals.get_writer.connect(output_staging.writer_class)
    signals.content_written.connect(output_staging.note_written_page)
    signals.finalized.connect(output_staging.finish_build)
