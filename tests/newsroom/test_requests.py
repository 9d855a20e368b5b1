"""Request limits: the body size, the content type, malformed forms."""

from __future__ import annotations

from .conftest import Room


def test_a_body_over_the_limit_is_refused(make_room) -> None:
    room = make_room(max_body_kb=1)
    client = room.logged_in("lan", "admin")
    token = room.token(client)
    answer = client.post("/quan-tri/dang-xuat", data={"csrf_token": token, "x": "a" * 4000})
    assert answer.status_code == 413
    assert "quá lớn" in answer.text


def test_a_body_over_the_limit_without_content_length_is_refused(make_room) -> None:
    room = make_room(max_body_kb=1)
    client = room.logged_in("lan", "admin")
    token = room.token(client)

    def chunks():
        yield f"csrf_token={token}&x=".encode()
        for _ in range(10):
            yield b"a" * 500

    answer = client.post(
        "/quan-tri/dang-xuat",
        content=chunks(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer.status_code == 413
    assert client.get("/quan-tri/tai-khoan/").status_code == 200  # the logout did not happen


def test_other_content_types_are_refused(room: Room) -> None:
    client = room.logged_in("lan", "admin")
    token = room.token(client)
    answer = client.post(
        "/quan-tri/dang-xuat",
        content=f'{{"csrf_token": "{token}"}}',
        headers={"Content-Type": "application/json"},
    )
    assert answer.status_code == 415
    assert client.get("/quan-tri/tai-khoan/").status_code == 200


def test_files_are_not_accepted_in_forms(room: Room) -> None:
    client = room.logged_in("lan", "admin")
    token = room.token(client)
    answer = client.post(
        "/quan-tri/dang-xuat",
        data={"csrf_token": token},
        files={"anh": ("a.php.jpg", b"<?php echo 1; ?>", "image/jpeg")},
    )
    assert answer.status_code == 400
