"""The desk's web application: the route table, sign-in, and the article list and form."""

import difflib
import secrets
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from toandan import dates

from .accounts import APPROVER, Account, Accounts
from .articles import Articles, Conflict, UnsafePath, digest
from .audit import AuditLog
from .checking import Checker
from .history import History
from .preview import Previewer
from .images import MAX_BYTES, ImageRefused, store
from .config import DeskConfig
from .model import DRAFT, PENDING, PUBLISHED, STATES, ArticleForm, StatRow, from_fields, from_front_matter
from .publishing import build_site
from .sessions import COOKIE, LOGIN_COOKIE, LoginLimiter, Sessions, Signer, load_secret
from .writing import write
from content_model.frontmatter import FrontMatterError, split
from toandan.dates import parse_datetime
from toandan.text import slugify

HERE = Path(__file__).parent
FORM_LIMIT = 2 * 1024 * 1024  # bytes of a posted form; an article's text is far below
EXTRA_ROWS = 2  # empty statistics rows under the filled ones, so a figure can be added without script
# Each action of the edit form: who may take it, the state it leaves the article in (None: as it was),
# whether the article must have no problems, and whether the site is built after.
ACTIONS = {
    "kiem-tra": (False, None, False, False),
    "them-dong": (False, None, False, False),
    "xem-truoc": (False, None, False, False),
    "luu": (False, None, False, False),
    "gui-duyet": (False, PENDING, True, False),
    "xuat-ban": (True, PUBLISHED, True, True),
    "go-bai": (True, DRAFT, False, True),
}
VERBS = {"luu": "Lưu bài", "gui-duyet": "Gửi duyệt", "xuat-ban": "Xuất bản", "go-bai": "Gỡ bài"}
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class Desk:
    """Everything a request needs, made once from the configuration."""

    def __init__(self, config: DeskConfig):
        self.config = config
        self.accounts = Accounts(config.users)
        self.audit = AuditLog(config.audit)
        self.sessions = Sessions(config.idle_minutes * 60)
        self.limiter = LoginLimiter(config.lock_minutes * 60)
        self.signer = Signer(load_secret(config.secret))
        self.checker = Checker(config.settings)
        self.articles = Articles(self.checker.articles, config.audit.parent / "desk-conflicts")
        self.history = History(self.checker.content)
        self.previewer = Previewer(self.checker.settings)
        self.templates = Environment(loader=FileSystemLoader(HERE / "templates"),
                                     autoescape=select_autoescape(default=True), auto_reload=False)
        self.templates.globals.update(STATES=STATES)

    def address(self, request: Request) -> str:
        if self.config.behind_proxy and (real := request.headers.get("x-real-ip")):
            return real
        return request.client.host if request.client else ""

    def secure(self, request: Request) -> bool:
        if self.config.behind_proxy:
            return request.headers.get("x-forwarded-proto") == "https"
        return request.url.scheme == "https"

    def page(self, request: Request, template: str, status: int = 200, **values) -> HTMLResponse:
        base = request.scope.get("root_path", "")
        html = self.templates.get_template(template).render(base=base, registry=self.checker.registry, **values)
        return HTMLResponse(html, status_code=status, headers=HEADERS)

    def signed_in(self, request: Request):
        """(session, account) of the request, or None."""
        session = self.sessions.get(self.signer.unsign(request.cookies.get(COOKIE)))
        if session is None:
            return None
        account = self.accounts.get(session.account)
        return (session, account) if account else None


