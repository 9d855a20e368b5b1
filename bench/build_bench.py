"""make bench: our full build against vanilla Pelican on the same synthetic articles.

Generates a deterministic corpus (Vietnamese titles, tags and 300–800 word bodies, and
2,000 honour-roll entries), then builds it in one run, alternately: with this project's
settings and empty caches (a first build); the same again with the caches that build left
(nothing searchable changed: the Markdown from its cache and the search index kept by the
build before, as after a theme change or a restart); the same after one article's text is
edited (the Markdown cache but for that article, and the whole search index made again: a
rebuild after an edit); the same without search indexing; the same in one process
(PORTAL_PARALLEL off: no forked helpers, as on Windows), these two without the caches; the
same first build without the honour-roll plugin (its own empty caches, filled as the first
build fills its own, and its own address record: the two differ by the roll alone); and,
first of all, the same with no share card drawn yet (a site's very first build: its card
cache emptied; "ours" then finds the cards in it, as it would find resized photos); and
with Pelican's defaults (default theme, which reads only the articles). It prints median
wall and CPU times and the ratios; the honour roll's and Hugo's round by round
(min/median/max). The machine is shared and noisy: only ratios measured within one run
mean anything; before each timed build the kernel's file cache is emptied where the bench
runs as root (settle). Then the long-running engine (bench/engine_bench.py) on the same corpus:
edits and a new article, each from the file write until the site is served, as ratios to
our full build (as after an edit: no search index kept), and its peak memory. CPU time
counts every process of a build: it is what a build costs a machine with one core, and
when the cores are all busy every extra second of it shows.

When `hugo` is on PATH (Debian's package, 0.111), each round also builds the same articles
with Hugo (bench/hugo_site.py: the same Markdown with Hugo front matter and a small theme in
bench/hugo/ with the article page, "Tin liên quan", "Tin mới nhất", paginated home, tag
and category pages, the tag and category lists, archives, feed, sitemap) and runs the
venv's Pagefind over its output, and prints "ours" (empty caches), "ours-warm-cache" and
"ours-warm-edited" as ratios to that, per round (min/median/max; targets ≤ 1.2 and ≤ 0.8).
Ours also builds the honour roll, documents, share cards, redirects and the legal pages,
which the Hugo site has no counterpart for: the comparison leans in Hugo's favour. Without
hugo the comparison is skipped with one line (CI does not install it).
"""

from __future__ import annotations

import argparse
import json
import os
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
from hugo_site import write_hugo_site
from pagefind.service import get_executable

PROJECT = Path(__file__).resolve().parent.parent
WORK = PROJECT / "bench/.work"
PELICAN = Path(sys.executable).with_name("pelican")
HUGO = "hugo+pagefind"
EDITED = "ours-warm-edited"
NO_HONOURS_CACHE = ".cache/no-honours"  # beside the project's own, in WORK
DROP_CACHES = "/proc/sys/vm/drop_caches"
_IMPORTS = "import pelican.generators, wardportal.build_state, wardportal.reader, plugins.portal"

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
    return timed_commands(pelican_build(content, settings, extra)(output), output)


def settle() -> None:
    """Before a timed build: the files written so far on disk and, where the bench may (as
    root), the kernel's cache of file contents emptied.

    On a virtual machine whose memory the host gives only as it is first touched (this one),
    every file written lands in memory never used before, and the system time of a build
    grew with each build of a series: 2 s, then 6, 9, 12, 14 s for the same build. Later
    builds of a round paid for the earlier ones. Emptied, the memory is reused.
    """
    os.sync()
    try:
        Path(DROP_CACHES).write_text("1\n")
    except OSError:
        return
    # What every build reads is read again, so none pays for reading it from the disk:
    # the corpus, and Python's modules (0.3 s more for a Pelican build, measured).
    for path in (WORK / "content").rglob("*"):
        if path.is_file():
            path.read_bytes()
    subprocess.run([sys.executable, "-c", _IMPORTS], cwd=PROJECT, check=True)


def timed_commands(commands: list[list[str]], output: Path) -> tuple[float, float]:
    """Wall and CPU time of commands run one after the other into an emptied output folder."""
    shutil.rmtree(output, ignore_errors=True)
    settle()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for command in commands:
        result = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"build failed: {command}\n{result.stdout}\n{result.stderr}")
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def without_honours(settings: Path) -> list[str]:
    """The settings' plugins but the honour roll's: the build "ours-no-honours" differs from
    "ours" by the roll alone (the documents and legal pages stay)."""
    from pelican.settings import get_settings_from_file

    plugins = get_settings_from_file(str(settings))["PLUGINS"]
    return [name for name in plugins if name != "honours"]


def pelican_build(content: Path, settings: Path, extra: tuple[str, ...] = ()):
    """The commands of one Pelican build, given its output folder."""
    return lambda output: [
        [str(PELICAN), str(content), "-s", str(settings), "-o", str(output), "-q", *extra]
    ]


