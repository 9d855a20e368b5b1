"""Counter settings: one table of defaults, read from the environment and checked once at start.

A wrong value stops the service at start with a message naming the variable, rather than
surfacing later as a failed hit that nobody sees.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from wardportal.env_settings import read_environment

Network = ipaddress.IPv4Network | ipaddress.IPv6Network

#: Every setting, its default and what it means; docs/counter.md documents each key.
DEFAULTS: dict[str, str] = {
    "COUNTER_DATABASE_URL": "var/counter.sqlite3",
    "COUNTER_SITE_ROOT": "output",
    "COUNTER_TRUSTED_PROXIES": "",
    "COUNTER_ALLOWED_ORIGINS": "",
    "COUNTER_INITIAL_TOTAL": "0",
    "COUNTER_RATE_LIMIT": "60",
    "COUNTER_ADDRESS_RATE_LIMIT": "600",
    "COUNTER_NEW_VISITORS_PER_ADDRESS": "120",
    "COUNTER_STATS_TTL": "5",
    "COUNTER_QUEUE_SIZE": "2000",
    "COUNTER_BATCH_MAX": "500",
    "COUNTER_COMMIT_DELAY_MS": "0",
    "COUNTER_COMMIT_TIMEOUT": "5",
    "COUNTER_REQUEST_TIMEOUT": "10",
    "COUNTER_KEEP_ALIVE": "5",
    "COUNTER_MAX_CONNECTIONS": "1000",
}


class ConfigError(ValueError):
    """A setting has a value the service cannot run with."""


@dataclass(frozen=True)
class Settings:
    """The validated settings; build with `load_settings`, or directly in tests."""

    database_url: str = DEFAULTS["COUNTER_DATABASE_URL"]
    site_root: Path = Path(DEFAULTS["COUNTER_SITE_ROOT"])
    trusted_proxies: tuple[Network, ...] = ()
    allowed_origins: frozenset[str] = frozenset()
    initial_total: int = 0
    rate_limit: int = 60
    address_rate_limit: int = 600
    new_visitors_per_address: int = 120
    stats_ttl: float = 5.0
    queue_size: int = 2000
    batch_max: int = 500
    commit_delay_ms: float = 0.0
    commit_timeout: float = 5.0
    request_timeout: float = 10.0
    keep_alive: int = 5
    max_connections: int = 1000

    @property
    def manifest_path(self) -> Path:
        """Where the build lists the pages it published."""
        return self.site_root / "_portal" / "pages.json"


def _integer(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise ValueError("must be a whole number") from None
        if not low <= value <= high:
            raise ValueError(f"must be between {low} and {high}")
        return value

    return parse


def _number(low: float, high: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise ValueError("must be a number") from None
        if not low <= value <= high:
            raise ValueError(f"must be between {low:g} and {high:g}")
        return value

    return parse


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def _networks(text: str) -> tuple[Network, ...]:
    networks = []
    for item in _items(text):
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"{item!r} is not an IP address or network like 10.0.0.0/8") from None
    return tuple(networks)


def _origins(text: str) -> frozenset[str]:
    origins = set()
    for item in _items(text):
        parts = urlsplit(item)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
            raise ValueError(f"{item!r} is not an origin like https://phuong.example.vn")
        origins.add(f"{parts.scheme}://{parts.netloc}".lower())
    return frozenset(origins)


def _database_url(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty")
    if "://" in text and urlsplit(text).scheme not in ("sqlite", "postgres", "postgresql"):
        raise ValueError("must be a file path, sqlite:///path or postgresql://user@host/db")
    return text.strip()


# Setting name -> (Settings field, parser). The parser raises ValueError with a plain reason.
_FIELDS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "COUNTER_DATABASE_URL": ("database_url", _database_url),
    "COUNTER_SITE_ROOT": ("site_root", Path),
    "COUNTER_TRUSTED_PROXIES": ("trusted_proxies", _networks),
    "COUNTER_ALLOWED_ORIGINS": ("allowed_origins", _origins),
    "COUNTER_INITIAL_TOTAL": ("initial_total", _integer(0, 10**15)),
    "COUNTER_RATE_LIMIT": ("rate_limit", _integer(1, 100_000)),
    "COUNTER_ADDRESS_RATE_LIMIT": ("address_rate_limit", _integer(1, 1_000_000)),
    "COUNTER_NEW_VISITORS_PER_ADDRESS": ("new_visitors_per_address", _integer(1, 100_000)),
    "COUNTER_STATS_TTL": ("stats_ttl", _number(0, 3600)),
    "COUNTER_QUEUE_SIZE": ("queue_size", _integer(1, 1_000_000)),
    "COUNTER_BATCH_MAX": ("batch_max", _integer(1, 100_000)),
    "COUNTER_COMMIT_DELAY_MS": ("commit_delay_ms", _number(0, 1000)),
    "COUNTER_COMMIT_TIMEOUT": ("commit_timeout", _number(0.1, 600)),
    "COUNTER_REQUEST_TIMEOUT": ("request_timeout", _number(0.1, 600)),
    "COUNTER_KEEP_ALIVE": ("keep_alive", _integer(1, 600)),
    "COUNTER_MAX_CONNECTIONS": ("max_connections", _integer(1, 1_000_000)),
}
assert _FIELDS.keys() == DEFAULTS.keys()


def load_settings(environ: Mapping[str, str] | None = None, **overrides: str | None) -> Settings:
    """Read every COUNTER_* setting (environment, then `overrides` by name) and validate it.

    Raises ConfigError naming the variable, its value and what is expected.
    """
    values = read_environment("COUNTER_", DEFAULTS, _FIELDS, ConfigError, environ, overrides)
    return Settings(**values)


# Parsers the newsroom's settings share (wardportal/newsroom/config.py).
integer_between = _integer
networks = _networks
