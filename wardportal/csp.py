"""The site's Content-Security-Policy, in one place for nginx, the preview and the build.

The theme needs nothing inline and nothing from another site, so the policy is strict. The one
exception the law makes is the EMC monitoring script (wardportal.emc): when a ward sets it, its
host, and the host of its badge image, are added — and only then. The build writes the policy
of each site into `_portal/csp.map`, which nginx loads (deploy/nginx/wardportal-http.conf) and
`make serve` reads, so both send the same header.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

MAP_PATH = "_portal/csp.map"

# 'wasm-unsafe-eval' lets the search page compile Pagefind's WebAssembly (from 'self'); it
# allows no eval() of JavaScript and no inline code.
_STRICT: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'", "'wasm-unsafe-eval'"),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
    "object-src": ("'none'",),
}
_MAP_LINE = re.compile(r'^~\.\s+"([^"]*)";$', re.MULTILINE)


def content_security_policy(
    scripts: Iterable[str] = (), images: Iterable[str] = (), connects: Iterable[str] = ()
) -> str:
    """The strict policy, plus the origins ("https://host") a page may load each kind from."""
    directives = dict(_STRICT)
    extra = {"script-src": scripts, "connect-src": connects, "img-src": images}
    for name, origins in extra.items():
        origins = tuple(dict.fromkeys(origins))
        if origins:
            # default-src no longer applies to a kind that has its own directive: keep 'self'.
            directives[name] = (*directives.get(name, ("'self'",)), *origins)
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


#: The policy of a site without any third-party script: the default everywhere.
CONTENT_SECURITY_POLICY = content_security_policy()


def nginx_map(policy: str) -> str:
    """The lines of `_portal/csp.map`: one regular expression matching every address."""
    if '"' in policy or "\n" in policy:
        raise ValueError(f"policy cannot be written in an nginx map: {policy!r}")
    return (
        "# Written by the build (wardportal/csp.py): the Content-Security-Policy of this site.\n"
        f'~. "{policy}";\n'
    )


def policy_of_site(root: Path) -> str:
    """The policy the build wrote for the site in `root`, or the strict one if it wrote none."""
    try:
        text = (root / MAP_PATH).read_text(encoding="utf-8")
    except OSError:
        return CONTENT_SECURITY_POLICY
    found = _MAP_LINE.search(text)
    return found.group(1) if found else CONTENT_SECURITY_POLICY
