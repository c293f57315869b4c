"""The article list and the edit form: reading back, checking, saving, the workflow and publishing."""

import difflib
import re
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from content_model.frontmatter import FrontMatterError, split
from toandan.vietnamese import dates
from toandan.vietnamese.dates import parse_datetime
from toandan.vietnamese.numbers import FigureError, parse_figure
from toandan.vietnamese.prose_stats import suggest_statistics
from toandan.vietnamese.text import slugify

from .accounts import Account
from .articles import Conflict, UnsafePath, digest
from .merging import Merged, carried, marked, merge, uncarried
from .model import (DRAFT, PENDING, PUBLISHED, STATES, ArticleForm, StatRow, SuggestedStat, from_fields,
                    from_front_matter)
from .previewing import preview_page
from .publishing import Job
from .sessions import same_token
from .web import Desk, first, posted, refused, to_login
from .writing import write

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
    "xoa": (False, None, False, False),
    "tim-so-lieu": (False, None, False, False),
    "nhan-goi-y": (False, None, False, False),
    "bo-goi-y": (False, None, False, False),
    "hop-nhat": (False, None, False, False),
}
# The suggestions' actions re-show the form changed, and write nothing: the change is saved with "Lưu".
SUGGESTION_ACTIONS = ("tim-so-lieu", "nhan-goi-y", "bo-goi-y")
# A suggestion's buttons name it by its place in the list: "nhan-goi-y-2" accepts the third.
CHOSEN_SUGGESTION = re.compile(r"(nhan-goi-y|bo-goi-y)-([0-9]{1,4})")
DONE_NOTICES = {"luu": "Đã lưu.", "hop-nhat": "Đã lưu bản hợp nhất.", "gui-duyet": "Đã gửi duyệt.",
                "xuat-ban": "Đã xuất bản.", "go-bai": "Đã gỡ bài khỏi trang."}
VERBS = {"xoa": "Xóa bài", "luu": "Lưu bài", "hop-nhat": "Lưu bản hợp nhất", "gui-duyet": "Gửi duyệt",
         "xuat-ban": "Xuất bản", "go-bai": "Gỡ bài"}


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
    return desk.page(request, "list.html", account=account, csrf=session.csrf, entries=shown, chosen=chosen,
                     years=years, total=len(entries), quote=quote, notice=notice)


# The edit form

@dataclass(frozen=True)
class OpenedArticle:
    file: Path
    text: str


def _open(desk: Desk, request: Request, path: str) -> OpenedArticle | Response:
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


def _edit_page(desk: Desk, request: Request, account: Account, csrf: str, form: ArticleForm, path: str | None,
               opened: str, findings=None, status: int = 200, notice: str = "", published_at: str = "",
               opened_text: str = "") -> Response:
    used = Counter(tag for entry in desk.articles.entries() for tag in entry.tags)
    return desk.page(request, "edit.html", status=status, account=account, csrf=csrf, form=form, path=path,
                     known_tags=[tag for tag, _ in used.most_common(40)],
                     indicator_groups=_indicator_groups(desk.checker.registry),
                     opened=opened, opened_text=opened_text, findings=findings, readings=_readings(desk, form),
                     extra_rows=EXTRA_ROWS, notice=notice, published_at=published_at,
                     may_edit=_may_edit(account, form.status if path else DRAFT),
                     building=desk.publisher.unfinished_for(path) if path and account.approver else None)


def _indicator_groups(registry) -> list[tuple[str, list]]:
    """The registry's indicators under their groups: groups in the order the registry first names
    them, indicators in its order within each (as the roundup's overview shows them)."""
    groups: dict[str, list] = {}
    for indicator in registry.indicators.values():
        groups.setdefault(indicator.group, []).append(indicator)
    return list(groups.items())


def _may_edit(account: Account, status: str) -> bool:
    return account.approver or status in (DRAFT, PENDING)


