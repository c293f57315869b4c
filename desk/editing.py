"""The edit form's pages: a new article's, an article's (or one of its earlier versions), the
live reading of a statistics row, and an article's history."""

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from content_model.frontmatter import FrontMatterError, split
from toandan.vietnamese import dates
from toandan.vietnamese.dates import parse_datetime

from .accounts import Account
from .articles import UnsafePath, digest
from .merging import carried
from .model import DRAFT, PENDING, PUBLISHED, ArticleForm, StatRow, from_front_matter
from .previewing import inside
from .web import Desk, refused, to_login

EXTRA_ROWS = 2  # empty statistics rows under the filled ones, so a figure can be added without script
DONE_NOTICES = {"luu": "Đã lưu.", "hop-nhat": "Đã lưu bản hợp nhất.", "gui-duyet": "Đã gửi duyệt.",
                "xuat-ban": "Đã xuất bản.", "go-bai": "Đã gỡ bài khỏi trang."}
# A save of a published article changes its file; the public page changes with the next build.
NOT_YET_ON_SITE = ("Trang công khai vẫn hiện bản trước cho đến lần xuất bản sau: "
                   "bấm “Xuất bản” để đưa bản này lên trang.")


@dataclass(frozen=True)
class OpenedArticle:
    file: Path
    text: str


