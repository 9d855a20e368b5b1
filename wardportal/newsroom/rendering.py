"""Server-rendered pages: Jinja2 with autoescape on, every page in Vietnamese."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from wardportal.vndates import VIETNAM

from .roles import ROLE_NAMES

TEMPLATES = Path(__file__).with_name("templates")

#: Where the newsroom lives in the site; every link and the cookie path start here.
PREFIX = "/quan-tri"


def base(request: Request) -> str:
    """The newsroom's address in the site ("/quan-tri"): where it is mounted."""
    return request.scope.get("root_path", "")


def local_time(seconds: float) -> str:
    return dt.datetime.fromtimestamp(seconds, VIETNAM).strftime("%H:%M, %d/%m/%Y")


def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["local_time"] = local_time
    environment.globals["role_names"] = ROLE_NAMES
    return environment


_ENVIRONMENT = _environment()


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    """The page `template` with the visit's session (for the menu and the logout form)."""
    values = {
        "prefix": base(request),
        "session": request.scope.get("newsroom_session"),
        **(context or {}),
    }
    return HTMLResponse(_ENVIRONMENT.get_template(template).render(values), status)


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    """A refusal shown as a page: its status and what the person can do."""
    return render(request, "error.html", {"status": status, "message": message}, status)
