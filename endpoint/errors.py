"""JSON errors in Vietnamese and English; no request ever gets an HTML error page."""

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse

MESSAGES = {
    "not_found": ("Không tìm thấy địa chỉ này.", "No such resource."),
    "unknown_article": ("Không có bài viết này trên trang.", "No published article has this id."),
    "method_not_allowed": ("Phương thức không được hỗ trợ.", "Method not allowed."),
    "bad_json": ("Nội dung gửi lên không phải JSON hợp lệ.", "The body is not valid JSON."),
    "json_required": ("Cần gửi nội dung dạng application/json.", "Content-Type must be application/json."),
    "bad_stars": ("Số sao phải là số nguyên từ 1 đến 5.", "'stars' must be an integer from 1 to 5."),
    "bad_body": ("Nội dung gửi lên có trường không hợp lệ.", "The body has unexpected fields."),
    "bad_ids": ("Danh sách bài viết không hợp lệ (tối đa 100 mã, cách nhau bởi dấu phẩy).",
                "'ids' must be 1 to 100 comma-separated article ids."),
    "cookie_required": ("Trình duyệt chưa gửi cookie đánh giá. Trang dùng một cookie duy nhất để nhớ phiếu của bạn, "
                        "không dùng vào việc gì khác; hãy cho phép cookie với trang này rồi chấm lại.",
                        "Send back the rating cookie just set (it holds only this browser's vote token), then retry."),
    "too_many_new_votes": ("Hôm nay bài viết này đã nhận quá nhiều đánh giá mới từ cùng địa chỉ mạng của bạn. "
                           "Để chống gian lận, mỗi địa chỉ chỉ được gửi một số đánh giá mới cho một bài mỗi ngày; "
                           "xin chấm lại vào ngày mai.",
                           "This address has sent the most new votes allowed for this article today; "
                           "retry tomorrow (Asia/Ho_Chi_Minh)."),
    "bad_query": ("Tham số truy vấn không hợp lệ.", "Invalid query parameter."),
    "too_large": ("Nội dung gửi lên quá lớn.", "Request body too large."),
    "forbidden_origin": ("Yêu cầu không đến từ trang của chúng tôi.", "Origin not allowed."),
    "rate_limited": ("Bạn gửi yêu cầu quá nhanh, xin thử lại sau ít phút.", "Too many requests; retry later."),
    "search_unavailable": ("Dịch vụ tìm kiếm tạm thời không dùng được.", "Search is temporarily unavailable."),
    "search_busy": ("Dịch vụ tìm kiếm đang bận, xin thử lại sau vài giây.", "Search is busy; retry in a few seconds."),
    "search_pending": ("Lượt tìm kiếm trước của bạn chưa xong, xin đợi kết quả rồi tìm tiếp.",
                       "Your previous search has not been answered yet; wait for it before searching again."),
    "unavailable": ("Dịch vụ tạm thời gián đoạn, xin thử lại sau.", "Service temporarily unavailable."),
    "internal": ("Có lỗi ngoài ý muốn, chúng tôi đã ghi nhận.", "Unexpected error."),
    "bad_request": ("Yêu cầu không đúng định dạng HTTP.", "Malformed HTTP request."),
    "headers_too_large": ("Dòng yêu cầu và phần đầu (header) quá lớn.", "Request line and headers too large."),
    "request_timeout": ("Yêu cầu gửi lên quá chậm.", "The request took too long to arrive."),
    "too_many_connections": ("Máy chủ đang quá tải, xin thử lại sau.", "Too many open connections; retry later."),
    "bad_preflight": ("Phương thức hoặc header này không được phép gọi từ trang khác.",
                      "Method or headers not allowed across origins."),
}
STATUS_CODES = {404: "not_found", 405: "method_not_allowed", 413: "too_large", 429: "rate_limited"}
STORE_UNAVAILABLE = (503, "unavailable", {"Retry-After": "5"})  # the store cannot take a write now


class ApiError(Exception):
    """An error answered as JSON with a status and a known code."""

    def __init__(self, status: int, code: str, headers: dict | None = None):
        super().__init__(code)
        self.status, self.code, self.headers = status, code, headers


def error_content(code: str) -> dict:
    vi, en = MESSAGES[code]
    return {"error": {"code": code, "message": vi, "message_en": en}}


def error_body(code: str) -> bytes:
    """The JSON body of an error, for answers written below Starlette (the HTTP protocol)."""
    return JSONResponse(error_content(code)).body


def error_response(status: int, code: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(error_content(code), status_code=status, headers=headers)


async def api_error(request: Request, error: ApiError) -> JSONResponse:
    return error_response(error.status, error.code, error.headers)


async def http_error(request: Request, error: HTTPException) -> JSONResponse:
    return error_response(error.status_code, STATUS_CODES.get(error.status_code, "not_found"), error.headers)


async def unexpected_error(request: Request, error: Exception) -> JSONResponse:
    return error_response(500, "internal")
