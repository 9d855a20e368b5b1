"""Each audit gate fails on a deliberately broken copy of a page, and names what broke.

A gate that never fails guards nothing. These tests copy the built sample site, break one page
(or feed, sitemap, stylesheet) on purpose and run the real gate over a local server. Lighthouse
is too slow to run here; its bars are shown failing on bad reports instead. Tests that need
java, node or Chromium skip when those are missing locally, and fail when CI=true.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.audit.portal_audit import cli, lighthouse
from tests.audit.portal_audit.axe import judge_axe, run_axe
from tests.audit.portal_audit.core import PROJECT, GateResult, MissingTool
from tests.audit.portal_audit.feeds import check_feeds
from tests.audit.portal_audit.links import check_links
from tests.audit.portal_audit.node import run_script
from tests.audit.portal_audit.site import build, static_server
from tests.audit.portal_audit.validity import check_html, vnu_command
from tests.audit.portal_audit.weight import LIMIT_BYTES, check_weight
from tests.support.browser import CHROMIUM
from tests.support.ci import unavailable
from tests.support.servers import free_port


def need(check: Callable[[], object]) -> None:
    """Skip when a tool is missing here, fail when CI=true: CI must run every gate."""
    try:
        check()
    except MissingTool as error:
        unavailable(f"an audit tool is missing: {error}")


def need_browser() -> None:
    def check() -> None:
        if not CHROMIUM.exists():
            raise MissingTool(f"Chromium not found at {CHROMIUM}")
        if shutil.which("node") is None:
            raise MissingTool("node not found")
        if not (PROJECT / "tests/audit/node_modules/axe-core").is_dir():
            raise MissingTool("tests/audit/node_modules missing: npm ci --prefix tests/audit")

    need(check)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The sample site built once per test process, its absolute URLs on a port of its own."""
    port = free_port()
    site = tmp_path_factory.mktemp("audit-sample") / "site"
    build(PROJECT / "content", site, f"http://127.0.0.1:{port}")
    return site, port


@pytest.fixture
def copy(sample: tuple[Path, int], tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A copy of the sample site to break, served on its build's port: (folder, base URL)."""
    site, port = sample
    target = tmp_path / "site"
    shutil.copytree(site, target)
    with static_server(target, port) as base:
        yield target, base


def first_article(site: Path) -> Path:
    return sorted((site / "tin-tuc").glob("*/*/index.html"))[0]


def inject(page: Path, html: str) -> None:
    """Put `html` at the start of the page's <main>, as a careless template edit would."""
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"(<main\b[^>]*>)", r"\1" + html, text, count=1), encoding="utf-8")


def test_html_gate_fails_on_an_invalid_copy_of_a_page(sample: tuple[Path, int], tmp_path: Path):
    need(vnu_command)
    site, _ = sample
    shutil.copy(site / "index.html", tmp_path / "good.html")
    shutil.copy(site / "index.html", tmp_path / "broken.html")
    inject(
        tmp_path / "broken.html",
        '<p id="noi-dung">Trùng id <img src="/images/logo.svg"></p>'
        '<script>document.title = "x";</script><p onclick="go()">bấm</p>',
    )

    result = check_html(tmp_path)

    assert not result.passed
    broken = [p for p in result.problems if p.startswith("broken.html")]
    good = [p for p in result.problems if p.startswith("good.html")]
    assert len(broken) >= len(good) + 2, result.problems
    assert any("Duplicate ID" in p for p in broken) and any("alt" in p for p in broken)
    assert any("inline <script>" in p for p in broken), broken
    assert any("onclick= on <p>" in p for p in broken), broken
    assert result.summary().startswith("html       FAIL  ")


def test_links_gate_fails_on_broken_links_in_a_copy_of_an_article(copy: tuple[Path, str]):
    site, base = copy
    article = first_article(site)
    inject(
        article,
        '<a href="/khong-co-trang-nay/">mất</a> <img src="/images/khong-co.jpg" alt="ảnh mất">'
        ' <a href="#khong-co-muc">mục</a> <script src="https://cdn.example.com/x.js"></script>',
    )

    result = check_links(base)

    assert not result.passed
    text = "\n".join(result.problems)
    assert "404 /khong-co-trang-nay/" in text
    assert "404 /images/khong-co.jpg" in text
    assert "no id “khong-co-muc”" in text
    assert "third-party request https://cdn.example.com/x.js" in text
    assert re.search(r"^links +FAIL +[1-9]\d* broken", result.summary())


