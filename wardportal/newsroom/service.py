"""The newsroom's parts, built once from the settings and shared by the pages and the CLI."""

from __future__ import annotations

from pathlib import Path

from argon2 import PasswordHasher
from starlette.requests import Request

from wardportal.counter.clock import Clock, system_clock
from wardportal.counter.visitors import client_ip_resolver
from wardportal.settings import PORTAL_DEFAULTS

from .accounts import Accounts
from .articles import Articles
from .audit import AuditLog
from .autosaves import Autosaves
from .config import Settings
from .database import Database
from .history import ContentHistory
from .honour_proposals import Proposals
from .honour_roll import HonourRoll, roll_config
from .honour_upload import UploadShelf
from .passwords import Passwords
from .preview import PREVIEW_PATH, Previewer
from .publisher import Publisher, publisher_for
from .rendering import PREFIX
from .sessions import Sessions
from .static_pages import StaticPages
from .throttle import LoginThrottle


def site_defaults(project: Path) -> dict:
    """The site's Pelican settings (for the default author and category), as `portal new`."""
    from pelican.settings import read_settings

    conf = project / "pelicanconf.py"
    return read_settings(str(conf) if conf.exists() else None)


class Newsroom:
    """Accounts, sessions, throttle and audit log over one database file."""

    def __init__(
        self, settings: Settings, clock: Clock = system_clock, hasher: PasswordHasher | None = None
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.database = Database(settings.database_path)
        self.audit = AuditLog(self.database, clock)
        self.autosaves = Autosaves(self.database, clock)
        self.passwords = Passwords(settings.min_password_length, hasher)
        self.throttle = LoginThrottle(self.database, clock, settings.lockout_minutes * 60)
        self.accounts = Accounts(
            self.database,
            self.passwords,
            self.throttle,
            self.audit,
            clock,
            max_failures=settings.max_failures,
            address_max_failures=settings.address_max_failures,
        )
        self.sessions = Sessions(
            self.database, clock, settings.idle_minutes * 60, settings.session_hours * 3600
        )
        self._client_ip = client_ip_resolver(settings.trusted_proxies)
        site = site_defaults(settings.project)
        history = ContentHistory(settings.content_path)
        self.articles = Articles(
            settings.content_path,
            history,
            clock,
            author=site.get("PORTAL_DEFAULT_AUTHOR") or site.get("AUTHOR") or "",
            category=site.get("DEFAULT_CATEGORY") or "",
            url_pattern=site.get("ARTICLE_URL") or "",
        )
        self.honours = HonourRoll(roll_config(site, settings.content_path), history, clock)
        self.pages = StaticPages(
            settings.content_path, history, clock, url_pattern=site.get("PAGE_URL") or ""
        )
        self.honour_proposals = Proposals(settings.content_path, self.honours)
        self.honour_uploads = UploadShelf(settings.database_path.parent / "bang-vang-tai-len")
        self.publisher: Publisher = publisher_for(
            settings, clock, after_success=self._keep_address_record, warm=True
        )
        self.previewer = Previewer(
            settings.project,
            settings.content_path,
            settings.build_settings_path,
            scratch=settings.database_path.parent / "xem-truoc",
            site_root=PREFIX + PREVIEW_PATH,
        )
        record = site.get("PORTAL_URL_RECORD", PORTAL_DEFAULTS["PORTAL_URL_RECORD"][0])
        self._address_record = settings.content_path / record if record else None

    def _keep_address_record(self, requested_by: str) -> None:
        """Commit the record of published addresses the build wrote (wardportal.permalinks),
        so the content's history and its backups keep every address ever published."""
        record = self._address_record
        history = self.articles.history
        if record is not None and record.is_file() and history.changed(record):
            message = f"Sổ địa chỉ đã xuất bản (xuất bản do {requested_by} duyệt)"
            history.commit(record, "Cổng thông tin", message, self.clock())

    def client_address(self, request: Request) -> str:
        """The client's address, read from X-Forwarded-For only behind a trusted proxy."""
        peer = request.client.host if request.client else None
        return self._client_ip(peer, request.headers.get("x-forwarded-for"))
