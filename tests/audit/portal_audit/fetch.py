"""Plain HTTP GETs against the audited server: what a crawler or a browser would receive."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass


@dataclass(frozen=True)
class Response:
    """Status, media type (without parameters) and body of one GET; status 0 if unreachable."""

    url: str
    status: int
    content_type: str
    body: bytes


def get(url: str, timeout: float = 30) -> Response:
    """GET `url`, following redirects as a browser does; errors become a status, not a raise."""
    request = urllib.request.Request(url, headers={"User-Agent": "portal-audit"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            media = answer.headers.get_content_type()
            return Response(answer.geturl(), answer.status, media, answer.read())
    except urllib.error.HTTPError as error:
        return Response(url, error.code, error.headers.get_content_type(), b"")
    except (urllib.error.URLError, OSError) as error:
        return Response(url, 0, "", str(error).encode())
