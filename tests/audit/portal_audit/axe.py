"""Accessibility gate: axe-core in headless Chromium, at a phone's and a desktop's width.

Serious and critical violations fail; moderate and minor ones are listed but pass, since
axe calls them best practice rather than barriers. Page kinds the build does not have yet
are named as absent.
"""

from __future__ import annotations

from .core import GateResult
from .node import run_script

FAILING_IMPACTS = ("serious", "critical")


def run_axe(urls: list[str]) -> list[dict]:
    """axe's violations for each URL and viewport (see axe.mjs for the shape)."""
    return run_script("axe.mjs", urls) if urls else []


def judge_axe(
    results: list[dict], absent: list[str] | None = None, kinds: dict[str, str] | None = None
) -> GateResult:
    """0 serious or critical violations on every page and viewport passes.

    `kinds` (kind → URL) only names the pages in the log; `absent` names kinds not built yet.
    """
    problems, notes = [], [f"{kind}: {url}" for kind, url in (kinds or {}).items()]
    failing = 0
    for page in results:
        where = f"{page['url']} ({page['viewport']})"
        if page.get("status", 200) >= 400:
            failing += 1
            problems.append(f"{where}: HTTP {page['status']}")
        for violation in page["violations"]:
            targets = ", ".join(violation["targets"][:3])
            line = (
                f"{where}: {violation['impact']} {violation['id']} ×{violation['count']}:"
                f" {violation['help']} [{targets}]"
            )
            if violation["impact"] in FAILING_IMPACTS:
                failing += 1
                problems.append(line)
            else:
                notes.append(line)
    pages = len({page["url"] for page in results})
    minor = len(notes) - len(kinds or {})
    figure = f"{failing} serious/critical violations on {pages} pages, phone and desktop"
    figure += f" ({minor} moderate/minor)" if minor else ""
    if absent:
        figure += f"; not built yet: {', '.join(absent)}"
    return GateResult(
        "axe", passed=failing == 0 and pages > 0, figure=figure, problems=problems, notes=notes
    )
