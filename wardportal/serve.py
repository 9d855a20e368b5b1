"""Preview server: the built site, the counter API and the newsroom in one process (`make serve`).

    python -m wardportal.serve --root output --host 127.0.0.1 --port 8000 [--database URL]

It answers like the production nginx site in deploy/: directory URLs serve index.html, missing
pages 404.html with status 404, no directory listings, the same security headers; and the
counter under /api/counter/ with an embedded SQLite file unless --database says otherwise; the
newsroom under /quan-tri/ (settings NEWSROOM_*, see docs/newsroom.md).
"""

from __future__ import annotations

import argparse
import mimetypes
import os
import sys
from pathlib import Path

import uvicorn
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp

from wardportal.counter import ConfigError, Settings, create_app, load_settings
from wardportal.counter.app import log_to_stderr, settle_memory
from wardportal.counter.clock import Clock, system_clock
from wardportal.counter.server import uvicorn_config
from wardportal.counter.storage import SqlStorage
from wardportal.csp import CONTENT_SECURITY_POLICY, policy_of_site
from wardportal.http_headers import WithHeaders
from wardportal.newsroom import config as newsroom_config
from wardportal.newsroom import create_app as create_newsroom
from wardportal.old_addresses import OldAddresses

#: The same headers as deploy/nginx/wardportal-site.conf; the policy is the strict default
#: unless the built site says otherwise (its _portal/csp.map: the EMC script's hosts).
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}

# Fixed here so a preview does not depend on the machine's /etc/mime.types.
CONTENT_TYPES = {
    ".html": "text/html",
    ".css": "text/css",
    ".js": "text/javascript",
    ".json": "application/json",
    ".xml": "application/xml",
    ".atom": "application/atom+xml",
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".webmanifest": "application/manifest+json",
    ".pdf": "application/pdf",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class SecurityHeaders(WithHeaders):
    """Adds the site's security headers to every answer that does not set them itself."""

    def __init__(self, app: ASGIApp, policy: str = CONTENT_SECURITY_POLICY) -> None:
        # no-cache: a preview shows every rebuild.
        headers = {
            **SECURITY_HEADERS,
            "Content-Security-Policy": policy,
            "Cache-Control": "no-cache",
        }
        super().__init__(app, headers, replace=False)


def build_app(
    settings: Settings,
    clock: Clock = system_clock,
    storage: SqlStorage | None = None,
    newsroom: newsroom_config.Settings | None = None,
) -> ASGIApp:
    """The site under `settings.site_root` with the counter API, behind the security headers.

    With `newsroom` settings, the newsroom answers under /quan-tri/ too (with its own, stricter
    headers). `clock` and `storage` are for tests, as in `create_app`.
    """
    for suffix, content_type in CONTENT_TYPES.items():
        mimetypes.add_type(content_type, suffix)
    site: ASGIApp = OldAddresses(
        StaticFiles(directory=settings.site_root, html=True), settings.site_root
    )
    if newsroom is not None:
        site = create_newsroom(newsroom, fallback=site)
    app = create_app(settings, clock=clock, storage=storage, fallback=site)
    return SecurityHeaders(app, policy_of_site(Path(settings.site_root)))


def newsroom_settings(host: str, root: Path) -> newsroom_config.Settings:
    """The newsroom's settings from the environment, for a preview of `root`.

    Unless the environment says otherwise, an approval rebuilds the folder being served, and on
    a loopback address (this machine, plain http) as `make html` does and with cookies not
    marked Secure.
    """
    preview = {"NEWSROOM_OUTPUT": str(root.resolve())}
    if host in ("127.0.0.1", "localhost", "::1"):
        preview |= {"NEWSROOM_SECURE_COOKIES": "false", "NEWSROOM_BUILD_SETTINGS": "pelicanconf.py"}
    chosen = {name: value for name, value in preview.items() if name not in os.environ}
    return newsroom_config.load_settings(None, **chosen)


def main(argv: list[str] | None = None) -> int:
    """Serve until interrupted; a bad setting or a missing site stops it with a plain message."""
    parser = argparse.ArgumentParser(prog="python -m wardportal.serve", description=__doc__)
    parser.add_argument("--root", default=None, help="the built site (default: output)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--database", default=None, help="COUNTER_DATABASE_URL for this run")
    args = parser.parse_args(argv)
    try:
        settings = load_settings(COUNTER_SITE_ROOT=args.root, COUNTER_DATABASE_URL=args.database)
        newsroom = newsroom_settings(args.host, settings.site_root)
    except (ConfigError, newsroom_config.ConfigError) as exc:
        print(f"serve: {exc}", file=sys.stderr)
        return 2
    if not settings.site_root.is_dir():
        print(
            f"serve: the folder {settings.site_root} does not exist; build the site first"
            " (make html) or give --root",
            file=sys.stderr,
        )
        return 2
    log_to_stderr()
    print(f"Serving {settings.site_root} on http://{args.host}:{args.port}/ (Ctrl+C stops)")
    app = build_app(settings, newsroom=newsroom)
    print(f"Newsroom: http://{args.host}:{args.port}/quan-tri/ (accounts: portal user add)")
    settle_memory()
    config = uvicorn_config(app, settings, host=args.host, port=args.port, log_level="info")
    uvicorn.Server(config).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
