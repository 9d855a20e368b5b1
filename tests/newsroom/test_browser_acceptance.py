"""Issue 11's acceptance, in Debian's Chromium at 360 px and on a desktop, against `make serve`'s
server: an editor writes an article with a photo, previews and submits it; the editor cannot
publish; an approver returns it with a comment; the editor fixes and resubmits; the approver
publishes and watches the build; the article is live, in "Tin mới nhất", on its tag pages and
in the search; its history names who did what; a title edit after publishing keeps the URL."""

from __future__ import annotations

import datetime as dt
import fcntl
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.browser import chromium_page, image_loaded
from tests.support.photos import phone_photo
from tests.support.search import search
from wardportal.vndates import VIETNAM

from .conftest import PASSWORD

TITLE = "Phường ra quân nạo vét kênh Đồng Chiêm"
SLUG = "phuong-ra-quan-nao-vet-kenh-dong-chiem"
COMMENT = "Thiếu thời gian và số người tham gia."


def _log_in(page, base: str, name: str) -> None:
    page.goto(f"{base}/quan-tri/")
    page.get_by_label("Tên đăng nhập").fill(name)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("button", name="Đăng xuất").wait_for()


def _log_out(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_role("button", name="Đăng nhập").wait_for()


def _open_from_list(page, base: str, state_label: str) -> None:
    """Open the article from "Bài viết", checking the state the list shows."""
    page.goto(f"{base}/quan-tri/bai-viet/")
    row = page.locator("tr", has_text=TITLE)
    assert row.locator(".state").inner_text() == state_label
    row.get_by_role("link", name=TITLE).click()
    page.get_by_role("heading", name="Sửa bài").wait_for()


def _wait_for_live_link(page) -> str:
    """The status box, updated by the page itself, ends with the link to the live article."""
    link = page.locator("#xuat-ban").get_by_role("link", name="Xem bài trên trang web")
    link.wait_for(timeout=240_000)
    return link.get_attribute("href")


@pytest.mark.parametrize("width", [360, 1280])
def test_an_article_goes_from_editor_to_approver_to_the_live_site(
    server, tmp_path: Path, width: int
) -> None:
    base, environment = server
    add = subprocess.run(
        [sys.executable, "-m", "wardportal.cli", "--project", environment["NEWSROOM_PROJECT"],
         "user", "add", "ha", "--role", "approver", "--password-stdin"],
        input=PASSWORD, text=True, capture_output=True, env=environment, timeout=60,
    )  # fmt: skip
    assert add.returncode == 0, add.stderr
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(phone_photo())
    year = dt.datetime.now(VIETNAM).year
    address = f"/tin-tuc/{year}/{SLUG}/"

    with chromium_page() as page:
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.set_viewport_size({"width": width, "height": 800})

        # The editor writes the article with a photo, previews it and submits it.
        _log_in(page, base, "lan")
        page.get_by_role("link", name="Viết bài mới").first.click()
        page.get_by_label("Tiêu đề").fill(TITLE)
        page.get_by_label("Tóm tắt").fill("Hơn trăm người dân cùng nạo vét kênh.")
        page.get_by_label("Từ khóa").fill("Môi trường, Dân vận khéo")
        page.locator("#anh_dai_dien").set_input_files(str(photo))
        page.locator("#mo_ta_anh").fill("Người dân nạo vét kênh")
        page.get_by_label("Nội dung").fill("Sáng Chủ nhật, nhân dân tổ 5 ra quân nạo vét kênh.")
        with page.expect_popup() as opened:
            page.get_by_role("button", name="Xem trước").click()
        preview = opened.value
        preview.get_by_text("Bản xem trước — chưa đăng").wait_for()
        assert preview.get_by_role("heading", name=TITLE).count() == 1
        preview.close()
        page.get_by_role("button", name="Gửi duyệt").click()
        page.get_by_text("Đã lưu.").wait_for()
        assert "Trạng thái: Chờ duyệt" in page.locator("p", has_text="Trạng thái:").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width

        # The editor cannot publish: no button, and a forged request is refused.
        assert page.get_by_role("button", name="Duyệt và đăng").count() == 0
        key = parse_qs(urlsplit(page.url).query)["bai"][0]
        token = page.locator("input[name=csrf_token]").first.input_value()
        forged = page.request.post(
            f"{base}/quan-tri/bai-viet/duyet", form={"csrf_token": token, "bai": key}
        )
        assert forged.status == 403
        _log_out(page)

        # The approver returns it with a comment.
        _log_in(page, base, "ha")
        page.get_by_role("link", name="Chờ duyệt: 1").click()  # the desk counts it
        page.get_by_role("link", name=TITLE).click()
        page.get_by_label("Nhận xét cho người viết").fill(COMMENT)
        page.get_by_role("button", name="Trả lại").click()
        page.locator("p", has_text="Trạng thái: Bị trả lại").wait_for()
        _log_out(page)

        # The editor sees the comment, fixes the text and submits again.
        _log_in(page, base, "lan")
        _open_from_list(page, base, "Bị trả lại")
        assert COMMENT in page.locator(".notice", has_text="Nhận xét của người duyệt").inner_text()
        page.get_by_label("Nội dung").fill(
            "Sáng Chủ nhật 29/11, 120 người dân tổ 5 ra quân nạo vét kênh Đồng Chiêm."
        )
        page.get_by_role("button", name="Gửi duyệt").click()
        page.get_by_text("Đã lưu.").wait_for()
        _log_out(page)

        # The approver publishes and sees the build's progress, then the link to the article.
        # The test holds the build lock (as the daily build would) so the progress is seen.
        _log_in(page, base, "ha")
        _open_from_list(page, base, "Chờ duyệt")
        lock = Path(environment["NEWSROOM_DATABASE"]).parent / "build.lock"
        with lock.open("w") as held:
            fcntl.flock(held, fcntl.LOCK_EX)
            page.get_by_role("button", name="Duyệt và đăng").click()
            page.locator("#xuat-ban progress").wait_for()
            assert "Đang chờ" in page.locator("#xuat-ban").inner_text()
        assert _wait_for_live_link(page) == address
        assert page.evaluate("document.documentElement.scrollWidth") <= width

        # Live at /tin-tuc/{year}/{slug}/, with its photo.
        page.locator("#xuat-ban").get_by_role("link", name="Xem bài trên trang web").click()
        page.wait_for_url(f"{base}{address}")
        assert page.get_by_role("heading", level=1).inner_text() == TITLE
        assert "120 người dân" in page.locator("article").inner_text()
        banner = page.locator("img[alt='Người dân nạo vét kênh']").first
        assert image_loaded(banner)

        # On its tag pages.
        tags = page.locator(".article-tags a")
        assert sorted(tags.all_inner_texts()) == ["Dân vận khéo", "Môi trường"]
        for tag_url in [tag.get_attribute("href") for tag in tags.all()]:
            page.goto(f"{base}{tag_url}")
            assert page.locator(f"main a[href='{address}']").count() >= 1, tag_url

        # In "Tin mới nhất" on the home page, first.
        page.goto(f"{base}/")
        latest = page.get_by_role("region", name="Tin mới nhất").get_by_role("link").first
        assert latest.get_attribute("href") == address and latest.inner_text() == TITLE

        # Found by the search (Pagefind, in the browser), typed without tone marks.
        page.goto(f"{base}/tim-kiem/")
        found = search(page, "nao vet kenh dong chiem")
        assert found[0]["href"] == address and found[0]["title"] == TITLE

        # The history names who did what, newest first.
        page.goto(f"{base}/quan-tri/bai-viet/sua?bai={key}")
        page.get_by_role("link", name="Các phiên bản").click()
        page.wait_for_url(lambda url: "/quan-tri/bai-viet/lich-su?" in url)
        rows = page.locator("tbody tr")
        rows.first.wait_for()
        versions = [
            (row.locator("td").nth(1).inner_text(), row.locator("td").nth(2).inner_text())
            for row in rows.all()
        ]
        assert [author for author, _ in versions] == ["ha", "lan", "ha", "lan"]
        assert versions[0][1].startswith("Duyệt và đăng")
        assert versions[2][1].startswith("Trả lại") and COMMENT in versions[2][1]
        assert all(message.startswith("Gửi duyệt") for _, message in versions[1::2])

        # A title edited after publishing keeps the address.
        page.get_by_role("link", name="Về bài viết").click()
        page.get_by_label("Tiêu đề").fill("Nạo vét kênh Đồng Chiêm: xong trước mùa mưa")
        page.get_by_role("button", name="Lưu nháp").click()
        page.get_by_text("Đã lưu.").wait_for()
        assert "Trạng thái: Đã đăng" in page.locator("p", has_text="Trạng thái:").inner_text()
        page.locator("#xuat-ban progress").wait_for(state="detached", timeout=240_000)
        assert _wait_for_live_link(page) == address
        page.goto(f"{base}{address}")
        heading = page.get_by_role("heading", level=1).inner_text()
        assert heading == "Nạo vét kênh Đồng Chiêm: xong trước mùa mưa"
        assert problems == []
