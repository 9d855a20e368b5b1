"""What a quick edit (wardportal.engine_edits) of a title changes in the site's addresses:
the item's own address when it moves, and the redirect pages that name it.

An article or page without a Slug header takes its address from its title: a title edit
moves it. A full build then publishes the item at its new address, a redirect page at the
old one (wardportal.published.write_moves), and the new address in the address record, the
sitemap and the page manifest. A quick edit makes the same files, and only those:

- the plan of addresses is made again from the items as they now are, as a full build
  makes it before writing (output_staging.plan_moves): its redirects, and the record it
  leaves. An error in it (two things at one address, an address vanishing), an item
  moving to an address published before (a title changed back: a redirect page would turn
  into a page), or a slug taken or left that the honour roll names articles by (its
  entries would show another article) sends the edit to the ordinary build, which says
  what it says;
- every redirect page pointing to an edited item shows its title and address: those are
  rendered again (the one at a moved item's old address among them), and the redirect map
  written;
- the item's page and searchable block move to the new file (PageMemo.move) and are
  rendered there; its entry in the sitemap and the manifest follow;
- content whose HTML links to other content ({filename}…) shows the moved address: pages
  showing that content are rendered again, as the edited item's are. A Summary header
  with such a link goes through the ordinary build: the build resolved it in place, and
  it cannot be resolved again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wardportal.engine_titles import Decline

if TYPE_CHECKING:
    from wardportal.build_state import BuildState
    from wardportal.permalinks import Moves


@dataclass(frozen=True)
class Moved:
    """An item whose address a quick edit moves: its page's file before and after, and the
    slug it had."""

    item: Any
    old: str
    new: str
    old_slug: str


def plan_addresses(state: BuildState, settings: dict, moved: list[Moved]) -> Moves:
    """The plan of addresses of the site as it now is (state.generators' items), checked
    as a full build checks it; Decline when the full build would say something."""
    from wardportal import published
    from wardportal.output_staging import plan_moves

    if moved and settings["RELATIVE_URLS"]:
        raise Decline("relative links depend on the folder a page is in")
    slugs = {move.old_slug for move in moved} | {move.item.slug for move in moved}
    for generator in state.generators:
        if slugs and slugs & getattr(generator, "article_names", set)():
            raise Decline("the honour roll names an article by the slug it takes or leaves")
    for move in moved:
        if published.url_of(move.new) in state.record.addresses:
            raise Decline(f"{published.url_of(move.new)} was published before")
    planned = list(published.planned_files(state.generators, settings, state.project_root))
    moves = plan_moves(state, settings, {path for path, *_ in planned})
    problems = [*moves.errors, *state.errors.errors]
    if moved:
        problems += published.collisions(planned)
    if problems:
        raise Decline(f"the plan of addresses: {problems[0]}")
    return moves


def write_redirects(
    state: BuildState, settings: dict, moves: Moves, site: Path, items: Iterable[tuple[Any, str]]
) -> list[str]:
    """The redirect pages pointing to the items ((item, kind of address) pairs), and the
    redirect map, written into the staged `site`; the pages written."""
    from wardportal import published
    from wardportal.output_staging import theme_page

    content = os.path.abspath(settings["PATH"])
    targets = {published.item_address(item, kind, content).item for item, kind in items}
    page = theme_page(state.generators)
    return published.write_redirects(moves, site, page, settings["SITE_ROOT"], targets)


def change_manifest(
    live: Path, site: Path, settings: dict, gone: Iterable[str], new: Iterable[str]
) -> None:
    """The `live` site's page manifest without the pages of the files `gone` and with those
    of the files `new` (a moved page, an added article's), into `site`."""
    from wardportal.output_staging import MANIFEST_PATH, manifest_path, write_manifest_paths

    listed = json.loads((live / MANIFEST_PATH).read_text(encoding="utf-8"))
    paths = set(listed["paths"]) - {manifest_path(file) for file in gone}
    paths |= {path for file in new if (path := manifest_path(file))}
    write_manifest_paths(site, paths, settings)


def save_record(settings: dict, moves: Moves) -> None:
    """The address record as the plan leaves it: what a full build writes."""
    from wardportal import permalinks
    from wardportal.build_state import content_file

    path, _shown = content_file(settings, "PORTAL_URL_RECORD")
    if path is not None and settings["PORTAL_WRITE_URL_RECORD"]:
        permalinks.save_record(moves.record, path)


def linking(items: Iterable[Any], read: Iterable[dict | None]) -> list[Any]:
    """The items whose HTML links to other content: a moved address shows in them. Decline
    when a Summary header does (`read`: the items' attributes as read, before the build
    resolved its links: resolved, they cannot be resolved again)."""
    from wardportal.page_memo import links_in, links_within

    for attributes in read:
        if attributes is None or links_in(str(attributes["metadata"].get("summary") or "")):
            raise Decline("a Summary header links to other content, or an item was not read")
    return [item for item in items if links_within(item)]
