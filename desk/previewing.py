"""The preview's pages: an article as the site would publish it (preview.py), and the files that page
loads (the theme's stylesheet and scripts, the site's images), for a signed-in account only."""

from pathlib import Path, PurePosixPath

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response

from .web import HEADERS, Desk, refused

FILE_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store"}


def preview_page(desk: Desk, request: Request, text: str) -> HTMLResponse:
    """The page for an article's text, as the desk would save it."""
    html = desk.previewer.page(text, request.scope.get("root_path", ""))
    # The theme's own inline script runs, as on the site; nothing else inline does.
    scripts = " ".join(("'self'", *desk.previewer.script_hashes))
    # Framed by the desk's own form for the live preview, by no other site.
    policy = f"default-src 'self'; script-src {scripts}; frame-ancestors 'self'; form-action 'self'"
    return HTMLResponse(html, headers={**HEADERS, "Content-Security-Policy": policy, "X-Robots-Tag": "noindex"})


async def preview_file(request: Request) -> Response:
    """A file the preview page loads, from where the site's build takes it."""
    desk: Desk = request.app.state.desk
    if not desk.signed_in(request):
        return refused(desk, request, 403, "Hãy đăng nhập bàn biên tập để xem bản xem trước.")
    top, _, rest = request.path_params["path"].partition("/")
    settings = desk.checker.settings
    if top == "api":  # the reader widgets' calls: a preview counts no views and takes no ratings
        return JSONResponse({"error": {"code": "preview", "message": "Bản xem trước không có lượt xem hay đánh giá."}},
                            status_code=404, headers=FILE_HEADERS)
    folders = {settings["THEME_STATIC_DIR"]: [Path(settings["THEME"], name) for name in settings["THEME_STATIC_PATHS"]]}
    folders.update((name, [desk.checker.content / name]) for name in settings["STATIC_PATHS"])
    for folder in folders.get(top, []):
        if (found := inside(folder, rest)) is not None:
            return FileResponse(found, headers=FILE_HEADERS)
    return refused(desk, request, 404, "Bản xem trước không có tệp này.")


def inside(folder: Path, relative: str) -> Path | None:
    """The file at relative under folder, or None when there is none or the path leaves the folder."""
    parts = PurePosixPath(relative).parts
    if not parts or relative.startswith("/") or any(part in (".", "..") or "\x00" in part or "\\" in part
                                                    for part in parts):
        return None
    root = folder.resolve()
    path = (root / relative).resolve()
    return path if root in path.parents and path.is_file() else None
