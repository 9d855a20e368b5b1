"""The newsroom ("Đăng nhập"): a small web application where officers write and approve news.

Mounted under /quan-tri/ by `python -m wardportal.serve`; accounts are made with
`portal user add`. See docs/newsroom.md.
"""

from .app import app_from_env, create_app
from .config import DEFAULTS, ConfigError, Settings, load_settings

__all__ = ["DEFAULTS", "ConfigError", "Settings", "app_from_env", "create_app", "load_settings"]
