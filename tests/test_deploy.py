"""make deploy: a new release folder, then one symlink switch; old releases kept."""

import os
import shutil
from datetime import datetime

import pytest

from wardportal.deploy import DeployError, deploy, split_target


def published(folder, text: str):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(text, encoding="utf-8")
    (folder / "tin-tuc").mkdir(exist_ok=True)
    (folder / "tin-tuc/index.html").write_text("tin", encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def need_rsync():
    if not shutil.which("rsync"):
        if os.environ.get("CI"):
            pytest.fail("CI must have rsync (apt-get install rsync)")
        pytest.skip("rsync is not installed")


def test_releases_are_switched_atomically_and_pruned(tmp_path):
    server = tmp_path / "srv"
    output = published(tmp_path / "output", "bản một")
    first = deploy(output, str(server), keep=2, now=datetime(2026, 11, 27, 8, 0))
    assert os.readlink(server / "current") == f"releases/{first}"
    assert (server / "current/index.html").read_text(encoding="utf-8") == "bản một"

    (output / "index.html").write_text("bản hai", encoding="utf-8")
    second = deploy(output, str(server), keep=2, now=datetime(2026, 11, 28, 8, 0))
    assert (server / "current/index.html").read_text(encoding="utf-8") == "bản hai"
    old = server / "releases" / first
    assert (old / "index.html").read_text(encoding="utf-8") == "bản một", "old release intact"
    unchanged_old, unchanged_new = old / "tin-tuc/index.html", server / "current/tin-tuc/index.html"
    assert unchanged_old.stat().st_ino == unchanged_new.stat().st_ino, "unchanged files hard-linked"

    deploy(output, str(server), keep=2, now=datetime(2026, 11, 29, 8, 0))
    assert sorted(p.name for p in (server / "releases").iterdir()) == [
        second,
        "20261129-080000",
    ]


def test_nothing_changes_without_a_built_site(tmp_path):
    server = tmp_path / "srv"
    deploy(published(tmp_path / "output", "cũ"), str(server))
    before = os.readlink(server / "current")
    with pytest.raises(DeployError) as error:
        deploy(tmp_path / "trong", str(server))
    assert "make publish" in str(error.value)
    assert os.readlink(server / "current") == before


def test_targets():
    assert split_target("bientap@may-chu:/srv/phuong") == ("bientap@may-chu", "/srv/phuong")
    assert split_target("/srv/phuong") == (None, "/srv/phuong")


def test_make_deploy_refuses_a_preview_build(site, tmp_path):
    import subprocess
    import sys

    from test_cli import project_with_conf

    project = project_with_conf(site)
    (project / "publishconf.py").write_text(
        f"exec(open({str(project / 'pelicanconf.py')!r}, encoding='utf-8').read())\n"
        "SITEURL = 'https://phuong.example.vn'\n"
        f"PORTAL_DEPLOY_TARGET = {str(tmp_path / 'srv')!r}\n",
        encoding="utf-8",
    )
    site.article("a", "Bài")
    site.build()  # a preview, for http://127.0.0.1:8000

    def make_deploy():
        return subprocess.run(
            [sys.executable, "-m", "wardportal.deploy", "--project", str(project)],
            capture_output=True,
            text=True,
        )

    refused = make_deploy()
    assert refused.returncode == 1
    assert "make publish" in refused.stderr and "127.0.0.1" in refused.stderr
    assert not (tmp_path / "srv/current").exists()
    site.build(settings=str(project / "publishconf.py"))
    accepted = make_deploy()
    assert accepted.returncode == 0, accepted.stderr
    home = (tmp_path / "srv/current/index.html").read_text(encoding="utf-8")
    assert "https://phuong.example.vn" in home
