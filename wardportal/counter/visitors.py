"""Who a visitor is, without keeping who they are.

A visitor is a keyed hash (BLAKE2b, keyed with a random salt of the day) of the client IP and
User-Agent. The salt
lives in the database (so a restart neither re-counts visitors nor empties "online") and is
deleted after 48 hours, after which a stored hash can no longer be tied to an IP by anyone.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import ipaddress
from collections.abc import Awaitable, Callable

from .config import Network

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address(text: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address: IPAddress | None, proxies: tuple[Network, ...]) -> bool:
    return address is not None and any(address in network for network in proxies)


def client_ip(peer: str | None, forwarded_for: str | None, proxies: tuple[Network, ...]) -> str:
    """The client address: the socket peer, or from X-Forwarded-For when the peer is a proxy.

    The header is read right to left, skipping only trusted proxies, so a client cannot pick
    its own address by sending the header itself.
    """
    current = _address(peer or "")
    if current is None:
        return peer or ""
    for hop in reversed((forwarded_for or "").split(",")):
        if not _trusted(current, proxies):
            break
        previous = _address(hop)
        if previous is None:
            break
        current = previous
    return str(current)


def client_ip_resolver(proxies: tuple[Network, ...]) -> Callable[[str | None, str | None], str]:
    """`client_ip` for these proxies, remembering recent answers: parsing addresses is slow."""
    return functools.lru_cache(maxsize=8192)(functools.partial(client_ip, proxies=proxies))


def visitor_key(salt: bytes, ip: str, user_agent: str) -> str:
    """The day's pseudonym of one browser on one address (128 bits, hex)."""
    message = f"{ip}\n{user_agent}".encode()
    return hashlib.blake2b(message, key=salt, digest_size=16).hexdigest()


class SaltBook:
    """Keeps the salts of the current days in memory, loading each once from the database."""

    def __init__(self, load: Callable[[str], Awaitable[bytes]], keep: int = 2) -> None:
        self._load = load
        self._keep = keep
        self._salts: dict[str, bytes] = {}
        self._lock = asyncio.Lock()

    async def salt(self, day: str) -> bytes:
        """The salt for `day`, created in the database the first time any instance needs it."""
        salt = self._salts.get(day)
        if salt is not None:
            return salt
        async with self._lock:
            if day not in self._salts:
                self._salts[day] = await self._load(day)
                for old in sorted(self._salts)[: -self._keep]:
                    del self._salts[old]
            return self._salts[day]
