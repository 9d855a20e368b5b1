"""make deploy: a new release folder, then one symlink switch; old releases kept."""

import os
import shutil
from datetime import datetime

import pytest

from wardportal.deploy import DeployError, deploy, rollback, split_target


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
    first = deploy(output, str(server), keep=1, now=datetime(2026, 11, 27, 8, 0))
    assert os.readlink(server / "current") == f"releases/{first}"
    assert (server / "current/index.html").read_text(encoding="utf-8") == "bản một"

    (output / "index.html").write_text("bản hai", encoding="utf-8")
    second = deploy(output, str(server), keep=1, now=datetime(2026, 11, 28, 8, 0))
    assert (server / "current/index.html").read_text(encoding="utf-8") == "bản hai"
    old = server / "releases" / first
    assert (old / "index.html").read_text(encoding="utf-8") == "bản một", "old release intact"
    unchanged_old, unchanged_new = old / "tin-tuc/index.html", server / "current/tin-tuc/index.html"
    assert unchanged_old.stat().st_ino == unchanged_new.stat().st_ino, "unchanged files hard-linked"

    deploy(output, str(server), keep=1, now=datetime(2026, 11, 29, 8, 0))
    # The live release and one old one (PORTAL_DEPLOY_KEEP counts old releases).
    assert sorted(p.name for p in (server / "releases").iterdir()) == [
        second,
        "20261129-080000",
    ]


def releases(server) -> list[str]:
    return sorted(p.name for p in (server / "releases").iterdir())


def test_two_deploys_in_one_second_never_touch_the_live_release(tmp_path):
    server = tmp_path / "srv"
    output = published(tmp_path / "output", "bản một")
    moment = datetime(2026, 11, 27, 8, 0, 0)
    first = deploy(output, str(server), now=moment)
    (output / "index.html").write_text("bản hai", encoding="utf-8")
    second = deploy(output, str(server), now=moment)
    assert first != second
    assert (server / "releases" / first / "index.html").read_text(encoding="utf-8") == "bản một"
    assert (server / "current/index.html").read_text(encoding="utf-8") == "bản hai"


def test_interrupted_deploys_leave_only_complete_releases(tmp_path, monkeypatch):
    server = tmp_path / "srv"
    output = published(tmp_path / "output", "bản 1")
    for day in (1, 2, 3):
        (output / "index.html").write_text(f"bản {day}", encoding="utf-8")
        deploy(output, str(server), keep=2, now=datetime(2026, 11, day, 8, 0))
    live = os.readlink(server / "current")
    # An upload cut off half way: rsync copies, then dies (exit 30: timeout).
    broken = tmp_path / "broken-bin"
    broken.mkdir()
    (broken / "rsync").write_text(f'#!/bin/sh\n{shutil.which("rsync")} "$@"\nexit 30\n')
    (broken / "rsync").chmod(0o755)
    with monkeypatch.context() as patched:
        patched.setenv("PATH", f"{broken}{os.pathsep}{os.environ['PATH']}")
        for day in range(4, 9):
            (output / "index.html").write_text(f"bản hỏng {day}", encoding="utf-8")
            with pytest.raises(DeployError):
                deploy(output, str(server), keep=2, now=datetime(2026, 11, day, 8, 0))
            assert os.readlink(server / "current") == live, "a partial release is never served"
    assert sum(name.endswith(".partial") for name in releases(server)) == 5
    (output / "index.html").write_text("bản tốt", encoding="utf-8")
    good = deploy(output, str(server), keep=2, now=datetime(2026, 11, 9, 8, 0))
    assert releases(server) == ["20261102-080000", "20261103-080000", good]
    for name in releases(server):
        assert (server / "releases" / name / "tin-tuc/index.html").is_file(), "complete"


def test_rollback_switches_to_the_previous_complete_release(tmp_path):
    server = tmp_path / "srv"
    output = published(tmp_path / "output", "bản 1")
    with pytest.raises(DeployError):
        rollback(str(server))
    first = deploy(output, str(server), now=datetime(2026, 11, 1, 8, 0))
    with pytest.raises(DeployError):
        rollback(str(server))  # nothing before the first release
    (output / "index.html").write_text("bản 2", encoding="utf-8")
    deploy(output, str(server), now=datetime(2026, 11, 2, 8, 0))
    (server / "releases" / "20261101-090000.partial").mkdir()  # never a rollback target
    assert rollback(str(server)) == first
    assert (server / "current/index.html").read_text(encoding="utf-8") == "bản 1"


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

    from tests.support.sites import project_with_conf

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
