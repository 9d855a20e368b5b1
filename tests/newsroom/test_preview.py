""" "Xem trước": the form's text built by the real reader, theme and pelican, never saved."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from bs4 import BeautifulSoup

from wardportal.newsroom.security import CONTENT_SECURITY_POLICY

from .conftest import Room, article_form

BODY = "## Kết quả ra quân\n\nCó **200** người.\n\n![Toàn cảnh buổi ra quân](images/ra-quan.jpg)\n"


def _files(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}


def _preview(room: Room, client, path: str = "/quan-tri/bai-viet/moi", **values):
    data = article_form(room, client, path, **{"tieu_de": "Ra quân dọn vệ sinh", **values})
    data.pop("anh_dai_dien", None)
    data["bo_anh"] = ""  # an unchecked box is not sent
    data = {**data, **values, "hanh_dong": "xem-truoc"}
    return client.post("/quan-tri/bai-viet/xem-truoc", data=data)


def test_the_preview_is_the_theme_s_article_page_and_nothing_is_saved(
    site_room: Room, site, tmp_path: Path
) -> None:
    site.image("images/ra-quan.jpg", (1200, 800))
    client = site_room.logged_in("lan", "editor")
    content_before = _files(site.content)
    answer = _preview(site_room, client, noi_dung=BODY, tieu_de="Ra quân <b>dọn</b> vệ sinh")
    assert answer.status_code == 303, answer.text
    address = answer.headers["location"]
    pattern = r"/quan-tri/xem-truoc/[0-9a-f]{32}/tin-tuc/2027/ra-quan-b-don-b-ve-sinh/"
    assert re.fullmatch(pattern, address)

    page = client.get(address)
    assert page.status_code == 200
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert page.headers["cache-control"] == "no-store"
    soup = BeautifulSoup(page.text, "html.parser")
    banner = soup.find(class_="xem-truoc-nhan")
    assert banner is not None and banner.text == "Bản xem trước — chưa đăng"
    assert soup.body.find(True) is banner  # the first thing on the page
    assert soup.find("h1").text.strip() == "Ra quân <b>dọn</b> vệ sinh"  # escaped, shown
    assert soup.find("h2", string="Kết quả ra quân") is not None
    assert soup.find("strong", string="200") is not None
    picture = soup.find("picture")
    assert picture is not None and picture.img["alt"] == "Toàn cảnh buổi ra quân"
    variant = picture.img["src"]
    assert variant.startswith(address.split("/tin-tuc/")[0] + "/images/")
    photo = client.get(variant)
    assert photo.status_code == 200 and photo.headers["content-type"].startswith("image/")
    stylesheet = soup.find("link", rel="stylesheet")["href"]
    assert client.get(stylesheet).status_code == 200  # the site's CSS, from the same origin

    assert _files(site.content) == content_before  # nothing saved, nothing added
    assert not site.output.exists()  # the site's output is never touched


def test_a_broken_article_shows_the_build_s_vietnamese_message_not_a_traceback(
    site_room: Room, site
) -> None:
    client = site_room.logged_in("lan", "editor")
    body = "Đoạn đầu.\n\nXem [tại đây](javascript:alert(1)).\n\n![Ảnh](images/khong-co.jpg)\n"
    answer = _preview(site_room, client, noi_dung=body)
    assert answer.status_code == 422
    assert "Traceback" not in answer.text
    shown = " ".join(BeautifulSoup(answer.text, "html.parser").get_text().split())
    name = "content/articles/2027/2027-01-15-ra-quan-don-ve-sinh.md"
    assert f"{name}, dòng" in shown
    assert "javascript:" in shown or "không tìm thấy ảnh" in shown
    assert "Chưa xem trước được" in shown


def test_an_edit_is_previewed_at_the_article_s_address_with_its_banner_photo(
    site_room: Room, site
) -> None:
    site.image("images/ra-quan.jpg")
    key = "2026/ra-quan"
    site.article(
        key,
        "Ra quân",
        slug="ra-quan-cu",
        image="images/ra-quan.jpg",
        imagealt="Ảnh cũ",
        status="draft",
    )
    subprocess.run(["git", "-C", str(site.content), "add", "-A"], check=True)
    client = site_room.logged_in("minh", "approver")
    path = f"/quan-tri/bai-viet/sua?bai={key}"
    answer = _preview(site_room, client, path, tieu_de="Tiêu đề đổi", mo_ta_anh="Ảnh mới tả")
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"].endswith("/tin-tuc/2026/ra-quan-cu/")
    soup = BeautifulSoup(client.get(answer.headers["location"]).text, "html.parser")
    figure = soup.find("figure")
    assert figure is not None and figure.find("picture") is not None
    assert figure.find("figcaption").text == "Ảnh mới tả"


def test_a_preview_is_only_its_author_s(site_room: Room) -> None:
    client = site_room.logged_in("lan", "editor")
    address = _preview(site_room, client, noi_dung="Chữ.").headers["location"]
    assert client.get(address).status_code == 200
    other = site_room.logged_in("minh", "approver")
    assert other.get(address).status_code == 404
    elsewhere = client.get(address.split("/tin-tuc/")[0] + "/gioi-thieu/")
    assert elsewhere.status_code == 404 and "chỉ dựng trang của bài" in elsewhere.text
    assert site_room.client().get(address).status_code == 303  # anonymous: to the login
    token = address.split("/")[3]
    previewer = site_room.newsroom.previewer
    preview = previewer.find(token, "lan")
    assert previewer.file(preview, "../../../var/newsroom.sqlite3") is None
    assert previewer.file(preview, "tin-tuc/2027/ra-quan-don-ve-sinh/") is not None


def test_a_second_newsroom_on_the_same_files_keeps_the_running_one_s_previews(
    site_room: Room,
) -> None:
    client = site_room.logged_in("lan", "editor")
    address = _preview(site_room, client, noi_dung="Chữ.").headers["location"]
    Room(site_room.settings, site_room.clock)  # as `portal user add` does, while it runs
    assert client.get(address).status_code == 200
