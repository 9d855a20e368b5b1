"""Settings: one table of defaults, each checked at start and documented in docs/counter.md."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from wardportal.counter import DEFAULTS, ConfigError, Settings, load_settings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "counter.md"


def test_defaults() -> None:
    settings = load_settings({})
    assert settings == Settings()
    assert settings.database_url == "var/counter.sqlite3"
    assert settings.manifest_path == Path("output/_portal/pages.json")
    assert settings.trusted_proxies == ()


def test_every_setting_is_read() -> None:
    settings = load_settings(
        {
            "COUNTER_DATABASE_URL": "postgresql://counter@db/portal",
            "COUNTER_SITE_ROOT": "/srv/portal/output",
            "COUNTER_TRUSTED_PROXIES": "127.0.0.1, 10.0.0.0/8,::1",
            "COUNTER_ALLOWED_ORIGINS": "https://Phuong.example.vn",
            "COUNTER_INITIAL_TOTAL": "1234567",
            "COUNTER_RATE_LIMIT": "10",
            "COUNTER_STATS_TTL": "2.5",
            "COUNTER_QUEUE_SIZE": "100",
            "COUNTER_BATCH_MAX": "50",
            "COUNTER_COMMIT_DELAY_MS": "0",
            "COUNTER_COMMIT_TIMEOUT": "3",
        }
    )
    assert settings.trusted_proxies == (
        ipaddress.ip_network("127.0.0.1/32"),
        ipaddress.ip_network("10.0.0.0/8"),
        ipaddress.ip_network("::1/128"),
    )
    assert settings.allowed_origins == frozenset({"https://phuong.example.vn"})
    assert (settings.initial_total, settings.rate_limit, settings.stats_ttl) == (1234567, 10, 2.5)
    assert (settings.queue_size, settings.batch_max) == (100, 50)
    assert (settings.commit_delay_ms, settings.commit_timeout) == (0, 3)
    assert settings.site_root == Path("/srv/portal/output")


def test_overrides_win_over_the_environment() -> None:
    settings = load_settings({"COUNTER_SITE_ROOT": "a"}, COUNTER_SITE_ROOT="b")
    assert settings.site_root == Path("b")


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("COUNTER_INITIAL_TOTAL", "-1", "between 0 and"),
        ("COUNTER_INITIAL_TOTAL", "12.000", "whole number"),
        ("COUNTER_RATE_LIMIT", "0", "between 1 and"),
        ("COUNTER_STATS_TTL", "soon", "must be a number"),
        ("COUNTER_QUEUE_SIZE", "", "whole number"),
        ("COUNTER_TRUSTED_PROXIES", "localhost", "not an IP address"),
        ("COUNTER_ALLOWED_ORIGINS", "phuong.example.vn", "not an origin"),
        ("COUNTER_ALLOWED_ORIGINS", "https://phuong.example.vn/tin-tuc", "not an origin"),
        ("COUNTER_DATABASE_URL", "mysql://db/portal", "postgresql://"),
        ("COUNTER_DATABASE_URL", " ", "must not be empty"),
    ],
)
def test_a_bad_value_names_the_setting(name: str, value: str, reason: str) -> None:
    with pytest.raises(ConfigError) as error:
        load_settings({name: value})
    assert str(error.value).startswith(f"{name}={value!r}: ")
    assert reason in str(error.value)


def test_a_misspelt_setting_is_an_error() -> None:
    with pytest.raises(ConfigError, match="unknown setting COUNTER_DATABASE;"):
        load_settings({"COUNTER_DATABASE": "x.sqlite3"})


def test_every_setting_is_documented() -> None:
    docs = DOCS.read_text(encoding="utf-8")
    assert DEFAULTS and any(DEFAULTS.values()), "settings and defaults to look for"
    for name, default in DEFAULTS.items():
        assert f"`{name}`" in docs, name
        if default:
            assert f"`{default}`" in docs, (name, default)


def test_the_widget_markup_is_documented() -> None:
    """docs/counter.md shows the markup the theme really writes."""
    docs = DOCS.read_text(encoding="utf-8")
    theme = DOCS.parent.parent / "theme" / "templates"
    assert (theme / "partials" / "counter.html").read_text(encoding="utf-8").strip() in docs
    views = 'Lượt xem: <span data-counter="page">—</span>'
    assert views in (theme / "article.html").read_text(encoding="utf-8")
    assert views in docs
    assert '<script src="/theme/js/counter.js" defer></script>' in docs
