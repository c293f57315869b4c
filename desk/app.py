"""The desk's web application: its route table."""

from starlette.applications import Starlette
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .audit_page import audit_log
from .config import DeskConfig
from .editing import article_history, edit_article, new_article, read_figure
from .form_actions import save_article
from .listing import article_list
from .previewing import preview_file
from .publish_status import publishing_status
from .signin import login, login_form, logout
from .uploads import image_form, upload_image
from .web import HERE, Desk


def app(config: DeskConfig | None = None) -> Starlette:
    desk = Desk(config or DeskConfig.from_env())
    routes = [
        Route("/", article_list),
        Route("/dang-nhap", login_form, methods=["GET"]),
        Route("/dang-nhap", login, methods=["POST"]),
        Route("/dang-xuat", logout, methods=["POST"]),
        Route("/bai-moi", new_article, methods=["GET"]),
        Route("/bai-moi", save_article, methods=["POST"]),
        Route("/bai/{path:path}", edit_article, methods=["GET"]),
        Route("/bai/{path:path}", save_article, methods=["POST"]),
        Route("/lich-su/{path:path}", article_history, methods=["GET"]),
        Route("/nhat-ky", audit_log, methods=["GET"]),
        Route("/xuat-ban/{job}", publishing_status, methods=["GET"]),
        Route("/doc-so", read_figure, methods=["GET"]),
        Route("/anh", image_form, methods=["GET"]),
        Route("/anh", upload_image, methods=["POST"]),
        Route("/xem-truoc/{path:path}", preview_file, methods=["GET"]),  # what a preview page loads
        Mount("/tep", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    application = Starlette(routes=routes)
    application.state.desk = desk
    return application
