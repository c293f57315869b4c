"""Content model: Markdown articles with YAML front matter and validated statistics."""

from pelican import signals

from .addresses import fix_addresses
from .checks import collect_problems, collect_suggestions, fail_on_problems
from .reader import ContentReader
from .readahead import read_ahead


def add_reader(readers) -> None:
    for extension in ContentReader.file_extensions:
        readers.reader_classes[extension] = ContentReader


def read_articles_ahead(generator) -> None:
    read_ahead(generator, "ARTICLE_PATHS", "ARTICLE_EXCLUDES")


def read_pages_ahead(generator) -> None:
    read_ahead(generator, "PAGE_PATHS", "PAGE_EXCLUDES")


def register():
    signals.readers_init.connect(add_reader)
    signals.article_generator_init.connect(read_articles_ahead)
    signals.page_generator_init.connect(read_pages_ahead)
    signals.article_generator_context.connect(collect_problems)
    signals.article_generator_context.connect(collect_suggestions)
    signals.page_generator_context.connect(collect_problems)
    # Addresses first: the checks compare every address, which is then worked out once.
    signals.all_generators_finalized.connect(fix_addresses)
    signals.all_generators_finalized.connect(fail_on_problems)
