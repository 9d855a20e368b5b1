"""make bench: our full build against vanilla Pelican on the same synthetic articles.

Generates a deterministic corpus (Vietnamese titles, tags and 300–800 word bodies, and
2,000 honour-roll entries), then builds it in one run, alternately: with this project's
settings and an empty Markdown cache (a first build); the same again with the cache that
build left (a rebuild after an edit, or the first build after a restart); the same without
search indexing; the same without the honour-roll plugin; the same in one process
(PORTAL_PARALLEL off: no forked helpers, as on Windows), the last three without the cache;
and, first of all, the same with no share card drawn yet (a site's very first build: its
card cache emptied; "ours" then finds the cards in it, as it would find resized photos);
and with Pelican's defaults (default theme, which reads only the articles). It prints median wall
and CPU times and the ratios. The machine is shared and noisy: only ratios measured within
one run mean anything. Then the long-running engine (bench/engine_bench.py) on the same
corpus: one article edited and a new article, each from the file write until the site is
served, as ratios to our full build, and its peak memory. CPU time counts every process
of a build: it is what a build costs a machine with one core, and when the cores are all
busy every extra second of it shows.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

# Run as a script: bench/ is on the path.
from honours_corpus import write_synthetic_honours

PROJECT = Path(__file__).resolve().parent.parent
WORK = PROJECT / "bench/.work"
PELICAN = Path(sys.executable).with_name("pelican")

_SYLLABLES = (
    "dân vận khéo phường phố tổ chi bộ hội phụ nữ đoàn thanh niên cựu chiến binh người cao tuổi "
    "an ninh trật tự văn hoá xã hội kinh tế gia đình khuyến học môi trường xanh sạch đẹp vận động "
    "nhân dân tham gia xây dựng nông thôn đô thị văn minh điển hình mô hình thi đua yêu nước "
    "đảng viên cán bộ công chức dịch vụ công trực tuyến chuyển đổi số tuyên truyền hội nghị sơ kết "
    "tổng kết biểu dương khen thưởng đường làng ngõ xóm ánh sáng camera an toàn thực phẩm"
).split()
_TAGS = [
    "Dân vận khéo", "Văn hoá - xã hội", "văn hóa - xã hội", "Phát triển kinh tế", "An ninh",
    "Hội Phụ nữ", "Đoàn Thanh niên", "Cựu chiến binh", "Người cao tuổi", "Khuyến học",
    "Môi trường", "Chuyển đổi số", "Dịch vụ công", "Sơ kết", "Tổng kết", "Biểu dương",
    "Đảng viên", "Tổ dân phố", "An toàn thực phẩm", "Giao thông", "Y tế", "Giáo dục",
    "Thể thao", "Ẩm thực", "Ăn uống", "Âm nhạc", "Hội", "Hồi", "Lễ hội", "Đền chùa",
]  # fmt: skip
_CATEGORIES = ["Dân vận khéo", "Tin tức – Sự kiện", "An ninh – Trật tự", "Văn hoá – Xã hội"]
_AUTHORS = ["Nguyễn Minh", "Trần Thu Hà", "Lê Văn Nam", "Phạm Thị Lan"]

VANILLA_SETTINGS = """
SITENAME = "Vanilla"
SITEURL = ""
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
PATH = "{content}"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
"""


def sentence(rng: random.Random, low: int, high: int) -> str:
    words = rng.choices(_SYLLABLES, k=rng.randint(low, high))
    return " ".join(words).capitalize()


def write_corpus(content: Path, count: int, seed: int) -> None:
    """The same articles every run for a given count and seed."""
    rng = random.Random(seed)
    shutil.rmtree(content, ignore_errors=True)
    (content / "images").mkdir(parents=True)
    (content / "pages").mkdir()
    (content / "images/logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle r="4"/></svg>'
    )
    for number in range(count):
        year = 2016 + number % 11
        month, day = 1 + number % 12, 1 + number % 28
        title = f"{sentence(rng, 6, 12)} số {number}"
        tags = ", ".join(rng.sample(_TAGS, rng.randint(2, 4)))
        words_left = rng.randint(300, 800)
        paragraphs = []
        while words_left > 0:
            size = min(words_left, rng.randint(40, 90))
            paragraphs.append(sentence(rng, size, size) + ".")
            words_left -= size
        folder = content / "articles" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        header = [
            f"Title: {title}",
            f"Date: {year}-{month:02d}-{day:02d} {number % 24:02d}:{number % 60:02d}",
            f"Category: {rng.choice(_CATEGORIES)}",
            f"Tags: {tags}",
            f"Author: {rng.choice(_AUTHORS)}",
        ]
        if number % 2:
            header.append(f"Summary: {sentence(rng, 15, 30)}.")
        body = "\n\n".join(paragraphs[:1] + ["## " + sentence(rng, 3, 6)] + paragraphs[1:])
        (folder / f"bai-{number:05d}.md").write_text(
            "\n".join(header) + "\n\n" + body + "\n", encoding="utf-8"
        )


def timed_build(
    content: Path, settings: Path, output: Path, extra: tuple[str, ...] = ()
) -> tuple[float, float]:
    """Wall time and CPU time (user + system, the build and its helpers) of one build."""
    shutil.rmtree(output, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [str(PELICAN), str(content), "-s", str(settings), "-o", str(output), "-q", *extra],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"build failed with {settings.name}:\n{result.stdout}\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def engine_ratios(content: Path, rounds: int) -> None:
    """The long-running engine on the same corpus: an edit and a new article, served, each
    as a share of a full build made in the same round (bench/engine_bench.py)."""
    result = subprocess.run(
        [sys.executable, str(PROJECT / "bench/engine_bench.py"), str(content)]
        + [str(WORK / "out-engine"), str(rounds)],
        cwd=PROJECT,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"engine bench failed:\n{result.stdout}\n{result.stderr}")
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    fulls = " ".join(f"{value:.2f}" for value in measured["full"])
    print(f"engine first build {measured['first']:.2f} s; full builds beside it: {fulls} s")
    print(f"engine peak memory {measured['peak_mib']:.0f} MiB (target ≤ 1024)")
    for key, what, target in (
        ("edit", "one article edited → served", "≤ 0.10"),
        ("new", "new article on the home page → served", "≤ 0.15"),
    ):
        ratios = sorted(
            engine / full for engine, full in zip(measured[key], measured["full"], strict=True)
        )
        shown = "/".join(f"{value:.2f}" for value in (ratios[0], statistics.median(ratios)))
        seconds = " ".join(f"{value:.2f}" for value in measured[key])
        print(
            f"ratio engine {what} / full build of its round: min/median/max "
            f"{shown}/{ratios[-1]:.2f} (target {target}; engine s: {seconds})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--honours", type=int, default=2000)
    parser.add_argument(
        "--builds", default="", help="only these full builds, by name, comma-separated (ours …)"
    )
    parser.add_argument(
        "--no-engine",
        action="store_true",
        help="skip the long-running engine's rounds (only the full builds, much sooner)",
    )
    args = parser.parse_args()

    content = WORK / "content"
    write_corpus(content, args.articles, args.seed)
    write_synthetic_honours(content / "honours", args.honours, args.seed)
    vanilla = WORK / "vanilla_settings.py"
    vanilla.write_text(VANILLA_SETTINGS.format(content=content), encoding="utf-8")
    ours = PROJECT / "pelicanconf.py"

    no_cache = 'PORTAL_MARKDOWN_CACHE=""'  # one -e takes every setting: a second would replace it
    builds = {
        # First: no share card drawn yet, as on the very first build of a site.
        "ours-cold-cards": (ours, ("-e", no_cache)),
        "ours": (ours, ()),
        "ours-warm-cache": (ours, ()),
        "ours-no-search": (ours, ("-e", "PORTAL_SEARCH=false", no_cache)),
        # Without the record: the honour roll's addresses, recorded by the others, would vanish.
        "ours-no-honours": (ours, ("-e", 'PLUGINS=["portal"]', no_cache, 'PORTAL_URL_RECORD=""')),
        "ours-one-process": (ours, ("-e", "PORTAL_PARALLEL=false", no_cache)),
        "vanilla": (vanilla, ()),
    }
    if args.builds:
        builds = {name: builds[name] for name in args.builds.split(",")}
    cache = WORK / ".cache" / "markdown.sqlite3"
    cards = WORK / ".cache" / "share-cards"
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in builds}
    for _ in range(args.rounds):
        for name, (settings, extra) in builds.items():
            if name == "ours":  # a first build: nothing converted yet
                for leftover in cache.parent.glob(cache.name + "*"):
                    leftover.unlink()
            if name == "ours-cold-cards":
                shutil.rmtree(cards, ignore_errors=True)
            runs[name].append(timed_build(content, settings, WORK / f"out-{name}", extra))
    print(f"corpus: {args.articles} articles, seed {args.seed}, {args.rounds} rounds")
    medians = {}
    for name in builds:
        output = f"out-{name}"
        wall = statistics.median(run[0] for run in runs[name])
        cpu = statistics.median(run[1] for run in runs[name])
        medians[name] = (wall, cpu)
        pages = sum(1 for _ in (WORK / output).rglob("*.html"))
        walls = " ".join(f"{run[0]:.2f}" for run in runs[name])
        print(f"{name:16} wall {wall:6.2f} s  cpu {cpu:6.2f} s  {pages} pages  (runs: {walls})")
    for name, versus, target in (
        ("ours", "vanilla", "≤ 1.00"),
        ("ours-warm-cache", "ours", "for reference: Markdown from the cache"),
        ("ours-no-search", "vanilla", "≤ 1.00"),
        ("ours", "ours-no-honours", "≤ 1.10: the honour roll adds at most 10%"),
        ("ours-one-process", "vanilla", "for reference: no use of other cores"),
        (
            "ours-cold-cards",
            "ours",
            "for reference: drawing every share card (a site's first build)",
        ),
    ):
        if name not in medians or versus not in medians:
            continue
        wall = medians[name][0] / medians[versus][0]
        cpu = medians[name][1] / medians[versus][1]
        print(f"ratio {name}/{versus}: wall {wall:.2f}, cpu {cpu:.2f} (target {target})")
    if not args.no_engine:
        engine_ratios(content, args.rounds)
    index = WORK / "out-ours/pagefind"
    if index.is_dir():
        size = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
        print(f"search index: {size / 1e6:.1f} MB in {sum(1 for _ in index.rglob('*'))} files")


if __name__ == "__main__":
    main()
