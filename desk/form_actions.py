"""The edit form's actions: check, preview, save, submit, publish, unpublish, delete, the suggested
figures, and saving a merge; each checked for its token, the account's role and the article's problems."""

import re
from dataclasses import replace
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from content_model.frontmatter import FrontMatterError, split
from toandan.vietnamese import dates
from toandan.vietnamese.dates import parse_datetime
from toandan.vietnamese.numbers import FigureError, parse_figure
from toandan.vietnamese.prose_stats import suggest_statistics
from toandan.vietnamese.text import slugify

from .accounts import Account
from .articles import Conflict, UnsafePath, digest
from .conflict_page import merge_page, opened_text_of, unmergeable
from .editing import edit_page, may_edit, open_article, other_slugs, outcome
from .merging import Merged, carried, merge
from .model import (DRAFT, PENDING, PUBLISHED, STATES, ArticleForm, StatRow, SuggestedStat, from_fields,
                    from_front_matter)
from .previewing import preview_page
from .publishing import Job
from .sessions import same_token
from .uploads import keep_photo
from .web import Desk, first, posted_with_files, refused
from .writing import write

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
NO_PROBLEMS = "Không thấy lỗi nào: bài đủ điều kiện gửi duyệt và xuất bản (chưa lưu: bấm Lưu hoặc Gửi duyệt)."
VERBS = {"xoa": "Xóa bài", "luu": "Lưu bài", "hop-nhat": "Lưu bản hợp nhất", "gui-duyet": "Gửi duyệt",
         "xuat-ban": "Xuất bản", "go-bai": "Gỡ bài"}
# The lead image's file inputs: one a phone opens its camera for, one to choose a file or a photo taken.
PHOTO_INPUTS = ("anh_chup", "anh_dai_dien")


async def save_article(request: Request) -> Response:
    desk: Desk = request.app.state.desk
    signed = desk.signed_in(request)
    if not signed:
        return refused(desk, request, 403, "Phiên làm việc đã hết: hãy đăng nhập lại (bài chưa được lưu).")
    session, account = signed
    form_data = await posted_with_files(request)
    if form_data is None:
        return refused(desk, request, 400, "Biểu mẫu không hợp lệ (hoặc ảnh lớn quá 15 MB).")
    fields, files = form_data
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
    base_text = opened_text_of(opened_text, opened)
    merged_text = None
    if action == "hop-nhat":
        if path is None:
            return refused(desk, request, 400, "Bài chưa được lưu thì không có gì để hợp nhất.")
        # The merged file as the editor resolved it, read as any file is: through its front matter.
        merged_text = first(fields, "merged").replace("\r\n", "\n").replace("\r", "\n")
        problem = unmergeable(merged_text)
        if problem:
            on_disk = open_article(desk, request, path)
            if isinstance(on_disk, Response):
                return on_disk
            return merge_page(desk, request, account, session.csrf, path, Merged(merged_text, 0), on_disk.text,
                              opened, opened_text, status=422, problem=problem)
        matter = split(merged_text)
        form = from_front_matter(matter.data, matter.body)
    if path is not None:
        opened_file = open_article(desk, request, path)
        if isinstance(opened_file, Response):
            return opened_file
        original = opened_file.text
        try:
            before = from_front_matter(split(original).data, "")
        except FrontMatterError:
            return refused(desk, request, 422, "Phần thông tin đầu bài không đọc được: cần sửa bằng trình soạn thảo.")
        if not may_edit(account, before.status):
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
    photo_problem = ""
    if action != "xem-truoc" and (photo := next((files[name] for name in PHOTO_INPUTS
                                                  if name in files and any(files[name])), None)):
        # A lead image chosen in the form is stored first (kept whatever happens to the save), and
        # the form then names it; a refused one is said beside the field, and nothing is saved.
        stored = keep_photo(desk, request, account.name, photo)
        if isinstance(stored, str):
            photo_problem = f"Ảnh chưa được tải lên: {stored}"
        else:
            form.values["image"] = stored.path
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
            return edit_page(desk, request, account, session.csrf, form, None, opened, findings, status=400,
                             opened_text=opened_text)
    notice = ""
    if action in SUGGESTION_ACTIONS:
        notice = _suggestions(desk, form, action, chosen)
        if notice is None:
            return refused(desk, request, 400, "Không có gợi ý này: hãy mở lại trang rồi làm lại.")
    if action == "xem-truoc":
        return preview_page(desk, request, write(original, form))
    text = write(original, form)
    findings = desk.checker.findings(text, other_slugs(desk, path or (new_path if path is None else None)))
    if path is None and new_path is None:
        findings.fields.setdefault("title", []).append("cần tiêu đề để đặt tên tệp")
    if must_be_clean and form.values.get("image", "").strip() and not form.values.get("image_alt", "").strip():
        # The desk asks more than the build here: what reaches review carries its alternative text.
        findings.fields.setdefault("image_alt", []).append(
            "cần mô tả ảnh (cho người không xem được ảnh) trước khi gửi duyệt hoặc xuất bản")
    if photo_problem:
        findings.fields.setdefault("image", []).insert(0, photo_problem)
    if action in ("kiem-tra", "them-dong", *SUGGESTION_ACTIONS) or (path is None and new_path is None) \
            or photo_problem:
        if action in ("kiem-tra", "them-dong") and not findings:
            notice = NO_PROBLEMS
        form.status = previous  # nothing was written: the page says the state the article is in
        return edit_page(desk, request, account, session.csrf, form, path, opened, findings, notice=notice,
                         status=200 if action in ("kiem-tra", "them-dong", *SUGGESTION_ACTIONS)
                         and not photo_problem else 422,
                         opened_text=opened_text)
    if (must_be_clean or form.status == PUBLISHED) and findings:
        what = {"gui-duyet": "gửi duyệt", "xuat-ban": "xuất bản"}.get(action, "lưu bài đã xuất bản")
        form.status = previous
        return edit_page(desk, request, account, session.csrf, form, path, opened, findings, status=422,
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
        return merge_page(desk, request, account, session.csrf, target, merged, conflict.on_disk,
                          digest(conflict.on_disk), carried(conflict.on_disk or ""), mine=text,
                          kept=conflict.kept.name)
    desk.audit.record(account.name, action, target, address)
    title = form.values.get("title", "").strip()
    desk.history.record(desk.articles.resolve(target), account.name, f"{VERBS[action]}: {title}")
    base = request.scope.get("root_path", "")
    if builds:
        # Built in the background, one build at a time: the approver follows it on its status page.
        notice, published_at = outcome(desk, action, text, form)
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
