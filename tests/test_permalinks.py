"""Published addresses never break: tags keep their URL, moved pages redirect, removals are
explicit, and two things at one address stop the build."""

from __future__ import annotations

import json

from tests.support.sites import PROJECT, output_text, portal, project_with_conf, redirect_target

ENTRY_YAML = """period: {period}
entries:
  - title: Vận động nhân dân dọn vệ sinh ngày thứ Bảy
    kind: mô hình
    holder: Chi bộ phố Phúc Ninh
    field: văn hoá - xã hội
    status: đăng ký
    level: phường
"""


def record(site) -> dict:
    return json.loads((site.content / ".portal/urls.json").read_text(encoding="utf-8"))


def test_a_typo_tag_never_takes_the_established_address(site):
    site.article("dung", "Chuyển đổi số ở tổ dân phố", tags="Chuyển đổi số", date="2026-11-01")
    site.build()
    assert record(site)["terms"]["tag"] == {"chuyên2 đôi2 sô4": "chuyen-doi-so"}
    # One typo beside one correct use: before the record, the typo took the address.
    site.article("go-nham", "Bài gõ nhầm từ khóa", tags="Chuyển đổi sô", date="2026-11-20")
    site.build()
    page = site.html("/tu-khoa/chuyen-doi-so/")
    assert page.select_one("h1").get_text(strip=True).endswith("Chuyển đổi số")
    assert [a.get_text() for a in page.select(".card-title")] == ["Chuyển đổi số ở tổ dân phố"]
    typo = site.html("/tin-tuc/2026/bai-go-nham-tu-khoa/").select_one(".article-tags a")
    assert typo.get_text() == "Chuyển đổi sô" and typo["href"] != "/tu-khoa/chuyen-doi-so/"
    # Even when the typo becomes the more common spelling, the address stays.
    site.article("go-nham-2", "Bài gõ nhầm lần hai", tags="Chuyển đổi sô", date="2026-11-21")
    site.build()
    assert [a.get_text() for a in site.html("/tu-khoa/chuyen-doi-so/").select(".card-title")] == [
        "Chuyển đổi số ở tổ dân phố"
    ]


def test_on_a_first_build_the_older_spelling_wins_a_tie(site):
    site.article("moi", "Bài mới", tags="Chuyển đổi sô", date="2026-11-20")
    site.article("cu", "Bài cũ", tags="Chuyển đổi số", date="2026-11-01")
    site.build()
    titles = [a.get_text() for a in site.html("/tu-khoa/chuyen-doi-so/").select(".card-title")]
    assert titles == ["Bài cũ"]


def test_check_points_the_typo_at_the_established_tag(site):
    project = project_with_conf(site)
    site.article("dung", "Chuyển đổi số ở tổ dân phố", tags="Chuyển đổi số", date="2026-11-01")
    site.build()
    site.article("go-nham", "Bài gõ nhầm", tags="Chuyển đổi sô", date="2026-11-20")
    site.article("go-nham-2", "Bài gõ nhầm 2", tags="Chuyển đổi sô", date="2026-11-21")
    result = portal(project, "check")
    text = " ".join(result.stdout.split())
    assert "từ khóa “Chuyển đổi sô” gần giống từ khóa “Chuyển đổi số”" in text
    assert "hãy sửa thành “Chuyển đổi số”" in text
    assert "hãy sửa thành “Chuyển đổi sô”" not in text


def test_a_title_edit_keeps_the_address_when_the_file_has_a_slug(site):
    path = site.article("bai", "Họp tổ dân phố", slug="hop-to-dan-pho")
    site.build()
    path.write_text(path.read_text().replace("Title: Họp tổ dân phố", "Title: Họp tổ dân phố số 3"))
    site.build()
    assert (
        site.html("/tin-tuc/2026/hop-to-dan-pho/")
        .select_one("h1")
        .get_text(strip=True)
        .endswith("Họp tổ dân phố số 3")
    )


def test_a_changed_title_or_slug_or_year_leaves_a_redirect(site):
    path = site.article("bai", "Họp tổ dân phố")
    site.build()
    path.write_text(path.read_text().replace("Title: Họp tổ dân phố", "Title: Họp tổ dân phố số 3"))
    site.build()
    assert redirect_target(site, "/tin-tuc/2026/hop-to-dan-pho/") == (
        "/tin-tuc/2026/hop-to-dan-pho-so-3/"
    )
    # Moved again (another year, a Slug typed by hand): the first address goes straight there.
    text = path.read_text().replace("Date: 2026-11-20", "Date: 2025-11-20")
    path.write_text(text.replace("Title:", "Slug: hop-dan\nTitle:"))
    site.build()
    for old in ("/tin-tuc/2026/hop-to-dan-pho/", "/tin-tuc/2026/hop-to-dan-pho-so-3/"):
        assert redirect_target(site, old) == "/tin-tuc/2025/hop-dan/"
    sitemap = (site.output / "sitemap.xml").read_text()
    assert "hop-to-dan-pho" not in sitemap and "/tin-tuc/2025/hop-dan/" in sitemap
    manifest = json.loads((site.output / "_portal/pages.json").read_text())
    assert "/tin-tuc/2026/hop-to-dan-pho/" not in manifest["paths"]


