"""Reading the Pagefind index a build wrote, and searching it in a real browser page."""

import gzip
import json


def indexed_pages(output, bundle: str = "pagefind") -> dict[str, dict]:
    """URL → fragment of every page in the Pagefind index (fragments are gzipped JSON)."""
    return {data["url"]: data for data in _fragments(output / bundle).values()}


def _fragments(bundle) -> dict[str, dict]:
    """Pagefind id → fragment of every page in a bundle folder."""
    found = {}
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[fragment.name.removesuffix(".pf_fragment")] = data
    return found


def searched_pages(output) -> dict[str, dict]:
    """URL → fragment of every page the search page finds: the stable bundle's and the recent
    bundle's (if any), without those its hidden.json lists."""
    pages = _fragments(output / "pagefind")
    recent = output / "pagefind-recent"
    if recent.exists():
        listed = json.loads((recent / "hidden.json").read_text(encoding="utf-8"))
        added = _fragments(recent) if listed["documents"] else {}
        assert len(added) == (listed["documents"] + 1 if added else 0), "and the words' page"
        assert not added.keys() & pages.keys(), "no id in both bundles"
        pages.update(added)
        assert set(listed["hidden"]) <= pages.keys()
        for fragment in listed["hidden"]:
            del pages[fragment]
    found = {data["url"]: data for data in pages.values()}
    assert len(found) == len(pages), "one result per address"
    return found


def searchable(title: str, text: str, **filters: str) -> str:
    """A searchable block as the portal's templates render it: a title, text and filters."""
    tags = "".join(
        f'<p hidden data-pagefind-filter="{name}">{value}</p>' for name, value in filters.items()
    )
    return (
        f'<article data-pagefind-body>{tags}<h1 data-pagefind-meta="title">{title}</h1>'
        f"<p>{text}</p></article>"
    )


def search_all(page, query: str) -> tuple[int, set[str]]:
    """The count the search page announces and the address of every result ("Xem thêm"
    clicked until all are shown)."""
    shown = search(page, query)
    while page.is_visible(".search-more"):
        page.click(".search-more")
        page.wait_for_function(
            "(n) => document.querySelectorAll('.search-results li').length > n", arg=len(shown)
        )
        shown = page.eval_on_selector_all(".search-title", "els => els.map(e => e.textContent)")
    status = page.inner_text(".search-status")
    count = int(status.split()[2]) if status.startswith("Tìm thấy") else 0
    hrefs = page.eval_on_selector_all(
        ".search-title", "els => els.map(e => e.getAttribute('href'))"
    )
    return count, set(hrefs)


def search(page, query: str) -> list[dict]:
    page.fill("#tu-can-tim", query)
    page.wait_for_function(
        # The query in its quotes: "20" is also in the answer to "2026".
        "(q) => document.querySelector('.search-status').textContent.includes(`“${q}”`)",
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
