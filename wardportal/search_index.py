"""Full-text search without a server: Pagefind indexes the built site before it is published.

Pagefind (1.5) ignores tone and vowel marks, so "dan van" finds "Dân vận", but it keeps "đ":
"dang" alone would miss "Đảng". The search page's script (theme/static/js/search.js) also
asks for each query word that starts with "d" spelled with "đ" ("đ" only ever starts a
Vietnamese syllable), so the index and the excerpts stay exactly the published text.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from wardportal.build_errors import ContentError

BUNDLE = "pagefind"
# Pagefind also writes its ready-made interfaces; the portal has its own small one.
_UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")

def build_search_index(site: Path) -> None:
    """Run the Pagefind binary shipped in the pagefind[bin] wheel over the staged site."""
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--output-subdir", BUNDLE,
         "--force-language", "vi", "--quiet"],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise ContentError(
            str(site),
            f"không tạo được chỉ mục tìm kiếm (Pagefind: {result.stderr.strip()[-500:]})",
            "Hãy chạy lại lệnh; nếu lỗi còn, báo cho người quản trị kỹ thuật",
        )
    for pattern in _UNUSED:
        for unused in (site / BUNDLE).glob(pattern):
            unused.unlink()
