"""`portal check` says which part the law requires is missing, and what to do about it."""

from __future__ import annotations

from pathlib import Path

from tests.support.sites import Site, portal, project_with_conf

WARNINGS = {
    "documents": "content/documents: chưa có văn bản nào: mục Văn bản (số ký hiệu, trích yếu,"
    " tệp tải về) là phần bắt buộc theo Nghị định 42/2022/NĐ-CP — hãy thêm tệp danh sách văn bản",
    "contacts": "content/contacts: chưa có danh bạ cán bộ: họ tên, chức vụ, điện thoại, thư điện"
    " tử của cán bộ đầu mối là phần bắt buộc theo Nghị định 42/2022/NĐ-CP — hãy tạo tệp"
    " danh-ba.yaml",
    "emc": "publishconf.py: chưa gắn mã theo dõi EMC: cổng thông tin của cơ quan nhà nước phải"
    " kết nối hệ thống giám sát EMC — hãy đăng ký với hệ thống EMC",
}


def project(site: Site, emc: str = "") -> Path:
    """A project folder as `make publish` sees it: pelicanconf.py and publishconf.py."""
    project_with_conf(site)
    (site.root / "publishconf.py").write_text(
        f"import os, sys\nsys.path.append(os.curdir)\nfrom pelicanconf import *\n"
        f"EMC_SCRIPT_URL = {emc!r}\n",
        encoding="utf-8",
    )
    site.write("pages/gioi-thieu.md", "Title: Giới thiệu\nSlug: gioi-thieu\n\nPhường.\n")
    site.write("pages/lien-he.md", "Title: Liên hệ\nSlug: lien-he\n\nĐiện thoại.\n")
    return site.root


def check(folder: Path, must_pass: bool = True) -> str:
    result = portal(folder, "check")
    assert result.returncode == 0 or not must_pass, result.stdout + result.stderr
    return " ".join(result.stdout.split())


def test_each_missing_part_is_named_with_what_to_do(site: Site):
    out = check(project(site))
    for name, warning in WARNINGS.items():
        assert warning in out, name


def test_no_warning_once_each_part_is_there(site: Site):
    folder = project(site, emc="https://emc.example.gov.vn/s.js")
    # Only the folder's having a data file is checked here; what it holds is the
    # documents section's business (its errors would not hide these warnings).
    site.write("documents/van-ban.yaml", "entries: []\n")
    site.write(
        "contacts/danh-ba.yaml", "- name: A\n  position: B\n  unit: C\n  phone: 0912 000 101\n"
    )
    out = check(folder, must_pass=False)
    assert "Tổng cộng" in out or "Không thấy lỗi nào" in out, "the check ran to its end"
    for name, warning in WARNINGS.items():
        assert warning.split(" — ")[0] not in out, name
