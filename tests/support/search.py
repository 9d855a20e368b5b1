"""Reading the Pagefind index a build wrote, and searching it in a real browser page."""

import gzip
import json


def indexed_pages(output) -> dict[str, dict]:
    """URL → fragment of every page in the Pagefind index (fragments are gzipped JSON)."""
    pages = {}
    for fragment in (output / "pagefind/fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[data["url"]] = data
    return pages


def search(page, query: str) -> list[dict]:
    page.fill("#tu-can-tim", query)
    page.wait_for_function(
        "(q) => document.querySelector('.search-status').textContent.includes(q)",
        arg=query,
        timeout=30000,
    )
    return page.eval_on_selector_all(
        ".search-results li",
        """items => items.map(li => ({
            title: li.querySelector('.search-title').textContent,
            href: li.querySelector('.search-title').getAttribute('href'),
            marks: [...li.querySelectorAll('mark')].map(m => m.textContent)}))""",
    )
