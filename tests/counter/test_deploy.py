"""deploy/: the nginx site really serves the pages and proxies the counter; the systemd unit."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.ci import unavailable
from tests.support.servers import ServerProcess, free_port
from wardportal import csp
from wardportal.counter import DEFAULTS
from wardportal.emc import Emc
from wardportal.permalinks import nginx_map
from wardportal.serve import SECURITY_HEADERS

from .conftest import BROWSER, ROOT, CounterServer, SiteRoot

DEPLOY = ROOT / "deploy"
SITE_CONF = DEPLOY / "nginx" / "wardportal-site.conf"
HTTP_CONF = DEPLOY / "nginx" / "wardportal-http.conf"
SERVED_ROOT = "/srv/wardportal/site/current"
NGINX = "/usr/sbin/nginx"


def test_nginx_sends_the_same_security_headers_as_the_preview() -> None:
    headers = dict(re.findall(r'^add_header ([\w-]+) "(.*)" always;$', SITE_CONF.read_text(), re.M))
    assert headers.pop("Content-Security-Policy") == "$portal_csp"
    default = re.search(r'map \$uri \$portal_csp \{\n\s+default "(.*)";', HTTP_CONF.read_text())
    assert default is not None
    assert {**headers, "Content-Security-Policy": default.group(1)} == SECURITY_HEADERS


@pytest.fixture
def nginx_binary() -> str:
    if not Path(NGINX).exists():
        unavailable("nginx is not installed (Debian package nginx-light)")
    return NGINX


def nginx_prefix(tmp_path: Path, server: str, upstream_port: int, root: Path | None = None) -> Path:
    """A private nginx configuration around the deploy/ files, writing only under tmp_path.

    The maps of old addresses are read from `root` (the site nginx serves) when given.
    """
    prefix = tmp_path / "nginx"
    (prefix / "logs").mkdir(parents=True)
    maps = HTTP_CONF.read_text().replace(SERVED_ROOT, str(root or tmp_path / "no-site"))
    (prefix / "maps.conf").write_text(maps)
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read pytest's temp folders
    (prefix / "nginx.conf").write_text(
        f"{user}pid {prefix}/nginx.pid;\nerror_log {prefix}/logs/error.log;\n"
        "events { worker_connections 64; }\n"
        "http {\n  include /etc/nginx/mime.types;\n"
        f"  access_log {prefix}/logs/access.log;\n"
        f"  client_body_temp_path {prefix}/body;\n  proxy_temp_path {prefix}/proxy;\n"
        f"  upstream wardportal_counter {{ server 127.0.0.1:{upstream_port}; }}\n"
        f"  include {prefix}/maps.conf;\n"
        f"{server}\n}}\n"
    )
    return prefix


def test_the_production_config_is_valid(nginx_binary: str, tmp_path: Path) -> None:
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=phuong",
         "-keyout", key, "-out", cert, "-days", "1"],
        check=True, capture_output=True,
    )  # fmt: skip
    conf = (DEPLOY / "nginx" / "wardportal.conf").read_text()
    conf = re.sub(r"upstream wardportal_counter \{.*?\}\n", "", conf, flags=re.S)
    conf = conf.replace("/etc/letsencrypt/live/phuong.example.vn/fullchain.pem", str(cert))
    conf = conf.replace("/etc/letsencrypt/live/phuong.example.vn/privkey.pem", str(key))
    conf = conf.replace("/etc/nginx/snippets/wardportal-site.conf", str(SITE_CONF))
    conf = conf.replace("include /etc/nginx/snippets/wardportal-http.conf;", "")
    prefix = nginx_prefix(tmp_path, conf, 8081)
    done = subprocess.run([nginx_binary, "-t", "-p", prefix, "-c", prefix / "nginx.conf"],
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr


@pytest.fixture
def behind_nginx(
    nginx_binary: str,
    site_root: SiteRoot,
    start_counter: Callable[..., CounterServer],
    sqlite_url: str,
    tmp_path: Path,
) -> Iterator[tuple[str, CounterServer]]:
    """The counter behind nginx as deployed: (nginx's URL, the counter)."""
    (site_root.root / "tin-tuc").mkdir()
    (site_root.root / "tin-tuc" / "index.html").write_text("<p>Tin tức</p>", "utf-8")
    counter = start_counter(sqlite_url, alone=True)
    assert counter.thread is not None
    port = free_port()
    server = f"server {{ listen 127.0.0.1:{port}; root {site_root.root}; include {SITE_CONF}; }}"
    prefix = nginx_prefix(tmp_path, server, counter.thread.port, site_root.root)
    command = [nginx_binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf")]
    url = f"http://127.0.0.1:{port}"
    with ServerProcess([*command, "-g", "daemon off;"], url, timeout=10):
        yield url, counter
    shutil.rmtree(prefix, ignore_errors=True)


def test_nginx_serves_pages_with_the_headers(behind_nginx: tuple[str, CounterServer]) -> None:
    url, _ = behind_nginx
    for path, status in [("/", 200), ("/tin-tuc/", 200), ("/khong-co/", 404)]:
        answer = httpx.get(url + path)
        assert answer.status_code == status
        for name, value in SECURITY_HEADERS.items():
            assert answer.headers[name] == value
    assert "Không tìm thấy" in httpx.get(url + "/khong-co/").text


@pytest.fixture
def old_addresses(site_root: SiteRoot) -> None:
    """Maps of moved and removed addresses as a build writes them (before nginx starts)."""
    (site_root.root / "_portal" / "redirects.map").write_text(
        nginx_map({"/tin-tuc/2025/bai-cu/": "/tin-tuc/2026/bai-moi/"})
    )
    (site_root.root / "_portal" / "gone.map").write_text(nginx_map({"/tin-tuc/2025/da-go/": "1"}))
    (site_root.root / "410.html").write_text("<h1>Trang này đã được gỡ bỏ</h1>", "utf-8")


def test_nginx_answers_moved_and_removed_addresses(
    old_addresses: None, behind_nginx: tuple[str, CounterServer]
) -> None:
    url, _ = behind_nginx
    for old in ("/tin-tuc/2025/bai-cu/", "/tin-tuc/2025/bai-cu", "/tin-tuc/2025/bai-cu/index.html"):
        moved = httpx.get(url + old)
        assert moved.status_code == 301
        assert moved.headers["location"].endswith("/tin-tuc/2026/bai-moi/")
    gone = httpx.get(url + "/tin-tuc/2025/da-go/")
    assert gone.status_code == 410 and "đã được gỡ bỏ" in gone.text
    assert gone.headers["X-Frame-Options"] == "DENY"
    assert httpx.get(url + "/tin-tuc/").status_code == 200


EMC_POLICY = Emc(
    "https://emc.example.gov.vn/s.js", "", "https://badge.example.gov.vn/b.png"
).policy()


@pytest.fixture
def emc_policy(site_root: SiteRoot) -> None:
    """The policy a build with the EMC script set writes (before nginx starts)."""
    (site_root.root / "_portal" / "csp.map").write_text(csp.nginx_map(EMC_POLICY), "utf-8")


def test_nginx_sends_the_policy_the_build_wrote(
    emc_policy: None, behind_nginx: tuple[str, CounterServer]
) -> None:
    url, _ = behind_nginx
    for path in ("/", "/tin-tuc/", "/khong-co/"):
        policy = httpx.get(url + path).headers["Content-Security-Policy"]
        assert policy == EMC_POLICY, path
    assert "script-src 'self' 'wasm-unsafe-eval' https://emc.example.gov.vn;" in EMC_POLICY
    assert SECURITY_HEADERS["Content-Security-Policy"] != EMC_POLICY


def test_nginx_follows_no_symlink_and_hides_folders_without_an_index(
    site_root: SiteRoot, behind_nginx: tuple[str, CounterServer]
) -> None:
    url, _ = behind_nginx
    (site_root.root / "passwd.html").symlink_to("/etc/passwd")
    (site_root.root / "images").mkdir()
    (site_root.root / "images" / "anh.txt").write_text("x")
    stolen = httpx.get(url + "/passwd.html")
    assert stolen.status_code == 404 and "root:" not in stolen.text
    for folder in ("/images/", "/_portal/"):
        listing = httpx.get(url + folder)
        assert listing.status_code == 404 and "Không tìm thấy" in listing.text
    assert httpx.get(url + "/tin-tuc/").status_code == 200


def test_nginx_proxies_the_counter_with_the_real_client_address(
    behind_nginx: tuple[str, CounterServer],
) -> None:
    url, counter = behind_nginx

    def hit(source: str, spoof: str) -> httpx.Response:
        transport = httpx.HTTPTransport(local_address=source)
        with httpx.Client(base_url=url, transport=transport) as client:
            headers = {"User-Agent": BROWSER, "Origin": url, "X-Forwarded-For": spoof}
            return client.post("/api/counter/hit", json={"path": "/"}, headers=headers)

    first = hit("127.0.0.5", "198.51.100.1")
    assert first.status_code == 200
    assert first.headers["content-security-policy"] == SECURITY_HEADERS["Content-Security-Policy"]
    hit("127.0.0.5", "198.51.100.2")  # a spoofed header does not make another visitor ...
    assert counter.figures()[:2] == (1, 1)
    hit("127.0.0.6", "198.51.100.1")  # ... another address does
    assert counter.figures()[:2] == (2, 2)
    big = {"Content-Type": "application/json", "Origin": url}
    assert httpx.post(url + "/api/counter/hit", content=b"x" * 3000, headers=big).status_code == 413


def test_nginx_limits_the_api_per_address(behind_nginx: tuple[str, CounterServer]) -> None:
    url, _ = behind_nginx
    with httpx.Client(base_url=url) as client:
        statuses = [client.get("/api/counter/stats").status_code for _ in range(60)]
    assert statuses[:20] == [200] * 20, "a burst of 20 is served at once"
    assert 429 in statuses
    assert httpx.get(url + "/tin-tuc/").status_code == 200


def unit_service() -> list[tuple[str, str]]:
    """The [Service] settings of the systemd unit, in order (Environment may repeat)."""
    text = (DEPLOY / "wardportal-counter.service").read_text().replace("\\\n", " ")
    service = text.split("[Service]")[1].split("[Install]")[0]
    return re.findall(r"^(\w+)=(.*)$", service, re.M)


def test_the_systemd_unit_runs_the_guarded_counter_server() -> None:
    settings = unit_service()
    command = dict(settings)["ExecStart"]
    assert "-m wardportal.counter.server" in command and "--host 127.0.0.1" in command
    environment = dict(value.split("=", 1) for key, value in settings if key == "Environment")
    assert environment["COUNTER_DATABASE_URL"].startswith(dict(settings)["ReadWritePaths"])
    assert environment["COUNTER_TRUSTED_PROXIES"] == "127.0.0.1,::1"
    assert set(environment) <= set(DEFAULTS)


def test_the_unit_command_serves_the_counter(site_root: SiteRoot, tmp_path: Path) -> None:
    """The unit's very command line, with a local Python, port and files."""
    settings = unit_service()
    command = shlex.split(dict(settings)["ExecStart"])
    assert command[0] == "/srv/wardportal/.venv/bin/python"
    port = free_port()
    command = [sys.executable, *command[1:]]
    command[command.index("--port") + 1] = str(port)
    environment = dict(value.split("=", 1) for key, value in settings if key == "Environment")
    environment.update(
        COUNTER_SITE_ROOT=str(site_root.root), COUNTER_DATABASE_URL=str(tmp_path / "c.sqlite3")
    )
    url = f"http://127.0.0.1:{port}/api/counter"
    with ServerProcess(
        command, url + "/stats", cwd=ROOT, env={**os.environ, **environment}
    ) as server:
        assert server.first_answer.json()["total"] == 0
        origin = f"http://127.0.0.1:{port}"
        hit = httpx.post(
            url + "/hit", json={"path": "/"}, headers={"User-Agent": BROWSER, "Origin": origin}
        )
        assert hit.status_code == 200 and hit.json()["page"] == 1
        assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 404  # the API only
        status = server.stop()
        output = server.output()
    # uvicorn ends by re-raising SIGTERM, which systemd counts as a clean stop.
    assert status in (0, -15), output
    assert "Application shutdown complete" in output
    assert "POST /api/counter/hit" not in output  # no access log, so no client address
