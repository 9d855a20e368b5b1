"""Accounts: created, changed and disabled on the server (`portal user …`), checked at login.

There is no default account: the first admin is made with `portal user add NAME --role admin`.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from wardportal.counter.clock import Clock

from .audit import AuditLog
from .database import Database
from .passwords import Passwords
from .roles import ROLES
from .throttle import LoginThrottle, account_key, address_key

NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,31}")


class AccountError(ValueError):
    """An account command that cannot be done; the message is in Vietnamese."""


class LoginRefused(Exception):
    """A login that did not succeed; `locked` tells a lockout from a wrong password."""

    def __init__(self, locked: bool) -> None:
        super().__init__("locked" if locked else "wrong")
        self.locked = locked


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    role: str
    disabled: bool


def normalize_name(name: str) -> str:
    """Names are compared lower-case and without surrounding spaces."""
    return name.strip().lower()


class Accounts:
    """The account table, with the login check and its throttle."""

    def __init__(
        self,
        database: Database,
        passwords: Passwords,
        throttle: LoginThrottle,
        audit: AuditLog,
        clock: Clock,
        *,
        max_failures: int,
        address_max_failures: int,
    ) -> None:
        self._database = database
        self._passwords = passwords
        self._throttle = throttle
        self._audit = audit
        self._clock = clock
        self._max_failures = max_failures
        self._address_max_failures = address_max_failures

    # --- account management ----------------------------------------------------------------

    def add(self, name: str, role: str, password: str, actor: str = "hệ thống") -> Account:
        """Create an account; refuse a bad name, an unknown role, a weak password, a duplicate."""
        name = normalize_name(name)
        if not NAME_PATTERN.fullmatch(name):
            raise AccountError(
                "Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang hoặc"
                " gạch dưới, dài 2 đến 32 ký tự (ví dụ: lan.nguyen)."
            )
        if role not in ROLES:
            raise AccountError(f"Vai trò phải là một trong: {', '.join(ROLES)}.")
        password_hash = self._passwords.hash(password)
        try:
            with self._database.connect() as connection:
                connection.execute(
                    "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)",
                    (name, role, password_hash, self._clock()),
                )
        except sqlite3.IntegrityError:
            raise AccountError(f"Tài khoản “{name}” đã có.") from None
        self._audit.record(actor, "account_add", name, f"role={role}")
        return self.get(name)

    def set_password(self, name: str, password: str, actor: str = "hệ thống") -> None:
        """Change the password and end the account's sessions."""
        account = self.get(name)
        password_hash = self._passwords.hash(password)
        with self._database.connect() as connection:
            connection.execute(
                "UPDATE users SET password_hash = ? WHERE id = ?", (password_hash, account.id)
            )
            connection.execute("DELETE FROM sessions WHERE user_id = ?", (account.id,))
        self._audit.record(actor, "account_passwd", account.name)

    def disable(self, name: str, actor: str = "hệ thống") -> None:
        """Stop the account from logging in and end its sessions; its history stays."""
        account = self.get(name)
        with self._database.connect() as connection:
            connection.execute("UPDATE users SET disabled = 1 WHERE id = ?", (account.id,))
            connection.execute("DELETE FROM sessions WHERE user_id = ?", (account.id,))
        self._audit.record(actor, "account_disable", account.name)

    def unlock(self, name: str, actor: str = "hệ thống", address: str = "") -> bool:
        """Lift the account's lockout; True if it was locked or had failures."""
        name = normalize_name(name)
        lifted = self._throttle.clear(account_key(name))
        self._audit.record(actor, "account_unlock", name, address=address)
        return lifted

    def get(self, name: str) -> Account:
        """The account named `name`, or AccountError."""
        name = normalize_name(name)
        with self._database.connect() as connection:
            row = connection.execute(
                "SELECT id, name, role, disabled FROM users WHERE name = ?", (name,)
            ).fetchone()
        if row is None:
            raise AccountError(f"Không có tài khoản “{name}”.")
        return Account(row["id"], row["name"], row["role"], bool(row["disabled"]))

    def all(self) -> list[Account]:
        """Every account, by name."""
        with self._database.connect() as connection:
            rows = connection.execute(
                "SELECT id, name, role, disabled FROM users ORDER BY name"
            ).fetchall()
        return [Account(row["id"], row["name"], row["role"], bool(row["disabled"])) for row in rows]

    def locked_names(self) -> set[str]:
        """Names of accounts locked out now."""
        prefix = account_key("")
        keys = self._throttle.locked_keys()
        return {key[len(prefix) :] for key in keys if key.startswith(prefix)}

    # --- login -----------------------------------------------------------------------------

    def authenticate(self, name: str, password: str, address: str) -> Account:
        """The account if the password is right and nothing is locked; else LoginRefused.

        An unknown or disabled account is verified against a dummy hash, so the answer and its
        timing are the same as for a wrong password.
        """
        name = normalize_name(name)
        keys = (account_key(name), address_key(address))
        if any(self._throttle.locked(key) for key in keys):
            self._audit.record(name, "login_refused_locked", name, address=address)
            raise LoginRefused(locked=True)
        with self._database.connect() as connection:
            row = connection.execute(
                "SELECT id, name, role, disabled, password_hash FROM users WHERE name = ?",
                (name,),
            ).fetchone()
        usable = row is not None and not row["disabled"]
        stored_hash = row["password_hash"] if usable else None
        if not self._passwords.verify(stored_hash, password):
            self._audit.record(name, "login_failed", name, address=address)
            if self._throttle.fail(keys[0], self._max_failures):
                self._audit.record(name, "lockout", f"tài khoản {name}", address=address)
            if self._throttle.fail(keys[1], self._address_max_failures):
                self._audit.record(name, "lockout", f"địa chỉ {address}", address=address)
            raise LoginRefused(locked=False)
        self._throttle.clear(keys[0])
        if stored_hash is not None and self._passwords.needs_rehash(stored_hash):
            with self._database.connect() as connection:
                connection.execute(
                    "UPDATE users SET password_hash = ? WHERE id = ?",
                    (self._passwords.rehash(password), row["id"]),
                )
        self._audit.record(name, "login", name, address=address)
        return Account(row["id"], row["name"], row["role"], False)
