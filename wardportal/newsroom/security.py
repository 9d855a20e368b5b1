"""Headers on every newsroom answer: a strict CSP (nothing inline), no caching, no framing."""

from __future__ import annotations

from starlette.types import ASGIApp

from wardportal.http_headers import WithHeaders

#: Only the newsroom's own files; no inline script or style, forms post only here.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
    " connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}


class NewsroomHeaders(WithHeaders):
    """Sets the newsroom's headers on every answer, replacing any the site would add."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app, SECURITY_HEADERS, replace=True)
