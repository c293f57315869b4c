"""Signing in and out: the login form with its own CSRF token, limits on wrong passwords, sessions."""

import secrets

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from .accounts import NAME_LIMIT
from .sessions import COOKIE, LOGIN_COOKIE, same_token
from .web import Desk, first, posted, refused, set_cookie


async def login_form(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    token = secrets.token_urlsafe(24)
    response = desk.page(request, "login.html", csrf=token, error=request.query_params.get("loi", ""))
    set_cookie(desk, request, response, LOGIN_COOKIE, desk.signer.sign(token))
    return response


async def login(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    fields = await posted(request)
    if fields is None:
        return refused(desk, request, 400, "Biểu mẫu không hợp lệ.")
    expected = desk.signer.unsign(request.cookies.get(LOGIN_COOKIE))
    if not expected or not same_token(expected, first(fields, "csrf")):
        return refused(desk, request, 403, "Biểu mẫu đăng nhập đã hết hạn: hãy mở lại trang đăng nhập.")
    # Cut to more than any account name holds: the name is counted and logged, whatever was posted.
    name = first(fields, "name").strip()[:NAME_LIMIT]
    password, address = first(fields, "password"), desk.address(request)
    if wait := desk.limiter.locked(name, address):
        desk.audit.record(name, "dang-nhap-khi-khoa", address=address)
        return _login_again(desk, request, 429, _locked(wait), name)
    account = desk.accounts.authenticate(name, password)
    if account is None:
        desk.audit.record(name, "dang-nhap-sai", address=address)
        if desk.limiter.failed(name, address):
            return _login_again(desk, request, 429, _locked(desk.limiter.locked(name, address)), name)
        return _login_again(desk, request, 401, "Sai tên tài khoản hoặc mật khẩu.", name)
    desk.limiter.succeeded(name, address)
    desk.audit.record(name, "dang-nhap", address=address)
    response = RedirectResponse(f"{request.scope.get('root_path', '')}/", status_code=303)
    set_cookie(desk, request, response, COOKIE, desk.signer.sign(desk.sessions.start(account.name)))
    response.delete_cookie(LOGIN_COOKIE, path=request.scope.get("root_path", "") or "/")
    return response


def _locked(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return (f"Đăng nhập sai quá nhiều lần: tài khoản hoặc địa chỉ này tạm khóa, hãy thử lại sau {minutes} phút. "
            "Quên mật khẩu thì nhờ quản trị đặt lại.")


def _login_again(desk: Desk, request: Request, status: int, error: str, name: str) -> Response:
    """The form again with its message, the name as typed kept (only the password is typed again)."""
    token = secrets.token_urlsafe(24)
    response = desk.page(request, "login.html", status=status, csrf=token, error=error, name=name)
    set_cookie(desk, request, response, LOGIN_COOKIE, desk.signer.sign(token))
    return response


async def logout(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    signed = desk.signed_in(request)
    fields = await posted(request) or {}
    if signed and same_token(signed[0].csrf, first(fields, "csrf")):
        desk.sessions.end(desk.signer.unsign(request.cookies.get(COOKIE)))
        desk.audit.record(signed[1].name, "dang-xuat", address=desk.address(request))
    response = RedirectResponse(f"{request.scope.get('root_path', '')}/dang-nhap", status_code=303)
    response.delete_cookie(COOKIE, path=request.scope.get("root_path", "") or "/")
    return response
