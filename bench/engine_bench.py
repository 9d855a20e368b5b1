"""The engine's part of make bench, in a process of its own (its peak memory is its own).

    python bench/engine_bench.py CONTENT OUTPUT ROUNDS

Starts the engine (wardportal.engine) on the corpus, then each round: a full `pelican` build
of the same content (a process of its own, as `make html`), one article's title edited (with
words the corpus never uses: the search's stable bundle is made again), another article's
text edited with its own words (two paragraphs swapped, then back: only the recent search
bundle), then a new article that goes first on the home page; each engine build timed from
the file write until the site is swapped in (every affected page, search included, is
served), the engine idle when the file is written (its background work done, as when the
officer's next save comes seconds after the last). Per build it also notes pages
rendered/reused/patched and stable search bundles made so far, or "quick:N" for an edit of
text alone (wardportal.engine_edits: N files made again). The full build is measured in
the same round, so each ratio compares builds made under the same load (the machine is
shared). Prints one JSON line: the first build, per round the three times,
and the engine's peak memory (the full builds run in other processes and are not counted).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

# Run as a script: bench/ is on the path.
from build_bench import PROJECT, timed_build
from pelican.settings import read_settings

from wardportal.engine import Engine


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


def main(content: Path, output: Path, rounds: int) -> None:
    settings = read_settings(
        str(PROJECT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(output)},
    )
    engine = Engine(settings)
    counts: list[str] = []
    first = timed(engine, counts)
    articles = sorted((content / "articles").rglob("*.md"))
    edited, body_edited = articles[0], articles[len(articles) // 2]
    original = edited.read_text(encoding="utf-8")
    body_original = body_edited.read_text(encoding="utf-8")
    edits, bodies, news, fulls = [], [], [], []
    for number in range(rounds):
        full_output = output.with_name(output.name + "-full")
        fulls.append(timed_build(content, PROJECT / "pelicanconf.py", full_output)[0])
        title_line = original.splitlines()[0]
        engine.wait_for_cleanups()  # an officer's next save comes seconds later
        started = time.perf_counter()
        edited.write_text(
            original.replace(title_line, f"{title_line} (sửa lần {number})", 1), encoding="utf-8"
        )
        timed(engine, counts)
        edits.append(time.perf_counter() - started)
        engine.wait_for_cleanups()  # an officer's next save comes seconds later
        started = time.perf_counter()
        body_edited.write_text(
            reordered(body_original) if number % 2 == 0 else body_original, encoding="utf-8"
        )
        timed(engine, counts)
        bodies.append(time.perf_counter() - started)
        fresh = content / "articles" / f"moi-{number}.md"
        engine.wait_for_cleanups()  # an officer's next save comes seconds later
        started = time.perf_counter()
        fresh.write_text(
            f"Title: Tin mới số {number} của phường\nDate: 2026-12-31 {10 + number % 10}:00\n"
            "Tags: Dân vận khéo\n\nNội dung tin mới.\n",
            encoding="utf-8",
        )
        timed(engine, counts)
        news.append(time.perf_counter() - started)
    home = (output / "index.html").read_text(encoding="utf-8")
    if f"Tin mới số {rounds - 1} của phường" not in home:
        raise SystemExit("the new article is not on the home page")
    engine.wait_for_cleanups()
    edited.write_text(original, encoding="utf-8")
    body_edited.write_text(body_original, encoding="utf-8")
    for number in range(rounds):
        (content / "articles" / f"moi-{number}.md").unlink()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    measured = {"first": first, "full": fulls, "edit": edits, "body": bodies, "new": news}
    print(json.dumps({**measured, "counts": counts, "peak_mib": peak_kib / 1024}))


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))
