"""`portal user …`: the account commands, run on the server by whoever runs the service.

They are the only way to create an account or set a password: the web pages cannot.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from .accounts import AccountError
from .config import ConfigError, load_settings
from .passwords import PasswordRejected
from .rendering import local_time
from .roles import ROLE_NAMES, ROLES
from .service import Newsroom


def add_user_commands(commands: argparse._SubParsersAction) -> None:
    """Add `user` and its subcommands to the `portal` parser."""
    user = commands.add_parser("user", help="quản lý tài khoản phòng biên tập")
    actions = user.add_subparsers(dest="user_command", required=True, metavar="VIỆC")
    add = actions.add_parser("add", help="tạo tài khoản")
    add.add_argument("name", help="tên đăng nhập, ví dụ lan.nguyen")
    add.add_argument("--role", required=True, choices=ROLES, help="vai trò")
    add.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ stdin")
    passwd = actions.add_parser("passwd", help="đổi mật khẩu")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true", help="đọc mật khẩu từ stdin")
    actions.add_parser("disable", help="khoá hẳn tài khoản").add_argument("name")
    actions.add_parser("unlock", help="mở khoá tài khoản bị khoá tạm").add_argument("name")
    actions.add_parser("list", help="liệt kê tài khoản")
    audit = actions.add_parser("audit", help="xem nhật ký hoạt động")
    audit.add_argument("--limit", type=int, default=50, help="số dòng (mặc định 50)")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Mật khẩu: ")
    if getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise PasswordRejected("Hai lần nhập mật khẩu không giống nhau.")
    return first


def run_user_command(args: argparse.Namespace, project: Path) -> int:
    """Run one `portal user` subcommand; messages in Vietnamese, status 1 on refusal."""
    try:
        newsroom = Newsroom(load_settings(NEWSROOM_PROJECT=str(project)))
        return _run(newsroom, args)
    except (AccountError, PasswordRejected, ConfigError) as exc:
        print(exc, file=sys.stderr)
        return 1


def _run(newsroom: Newsroom, args: argparse.Namespace) -> int:
    accounts = newsroom.accounts
    actor = f"lệnh portal ({getpass.getuser()})"
    command = args.user_command
    if command == "add":
        account = accounts.add(args.name, args.role, _read_password(args.password_stdin), actor)
        print(f"Đã tạo tài khoản {account.name} ({ROLE_NAMES[account.role]}).")
    elif command == "passwd":
        accounts.get(args.name)  # an unknown name is refused before asking for a password
        accounts.set_password(args.name, _read_password(args.password_stdin), actor)
        print(f"Đã đổi mật khẩu của {args.name}; các phiên đăng nhập cũ đã kết thúc.")
    elif command == "disable":
        accounts.disable(args.name, actor)
        print(f"Đã khoá tài khoản {args.name}.")
    elif command == "unlock":
        accounts.get(args.name)
        accounts.unlock(args.name, actor)
        print(f"Đã mở khoá tài khoản {args.name}.")
    elif command == "list":
        locked = accounts.locked_names()
        for account in accounts.all():
            state = "đã khoá" if account.disabled else "tạm khoá" if account.name in locked else ""
            print(f"{account.name}\t{account.role}\t{state}".rstrip())
    elif command == "audit":
        for entry in reversed(newsroom.audit.recent(args.limit)):
            print(
                f"{local_time(entry.at)}\t{entry.actor}\t{entry.action}\t{entry.target}"
                f"\t{entry.detail}\t{entry.address}".rstrip()
            )
    return 0
