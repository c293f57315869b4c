"""The Pelican reader for Markdown articles with YAML front matter."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from markdown import Markdown
from pelican.readers import BaseReader
from pelican.urlwrappers import URLWrapper

from toandan.dates import TIMEZONE
from toandan.settings import plugin_settings
from toandan.text import slugify

from .document import Document, DocumentReader
from .registry import load_registry

PROBLEMS_KEY = "content_problems"
PLACEHOLDER_DATE = datetime(1970, 1, 1, tzinfo=TIMEZONE)


@dataclass(frozen=True)
class ContentModelSettings:
    """CONTENT_MODEL = {...} in pelicanconf.py."""

    data_dir: str = "data"  # the registries, relative to PATH


class Unit(URLWrapper):
    """A reporting unit (đơn vị); its pages use UNIT_URL and UNIT_SAVE_AS."""


def document_reader(settings: dict) -> DocumentReader:
    """A DocumentReader over the registries that settings point to."""
    options = plugin_settings(ContentModelSettings, settings, "CONTENT_MODEL")
    content_root = Path(settings["PATH"])
    registry, _ = load_registry(content_root / options.data_dir, options.data_dir)
    return DocumentReader(registry, content_root, content_root.parent)


class ContentReader(BaseReader):
    """Reads '---' YAML front matter, then Markdown; bad content becomes problems."""

    enabled = True
    file_extensions = ["md", "markdown"]

    def __init__(self, settings):
        super().__init__(settings)
        self.documents = document_reader(settings)
        self.markdown = Markdown(**settings["MARKDOWN"])
        self.article_root = [Path(settings["PATH"], p).resolve() for p in settings["ARTICLE_PATHS"]]

    def _is_article(self, source_path: str) -> bool:
        path = Path(source_path).resolve()
        return any(root in path.parents for root in self.article_root)

    def _html(self, text: str) -> str:
        self.markdown.reset()
        return self.markdown.convert(text)

    def read(self, source_path):
        document, problems = self.documents.read(Path(source_path), self._is_article(source_path))
        if document is None:
            # A stand-in that Pelican accepts, so reading goes on and every problem is found.
            title = Path(source_path).name
            return "", {"title": title, "status": "draft", "slug": slugify(title),
                        "date": PLACEHOLDER_DATE, PROBLEMS_KEY: problems}
        return self._html(document.body), self._metadata(document)

    def _metadata(self, document: Document) -> dict:
        fields = document.fields
        metadata = {"reports": document.reports, "source_label": document.path}
        for name, value in fields.items():
            if value is None or name in ("category", "tags", "unit", "author", "summary"):
                continue
            metadata[name] = value
        if fields.get("summary"):
            metadata["summary"] = self._html(fields["summary"])
        if fields.get("author"):
            metadata["author"] = self.process_metadata("author", fields["author"])
        if fields.get("category"):
            metadata["category"] = self._wrapped(self.process_metadata("category", fields["category"]))
        if fields.get("unit"):
            metadata["unit"] = self._wrapped(Unit(fields["unit"], self.settings))
        if fields.get("tags"):
            metadata["tags"] = [self._wrapped(tag) for tag in self.process_metadata("tags", fields["tags"])]
        return metadata

    @staticmethod
    def _wrapped(wrapper: URLWrapper) -> URLWrapper:
        wrapper.slug = slugify(wrapper.name)
        return wrapper
