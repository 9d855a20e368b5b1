"""The engine's part of make bench, in a process of its own (its peak memory is its own).

    python bench/engine_bench.py CONTENT OUTPUT ROUNDS

Starts the engine (wardportal.engine) on the corpus, then each round: a full `pelican` build
of the same content (a process of its own, as `make html`), then five edits, each timed
from the file write until the site is swapped in (every affected page, search included, is
served), the engine idle when the file is written (its background work done, as when the
officer's next save comes seconds after the last):

- edit: one article's title edited with words the corpus never uses and no Slug header (its
  address moves: a quick edit with a redirect page, wardportal.engine_moves; from the second
  round on, the earlier rounds' addresses redirect to the new one too);
- title: another's title edited with its own words under a Slug header, as the newsroom
  writes it (the address kept: a quick edit, wardportal.engine_edits);
- body: a third article's text edited with its own words (two paragraphs swapped, then
  back: a quick edit, only the recent search bundle);
- word: a fourth article's text with a sentence added holding a word the site never had (a
  name, a number: the officer's commonest edit; a quick edit, and the word stays in the
  recent search bundle);
- new: a new article that goes first on the home page.

Per build it also notes pages rendered/reused/patched and stable search bundles made so
far, or "quick:N" for a quick edit (N files made again). The full build is measured in the
same round, so each ratio compares builds made under the same load (the machine is
shared). Prints one JSON line: the first build, per round the five times, and the
engine's peak memory (the full builds run in other processes and are not counted).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

# Run as a script: bench/ is on the path.
from build_bench import PROJECT, settle, timed_build
from pelican.settings import read_settings

from wardportal.engine import Engine
from wardportal.vntext import slugify


def timed(engine: Engine, counts: list[str]) -> float:
    outcome = engine.build()
    if outcome.error:
        raise SystemExit(f"engine build failed:\n{outcome.error}")
    if outcome.quick:  # only the files showing the edit made again (engine_edits)
        counts.append(f"quick:{engine.edits.rendered}")
    else:
        pages, rebuilds = engine.pages, engine.search().rebuilds
        counts.append(f"{pages.rendered}/{pages.reused}/{pages.patched}/{rebuilds}")
    return outcome.seconds


def reordered(text: str) -> str:
    """The article with its last two paragraphs swapped: new text, but no word new to it."""
    header, body = text.split("\n\n", 1)
    paragraphs = body.rstrip("\n").split("\n\n")
    paragraphs[-2:] = paragraphs[-1:-3:-1]
    return header + "\n\n" + "\n\n".join(paragraphs) + "\n"


def retitled(text: str) -> str:
    """The article with the first two words of its title swapped: no word new to the site."""
    title, rest = text.split("\n", 1)
    words = title.removeprefix("Title: ").split()
    words[:2] = words[1::-1]
    return f"Title: {' '.join(words)}\n{rest}"


def with_slug(text: str) -> str:
    """The article with its address held by a Slug header, as the newsroom writes it."""
    title, rest = text.split("\n", 1)
    return f"{title}\nSlug: {slugify(title.removeprefix('Title: '))}\n{rest}"


def main(content: Path, output: Path, rounds: int) -> None:
    settings = read_settings(
        str(PROJECT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(output)},
    )
    articles = sorted((content / "articles").rglob("*.md"))
    chosen = tuple(articles[len(articles) * share // 6] for share in (0, 2, 3, 4))
    # Put back at the end, even after a failure: the edited articles, and the address record
    # (the engine records the new articles' addresses: the next full build of the corpus
    # would refuse them, vanished).
    record = content / ".portal" / "urls.json"
    saved = {path: path.read_bytes() for path in (*chosen, record) if path.exists()}
    try:
        measure(settings, content, output, rounds, chosen)
    finally:
        for path in (content / "articles").glob("moi-*.md"):
            path.unlink()
        record.unlink(missing_ok=True)
        for path, data in saved.items():
            path.write_bytes(data)


def measure(settings: dict, content: Path, output: Path, rounds: int, chosen: tuple) -> None:
    """The engine's first build, then each round's full build and five edits (see above)."""
    edited, kept, body_edited, worded = chosen
    originals = {
        path: path.read_text(encoding="utf-8") for path in (edited, body_edited, kept, worded)
    }
    kept.write_text(with_slug(originals[kept]), encoding="utf-8")
    engine = Engine(settings)
    counts: list[str] = []
    first = timed(engine, counts)

    def served(path: Path, text: str) -> float:
        """The file written (the engine idle: an officer's next save comes seconds after
        the last), then the engine's build until the site is swapped in."""
        engine.wait_for_cleanups()
        settle()
        started = time.perf_counter()
        path.write_text(text, encoding="utf-8")
        timed(engine, counts)
        return time.perf_counter() - started

    measured: dict[str, list[float]] = {
        "full": [],
        "edit": [],
        "title": [],
        "body": [],
        "word": [],
        "new": [],
    }
    for number in range(rounds):
        full_output = output.with_name(output.name + "-full")
        # The full build an edit costs: no search index kept from the same text.
        full = timed_build(
            content, PROJECT / "pelicanconf.py", full_output, ("-e", 'PORTAL_SEARCH_CACHE=""')
        )
        measured["full"].append(full[0])
        title_line = originals[edited].splitlines()[0]
        new_title = f"{title_line} (sửa lần {number})"
        measured["edit"].append(served(edited, originals[edited].replace(title_line, new_title)))
        text = with_slug(originals[kept])
        measured["title"].append(served(kept, retitled(text) if number % 2 == 0 else text))
        text = originals[body_edited]
        measured["body"].append(served(body_edited, reordered(text) if number % 2 == 0 else text))
        added = f"{originals[worded].rstrip()}\n\nLiên hệ anh Quýnhxyz{number}.\n"
        measured["word"].append(served(worded, added))
        fresh = content / "articles" / f"moi-{number}.md"
        measured["new"].append(
            served(
                fresh,
                f"Title: Tin mới số {number} của phường\nDate: 2026-12-31 {10 + number % 10}:00\n"
                "Tags: Dân vận khéo\n\nNội dung tin mới.\n",
            )
        )
    home = (output / "index.html").read_text(encoding="utf-8")
    if f"Tin mới số {rounds - 1} của phường" not in home:
        raise SystemExit("the new article is not on the home page")
    engine.wait_for_cleanups()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"first": first, **measured, "counts": counts, "peak_mib": peak_kib / 1024}))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
