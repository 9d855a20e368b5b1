"""Settings: one table of defaults, each checked at start and documented in docs/newsroom.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from wardportal.newsroom import DEFAULTS, ConfigError, Settings, load_settings

DOCS = Path(__file__).resolve().parents[2] / "docs" / "newsroom.md"


@pytest.mark.parametrize("name", sorted(DEFAULTS))
def test_every_setting_is_documented(name: str) -> None:
    assert f"`{name}`" in DOCS.read_text(encoding="utf-8")


def test_defaults() -> None:
    settings = load_settings({})
    assert settings == Settings()
    assert settings.secure_cookies is True
    assert settings.database_path == Path("var/newsroom.sqlite3")


def test_values_are_read_from_the_environment() -> None:
    settings = load_settings(
        {
            "NEWSROOM_DATABASE": "/srv/newsroom/db.sqlite3",
            "NEWSROOM_PROJECT": "/srv/portal",
            "NEWSROOM_SECURE_COOKIES": "false",
            "NEWSROOM_MAX_FAILURES": "3",
            "NEWSROOM_TRUSTED_PROXIES": "127.0.0.1",
        }
    )
    assert settings.database_path == Path("/srv/newsroom/db.sqlite3")
    assert settings.content_path == Path("/srv/portal/content")
    assert settings.secure_cookies is False
    assert settings.max_failures == 3
    assert len(settings.trusted_proxies) == 1


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("NEWSROOM_SECURE_COOKIES", "maybe", "true or false"),
        ("NEWSROOM_MIN_PASSWORD_LENGTH", "4", "between 8 and"),
        ("NEWSROOM_DATABASE", "content/accounts.sqlite3", "content folder"),
        ("NEWSROOM_DATABASE", "output/accounts.sqlite3", "output folder"),
        ("NEWSROOM_DATABSE", "x", "unknown setting"),
    ],
)
def test_wrong_values_are_refused_with_the_name(name: str, value: str, reason: str) -> None:
    with pytest.raises(ConfigError, match=reason) as caught:
        load_settings({name: value})
    assert name in str(caught.value)
