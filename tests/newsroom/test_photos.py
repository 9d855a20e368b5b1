"""Photos in the article form: the banner ("Ảnh đại diện") and the toolbar's "Chèn ảnh".

Every upload is hostile: a script in an SVG, a PHP file named .jpg, 50 MB, a crafted path as
the file name are each refused in Vietnamese, and nothing is written anywhere.
"""

from __future__ import annotations

import io
import random
from pathlib import Path

import pytest
from PIL import Image

from tests.support.photos import phone_photo

from .conftest import TITLE, Room, article_file, article_form, content_git
from .helpers import PHP, files_outside_var

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HOSTILE = [
    pytest.param("anh.svg", SVG, "image/svg+xml", 400, "Chỉ nhận ảnh JPEG", id="svg-script"),
    pytest.param("anh.jpg", PHP, "image/jpeg", 400, "Chỉ nhận ảnh JPEG", id="php-as-jpg"),
    pytest.param("../../x.jpg", phone_photo(), "image/jpeg", 400, "Tên tệp", id="path-name"),
    pytest.param("to.jpg", b"\xff" * (50 * 1024 * 1024), "image/jpeg", 413, "quá lớn", id="50MB"),
]


def noisy_photo(side: int = 900) -> bytes:
    """A JPEG over 512 KB (random pixels do not compress): bigger than any plain form."""
    rng = random.Random(1)
    picture = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def _post_article(room: Room, client, photo, alt: str = "Người dân dọn rác", **values):
    data = article_form(
        room, client, tieu_de=TITLE, noi_dung="Nội dung bài.", mo_ta_anh=alt, **values
    )
    data.pop("anh_dai_dien", None)
    data.pop("bo_anh", None)
    data.update({"hanh_dong": "luu-nhap", **values})
    return client.post("/quan-tri/bai-viet/moi", data=data, files={"anh_dai_dien": photo})


def _upload(room: Room, client, photo, alt: str = "Toàn cảnh buổi họp", token: str | None = None):
    token = room.token(client) if token is None else token
    data = {"csrf_token": token, "mo_ta": alt, "tieu_de": "Họp dân phố"}
    return client.post("/quan-tri/anh/tai-len", data=data, files={"anh": photo})


def _key(answer) -> str:
    return answer.headers["location"].split("bai=")[1].split("&")[0].replace("%2F", "/")


def test_the_form_offers_camera_or_gallery_and_posts_files(room: Room) -> None:
    client = room.logged_in("lan", "editor")
    page = client.get("/quan-tri/bai-viet/moi").text
    assert 'enctype="multipart/form-data"' in page
    assert 'name="anh_dai_dien" type="file" accept="image/*"' in page
    assert 'name="mo_ta_anh"' in page and "Mô tả ảnh" in page


def test_a_banner_photo_is_stored_by_the_server_and_committed_with_the_article(
    room: Room,
) -> None:
    client = room.logged_in("lan", "editor")
    answer = _post_article(room, client, ("IMG_0001.jpg", phone_photo(), "image/jpeg"))
    assert answer.status_code == 303, answer.text
    text = article_file(room, _key(answer)).read_text()
    image = next(line for line in text.splitlines() if line.startswith("Image: "))
    path = image.removeprefix("Image: ")
    assert path.startswith("images/2027/2027-01-15-phuong-ra-quan-don-ve-sinh-")
    assert "IMG_0001" not in path
    assert "ImageAlt: Người dân dọn rác" in text.splitlines()
    stored = room.settings.content_path / path
    assert b"PhoneMaker" not in stored.read_bytes()  # re-encoded: the EXIF is gone
    committed = content_git(room, "show", "--name-only", "--format=%an", "HEAD").split()
    assert committed[0] == "lan"
    assert path in committed and f"articles/{_key(answer)}.md" in committed
    assert content_git(room, "status", "--porcelain") == ""


def test_a_photo_without_its_description_is_refused_and_nothing_is_written(
    room: Room, tmp_path: Path
) -> None:
    client = room.logged_in("lan", "editor")
    before = files_outside_var(tmp_path)
    answer = _post_article(room, client, ("a.jpg", phone_photo(), "image/jpeg"), alt="  ")
    assert answer.status_code == 400
    assert "Mô tả ảnh" in answer.text
    assert files_outside_var(tmp_path) == before


@pytest.mark.parametrize(("name", "data", "kind", "status", "message"), HOSTILE)
def test_hostile_banner_photos_are_refused_and_nothing_is_written(
    room: Room, tmp_path: Path, name: str, data: bytes, kind: str, status: int, message: str
) -> None:
    client = room.logged_in("lan", "editor")
    before = files_outside_var(tmp_path)
    answer = _post_article(room, client, (name, data, kind))
    assert answer.status_code == status
    assert message in answer.text and 'lang="vi"' in answer.text
    assert files_outside_var(tmp_path) == before
    assert not list(tmp_path.parent.rglob("x.jpg"))


