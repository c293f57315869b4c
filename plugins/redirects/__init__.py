"""Every old portal address of an imported article (its `legacy_url`) answers with a permanent
redirect to the article: an nginx map file, and a static page at the old path for other hosts."""

from pelican import signals

from .generator import RedirectsGenerator


def get_generators(pelican):
    return RedirectsGenerator


def register():
    signals.get_generators.connect(get_generators)
