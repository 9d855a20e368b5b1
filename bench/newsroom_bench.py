"""make bench-newsroom: from "Duyệt và đăng" to the article being served, against a full build.

For the sample site (a copy of content/) and the synthetic 3,000-article corpus of
build_bench.py (with its 2,000 honour entries), in a scratch folder outside the repository (the
newsroom makes it a git repository of its own): a newsroom over that content, serving the built
site beside it as `make serve` does; each round an approver's account submits a new article,
which waits for review, then approves the one submitted the round before (as in a ward's
newsroom, where one article waits while another is approved): the clock runs from the POST of
"Duyệt và đăng" until GET of the article's address answers 200 with its title. In the same
round the publisher's own command (the full build, `pelican CONTENT -s pelicanconf.py -o
OUTPUT`, caches warm as the newsroom has them) is timed alone, into a folder of its own: the
served site stays the one the approvals made, as between two approvals (the first approval
starts the engine with a build of every page; the next ones are quick adds,
wardportal.engine_adds). It prints min/median/max of both and the ratio of the medians: close
to 1.0 means approving costs one full build and little else. The article is dated now: on the
corpus, whose dates run to the end of 2026, it is not the newest, so "Tin mới nhất" does not
change (make bench times the newest). The machine is shared and noisy: only ratios within one
run mean anything.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from argon2 import PasswordHasher
from build_bench import PROJECT, write_corpus
from honours_corpus import write_synthetic_honours
from starlette.staticfiles import StaticFiles
from starlette.testclient import TestClient

from wardportal.newsroom import Settings, create_app
from wardportal.newsroom.publisher import run_command
from wardportal.vndates import VIETNAM

PASSWORD = "mat-khau-do-dai-du-12"
CSRF = 'name="csrf_token" value="'


def _token(page: str) -> str:
    return page.split(CSRF, 1)[1].split('"', 1)[0]


class Desk:
    """A newsroom over `content`, its built site served beside it, and an approver logged in."""

    def __init__(self, scratch: Path, content: Path) -> None:
        self.output = scratch / "output"
        settings = Settings(
            database=scratch / "var" / "newsroom.sqlite3",
            project=PROJECT,
            content=content,
            secure_cookies=False,
            output=self.output,
            build_settings=Path("pelicanconf.py"),
        )
        self.output.mkdir(parents=True, exist_ok=True)
        site = StaticFiles(directory=self.output, html=True, check_dir=False)
        cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
        app = create_app(settings, fallback=site, hasher=cheap)
        self.newsroom = app.state.newsroom
        self.newsroom.accounts.add("duyet", "approver", PASSWORD)
        self.client = TestClient(app, follow_redirects=False)
        token = _token(self.client.get("/quan-tri/").text)
        login = {"csrf_token": token, "name": "duyet", "password": PASSWORD}
        assert self.client.post("/quan-tri/dang-nhap", data=login).status_code == 303

    def full_build(self, served: bool = False) -> float:
        """The publisher's own build command, timed alone: into a folder of its own unless
        `served` (the first build), so the served site stays the one the approvals' engine
        made, as between two approvals (a build that replaces it starts the engine over)."""
        publisher = self.newsroom.publisher
        command = list(publisher.command)
        if not served:
            command[command.index("-o") + 1] = str(self.output.with_name("full-output"))
        start = time.perf_counter()
        succeeded, output = run_command(command, PROJECT, publisher.timeout)
        elapsed = time.perf_counter() - start
        if not succeeded:
            raise SystemExit(f"the full build failed:\n{output}")
        return elapsed

    def submit(self, number: int) -> tuple[str, str, str]:
        """A new article sent for review ("Gửi duyệt"): its key, title and address."""
        title = f"Tin đo thời gian xuất bản số {number}"
        token = _token(self.client.get("/quan-tri/bai-viet/moi").text)
        form = {"csrf_token": token, "tieu_de": title, "noi_dung": "Nội dung bài đo thời gian.",
                "chuyen_muc": self.newsroom.articles.categories()[0], "hanh_dong": "gui-duyet",
                "ngay_dang": f"{dt.datetime.now(VIETNAM):%Y-%m-%d %H:%M}"}  # fmt: skip
        answer = self.client.post("/quan-tri/bai-viet/moi", data=form)
        assert answer.status_code == 303, answer.text
        key = parse_qs(urlsplit(answer.headers["location"]).query)["bai"][0]
        return key, title, self.newsroom.articles.address(self.newsroom.articles.get(key))

    def approve_to_live(self, key: str, title: str, address: str) -> float:
        """ "Duyệt và đăng" of a submitted article, timed until its page is served."""
        token = _token(self.client.get(f"/quan-tri/bai-viet/sua?{urlencode({'bai': key})}").text)
        start = time.perf_counter()
        approve = {"csrf_token": token, "bai": key}
        approved = self.client.post("/quan-tri/bai-viet/duyet", data=approve)
        assert approved.status_code == 303, approved.text
        while True:
            page = self.client.get(address)
            if page.status_code == 200 and title in page.text:
                elapsed = time.perf_counter() - start
                break
            status = self.newsroom.publisher.status()
            if status.succeeded is False and not (status.running or status.waiting):
                failure = "\n".join(status.errors)
                raise SystemExit(f"the build after the approval failed:\n{failure}")
            time.sleep(0.05)  # polling the live address as a reader would
        assert self.newsroom.publisher.wait_until_idle(timeout=3600)
        return elapsed


def _spread(values: list[float]) -> str:
    middle = statistics.median(values)
    return f"min {min(values):6.2f}  median {middle:6.2f}  max {max(values):6.2f} s"


def measure(name: str, scratch: Path, content: Path, rounds: int) -> None:
    desk = Desk(scratch, content)
    desk.full_build(served=True)  # the first build fills the caches and the output, as live
    lives, fulls = [], []
    waiting = desk.submit(0)
    for number in range(rounds):
        # As in a ward's newsroom, another article waits for review while one is approved:
        # each approval publishes a draft the build before already had.
        submitted = desk.submit(number + 1)
        lives.append(desk.approve_to_live(*waiting))
        fulls.append(desk.full_build())
        waiting = submitted
    ratio = statistics.median(lives) / statistics.median(fulls)
    print(f"{name}: {sum(1 for _ in content.rglob('*.md'))} Markdown files, {rounds} rounds")
    print(f"  approve → live  {_spread(lives)}  (runs: {' '.join(f'{t:.2f}' for t in lives)})")
    print(f"  full build      {_spread(fulls)}  (runs: {' '.join(f'{t:.2f}' for t in fulls)})")
    print(f"  ratio of medians approve→live / full build: {ratio:.2f}")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--honours", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--only", choices=("sample", "corpus"), help="measure one site only")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    # Outside the repository: inside it, the newsroom would commit into the project's git.
    with tempfile.TemporaryDirectory(prefix="newsroom-bench-") as folder:
        scratch = Path(folder)
        if args.only != "corpus":
            sample = scratch / "sample"
            shutil.copytree(PROJECT / "content", sample / "content")
            measure("sample site", sample, sample / "content", args.rounds)
        if args.only != "sample":
            corpus = scratch / "corpus"
            write_corpus(corpus / "content", args.articles, args.seed)
            write_synthetic_honours(corpus / "content" / "honours", args.honours, args.seed)
            measure(f"corpus of {args.articles} articles", corpus, corpus / "content", args.rounds)


if __name__ == "__main__":
    main()
