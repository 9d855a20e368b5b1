"""`portal`: the officer's commands — start an article, check everything before publishing.

Messages are Vietnamese sentences; exit status 1 means something must be fixed.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from wardportal import content_checks, vndates
from wardportal.build_errors import BuildFailed, ContentError, unexpected
from wardportal.permalinks import TAG
from wardportal.vntext import slugify

NEW_ARTICLE_BODY = (
    "Viết nội dung bài ở đây. Khi bài đã xong, xoá dòng “Status: draft” để xuất bản.\n"
)


def _settings(project: Path, overrides: dict | None = None) -> dict:
    from pelican.settings import read_settings

    conf = project / "pelicanconf.py"
    if not conf.exists():
        raise SystemExit(f"Không thấy tệp {conf}. Hãy chạy lệnh trong thư mục của cổng thông tin.")
    return read_settings(str(conf), override=overrides or {})


def new_article(project: Path, title: str, now: datetime | None = None) -> Path:
    """Create content/articles/{year}/{date}-{slug}.md as a draft; never overwrite."""
    from wardportal.article_file import format_article  # the newsroom writes through it too

    title = " ".join(title.split())
    slug = slugify(title)
    if not slug:
        raise SystemExit('Tiêu đề cần có chữ, ví dụ: portal new "Phường ra quân dọn vệ sinh"')
    settings = _settings(project)
    moment = now or datetime.now(vndates.VIETNAM)
    folder = Path(settings["PATH"]) / "articles" / f"{moment:%Y}"
    path = folder / f"{moment:%Y-%m-%d}-{slug}.md"
    if path.exists():
        raise SystemExit(
            f"Tệp {path.relative_to(project)} đã có. Hãy mở tệp đó để sửa, hoặc đặt tiêu đề khác."
        )
    folder.mkdir(parents=True, exist_ok=True)
    # The Slug line fixes the address: editing the title later never moves a published article.
    fields = {
        "Title": title,
        "Slug": slug,
        "Date": f"{moment:%Y-%m-%d %H:%M}",
        "Category": settings.get("DEFAULT_CATEGORY", ""),
        "Author": settings.get("PORTAL_DEFAULT_AUTHOR") or settings.get("AUTHOR", ""),
        "Status": "draft",
    }
    path.write_text(format_article(fields, NEW_ARTICLE_BODY), encoding="utf-8")
    return path


def check(project: Path) -> tuple[list[ContentError], list[ContentError]]:
    """Build into a scratch folder and return (errors, warnings); output/ is not touched."""
    from pelican import Pelican

    from wardportal.build_state import run_build, state_of

    with tempfile.TemporaryDirectory(prefix="portal-check-") as scratch:
        site = Path(scratch) / "site"
        settings = _settings(
            project,
            {"OUTPUT_PATH": str(site), "PORTAL_SEARCH": False, "PORTAL_WRITE_URL_RECORD": False},
        )
        pelican = Pelican(settings)
        errors: list[ContentError] = []
        try:
            run_build(pelican)  # no helper goes on writing into the scratch folder
            built = True
        except BuildFailed as failure:
            errors = list(failure.errors)
            built = False
        except Exception as failure:  # a bug or a file that trips Pelican: a line, not a trace
            return [unexpected(failure, project)], []
        state = state_of(settings)
        articles, pages = _read_content(state.generators)
        root = state.project_root
        warnings = (
            content_checks.tag_typos(articles, root, state.record.term_slugs(TAG))
            + content_checks.images_without_alt(articles + pages, root)
            + content_checks.large_images(articles + pages, settings["PATH"], root)
            + content_checks.missing_summaries(articles, root)
            + content_checks.missing_required_pages(
                pages, settings["PORTAL_REQUIRED_PAGES"], settings["PATH"], root
            )
        )
        warnings += content_checks.missing_required_data(settings, root)
        warnings += content_checks.missing_emc(_publish_settings(project), "publishconf.py")
        if built:
            warnings += content_checks.broken_internal_links(
                articles + pages, site, settings["SITEURL"], root
            )
    return errors, warnings


def _publish_settings(project: Path) -> dict | None:
    """The settings `make publish` builds with (publishconf.py), or None without that file.

    publishconf.py imports pelicanconf.py from the current folder, as `make publish` runs it.
    """
    from pelican.settings import read_settings

    conf = project / "publishconf.py"
    if not conf.exists():
        return None
    with contextlib.chdir(project):
        return read_settings(str(conf))


def _read_content(generators) -> tuple[list, list]:
    articles, pages = [], []
    for generator in generators:
        articles += list(getattr(generator, "articles", [])) + list(
            getattr(generator, "drafts", [])
        )
        pages += list(getattr(generator, "pages", []))
    return articles, pages


def _print_check(errors: list[ContentError], warnings: list[ContentError]) -> None:
    if errors:
        print("Lỗi (phải sửa thì mới xuất bản được):")
        for error in errors:
            print(f"  {error.as_check_line()}")
    if warnings:
        print("Cảnh báo (nên xem lại):")
        for warning in warnings:
            print(f"  {warning.as_check_line()}")
    if not errors and not warnings:
        print("Không thấy lỗi nào. Có thể xuất bản.")
    else:
        print(f"Tổng cộng: {len(errors)} lỗi, {len(warnings)} cảnh báo.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="portal", description="Các lệnh biên tập cổng thông tin phường."
    )
    parser.add_argument(
        "--project", type=Path, default=Path.cwd(), help="thư mục cổng thông tin (mặc định: .)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    new = commands.add_parser("new", help="tạo bài viết mới (bản nháp)")
    new.add_argument("title", help="tiêu đề bài viết, đặt trong ngoặc kép")
    commands.add_parser("check", help="kiểm tra toàn bộ nội dung, không xuất bản")
    commands.add_parser("publish", help="xuất bản ngay như khi duyệt bài (lịch hằng ngày)")
    from wardportal.newsroom.users_cli import add_user_commands, run_user_command

    add_user_commands(commands)
    args = parser.parse_args(argv)
    project = args.project.resolve()

    if args.command == "user":
        return run_user_command(args, project)
    if args.command == "publish":
        from wardportal.newsroom.publish_cli import run_publish

        return run_publish(project)

    if args.command == "new":
        path = new_article(project, args.title)
        print(path.relative_to(project))
        return 0
    errors, warnings = check(project)
    _print_check(errors, warnings)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
