"""The portal's chrome: what surrounds an article on the old site and never comes across.

Counters, rating prompts and scores, weather, banners, link blocks, login-timeout notices,
feedback forms, "No title..." placeholders, newer/older lists, print and share buttons. Each is
recognised by its words, which the portals print the same whatever the theme.
"""

import re

from bs4 import Tag

from toandan.vietnamese.text import fold

# Blocks whose text starts like this are chrome whatever their length (compared without diacritics,
# lower case): no article sentence starts so.
_ALWAYS = tuple(fold(words).lower() for words in (
    "Tổng số điểm của bài viết", "Click để đánh giá", "Bấm để đánh giá", "Những tin mới hơn",
    "Những tin cũ hơn", "Bạn đã không sử dụng Site", "Thời gian đăng nhập", "Tổng lượt truy cập",
    "Đang truy cập:", "Lượt xem:", "Số lượt xem:", "No title",
))
# Labels of the portal's blocks, chrome only when the block is as short as a label: an article's
# paragraph may well start "Chia sẻ với phóng viên..." or "Thời tiết những ngày qua...".
_LABELS = tuple(fold(words).lower() for words in (
    "Tin mới hơn", "Tin cũ hơn", "Các tin khác", "Tin liên quan", "Tin xem nhiều", "Hôm nay", "Tháng hiện tại",
    "Thống kê truy cập", "Đã xem", "Thời tiết", "Liên kết website", "Liên kết web", "Phiên làm việc",
    "Đăng nhập", "Gửi phản hồi", "Ý kiến bạn đọc", "Gửi ý kiến", "In bài viết", "In trang",
    "Gửi bài viết qua email", "Chia sẻ", "Lưu bài viết", "Từ khóa:", "Đánh giá bài viết", "Share", "Print", "Tweet",
))
LABEL_LENGTH = 60  # characters
# Text anywhere in a short block that makes it chrome.
_ANYWHERE = re.compile(r"(?:trong \d+ đánh giá|click để đánh giá|đã hết thời gian|no title\.\.\.)", re.IGNORECASE)
NOISE_TAGS = ("script", "style", "noscript", "form", "input", "button", "select", "textarea", "iframe",
              "object", "embed", "svg", "nav", "link", "meta")
RATING = re.compile(r"Tổng số điểm của bài viết là:?\s*([\d.]+)\s*trong\s*([\d.]+)\s*đánh giá", re.IGNORECASE)
VIEWS = re.compile(r"(?:Lượt xem|Số lượt xem|Đã xem|Lượt đọc)\s*:?\s*([\d.]+)", re.IGNORECASE)


def is_chrome_text(text: str) -> bool:
    """A short block of text that is the portal's, not the article's."""
    text = " ".join(text.split())
    if not text:
        return False
    folded = fold(text).lower()
    return (folded.startswith(_ALWAYS) or (len(text) <= LABEL_LENGTH and folded.startswith(_LABELS))
            or (len(text) < 200 and bool(_ANYWHERE.search(text))))


def strip_chrome(body: Tag) -> list[str]:
    """Remove the chrome from an article's body in place; answers what was removed, for the report."""
    removed: list[str] = []
    for element in body.find_all(NOISE_TAGS):
        element.decompose()
    for element in list(body.find_all(["p", "div", "li", "h2", "h3", "h4", "h5", "h6", "span", "table"])):
        if element.decomposed or element.parent is None:
            continue
        text = element.get_text(" ", strip=True)
        if len(text) < 300 and is_chrome_text(text):
            following = element.find_next_sibling()
            if element.name in ("h2", "h3", "h4", "h5", "h6", "p", "div") and following is not None \
                    and following.name in ("ul", "ol"):
                following.decompose()  # the list of links under "Những tin mới hơn"
            removed.append(text[:60])
            element.decompose()
    return removed


def numbers_in(page: Tag) -> tuple[int | None, tuple[int, int] | None]:
    """The old view count and rating totals (the first of each) a page or part of one shows."""
    text = " ".join(page.get_text(" ").split())
    views = rating = None
    if match := VIEWS.search(text):
        views = int(match.group(1).replace(".", ""))
    if match := RATING.search(text):
        rating = (int(match.group(1).replace(".", "")), int(match.group(2).replace(".", "")))
        rating = rating if rating[1] else None  # "0 trong 0 đánh giá": nothing to carry over
    return views, rating
