"""What every page of the desk shares: the desk's parts made once, pages, forms and cookies."""

from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from toandan.vietnamese import dates

from .accounts import Account, Accounts
from .articles import Articles
from .audit import AuditLog
from .checking import Checker
from .config import DeskConfig
from .history import History
from .images import MAX_BYTES
from .model import STATES
from .preview import Previewer
from .publishing import Publisher
from .sessions import COOKIE, LoginLimiter, Session, Sessions, Signer, load_secret

HERE = Path(__file__).parent
FORM_LIMIT = 2 * 1024 * 1024  # bytes of a posted form; an article's text is far below
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
        self.previewer = Previewer(self.checker)
        self.publisher = Publisher(config.settings, config.output)
        self.templates = Environment(loader=FileSystemLoader(HERE / "templates"),
                                     autoescape=select_autoescape(default=True), auto_reload=False)
        self.templates.globals.update(STATES=STATES)
        self.templates.filters["local_time"] = local_time

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


def local_time(stamp: str) -> str:
    """An ISO 8601 time (git's, the audit log's) as Vietnamese time, the way the site writes it;
    a text that is not one is shown as it is."""
    try:
        moment = datetime.fromisoformat(stamp)
    except (TypeError, ValueError):
        return stamp
    return dates.dateline(moment)


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


async def uploaded(request: Request, limit: int = MAX_BYTES + 64 * 1024
                   ) -> tuple[dict[str, list[str]], dict[str, tuple[str, bytes]]] | None:
    """A posted multipart form: its text fields (each name's values in order), and its files as
    (name, bytes); None when it is not one or over limit bytes. Parsed with the standard library's
    MIME parser."""
    from email.parser import BytesParser
    from email.policy import HTTP

    kind = request.headers.get("content-type", "")
    if kind.split(";")[0].strip() != "multipart/form-data":
        return None
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
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
            texts.setdefault(name, []).append(payload.decode("utf-8", errors="replace"))
    return texts, files


async def posted_with_files(request: Request) -> tuple[dict[str, list[str]], dict[str, tuple[str, bytes]]] | None:
    """A posted form, urlencoded or multipart (a form with a photo to upload): its fields and files."""
    if request.headers.get("content-type", "").startswith("multipart/"):
        return await uploaded(request, MAX_BYTES + FORM_LIMIT)
    fields = await posted(request)
    return None if fields is None else (fields, {})


def first(fields: dict[str, list[str]], name: str) -> str:
    return (fields.get(name) or [""])[0]


def refused(desk: Desk, request: Request, status: int, message: str) -> HTMLResponse:
    return desk.page(request, "message.html", status=status, title="Không thực hiện được", message=message)


def set_cookie(desk: Desk, request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(name, value, httponly=True, samesite="strict", secure=desk.secure(request),
                        path=request.scope.get("root_path", "") or "/")


def to_login(request: Request) -> Response:
    return RedirectResponse(f"{request.scope.get('root_path', '')}/dang-nhap", status_code=303)


def approver_or_answer(request: Request, refusal: str) -> tuple[Desk, Session, Account] | Response:
    """The desk, session and account of a signed-in approver; for anyone else, the answer to give:
    the sign-in page, or 403 saying refusal."""
    desk: Desk = request.app.state.desk
    if not (signed := desk.signed_in(request)):
        return to_login(request)
    session, account = signed
    if not account.approver:
        return refused(desk, request, 403, refusal)
    return desk, session, account
