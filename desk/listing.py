"""The article list: every article, newest first, filtered by state, category, unit and year, and
found by the words of its title."""

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from .web import Desk, to_login


async def article_list(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    if not (signed := desk.signed_in(request)):
        return to_login(request)
    session, account = signed
    chosen = {name: request.query_params.get(name, "") for name in ("trang-thai", "chuyen-muc", "don-vi", "nam", "q")}
    notice = "Đã xóa bài (bản cuối được cất lại)." if request.query_params.get("da") == "xoa" else ""
    entries = desk.articles.entries()
    years = sorted({e.date.year for e in entries if e.date}, reverse=True)
    shown = [e for e in entries
             if (not chosen["trang-thai"] or e.status == chosen["trang-thai"])
             and (not chosen["chuyen-muc"] or e.category == chosen["chuyen-muc"])
             and (not chosen["don-vi"] or e.unit == chosen["don-vi"])
             and (not chosen["nam"] or (e.date and str(e.date.year) == chosen["nam"]))
             and (not chosen["q"] or e.matches(chosen["q"]))]
    # Titles with the words as typed (diacritics and all) first, as the site's search ranks them; newest
    # first within each.
    shown.sort(key=lambda entry: not entry.matches(chosen["q"], exactly=True))
    return desk.page(request, "list.html", account=account, csrf=session.csrf, entries=shown, chosen=chosen,
                     years=years, total=len(entries), quote=quote, notice=notice)
