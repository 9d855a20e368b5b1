"""Take the screenshots of docs/huong-dan-bien-tap.md (the officer's guide) again.

    .venv/bin/python -m docs.screenshots [--project .] [--out docs/anh] [--only tim-kiem,...]

Run from the project folder: the helpers it shares with the tests (tests/support) are
imported from there.

The project is copied into a temporary folder (only --out is written to), the sample
site is built there with Pelican and served on 127.0.0.1 by the preview server
(`python -m wardportal.serve`; `python -m http.server` if that fails). Debian's Chromium
(/usr/bin/chromium), driven by Playwright, takes the pictures; no browser is downloaded. One
picture comes from the development server (`python -m wardportal.devserver`) after an
article's date is broken on purpose, showing the error panel over the page. The newsroom's
pictures (names starting `quan-tri-`, at 360 px and on a desktop) follow one article from an
editor to an approver on the same preview server, with two accounts made by `portal user add`.

Each picture is cut to what matters and saved as a palette PNG of at most 120 KB.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from PIL import Image

from tests.support.browser import launch
from tests.support.servers import HOST, ServerDidNotStart, ServerProcess, free_port, preview_server

PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 360, "height": 780}  # the newsroom's narrowest target
DESKTOP = {"width": 1280, "height": 900}
MAX_BYTES = 120 * 1024

# What the copy leaves out: environments, builds, caches, history, the tests.
IGNORED = shutil.ignore_patterns(
    ".venv", "output", ".output*", ".git", ".cache", "var", "node_modules", "__pycache__",
    ".pytest_cache", ".ruff_cache", "*.egg-info", "tests", "bench", "docs",
)  # fmt: skip

# The article the pictures show and the one whose date the devserver picture breaks.
ARTICLE_URL = "/tin-tuc/2026/ron-rang-ngay-hoi-dai-doan-ket-toan-dan-toc-o-cac-khu-dan-cu/"
ARTICLE_FILE = "content/articles/2026/2026-11-18-ngay-hoi-dai-doan-ket-toan-dan-toc-2026.md"
SEARCH_QUERY = "dan van kheo"
HONOUR_PERIOD_URL = "/bang-vang/2016-2018/"


@contextlib.contextmanager
def serving(site: Path, work: Path, plain: bool = False) -> Iterator[str]:
    """The built site on 127.0.0.1: the preview server, or Python's plain one if it fails.

    plain=True goes straight to Python's server (no security headers).
    """
    with contextlib.ExitStack() as stack:
        base = None
        if not plain:
            try:
                preview = preview_server(site, database=work / "counter.sqlite3", cwd=work)
                base = stack.enter_context(preview)
            except ServerDidNotStart as error:
                print(
                    f"wardportal.serve did not start; using http.server\n{error}", file=sys.stderr
                )
        if base is None:
            port = free_port()
            command = [sys.executable, "-m", "http.server", str(port), "--bind", HOST]
            base = f"http://{HOST}:{port}"
            stack.enter_context(ServerProcess([*command, "--directory", str(site)], base + "/"))
        yield base


def save_png(png: bytes, path: Path) -> int:
    """Save as a palette PNG, with fewer colours until it weighs at most MAX_BYTES."""
    picture = Image.open(io.BytesIO(png)).convert("RGB")
    for colours in (256, 128, 64, 32):
        small = picture.quantize(colors=colours, method=Image.Quantize.MEDIANCUT)
        buffer = io.BytesIO()
        small.save(buffer, format="PNG", optimize=True)
        if buffer.tell() <= MAX_BYTES:
            break
    else:  # still too heavy: shrink the picture itself
        scale = (MAX_BYTES / buffer.tell()) ** 0.5
        size = (int(picture.width * scale), int(picture.height * scale))
        small = picture.resize(size, Image.Resampling.LANCZOS).quantize(colors=64)
        buffer = io.BytesIO()
        small.save(buffer, format="PNG", optimize=True)
    path.write_bytes(buffer.getvalue())
    return buffer.tell()


def clip_of(page, *selectors: str, pad: int = 8, max_height: int = 1400) -> dict:
    """The box around every selector's first match (page coordinates), padded, height capped."""
    boxes = [page.locator(selector).first.bounding_box() for selector in selectors]
    scroll_x, scroll_y = page.evaluate("[window.scrollX, window.scrollY]")
    left = max(0, min(box["x"] for box in boxes) + scroll_x - pad)
    top = max(0, min(box["y"] for box in boxes) + scroll_y - pad)
    right = min(page.viewport_size["width"], max(b["x"] + b["width"] for b in boxes) + pad)
    bottom = max(box["y"] + box["height"] for box in boxes) + scroll_y + pad
    return {"x": left, "y": top, "width": right - left, "height": min(max_height, bottom - top)}


