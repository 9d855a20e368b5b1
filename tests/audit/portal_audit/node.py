"""Run the audit's Node scripts (axe.mjs, lighthouse.mjs) and read the JSON they print."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from typing import Any

from tests.support.browser import CHROMIUM, node_environment

from .core import AUDIT_DIR, NODE_MODULES, MissingTool


def run_script(script: str, args: list[str], timeout: float = 600) -> Any:
    """`node tests/audit/SCRIPT ARGS…` with the machine's Chromium; its stdout as JSON."""
    node = shutil.which("node")
    if node is None:
        raise MissingTool("node not found: install Node.js 18.16 or newer (apt-get install nodejs)")
    if not (NODE_MODULES / "puppeteer-core").is_dir():
        raise MissingTool(
            f"{NODE_MODULES} is incomplete: npm ci --prefix tests/audit --ignore-scripts"
        )
    if not CHROMIUM.exists():
        raise MissingTool(
            f"Chromium not found at {CHROMIUM}: apt-get install chromium (or CHROME_PATH)"
        )
    env = {**os.environ, **node_environment()}
    result = subprocess.run(
        [node, str(AUDIT_DIR / script), *args],
        cwd=AUDIT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{script} failed (exit {result.returncode}):\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)
