"""The page that follows a publish or an unpublish while the site is built: it reloads itself
(no script needed) until the build is done, then links to the page or lists the problems."""

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from .publishing import DONE, FAILED, RUNNING, WAITING
from .web import approver_or_answer, refused

REFRESH_SECONDS = 2


async def publishing_status(request: Request) -> Response:
    if isinstance(answer := approver_or_answer(request, "Chỉ tài khoản duyệt bài mới xuất bản hoặc gỡ bài."), Response):
        return answer
    desk, session, account = answer
    job = desk.publisher.job(request.path_params["job"])
    if job is None:
        return refused(desk, request, 404, "Không có lần dựng trang này (bàn biên tập có thể vừa khởi động lại): "
                                           "hãy mở lại bài để xem trạng thái của nó.")
    return desk.page(request, "publishing.html", account=account, csrf=session.csrf, job=job,
                     waiting=desk.publisher.waiting_before(job), refresh=0 if job.finished else REFRESH_SECONDS,
                     quote=quote, WAITING=WAITING, RUNNING=RUNNING, DONE=DONE, FAILED=FAILED)
