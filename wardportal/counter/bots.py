"""Known robots, which must not be counted as residents reading the site."""

from __future__ import annotations

import functools
import re

# Crawlers, link-preview fetchers, monitoring, HTTP libraries and headless browsers. Matched
# anywhere in the User-Agent, ignoring case; an empty User-Agent is a robot too. "Cubot" is a
# phone brand, and Zalo's in-app browser ("Zalo..." without bot/preview) is a resident.
_BOT = re.compile(
    r"(?<!cu)bot\b|bot/|crawl|spider|slurp|archiver|scrap|fetch|preview|monitor|uptime"
    r"|pingdom|headless|phantomjs|lighthouse|pagespeed|facebookexternalhit|curl|wget|python"
    r"|httpx|aiohttp|go-http-client|java/|okhttp|libwww|node-fetch|axios|postman|ahrefs"
    r"|semrush|mj12|yandex|baidu|bytespider|gptbot|ccbot",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)  # a site sees the same few hundred User-Agents all day
def is_bot(user_agent: str) -> bool:
    """Whether this User-Agent belongs to a robot rather than a person's browser."""
    return not user_agent.strip() or _BOT.search(user_agent) is not None