def test_a_renamed_file_with_the_same_slug_redirects_by_slug(site):
    old = site.article("2025/bai", "Đón Tết", date="2025-01-20")
    site.build()
    text = old.read_text().replace("Date: 2025-01-20", "Date: 2026-01-20")
    old.unlink()
    site.write("articles/2026/don-tet.md", text)
    site.build()
    assert redirect_target(site, "/tin-tuc/2025/don-tet/") == "/tin-tuc/2026/don-tet/"


def test_a_renamed_tag_redirects_to_its_new_name(site):
    for number in (1, 2):
        site.article(f"bai-{number}", f"Bài {number}", tags="Văn hoá, Tổ dân phố")
    site.build()
    for number in (1, 2):
        site.article(f"bai-{number}", f"Bài {number}", tags="Văn hoá - Thể thao, Tổ dân phố")
    site.build()
    assert redirect_target(site, "/tu-khoa/van-hoa/") == "/tu-khoa/van-hoa-the-thao/"


def test_a_dropped_tag_sends_readers_to_the_tag_list(site):
    site.article("bai", "Bài", tags="Tạm thời, Tổ dân phố")
    site.build()
    site.article("bai", "Bài", tags="Tổ dân phố")
    site.build()
    assert redirect_target(site, "/tu-khoa/tam-thoi/") == "/tu-khoa/"


def test_an_honour_entry_moved_to_another_period_redirects(site):
    site.write("honours/a.yaml", ENTRY_YAML.format(period="2016-2018"))
    site.build()
    old = "/bang-vang/2016-2018/van-dong-nhan-dan-don-ve-sinh-ngay-thu-bay/"
    assert site.exists(old)
    site.write("honours/a.yaml", ENTRY_YAML.format(period="2019-2021"))
    site.build()
    new = "/bang-vang/2019-2021/van-dong-nhan-dan-don-ve-sinh-ngay-thu-bay/"
    assert redirect_target(site, old) == new
    assert redirect_target(site, "/bang-vang/2016-2018/") == "/bang-vang/"


def test_a_deleted_article_stops_the_build_until_it_is_listed_as_gone(site):
    keep = site.article("giu", "Bài giữ lại")
    gone = site.article("go", "Bài sẽ gỡ")
    site.build()
    before = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    gone.unlink()
    result = site.build(ok=False)
    text = output_text(result)
    assert "/tin-tuc/2026/bai-se-go/" in text and "đã xuất bản nhưng nay không còn" in text
    assert ".portal/gone.txt" in text
    assert "Traceback" not in text
    assert {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()} == before
    site.write(".portal/gone.txt", "# Gỡ theo yêu cầu của UBND\n/tin-tuc/2026/bai-se-go/\n")
    site.build()
    page = site.html("/tin-tuc/2026/bai-se-go/")
    assert "đã được gỡ bỏ" in page.select_one("h1").get_text()
    assert "Bài sẽ gỡ" in page.get_text()
    assert site.html("/410.html").select_one("h1") is not None
    assert '"/tin-tuc/2026/bai-se-go/" "1";' in (site.output / "_portal/gone.map").read_text()
    assert site.exists("/tin-tuc/2026/bai-giu-lai/") and keep.exists()
    # Listing a live page as gone is a mistake too.
    site.write(".portal/gone.txt", "/tin-tuc/2026/bai-giu-lai/\n/tin-tuc/2026/bai-se-go/\n")
    text = output_text(site.build(ok=False))
    assert "gone.txt, dòng 1" in text and "vẫn đang có trang" in text


def test_an_officer_redirect_list_sends_an_old_address_to_another_page(site):
    site.article("cu", "Bài cũ")
    site.article("moi", "Bài mới")
    site.build()
    (site.content / "articles/cu.md").unlink()
    site.write(".portal/redirects.txt", "/tin-tuc/2026/bai-cu/ /tin-tuc/2026/bai-moi/\n")
    site.build()
    assert redirect_target(site, "/tin-tuc/2026/bai-cu/") == "/tin-tuc/2026/bai-moi/"
    site.write(".portal/redirects.txt", "/tin-tuc/2026/bai-cu/ /khong-co/\nmot dong sai\n")
    text = output_text(site.build(ok=False))
    assert "redirects.txt, dòng 1" in text and "redirects.txt, dòng 2" in text


