"""The content folder's git history: made when missing, shared safely when it already exists."""

from __future__ import annotations

import subprocess
from pathlib import Path

from wardportal.newsroom.atomic_file import write_atomically
from wardportal.newsroom.history import ContentHistory


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, check=True
    ).stdout


def test_a_folder_without_git_gets_a_repository_with_what_is_there(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "articles").mkdir(parents=True)
    (content / "articles" / "cu.md").write_text("Title: Cũ\n\nBài cũ.\n", encoding="utf-8")
    history = ContentHistory(content)
    assert history.root == content.resolve()
    assert _git(content, "ls-files").split() == ["articles/cu.md"]
    assert _git(content, "log", "--format=%an|%s").strip() == (
        "Phòng biên tập|Bắt đầu lưu lịch sử nội dung"
    )


def test_hooks_in_the_content_repository_never_run(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    history = ContentHistory(content)
    hook = content / ".git" / "hooks" / "pre-commit"
    marker = tmp_path / "hook-ran"
    hook.write_text(f"#!/bin/sh\ntouch {marker}\nexit 1\n")
    hook.chmod(0o755)
    article = content / "a.md"
    write_atomically(article, "Title: A\n\nA.\n")
    history.commit(article, "lan", "Lưu nháp: A", 1_800_000_000)
    assert not marker.exists()
    assert _git(content, "log", "-1", "--format=%an %at").strip() == "lan 1800000000"


def test_inside_an_existing_checkout_only_the_saved_file_is_committed(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    _git(project, "init", "--quiet")
    (project / "README.md").write_text("x")
    _git(project, "add", "README.md")  # a developer's staged, unrelated change
    history = ContentHistory(project / "content")
    assert history.root == project.resolve()
    article = project / "content" / "b.md"
    write_atomically(article, "Title: B\n\nB.\n")
    history.commit(article, "lan", "Lưu nháp: B", 1_800_000_000)
    assert _git(project, "show", "--name-only", "--format=", "HEAD").split() == ["content/b.md"]
    assert _git(project, "diff", "--cached", "--name-only").split() == ["README.md"]


def test_a_lock_left_by_a_killed_save_is_removed_at_start(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    ContentHistory(content)
    (content / ".git" / "index.lock").write_text("")
    history = ContentHistory(content)  # the service starting again
    article = content / "c.md"
    write_atomically(article, "Title: C\n\nC.\n")
    history.commit(article, "lan", "Lưu nháp: C", 1_800_000_000)
    assert "Lưu nháp: C" in _git(content, "log", "-1", "--format=%s")
