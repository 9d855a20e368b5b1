"""The portal's settings: one defaults table, validated, every key documented."""

from pathlib import Path

import pytest

from wardportal.settings import PORTAL_DEFAULTS, SettingsError, apply_defaults

DOCS = Path(__file__).resolve().parent.parent / "docs/settings.md"


@pytest.mark.parametrize("name", sorted(PORTAL_DEFAULTS))
def test_every_setting_is_documented(name):
    assert f"`{name}`" in DOCS.read_text(encoding="utf-8")


def test_defaults_fill_missing_settings():
    settings = apply_defaults({})
    assert settings["PORTAL_LATEST_COUNT"] == PORTAL_DEFAULTS["PORTAL_LATEST_COUNT"][0]


@pytest.mark.parametrize(
    "bad", [{"PORTAL_LATEST_COUNT": "6"}, {"PORTAL_LATEST_COUNT": 0}, {"PORTAL_COUNTER": "có"}]
)
def test_wrong_values_are_refused_in_vietnamese(bad):
    with pytest.raises(SettingsError) as error:
        apply_defaults(dict(bad))
    assert "pelicanconf.py" in str(error.value)


def test_bad_setting_stops_a_real_build(site):
    settings = site.root / "conf.py"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(DOCS.parent.parent)!r})\n"
        "from pelicanconf import *\nPORTAL_LATEST_COUNT = 'sáu'\n"
        f"THEME = {str(DOCS.parent.parent / 'theme')!r}\n"
        f"PLUGIN_PATHS = [{str(DOCS.parent.parent / 'plugins')!r}]\n",
        encoding="utf-8",
    )
    site.article("a", "Bài")
    result = site.build(settings=str(settings), ok=False)
    assert "PORTAL_LATEST_COUNT" in result.stdout + result.stderr
