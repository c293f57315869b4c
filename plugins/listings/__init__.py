"""Article listings beyond Pelican's own: reporting units, related and neighbouring articles, and
the short lists the home page and the menus show; feed entries titled with the articles' text
titles."""

from pelican import signals

from .archives import group_archives, take_over
from .feeds import literal_titles
from .front import front_page
from .members import index_listings
from .order import same_date_by_slug
from .related import link_articles
from .units import UnitsGenerator


def get_generators(pelican):
    return UnitsGenerator


def register():
    signals.initialized.connect(take_over)
    signals.get_generators.connect(get_generators)
    signals.article_generator_pretaxonomy.connect(same_date_by_slug)
    signals.article_generator_finalized.connect(group_archives)
    signals.article_generator_finalized.connect(link_articles)
    signals.article_generator_finalized.connect(front_page)
    signals.article_generator_finalized.connect(index_listings)
    signals.feed_generated.connect(literal_titles)