def settle(page) -> None:
    """Wait until the page, its fonts and its visible pictures have loaded."""
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts ? document.fonts.ready.then(() => true) : true")


def shoot_site(browser, base: str, out: Path, wanted) -> None:
    def new_page(viewport: dict):
        context = browser.new_context(viewport=viewport, device_scale_factor=1, locale="vi-VN")
        return context, context.new_page()

    if wanted("trang-chu-dien-thoai"):
        context, page = new_page(PHONE)
        page.goto(base + "/")
        settle(page)
        report(out / "trang-chu-dien-thoai.png", page.screenshot())
        context.close()

    if wanted("bai-viet"):
        context, page = new_page(PHONE)
        page.goto(base + ARTICLE_URL)
        settle(page)
        report(out / "bai-viet.png", page.screenshot())
        context.close()

    if wanted("bai-viet-tu-khoa"):
        context, page = new_page(PHONE)
        page.goto(base + ARTICLE_URL)
        settle(page)
        # The end of the article: its keywords (Từ khóa), category, print and share.
        page.locator(".article-tags").first.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -120)")
        page.wait_for_timeout(300)
        report(out / "bai-viet-tu-khoa.png", page.screenshot())
        context.close()

    if wanted("tu-khoa"):
        context, page = new_page(PHONE)
        page.goto(base + "/tu-khoa/dan-van-kheo/")
        settle(page)
        report(out / "tu-khoa.png", page.screenshot())
        context.close()

    if wanted("bang-vang-dien-thoai"):
        # On a phone the list of a period is one card per model or person.
        context, page = new_page(PHONE)
        answer = page.goto(base + HONOUR_PERIOD_URL)
        if answer is None or answer.status != 200:
            print(f"  {HONOUR_PERIOD_URL} is not built: no picture of the honour cards")
        else:
            settle(page)
            page.evaluate("document.querySelector('.entry-table caption').scrollIntoView()")
            page.evaluate("window.scrollBy(0, -16)")
            page.wait_for_timeout(300)
            report(out / "bang-vang-dien-thoai.png", page.screenshot())
        context.close()

    if wanted("bang-vang"):
        context, page = new_page(DESKTOP)
        answer = page.goto(base + "/bang-vang/")
        if answer is None or answer.status != 200:
            print("  /bang-vang/ is not built: no picture of the honour roll")
        else:
            settle(page)
            report(out / "bang-vang.png", page.screenshot())
        context.close()


def shoot_search(browser, base: str, out: Path) -> bool:
    """The search page after typing a query without tone marks; False if search failed."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, locale="vi-VN")
    page = context.new_page()
    try:
        page.goto(base + "/tim-kiem/")
        settle(page)
        page.fill("#tu-can-tim", SEARCH_QUERY)
        page.wait_for_function(
            "() => { const t = (document.querySelector('.search-status')?.textContent || '')"
            ".trim(); return t.startsWith('Tìm thấy') || t.startsWith('Chưa tìm được')"
            " || t.startsWith('Không tìm thấy'); }",
            timeout=30000,
        )
        status = page.text_content(".search-status").strip()
        if not status.startswith("Tìm thấy"):
            print(f"  search at {base} answered: {status}")
            return False
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        page.locator("#tu-can-tim").scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -100)")
        report(out / "tim-kiem.png", page.screenshot())
        return True
    finally:
        context.close()


def shoot_devserver(browser, project: Path, work: Path, out: Path) -> None:
    """The development server's error panel, after an impossible date is saved."""
    port = free_port()
    command = [sys.executable, "-m", "wardportal.devserver", "--project", str(project)]
    command += ["--host", HOST, "--port", str(port)]
    base = f"http://{HOST}:{port}"
    article = project / ARTICLE_FILE
    original = article.read_text(encoding="utf-8")
    try:
        with ServerProcess(command, base + "/", cwd=project, timeout=120):
            # The officer previews on a computer: a desktop window, cut below the message.
            context = browser.new_context(viewport=DESKTOP, device_scale_factor=1, locale="vi-VN")
            page = context.new_page()
            page.goto(base + ARTICLE_URL)
            settle(page)
            page.wait_for_timeout(1000)  # let the page open its /_dev/events connection
            broken = "\n".join(
                "Date: 31/02/2026 18:15" if line.startswith("Date:") else line
                for line in original.splitlines()
            )
            article.write_text(broken + "\n", encoding="utf-8")
            page.wait_for_selector(".dev-error", timeout=60000)
            page.wait_for_timeout(300)
            report(
                out / "loi-xem-truoc.png",
                page.screenshot(clip=clip_of(page, ".dev-error h2", ".dev-error pre", pad=24)),
            )
            context.close()
    except ServerDidNotStart as error:
        print(f"  the devserver did not start: {error}")
    finally:
        article.write_text(original, encoding="utf-8")


