"""`make deploy`: copy the published site to the server so readers never see half of it.

Each deploy claims a new folder releases/{time}.partial/ (a name no other release has, and
never the live one), uploads into it (rsync, hard-linking files that did not change from the
current release), renames it releases/{time}/ once complete, then switches the symlink
`current` to it in one rename. The web server's root is {target}/current. The live release
and the PORTAL_DEPLOY_KEEP newest complete ones before it are kept; an interrupted upload
leaves only a .partial folder, which the next deploy removes and which is never switched to
or counted. `--rollback` switches `current` back to the previous complete release.

    python -m wardportal.deploy [--project .] [--output output] [--rollback]

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
from wardportal.output_staging import MANIFEST_PATH
from wardportal.settings import apply_defaults

RELEASES = "releases"
CURRENT = "current"
PARTIAL = ".partial"
# The live release's name, read from the symlink (empty before the first deploy).
_LIVE = f'live=$(readlink {CURRENT} 2>/dev/null | sed "s#^{RELEASES}/##")'
# Complete releases, oldest first (names are times, so they sort in order).
_COMPLETE = f"ls -1 {RELEASES} | grep -v '\\{PARTIAL}$' | sort"


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
    quoted = shlex.quote(base)
    release = _claim(host, quoted, (now or datetime.now(vndates.VIETNAM)).strftime("%Y%m%d-%H%M%S"))
    destination = f"{base}/{RELEASES}/{release}{PARTIAL}/"
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
    # Complete: name it, then one rename replaces the link (readers get the old release or the
    # new, never a mix). Then keep the live one and `keep` complete ones before it.
    switch = (
        f"cd {quoted} && mv -T {RELEASES}/{release}{PARTIAL} {RELEASES}/{release}"
        f" && ln -sfn {RELEASES}/{release} {CURRENT}.next && mv -Tf {CURRENT}.next {CURRENT}"
        f' && {_LIVE} && {_COMPLETE} | grep -vxF "$live" | sort -r | tail -n +{keep + 1}'
        f" | sed 's#^#{RELEASES}/#' | xargs -r rm -rf"
        f" && find {RELEASES} -mindepth 1 -maxdepth 1 -name '*{PARTIAL}' -exec rm -rf {{}} +"
    )
    _run(_remote(host, switch))
    return release


def _claim(host: str | None, quoted_base: str, stamp: str) -> str:
    """Create releases/NAME.partial for this deploy: a name no release has, never the live one.

    Two deploys in one second would otherwise share a name, and the second would write into
    the release being served. mkdir (without -p) fails when the folder exists.
    """
    for attempt in range(1, 100):
        name = stamp if attempt == 1 else f"{stamp}-{attempt}"
        script = (
            f"mkdir -p {quoted_base}/{RELEASES} && cd {quoted_base} && {_LIVE}"
            f' && [ "$live" != "{name}" ] && [ ! -e {RELEASES}/{name} ]'
            f" && mkdir {RELEASES}/{name}{PARTIAL}"
        )
        if subprocess.run(_remote(host, script), capture_output=True).returncode == 0:
            return name
    raise DeployError("không tạo được thư mục cho bản xuất bản mới")


def rollback(target: str) -> str:
    """Switch `current` to the complete release before it, in one rename; returns its name."""
    host, base = split_target(target)
    script = (
        f'cd {shlex.quote(base)} && {_LIVE} && previous=$({_COMPLETE} | grep -B1 -xF "$live"'
        f' | head -n 1) && [ -n "$previous" ] && [ "$previous" != "$live" ]'
        f' && ln -sfn {RELEASES}/"$previous" {CURRENT}.next && mv -Tf {CURRENT}.next {CURRENT}'
        f' && echo "$previous"'
    )
    result = subprocess.run(_remote(host, script), capture_output=True, text=True)
    if result.returncode != 0 or not result.stdout.strip():
        raise DeployError("không có bản xuất bản nào trước bản đang chạy để quay lại")
    return result.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wardportal.deploy", description=__doc__)
    parser.add_argument("--project", type=Path, default=Path.cwd())
    parser.add_argument("--output", type=Path, default=Path("output"))
    parser.add_argument(
        "--rollback", action="store_true", help="quay lại bản xuất bản trước bản đang chạy"
    )
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
    if args.rollback:
        try:
            release = rollback(target)
        except DeployError as error:
            print(f"Không quay lại được: {error}. Trang đang chạy vẫn giữ nguyên.", file=sys.stderr)
            return 1
        print(f"Đã quay lại bản {release} trên {target}.")
        return 0
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