async def new_article(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    if not (signed := desk.signed_in(request)):
        return to_login(request)
    session, account = signed
    form = ArticleForm(values={"date": f"{dates.now():%Y-%m-%d %H:%M}"}, status=DRAFT)
    return _edit_page(desk, request, account, session.csrf, form, None, "")


async def edit_article(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    if not (signed := desk.signed_in(request)):
        return to_login(request)
    session, account = signed
    path = request.path_params["path"]
    opened = _open(desk, request, path)
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
            matter = split(earlier)
        except FrontMatterError as error:
            return refused(desk, request, 422, f"Phiên bản này không đọc được: {error.reason}")
        form = from_front_matter(matter.data, matter.body)
        return _edit_page(desk, request, account, session.csrf, form, path, digest(text),
                          desk.checker.findings(earlier, _others(desk, path)), opened_text=carried(text),
                          notice=f"Đang mở phiên bản {restoring[:10]}: bấm Lưu để khôi phục bài về phiên bản này.")
    form = from_front_matter(matter.data, matter.body)
    notice, published_at = _outcome(desk, request.query_params.get("da", ""), text, form)
    findings = desk.checker.findings(text, _others(desk, path))
    return _edit_page(desk, request, account, session.csrf, form, path, digest(text), findings, notice=notice,
                      published_at=published_at, opened_text=carried(text))


def _outcome(desk: Desk, done: str, text: str, form: ArticleForm) -> tuple[str, str]:
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
    return notice, _address(desk, text)


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
    if not same_token(session.csrf, first(fields, "csrf")):
        desk.audit.record(account.name, "tu-choi-csrf", request.url.path, desk.address(request))
        return refused(desk, request, 403, "Biểu mẫu không có mã xác nhận hợp lệ: hãy mở lại trang rồi làm lại.")
    action = first(fields, "action") or "luu"
    chosen = -1
    if found := CHOSEN_SUGGESTION.fullmatch(action):
        action, chosen = found.group(1), int(found.group(2))
    if action not in ACTIONS:
        return refused(desk, request, 400, "Thao tác không hợp lệ.")
    approvers_only, target_status, must_be_clean, builds = ACTIONS[action]
    path = request.path_params.get("path")
    address = desk.address(request)
    if approvers_only and not account.approver:
        desk.audit.record(account.name, f"tu-choi-{action}", path or "", address)
        return refused(desk, request, 403, "Chỉ tài khoản duyệt bài mới được xuất bản hoặc gỡ bài.")

    form = from_fields(fields)
    opened, opened_text = first(fields, "opened"), first(fields, "opened_text")
    base_text = _opened_text(opened_text, opened)
    merged_text = None
    if action == "hop-nhat":
        if path is None:
            return refused(desk, request, 400, "Bài chưa được lưu thì không có gì để hợp nhất.")
        # The merged file as the editor resolved it, read as any file is: through its front matter.
        merged_text = first(fields, "merged").replace("\r\n", "\n").replace("\r", "\n")
        problem = _unmergeable(merged_text)
        if problem:
            on_disk = _open(desk, request, path)
            if isinstance(on_disk, Response):
                return on_disk
            return _merge_page(desk, request, account, session.csrf, path, Merged(merged_text, 0), on_disk.text,
                               opened, opened_text, status=422, problem=problem)
        matter = split(merged_text)
        form = from_front_matter(matter.data, matter.body)
    if path is not None:
        opened_file = _open(desk, request, path)
        if isinstance(opened_file, Response):
            return opened_file
        original = opened_file.text
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
        if merged_text is not None:
            original = merged_text  # written as it is, but for the state (and address) rules above and below
        elif base_text is not None:
            # The form's changes applied to the version the editor opened: the same text when the file
            # is unchanged; when it changed, the editor's own version, to merge with the file's.
            original = base_text
    else:
        original, base_status = None, DRAFT
    if action == "xoa":
        return _delete(desk, request, account, path, before if path is not None else None, opened, fields)
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
            return _edit_page(desk, request, account, session.csrf, form, None, opened, findings, status=400,
                              opened_text=opened_text)
    notice = ""
    if action in SUGGESTION_ACTIONS:
        notice = _suggestions(desk, form, action, chosen)
        if notice is None:
            return refused(desk, request, 400, "Không có gợi ý này: hãy mở lại trang rồi làm lại.")
    if action == "xem-truoc":
        return preview_page(desk, request, write(original, form))
    text = write(original, form)
    findings = desk.checker.findings(text, _others(desk, path or (new_path if path is None else None)))
    if path is None and new_path is None:
        findings.fields.setdefault("title", []).append("cần tiêu đề để đặt tên tệp")
    if must_be_clean and form.values.get("image", "").strip() and not form.values.get("image_alt", "").strip():
        # The desk asks more than the build here: what reaches review carries its alternative text.
        findings.fields.setdefault("image_alt", []).append(
            "cần mô tả ảnh (cho người không xem được ảnh) trước khi gửi duyệt hoặc xuất bản")
    if action in ("kiem-tra", "them-dong", *SUGGESTION_ACTIONS) or (path is None and new_path is None):
        return _edit_page(desk, request, account, session.csrf, form, path, opened, findings, notice=notice,
                          status=200 if action in ("kiem-tra", "them-dong", *SUGGESTION_ACTIONS) else 422,
                          opened_text=opened_text)
    if (must_be_clean or form.status == PUBLISHED) and findings:
        what = {"gui-duyet": "gửi duyệt", "xuat-ban": "xuất bản"}.get(action, "lưu bài đã xuất bản")
        return _edit_page(desk, request, account, session.csrf, form, path, opened, findings, status=422,
                          notice=f"Chưa {what} được: còn {findings.count()} lỗi, xem bên cạnh từng ô.",
                          opened_text=opened_text)
    target = path or new_path
    try:
        desk.articles.save(target, text, opened, account.name)
    except Conflict as conflict:
        desk.audit.record(account.name, "xung-dot", target, address, detail=str(conflict.kept.name))
        # Merged only from the version the editor opened, when the form brought it back intact.
        merged = None
        if base_text is not None and conflict.on_disk is not None:
            merged = await run_in_threadpool(merge, base_text, text, conflict.on_disk)
        return _merge_page(desk, request, account, session.csrf, target, merged, conflict.on_disk,
                           digest(conflict.on_disk), carried(conflict.on_disk or ""), mine=text,
                           kept=conflict.kept.name)
    desk.audit.record(account.name, action, target, address)
    title = form.values.get("title", "").strip()
    desk.history.record(desk.articles.resolve(target), account.name, f"{VERBS[action]}: {title}")
    base = request.scope.get("root_path", "")
    if builds:
        # Built in the background, one build at a time: the approver follows it on its status page.
        notice, published_at = _outcome(desk, action, text, form)
        job = desk.publisher.submit(Job(account.name, target, action, title, published_at, notice,
                                        _put_back(desk, account, target, text, form, previous, action, address)))
        return RedirectResponse(f"{base}/xuat-ban/{job.id}", status_code=303)
    return RedirectResponse(f"{base}/bai/{quote(target)}?{urlencode({'da': action})}", status_code=303)


def _put_back(desk: Desk, account: Account, target: str, text: str, form: ArticleForm, previous: str,
              action: str, address: str):
    """What a failed build does after: the article goes back to the state it was in, so that the
    site and the file agree again (unless it was changed meanwhile: then it is left, and said)."""
    def after_failure(result) -> list[str]:
        reverted = write(text, replace(form, status=previous))
        try:
            desk.articles.save(target, reverted, digest(text), account.name)
        except Conflict as conflict:
            desk.audit.record(account.name, "xung-dot", target, address, detail=conflict.kept.name)
            return ["Bài đã được sửa ở nơi khác trong lúc dựng trang nên chưa được trả về trạng thái trước: "
                    "hãy mở lại bài để xem trạng thái của nó."]
        desk.audit.record(account.name, f"{action}-that-bai", target, address)
        title = form.values.get("title", "").strip()
        desk.history.record(desk.articles.resolve(target), account.name,
                            f"Dựng trang không thành công, trả bài về trạng thái trước: {title}")
        return [f"Bài đã được trả về trạng thái trước: {STATES.get(previous, previous)}."]

    return after_failure


def _opened_text(field: str, opened: str) -> str | None:
    """The text the form was opened from, as it carried it, when it is the one its digest names."""
    text = uncarried(field) if opened else None
    return text if text is not None and digest(text) == opened else None


def _unmergeable(text: str) -> str:
    """Why a merged text cannot be saved yet, or ''."""
    if marked(text):
        return ("Vẫn còn chỗ đánh dấu chưa gỡ (dòng “<<<<<<<” hoặc “>>>>>>>”): hãy giữ lại nội dung đúng, "
                "xóa các dòng đánh dấu rồi lưu lại.")
    try:
        split(text)
    except FrontMatterError as error:
        return f"Phần thông tin đầu bài không đọc được (dòng {error.line}): {error.reason}"
    return ""


def _merge_page(desk: Desk, request: Request, account: Account, csrf: str, path: str, merged: Merged | None,
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


def _figure_value(value: str, indicator: str):
    """What a figure amounts to, so '1.250' in the table and '1.250 phần quà' in the prose are one figure."""
    try:
        return indicator, parse_figure(value).value
    except FigureError:
        return indicator, value.strip()


def _suggestions(desk: Desk, form: ArticleForm, action: str, chosen: int) -> str | None:
    """Apply a suggestions action to the form; the notice to show, or None when chosen names no suggestion."""
    if action == "tim-so-lieu":
        known = {_figure_value(row.value, row.indicator) for row in form.stats}
        known |= {_figure_value(entry.value, entry.indicator) for entry in form.suggested}
        found = [SuggestedStat(s.value, s.indicator, s.sentence)
                 for s in suggest_statistics(form.body, desk.checker.registry)
                 if (s.indicator, s.figure.value) not in known]
        form.suggested += found
        if not found:
            return "Không tìm thấy số liệu mới nào trong nội dung bài."
        return (f"Tìm thấy {len(found)} số liệu trong bài: xem mục “Số liệu gợi ý từ nội dung bài”, "
                "bấm “Thêm vào bảng số liệu” cho số đúng.")
    if not 0 <= chosen < len(form.suggested):
        return None
    entry = form.suggested.pop(chosen)
    if action == "bo-goi-y":
        return f"Đã bỏ gợi ý “{entry.value}”. Bấm Lưu để ghi lại."
    # The value as the prose wrote it; the period is the editor's to give (the prose seldom says it plainly).
    form.stats.append(StatRow(entry.indicator, entry.value, ""))
    return f"Đã thêm “{entry.value}” vào bảng số liệu: hãy điền kỳ báo cáo, rồi bấm Lưu."


def _delete(desk: Desk, request: Request, account: Account, path: str | None, before: ArticleForm | None,
            opened: str, fields: dict[str, list[str]]) -> Response:
    """Deletes an article that is not on the site; the file is kept under var/ (and in git's history)."""
    address = desk.address(request)
    if path is None or before is None:
        return refused(desk, request, 400, "Bài chưa được lưu thì không có gì để xóa.")
    if before.status == PUBLISHED:
        return refused(desk, request, 409, "Bài đang ở trên trang: hãy gỡ bài trước rồi mới xóa.")
    if first(fields, "xac-nhan-xoa") != "1":
        return refused(desk, request, 400, "Chưa xóa: hãy đánh dấu ô “Tôi muốn xóa bài này” rồi bấm Xóa bài.")
    try:
        kept = desk.articles.delete(path, opened, account.name)
    except Conflict as conflict:
        desk.audit.record(account.name, "xung-dot", path, address, detail=conflict.kept.name)
        return refused(desk, request, 409, "Chưa xóa: bài đã được sửa ở nơi khác từ lúc bạn mở. Hãy mở lại bài.")
    desk.audit.record(account.name, "xoa", path, address, detail=kept.name)
    desk.history.record(desk.articles.resolve(path), account.name, f"{VERBS['xoa']}: {before.values['title']}")
    return RedirectResponse(f"{request.scope.get('root_path', '')}/?da=xoa", status_code=303)


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
    opened = _open(desk, request, path)
    if isinstance(opened, Response):
        return opened
    return desk.page(request, "history.html", account=account, csrf=session.csrf, path=path,
                     enabled=desk.history.enabled, versions=desk.history.versions(opened.file), quote=quote)
