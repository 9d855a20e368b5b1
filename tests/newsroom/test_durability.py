"""A kill -9 during a save leaves the old or the new file, never a torn one."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

# Two texts of different lengths, so a half-written file differs from both.
OLD = "Bản cũ của bài viết.\n" * 150_000
NEW = "Bản mới, dài hơn, của bài viết.\n" * 200_000

WRITER = """
import sys
from pathlib import Path
from wardportal.newsroom.atomic_file import write_atomically
path = Path(sys.argv[1])
old, new = (Path(name).read_text("utf-8") for name in sys.argv[2:4])
count = 0
while True:
    write_atomically(path, new if count % 2 == 0 else old)
    count += 1
    print(count, flush=True)
"""


def test_kill_9_during_saves_never_tears_the_file(tmp_path: Path) -> None:
    article = tmp_path / "articles" / "2026" / "bai.md"
    article.parent.mkdir(parents=True)
    article.write_text(OLD, encoding="utf-8")
    (tmp_path / "old").write_text(OLD, encoding="utf-8")
    (tmp_path / "new").write_text(NEW, encoding="utf-8")
    seen = set()
    for round_number in range(6):
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(article),
                str(tmp_path / "old"),
                str(tmp_path / "new"),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            # Wait (on the child's own report, not a sleep) until it is busy saving.
            for _ in range(2 + round_number):
                assert child.stdout.readline(), "the writer stopped early"
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=30)
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()
        assert child.returncode == -signal.SIGKILL
        text = article.read_text(encoding="utf-8")
        assert text in (OLD, NEW), f"torn file after kill -9: {len(text)} characters"
        seen.add(text == NEW)
    assert seen  # the file was read back after every kill
    leftovers = [p.name for p in article.parent.iterdir() if p.name != "bai.md"]
    # A kill between creating and renaming the temporary file may leave one; it is hidden
    # (".bai.md.….tmp") and not a Markdown file, so the build never reads it.
    assert all(name.startswith(".bai.md.") and name.endswith(".tmp") for name in leftovers)
