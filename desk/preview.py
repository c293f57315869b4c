"""An article's preview: the page the site would publish for it, made without a build.

The text is read by the site's own reader (Markdown, the allow-list sanitiser, typography, the
statistics read from the registries) into Pelican's Article, its HTML is improved as the build
improves it (plugins/article_html), and the theme's own article.html renders it in Jinja's
environment as Pelican makes it, with the site's filters. Only the page's links differ: its
stylesheet, scripts and images are served by the desk, behind its sign-in (desk/previewing.py).
Nothing is written under content/ or the output.
"""

import hashlib
import os
import re
import shutil
import tempfile
import weakref
from base64 import b64encode
from pathlib import Path
from urllib.parse import quote

from bs4 import BeautifulSoup
from pelican.contents import Article
from pelican.urlwrappers import Category

from article_html.transform import image_key, improve
from content_model.frontmatter import FrontMatterError, split
from content_model.reader import ContentReader
from toandan.building.hooks import PROBLEMS_KEY
from toandan.building.snapshot import environment
from toandan.vietnamese import dates
from toandan.vietnamese.text import slugify

from .checking import Checker
from .model import DRAFT, from_front_matter
from .writing import write

TEMPLATE = Path(__file__).parent / "templates" / "preview.html"  # rendered in the theme's environment
PREFIX = "/xem-truoc"  # under the desk's root: the preview's files, as the site's root holds them
NO_CATEGORY = "Chưa chọn chuyên mục"
UNTITLED = "(chưa có tiêu đề)"
UNREAD = "(chưa đọc được bài)"
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)


class Previewer:
    """Renders an article's text as the site's article page."""

    def __init__(self, checker: Checker):
        self.checker = checker
        self.settings = checker.settings
        self.environment = environment(self.settings)
        self.template = self.environment.from_string(TEMPLATE.read_text(encoding="utf-8"))
        # The reader takes a file for an article by its folder: the preview's own, never content/.
        self.folder = Path(tempfile.mkdtemp(prefix="desk-preview-"))
        weakref.finalize(self, shutil.rmtree, self.folder, True)
        self._reader: ContentReader | None = None
        self._documents = None
        self.script_hashes = self._theme_script_hashes()

    def _theme_script_hashes(self) -> tuple[str, ...]:
        """The CSP hashes of the theme's own inline scripts (base.html's), which the preview runs as
        the site does; any other inline script stays refused."""
        base = Path(self.settings["THEME"], "templates", "base.html").read_text(encoding="utf-8")
        return tuple("'sha256-" + b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"
                     for script in _INLINE_SCRIPT.findall(base) if "{{" not in script)

    @property
    def reader(self) -> ContentReader:
        """The content model's reader, made again when the desk's checker reloads an edited registry."""
        if self._reader is None or self._documents is not self.checker.documents:
            self._documents = self.checker.documents
            model = {**self.settings.get("CONTENT_MODEL", {}), "cache": False}  # read once, from a temporary file
            self._reader = ContentReader({**self.settings, "CONTENT_MODEL": model,
                                          "ARTICLE_PATHS": [str(self.folder)]})
        return self._reader

    def page(self, text: str, desk_root: str) -> str:
        """The article page for this text (front matter and body, as the desk would save it);
        desk_root: the desk's path under its host, where the preview's files are served."""
        site_path = desk_root + PREFIX
        problems, readable = self._readable(text)
        article = self._article(readable, site_path)
        context = {
            **self.settings,
            "SITE_PATH": site_path,
            "READER_API": site_path + "/api",  # no reader endpoint: the widgets show their offline note
            "articles": [], "dates": [], "pages": [], "image_sets": {},
            "menu_categories": sorted(self._category(name) for name in self.checker.registry.categories),
            "article": article, "category": article.category, "page_name": "", "output_file": "",
            "desk_root": desk_root, "problems": problems,
        }
        return self.template.render(context)

    def _readable(self, text: str) -> tuple[list[str], str]:
        """The text's problems, as ./dev check finds them, and a text the reader takes without any:
        itself when it has none; otherwise the form's fields without those that have a problem
        (a statistics row with one goes alone), read as a draft, so a draft can be seen as it grows."""
        try:
            findings = self.checker.findings(text)
            matter = split(text)
        except FrontMatterError as error:
            return [error.reason], "---\ntitle: " + UNREAD + "\n---\n"
        if not findings:
            return [], text
        problems = [reason for reasons in findings.fields.values() for reason in reasons]
        problems += [reason for _, reasons in sorted(findings.rows.items()) for reason in reasons]
        problems += findings.general
        form = from_front_matter(matter.data, matter.body)
        for name in findings.fields:
            if name in form.values:
                form.values[name] = ""
        form.values["title"] = form.values["title"] or UNTITLED
        form.values["date"] = form.values["date"] or f"{dates.now():%Y-%m-%d %H:%M}"
        keep = "stats" not in findings.fields and not findings.general
        form.stats = [row for index, row in enumerate(form.stats) if keep and index not in findings.rows]
        form.featured = form.featured and "featured" not in findings.fields
        form.suggested, form.status = [], DRAFT
        return problems, write(None, form)

    def _article(self, text: str, site_path: str) -> Article:
        reader = self.reader
        fd, name = tempfile.mkstemp(suffix=".md", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(text)
            html, metadata = reader.read(name)
        finally:
            os.unlink(name)
        if metadata.pop(PROBLEMS_KEY, None):  # not read (_readable left none): the stand-in names the file
            metadata["title"] = UNREAD
        if "category" not in metadata:  # a draft may wait for its category
            metadata["category"] = self._category(NO_CATEGORY)
        body = self._images(improve(html, {}, site_path + "/", self.settings.get("SITE_ORIGIN", "")), site_path)
        article = Article(body, metadata=metadata, settings=self.settings, source_path=name,
                          context={"generated_content": {}, "static_content": {}, "static_links": set()})
        # Its address once published (a draft's or a scheduled article's is none yet).
        article.override_url = self.settings["ARTICLE_URL"].format(**article.url_format)
        return article

    def _category(self, name: str) -> Category:
        """A category as the content model makes it (its slug by the site's slugify)."""
        category = Category(name, self.settings)
        category.slug = slugify(name)
        return category

    def _images(self, html: str, site_path: str) -> str:
        """The body's images of the site's content, loaded from the desk."""
        if "<img" not in html:
            return html
        soup = BeautifulSoup(html, "html.parser")
        content = self.checker.content.resolve()
        for img in soup.find_all("img", src=True):
            key = image_key(img["src"])
            if key and content in (content / key).resolve().parents and (content / key).is_file():
                img["src"] = f"{site_path}/{quote(key)}"
        return str(soup)