@pytest.mark.parametrize(("name", "data", "kind", "status", "message"), HOSTILE)
def test_hostile_inserted_photos_are_refused_audited_and_nothing_is_written(
    room: Room, tmp_path: Path, name: str, data: bytes, kind: str, status: int, message: str
) -> None:
    client = room.logged_in("lan", "editor")
    before = files_outside_var(tmp_path)
    answer = _upload(room, client, (name, data, kind))
    assert answer.status_code == status
    assert message in answer.text
    assert files_outside_var(tmp_path) == before
    assert not list(tmp_path.parent.rglob("x.jpg"))
    if status == 400 and name != "../../x.jpg":
        assert room.newsroom.audit.recent(1)[0].action == "photo_refused"


def test_an_inserted_photo_is_committed_alone_and_answered_as_markdown(room: Room) -> None:
    client = room.logged_in("lan", "editor")
    answer = _upload(room, client, ("hop.jpg", noisy_photo(), "image/jpeg"), alt="Họp [tổ] 5")
    assert answer.status_code == 200, answer.text
    stored = answer.json()
    assert stored["path"].startswith("images/2027/2027-01-15-hop-dan-pho-")
    assert stored["markdown"] == f"![Họp (tổ) 5]({stored['path']})"
    assert (room.settings.content_path / stored["path"]).is_file()
    assert (
        content_git(room, "log", "-1", "--format=%an|%s") == f"lan|Tải ảnh lên: {stored['path']}\n"
    )
    assert content_git(room, "show", "--name-only", "--format=", "HEAD").split() == [stored["path"]]
    entry = room.newsroom.audit.recent(1)[0]
    assert (entry.actor, entry.action, entry.target) == ("lan", "photo_upload", stored["path"])


def test_an_upload_needs_the_token_a_session_and_a_description(room: Room, tmp_path) -> None:
    client = room.logged_in("lan", "editor")
    before = files_outside_var(tmp_path)
    photo = ("a.jpg", phone_photo(), "image/jpeg")
    assert _upload(room, client, photo, token="sai").status_code == 403
    assert room.client().post("/quan-tri/anh/tai-len", files={"anh": photo}).status_code == 403
    no_alt = _upload(room, client, photo, alt="")
    assert no_alt.status_code == 400 and "Mô tả ảnh" in no_alt.text
    assert files_outside_var(tmp_path) == before


def test_only_photo_routes_take_a_large_body(room: Room) -> None:
    client = room.logged_in("lan", "editor")
    photo = noisy_photo()
    assert len(photo) > room.settings.max_body
    token = room.token(client)
    logout = client.post(
        "/quan-tri/dang-xuat", data={"csrf_token": token}, files={"x": ("a.jpg", photo)}
    )
    assert logout.status_code == 413
    assert _upload(room, client, ("a.jpg", photo, "image/jpeg")).status_code == 200


def test_an_edit_keeps_replaces_or_drops_the_banner_photo(room: Room) -> None:
    client = room.logged_in("lan", "approver")
    key = _key(_post_article(room, client, ("a.jpg", phone_photo(), "image/jpeg")))
    first = article_file(room, key).read_text()
    edit = f"/quan-tri/bai-viet/sua?bai={key}"

    def save(photo=None, **values):
        data = article_form(room, client, edit, **values)
        data.pop("anh_dai_dien", None)
        data.setdefault("bo_anh", "")
        data = {**data, **values, "hanh_dong": "luu-nhap"}
        files = {"anh_dai_dien": photo} if photo else None
        answer = client.post("/quan-tri/bai-viet/sua", data=data, files=files)
        assert answer.status_code == 303, answer.text
        return article_file(room, key).read_text()

    page = client.get(edit).text
    assert "Ảnh hiện tại" in page and 'value="Người dân dọn rác"' in page
    kept = save(bo_anh="", tieu_de="Tiêu đề mới")
    assert _lines(kept, "Image") == _lines(first, "Image")
    replaced = save(("b.png", phone_photo(), "image/jpeg"), bo_anh="", mo_ta_anh="Ảnh khác")
    assert _lines(replaced, "Image") != _lines(first, "Image")
    assert _lines(replaced, "ImageAlt") == ["ImageAlt: Ảnh khác"]
    dropped = save(bo_anh="1")
    assert _lines(dropped, "Image") == [] and _lines(dropped, "ImageAlt") == []


def _lines(text: str, key: str) -> list[str]:
    return [line for line in text.split("\n\n")[0].splitlines() if line.startswith(f"{key}: ")]


def test_a_photo_route_still_bounds_each_text_field(make_room) -> None:
    room = make_room(max_body_kb=64)
    client = room.logged_in("lan", "editor")
    token = room.token(client)
    answer = client.post(
        "/quan-tri/anh/tai-len",
        data={"csrf_token": token, "mo_ta": "a" * 100_000},
        files={"anh": ("a.jpg", phone_photo(), "image/jpeg")},
    )
    assert answer.status_code == 400
    assert not (room.settings.content_path / "images").exists()
