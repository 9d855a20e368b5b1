"""`make deploy`: copy the published site to the server so readers never see half of it.

Each deploy uploads into a new folder releases/{time}/ (rsync, hard-linking files that did
not change from the current release), then switches the symlink `current` to it in one
rename. The web server's root is {target}/current. The last few releases are kept, so
going back is one symlink away.

    python -m wardportal.deploy [--project .] [--output output]

The target comes from PORTAL_DEPLOY_TARGET in publishconf.py: "user@host:/srv/phuong" over
ssh, or a plain folder on this machine.
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from wardportal import vndates
from wardportal.settings import apply_defaults
from wardportal.site_build import MANIFEST_PATH

RELEASES = "releases"
CURRENT = "current"


class DeployError(RuntimeError):
    """A deploy that could not finish; the site being served is unchanged."""


def split_target(target: str) -> tuple[str | None, str]:
    """("user@host", "/srv/site") for an ssh target, (None, "/srv/site") for a local one."""
    host, colon, path = target.partition(":")
    if colon and "/" not in host and host:
        return host, path
    return None, target


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise DeployError(
            f"Lệnh “{' '.join(command[:2])} …” thất bại: {result.stderr.strip() or result.stdout}"
        )


def _remote(host: str | None, script: str) -> list[str]:
    return ["sh", "-c", script] if host is None else ["ssh", host, script]


def check_built_for(output: Path, siteurl: str) -> None:
    """Refuse a site built for another address or for preview (links would lead nowhere)."""
    manifest = output / MANIFEST_PATH
    if not (output / "index.html").is_file() or not manifest.is_file():
        raise DeployError(f"Thư mục {output} chưa có trang web. Hãy chạy “make publish” trước")
    built = json.loads(manifest.read_text(encoding="utf-8"))
    if built.get("development") or built.get("siteurl") != siteurl:
        raise DeployError(
            f"trang trong {output} được xây dựng để xem trước ({built.get('siteurl')}),"
            f" không phải cho {siteurl}. Hãy chạy “make publish” rồi mới “make deploy”"
        )


def deploy(output: Path, target: str, keep: int = 5, now: datetime | None = None) -> str:
    """Upload output/ as a new release and switch `current` to it; returns the release name."""
    if not (output / "index.html").is_file():
        raise DeployError(f"Thư mục {output} chưa có trang web. Hãy chạy “make publish” trước")
    host, base = split_target(target)
    release = (now or datetime.now(vndates.VIETNAM)).strftime("%Y%m%d-%H%M%S")
    quoted = shlex.quote(base)
    _run(_remote(host, f"mkdir -p {quoted}/{RELEASES}"))
    destination = f"{base}/{RELEASES}/{release}/"
    _run(
        [
            "rsync",
            "--archive",
            "--delete",
            f"--link-dest=../../{CURRENT}/",
            f"{output}/",
            destination if host is None else f"{host}:{destination}",
        ]
    )
    # One rename replaces the link: a reader gets the old release or the new, never a mix.
    switch = (
        f"cd {quoted} && ln -sfn {RELEASES}/{release} {CURRENT}.next"
        f" && mv -Tf {CURRENT}.next {CURRENT}"
        f" && ls -1d {RELEASES}/*/ | sort | head -n -{keep} | xargs -r rm -rf"
    )
    _run(_remote(host, switch))
    return release


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wardportal.deploy", description=__doc__)
    parser.add_argument("--project", type=Path, default=Path.cwd())
    parser.add_argument("--output", type=Path, default=Path("output"))
    args = parser.parse_args(argv)
    from pelican.settings import read_settings

    settings = apply_defaults(read_settings(str(args.project / "publishconf.py")))
    target = settings["PORTAL_DEPLOY_TARGET"]
    if not target:
        print(
            "Chưa đặt nơi xuất bản. Hãy ghi PORTAL_DEPLOY_TARGET trong publishconf.py,"
            ' ví dụ "bientap@may-chu:/srv/phuong".',
            file=sys.stderr,
        )
        return 2
    output = args.project / args.output
    try:
        check_built_for(output, settings["SITEURL"])
        release = deploy(output, target, settings["PORTAL_DEPLOY_KEEP"])
    except DeployError as error:
        print(f"Không xuất bản được: {error}. Trang đang chạy vẫn giữ nguyên.", file=sys.stderr)
        return 1
    print(f"Đã xuất bản bản {release} lên {target}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
