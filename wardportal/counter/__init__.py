"""The visit counter: a small ASGI service counting visits and page views of the built site.

Run it alone with `python -m wardportal.counter.server`, or together with the site
through `python -m wardportal.serve`. See docs/counter.md.
"""

from .app import app_from_env, create_app
from .config import DEFAULTS, ConfigError, Settings, load_settings

__all__ = ["DEFAULTS", "ConfigError", "Settings", "app_from_env", "create_app", "load_settings"]
