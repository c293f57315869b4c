"""An article's body, from the old portal's HTML to clean Markdown.

Paragraphs, headings, lists, emphasis, links, tables and images with captions come across; every
other tag gives only its text. A caption line under an image (in italics, centred, the image's own
alt text, or the same line twice as NukeViet's editor leaves it) becomes the figure's caption.
"""

import re
from collections.abc import Callable

from bs4 import BeautifulSoup, NavigableString, Tag

BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "figure", "hr",
          "pre", "section", "article", "center", "dl"}
MAX_NESTING = 100  # elements inside one another in a body; the walk below recurses, two calls a level
CAPTION_LIMIT = 300  # characters: longer is a paragraph, not a caption
_ESCAPE = re.compile(r"([\\`*_\[\]|])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}  # Markdown passes them on as written
_LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])(?=\s|$)", re.MULTILINE)


def _text(element) -> str:
    return " ".join(element.get_text(" ", strip=True).split())


def _styled_as_caption(block: Tag) -> bool:
    style = (block.get("style", "") + " " + " ".join(block.get("class", []))).lower()
    if "center" in style or "caption" in style or "image_caption" in style:
        return True
    children = [child for child in block.children if getattr(child, "name", None) or str(child).strip()]
    return bool(children) and all(getattr(child, "name", None) in ("em", "i") for child in children)


def mark_figures(body: Tag) -> None:
    """Put each image with its caption in a <figure>, so that the caption is not read as a paragraph."""
    soup = body
    while soup.parent is not None:
        soup = soup.parent
    for img in list(body.find_all("img")):
        if img.find_parent("figure") is not None and img.find_parent("figure").find("figcaption"):
            continue
        block = img
        while block.parent is not None and block.parent is not body and block.parent.name not in BLOCKS:
            block = block.parent
        if block.parent is not None and block.parent is not body and block.parent.name in ("p", "div", "center"):
            block = block.parent
        alt = " ".join(img.get("alt", "").split())
        caption = ""
        own = _text(block) if block is not img else ""
        if own and len(own) < CAPTION_LIMIT and len(block.find_all("img")) == 1:
            caption = own  # the caption written in the image's own paragraph
        following = block.find_next_sibling()
        used = []
        if not caption and following is not None and following.name in ("p", "div", "em", "i", "figcaption"):
            line = _text(following)
            repeated = following.find_next_sibling()
            if line and len(line) < CAPTION_LIMIT and following.find("img") is None:
                if line == alt or _styled_as_caption(following) or following.name == "figcaption" or (
                        repeated is not None and _text(repeated) == line):
                    caption = line
                    used.append(following)
                    if repeated is not None and _text(repeated) == line:
                        used.append(repeated)
        figure = soup.new_tag("figure")
        picture = soup.new_tag("img", attrs={"src": img.get("src", ""), "alt": alt or caption})
        figure.append(picture)
        if caption:
            figcaption = soup.new_tag("figcaption")
            figcaption.string = caption
            figure.append(figcaption)
        if block is img or len(block.find_all("img")) > 1:
            img.replace_with(figure)
        else:
            block.replace_with(figure)
        for extra in used:
            extra.decompose()


def nesting(body: Tag) -> int:
    """How many elements deep the body goes (counted without recursion, as a hostile page can nest
    thousands)."""
    deepest, stack = 0, [(body, 0)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element.children if isinstance(child, Tag))
    return deepest