def test_feeds_gate_fails_on_a_broken_feed_and_sitemap(copy: tuple[Path, str], tmp_path: Path):
    site, base = copy
    atom = site / "feeds/all.atom.xml"
    atom.write_bytes(atom.read_bytes()[: atom.stat().st_size // 2])  # cut off mid-way
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    blocks = re.findall(r"<url>.*?</url>", sitemap, flags=re.S)
    dropped, doubled = blocks[1], blocks[2]
    draft = f"<url><loc>{base}/tin-tuc/2026/ban-nhap/</loc><priority>2</priority></url>"
    sitemap = sitemap.replace(dropped, "").replace(doubled, doubled + doubled + draft)
    (site / "sitemap.xml").write_text(sitemap, encoding="utf-8")
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles/ban-nhap.md").write_text(
        "Title: Bản nháp\nStatus: draft\nDate: 2026-11-20\n\nChưa đăng.\n", encoding="utf-8"
    )

    result = check_feeds(base, site, content)

    assert not result.passed
    text = "\n".join(result.problems)
    assert "all.atom.xml is not well-formed" in text
    assert "sitemap misses the page" in text
    assert re.search(r"sitemap lists \S+ 2 times", text)
    assert "priority" in text  # the schema rejects 2: a priority lies between 0.0 and 1.0
    assert "/tin-tuc/2026/ban-nhap/, a draft (articles/ban-nhap.md)" in text
    assert "/tin-tuc/2026/ban-nhap/, which the build did not publish" in text


def test_weight_gate_fails_on_a_heavy_copy_of_the_stylesheet(copy: tuple[Path, str]):
    site, base = copy
    css = site / "theme/css/portal.css"
    noise = os.urandom(LIMIT_BYTES).hex()  # hex of random bytes: gzip halves it, no more
    css.write_text(css.read_text(encoding="utf-8") + f"\n/* {noise} */\n", encoding="utf-8")

    result = check_weight({"home": base + "/"})

    assert not result.passed
    figure = float(re.search(r"home (\d+\.\d) KB", result.figure).group(1))
    assert figure > LIMIT_BYTES / 1000
    assert "/theme/css/portal.css" in result.problems[0]


def test_axe_gate_fails_on_an_inaccessible_copy_of_a_page(copy: tuple[Path, str]):
    need_browser()
    site, base = copy
    page = site / "broken.html"
    shutil.copy(site / "index.html", page)
    inject(
        page,
        '<img src="/images/logo.svg" width="40" height="40"><button type="button"></button>'
        '<p style="color:#d0d0d0;background:#fff">Chữ quá mờ để đọc</p>',
    )

    result = judge_axe(run_axe([base + "/broken.html"]))

    assert not result.passed
    text = "\n".join(result.problems)
    for rule in ("image-alt", "button-name", "color-contrast"):
        assert re.search(rf"(serious|critical) {rule} ", text), text
    assert re.search(r"^axe +FAIL +[1-9]\d* serious/critical", result.summary())


def test_the_browser_scripts_run_against_a_page(copy: tuple[Path, str]):
    """axe.mjs sees the page the server gives: a missing page is an HTTP error, not a pass."""
    need_browser()
    _, base = copy
    results = run_script("axe.mjs", [base + "/khong-co/"])
    assert {r["status"] for r in results} == {404}
    assert not judge_axe(results).passed


def report(performance: float = 1, accessibility: float = 1, **failing: list[dict]) -> dict:
    """A Lighthouse summary as lighthouse.mjs prints it."""
    scores = {"performance": performance, "accessibility": accessibility}
    scores |= {"best-practices": 1, "seo": 1}
    return {"url": "http://127.0.0.1/", "scores": scores, "failing": failing}


def test_lighthouse_bars_fail_on_bad_reports():
    heading = [{"id": "heading-order", "title": "Headings", "score": 0, "displayValue": ""}]
    slow = [{"id": "total-blocking-time", "title": "TBT", "score": 0.5, "displayValue": "600 ms"}]
    assert lighthouse.misses(report()) == []
    assert lighthouse.misses(report(performance=0.95)) == []
    bad = report(accessibility=0.98)
    bad["failing"]["accessibility"] = heading
    assert lighthouse.misses(bad) == ["accessibility 98 < 100 (heading-order)"]
    slow_report = report(performance=0.9)
    slow_report["failing"]["performance"] = slow
    assert lighthouse.misses(slow_report) == ["performance 90 < 95 (total-blocking-time 600 ms)"]
    assert lighthouse.worth_retrying(slow_report) and not lighthouse.worth_retrying(bad)
    broken = report() | {"runtimeError": "NO_FCP"}
    broken["scores"]["seo"] = None
    assert lighthouse.misses(broken) == ["Lighthouse could not run: NO_FCP", "seo no score < 100"]
    # A run Lighthouse could not record is run again; if the second cannot either, it fails.
    assert lighthouse.worth_retrying(broken)
    assert not lighthouse.judge_lighthouse({"home": [broken, dict(broken)]}).passed
    assert lighthouse.judge_lighthouse({"home": [broken, report()]}).passed

    result = lighthouse.judge_lighthouse({"home": [report()], "article": [bad]})
    assert not result.passed
    assert result.problems == [
        "article (http://127.0.0.1/): accessibility 98 < 100 (heading-order)"
    ]
    assert result.summary().startswith("lighthouse FAIL  home 100/100/100/100; article 100/98/")


def test_lighthouse_counts_the_better_of_two_runs_only_for_performance():
    slow, fast = report(performance=0.9), report(performance=0.97)
    assert lighthouse.judge_lighthouse({"home": [slow, fast]}).passed
    assert not lighthouse.judge_lighthouse({"home": [slow, report(performance=0.93)]}).passed
    inaccessible = report(performance=0.99, accessibility=0.9)
    assert not lighthouse.judge_lighthouse({"home": [slow, inaccessible]}).passed


def test_the_audit_fails_when_one_gate_fails_or_crashes(monkeypatch, capsys):
    def crash(audit: cli.Audit) -> GateResult:
        raise RuntimeError("boom")

    gates = {"good": lambda a: GateResult("good", True, "0 errors"), "bad": crash}
    monkeypatch.setattr(cli, "GATES", gates)
    results = cli.run_gates(cli.Audit(Path("."), Path("."), "http://127.0.0.1:1"), list(gates))
    assert [r.passed for r in results] == [True, False]
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("good       PASS  0 errors")
    assert lines[1].startswith("bad        FAIL  crashed: RuntimeError: boom")
