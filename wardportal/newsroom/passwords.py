"""Password hashing with Argon2id (argon2-cffi), and the rules a new password must meet."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


class PasswordRejected(ValueError):
    """A new password that does not meet the rules; the message is in Vietnamese."""


class Passwords:
    """Hashes and verifies passwords; tells when a stored hash uses old parameters.

    `hasher` is for tests (cheaper parameters); the default is argon2-cffi's Argon2id profile.
    """

    def __init__(self, min_length: int, hasher: PasswordHasher | None = None) -> None:
        self.min_length = min_length
        self._hasher = hasher or PasswordHasher()
        # Verified against when the account does not exist, so that answer takes as long.
        self._dummy_hash = self._hasher.hash("không có tài khoản này")

    def check_new(self, password: str) -> None:
        """Refuse an empty or short password before it is ever hashed."""
        if not password or not password.strip():
            raise PasswordRejected("Mật khẩu không được để trống.")
        if len(password) < self.min_length:
            raise PasswordRejected(f"Mật khẩu phải có ít nhất {self.min_length} ký tự.")

    def hash(self, password: str) -> str:
        """The Argon2id hash of a password that passed `check_new`."""
        self.check_new(password)
        return self._hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        """Whether `password` matches; with no stored hash, spend the same time and say no."""
        try:
            return self._hasher.verify(stored_hash or self._dummy_hash, password) and bool(
                stored_hash
            )
        except (VerificationError, InvalidHashError):
            return False

    def rehash(self, password: str) -> str:
        """A new hash of a password that just verified, with the current parameters.

        Not checked against the rules: a password allowed when set keeps working.
        """
        return self._hasher.hash(password)

    def needs_rehash(self, stored_hash: str) -> bool:
        """Whether the hash was made with other parameters than the current ones."""
        return self._hasher.check_needs_rehash(stored_hash)
