"""Roles and what each may do. The routes name a permission; only this table grants it."""

from __future__ import annotations

ROLES = ("editor", "approver", "admin")

#: Vietnamese names shown in the pages.
ROLE_NAMES = {"editor": "Biên tập viên", "approver": "Người duyệt", "admin": "Quản trị"}

_EDITOR = frozenset({"read", "write", "submit"})
_APPROVER = _EDITOR | {"approve", "publish", "unpublish"}
_ADMIN = _APPROVER | {"manage_accounts"}

PERMISSIONS: dict[str, frozenset[str]] = {"editor": _EDITOR, "approver": _APPROVER, "admin": _ADMIN}


def allows(role: str, permission: str) -> bool:
    """Whether an account with `role` may do `permission` (unknown roles may do nothing)."""
    return permission in PERMISSIONS.get(role, frozenset())