def hugo_build(hugo: str, site: Path):
    """Hugo's build of the same articles, then Pagefind over its output, as ours runs it."""
    pagefind = str(get_executable())
    return lambda output: [
        [hugo, "--quiet", "--source", str(site), "--destination", str(output)],
        [pagefind, "--site", str(output), "--output-path", str(output / "pagefind")]
        + ["--force-language", "vi", "--quiet"],
    ]


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
    print("engine builds, pages rendered/reused/patched/stable search bundles made so far: ")
    print("  " + " ".join(measured["counts"]))
    for key, what, target in (
        ("edit", "one article's title edited (new words, new address) → served", "≤ 0.10"),
        ("title", "one article's title edited (its words, address kept) → served", "≤ 0.10"),
        ("body", "one article's text edited (its own words) → served", "≤ 0.10"),
        ("word", "one article's text edited (a word new to the site) → served", "≤ 0.10"),
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


def hugo_ratios(runs: dict[str, list[tuple[float, float]]], hugo: str | None) -> None:
    """Our full builds, cold and warm, as ratios to Hugo + Pagefind in the same round."""
    if HUGO not in runs:
        return
    version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split()
    print(f"Hugo: {' '.join(version[:2])}")
    for name, target in (("ours", "≤ 1.20"), ("ours-warm-cache", "≤ 0.80"), (EDITED, "≤ 0.80")):
        paired_ratios(runs, name, HUGO, target)


def paired_ratios(
    runs: dict[str, list[tuple[float, float]]], name: str, versus: str, target: str
) -> None:
    """name / versus, wall and CPU, round by round (both built under the same load), as
    min/median/max over the rounds: the machine is shared, and its load drifts."""
    if name not in runs or versus not in runs:
        return
    shown = []
    for kind, index in (("wall", 0), ("cpu", 1)):
        ratios = sorted(
            ours[index] / theirs[index]
            for ours, theirs in zip(runs[name], runs[versus], strict=True)
        )
        shown.append(f"{kind} {ratios[0]:.2f}/{statistics.median(ratios):.2f}/{ratios[-1]:.2f}")
    print(
        f"ratio {name}/{versus}, min/median/max over the rounds: {', '.join(shown)} "
        f"(target {target})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--honours", type=int, default=2000)
    parser.add_argument(
        "--builds",
        default="",
        help="only these full builds, by name, comma-separated (ours, hugo+pagefind …)",
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

    # One -e takes every setting: a second would replace it.
    no_cache = ('PORTAL_MARKDOWN_CACHE=""', 'PORTAL_SEARCH_CACHE=""')
    builds = {
        # First: no share card drawn yet, as on the very first build of a site.
        "ours-cold-cards": pelican_build(content, ours, ("-e", *no_cache)),
        "ours": pelican_build(content, ours),
        # Right after "ours", under the same load: "ours" without the honour plugin and
        # nothing else changed. A cold Markdown cache of its own, written as "ours" writes
        # its own, and an address record of its own (in the shared one, the roll's
        # addresses would vanish: moved pages, not a smaller site).
        "ours-no-honours": pelican_build(
            content,
            ours,
            (
                "-e",
                f"PLUGINS={json.dumps(without_honours(ours))}",
                f'PORTAL_MARKDOWN_CACHE="{NO_HONOURS_CACHE}"',
                f'PORTAL_SEARCH_CACHE="{NO_HONOURS_CACHE}/search"',
                'PORTAL_URL_RECORD=".portal/urls-no-honours.json"',
            ),
        ),
        # The same content again: Markdown from the cache, and the search index kept by
        # the build before placed (nothing searchable changed).
        "ours-warm-cache": pelican_build(content, ours),
        # One article's text edited first: Markdown from the cache but for that article,
        # and the whole search index made again (a rebuild after an edit).
        EDITED: pelican_build(content, ours),
        "ours-no-search": pelican_build(content, ours, ("-e", "PORTAL_SEARCH=false", *no_cache)),
        "ours-one-process": pelican_build(
            content, ours, ("-e", "PORTAL_PARALLEL=false", *no_cache)
        ),
        "vanilla": pelican_build(content, vanilla),
    }
    hugo = shutil.which("hugo")
    if hugo:
        write_hugo_site(content, WORK / "hugo-site")
        builds[HUGO] = hugo_build(hugo, WORK / "hugo-site")
    else:
        print("hugo is not installed (apt-get install hugo): no comparison with Hugo + Pagefind")
    if args.builds:
        chosen = [name for name in args.builds.split(",") if name != HUGO or HUGO in builds]
        builds = {name: builds[name] for name in chosen}
    # The first builds: nothing converted yet.
    cold = {
        "ours": WORK / ".cache" / "markdown.sqlite3",
        "ours-no-honours": WORK / NO_HONOURS_CACHE / "markdown.sqlite3",
    }
    edited = content / "articles" / "2017" / "bai-00001.md"
    original = edited.read_text(encoding="utf-8")
    cards = WORK / ".cache" / "share-cards"
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in builds}
    for round_number in range(args.rounds):
        for name, commands in builds.items():
            if name in cold:
                for leftover in cold[name].parent.glob(cold[name].name + "*"):
                    leftover.unlink()
                shutil.rmtree(cold[name].parent / "search", ignore_errors=True)
            if name == EDITED:
                edited.write_text(f"{original}\nCập nhật lần {round_number}.\n", encoding="utf-8")
            if name == "ours-cold-cards":
                shutil.rmtree(cards, ignore_errors=True)
            output = WORK / f"out-{name}"
            runs[name].append(timed_commands(commands(output), output))
    edited.write_text(original, encoding="utf-8")
    print(f"corpus: {args.articles} articles, seed {args.seed}, {args.rounds} rounds")
    dropped = os.access(DROP_CACHES, os.W_OK)
    print(f"file cache emptied before each timed build: {'yes' if dropped else 'no (not root)'}")
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
    paired_ratios(runs, "ours", "ours-no-honours", "wall ≤ 1.10: the honour roll adds at most 10%")
    hugo_ratios(runs, hugo)
    if not args.no_engine:
        engine_ratios(content, args.rounds)
    index = WORK / "out-ours/pagefind"
    if index.is_dir():
        size = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
        print(f"search index: {size / 1e6:.1f} MB in {sum(1 for _ in index.rglob('*'))} files")


if __name__ == "__main__":
    main()
