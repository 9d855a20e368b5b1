"""In Debian's Chromium at 360 px and on a desktop: the footer link, login, writing and
submitting an article, logout; no horizontal scrolling, nothing blocked by the CSP."""

from __future__ import annotations

import pytest

from tests.support.browser import chromium_page

from .conftest import PASSWORD, log_in_browser


@pytest.mark.parametrize("width", [360, 1280])
def test_an_editor_logs_in_writes_submits_and_logs_out(server, width: int) -> None:
    base, _ = server
    with chromium_page() as page:
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("response", lambda r: problems.append(r.url) if r.status >= 400 else None)
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(f"{base}/")
        page.get_by_role("link", name="Đăng nhập").click()
        page.wait_for_url(f"{base}/quan-tri/")
        page.get_by_label("Tên đăng nhập").fill("lan")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_role("button", name="Đăng xuất").wait_for()

        page.get_by_role("link", name="Viết bài mới").first.click()
        page.get_by_label("Tiêu đề").fill("Ra quân dọn vệ sinh")
        page.get_by_label("Nội dung").fill("Sáng thứ Bảy, **200** người tham gia.")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.get_by_role("button", name="Gửi duyệt").click()
        page.get_by_text("Đã lưu.").wait_for()
        assert "Trạng thái: Chờ duyệt" in page.locator("p", has_text="Trạng thái:").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # The page is styled by the newsroom's own stylesheet (a CSP-blocked one would not apply).
        colour = page.evaluate("getComputedStyle(document.querySelector('.top')).backgroundColor")
        assert colour == "rgb(139, 26, 26)"

        page.get_by_role("button", name="Đăng xuất").click()
        page.get_by_role("button", name="Đăng nhập").wait_for()
        page.goto(f"{base}/quan-tri/bai-viet/")
        assert page.url == f"{base}/quan-tri/"  # logged out: back at the login form
        assert problems == []


def test_text_typed_survives_a_closed_tab_until_the_server_has_it(server) -> None:
    base, _ = server
    with chromium_page() as page:
        problems = log_in_browser(page, base)

        page.goto(f"{base}/quan-tri/bai-viet/moi")
        page.get_by_label("Tiêu đề").fill("Họp dân phố")
        page.get_by_label("Nội dung").fill("Đoạn viết dở trước khi mất sóng.")
        page.goto(f"{base}/quan-tri/bai-viet/moi")  # the tab was closed, then opened again
        assert page.get_by_label("Nội dung").input_value() == ""
        page.get_by_role("button", name="Khôi phục bản đang viết dở").click()
        assert page.get_by_label("Tiêu đề").input_value() == "Họp dân phố"
        assert page.get_by_label("Nội dung").input_value() == "Đoạn viết dở trước khi mất sóng."

        page.get_by_role("button", name="Lưu nháp").click()
        page.get_by_text("Đã lưu.").wait_for()
        page.goto(f"{base}/quan-tri/bai-viet/moi")  # saved on the server: nothing to offer
        page.get_by_label("Tiêu đề").wait_for()
        assert page.get_by_role("button", name="Khôi phục bản đang viết dở").count() == 0
        assert problems == []


def test_the_toolbar_writes_markdown_around_the_selection(server) -> None:
    base, _ = server
    with chromium_page() as page:
        page.set_viewport_size({"width": 360, "height": 800})
        log_in_browser(page, base)
        page.goto(f"{base}/quan-tri/bai-viet/moi")
        body = page.get_by_label("Nội dung")
        body.fill("Họp dân phố")
        body.evaluate("element => element.setSelectionRange(4, 11)")  # "dân phố"
        page.get_by_role("button", name="Đậm").click()
        assert body.input_value() == "Họp **dân phố**"
        body.evaluate("element => element.setSelectionRange(0, 0)")
        page.get_by_role("button", name="Liên kết").click()
        assert body.input_value() == "[chữ hiện ra](https://)Họp **dân phố**"
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
