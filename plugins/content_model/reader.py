"""The Pelican reader for Markdown articles with YAML front matter."""

import copy
import dataclasses
import functools
import html
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from markdown import Markdown
from pelican.readers import BaseReader
from pelican.urlwrappers import URLWrapper

from toandan.accelerate.markdown import with_plain_text_inline
from toandan.accelerate.smartypants import CONVERSION_MARKS
from toandan.vietnamese.dates import TIMEZONE
from toandan.building.diskcache import DiskCache, cache_folder
from toandan.building.hooks import PROBLEMS_KEY
from toandan.building.plugin_settings import SettingsError, plugin_settings
from toandan.vietnamese.text import slugify

from .cache import read_fingerprint
from .document import Document, DocumentReader
from .plain import plain_blocks, plain_markdown
from .registry import load_registry
from .sanitise import Sanitiser

SUGGESTIONS_KEY = "stats_suggested_waiting"  # an article's count of suggestions, moved into the build's context
META_EXTENSIONS = {"meta", "markdown.extensions.meta"}
PLACEHOLDER_DATE = datetime(1970, 1, 1, tzinfo=TIMEZONE)


@dataclass(frozen=True)
class ContentModelSettings:
    """CONTENT_MODEL = {...} in pelicanconf.py."""

    data_dir: str = "data"  # the registries, relative to PATH
    typogrify: bool = False  # typogrify bodies, titles and summaries here, so the result is cached
    cache: bool = True  # keep finished reads under CACHE_PATH/content/ for the next build
    iframe_hosts: tuple[str, ...] = ()  # hosts whose https iframes a body may embed; others are removed


@dataclass(frozen=True)
class Read:
    """What reading one file produced, as cached: the document (its Markdown left out) and its finished HTML."""

    document: Document
    body: str
    title: str | None
    summary: str | None
    needs: tuple[Path, ...] = ()  # files whose existence the checks relied on (the lead image)

    def still_valid(self) -> bool:
        return all(path.is_file() for path in self.needs)


class Unit(URLWrapper):
    """A reporting unit (đơn vị); its pages use UNIT_URL and UNIT_SAVE_AS."""


def document_reader(settings: dict) -> DocumentReader:
    """A DocumentReader over the registries that settings point to."""
    options = plugin_settings(ContentModelSettings, settings, "CONTENT_MODEL")
    content_root = Path(settings["PATH"])
    registry, _ = load_registry(content_root / options.data_dir, options.data_dir)
    return DocumentReader(registry, content_root, content_root.parent)


def markdown_options(settings: dict) -> dict:
    """MARKDOWN as Python-Markdown takes it: every configured extension loaded, and never 'meta'.

    Pelican's own Markdown reader adds the keys of extension_configs to extensions, but only when
    it is set up, into the shared settings, and adds 'meta' too; reading YAML front matter we need
    neither its timing nor a meta pass that would eat a body's first 'Key: value' line.
    """
    options = copy.deepcopy(settings["MARKDOWN"])
    extensions = [*options.get("extensions", []), *options.get("extension_configs", {})]
    options["extensions"] = [e for e in dict.fromkeys(extensions) if e not in META_EXTENSIONS]
    return options


class Typography:
    """Typogrify as Pelican applies it (TYPOGRIFY_IGNORE_TAGS, _OMIT_FILTERS, _DASHES), or no change."""

    def __init__(self, settings: dict, enabled: bool):
        self.enabled = enabled
        if not enabled:
            return
        if settings.get("TYPOGRIFY"):
            raise SettingsError("TYPOGRIFY và CONTENT_MODEL['typogrify'] đều bật: chữ sẽ bị xử lý hai lần; "
                                "hãy đặt TYPOGRIFY = False")
        from typogrify.filters import typogrify

        from toandan.accelerate import smartypants as smartypants_state

        smartypants_state.use_dashes(settings["TYPOGRIFY_DASHES"])
        self._typogrify = typogrify
        self.omitted = dict.fromkeys(settings["TYPOGRIFY_OMIT_FILTERS"], False)
        self.ignored = settings["TYPOGRIFY_IGNORE_TAGS"]

    def _filters(self, text: str) -> dict[str, bool]:
        return {**idle_filters(text), **self.omitted}

    def idle(self, text: str) -> bool:
        """Whether typogrify would give text back as it is: every filter off or idle."""
        return not self.enabled or TYPOGRIFY_FILTERS.issubset(self._filters(text))

    def __call__(self, text: str) -> str:
        if not self.enabled:
            return text
        filters = self._filters(text)
        if TYPOGRIFY_FILTERS.issubset(filters):
            return text  # every filter off: typogrify would give the text back as it is
        return self._typogrify(text, self.ignored, **filters)

    def by_paragraph(self, html: str) -> str:
        """The same as typography of the whole html (well-formed, as the sanitiser or plain.py
        makes it), done paragraph by paragraph where it can be: most paragraphs need none."""
        if self.idle(html):
            return html
        if self.ignored or "&" in html or "<!" in html or UNTYPESET_TAG.search(html):
            return self(html)
        return "\n".join(map(self, PARAGRAPH_BREAK.split(html)))


