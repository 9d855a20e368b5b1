"""The newsroom web application under /quan-tri/: login, and the pages each role may use."""

from __future__ import annotations

from pathlib import Path

from argon2 import PasswordHasher
from starlette.applications import Starlette
from starlette.responses import RedirectResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from wardportal.counter.clock import Clock, system_clock
from wardportal.datafiles.files import MAX_DATA_BYTES

from .account_views import AccountViews
from .article_views import ArticleViews
from .autosave_views import AutosaveViews
from .build_views import BuildViews
from .config import Settings, load_settings
from .forms import BodyLimit
from .guard import guarded
from .honour_review_views import HonourReviewViews
from .honour_views import HonourViews
from .login_views import LoginViews
from .page_views import PageViews
from .photo_views import PhotoViews
from .preview_views import PreviewViews
from .rendering import PREFIX
from .security import NewsroomHeaders
from .service import Newsroom

STATIC = Path(__file__).with_name("static")


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock = system_clock,
    hasher: PasswordHasher | None = None,
    fallback: ASGIApp | None = None,
) -> Starlette:
    """The newsroom under /quan-tri/, and `fallback` (e.g. the static site) for the rest.

    `clock` and `hasher` are for tests: a clock they can move past an expiry, cheaper Argon2
    parameters. The app needs no start-up step, so it can be mounted inside another one.
    """
    newsroom = Newsroom(settings or load_settings(), clock, hasher)
    login = LoginViews(newsroom)
    admin = AccountViews(newsroom)
    articles = ArticleViews(newsroom)
    photos = PhotoViews(newsroom)
    previews = PreviewViews(newsroom)
    autosaves = AutosaveViews(newsroom)
    builds = BuildViews(newsroom)
    honours = HonourViews(newsroom)
    review = HonourReviewViews(newsroom)
    static_pages = PageViews(newsroom)

    def route(
        path: str,
        permission: str,
        handler,
        method: str = "GET",
        *,
        photo: bool = False,
        upload: int = 0,
    ) -> Route:
        endpoint = guarded(newsroom, permission, handler, photo=photo, upload=upload)
        return Route(path, endpoint, methods=[method])

    pages: list[BaseRoute] = [
        Route("/", login.front, methods=["GET"]),
        Route("/dang-nhap", login.login, methods=["POST"]),
        # The address a failed login leaves in the bar: opened again, it shows the form.
        Route("/dang-nhap", lambda request: RedirectResponse(f"{PREFIX}/", 303), methods=["GET"]),
        route("/dang-xuat", "read", login.logout, "POST"),
        route("/bai-viet/", "read", articles.list),
        route("/bai-viet/moi", "write", articles.new),
        route("/bai-viet/moi", "write", articles.create, "POST", photo=True),
        route("/bai-viet/sua", "read", articles.edit),
        route("/bai-viet/sua", "write", articles.save, "POST", photo=True),
        route("/anh/tai-len", "write", photos.upload, "POST", photo=True),
        route("/bai-viet/xem-truoc", "write", previews.make, "POST", photo=True),
        route("/xem-truoc/{token}/{path:path}", "read", previews.show),
        route("/bai-viet/tu-luu", "write", autosaves.keep, "POST"),
        route("/bai-viet/tu-luu/bo", "write", autosaves.discard, "POST"),
        route("/bai-viet/duyet", "approve", articles.approve, "POST"),
        route("/bai-viet/tra-lai", "approve", articles.send_back, "POST"),
        route("/bai-viet/go-xuong", "unpublish", articles.unpublish, "POST"),
        route("/bai-viet/lich-su", "read", articles.history),
        route("/bai-viet/khoi-phuc", "write", articles.restore, "POST"),
        route("/xuat-ban/trang-thai", "approve", builds.status),
        route("/bang-vang/", "read", honours.show),
        route("/bang-vang/lich-su", "read", honours.history),
        route("/bang-vang/muc/moi", "write", honours.new),
        route("/bang-vang/muc/sua", "write", honours.edit),
        route("/bang-vang/muc/luu", "write", honours.save, "POST"),
        route("/bang-vang/tai-len", "write", honours.upload_form),
        route("/bang-vang/tai-len", "write", honours.upload, "POST", upload=MAX_DATA_BYTES),
        route("/bang-vang/tai-len/luu", "write", honours.upload_save, "POST"),
        route("/bang-vang/de-xuat", "read", review.show),
        route("/bang-vang/de-xuat/duyet", "approve", review.approve, "POST"),
        route("/bang-vang/de-xuat/tra-lai", "approve", review.send_back, "POST"),
        route("/trang/", "read", static_pages.list),
        route("/trang/sua", "read", static_pages.edit),
        route("/trang/sua", "publish", static_pages.save, "POST"),
        route("/trang/lich-su", "read", static_pages.history),
        route("/trang/khoi-phuc", "publish", static_pages.restore, "POST"),
        route("/tai-khoan/", "manage_accounts", admin.accounts),
        route("/tai-khoan/mo-khoa", "manage_accounts", admin.unlock, "POST"),
        route("/nhat-ky/", "manage_accounts", admin.audit),
        Mount("/tai-nguyen", app=StaticFiles(directory=STATIC), name="static"),
    ]
    newsroom_app = NewsroomHeaders(BodyLimit(Starlette(routes=pages), newsroom.settings.max_body))
    routes: list[BaseRoute] = [
        Route(PREFIX, lambda request: RedirectResponse(f"{PREFIX}/", 308)),
        Mount(PREFIX, app=newsroom_app),
    ]
    if fallback is not None:
        routes.append(Mount("/", app=fallback))
    app = Starlette(routes=routes)
    app.state.newsroom = newsroom
    return app


def app_from_env() -> Starlette:
    """The newsroom alone, configured from the environment: `uvicorn --factory` uses this."""
    return create_app(load_settings())
