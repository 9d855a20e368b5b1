"""`portal new` and `portal check` on real project folders."""

import os
import re

from PIL import Image

from tests.support.sites import portal, project_with_conf


def test_new_creates_a_dated_draft_and_never_overwrites(site):
    project = project_with_conf(site)
    first = portal(project, "new", "Phường ra quân dọn vệ sinh ngày thứ Bảy")
    assert first.returncode == 0, first.stderr
    relative = first.stdout.strip()
    assert re.fullmatch(
        r"content/articles/\d{4}/\d{4}-\d{2}-\d{2}-phuong-ra-quan-don-ve-sinh-ngay-thu-bay\.md",
        relative,
    )
    text = (project / relative).read_text(encoding="utf-8")
    assert "Title: Phường ra quân dọn vệ sinh ngày thứ Bảy\n" in text
    assert "Slug: phuong-ra-quan-don-ve-sinh-ngay-thu-bay\n" in text
    assert re.search(r"^Date: \d{4}-\d{2}-\d{2} \d{2}:\d{2}$", text, re.M)
    assert "Status: draft" in text and "Author: Ban biên tập" in text
    again = portal(project, "new", "Phường ra quân dọn vệ sinh ngày thứ Bảy")
    assert again.returncode == 1
    assert "đã có" in again.stderr
    assert (project / relative).read_text(encoding="utf-8") == text


def test_new_article_builds_as_a_draft_that_is_not_published(site):
    project = project_with_conf(site)
    portal(project, "new", "Bài nháp mới")
    site.build()
    assert not list(site.output.rglob("*bai-nhap-moi*"))


def test_check_lists_every_problem_with_file_and_line(site):
    project = project_with_conf(site)
    for number in (1, 2):
        site.article(f"dung-{number}", f"Bài {number}", tags="Dân vận khéo", summary="Tóm tắt.")
    site.article("go-nham", "Bài gõ nhầm", tags="Dân vận kheo", summary="Tóm tắt.")
    site.image("images/anh.jpg")
    site.article("khong-mo-ta", "Ảnh thiếu mô tả", "Dòng đầu.\n\n![](images/anh.jpg)", summary="x")
    big = site.content / "images/nang.jpg"
    noise = Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000))
    noise.save(big, quality=100)
    assert big.stat().st_size > 1024 * 1024
    site.article("anh-nang", "Ảnh nặng", "Mở đầu.\n\n![Ảnh nặng](images/nang.jpg)", summary="x")
    site.article("lien-ket", "Liên kết hỏng", "Xem [bài cũ](/tin-tuc/2019/khong-co/).", summary="x")
    site.article("khong-tom-tat", "Không tóm tắt")
    site.write(
        "articles/tom-tat-trong.md", "Title: Tóm tắt trống\nDate: 2026-01-01\nSummary:\n\nx\n"
    )
    site.write("pages/gioi-thieu.md", "Title: Giới thiệu\nSlug: gioi-thieu\n\nPhường.\n")

    def project_files():
        # The resized-photo cache may fill up (the next build reuses it); nothing else changes.
        return {p for p in project.rglob("*") if ".cache" not in p.parts}

    before = project_files()

    result = portal(project, "check")
    out = result.stdout
    assert result.returncode == 0, out + result.stderr
    expected = [
        r"content/articles/go-nham\.md:2: từ khóa “Dân vận kheo” gần giống từ khóa “Dân vận khéo”",
        r"content/articles/khong-mo-ta\.md:7: ảnh “images/anh\.jpg” chưa có lời mô tả — ",
        r"content/articles/anh-nang\.md:7: ảnh “images/nang\.jpg” nặng \d\.\d MB — ",
        r"content/articles/lien-ket\.md:\d+: liên kết “/tin-tuc/2019/khong-co/” dẫn tới trang"
        r" không có",
        r"content/articles/khong-tom-tat\.md:1: bài viết chưa có tóm tắt — ",
        r"content/articles/tom-tat-trong\.md:3: bài viết chưa có tóm tắt — ",
        r"content/pages: thiếu trang “lien-he” — ",
    ]
    for pattern in expected:
        assert re.search(pattern, out), pattern
    assert "go-nham.md" in out and "dung-1.md" not in out
    lines = (site.content / "articles/go-nham.md").read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("Tags:")
    lines = (site.content / "articles/khong-mo-ta.md").read_text(encoding="utf-8").splitlines()
    assert lines[6] == "![](images/anh.jpg)"
    assert project_files() == before, "check writes nothing into the project"


def test_check_reports_all_errors_at_once_and_exits_1(site):
    project = project_with_conf(site)
    site.write("articles/mot.md", "Date: 2026-01-01\n\nKhông có tiêu đề.\n")
    site.write("articles/hai.md", "Title: Hai\nDate: 31/02/2026\n\nNgày sai.\n")
    site.article("ba", "Ba", tags="An ninh")
    result = portal(project, "check")
    assert result.returncode == 1
    assert "content/articles/mot.md:1: bài viết chưa có tiêu đề — " in result.stdout
    assert "content/articles/hai.md:2: " in result.stdout
    assert "2 lỗi" in result.stdout
    assert not site.output.exists()