def text_typography(settings: dict, enabled: bool) -> Callable[[str], str]:
    """Smartypants' quotes, dashes and ellipses for a plain-text field (a title), written as
    characters: the result is still text, printed escaped like any other field."""
    if not enabled:
        return lambda text: text
    import smartypants

    from toandan.accelerate.smartypants import dash_attributes

    attributes = dash_attributes(settings["TYPOGRIFY_DASHES"]) | smartypants.Attr.u
    # Escaped first so that smartypants sees no tags in the text, then unescaped back to text. A
    # title without any mark smartypants converts would come back as it is.
    return lambda text: (html.unescape(smartypants.smartypants(html.escape(text, quote=False), attributes))
                         if SMARTYPANTS_MARKS.search(text) else text)


# What each typogrify filter acts on: without any of it in a text, the filter returns the text as it
# was. Smartypants: the marks of any of its conversions, and &quot; (made a quote first). Caps: two
# capitals (digits between them allowed), or dotted capitals. Initial quotes: quotes, or the
# entities smartypants makes of them. Amp: an ampersand.
SMARTYPANTS_MARKS = re.compile("|".join(re.escape(mark) for mark in sorted(
    {mark for marks in CONVERSION_MARKS.values() for mark in marks} | {"&quot;"}, key=len, reverse=True)))
CAPS_MARKS = re.compile(r"[A-Z]\d*[A-Z]|[A-Z]\.\s?[A-Z]")
QUOTE_MARKS = re.compile(r"""["'`&]""")
TYPOGRIFY_FILTERS = frozenset({"amp", "smartypants", "caps", "initial_quotes", "widont"})
# Typogrify's filters work on each run of text between tags (smartypants, caps), or match from an
# opening paragraph, heading or list item tag to the next closing one (initial quotes, widont), so
# none reaches across a line break between a closing paragraph or heading and the next one; html
# cut there is typeset as it is whole. Unless text inside some tag is skipped (these, and the
# TYPOGRIFY_IGNORE_TAGS): a cut could fall inside one. The amp filter, with an '&' in html, or a
# comment, is not cut either.
PARAGRAPH_BREAK = re.compile(r"(?:(?<=</p>)|(?<=</h[1-6]>))\n(?=<(?:p|h[1-6])[\s>])", re.IGNORECASE)
UNTYPESET_TAG = re.compile(r"<(?:pre|samp|code|tt|kbd|script|style|math)[\s>/]", re.IGNORECASE)


def idle_filters(text: str) -> dict[str, bool]:
    """Typogrify's filters that would leave this text as it is, turned off: the result is the same,
    and smartypants alone was the largest part of reading an article (most bodies have no quotes)."""
    idle = {}
    if not SMARTYPANTS_MARKS.search(text):
        idle["smartypants"] = False
    if not CAPS_MARKS.search(text):
        idle["caps"] = False
    if not QUOTE_MARKS.search(text):
        idle["initial_quotes"] = False
    if "&" not in text:
        idle["amp"] = False
    return idle


