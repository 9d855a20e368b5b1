"""Once per Pelican instance: the portal's settings checked, Jinja set up for the portal."""

from __future__ import annotations

import os
from functools import lru_cache
from urllib.parse import urljoin, urlparse

from jinja2 import Environment, pass_environment
from jinja2.bccache import FileSystemBytecodeCache
from jinja2.filters import do_truncate
from markupsafe import Markup

from wardportal import vndates
from wardportal.build_state import STATE_KEY, BuildHolder, state_of
from wardportal.emc import Emc
from wardportal.engine import engine_of
from wardportal.images import picture_html
from wardportal.safe_html import inline_html
from wardportal.settings import apply_defaults, project_folder


def configure(pelican) -> None:
    """Once per Pelican instance: check the settings, add filters, autoescape everything."""
    settings = pelican.settings
    apply_defaults(settings)
    Emc.from_settings(settings)  # a bad EMC address stops the build before anything is read
    settings[STATE_KEY] = BuildHolder(pelican.output_path)
    # Each generator makes its own Jinja environment at every run, so no template changes
    # while one is used: without auto_reload, thousands of includes stop checking their file.
    settings["JINJA_ENVIRONMENT"] = {
        **settings["JINJA_ENVIRONMENT"],
        "autoescape": True,
        "auto_reload": False,
    }
    engine = engine_of(settings)
    if engine is not None:  # its runs' environments share compiled templates
        settings["JINJA_ENVIRONMENT"]["bytecode_cache"] = engine.compiled_templates
    elif settings["PORTAL_TEMPLATE_CACHE"]:
        settings["JINJA_ENVIRONMENT"]["bytecode_cache"] = template_cache(settings)
    settings["JINJA_FILTERS"] = {
        **settings.get("JINJA_FILTERS", {}),
        # Pure, and each date is shown on many pages (lists, related news, the sidebar).
        "long_date": lru_cache(maxsize=8192)(vndates.long_date),
        "short_date": lru_cache(maxsize=8192)(vndates.short_date),
        "iso_date": lru_cache(maxsize=8192)(vndates.iso_datetime),
        "clock": lru_cache(maxsize=8192)(vndates.clock),
        "picture": lambda path: state_of(settings).image_variants().picture(path),
        "absolute": lambda url: urljoin(settings.get("SITEURL", "") + "/", url),
        "description": description,
        "inline_html": inline_summary,
    }
    settings["JINJA_GLOBALS"] = {**settings.get("JINJA_GLOBALS", {}), "picture_html": picture_html}
    settings["SITE_ROOT"] = urlparse(settings.get("SITEURL", "")).path.rstrip("/")


def template_cache(settings: dict) -> FileSystemBytecodeCache | None:
    """Compiled templates kept on disk between full builds (compiling them is about half a
    second of every build); Jinja checks each against its template's source and its own
    version. None where the folder cannot be made: templates are then compiled each time."""
    folder = os.path.join(project_folder(settings), settings["PORTAL_TEMPLATE_CACHE"])
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return None
    return FileSystemBytecodeCache(folder)


@lru_cache(maxsize=4096)
def inline_summary(summary_html: str) -> Markup:
    """A summary reduced to inline formatting (safe_html.inline_html), once per summary:
    an article's card is on its home, tag, category and archive pages alike."""
    return Markup(inline_html(str(summary_html)))


@pass_environment
def description(environment: Environment, content) -> str:
    """The plain-text description of an article or page (its summary, at most 300 characters).

    A page shows it three times (description, Open Graph, Dublin Core): made once per item.
    """
    cached = content.__dict__.get("_portal_description")
    if cached is None:
        summary = Markup(content.metadata.get("summary") or content.summary).striptags()
        cached = content._portal_description = do_truncate(environment, summary, 300)
    return cached
