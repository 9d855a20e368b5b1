"""Articles in the browser: the files written, their versions, the workflow, stale saves."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from bs4 import BeautifulSoup

from wardportal.cli import NEW_ARTICLE_BODY, new_article
from wardportal.vndates import VIETNAM

from .conftest import (
    TITLE,
    Room,
    article_file,
    article_form,
    content_git,
    create_article,
    csrf_of,
    edit_article,
    foreign_scripts,
)


def _post(room: Room, client, path: str, **data):
    return client.post(path, data={"csrf_token": room.token(client), **data})


def test_a_new_article_is_exactly_what_portal_new_writes(site_room: Room, tmp_path: Path) -> None:
    client = site_room.logged_in("lan", "editor")
    key = create_article(
        site_room, client, noi_dung=NEW_ARTICLE_BODY, ngay_dang="2026-11-20 08:30", tu_khoa=""
    )
    written = article_file(site_room, key).read_bytes()

    from tests.support.sites import Site, project_with_conf

    other = project_with_conf(Site(tmp_path / "other"))
    moment = dt.datetime(2026, 11, 20, 8, 30, tzinfo=VIETNAM)
    by_command = new_article(other, TITLE, now=moment)
    assert key == "2026/2026-11-20-phuong-ra-quan-don-ve-sinh"
    assert by_command.relative_to(other / "content") == article_file(site_room, key).relative_to(
        site_room.settings.content_path
    )
    assert written == by_command.read_bytes()


def test_every_save_is_a_commit_by_its_account(site_room: Room) -> None:
    lan = site_room.logged_in("lan", "editor")
    key = create_article(site_room, lan)
    minh = site_room.logged_in("minh", "editor")
    assert edit_article(site_room, minh, key, noi_dung="Minh sửa lại.").status_code == 303
    log = content_git(site_room, "log", "--format=%an|%ae|%s", "--", f"articles/{key}.md")
    assert log.splitlines() == [
        f"minh|minh@quan-tri.invalid|Lưu nháp: {TITLE}",
        f"lan|lan@quan-tri.invalid|Lưu nháp: {TITLE}",
    ]
    assert content_git(site_room, "status", "--porcelain") == ""
    assert "Minh sửa lại." in article_file(site_room, key).read_text(encoding="utf-8")


def test_a_stale_save_is_refused_and_both_texts_are_kept(site_room: Room) -> None:
    lan = site_room.logged_in("lan", "editor")
    key = create_article(site_room, lan)
    minh = site_room.logged_in("minh", "editor")
    lan_form = article_form(site_room, lan, f"/quan-tri/bai-viet/sua?bai={key}")
    minh_form = article_form(site_room, minh, f"/quan-tri/bai-viet/sua?bai={key}")
    answer = lan.post(
        "/quan-tri/bai-viet/sua", data={**lan_form, "noi_dung": "Bản của Lan.", "hanh_dong": "x"}
    )
    assert answer.status_code == 303
    refused = minh.post(
        "/quan-tri/bai-viet/sua", data={**minh_form, "noi_dung": "Bản của Minh.", "hanh_dong": "x"}
    )
    assert refused.status_code == 409
    assert "người khác sửa" in refused.text
    soup = BeautifulSoup(refused.text, "html.parser")
    assert soup.find("textarea", id="noi_dung").text == "Bản của Minh."  # not lost
    assert "Bản của Lan." in soup.find("section", class_="current").text
    assert "Bản của Lan." in article_file(site_room, key).read_text(encoding="utf-8")
    # Saving again from the refused page (which now carries the current version) succeeds.
    again = minh.post(
        "/quan-tri/bai-viet/sua",
        data={
            **article_form(site_room, minh, f"/quan-tri/bai-viet/sua?bai={key}"),
            "hanh_dong": "x",
        },
    )
    assert again.status_code == 303


def test_the_workflow_and_the_real_build(site_room: Room, site) -> None:
    editor = site_room.logged_in("lan", "editor")
    approver = site_room.logged_in("ha", "approver")
    key = create_article(site_room, editor, action="gui-duyet", ngay_dang="2026-11-20 08:30")
    page = Path(site.output / "tin-tuc/2026/phuong-ra-quan-don-ve-sinh/index.html")
    text = article_file(site_room, key).read_text(encoding="utf-8")
    assert "Status: draft\nReview: chờ duyệt\n" in text
    site.build()
    assert not page.exists(), "a submitted article is not published"

    # The editor cannot approve, even by crafting the request.
    for action in ("duyet", "go-xuong"):
        forged = _post(site_room, editor, f"/quan-tri/bai-viet/{action}", bai=key)
        assert forged.status_code == 403
    assert article_file(site_room, key).read_text(encoding="utf-8") == text

    returned = _post(
        site_room, approver, "/quan-tri/bai-viet/tra-lai", bai=key, nhan_xet="Thêm ảnh và số liệu."
    )
    assert returned.status_code == 303
    edit_page = editor.get(f"/quan-tri/bai-viet/sua?bai={key}").text
    assert "Bị trả lại" in edit_page and "Thêm ảnh và số liệu." in edit_page
    assert "Review-Note: Thêm ảnh và số liệu." in article_file(site_room, key).read_text("utf-8")
    site.build()  # the build accepts the state lines and still publishes nothing
    assert not page.exists()

    assert (
        edit_article(site_room, editor, key, "gui-duyet", noi_dung="Đã thêm số liệu.").status_code
        == 303
    )
    assert _post(site_room, approver, "/quan-tri/bai-viet/duyet", bai=key).status_code == 303
    text = article_file(site_room, key).read_text(encoding="utf-8")
    assert "Status:" not in text and "Review" not in text
    # The approval queued the real build (the publisher), which puts the article online.
    publisher = site_room.newsroom.publisher
    assert publisher.wait_until_idle(timeout=300)
    assert publisher.status().succeeded, publisher.status().errors
    assert "Đã thêm số liệu." in page.read_text(encoding="utf-8")
    # The record of published addresses the build wrote is kept in the content's history.
    assert "Cổng thông tin" in content_git(
        site_room, "log", "--format=%an", "--", ".portal/urls.json"
    )
    assert ".portal" not in content_git(site_room, "status", "--porcelain")
    article_page = approver.get(f"/quan-tri/bai-viet/sua?bai={key}").text
    assert '<a href="/tin-tuc/2026/phuong-ra-quan-don-ve-sinh/">Xem bài trên trang web</a>' in (
        article_page
    )
    assert "Đã đăng: 1" in approver.get("/quan-tri/").text

    # A title edit after publishing keeps the slug, the file and so the address.
    assert edit_article(site_room, approver, key, tieu_de="Tiêu đề mới hẳn").status_code == 303
    text = article_file(site_room, key).read_text(encoding="utf-8")
    assert "Title: Tiêu đề mới hẳn\nSlug: phuong-ra-quan-don-ve-sinh\n" in text
    assert "Status:" not in text
    # An editor may not change a published article.
    assert edit_article(site_room, editor, key, noi_dung="Sửa lén.").status_code == 403
    assert publisher.wait_until_idle(timeout=300)
    assert "Tiêu đề mới hẳn" in page.read_text(encoding="utf-8")
    assert "Sửa lén." not in page.read_text(encoding="utf-8")

    actions = [entry.action for entry in site_room.newsroom.audit.recent()]
    for action in ("submit", "return", "approve", "forbidden", "save"):
        assert action in actions


def test_versions_changes_and_restore(site_room: Room) -> None:
    lan = site_room.logged_in("lan", "editor")
    key = create_article(site_room, lan, noi_dung="Dòng đầu tiên.")
    minh = site_room.logged_in("minh", "editor")
    edit_article(site_room, minh, key, noi_dung="Dòng đã sửa.")
    history = minh.get(f"/quan-tri/bai-viet/lich-su?bai={key}")
    rows = BeautifulSoup(history.text, "html.parser").select("tbody tr")
    assert [row.find_all("td")[1].text for row in rows] == ["minh", "lan"]
    first = content_git(site_room, "log", "--format=%H", "--", f"articles/{key}.md").split()[-1]
    last = content_git(site_room, "log", "--format=%H", "-1").strip()
    changes = minh.get(f"/quan-tri/bai-viet/lich-su?bai={key}&ban={last}").text
    assert "-Dòng đầu tiên." in changes and "+Dòng đã sửa." in changes
    assert minh.get(f"/quan-tri/bai-viet/lich-su?bai={key}&ban=abc").status_code == 404

    restored = _post(site_room, minh, "/quan-tri/bai-viet/khoi-phuc", bai=key, ban=first)
    assert restored.status_code == 303
    assert "Dòng đầu tiên." in article_file(site_room, key).read_text(encoding="utf-8")
    log = content_git(site_room, "log", "--format=%an %s", "--", f"articles/{key}.md").splitlines()
    assert log[0] == f"minh Khôi phục bản {first[:7]}: {TITLE}"
    assert len(log) == 3


def test_the_list_searches_titles_and_filters_by_state(site_room: Room) -> None:
    lan = site_room.logged_in("lan", "editor")
    create_article(site_room, lan, tieu_de="Họp tổ dân phố số 3")
    create_article(site_room, lan, "gui-duyet", tieu_de="Tiêm chủng mở rộng")
    page = lan.get("/quan-tri/bai-viet/").text
    assert "Họp tổ dân phố số 3" in page and "Tiêm chủng mở rộng" in page
    found = lan.get("/quan-tri/bai-viet/?q=TIÊM").text
    assert 'value="TIÊM"' in found
    assert "Tiêm chủng mở rộng" in found and "Họp tổ dân phố" not in found
    pending = lan.get("/quan-tri/bai-viet/?trang-thai=cho-duyet").text
    assert "Tiêm chủng mở rộng" in pending and "Họp tổ dân phố" not in pending


def test_a_tag_one_letter_off_an_existing_tag_is_warned_about(site_room: Room, site) -> None:
    site.article("co-san", "Bài cũ", tags="Dân vận khéo")
    lan = site_room.logged_in("lan", "editor")
    key = create_article(site_room, lan, tu_khoa="Dân vận khéoo, Môi trường")
    page = lan.get(f"/quan-tri/bai-viet/sua?bai={key}").text
    assert "“Dân vận khéoo” gần giống từ khóa đã có “Dân vận khéo”" in page
    assert '<option value="Dân vận khéo">' in page  # the datalist offers existing tags
    assert "Môi trường”" not in page.split("gần giống")[0][-40:]


def test_typed_html_and_newlines_never_run_nor_forge_headers(site_room: Room) -> None:
    hostile = '<script>alert(1)</script><a href="javascript:alert(2)">x</a>'
    lan = site_room.logged_in("lan", "editor")
    key = create_article(
        site_room,
        lan,
        "gui-duyet",
        tieu_de=f"Tin {hostile}\nStatus: published",
        tom_tat=hostile,
    )
    approver = site_room.logged_in("ha", "approver")
    _post(site_room, approver, "/quan-tri/bai-viet/tra-lai", bai=key, nhan_xet=hostile)
    text = article_file(site_room, key).read_text(encoding="utf-8")
    assert "\nStatus: draft\n" in text and "\nStatus: published" not in text
    for path in (
        "/quan-tri/bai-viet/",
        f"/quan-tri/bai-viet/sua?bai={key}",
        f"/quan-tri/bai-viet/lich-su?bai={key}",
    ):
        soup = BeautifulSoup(lan.get(path).text, "html.parser")
        assert not foreign_scripts(soup), path
        hrefs = [a.get("href", "") for a in soup.find_all("a")]
        assert not [href for href in hrefs if href.startswith("javascript:")], path
        assert "<script>alert(1)</script>" in soup.get_text(), path


def test_an_unknown_or_crafted_key_is_not_a_path(site_room: Room) -> None:
    lan = site_room.logged_in("lan", "editor")
    for key in ("../../etc/passwd", "/etc/passwd", "2026/khong-co"):
        assert lan.get(f"/quan-tri/bai-viet/sua?bai={key}").status_code == 404
    token = site_room.token(lan)
    answer = lan.post("/quan-tri/bai-viet/sua", data={"csrf_token": token, "bai": "../x"})
    assert answer.status_code == 404
    assert csrf_of(lan.get("/quan-tri/").text)


def test_restoring_an_old_version_keeps_the_current_state(site_room: Room) -> None:
    """Restoring never publishes a draft nor takes a live article down."""
    lan = site_room.logged_in("lan", "editor")
    ha = site_room.logged_in("ha", "approver")
    key = create_article(site_room, lan, "gui-duyet", noi_dung="Bản đã đăng.")
    _post(site_room, ha, "/quan-tri/bai-viet/duyet", bai=key)
    assert site_room.newsroom.publisher.wait_until_idle(timeout=300)
    published = content_git(
        site_room, "log", "--format=%H", "-1", "--", f"articles/{key}.md"
    ).strip()
    _post(site_room, ha, "/quan-tri/bai-viet/go-xuong", bai=key)
    assert site_room.newsroom.publisher.wait_until_idle(timeout=300)
    edit_article(site_room, lan, key, noi_dung="Bản nháp mới.")
    restored = _post(site_room, lan, "/quan-tri/bai-viet/khoi-phuc", bai=key, ban=published)
    assert restored.status_code == 303
    text = article_file(site_room, key).read_text(encoding="utf-8")
    assert "Bản đã đăng." in text
    assert "\nStatus: draft\n" in text  # still a draft: the editor did not publish it


def test_a_failure_inside_is_a_vietnamese_page_not_a_crash(site_room: Room, monkeypatch) -> None:
    from wardportal.newsroom.history import ContentHistory, HistoryError

    def broken(*args, **kwargs):
        raise HistoryError("git commit: disk full")

    monkeypatch.setattr(ContentHistory, "commit", broken)
    lan = site_room.logged_in("lan", "editor")
    data = article_form(site_room, lan, tieu_de=TITLE, noi_dung="x")
    answer = lan.post("/quan-tri/bai-viet/moi", data={**data, "hanh_dong": "luu-nhap"})
    assert answer.status_code == 500
    assert "không làm xong" in answer.text and "Đăng xuất" in answer.text


def test_an_approver_takes_a_live_article_down(site_room: Room, site) -> None:
    lan = site_room.logged_in("lan", "editor")
    ha = site_room.logged_in("ha", "approver")
    key = create_article(site_room, lan, "gui-duyet", ngay_dang="2026-11-20 08:30")
    _post(site_room, ha, "/quan-tri/bai-viet/duyet", bai=key)
    publisher = site_room.newsroom.publisher
    assert publisher.wait_until_idle(timeout=300)
    page = site.output / "tin-tuc/2026/phuong-ra-quan-don-ve-sinh/index.html"
    assert page.exists()
    assert _post(site_room, lan, "/quan-tri/bai-viet/go-xuong", bai=key).status_code == 403
    assert _post(site_room, ha, "/quan-tri/bai-viet/go-xuong", bai=key).status_code == 303
    assert "\nStatus: draft\n" in article_file(site_room, key).read_text(encoding="utf-8")
    assert publisher.wait_until_idle(timeout=300)
    assert publisher.status().succeeded
    assert not page.exists()  # the rebuilt site no longer has it
    assert "unpublish" in [entry.action for entry in site_room.newsroom.audit.recent()]
