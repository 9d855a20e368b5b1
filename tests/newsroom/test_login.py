"""Logging in and out: the form, the generic error, new session ids, cookie flags."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest
from argon2 import PasswordHasher

from wardportal.newsroom import create_app
from wardportal.newsroom.accounts import LoginRefused

from .conftest import PASSWORD, Room


def _set_cookie(answer, name: str) -> str:
    for header in answer.headers.get_list("set-cookie"):
        if header.startswith(f"{name}="):
            return header
    raise AssertionError(f"no Set-Cookie for {name}: {answer.headers.get_list('set-cookie')}")


def test_the_login_form_has_the_vietnamese_labels(room: Room) -> None:
    page = room.client().get("/quan-tri/")
    assert page.status_code == 200
    for words in ("Tên đăng nhập", "Mật khẩu", ">Đăng nhập</button>"):
        assert words in page.text
    assert "Đăng xuất" not in page.text


def test_the_login_address_opened_again_shows_the_form(room: Room) -> None:
    """After a wrong password the bar shows /quan-tri/dang-nhap: opening it is no error."""
    again = room.client().get("/quan-tri/dang-nhap", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == "/quan-tri/"


def test_a_right_password_logs_in_and_shows_logout_on_the_page(room: Room) -> None:
    client = room.logged_in("lan", "editor")
    page = client.get("/quan-tri/")
    assert "Đăng xuất" in page.text
    assert 'action="/quan-tri/dang-xuat"' in page.text
    assert [e.action for e in room.newsroom.audit.recent()][:1] == ["login"]


def test_wrong_password_and_unknown_account_get_the_same_answer(room: Room) -> None:
    room.add("lan")
    wrong = room.post_login(room.client(), "lan", "sai-mat-khau-roi")
    unknown = room.post_login(room.client(), "khong-co-ai", "sai-mat-khau-roi")
    assert wrong.status_code == unknown.status_code == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in wrong.text
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in unknown.text
    for answer in (wrong, unknown):
        cookies = answer.headers.get_list("set-cookie")
        assert not any(cookie.startswith("quan_tri_phien=") for cookie in cookies)


def test_a_disabled_account_cannot_log_in(room: Room) -> None:
    room.add("lan")
    room.newsroom.accounts.disable("lan")
    assert room.post_login(room.client(), "lan").status_code == 401


def test_session_cookie_flags_in_development(room: Room) -> None:
    room.add("lan")
    answer = room.post_login(room.client(), "lan")
    header = _set_cookie(answer, "quan_tri_phien")
    assert "HttpOnly" in header
    assert "SameSite=strict" in header or "SameSite=Strict" in header
    assert "Path=/quan-tri/" in header
    assert "Secure" not in header
    assert "Max-Age" not in header and "expires" not in header.lower()  # gone with the browser


def test_session_cookie_is_secure_when_configured(make_room) -> None:
    room = make_room(secure_cookies=True)
    room.add("lan")
    client = room.client()
    # The login token cookie is Secure too, so the plain-http test client would not send it back.
    page = client.get("/quan-tri/")
    login_cookie = _set_cookie(page, "quan_tri_dang_nhap")
    assert "Secure" in login_cookie
    token = SimpleCookie(login_cookie)["quan_tri_dang_nhap"].value
    answer = client.post(
        "/quan-tri/dang-nhap",
        data={"csrf_token": token, "name": "lan", "password": PASSWORD},
        cookies={"quan_tri_dang_nhap": token},
    )
    header = _set_cookie(answer, "quan_tri_phien")
    assert "Secure" in header and "HttpOnly" in header and "SameSite=strict" in header


def test_login_gives_a_new_session_id_never_the_one_the_browser_had(room: Room) -> None:
    attacker = room.logged_in("ke-xau", "editor")
    planted = attacker.cookies["quan_tri_phien"]
    room.add("lan", "admin")
    victim = room.client()
    token = room.login_form(victim)
    victim.cookies.set("quan_tri_phien", planted, "testserver.local", "/quan-tri/")
    answer = victim.post(
        "/quan-tri/dang-nhap", data={"csrf_token": token, "name": "lan", "password": PASSWORD}
    )
    assert answer.status_code == 303
    assert victim.cookies["quan_tri_phien"] != planted
    assert victim.get("/quan-tri/tai-khoan/").status_code == 200
    # The session the browser carried before login is ended, not carried over.
    assert attacker.get("/quan-tri/").text.count("Đăng xuất") == 0


def test_logout_ends_the_session_even_for_a_copied_cookie(room: Room) -> None:
    client = room.logged_in("lan", "admin")
    cookie = client.cookies["quan_tri_phien"]
    copy = room.client()
    copy.cookies.set("quan_tri_phien", cookie, "testserver.local", "/quan-tri/")
    assert copy.get("/quan-tri/tai-khoan/").status_code == 200
    answer = client.post("/quan-tri/dang-xuat", data={"csrf_token": room.token(client)})
    assert answer.status_code == 303
    assert copy.get("/quan-tri/tai-khoan/").status_code == 303
    assert "logout" in [e.action for e in room.newsroom.audit.recent()]


def test_sessions_expire_when_idle_and_after_the_absolute_limit(room: Room) -> None:
    client = room.logged_in("lan", "admin")
    idle = room.settings.idle_minutes * 60
    room.clock.advance(idle - 5)
    assert client.get("/quan-tri/tai-khoan/").status_code == 200  # use keeps it alive
    room.clock.advance(idle - 5)
    assert client.get("/quan-tri/tai-khoan/").status_code == 200
    room.clock.advance(idle + 1)
    assert client.get("/quan-tri/tai-khoan/").status_code == 303

    client = room.logged_in("minh", "admin")
    for _ in range(room.settings.session_hours * 3600 // (idle - 60) + 1):
        room.clock.advance(idle - 60)
        client.get("/quan-tri/")
    assert client.get("/quan-tri/tai-khoan/").status_code == 303


def test_a_password_hashed_with_old_parameters_is_rehashed_at_login(room: Room) -> None:
    from argon2 import PasswordHasher

    from wardportal.newsroom.passwords import Passwords

    old = Passwords(12, PasswordHasher(time_cost=1, memory_cost=512, parallelism=1))
    with room.newsroom.database.connect() as connection:
        connection.execute(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, 0)",
            ("cu", "editor", old.hash(PASSWORD)),
        )
    assert room.post_login(room.client(), "cu").status_code == 303
    with room.newsroom.database.connect() as connection:
        stored = connection.execute("SELECT password_hash FROM users WHERE name='cu'").fetchone()
    assert stored[0].startswith("$argon2id$")
    assert not room.newsroom.passwords.needs_rehash(stored[0])


def test_an_unknown_account_costs_one_password_check_like_a_known_one(room: Room) -> None:
    """Timing: without the dummy hash, an unknown name would answer at once."""
    checks: list[str] = []

    class CountingHasher(PasswordHasher):
        def verify(self, stored_hash, password):
            checks.append(stored_hash)
            return super().verify(stored_hash, password)

    hasher = CountingHasher(time_cost=1, memory_cost=1024, parallelism=1)
    accounts = create_app(room.settings, clock=room.clock, hasher=hasher).state.newsroom.accounts
    accounts.add("lan", "editor", PASSWORD)
    for name in ("lan", "khong-co-ai"):
        with pytest.raises(LoginRefused):
            accounts.authenticate(name, "sai-mat-khau-roi", "10.0.0.1")
    assert len(checks) == 2
    assert checks[1].startswith("$argon2id$")  # the dummy hash, same algorithm and parameters
    assert checks[0] != checks[1]