class MarkdownWriter:
    """Walks the cleaned body; image(src) answers the new path or None (dropped), link(href) the new href."""

    def __init__(self, image: Callable[[str], str | None], link: Callable[[str], str]):
        self.image = image
        self.link = link

    def convert(self, body: Tag) -> str:
        mark_figures(body)
        blocks = self._blocks(body)
        text = "\n\n".join(block for block in blocks if block.strip())
        return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"

    def _blocks(self, element: Tag) -> list[str]:
        out: list[str] = []
        inline: list = []

        def flush():
            if inline:
                text = self._inline_run(inline).strip()
                if text:
                    out.append(text)
                inline.clear()

        for child in element.children:
            name = getattr(child, "name", None)
            if name in BLOCKS or name == "img":
                flush()
                out.extend(self._block(child))
            elif name == "br" and inline and getattr(inline[-1], "name", None) == "br":
                flush()
            else:
                inline.append(child)
        flush()
        return out

    def _block(self, element: Tag) -> list[str]:
        name = element.name
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = max(2, min(int(name[1]), 4))  # the title is the page's only h1
            text = self._inline(element).strip()
            return [f"{'#' * level} {text}"] if text else []
        if name in ("ul", "ol"):
            return [self._list(element, 0)]
        if name == "table":
            return [self._table(element)]
        if name == "blockquote":
            inner = "\n\n".join(self._blocks(element))
            return ["\n".join("> " + line if line else ">" for line in inner.splitlines())] if inner else []
        if name in ("figure", "img"):
            return [self._figure(element)]
        if name == "hr":
            return ["* * *"]
        if name == "pre":
            return ["\n".join("    " + line for line in element.get_text().splitlines())]
        return self._blocks(element)

    def _figure(self, element: Tag) -> str:
        img = element if element.name == "img" else element.find("img")
        if img is None:
            return ""
        path = self.image(img.get("src", ""))
        if path is None:
            return ""
        caption_tag = element.find("figcaption") if element.name == "figure" else None
        caption = _text(caption_tag) if caption_tag else ""
        alt = escape(img.get("alt", "") or caption)
        title = f' "{caption.replace(chr(34), chr(8221))}"' if caption else ""
        return f"![{alt}]({path}{title})"

    def _list(self, element: Tag, depth: int) -> str:
        lines = []
        for number, item in enumerate(element.find_all("li", recursive=False), start=1):
            marker = f"{number}." if element.name == "ol" else "-"
            nested = [child for child in item.find_all(["ul", "ol"], recursive=False)]
            for sub in nested:
                sub.extract()
            text = " ".join(self._inline(item).split())
            lines.append(f"{'    ' * depth}{marker} {text}")
            lines.extend(self._list(sub, depth + 1) for sub in nested)
        return "\n".join(lines)

    def _table(self, table: Tag) -> str:
        rows = []
        for row in table.find_all("tr"):
            if row.find_parent("table") is not table:
                continue
            cells = [" ".join(self._inline(cell).split()) or " "  # '|' is escaped with the text
                     for cell in row.find_all(["th", "td"], recursive=False)]
            if cells:
                rows.append(cells)
        if not rows:
            return ""
        width = max(len(row) for row in rows)
        rows = [row + [" "] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(lines)

    def _inline(self, element: Tag) -> str:
        return self._inline_run(list(element.children))

    def _inline_run(self, nodes: list) -> str:
        parts = []
        for node in nodes:
            if isinstance(node, NavigableString):
                if type(node) is not NavigableString:
                    continue  # comments, CDATA, doctype
                parts.append(escape(re.sub(r"\s+", " ", str(node))))
                continue
            name = node.name
            if name == "br":
                parts.append("  \n")
            elif name in ("strong", "b"):
                parts.append(_wrap("**", self._inline(node)))
            elif name in ("em", "i"):
                parts.append(_wrap("*", self._inline(node)))
            elif name == "a":
                text = self._inline(node).strip()
                href = node.get("href", "").strip()
                target = self.link(href) if href and not href.startswith(("javascript:", "#")) else ""
                parts.append(f"[{text}]({target})" if target and text else text)
            elif name == "img":
                parts.append(self._figure(node))
            elif name in BLOCKS:
                parts.append(" " + " ".join(self._blocks(node)) + " ")
            else:
                parts.append(self._inline(node))
        return _LINE_START.sub(_escape_marker, "".join(parts))


def _wrap(mark: str, text: str) -> str:
    stripped = text.strip()
    if not stripped:
        return text
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return f"{lead}{mark}{stripped}{mark}{trail}"


def escape(text: str) -> str:
    """Text as Markdown that reads as the same text."""
    return re.sub(r"[&<>]", lambda m: _ENTITIES[m.group(0)], _ESCAPE.sub(r"\\\1", text))


def _escape_marker(match: re.Match) -> str:
    """A line that would start a list, heading or quote: '1\\.', '\\-', '\\#'."""
    marker = match.group(2)
    if marker[0].isdigit():
        return match.group(1) + marker[:-1] + "\\" + marker[-1]
    return match.group(1) + "\\" + marker


def html_to_markdown(html: str) -> str:
    """For a fragment of HTML, as a test or a caller with no images or links to map."""
    soup = BeautifulSoup(html, "html.parser")
    return MarkdownWriter(lambda src: src, lambda href: href).convert(soup)
