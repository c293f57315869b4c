"""Writes the redirects of the articles that have a `legacy_url`.

`legacy-redirects.map` holds one `"old path and query" "new address";` line per article, for the
`map` block docs/deploy/nginx.conf includes; it is written on every build, empty when no article
has an old address, so that nginx always finds it. Where the old path can be a file (no query
string, nothing of the new site there already), a page of the theme there sends the reader on too.
"""

import logging
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from pelican.generators import Generator

from toandan.old_addresses import request_target
from toandan.building.plugin_settings import plugin_settings

logger = logging.getLogger(__name__)

TEMPLATE = "legacy_redirect"  # theme/templates/legacy_redirect.html
_UNFIT = re.compile(r"[/\\\x00-\x1f\x7f]")  # in a decoded segment: not one file name
NAME_BYTES = 255  # of one file name, on the file systems the site is built on
LONGEST = 400  # characters of an old address: what nginx's map_hash_bucket_size in docs/deploy holds


@dataclass(frozen=True)
class RedirectSettings:
    map_file: str = "legacy-redirects.map"  # under the output folder
    pages: bool = True  # static redirect pages at the old paths


def redirects(articles, site_path: str) -> dict[str, tuple[str, object]]:
    """Old request target -> (new root-relative address, article); the first article wins a target."""
    found: dict[str, tuple[str, object]] = {}
    for article in sorted(articles, key=lambda item: item.source_path):
        legacy = getattr(article, "legacy_url", None)
        if not legacy:
            continue
        old = request_target(legacy)
        if len(old) > LONGEST:
            logger.warning("legacy_url của %s dài quá %d ký tự: không chuyển hướng", article.source_path, LONGEST)
            continue
        new = f"{site_path}/{article.url}"
        if old in found and found[old][0] != new:
            logger.warning("legacy_url %s của %s trùng với bài %s: giữ chuyển hướng tới bài đầu",
                           legacy, article.source_path, found[old][1].source_path)
            continue
        if old == new or old.rstrip("/") == new.rstrip("/"):
            continue
        found[old] = (new, article)
    return found


def map_line(old: str, new: str) -> str:
    """One entry of the nginx map; request_target left only characters that need no escaping."""
    return f'"{old}" "{new}";\n'


def page_path(old: str) -> PurePosixPath | None:
    """Where under the output the static page for an old target goes, or None if it cannot be a file:
    a query, or a segment that is empty, '.', '..', too long for a file name, or decodes to a slash,
    a backslash or a control character (the page would stand at another address, outside the output,
    or not be writable)."""
    path, _, query = old.partition("?")  # not urlsplit: it reads '//etc/x' as a host and a path
    if query or not path.startswith("/") or path == "/":
        return None
    segments = [unquote(segment) for segment in path[1:].split("/")]
    if segments[-1] == "":  # '/tin-tuc/': the folder's index page
        segments[-1] = "index.html"
    if any(segment in ("", ".", "..") or _UNFIT.search(segment) or len(segment.encode()) > NAME_BYTES
           for segment in segments):
        return None
    relative = PurePosixPath(*segments)
    return relative if relative.suffix else relative / "index.html"


class RedirectsGenerator(Generator):
    def generate_context(self):
        pass

    def generate_output(self, writer):
        settings = plugin_settings(RedirectSettings, self.settings, "REDIRECTS")
        site_path = self.settings.get("SITE_PATH", "")
        output = Path(self.output_path)
        found = redirects(self.context.get("articles", []), site_path)
        # An old address that is now a page of the new site (an old /the/ where the tags are) stays
        # the new site's: neither the map nor a static page takes it over.
        for old in list(found):
            relative = page_path(old)
            if relative is not None and (output / relative).exists():
                logger.warning("không chuyển hướng %s: trang mới đã có trang ở địa chỉ này", old)
                del found[old]
        (output / settings.map_file).write_text(
            "".join(map_line(old, new) for old, (new, _) in sorted(found.items())), encoding="utf-8")
        if not settings.pages:
            return
        for old, (new, article) in found.items():
            if (relative := page_path(old)) is None:
                continue
            target = output / relative
            if any(parent.is_file() for parent in target.parents):
                logger.warning("không đặt trang chuyển hướng ở %s: trang mới đã có tệp ở đó", old)
                continue
            writer.write_file(relative.as_posix(), self.get_template(TEMPLATE), self.context,
                              moved_to=new, moved_article=article)
