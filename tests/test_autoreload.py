"""Repeated runs of one Pelican instance, as `make devserver` does on every change."""

import pytest
from pelican import Pelican
from pelican.settings import read_settings

from tests.support.sites import PROJECT, snapshot
from wardportal.build_errors import BuildFailed


def test_every_run_is_staged_and_a_failed_run_changes_nothing(site):
    site.article("a", "Bài một")
    settings = read_settings(
        str(PROJECT / "pelicanconf.py"),
        override={"PATH": str(site.content), "OUTPUT_PATH": str(site.output)},
    )
    pelican = Pelican(settings)
    pelican.run()
    assert site.exists("/tin-tuc/2026/bai-mot/")

    site.article("b", "Bài hai")
    pelican.run()
    assert site.exists("/tin-tuc/2026/bai-hai/")
    good = snapshot(site.output)

    broken = site.article("c", "Bài ba", date="30/02/2026")
    with pytest.raises(BuildFailed) as failure:
        pelican.run()
    assert "c.md" in str(failure.value)
    assert snapshot(site.output) == good

    broken.unlink()
    site.article("d", "Bài bốn")
    pelican.run()
    assert site.exists("/tin-tuc/2026/bai-bon/")
    assert pelican.output_path == str(site.output.resolve())
    assert [p.name for p in site.root.iterdir() if p.name.startswith(".output")] == []
