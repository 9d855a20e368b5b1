"""`portal user …` as the officer runs it: a real process on a real database file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wardportal.newsroom import load_settings
from wardportal.newsroom.accounts import LoginRefused
from wardportal.newsroom.service import Newsroom

PORTAL = Path(sys.executable).with_name("portal")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    return tmp_path


def portal(project: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NEWSROOM_")}
    return subprocess.run(
        [str(PORTAL), "--project", str(project), "user", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
    )


def _newsroom(project: Path) -> Newsroom:
    return Newsroom(load_settings({}, NEWSROOM_PROJECT=str(project)))


def test_add_list_passwd_disable(project: Path) -> None:
    added = portal(project, "add", "Lan", "--role", "approver", "--password-stdin", stdin="a" * 12)
    assert added.returncode == 0, added.stderr
    assert "Đã tạo tài khoản lan" in added.stdout
    listed = portal(project, "list")
    assert listed.stdout.split() == ["lan", "approver"]
    database = project / "var" / "newsroom.sqlite3"
    assert database.stat().st_mode & 0o077 == 0
    stored = _newsroom(project)
    assert stored.accounts.authenticate("lan", "a" * 12, "127.0.0.1").role == "approver"

    assert portal(project, "passwd", "lan", "--password-stdin", stdin="b" * 12).returncode == 0
    with pytest.raises(LoginRefused):
        _newsroom(project).accounts.authenticate("lan", "a" * 12, "127.0.0.1")
    assert _newsroom(project).accounts.authenticate("lan", "b" * 12, "127.0.0.1").name == "lan"
    assert portal(project, "disable", "lan").returncode == 0
    assert "đã khoá" in portal(project, "list").stdout
    actions = portal(project, "audit").stdout
    for action in ("account_add", "account_passwd", "account_disable"):
        assert action in actions


@pytest.mark.parametrize(
    ("password", "message"),
    [("", "không được để trống"), ("ngan", "ít nhất 12 ký tự"), ("   " * 5, "trống")],
)
def test_weak_passwords_are_refused(project: Path, password: str, message: str) -> None:
    result = portal(project, "add", "lan", "--role", "editor", "--password-stdin", stdin=password)
    assert result.returncode == 1
    assert message in result.stderr
    assert portal(project, "list").stdout == ""


def test_duplicate_names_and_bad_names_are_refused(project: Path) -> None:
    args = ("--role", "editor", "--password-stdin")
    assert portal(project, "add", "lan", *args, stdin="a" * 12).returncode == 0
    again = portal(project, "add", "LAN", *args, stdin="a" * 12)
    assert again.returncode == 1 and "đã có" in again.stderr
    bad = portal(project, "add", "lan nguyễn", *args, stdin="a" * 12)
    assert bad.returncode == 1 and "Tên đăng nhập chỉ gồm" in bad.stderr


def test_unlock_lifts_a_lockout(project: Path) -> None:
    assert portal(project, "add", "lan", "--role", "editor", "--password-stdin", stdin="a" * 12)
    newsroom = _newsroom(project)
    for _ in range(newsroom.settings.max_failures):
        with pytest.raises(LoginRefused, match="wrong"):
            newsroom.accounts.authenticate("lan", "sai", "10.0.0.1")
    assert "tạm khoá" in portal(project, "list").stdout
    result = portal(project, "unlock", "lan")
    assert result.returncode == 0
    assert newsroom.accounts.authenticate("lan", "a" * 12, "10.0.0.2").name == "lan"


def test_there_is_no_default_account(project: Path) -> None:
    assert _newsroom(project).accounts.all() == []