class ContentReader(BaseReader):
    """Reads '---' YAML front matter, then Markdown; bad content becomes problems."""

    enabled = True
    file_extensions = ["md", "markdown"]

    def __init__(self, settings):
        super().__init__(settings)
        self.model = plugin_settings(ContentModelSettings, settings, "CONTENT_MODEL")
        self.options = markdown_options(settings)
        self.plain = plain_markdown(self.options)  # whether plain texts may skip Markdown (plain.py)
        self.markdown = with_plain_text_inline(Markdown(**self.options), settings)
        self.typogrify = Typography(settings, self.model.typogrify)
        self.text_typography = text_typography(settings, self.model.typogrify)
        self.article_root = [Path(settings["PATH"], p).resolve() for p in settings["ARTICLE_PATHS"]]
        self._cache: DiskCache | None = None
        self._keys: dict[str, str] = {}  # cache keys unread() worked out this build, by source path

    # The registries and the allow-list, made on first use: Pelican makes two readers for every
    # generator (one per file extension), and most never read a file.
    @functools.cached_property
    def documents(self) -> DocumentReader:
        return document_reader(self.settings)

    @functools.cached_property
    def sanitiser(self) -> Sanitiser:
        return Sanitiser(tuple(self.model.iframe_hosts))

    def prepare(self) -> None:
        """Makes what reading needs now, before processes forked to read share it: each would
        otherwise load the registries on its own, and a registry saved meanwhile would differ."""
        self.documents, self.sanitiser  # noqa: B018 - made on first use

    @property
    def cache(self) -> DiskCache | None:
        """Set up on first use: Pelican makes a reader for every generator, most never read."""
        if self.model.cache and self._cache is None:
            data_dir = Path(self.settings["PATH"]) / self.model.data_dir
            fingerprint = read_fingerprint(self.settings, self.options, data_dir)
            self._cache = DiskCache(cache_folder(self.settings, "content"), fingerprint)
        return self._cache

    def _is_article(self, source_path: str) -> bool:
        path = self.documents.resolved(Path(source_path))
        return any(root in path.parents for root in self.article_root)

    def _html(self, text: str) -> str:
        """Markdown's HTML, cleaned by the allow-list before any of our own markup is added."""
        self.markdown.reset()
        return self.sanitiser.clean(self.markdown.convert(text))

    def finished_html(self, text: str) -> str:
        """The HTML of a body or summary as pages show it: Markdown's, cleaned, with typography."""
        blocks = plain_blocks(text) if self.plain else None
        return self.typogrify.by_paragraph(self._html(text) if blocks is None else "\n".join(blocks))

    def _key(self, path: Path) -> str:
        return self.cache.key(str(path).encode(), path.read_bytes())

    def unread(self, source_paths: list[str]) -> list[str]:
        """Those of source_paths whose read is not cached yet. Their keys are kept for read(), so
        that Pelican's pass does not read and hash every file a second time."""
        self._keys = {p: self._key(Path(p)) for p in source_paths}
        return [p for p, key in self._keys.items() if not self.cache.holds(key)]

    def read(self, source_path):
        path = Path(source_path)
        cache = self.cache
        key = self._keys.pop(source_path, None) if cache else None
        read = cache.get(key) if key else None
        if read is None and cache:  # a kept key only serves a hit: a miss is keyed by the bytes read now
            key = self._key(path)
            read = cache.get(key)
        if read is None or not read.still_valid():
            document, problems = self.documents.read(path, self._is_article(source_path))
            if document is None:
                # A stand-in that Pelican accepts, so reading goes on and every problem is found.
                title = path.name
                return "", {"title": title, "status": "draft", "slug": slugify(title),
                            "date": PLACEHOLDER_DATE, PROBLEMS_KEY: problems}
            summary = document.fields.get("summary")
            title = document.fields.get("title")
            image = document.fields.get("image")
            # The document is kept without its Markdown, which nothing uses once made HTML: the
            # read is pickled into the cache, and from a forked reader to the build's process.
            read = Read(dataclasses.replace(document, body=""), self.finished_html(document.body),
                        title and self.text_typography(title), summary and self.finished_html(summary),
                        (self.documents.content_root / image,) if image else ())
            if cache:
                cache.put(key, read)
        return read.body, self._metadata(read)

    def _metadata(self, read: Read) -> dict:
        document = read.document
        fields = document.fields
        metadata = {"reports": document.reports, "source_label": document.path}
        if document.suggestions:
            metadata[SUGGESTIONS_KEY] = document.suggestions
        for name, value in fields.items():
            if value is None or name in ("category", "tags", "unit", "author", "summary", "title"):
                continue
            metadata[name] = value
        if metadata.get("status") in ("pending", "hidden"):
            metadata["status"] = "draft"  # awaiting review, or taken off the site: never written, as a draft
        if read.title:
            metadata["title"] = read.title
        if read.summary:
            metadata["summary"] = read.summary
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