NEWSROOM_PASSWORD = "mat-khau-chi-de-chup-anh"
NEWSROOM_TITLE = "Phường ra quân nạo vét kênh Đồng Chiêm"


def add_account(project: Path, environment: dict, name: str, role: str) -> None:
    command = [sys.executable, "-m", "wardportal.cli", "--project", str(project), "user", "add"]
    subprocess.run(
        [*command, name, "--role", role, "--password-stdin"],
        input=NEWSROOM_PASSWORD, text=True, env=environment, check=True, capture_output=True,
    )  # fmt: skip


NEWSROOM_PICTURES = (
    "quan-tri-dang-nhap", "quan-tri-viet-bai", "quan-tri-xem-truoc", "quan-tri-ban-lam-viec",
    "quan-tri-duyet-bai", "quan-tri-tra-lai", "quan-tri-dang-xuat-ban", "quan-tri-da-dang",
    "quan-tri-lich-su", "quan-tri-loi",
)  # fmt: skip


def shoot_newsroom(browser, project: Path, site: Path, work: Path, out: Path, wanted) -> None:
    """The newsroom, from the login to the published article's history."""
    import os

    environment = {**os.environ, "NEWSROOM_PROJECT": str(project)}
    environment["NEWSROOM_DATABASE"] = str(work / "var" / "newsroom.sqlite3")
    add_account(project, environment, "lan", "editor")
    add_account(project, environment, "ha", "approver")
    port = free_port()
    command = [sys.executable, "-m", "wardportal.serve", "--root", str(site)]
    command += ["--port", str(port), "--database", str(work / "counter-newsroom.sqlite3")]
    base = f"http://{HOST}:{port}"
    photo = work / "IMG_2041.jpg"
    Image.new("RGB", (1200, 900), (40, 120, 60)).save(photo, quality=80)
    try:
        with ServerProcess(command, base + "/quan-tri/", cwd=project, env=environment, timeout=120):
            _newsroom_pictures(browser, base, photo, out, wanted)
    except ServerDidNotStart as error:
        print(f"  the newsroom did not start: {error}")


def _log_in(browser, base: str, viewport: dict, name: str):
    context = browser.new_context(viewport=viewport, device_scale_factor=1, locale="vi-VN")
    page = context.new_page()
    page.goto(base + "/quan-tri/")
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(NEWSROOM_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name="Đăng xuất").wait_for()
    return context, page


