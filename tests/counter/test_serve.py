"""The preview server: the built site served like nginx would, with the counter beside it."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from wardportal.csp import nginx_map
from wardportal.emc import Emc
from wardportal.serve import CONTENT_SECURITY_POLICY, SECURITY_HEADERS

from .conftest import ROOT, CounterServer, SiteRoot


@pytest.fixture
def served(
    site_root: SiteRoot, start_counter: Callable[..., CounterServer], sqlite_url: str
) -> CounterServer:
    root = site_root.root
    (root / "tin-tuc" / "2018" / "so-ket").mkdir(parents=True)
    (root / "tin-tuc" / "2018" / "so-ket" / "index.html").write_text("<p>Sơ kết</p>", "utf-8")
    (root / "theme" / "images").mkdir(parents=True)
    files = {
        "feeds/all.atom.xml": "<feed/>",
        "sitemap.xml": "<urlset/>",
        "bang-vang/bang-vang.json": "[]",
        "bang-vang/bang-vang.csv": "a,b\n",
        "theme/images/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "theme/css/main.css": "body{}",
        "theme/js/counter.js": "void 0;",
        "robots.txt": "User-agent: *",
    }
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")
    (root / "images").mkdir()
    (root / "images" / "anh.webp").write_bytes(b"RIFF\x00\x00\x00\x00WEBP")
    return start_counter(sqlite_url)


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/", "text/html; charset=utf-8"),
        ("/tin-tuc/2018/so-ket/", "text/html; charset=utf-8"),
        ("/feeds/all.atom.xml", "application/xml"),
        ("/sitemap.xml", "application/xml"),
        ("/bang-vang/bang-vang.json", "application/json"),
        ("/bang-vang/bang-vang.csv", "text/csv; charset=utf-8"),
        ("/images/anh.webp", "image/webp"),
        ("/theme/images/logo.svg", "image/svg+xml"),
        ("/theme/css/main.css", "text/css; charset=utf-8"),
        ("/theme/js/counter.js", "text/javascript; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
    ],
)
def test_files_are_served_with_their_types(
    served: CounterServer, path: str, content_type: str
) -> None:
    answer = served.client.get(path)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == content_type


def test_a_directory_url_without_slash_is_redirected(served: CounterServer) -> None:
    answer = served.client.get("/tin-tuc/2018/so-ket")
    assert answer.status_code in (301, 307, 308)
    assert answer.headers["location"].endswith("/tin-tuc/2018/so-ket/")


@pytest.mark.parametrize("path", ["/khong-co/", "/tin-tuc/", "/tin-tuc/2018/", "/x.html"])
def test_missing_pages_get_the_404_page_and_no_listing(served: CounterServer, path: str) -> None:
    answer = served.client.get(path)
    assert answer.status_code == 404
    assert "Không tìm thấy" in answer.text
    assert "so-ket" not in answer.text


@pytest.mark.parametrize(
    "raw_path",
    ["/../../../etc/passwd", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc/passwd"],
)
def test_no_path_traversal(served: CounterServer, raw_path: str) -> None:
    assert served.thread is not None
    with socket.create_connection(("127.0.0.1", served.thread.port), timeout=5) as sock:
        sock.sendall(f"GET {raw_path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert b"root:" not in answer
    assert answer.split(b" ", 2)[1] in (b"400", b"404")


def test_every_answer_carries_the_security_headers(served: CounterServer) -> None:
    for path in ["/", "/khong-co/", "/api/counter/stats", "/theme/js/counter.js"]:
        headers = served.client.get(path).headers
        for name, value in SECURITY_HEADERS.items():
            assert headers[name] == value, (path, name)
    # Scripts from the site itself only; WebAssembly (search) may compile, JavaScript eval not.
    assert "script-src 'self' 'wasm-unsafe-eval';" in CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in CONTENT_SECURITY_POLICY
    assert "'unsafe-eval'" not in CONTENT_SECURITY_POLICY


def test_the_preview_sends_the_policy_the_build_wrote(
    site_root: SiteRoot, start_counter: Callable[..., CounterServer], sqlite_url: str
) -> None:
    policy = Emc("https://emc.example.gov.vn/s.js").policy()
    (site_root.root / "_portal" / "csp.map").write_text(nginx_map(policy), "utf-8")
    served = start_counter(sqlite_url)
    for path in ["/", "/khong-co/", "/api/counter/stats"]:
        assert served.client.get(path).headers["Content-Security-Policy"] == policy
    assert "https://emc.example.gov.vn" in policy and policy != CONTENT_SECURITY_POLICY


def test_the_api_is_served_beside_the_site(served: CounterServer) -> None:
    assert served.hit("/tin-tuc/2018/so-ket/").json()["page"] == 1
    assert served.client.get("/api/counter/khong-co").status_code == 404
    assert served.client.post("/").status_code == 405


def run_serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wardportal.serve", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_serve_refuses_a_missing_site(tmp_path: Path) -> None:
    done = run_serve("--root", str(tmp_path / "output"), "--port", "1")
    assert done.returncode == 2
    assert "does not exist; build the site first" in done.stderr


def test_serve_refuses_a_bad_setting(tmp_path: Path) -> None:
    done = run_serve("--root", str(tmp_path), "--database", "mysql://x/y")
    assert done.returncode == 2
    assert "COUNTER_DATABASE_URL='mysql://x/y'" in done.stderr
