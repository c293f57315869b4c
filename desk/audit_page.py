"""The audit log's page for approvers: newest first, filtered by account and action, a page at a time."""

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from .web import approver_or_answer, refused

PAGE_SIZE = 50
# What each action of the log means, for people; an action not named here is shown as it is logged.
ACTIONS = {
    "dang-nhap": "Đăng nhập",
    "dang-nhap-sai": "Đăng nhập sai mật khẩu",
    "dang-nhap-khi-khoa": "Đăng nhập khi đang bị khóa",
    "dang-xuat": "Đăng xuất",
    "luu": "Lưu bài",
    "hop-nhat": "Lưu bản hợp nhất",
    "gui-duyet": "Gửi duyệt",
    "xuat-ban": "Xuất bản",
    "xuat-ban-that-bai": "Xuất bản không thành (dựng trang lỗi)",
    "go-bai": "Gỡ bài",
    "go-bai-that-bai": "Gỡ bài không thành (dựng trang lỗi)",
    "xoa": "Xóa bài",
    "xung-dot": "Lưu bị từ chối: tệp đã đổi",
    "tai-anh": "Tải ảnh lên",
    "tu-choi-anh": "Ảnh bị từ chối",
    "tu-choi-csrf": "Biểu mẫu thiếu mã xác nhận",
    "tu-choi-duong-dan": "Đường dẫn bị từ chối",
    "dong-hong": "Dòng nhật ký không đọc được",
}


def action_label(action: str) -> str:
    if action in ACTIONS:
        return ACTIONS[action]
    if action.startswith("tu-choi-"):
        return f"Bị từ chối: {ACTIONS.get(action[len('tu-choi-'):], action[len('tu-choi-'):])}"
    return action


async def audit_log(request: Request) -> Response:
    if isinstance(answer := approver_or_answer(request, "Chỉ tài khoản duyệt bài mới xem được nhật ký."), Response):
        return answer
    desk, session, account = answer
    chosen = {name: request.query_params.get(name, "") for name in ("tai-khoan", "thao-tac")}
    number = request.query_params.get("trang", "1")
    if not number.isdigit() or not 1 <= int(number) <= 1_000_000:
        return refused(desk, request, 400, "Số trang không hợp lệ.")
    entries = desk.audit.entries()
    accounts = sorted({entry.get("account", "") for entry in entries} - {""})
    actions = sorted({entry.get("action", "") for entry in entries} - {""})
    shown = [entry for entry in reversed(entries)
             if (not chosen["tai-khoan"] or entry.get("account") == chosen["tai-khoan"])
             and (not chosen["thao-tac"] or entry.get("action") == chosen["thao-tac"])]
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    page = min(int(number), pages)

    def page_link(to: int) -> str:
        return "?" + urlencode({**{name: value for name, value in chosen.items() if value}, "trang": to})

    return desk.page(request, "audit.html", account=account, csrf=session.csrf, chosen=chosen,
                     entries=shown[(page - 1) * PAGE_SIZE : page * PAGE_SIZE], total=len(shown), page=page,
                     pages=pages, page_link=page_link, accounts=accounts,
                     actions=[(action, action_label(action)) for action in actions], action_label=action_label)