async def posted(request: Request) -> dict[str, list[str]] | None:
    """A posted urlencoded form, or None when it is not one or too large."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > FORM_LIMIT:
            return None
    try:
        return parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=5000)
    except (UnicodeDecodeError, ValueError):
        return None


async def uploaded(request: Request) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]] | None:
    """A posted multipart form: its text fields, and its files as (name, bytes); None when it is not
    one or too large. Parsed with the standard library's MIME parser."""
    from email.parser import BytesParser
    from email.policy import HTTP

    kind = request.headers.get("content-type", "")
    if kind.split(";")[0].strip() != "multipart/form-data":
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_BYTES + 64 * 1024:
            return None
    message = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + kind.encode("latin-1") + b"\r\n\r\n" + body)
    if not message.is_multipart():
        return None
    texts, files = {}, {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        payload = part.get_payload(decode=True) or b""
        if part.get_filename() is not None:
            files[name] = (part.get_filename(), payload)
        else:
            texts[name] = payload.decode("utf-8", errors="replace")
    return texts, files


def first(fields: dict[str, list[str]], name: str) -> str:
    return (fields.get(name) or [""])[0]


def refused(desk: Desk, request: Request, status: int, message: str) -> HTMLResponse:
    return desk.page(request, "message.html", status=status, title="Không thực hiện được", message=message)


# Sign-in

async def login_form(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    token = secrets.token_urlsafe(24)
    response = desk.page(request, "login.html", csrf=token, error=request.query_params.get("loi", ""))
    _set_cookie(desk, request, response, LOGIN_COOKIE, desk.signer.sign(token))
    return response


async def login(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    fields = await posted(request)
    if fields is None:
        return refused(desk, request, 400, "Biểu mẫu không hợp lệ.")
    expected = desk.signer.unsign(request.cookies.get(LOGIN_COOKIE))
    if not expected or not secrets.compare_digest(expected, first(fields, "csrf")):
        return refused(desk, request, 403, "Biểu mẫu đăng nhập đã hết hạn: hãy mở lại trang đăng nhập.")
    name, password, address = first(fields, "name").strip(), first(fields, "password"), desk.address(request)
    if wait := desk.limiter.locked(name, address):
        desk.audit.record(name, "dang-nhap-khi-khoa", address=address)
        return _login_again(desk, request, 429, _locked(wait))
    account = desk.accounts.authenticate(name, password)
    if account is None:
        desk.audit.record(name, "dang-nhap-sai", address=address)
        if desk.limiter.failed(name, address):
            return _login_again(desk, request, 429, _locked(desk.limiter.locked(name, address)))
        return _login_again(desk, request, 401, "Sai tên tài khoản hoặc mật khẩu.")
    desk.limiter.succeeded(name, address)
    desk.audit.record(name, "dang-nhap", address=address)
    response = RedirectResponse(f"{request.scope.get('root_path', '')}/", status_code=303)
    _set_cookie(desk, request, response, COOKIE, desk.signer.sign(desk.sessions.start(account.name)))
    response.delete_cookie(LOGIN_COOKIE, path=request.scope.get("root_path", "") or "/")
    return response


def _locked(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return (f"Đăng nhập sai quá nhiều lần: tài khoản hoặc địa chỉ này tạm khóa, hãy thử lại sau {minutes} phút. "
            "Quên mật khẩu thì nhờ quản trị đặt lại.")


def _login_again(desk: Desk, request: Request, status: int, error: str) -> Response:
    token = secrets.token_urlsafe(24)
    response = desk.page(request, "login.html", status=status, csrf=token, error=error)
    _set_cookie(desk, request, response, LOGIN_COOKIE, desk.signer.sign(token))
    return response


def _set_cookie(desk: Desk, request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(name, value, httponly=True, samesite="strict", secure=desk.secure(request),
                        path=request.scope.get("root_path", "") or "/")


async def logout(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    signed = desk.signed_in(request)
    fields = await posted(request) or {}
    if signed and secrets.compare_digest(signed[0].csrf, first(fields, "csrf")):
        desk.sessions.end(desk.signer.unsign(request.cookies.get(COOKIE)))
        desk.audit.record(signed[1].name, "dang-xuat", address=desk.address(request))
    response = RedirectResponse(f"{request.scope.get('root_path', '')}/dang-nhap", status_code=303)
    response.delete_cookie(COOKIE, path=request.scope.get("root_path", "") or "/")
    return response


def _to_login(request: Request) -> Response:
    return RedirectResponse(f"{request.scope.get('root_path', '')}/dang-nhap", status_code=303)


# The article list

async def article_list(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    if not (signed := desk.signed_in(request)):
        return _to_login(request)
    session, account = signed
    chosen = {name: request.query_params.get(name, "") for name in ("trang-thai", "chuyen-muc", "don-vi", "nam", "q")}
    entries = desk.articles.entries()
    years = sorted({e.date.year for e in entries if e.date}, reverse=True)
    shown = [e for e in entries
             if (not chosen["trang-thai"] or e.status == chosen["trang-thai"])
             and (not chosen["chuyen-muc"] or e.category == chosen["chuyen-muc"])
             and (not chosen["don-vi"] or e.unit == chosen["don-vi"])
             and (not chosen["nam"] or (e.date and str(e.date.year) == chosen["nam"]))
             and (not chosen["q"] or e.matches(chosen["q"]))]
    return desk.page(request, "list.html", account=account, csrf=session.csrf, entries=shown, chosen=chosen,
                     years=years, total=len(entries), quote=quote)


# The edit form

def _readings(desk: Desk, form: ArticleForm):
    return [desk.checker.readings(row) for row in form.stats]


def _edit_page(desk: Desk, request: Request, account: Account, csrf: str, form: ArticleForm, path: str | None,
               opened: str, findings=None, status: int = 200, notice: str = "", build_problems=(),
               published_at: str = "") -> Response:
    used = Counter(tag for entry in desk.articles.entries() for tag in entry.tags)
    return desk.page(request, "edit.html", status=status, account=account, csrf=csrf, form=form, path=path,
                     known_tags=[tag for tag, _ in used.most_common(40)],
                     opened=opened, findings=findings, readings=_readings(desk, form), extra_rows=EXTRA_ROWS,
                     notice=notice, build_problems=build_problems, published_at=published_at,
                     may_edit=_may_edit(account, form.status if path else DRAFT))


def _may_edit(account: Account, status: str) -> bool:
    return account.approver or status in (DRAFT, PENDING)


async def new_article(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    if not (signed := desk.signed_in(request)):
        return _to_login(request)
    session, account = signed
    form = ArticleForm(values={"date": f"{dates.now():%Y-%m-%d %H:%M}"}, status=DRAFT)
    return _edit_page(desk, request, account, session.csrf, form, None, "")


async def edit_article(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    if not (signed := desk.signed_in(request)):
        return _to_login(request)
    session, account = signed
    path = request.path_params["path"]
    try:
        text = desk.articles.read(path)
    except UnsafePath:
        return refused(desk, request, 400, "Đường dẫn bài viết không hợp lệ.")
    if text is None:
        return refused(desk, request, 404, "Không có bài viết này.")
    try:
        matter = split(text)
    except FrontMatterError as error:
        return refused(desk, request, 422, f"Phần thông tin đầu bài không đọc được (dòng {error.line}): "
                                           f"{error.reason}. Cần sửa tệp bằng trình soạn thảo văn bản.")
    restoring = request.query_params.get("phien-ban", "")
    if restoring:
        # An earlier version, loaded into the form: saving it makes it the current one (a new commit).
        earlier = desk.history.text_at(desk.articles.resolve(path), restoring)
        if earlier is None:
            return refused(desk, request, 404, "Không có phiên bản này của bài.")
        try:
            matter = split(earlier)
        except FrontMatterError as error:
            return refused(desk, request, 422, f"Phiên bản này không đọc được: {error.reason}")
        form = from_front_matter(matter.data, matter.body)
        return _edit_page(desk, request, account, session.csrf, form, path, digest(text),
                          desk.checker.findings(earlier, _others(desk, path)),
                          notice=f"Đang mở phiên bản {restoring[:10]}: bấm Lưu để khôi phục bài về phiên bản này.")
    form = from_front_matter(matter.data, matter.body)
    notice = {"luu": "Đã lưu.", "gui-duyet": "Đã gửi duyệt.", "xuat-ban": "Đã xuất bản.",
              "go-bai": "Đã gỡ bài khỏi trang."}.get(request.query_params.get("da", ""), "")
    findings = desk.checker.findings(text, _others(desk, path))
    published_at = _address(desk, text) if form.status == PUBLISHED and notice else ""
    try:
        scheduled = form.status == PUBLISHED and parse_datetime(form.values.get("date", "")) > dates.now()
    except ValueError:
        scheduled = False
    if scheduled and notice:
        notice = (f"Đã duyệt. Bài hẹn giờ: sẽ tự lên trang lúc {form.values['date'].strip()} "
                  "(giờ Việt Nam), chưa hiện trên trang trước giờ đó.")
        published_at = ""
    return _edit_page(desk, request, account, session.csrf, form, path, digest(text), findings, notice=notice,
                      published_at=published_at)


def _others(desk: Desk, path: str | None) -> dict[str, str]:
    return {e.slug: f"content/articles/{e.path}" for e in desk.articles.entries() if e.path != path and e.slug}


def _address(desk: Desk, text: str) -> str:
    """The published page's address on the site."""
    document, _ = desk.checker.problems(text)
    if document is None:
        return ""
    settings = desk.checker.settings
    url = settings["ARTICLE_URL"].format(date=document.fields["date"], slug=document.fields["slug"])
    return f"{settings['SITEURL']}/{url}"


async def save_article(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    signed = desk.signed_in(request)
    if not signed:
        return refused(desk, request, 403, "Phiên làm việc đã hết: hãy đăng nhập lại (bài chưa được lưu).")
    session, account = signed
    fields = await posted(request)
    if fields is None:
        return refused(desk, request, 400, "Biểu mẫu không hợp lệ.")
    if not secrets.compare_digest(session.csrf, first(fields, "csrf")):
        desk.audit.record(account.name, "tu-choi-csrf", request.url.path, desk.address(request))
        return refused(desk, request, 403, "Biểu mẫu không có mã xác nhận hợp lệ: hãy mở lại trang rồi làm lại.")
    action = first(fields, "action") or "luu"
    if action not in ACTIONS:
        return refused(desk, request, 400, "Thao tác không hợp lệ.")
    approvers_only, target_status, must_be_clean, builds = ACTIONS[action]
    path = request.path_params.get("path")
    address = desk.address(request)
    if approvers_only and not account.approver:
        desk.audit.record(account.name, f"tu-choi-{action}", path or "", address)
        return refused(desk, request, 403, "Chỉ tài khoản duyệt bài mới được xuất bản hoặc gỡ bài.")

    form = from_fields(fields)
    opened = first(fields, "opened")
    if path is not None:
        try:
            original = desk.articles.read(path)
        except UnsafePath:
            return refused(desk, request, 400, "Đường dẫn bài viết không hợp lệ.")
        if original is None:
            return refused(desk, request, 404, "Không có bài viết này (có thể đã bị xóa hoặc đổi tên).")
        try:
            before = from_front_matter(split(original).data, "")
        except FrontMatterError:
            return refused(desk, request, 422, "Phần thông tin đầu bài không đọc được: cần sửa bằng trình soạn thảo.")
        if not _may_edit(account, before.status):
            desk.audit.record(account.name, f"tu-choi-{action}", path, address)
            return refused(desk, request, 403, "Bài đã xuất bản: chỉ tài khoản duyệt bài được sửa.")
        base_status = before.status
        if before.status == PUBLISHED and not before.values["slug"].strip() and not form.values["slug"].strip():
            published_slug = slugify(before.values["title"])
            if published_slug and slugify(form.values["title"]) != published_slug:
                # A published article keeps its address (and the views and ratings counted under it)
                # when its title is corrected: the slug the old title made is written down.
                form.values["slug"] = published_slug
    else:
        original, base_status = None, DRAFT
    # An editor's save takes a submitted article back to a draft; an approver's keeps its state.
    previous = base_status
    form.status = target_status or (base_status if account.approver else DRAFT)

    if path is None:
        slug = form.values.get("slug", "").strip() or slugify(form.values.get("title", ""))
        try:
            moment = parse_datetime(form.values.get("date", ""))
        except ValueError:
            moment = dates.now()
        try:
            new_path = desk.articles.new_path(slug, moment) if slug else None
        except UnsafePath:
            desk.audit.record(account.name, "tu-choi-duong-dan", slug, address)
            text = write(None, form)
            findings = desk.checker.findings(text)
            findings.fields.setdefault("slug", []).insert(0, "slug chỉ gồm chữ thường không dấu, số và dấu '-'")
            return _edit_page(desk, request, account, session.csrf, form, None, opened, findings, status=400)
    if action == "xem-truoc":
        preview = desk.previewer.preview(form.values.get("title", ""), form.values.get("summary", ""), form.body)
        return desk.page(request, "preview.html", account=account, csrf=session.csrf, preview=preview, form=form,
                         readings=_readings(desk, form))
    text = write(original, form)
    findings = desk.checker.findings(text, _others(desk, path or (new_path if path is None else None)))
    if path is None and new_path is None:
        findings.fields.setdefault("title", []).append("cần tiêu đề để đặt tên tệp")
    if must_be_clean and form.values.get("image", "").strip() and not form.values.get("image_alt", "").strip():
        # The desk asks more than the build here: what reaches review carries its alternative text.
        findings.fields.setdefault("image_alt", []).append(
            "cần mô tả ảnh (cho người không xem được ảnh) trước khi gửi duyệt hoặc xuất bản")
    if action in ("kiem-tra", "them-dong") or (path is None and new_path is None):
        return _edit_page(desk, request, account, session.csrf, form, path, opened, findings,
                          status=200 if action in ("kiem-tra", "them-dong") else 422)
    if (must_be_clean or form.status == PUBLISHED) and findings:
        what = {"gui-duyet": "gửi duyệt", "xuat-ban": "xuất bản"}.get(action, "lưu bài đã xuất bản")
        return _edit_page(desk, request, account, session.csrf, form, path, opened, findings, status=422,
                          notice=f"Chưa {what} được: còn {findings.count()} lỗi, xem bên cạnh từng ô.")
    target = path or new_path
    try:
        desk.articles.save(target, text, opened, account.name)
    except Conflict as conflict:
        desk.audit.record(account.name, "xung-dot", target, address, detail=str(conflict.kept.name))
        changes = "\n".join(difflib.unified_diff((conflict.on_disk or "").splitlines(), text.splitlines(),
                                                  "Bản trên máy chủ", "Bản của bạn", lineterm=""))
        return desk.page(request, "conflict.html", status=409, account=account, path=target, mine=text,
                         theirs=conflict.on_disk, kept=conflict.kept.name, changes=changes)
    desk.audit.record(account.name, action, target, address)
    title = form.values.get("title", "").strip()
    desk.history.record(desk.articles.resolve(target), account.name, f"{VERBS[action]}: {title}")
    if builds:
        result = await run_in_threadpool(build_site, desk.config.settings, desk.config.output)
        if not result.ok:
            # The article goes back to the state it was in: the site and the file agree again.
            form.status = previous
            reverted = write(text, form)
            desk.articles.save(target, reverted, digest(text), account.name)
            desk.audit.record(account.name, f"{action}-that-bai", target, address)
            desk.history.record(desk.articles.resolve(target), account.name,
                                f"Dựng trang không thành công, trả bài về trạng thái trước: {title}")
            return _edit_page(desk, request, account, session.csrf, form, target, digest(reverted),
                              desk.checker.findings(reverted, _others(desk, target)), status=422,
                              notice="Dựng trang không thành công: trang công khai vẫn giữ nguyên như trước.",
                              build_problems=result.problems)
    base = request.scope.get("root_path", "")
    return RedirectResponse(f"{base}/bai/{quote(target)}?{urlencode({'da': action})}", status_code=303)


async def read_figure(request: Request) -> Response:
    """A statistics row's value and period as the parsers read them, for the form's live check."""
    desk: Desk = request.app.state.desk
    if not desk.signed_in(request):
        return JSONResponse({"error": {"code": "signed_out", "message": "Hãy đăng nhập lại."}}, status_code=401)
    cells = [request.query_params.get(name, "")[:200] for name in ("chi-tieu", "gia-tri", "ky")]
    value, period = desk.checker.readings(StatRow(*cells))
    return JSONResponse({"value": {"text": value.text, "error": value.error},
                         "period": {"text": period.text, "error": period.error}}, headers={"Cache-Control": "no-store"})


# Images

def _images(desk: Desk) -> list[str]:
    folder = desk.checker.content / "images"
    found = sorted(folder.glob("*.*"), key=lambda p: p.stat().st_mtime, reverse=True) if folder.is_dir() else []
    return [f"images/{p.name}" for p in found if not p.name.startswith(".")][:30]


async def image_form(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    if not (signed := desk.signed_in(request)):
        return _to_login(request)
    session, account = signed
    return desk.page(request, "images.html", account=account, csrf=session.csrf, images=_images(desk))


async def upload_image(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    if not (signed := desk.signed_in(request)):
        return refused(desk, request, 403, "Phiên làm việc đã hết: hãy đăng nhập lại.")
    session, account = signed
    form = await uploaded(request)
    if form is None:
        return refused(desk, request, 413 if request.headers.get("content-type", "").startswith("multipart/")
                       else 400, f"Không nhận được ảnh: chỉ nhận một ảnh đến {MAX_BYTES // 1024 // 1024} MB.")
    texts, files = form
    if not secrets.compare_digest(session.csrf, texts.get("csrf", "")):
        desk.audit.record(account.name, "tu-choi-csrf", request.url.path, desk.address(request))
        return refused(desk, request, 403, "Biểu mẫu không có mã xác nhận hợp lệ: hãy mở lại trang rồi làm lại.")
    name, data = files.get("anh", ("", b""))
    try:
        stored = store(data, name, desk.checker.content / "images")
    except ImageRefused as error:
        desk.audit.record(account.name, "tu-choi-anh", name[:200], desk.address(request), detail=str(error))
        return desk.page(request, "images.html", status=422, account=account, csrf=session.csrf,
                         images=_images(desk), error=str(error))
    desk.audit.record(account.name, "tai-anh", stored.path, desk.address(request))
    desk.history.record(desk.checker.content / stored.path, account.name, f"Tải ảnh lên: {stored.path}")
    return desk.page(request, "images.html", account=account, csrf=session.csrf, images=_images(desk),
                     stored=stored)


async def article_history(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    if not (signed := desk.signed_in(request)):
        return _to_login(request)
    session, account = signed
    path = request.path_params["path"]
    try:
        file = desk.articles.resolve(path)
    except UnsafePath:
        return refused(desk, request, 400, "Đường dẫn bài viết không hợp lệ.")
    if not file.exists():
        return refused(desk, request, 404, "Không có bài viết này.")
    return desk.page(request, "history.html", account=account, csrf=session.csrf, path=path,
                     enabled=desk.history.enabled, versions=desk.history.versions(file), quote=quote)


def app(config: DeskConfig | None = None) -> Starlette:
    desk = Desk(config or DeskConfig.from_env())
    routes = [
        Route("/", article_list),
        Route("/dang-nhap", login_form, methods=["GET"]),
        Route("/dang-nhap", login, methods=["POST"]),
        Route("/dang-xuat", logout, methods=["POST"]),
        Route("/bai-moi", new_article, methods=["GET"]),
        Route("/bai-moi", save_article, methods=["POST"]),
        Route("/bai/{path:path}", edit_article, methods=["GET"]),
        Route("/bai/{path:path}", save_article, methods=["POST"]),
        Route("/lich-su/{path:path}", article_history, methods=["GET"]),
        Route("/doc-so", read_figure, methods=["GET"]),
        Route("/anh", image_form, methods=["GET"]),
        Route("/anh", upload_image, methods=["POST"]),
        Mount("/tep", StaticFiles(directory=HERE / "static"), name="static"),
        # The site's own stylesheet, for previews.
        Mount("/giao-dien", StaticFiles(directory=Path(desk.checker.settings["THEME"]) / "static"), name="theme"),
    ]
    application = Starlette(routes=routes)
    application.state.desk = desk
    return application
