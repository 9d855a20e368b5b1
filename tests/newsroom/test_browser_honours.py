"""In Debian's Chromium at 360 px: an approver uploads a CSV with two bad cells, sees both
errors with their places, uploads the fixed file, saves it, and the entry is on the site."""

from __future__ import annotations

import subprocess
import sys
import time

from tests.support.browser import chromium_page

from .conftest import PASSWORD
from .helpers import BAD, GOOD


def _add_approver(environment: dict) -> None:
    added = subprocess.run(
        [sys.executable, "-m", "wardportal.cli", "--project", environment["NEWSROOM_PROJECT"],
         "user", "add", "hoa", "--role", "approver", "--password-stdin"],
        input=PASSWORD, text=True, capture_output=True, env=environment, timeout=60,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr


def test_an_uploaded_roll_is_checked_fixed_saved_and_published(server, tmp_path) -> None:
    base, environment = server
    _add_approver(environment)
    bad, good = tmp_path / "bang-vang.csv", tmp_path / "bang-vang-da-sua.csv"
    bad.write_bytes(BAD.encode())
    good.write_bytes(GOOD.encode())
    with chromium_page() as page:
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.set_viewport_size({"width": 360, "height": 800})
        page.goto(f"{base}/quan-tri/")
        page.get_by_label("Tên đăng nhập").fill("hoa")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_role("link", name="Bảng vàng").click()
        page.get_by_role("link", name="Tải tệp Excel/CSV lên").click()

        page.get_by_label("Giai đoạn").fill("2021-2025")
        page.get_by_label("Tệp Excel hoặc CSV").set_input_files(str(bad))
        page.get_by_role("button", name="Kiểm tra tệp").click()
        page.get_by_text("Tệp có 2 lỗi").wait_for()
        errors = page.locator(".error li").all_inner_texts()
        assert errors[0].startswith("content/honours/2021-2025.csv, dòng 2: cột “Lĩnh vực”")
        assert errors[1].startswith("content/honours/2021-2025.csv, dòng 3: cột “Cấp”")
        assert page.get_by_role("button", name="Lưu và đăng").count() == 0
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

        page.get_by_role("link", name="Tải tệp khác lên").click()
        assert page.get_by_label("Giai đoạn").input_value() == "2021-2025"
        page.get_by_label("Tệp Excel hoặc CSV").set_input_files(str(good))
        page.get_by_role("button", name="Kiểm tra tệp").click()
        page.get_by_text("Tệp không có lỗi: 2 mục").wait_for()
        page.get_by_role("button", name="Lưu và đăng").click()
        page.get_by_text("Đã lưu.").wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

        deadline = time.monotonic() + 300
        while "trang web đã cập nhật" not in page.content():
            assert "bị lỗi" not in page.content(), page.locator(".error").all_inner_texts()
            assert time.monotonic() < deadline, "the build did not finish in 300 s"
            time.sleep(1)  # the build runs in the background; the page says when it is done
            page.reload()
        page.get_by_role("link", name="Xem trên trang web").first.click()
        page.get_by_role("heading", name="Bữa sáng yêu thương").wait_for()
        page.goto(f"{base}/bang-vang/2021-2025/")
        assert page.get_by_text("Sân chơi cho thiếu nhi").count() >= 1
        # The report with errors is answered 422 on purpose; nothing else may fail.
        assert [text for text in problems if "status of 422" not in text] == []
