"""Bad content fails loudly, names the file and line, and leaves the old site alone."""

import os
import subprocess
import sys

import pytest

from tests.support.sites import PELICAN, PROJECT, output_text, snapshot


@pytest.mark.parametrize(
    ("header", "body", "expected"),
    [
        (
            "Title: Bài lỗi ngày\nDate: 31/02/2018\n",
            "Nội dung.",
            ["dòng 2", "31/02/2018", "không có thật"],
        ),
        ("Title: Bài lỗi ngày\nTags: a\nDate: hôm qua\n", "Nội dung.", ["dòng 3", "2018-05-10"]),
        ("Date: 2018-05-10\n", "Bài không có tiêu đề.", ["dòng 1", "Title:"]),
        ("Title: Thiếu ảnh\nImage: images/khong-co.jpg\n", "x", ["dòng 2", "images/khong-co.jpg"]),
        (
            "Title: Thiếu ảnh trong bài\n",
            "Dòng một.\n\n![Ảnh]({static}/images/mat.jpg)",
            ["dòng 5", "{static}/images/mat.jpg"],
        ),
        (
            "Title: Liên kết tới bài không có\n",
            "Dòng một.\n\nXem [bài cũ]({filename}/articles/khong-co.md).",
            ["dòng 5", "{filename}/articles/khong-co.md", "tệp không có", "Hãy sửa đường dẫn"],
        ),
    ],
)
def test_content_errors_fail_with_file_line_and_advice(site, header, body, expected):
    site.write("articles/tot.md", "Title: Bài tốt\nDate: 2018-05-10\n\nNội dung tốt.\n")
    site.write("articles/loi.md", header + "\n" + body + "\n")
    result = site.build(ok=False)
    text = output_text(result)
    assert "content/articles/loi.md" in text
    for fragment in expected:
        assert fragment in text
    assert "Không xây dựng được trang web" in text


def test_file_that_is_not_utf8_is_an_error(site):
    site.write("articles/cp1258.md", "Title: Ph\xf2ng\n\nN\xf4i dung\n", encoding="latin-1")
    text = output_text(site.build(ok=False))
    assert "cp1258.md" in text and "UTF-8" in text


def test_several_errors_are_reported_together(site):
    site.write("articles/mot.md", "Date: 2018-05-10\n\nKhông tiêu đề.\n")
    site.write("articles/hai.md", "Title: Hai\nDate: 99/99/2018\n\nx\n")
    text = output_text(site.build(ok=False))
    assert "mot.md" in text and "hai.md" in text
    assert "2 lỗi" in text


def test_failed_build_leaves_previous_site_exactly_as_it_was(site):
    site.article("a", "Bài đầu tiên")
    site.build()
    before = snapshot(site.output)
    site.article("b", "Bài hỏng", date="32/13/2026")
    site.article("c", "Bài mới hợp lệ")
    site.build(ok=False)
    assert snapshot(site.output) == before
    leftovers = [p.name for p in site.root.iterdir() if p.name.startswith(".output")]
    assert leftovers == []


def test_what_a_killed_build_left_is_removed_by_the_next(site):
    """A build killed half way leaves its staged folder (marked with its process id) and,
    if it was removing the old site, that one: the next build removes them, but never
    those of a build still running."""
    command = [sys.executable, "-c", "import os; print(os.getpid())"]
    ended = subprocess.run(command, capture_output=True, text=True)
    dead, running = int(ended.stdout), os.getppid()  # pytest's parent runs
    for pid, name in ((dead, "building-k1ll3d"), (running, "building-4l1ve")):
        staged = site.root / f".output.{name}"
        (staged / "tin-tuc").mkdir(parents=True)
        (staged / ".building-pid").write_text(str(pid))
    for pid in (dead, running):
        (site.root / f".output.removing-{pid}-old" / "tin-tuc").mkdir(parents=True)
    site.article("a", "Bài đầu tiên")
    site.build()
    left = sorted(p.name for p in site.root.iterdir() if p.name.startswith(".output"))
    assert left == [".output.building-4l1ve", f".output.removing-{running}-old"]


def test_successful_build_replaces_the_whole_site(site):
    site.article("a", "Bài cũ")
    site.build()
    (site.content / "articles/a.md").unlink()
    site.write(".portal/gone.txt", "/tin-tuc/2026/bai-cu/\n")  # removed on purpose
    site.article("b", "Bài mới")
    site.build()
    assert site.exists("/tin-tuc/2026/bai-moi/")
    assert "đã được gỡ bỏ" in site.html("/tin-tuc/2026/bai-cu/").select_one("h1").get_text()
    assert oct(site.output.stat().st_mode & 0o777) == "0o755"


def test_images_written_plainly_are_linked_for_the_officer(site):
    site.image("images/anh.jpg")
    site.article(
        "a", "Có ảnh", "Ảnh:\n\n![Người dân dọn vệ sinh](images/anh.jpg)", image="images/anh.jpg"
    )
    site.build()
    page = site.html("/tin-tuc/2026/co-anh/")
    body_image = page.select_one(".article-body picture img")
    assert body_image["alt"] == "Người dân dọn vệ sinh"
    assert site.exists(body_image["src"])
    banner = page.select_one(".banner img")
    assert (banner["width"], banner["height"]) == ("640", "360")


def test_a_quiet_build_still_fails_on_a_broken_file(site):
    """`pelican -q` shows only critical lines, but a broken file must still stop the build."""
    site.article("tot", "Bài tốt")
    site.article("hong", "Bài hỏng", date="31/02/2026")
    command = [str(PELICAN), str(site.content), "-s", str(PROJECT / "pelicanconf.py")]
    result = subprocess.run(
        [*command, "-o", str(site.output), "-q"], cwd=PROJECT, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "content/articles/hong.md, dòng" in result.stdout + result.stderr
    assert not site.output.exists()