def test_a_draft_keeps_its_address_waiting_without_an_error(site):
    path = site.article("bai", "Bài tạm rút")
    site.build()
    path.write_text(path.read_text() + "\n", encoding="utf-8")
    path.write_text(path.read_text().replace("Title:", "Status: draft\nTitle:"))
    site.build()
    assert not site.exists("/tin-tuc/2026/bai-tam-rut/")
    assert "/tin-tuc/2026/bai-tam-rut/" in record(site)["addresses"]
    path.write_text(path.read_text().replace("Status: draft\n", ""))
    site.build()
    assert site.exists("/tin-tuc/2026/bai-tam-rut/")


def test_portal_check_reports_a_vanished_address_and_writes_nothing(site):
    project = project_with_conf(site)
    site.write("pages/gioi-thieu.md", "Title: Giới thiệu\nSlug: gioi-thieu\n\nPhường.\n")
    gone = site.article("go", "Bài sẽ gỡ", summary="Tóm tắt.")
    site.build()
    saved = (site.content / ".portal/urls.json").read_bytes()
    gone.unlink()
    result = portal(project, "check")
    assert result.returncode == 1
    assert "/tin-tuc/2026/bai-se-go/" in result.stdout
    assert (site.content / ".portal/urls.json").read_bytes() == saved


def test_a_page_at_the_honour_roll_address_stops_the_build(site):
    site.write("honours/a.yaml", ENTRY_YAML.format(period="2016-2018"))
    site.write("pages/bang-vang.md", "Title: Bảng vàng\nSlug: bang-vang\n\nTrang tự viết.\n")
    one_process = site.root / "one_process.py"
    one_process.write_text(
        f"exec(open({str(PROJECT / 'pelicanconf.py')!r}, encoding='utf-8').read())\n"
        f"THEME = {str(PROJECT / 'theme')!r}\nPLUGIN_PATHS = [{str(PROJECT / 'plugins')!r}]\n"
        "PORTAL_PARALLEL = False\n",
        encoding="utf-8",
    )
    for settings in ("pelicanconf.py", str(one_process)):
        text = output_text(site.build(settings, ok=False))
        assert "/bang-vang/ bị tạo hai lần" in text
        assert "content/pages/bang-vang.md" in text and "content/honours" in text
        assert not site.output.exists()


def test_two_articles_and_a_page_inside_the_search_folder_are_refused(site):
    site.article("mot", "Họp dân phố")
    site.write("pages/tim.md", "Title: Chỉ mục\nSlug: pagefind\n\nx\n")
    text = output_text(site.build(ok=False))
    assert "/pagefind/" in text and "content/pages/tim.md" in text


def test_portal_check_names_both_files_of_a_collision(site):
    project = project_with_conf(site)
    site.write("honours/a.yaml", ENTRY_YAML.format(period="2016-2018"))
    site.write("pages/bang-vang.md", "Title: Bảng vàng\nSlug: bang-vang\n\nTrang tự viết.\n")
    result = portal(project, "check")
    assert result.returncode == 1
    text = " ".join(result.stdout.split())
    assert "/bang-vang/ bị tạo hai lần" in text
    assert "content/pages/bang-vang.md" in text and "content/honours" in text
    assert not (site.content / ".portal/urls.json").exists(), "check writes nothing"


def test_the_preview_server_answers_old_addresses_like_nginx(site, tmp_path):
    """`make serve` reads the maps the build wrote: 301 to the new address, 410 when removed."""
    from starlette.testclient import TestClient

    from wardportal.counter import load_settings
    from wardportal.serve import build_app

    moved = site.article("bai", "Họp tổ dân phố")
    removed = site.article("go", "Bài sẽ gỡ")
    site.build()
    moved.write_text(moved.read_text().replace("Họp tổ dân phố", "Họp tổ dân phố số 3"))
    removed.unlink()
    site.write(".portal/gone.txt", "/tin-tuc/2026/bai-se-go/\n")
    site.build()
    settings = load_settings(
        {"COUNTER_SITE_ROOT": str(site.output), "COUNTER_DATABASE_URL": str(tmp_path / "c.db")}
    )
    with TestClient(build_app(settings)) as client:
        old = client.get("/tin-tuc/2026/hop-to-dan-pho/", follow_redirects=False)
        assert old.status_code == 301
        assert old.headers["location"] == "/tin-tuc/2026/hop-to-dan-pho-so-3/"
        gone = client.get("/tin-tuc/2026/bai-se-go/")
        assert gone.status_code == 410 and "đã được gỡ bỏ" in gone.text
        assert client.get("/tin-tuc/2026/hop-to-dan-pho-so-3/").status_code == 200
