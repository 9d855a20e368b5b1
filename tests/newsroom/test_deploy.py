"""Production files: the systemd unit's very command serves the newsroom; nginx passes
/quan-tri/ to it from the TLS server only."""

from __future__ import annotations

import os
import re
import shlex
import sys
from pathlib import Path

import httpx

from tests.support.servers import ServerProcess, free_port
from wardportal.newsroom import DEFAULTS

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def _unit(name: str = "wardportal-newsroom.service") -> list[tuple[str, str]]:
    text = (DEPLOY / name).read_text().replace("\\\n", " ")
    service = text.split("[Service]")[1].split("[Install]")[0]
    return re.findall(r"^(\w+)=(.*)$", service, re.M)


def test_nginx_passes_the_newsroom_over_tls_only() -> None:
    conf = (DEPLOY / "nginx" / "wardportal.conf").read_text()
    plain, tls = conf.split("listen 443", 1)
    assert "quan-tri" not in plain.split("server {", 1)[1]  # port 80 only redirects to https
    assert "location ^~ /quan-tri/ {" in tls and "proxy_pass http://wardportal_newsroom;" in tls
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in tls
    site = (DEPLOY / "nginx" / "wardportal-site.conf").read_text()
    assert "quan-tri" not in site  # the snippet is also used without TLS


def test_the_unit_command_serves_the_newsroom(tmp_path: Path) -> None:
    settings = _unit()
    environment = dict(value.split("=", 1) for key, value in settings if key == "Environment")
    assert {name for name in environment if name.startswith("NEWSROOM_")} <= set(DEFAULTS)
    assert environment["NEWSROOM_DEPLOY"] == "true"
    assert environment["PORTAL_DEPLOY_TARGET"] == "/srv/wardportal/site"
    assert "/srv/wardportal/site" in dict(settings)["ReadWritePaths"].split()
    assert environment["NEWSROOM_SECURE_COOKIES"] == "true"
    assert environment["NEWSROOM_DATABASE"].startswith("/var/lib/wardportal/")
    assert "/var/lib/wardportal" in dict(settings)["ReadWritePaths"]
    command = shlex.split(dict(settings)["ExecStart"])
    assert command[0] == "/srv/wardportal/.venv/bin/uvicorn"
    assert "wardportal.newsroom:app_from_env" in command and "--workers" in command
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", *command[1:]]
    command[command.index("--port") + 1] = str(port)
    (tmp_path / "content").mkdir()
    environment.update(
        NEWSROOM_PROJECT=str(tmp_path), NEWSROOM_DATABASE=str(tmp_path / "db" / "n.sqlite3")
    )
    url = f"http://127.0.0.1:{port}/quan-tri/"
    with ServerProcess(command, url, cwd=ROOT, env={**os.environ, **environment}) as server:
        answer = server.first_answer
        assert answer.status_code == 200 and "Tên đăng nhập" in answer.text
        assert "Secure" in answer.headers["set-cookie"]
        assert httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 404


def test_the_daily_build_uses_the_newsrooms_settings_and_lock() -> None:
    newsroom, daily = (
        _unit("wardportal-newsroom.service"),
        _unit("wardportal-publish.service"),
    )
    for key in ("User", "Group", "WorkingDirectory", "EnvironmentFile"):
        assert dict(daily)[key] == dict(newsroom)[key], key
    build = ("NEWSROOM_PROJECT", "NEWSROOM_DATABASE", "NEWSROOM_DEPLOY", "PORTAL_DEPLOY_TARGET")
    settings = [dict(value.split("=", 1) for k, value in unit if k == "Environment")
                for unit in (newsroom, daily)]  # fmt: skip
    for name in build:
        assert settings[0][name] == settings[1][name], name
    # Same database folder: the same build.lock, so the two never build at once; and no
    # setting of the newsroom's build that the daily build lacks (only the web-facing ones).
    assert not {n for n in settings[0] if n.startswith("NEWSROOM_")} - set(build) - {
        "NEWSROOM_SECURE_COOKIES", "NEWSROOM_TRUSTED_PROXIES"
    }  # fmt: skip
    command = shlex.split(dict(daily)["ExecStart"])
    assert command[0] == "/srv/wardportal/.venv/bin/portal"
    assert command[1:] == ["--project", "/srv/wardportal", "publish"]
    timer = (DEPLOY / "wardportal-publish.timer").read_text()
    assert "OnCalendar=*-*-* 00:05:00 Asia/Ho_Chi_Minh" in timer
