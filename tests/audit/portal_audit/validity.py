"""HTML gate: the Nu Html Checker (vnu.jar from npm `vnu-jar`, run with java) over every page.

It also counts inline code, which the strict Content-Security-Policy of production blocks.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
from pathlib import Path

import lxml.etree
import lxml.html

from .core import NODE_MODULES, GateResult, MissingTool

VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_command() -> list[str]:
    """`java -jar vnu.jar`, or MissingTool saying which install step is missing."""
    java = shutil.which("java")
    if java is None:
        raise MissingTool("java not found: apt-get install default-jre-headless")
    if not VNU_JAR.exists():
        raise MissingTool(f"{VNU_JAR} not found: npm ci --prefix tests/audit --ignore-scripts")
    # The checker needs a deep stack for its schema (it asks for at least 512k); 4m leaves room.
    return [java, "-Xss4m", "-jar", str(VNU_JAR)]


def check_html(site: Path) -> GateResult:
    """Check every .html file under `site`; any error (not warnings) fails the gate."""
    pages = sorted(site.rglob("*.html"))
    command = [*vnu_command(), "--format", "json", "--errors-only", *map(str, pages)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        raise RuntimeError(
            f"the Nu Html Checker did not answer in JSON:\n{result.stderr}"
        ) from None
    errors = [m for m in messages if m.get("type") in ("error", "non-document-error")]
    problems = [_describe(message, site) for message in errors]
    inline = [problem for page in pages for problem in inline_code(page, site)]
    figure = f"{len(errors)} errors in {len(pages)} pages (Nu Html Checker)"
    figure += f", {len(inline)} inline scripts/styles"
    passed = not errors and not inline and bool(pages)
    return GateResult("html", passed=passed, figure=figure, problems=problems + inline)


def inline_code(page: Path, site: Path) -> list[str]:
    """What the site's Content-Security-Policy (default-src 'self') would block in `page`:
    inline <script> and <style>, style="" and on…="" attributes, javascript: URLs.
    """
    document = lxml.html.document_fromstring(page.read_bytes())
    name = page.relative_to(site).as_posix()
    found = []
    for element in document.iter("script", "style"):
        if element.tag == "style" or (not element.get("src") and (element.text or "").strip()):
            found.append(f"{name}:{element.sourceline}: inline <{element.tag}> (CSP blocks it)")
    for element in document.iter(lxml.etree.Element):
        for attribute, value in element.attrib.items():
            handler = attribute.startswith("on") or attribute == "style"
            if handler or value.strip().lower().startswith("javascript:"):
                found.append(
                    f"{name}:{element.sourceline}: {attribute}= on <{element.tag}> (CSP blocks it)"
                )
    return found


def _describe(message: dict, site: Path) -> str:
    where = message.get("url", "").removeprefix("file:")
    with contextlib.suppress(ValueError):
        where = Path(where).relative_to(site).as_posix()
    line = message.get("lastLine")
    extract = " ".join(message.get("extract", "").split())[:80]
    at = f"{where}:{line}" if line else where
    return f"{at}: {message.get('message', '').strip()}" + (f" [{extract}]" if extract else "")
