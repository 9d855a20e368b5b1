"""Shared test helpers: build real sites from small content folders and read them back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

PROJECT = Path(__file__).resolve().parent.parent
PELICAN = Path(sys.executable).with_name("pelican")
SITEURL = "http://127.0.0.1:8000"
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="4"/></svg>'
)


class Site:
    """A throwaway project: content/ written by the test, built by the real pelican command."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "content"
        self.output = root / "output"
        for folder in ("articles", "pages", "images", "honours"):
            (self.content / folder).mkdir(parents=True, exist_ok=True)
        (self.content / "images/logo.svg").write_text(LOGO, encoding="utf-8")

    def write(self, relative: str, text: str, encoding: str = "utf-8") -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode(encoding))
        return path

    def article(
        self, name: str, title: str | None, body: str = "Nội dung bài viết.", **meta
    ) -> Path:
        """Write content/articles/{name}.md with a metadata header (keys as given)."""
        lines = [] if title is None else [f"Title: {title}"]
        meta.setdefault("date", "2026-11-20 08:30")
        lines += [f"{key.capitalize()}: {value}" for key, value in meta.items()]
        return self.write(f"articles/{name}.md", "\n".join(lines) + "\n\n" + body + "\n")

    def image(self, relative: str, size: tuple[int, int] = (640, 360)) -> Path:
        path = self.content / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, (180, 30, 30)).save(path, quality=60)
        return path

    def settings(self, name: str, **values: object) -> str:
        """A settings file: the project's pelicanconf.py with `values` changed (for build)."""
        path = self.root / f"{name}.py"
        lines = [
            f"exec(open({str(PROJECT / 'pelicanconf.py')!r}, encoding='utf-8').read())",
            f"THEME = {str(PROJECT / 'theme')!r}",
            f"PLUGIN_PATHS = [{str(PROJECT / 'plugins')!r}]",
            *(f"{key} = {value!r}" for key, value in values.items()),
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return str(path)

    def build(self, settings: str = "pelicanconf.py", ok: bool = True, env: dict | None = None):
        """Run `pelican content -s SETTINGS -o output` from the project, as the README says."""
        result = subprocess.run(
            [
                str(PELICAN),
                str(self.content),
                "-s",
                str(PROJECT / settings),
                "-o",
                str(self.output),
            ],
            cwd=PROJECT,
            capture_output=True,
            text=True,
            env={**os.environ, "COLUMNS": "200", **(env or {})},
            timeout=300,
        )
        if ok and result.returncode != 0:
            raise AssertionError(f"build failed:\n{result.stdout}\n{result.stderr}")
        if not ok and result.returncode == 0:
            raise AssertionError(f"build should have failed:\n{result.stdout}\n{result.stderr}")
        return result

    def path_of(self, url: str) -> Path:
        path = url.removeprefix(SITEURL).lstrip("/")
        target = self.output / path
        return target / "index.html" if path == "" or path.endswith("/") else target

    def html(self, url: str) -> BeautifulSoup:
        return BeautifulSoup(self.path_of(url).read_text(encoding="utf-8"), "lxml")

    def exists(self, url: str) -> bool:
        return self.path_of(url).exists()

    def pages(self) -> list[Path]:
        return sorted(self.output.rglob("*.html"))


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path / "project")


def output_text(result: subprocess.CompletedProcess) -> str:
    """What the officer sees in the terminal, with rich's line wrapping undone."""
    return " ".join((result.stdout + result.stderr).split())
