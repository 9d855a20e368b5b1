"""Login rate limit: per account and per address, a lockout an admin can lift."""

from __future__ import annotations

from .conftest import Room

LOCKED = "Đăng nhập sai quá nhiều lần"


def _fail(room: Room, name: str, times: int) -> None:
    for _ in range(times):
        answer = room.post_login(room.client(), name, "mat-khau-sai-roi")
        assert answer.status_code in (401, 429)


def test_repeated_wrong_passwords_lock_the_account_until_an_admin_lifts_it(room: Room) -> None:
    room.add("lan", "editor")
    admin = room.logged_in("quan-tri", "admin")
    _fail(room, "lan", room.settings.max_failures)
    # Even the right password is refused while locked.
    answer = room.post_login(room.client(), "lan")
    assert answer.status_code == 429
    assert LOCKED in answer.text
    assert "lockout" in [entry.action for entry in room.newsroom.audit.recent()]

    page = admin.get("/quan-tri/tai-khoan/")
    assert "Tạm khoá do đăng nhập sai" in page.text
    lift = admin.post(
        "/quan-tri/tai-khoan/mo-khoa", data={"csrf_token": room.token(admin), "name": "lan"}
    )
    assert lift.status_code == 303
    assert room.post_login(room.client(), "lan").status_code == 303
    assert "account_unlock" in [entry.action for entry in room.newsroom.audit.recent()]


def test_the_lockout_ends_by_itself_after_its_time(room: Room) -> None:
    room.add("lan")
    _fail(room, "lan", room.settings.max_failures)
    assert room.post_login(room.client(), "lan").status_code == 429
    room.clock.advance(room.settings.lockout_minutes * 60 + 1)
    assert room.post_login(room.client(), "lan").status_code == 303


def test_fewer_failures_than_the_limit_do_not_lock(room: Room) -> None:
    room.add("lan")
    _fail(room, "lan", room.settings.max_failures - 1)
    assert room.post_login(room.client(), "lan").status_code == 303


def test_an_unknown_account_locks_the_same_way(room: Room) -> None:
    """Otherwise the lockout itself would tell which names exist."""
    _fail(room, "khong-co-ai", room.settings.max_failures)
    answer = room.post_login(room.client(), "khong-co-ai", "mat-khau-sai-roi")
    assert answer.status_code == 429


def test_one_address_trying_many_accounts_is_locked_out(make_room) -> None:
    room = make_room(address_max_failures=6, max_failures=5)
    room.add("lan")
    for number in range(6):
        _fail(room, f"ten-{number}", 1)
    # Every account from that address is refused now, though "lan" itself never failed.
    answer = room.post_login(room.client(), "lan")
    assert answer.status_code == 429
