"""Content model: Markdown articles with YAML front matter and validated statistics."""

from pelican import signals

from .checks import collect_problems, fail_on_problems
from .reader import ContentReader


def add_reader(readers) -> None:
    for extension in ContentReader.file_extensions:
        readers.reader_classes[extension] = ContentReader


def register():
    signals.readers_init.connect(add_reader)
    signals.article_generator_context.connect(collect_problems)
    signals.page_generator_context.connect(collect_problems)
    signals.all_generators_finalized.connect(fail_on_problems)
