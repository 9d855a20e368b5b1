"""Site builders: throwaway projects built by the real pelican command, and the sample site."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from PIL import Image

PROJECT = Path(__file__).resolve().parents[2]
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


def output_text(result: subprocess.CompletedProcess) -> str:
    """What the officer sees in the terminal, with rich's line wrapping undone."""
    return " ".join((result.stdout + result.stderr).split())


def snapshot(folder: Path) -> dict[Path, bytes]:
    """Every file under `folder` and its bytes: to see that a failed build changed nothing."""
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


PORTAL = Path(sys.executable).with_name("portal")


def project_with_conf(site: Site) -> Path:
    """A project folder whose pelicanconf.py reuses the real one with this project's theme."""
    site.root.mkdir(parents=True, exist_ok=True)
    (site.root / "pelicanconf.py").write_text(
        f"exec(open({str(PROJECT / 'pelicanconf.py')!r}, encoding='utf-8').read())\n"
        f"PATH = 'content'\nTHEME = {str(PROJECT / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(PROJECT / 'plugins')!r}]\n",
        encoding="utf-8",
    )
    return site.root


def portal(project: Path, *args: str) -> subprocess.CompletedProcess:
    """`portal --project PROJECT ARGS…` as the officer types it."""
    return subprocess.run(
        [str(PORTAL), "--project", str(project), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "200"},
    )


def build_sample(output: Path) -> Path:
    """The sample portal (content/ of the project) built by pelican into `output`."""
    result = subprocess.run(
        [str(PELICAN), "content", "-s", "pelicanconf.py", "-o", str(output)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0:
        raise AssertionError(f"the sample site did not build:\n{result.stdout}\n{result.stderr}")
    return output


def shared_sample(shared: Path) -> Path:
    """The sample site built once into `shared`, a folder every pytest-xdist worker sees.

    The first worker to take the lock builds; the others wait for it and read the same
    output. Tests given this folder only read it.
    """
    output = shared / "sample-output"
    with (shared / "sample-output.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "sample-output.done"
        if not done.exists():
            build_sample(output)
            done.touch()
    return output


def redirect_target(site, url: str) -> str:
    """Where the page left at an old address sends the reader (and nginx's map agrees)."""
    page = site.html(url)
    refresh = page.select_one('meta[http-equiv="refresh"]')["content"]
    link = page.select_one("main a")["href"]
    assert refresh == f"0; url={link}"
    assert page.select_one('meta[name="robots"]')["content"] == "noindex"
    nginx = (site.output / "_portal/redirects.map").read_text(encoding="utf-8")
    assert f'"{url}" "{link}";' in nginx
    assert f'"{url.rstrip("/")}" "{link}";' in nginx
    return link
