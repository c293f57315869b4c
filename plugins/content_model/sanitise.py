"""The HTML that Markdown makes of a body or summary, cleaned by an allow-list (nh3, Rust's ammonia).

Bodies and summaries are Markdown, and Markdown lets raw HTML through: an article imported from the
old portal or written in a web editor may carry a script, an event handler or a javascript: link.
What survives is what news text needs: headings, paragraphs, lists, tables, emphasis, code, quotes,
links (http, https, mailto and site-relative), images, figures with captions; iframes only from the
hosts CONTENT_MODEL['iframe_hosts'] names. This runs before typography and before the article_html
pass, whose own markup (pictures, anchors, rel) is added to HTML that is already clean.
"""

from urllib.parse import urlsplit

import nh3

TAGS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "div", "span",
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
    "em", "strong", "b", "i", "u", "s", "del", "ins", "sub", "sup", "small", "mark", "abbr", "q", "cite",
    "code", "pre", "kbd", "samp", "var", "blockquote",
    "a", "img", "figure", "figcaption",
})
# Removed with everything inside them, not only their tags: their text is code, not reading matter.
CONTENT_REMOVED = frozenset({"script", "style", "template", "noscript", "textarea", "select", "title"})
ATTRIBUTES = {
    # Python-Markdown's ids (headings, footnotes) and classes (footnotes, code languages).
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "rel", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type"}, "li": {"value"},
    "th": {"colspan", "rowspan", "scope", "style"}, "td": {"colspan", "rowspan", "style"},
    "col": {"span"}, "colgroup": {"span"},
    "abbr": {"title"}, "q": {"cite"}, "blockquote": {"cite"}, "del": {"datetime"}, "ins": {"datetime"},
}
IFRAME_ATTRIBUTES = {"src", "width", "height", "title", "allowfullscreen", "loading"}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Python-Markdown's tables align columns with style="text-align: ..."; no other style survives.
STYLE_PROPERTIES = frozenset({"text-align"})


class Sanitiser:
    """Cleans HTML fragments; made once per reader (nh3's Cleaner compiles its rules once)."""

    def __init__(self, iframe_hosts: tuple[str, ...] = ()):
        self.iframe_hosts = frozenset(host.lower() for host in iframe_hosts)
        tags, attributes = set(TAGS), dict(ATTRIBUTES)
        if self.iframe_hosts:
            tags.add("iframe")
            attributes["iframe"] = IFRAME_ATTRIBUTES
        self._cleaner = nh3.Cleaner(
            tags=tags, clean_content_tags=set(CONTENT_REMOVED), attributes=attributes,
            attribute_filter=self._attribute if self.iframe_hosts else None,
            link_rel=None, url_schemes=set(URL_SCHEMES), filter_style_properties=set(STYLE_PROPERTIES))

    def _attribute(self, element: str, name: str, value: str) -> str | None:
        """An iframe keeps its src only over https from a named host; without src it shows nothing."""
        if element == "iframe" and name == "src":
            address = urlsplit(value.strip())
            return value if address.scheme == "https" and (address.hostname or "") in self.iframe_hosts else None
        return value

    def clean(self, html: str) -> str:
        return self._cleaner.clean(html)
