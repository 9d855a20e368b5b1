"""In Debian's Chromium: a phone photo as banner and in the text, "Xem trước" in a new tab,
and the server autosave when the tab is hidden; nothing blocked by the CSP."""

from __future__ import annotations

from pathlib import Path

from tests.support.browser import chromium_page, image_loaded
from tests.support.photos import phone_photo

from .conftest import log_in_browser


def test_photos_are_inserted_previewed_and_saved_with_the_article(server, tmp_path) -> None:
    base, environment = server
    photo = tmp_path / "IMG_0001.jpg"
    photo.write_bytes(phone_photo())
    content = Path(environment["NEWSROOM_PROJECT"]) / "content"
    with chromium_page() as page:
        page.set_viewport_size({"width": 360, "height": 800})
        problems = log_in_browser(page, base)
        page.goto(f"{base}/quan-tri/bai-viet/moi")
        page.get_by_label("Tiêu đề").fill("Ra quân dọn vệ sinh")
        page.locator("#anh_dai_dien").set_input_files(str(photo))
        page.locator("#mo_ta_anh").fill("Người dân dọn rác")
        body = page.get_by_label("Nội dung")
        body.fill("## Kết quả\n\nĐoạn một.")
        body.evaluate("element => element.setSelectionRange(11, 11)")  # after "## Kết quả\n"

        page.get_by_role("button", name="Chèn ảnh").click()
        page.get_by_label("Ảnh để chèn").set_input_files(str(photo))
        page.get_by_label("Mô tả ảnh chèn").fill("Toàn cảnh")
        page.get_by_role("button", name="Tải ảnh lên và chèn").click()
        page.get_by_text("Đã chèn ảnh").wait_for()
        text = body.input_value()
        assert text.startswith("## Kết quả\n![Toàn cảnh](images/")
        inserted = text.split("](", 1)[1].split(")", 1)[0]
        assert (content / inserted).is_file()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360

        with page.expect_popup() as opened:
            page.get_by_role("button", name="Xem trước").click()
        preview = opened.value
        preview.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        preview.get_by_text("Bản xem trước — chưa đăng").wait_for()
        assert preview.get_by_role("heading", name="Kết quả").count() == 1
        preview.locator("picture img[alt='Toàn cảnh']").wait_for()
        loaded = image_loaded(preview.locator("picture img[alt='Toàn cảnh']"))
        assert loaded, "the resized photo is served with the preview"
        preview.close()

        page.get_by_role("button", name="Gửi duyệt").click()
        page.get_by_text("Đã lưu.").wait_for()
        assert "Ảnh hiện tại" in page.content()
        written = next((content / "articles").rglob("*ra-quan-don-ve-sinh.md")).read_text()
        assert "\nImageAlt: Người dân dọn rác\n" in written
        assert f"![Toàn cảnh]({inserted})" in written
        assert problems == []


def test_text_is_autosaved_to_the_server_when_the_tab_is_hidden(server) -> None:
    base, _ = server
    with chromium_page() as page:
        problems = log_in_browser(page, base)
        page.goto(f"{base}/quan-tri/bai-viet/moi")
        page.get_by_label("Tiêu đề").fill("Họp dân phố")
        page.get_by_label("Nội dung").fill("Viết dở, rồi điện thoại khoá màn hình.")
        page.evaluate(
            """() => {
              Object.defineProperty(document, "visibilityState", {value: "hidden",
                                                                   configurable: true});
              document.dispatchEvent(new Event("visibilitychange"));
            }"""
        )
        page.get_by_text("Đã lưu tự động lúc").wait_for()

        page.context.clear_cookies()  # another browser: only the server has the text now
        page.evaluate("() => window.localStorage.clear()")
        log_in_browser(page, base)
        page.goto(f"{base}/quan-tri/bai-viet/moi")
        assert page.get_by_label("Nội dung").input_value() == ""
        page.get_by_role("link", name="Khôi phục bản lưu tự động lúc").click()
        assert page.get_by_label("Tiêu đề").input_value() == "Họp dân phố"
        assert page.get_by_label("Nội dung").input_value() == (
            "Viết dở, rồi điện thoại khoá màn hình."
        )
        assert problems == []
