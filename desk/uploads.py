"""Images uploaded from the desk, on their own page or with an article's form (images.py checks and
stores them)."""

from starlette.requests import Request
from starlette.responses import Response

from .images import MAX_BYTES, ImageRefused, Stored, store
from .sessions import same_token
from .web import Desk, first, refused, to_login, uploaded


def _images(desk: Desk) -> list[str]:
    folder = desk.checker.content / "images"
    found = sorted(folder.glob("*.*"), key=lambda p: p.stat().st_mtime, reverse=True) if folder.is_dir() else []
    return [f"images/{p.name}" for p in found if not p.name.startswith(".")][:30]


async def image_form(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    if not (signed := desk.signed_in(request)):
        return to_login(request)
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
    if not same_token(session.csrf, first(texts, "csrf")):
        desk.audit.record(account.name, "tu-choi-csrf", request.url.path, desk.address(request))
        return refused(desk, request, 403, "Biểu mẫu không có mã xác nhận hợp lệ: hãy mở lại trang rồi làm lại.")
    stored = keep_photo(desk, request, account.name, files.get("anh", ("", b"")))
    if isinstance(stored, str):
        return desk.page(request, "images.html", status=422, account=account, csrf=session.csrf,
                         images=_images(desk), error=stored)
    return desk.page(request, "images.html", account=account, csrf=session.csrf, images=_images(desk),
                     stored=stored)


def keep_photo(desk: Desk, request: Request, account: str, upload: tuple[str, bytes]) -> Stored | str:
    """An uploaded file (name, bytes) checked and stored under content/images/, logged and committed;
    or why it was refused, in words for the editor."""
    name, data = upload
    try:
        stored = store(data, name, desk.checker.content / "images")
    except ImageRefused as error:
        desk.audit.record(account, "tu-choi-anh", name[:200], desk.address(request), detail=str(error))
        return str(error)
    desk.audit.record(account, "tai-anh", stored.path, desk.address(request))
    desk.history.record(desk.checker.content / stored.path, account, f"Tải ảnh lên: {stored.path}")
    return stored
