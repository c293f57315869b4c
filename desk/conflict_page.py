"""The page a save refused over a changed file leads to: both versions, what differs, and the
three-way merge (merging.py) to resolve and save; and what the form's carried opened version is."""

import difflib
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from content_model.frontmatter import FrontMatterError, split

from .accounts import Account
from .articles import digest
from .merging import Merged, marked, uncarried
from .web import Desk


def opened_text_of(field: str, opened: str) -> str | None:
    """The text the form was opened from, as it carried it, when it is the one its digest names."""
    text = uncarried(field) if opened else None
    return text if text is not None and digest(text) == opened else None


def unmergeable(text: str) -> str:
    """Why a merged text cannot be saved yet, or ''."""
    if marked(text):
        return ("Vẫn còn chỗ đánh dấu chưa gỡ (dòng “<<<<<<<” hoặc “>>>>>>>”): hãy giữ lại nội dung đúng, "
                "xóa các dòng đánh dấu rồi lưu lại.")
    try:
        split(text)
    except FrontMatterError as error:
        return f"Phần thông tin đầu bài không đọc được (dòng {error.line}): {error.reason}"
    return ""


def merge_page(desk: Desk, request: Request, account: Account, csrf: str, path: str, merged: Merged | None,
               theirs: str | None, opened: str, opened_text: str, status: int = 409, problem: str = "",
               mine: str | None = None, kept: str = "") -> Response:
    """The file changed since the editor opened it: both versions, what differs, and the merge to
    resolve and save (opened: the file's version the merge was made on, for the save's own check)."""
    changes = ""
    if mine is not None:
        changes = "\n".join(difflib.unified_diff((theirs or "").splitlines(), mine.splitlines(),
                                                  "Bản trên máy chủ", "Bản của bạn", lineterm=""))
    return desk.page(request, "conflict.html", status=status, account=account, csrf=csrf, path=path, mine=mine,
                     theirs=theirs, kept=kept, changes=changes, merged=merged, opened=opened,
                     opened_text=opened_text, problem=problem, quote=quote)
