"""The guard: anonymous visits, roles, CSRF tokens and Origin checks, one refusal each."""

from __future__ import annotations

import pytest
from starlette.routing import Mount

from .conftest import PASSWORD, Room


def test_anonymous_pages_redirect_to_the_login_form(room: Room) -> None:
    for path in ("/quan-tri/tai-khoan/", "/quan-tri/nhat-ky/"):
        answer = room.client().get(path)
        assert answer.status_code == 303
        assert answer.headers["location"] == "/quan-tri/"


def test_an_anonymous_post_is_refused(room: Room) -> None:
    room.add("lan", "admin")
    answer = room.client().post("/quan-tri/tai-khoan/mo-khoa", data={"name": "lan"})
    assert answer.status_code == 403
    assert "mã bảo vệ" in answer.text


def test_a_post_without_csrf_token_is_refused(room: Room) -> None:
    client = room.logged_in("lan", "admin")
    answer = client.post("/quan-tri/dang-xuat", data={})
    assert answer.status_code == 403
    assert "Tải lại trang".lower() in answer.text.lower()
    assert client.get("/quan-tri/tai-khoan/").status_code == 200  # still logged in
    assert "csrf_refused" in [entry.action for entry in room.newsroom.audit.recent()]


def test_a_post_with_a_wrong_csrf_token_is_refused(room: Room) -> None:
    client = room.logged_in("lan", "admin")
    other = room.logged_in("minh", "admin")
    # Another session's valid token is as wrong as a made-up one.
    for token in ("khong-dung", room.token(other)):
        answer = client.post("/quan-tri/dang-xuat", data={"csrf_token": token})
        assert answer.status_code == 403
    assert client.get("/quan-tri/tai-khoan/").status_code == 200


def test_a_post_from_another_origin_is_refused_even_with_the_token(room: Room) -> None:
    client = room.logged_in("lan", "admin")
    token = room.token(client)
    answer = client.post(
        "/quan-tri/dang-xuat",
        data={"csrf_token": token},
        headers={"Origin": "https://ke-xau.example"},
    )
    assert answer.status_code == 403
    answer = client.post(
        "/quan-tri/dang-xuat",
        data={"csrf_token": token},
        headers={"Origin": "http://testserver"},
    )
    assert answer.status_code == 303


def test_login_without_its_token_is_refused(room: Room) -> None:
    room.add("lan")
    client = room.client()
    room.login_form(client)
    answer = client.post("/quan-tri/dang-nhap", data={"name": "lan", "password": PASSWORD})
    assert answer.status_code == 403
    assert "quan_tri_phien" not in client.cookies


@pytest.mark.parametrize("role", ["editor", "approver"])
def test_only_admins_manage_accounts_even_by_a_crafted_request(room: Room, role: str) -> None:
    room.add("bi-khoa", "editor")
    client = room.logged_in("nguoi-dung", role)
    assert client.get("/quan-tri/tai-khoan/").status_code == 403
    assert client.get("/quan-tri/nhat-ky/").status_code == 403
    answer = client.post(
        "/quan-tri/tai-khoan/mo-khoa", data={"csrf_token": room.token(client), "name": "bi-khoa"}
    )
    assert answer.status_code == 403
    assert "không có quyền" in answer.text
    assert "forbidden" in [entry.action for entry in room.newsroom.audit.recent()]
    # The menu does not offer them either, but the refusal above does not depend on that.
    assert "/quan-tri/tai-khoan/" not in client.get("/quan-tri/").text


def test_every_page_has_the_strict_headers(room: Room) -> None:
    client = room.logged_in("lan", "admin")
    for path in ("/quan-tri/", "/quan-tri/tai-khoan/", "/quan-tri/tai-nguyen/newsroom.css"):
        answer = client.get(path)
        assert answer.status_code == 200
        policy = answer.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
        assert "style-src 'self'" in policy
        assert answer.headers["x-frame-options"] == "DENY"
        assert answer.headers["cache-control"] == "no-store"


def test_pages_have_no_inline_script_or_style(room: Room) -> None:
    client = room.logged_in("lan", "admin")
    for path in ("/quan-tri/", "/quan-tri/tai-khoan/", "/quan-tri/nhat-ky/"):
        html = client.get(path).text
        assert "<script>" not in html and "<style" not in html and "style=" not in html


PUBLIC = {"/", "/dang-nhap", "/tai-nguyen"}
ROLE_OF_PERMISSION = {"approve": "approver", "unpublish": "approver", "manage_accounts": "admin"}


def _routes(room: Room) -> list:
    """The newsroom's own routes (inside /quan-tri/), as the app serves them."""
    mount = next(
        route for route in room.app.routes if isinstance(route, Mount) and route.path == "/quan-tri"
    )
    inner = mount.app
    while not hasattr(inner, "routes"):
        inner = inner.app
    return list(inner.routes)


def test_every_page_but_the_login_needs_a_session(room: Room) -> None:
    anonymous = room.client()
    checked = 0
    for route in _routes(room):
        if route.path in PUBLIC:
            continue
        for method in route.methods - {"HEAD"}:
            answer = anonymous.request(method, f"/quan-tri{route.path}")
            expected = 303 if method == "GET" else 403
            assert answer.status_code == expected, (method, route.path)
            checked += 1
    assert checked == 36  # every guarded route and method of app.py


def test_every_approver_or_admin_action_is_refused_to_an_editor(room: Room) -> None:
    editor = room.logged_in("lan", "editor")
    token = room.token(editor)
    refused = []
    for route in _routes(room):
        if route.path in PUBLIC or route.path == "/dang-xuat":  # logging out would end the test
            continue
        for method in route.methods - {"HEAD"}:
            data = {"csrf_token": token, "bai": "x", "name": "lan"} if method == "POST" else None
            answer = editor.request(method, f"/quan-tri{route.path}", data=data)
            if answer.status_code == 403:
                refused.append((method, route.path))
    assert (
        editor.get("/quan-tri/bai-viet/").status_code == 200
    )  # still logged in: refused, not lost
    assert sorted(refused) == sorted(
        [
            ("GET", "/nhat-ky/"),
            ("GET", "/tai-khoan/"),
            ("POST", "/bai-viet/duyet"),
            ("POST", "/bai-viet/go-xuong"),
            ("POST", "/bai-viet/tra-lai"),
            ("POST", "/bang-vang/de-xuat/duyet"),
            ("POST", "/bang-vang/de-xuat/tra-lai"),
            ("POST", "/tai-khoan/mo-khoa"),
            ("POST", "/trang/khoi-phuc"),
            ("POST", "/trang/sua"),
            ("GET", "/xuat-ban/trang-thai"),  # the build's progress is the approver's
        ]
    )