def _newsroom_pictures(browser, base: str, photo: Path, out: Path, wanted) -> None:
    if wanted("quan-tri-dang-nhap"):
        context = browser.new_context(viewport=SMALL_PHONE, device_scale_factor=1, locale="vi-VN")
        page = context.new_page()
        page.goto(base + "/quan-tri/")
        page.get_by_label("Tên đăng nhập").fill("lan")
        report(out / "quan-tri-dang-nhap.png", page.screenshot())
        context.close()

    # The editor writes the article on a phone, previews it, submits it.
    context, page = _log_in(browser, base, SMALL_PHONE, "lan")
    page.goto(base + "/quan-tri/bai-viet/moi")
    page.get_by_label("Tiêu đề").fill(NEWSROOM_TITLE)
    page.get_by_label("Tóm tắt").fill("Hơn trăm người dân tổ 5 cùng nạo vét kênh.")
    page.get_by_label("Từ khóa").fill("Môi trường, Dân vận khéo")
    page.locator("#anh_dai_dien").set_input_files(str(photo))
    page.locator("#mo_ta_anh").fill("Người dân nạo vét kênh")
    page.get_by_label("Nội dung").fill(
        "Sáng Chủ nhật, **120 người dân** tổ 5 ra quân nạo vét kênh Đồng Chiêm.\n\n"
        "## Kết quả\n\n- 2 km kênh được khơi thông\n- 15 tấn bùn rác được chuyển đi"
    )
    if wanted("quan-tri-viet-bai"):
        report(out / "quan-tri-viet-bai.png", page.screenshot(full_page=True))
    if wanted("quan-tri-xem-truoc"):
        with page.expect_popup() as opened:
            page.get_by_role("button", name="Xem trước").click()
        preview = opened.value
        preview.get_by_text("Bản xem trước — chưa đăng").wait_for()
        settle(preview)
        report(out / "quan-tri-xem-truoc.png", preview.screenshot())
        preview.close()
    page.get_by_role("button", name="Gửi duyệt").click()
    page.get_by_text("Đã lưu.").wait_for()
    key = page.url.split("bai=", 1)[1].split("&", 1)[0]
    context.close()

    # The approver, on a desktop, reads it and returns it with a comment.
    context, page = _log_in(browser, base, DESKTOP, "ha")
    if wanted("quan-tri-ban-lam-viec"):
        report(out / "quan-tri-ban-lam-viec.png", page.screenshot())
    page.goto(f"{base}/quan-tri/bai-viet/sua?bai={key}")
    page.get_by_label("Nhận xét cho người viết").fill("Ghi rõ ngày ra quân và ai tổ chức.")
    if wanted("quan-tri-duyet-bai"):
        section = page.locator("section.review")
        section.scroll_into_view_if_needed()
        report(
            out / "quan-tri-duyet-bai.png",
            page.screenshot(full_page=True, clip=clip_of(page, "section.review")),
        )
    page.get_by_role("button", name="Trả lại").click()
    page.locator("p", has_text="Bị trả lại").wait_for()
    context.close()

    # The editor sees the comment, fixes the text, submits again.
    context, page = _log_in(browser, base, SMALL_PHONE, "lan")
    page.goto(f"{base}/quan-tri/bai-viet/sua?bai={key}")
    if wanted("quan-tri-tra-lai"):
        report(out / "quan-tri-tra-lai.png", page.screenshot())
    body = page.get_by_label("Nội dung")
    body.fill(
        body.input_value().replace(
            "Sáng Chủ nhật,", "Sáng Chủ nhật 29/11, Mặt trận phường tổ chức,"
        )
    )
    page.get_by_role("button", name="Gửi duyệt").click()
    page.get_by_text("Đã lưu.").wait_for()
    context.close()

    # The approver publishes: the page shows the build, then the link to the article.
    context, page = _log_in(browser, base, DESKTOP, "ha")
    page.goto(f"{base}/quan-tri/bai-viet/sua?bai={key}")
    page.get_by_role("button", name="Duyệt và đăng").click()
    box = page.locator("#xuat-ban")
    if wanted("quan-tri-dang-xuat-ban") and box.locator("progress").count():
        report(
            out / "quan-tri-dang-xuat-ban.png",
            page.screenshot(full_page=True, clip=clip_of(page, "h1", "#xuat-ban")),
        )
    box.get_by_role("link", name="Xem bài trên trang web").wait_for(timeout=600_000)
    if wanted("quan-tri-da-dang"):
        report(
            out / "quan-tri-da-dang.png",
            page.screenshot(full_page=True, clip=clip_of(page, "h1", "#xuat-ban")),
        )
    if wanted("quan-tri-lich-su"):
        page.get_by_role("link", name="Các phiên bản").click()
        report(out / "quan-tri-lich-su.png", page.screenshot())
    context.close()

    # What an error looks like: a link the site refuses, caught by "Xem trước".
    if wanted("quan-tri-loi"):
        context, page = _log_in(browser, base, SMALL_PHONE, "lan")
        page.goto(base + "/quan-tri/bai-viet/moi")
        page.get_by_label("Tiêu đề").fill("Thông báo lịch tiếp dân")
        page.get_by_label("Nội dung").fill("Xem lịch [tại đây](javascript:alert(1)).")
        with page.expect_popup() as opened:
            page.get_by_role("button", name="Xem trước").click()
        refused = opened.value
        refused.wait_for_load_state()
        report(out / "quan-tri-loi.png", refused.screenshot())
        context.close()


def report(path: Path, png: bytes) -> None:
    size = save_png(png, path)
    print(f"  {path} ({size // 1024} KB)")


def main(argv: list[str] | None = None) -> int:
    from playwright.sync_api import sync_playwright

    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=here.parent)
    parser.add_argument("--out", type=Path, default=here / "anh")
    parser.add_argument("--only", default="", help="names without .png, comma separated")
    args = parser.parse_args(argv)
    only = {name.strip() for name in args.only.split(",") if name.strip()}

    def wanted(name: str) -> bool:
        return not only or name in only

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="portal-screenshots-") as scratch:
        work = Path(scratch)
        project = work / "project"
        shutil.copytree(args.project.resolve(), project, ignore=IGNORED, symlinks=True)
        site = work / "site"
        print("Building the sample site…")
        build = [sys.executable, "-m", "pelican", "content", "-s", "pelicanconf.py"]
        build += ["-o", str(site)]
        subprocess.run(build, cwd=project, check=True)
        with sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                with serving(site, work) as base:
                    shoot_site(browser, base, args.out, wanted)
                    searched = not wanted("tim-kiem") or shoot_search(browser, base, args.out)
                if not searched:
                    # The preview server's Content-Security-Policy may block Pagefind's
                    # WebAssembly; show the page as it works without that header.
                    print("  search failed under wardportal.serve; retrying with http.server")
                    with serving(site, work, plain=True) as base:
                        shoot_search(browser, base, args.out)
                if wanted("loi-xem-truoc"):
                    shoot_devserver(browser, project, work, args.out)
                if any(wanted(name) for name in NEWSROOM_PICTURES):
                    shoot_newsroom(browser, project, site, work, args.out, wanted)
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
