"""`make audit`: build the sample site, serve it, run every gate, fail if any bar is missed.

.venv/bin/python -m tests.audit.run [--gates html,links,…] [--content DIR] [--keep]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.support.servers import free_port

from . import pages as page_kinds
from .axe import judge_axe, run_axe
from .core import PROJECT, GateResult, MissingTool
from .feeds import check_feeds
from .lighthouse import check_lighthouse
from .links import check_links
from .site import build, built_pages, has_portal_server, portal_server, static_server
from .validity import check_html
from .weight import check_weight


@dataclass(frozen=True)
class Audit:
    """The built site, its content folder and the base URL it is served at."""

    site: Path
    content: Path
    base: str

    def urls(self, kinds: list[str]) -> tuple[dict[str, str], list[str]]:
        """(kind → URL of the pages of `kinds` that exist, kinds that do not exist yet)."""
        chosen = page_kinds.choose(self.base, built_pages(self.site), kinds)
        found = {kind: self.base + path for kind, path in chosen.items() if path}
        return found, [kind for kind, path in chosen.items() if not path]


def gate_axe(audit: Audit) -> GateResult:
    found, absent = audit.urls(list(page_kinds.KINDS))
    return judge_axe(run_axe(list(found.values())), absent, found)


def gate_lighthouse(audit: Audit) -> GateResult:
    found, absent = audit.urls(["home", "article"])
    if absent:
        return GateResult("lighthouse", False, f"no page for {', '.join(absent)} in the sitemap")
    return check_lighthouse(found)


def gate_weight(audit: Audit) -> GateResult:
    found, absent = audit.urls(["home", "article"])
    if absent:
        return GateResult("weight", False, f"no page for {', '.join(absent)} in the sitemap")
    return check_weight(found)


#: Cheapest first, so a broken site fails fast; the browser gates last.
GATES: dict[str, Callable[[Audit], GateResult]] = {
    "html": lambda audit: check_html(audit.site),
    "links": lambda audit: check_links(audit.base),
    "feeds": lambda audit: check_feeds(audit.base, audit.site, audit.content),
    "weight": gate_weight,
    "axe": gate_axe,
    "lighthouse": gate_lighthouse,
}


def run_gates(audit: Audit, names: list[str]) -> list[GateResult]:
    """Run each gate; a gate that cannot run (missing tool, crash) fails with the reason."""
    results = []
    for name in names:
        started = time.monotonic()
        try:
            result = GATES[name](audit)
        except MissingTool as error:
            result = GateResult(name, False, f"cannot run: {error}")
        except Exception as error:  # the gate fails, the others still run
            result = GateResult(name, False, f"crashed: {type(error).__name__}: {error}")
        result.figure += f" [{time.monotonic() - started:.0f} s]"
        print(result.report(), flush=True)
        results.append(result)
    return results


def main(argv: list[str] | None = None) -> int:
    """Exit 0 only when every chosen gate passes."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.audit.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--gates", default=",".join(GATES), help=f"comma-separated: {','.join(GATES)}"
    )
    parser.add_argument("--content", type=Path, default=PROJECT / "content", help="content folder")
    parser.add_argument("--keep", action="store_true", help="keep the built site and print where")
    args = parser.parse_args(argv)
    names = [name.strip() for name in args.gates.split(",") if name.strip()]
    unknown = [name for name in names if name not in GATES]
    if unknown:
        parser.error(f"unknown gate {unknown[0]}; gates: {', '.join(GATES)}")
    scratch = Path(tempfile.mkdtemp(prefix="portal-audit-"))
    try:
        results = audit_site(args.content.resolve(), scratch, names)
    except RuntimeError as error:  # the site did not build, or its server did not start
        print(f"audit: FAIL  {error}", flush=True)
        return 1
    finally:
        if args.keep:
            print(f"audit: the built site is in {scratch / 'site'}")
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    failed = [result.name for result in results if not result.passed]
    verdict = f"{len(results) - len(failed)} passed, {len(failed)} failed"
    print(f"audit: {verdict}" + (f" ({', '.join(failed)})" if failed else ""), flush=True)
    return 1 if failed else 0


def audit_site(content: Path, scratch: Path, names: list[str]) -> list[GateResult]:
    """Build `content` into scratch/site, serve it on a free port and run the gates `names`."""
    port = free_port()
    site = scratch / "site"
    build(content, site, f"http://127.0.0.1:{port}")
    if has_portal_server():
        server = portal_server(site, port, scratch)
    else:
        print("  · wardportal.serve not found: serving with http.server (no counter API)")
        server = static_server(site, port)
    with server as base:
        return run_gates(Audit(site, content, base), names)


if __name__ == "__main__":
    sys.exit(main())
