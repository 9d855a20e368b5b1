"""A test site's settings: the sample portal's pelicanconf.py with a few values changed."""

from __future__ import annotations

from pathlib import Path

from conftest import PROJECT, Site


def settings_file(site: Site, name: str = "conf.py", base: str = "pelicanconf", **changes) -> Path:
    """conf.py in the site's project folder: `base` (pelicanconf or publishconf), then `changes`."""
    conf = site.root / name
    conf.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(PROJECT)!r})",
        f"from {base} import *",
        f"THEME = {str(PROJECT / 'theme')!r}",
        f"PLUGIN_PATHS = [{str(PROJECT / 'plugins')!r}]",
        *(f"{key} = {value!r}" for key, value in changes.items()),
    ]
    conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return conf
