"""Writes articles.json: the ids the reader endpoint accepts, with title, URL and date."""

import json
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

MANIFEST = "articles.json"


class ManifestGenerator(Generator):
    """One entry per published article; the article id is its slug."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        articles = sorted(self.context.get("articles", []), key=lambda a: a.date, reverse=True)
        entries = [{
            "id": article.slug,
            "title": article.title,  # text, as the content model reads it
            "url": article.url,
            "date": article.date.isoformat(),
            "category": article.category.name,
            "unit": getattr(getattr(article, "unit", None), "name", None),
        } for article in articles]
        path = Path(self.output_path, MANIFEST)
        path.write_text(json.dumps({"articles": entries}, ensure_ascii=False, indent=0), encoding="utf-8")


def get_generators(pelican):
    return ManifestGenerator


def register():
    signals.get_generators.connect(get_generators)