def open_article(desk: Desk, request: Request, path: str) -> OpenedArticle | Response:
    """The article file at path (under content/articles/) and its text, or the page refusing it:
    400 for an unsafe path, 404 for no such file, 422 for a file that is not UTF-8 text."""
    try:
        file = desk.articles.resolve(path)
    except UnsafePath:
        return refused(desk, request, 400, "Đường dẫn bài viết không hợp lệ.")
    try:
        text = file.read_bytes().decode("utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return refused(desk, request, 404, "Không có bài viết này (có thể đã bị xóa hoặc đổi tên).")
    except UnicodeDecodeError as error:
        return refused(desk, request, 422, f"Tệp bài viết không phải văn bản UTF-8 (byte thứ {error.start + 1}): "
                                           "cần mở bằng trình soạn thảo văn bản và lưu lại với mã UTF-8.")
    return OpenedArticle(file, text)


def _readings(desk: Desk, form: ArticleForm):
    return [desk.checker.readings(row) for row in form.stats]


def edit_page(desk: Desk, request: Request, account: Account, csrf: str, form: ArticleForm, path: str | None,
              opened: str, findings=None, status: int = 200, notice: str = "", published_at: str = "",
              opened_text: str = "") -> Response:
    used = Counter(tag for entry in desk.articles.entries() for tag in entry.tags)
    return desk.page(request, "edit.html", status=status, account=account, csrf=csrf, form=form, path=path,
                     known_tags=[tag for tag, _ in used.most_common(40)],
                     indicator_groups=_indicator_groups(desk.checker.registry),
                     opened=opened, opened_text=opened_text, findings=findings, readings=_readings(desk, form),
                     extra_rows=EXTRA_ROWS, notice=notice, published_at=published_at,
                     may_edit=may_edit(account, form.status if path else DRAFT),
                     building=desk.publisher.unfinished_for(path) if path and account.approver else None,
                     photo=_photo(desk, form.values.get("image", "").strip()),
                     date_reading=_date_reading(form.values.get("date", "")))


def _date_reading(text: str) -> str:
    """The date and time as read, and whether it schedules the article; '' when it does not read
    (the check says why beside the field)."""
    try:
        moment = parse_datetime(text)
    except ValueError:
        return ""
    if moment > dates.now():
        return f"Hẹn giờ: bài chỉ lên trang từ {dates.dateline(moment)} (giờ Việt Nam), sau khi được duyệt."
    return f"đọc là: {dates.dateline(moment)}"


def _photo(desk: Desk, image: str) -> str:
    """The lead image's path when it is a file of the content's images, shown beside its field."""
    top, _, rest = image.partition("/")
    if top not in desk.checker.settings["STATIC_PATHS"]:
        return ""
    return image if inside(desk.checker.content / top, rest) else ""


def _indicator_groups(registry) -> list[tuple[str, list]]:
    """The registry's indicators under their groups: groups in the order the registry first names
    them, indicators in its order within each (as the roundup's overview shows them)."""
    groups: dict[str, list] = {}
    for indicator in registry.indicators.values():
        groups.setdefault(indicator.group, []).append(indicator)
    return list(groups.items())


def may_edit(account: Account, status: str) -> bool:
    return account.approver or status in (DRAFT, PENDING)


async def new_article(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    if not (signed := desk.signed_in(request)):
        return to_login(request)
    session, account = signed
    form = ArticleForm(values={"date": f"{dates.now():%Y-%m-%d %H:%M}"}, status=DRAFT)
    return edit_page(desk, request, account, session.csrf, form, None, "")


async def edit_article(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    if not (signed := desk.signed_in(request)):
        return to_login(request)
    session, account = signed
    path = request.path_params["path"]
    opened = open_article(desk, request, path)
    if isinstance(opened, Response):
        return opened
    text = opened.text
    try:
        matter = split(text)
    except FrontMatterError as error:
        return refused(desk, request, 422, f"Phần thông tin đầu bài không đọc được (dòng {error.line}): "
                                           f"{error.reason}. Cần sửa tệp bằng trình soạn thảo văn bản.")
    restoring = request.query_params.get("phien-ban", "")
    if restoring:
        # An earlier version, loaded into the form: saving it makes it the current one (a new commit).
        earlier = desk.history.text_at(opened.file, restoring)
        if earlier is None:
            return refused(desk, request, 404, "Không có phiên bản này của bài.")
        try:
            version = split(earlier)
        except FrontMatterError as error:
            return refused(desk, request, 422, f"Phiên bản này không đọc được: {error.reason}")
        form = from_front_matter(version.data, version.body)
        # Saving it keeps the article's state as a save does (not the version's): the page says that one.
        form.status = from_front_matter(matter.data, "").status
        return edit_page(desk, request, account, session.csrf, form, path, digest(text),
                         desk.checker.findings(earlier, other_slugs(desk, path)), opened_text=carried(text),
                         notice=f"Đang mở phiên bản {restoring[:10]}: bấm Lưu để khôi phục bài về phiên bản này.")
    form = from_front_matter(matter.data, matter.body)
    notice, published_at = outcome(desk, request.query_params.get("da", ""), text, form)
    findings = desk.checker.findings(text, other_slugs(desk, path))
    return edit_page(desk, request, account, session.csrf, form, path, digest(text), findings, notice=notice,
                     published_at=published_at, opened_text=carried(text))


def outcome(desk: Desk, done: str, text: str, form: ArticleForm) -> tuple[str, str]:
    """What to tell the editor once an action is done on the article (text, form): a notice, and
    the published page's address when the article is on the site."""
    notice = DONE_NOTICES.get(done, "")
    if not notice or form.status != PUBLISHED:
        return notice, ""
    try:
        scheduled = parse_datetime(form.values.get("date", "")) > dates.now()
    except ValueError:
        scheduled = False
    if scheduled:
        return (f"Đã duyệt. Bài hẹn giờ: sẽ tự lên trang lúc {form.values['date'].strip()} "
                "(giờ Việt Nam), chưa hiện trên trang trước giờ đó."), ""
    if done in ("luu", "hop-nhat"):
        notice = f"{notice} {NOT_YET_ON_SITE}"
    return notice, _address(desk, text)


def other_slugs(desk: Desk, path: str | None) -> dict[str, str]:
    return {e.slug: f"content/articles/{e.path}" for e in desk.articles.entries() if e.path != path and e.slug}


def _address(desk: Desk, text: str) -> str:
    """The published page's address on the site."""
    document, _ = desk.checker.problems(text)
    if document is None:
        return ""
    settings = desk.checker.settings
    url = settings["ARTICLE_URL"].format(date=document.fields["date"], slug=document.fields["slug"])
    return f"{settings['SITEURL']}/{url}"



async def read_figure(request: Request) -> Response:
    """A statistics row's value and period as the parsers read them, for the form's live check."""
    desk: Desk = request.app.state.desk
    if not desk.signed_in(request):
        return JSONResponse({"error": {"code": "signed_out", "message": "Hãy đăng nhập lại."}}, status_code=401)
    cells = [request.query_params.get(name, "")[:200] for name in ("chi-tieu", "gia-tri", "ky")]
    value, period = desk.checker.readings(StatRow(*cells))
    return JSONResponse({"value": {"text": value.text, "error": value.error},
                         "period": {"text": period.text, "error": period.error}}, headers={"Cache-Control": "no-store"})


async def article_history(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    if not (signed := desk.signed_in(request)):
        return to_login(request)
    session, account = signed
    path = request.path_params["path"]
    opened = open_article(desk, request, path)
    if isinstance(opened, Response):
        return opened
    return desk.page(request, "history.html", account=account, csrf=session.csrf, path=path,
                     enabled=desk.history.enabled, versions=desk.history.versions(opened.file), quote=quote)
