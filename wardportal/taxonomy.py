"""Tags and categories that behave like Vietnamese words.

Pelican treats two tags as one when their ASCII slugs match: "Hội" and "Hồi" merge under
whichever came first, while nothing stops "Văn hoá" and "văn hóa" from looking like two tags
in a template. Here one tag is one word (case, NFC/NFD and tone placement ignored), and
words that share an ASCII slug get distinct slugs that depend only on their own spelling.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from wardportal.vntext import match_key, slugify, sort_key, telex


@dataclass
class TermPlan:
    """How every spelling of a taxonomy maps to one display name and one slug."""

    names: dict[str, str] = field(default_factory=dict)  # match key -> display name
    slugs: dict[str, str] = field(default_factory=dict)  # match key -> slug
    shared_slugs: dict[str, list[str]] = field(default_factory=dict)  # ascii slug -> keys

    def name(self, spelling: str) -> str:
        return self.names[match_key(spelling)]

    def slug(self, spelling: str) -> str:
        return self.slugs[match_key(spelling)]


def display_name(spellings: Counter) -> str:
    """The spelling most articles use; on a tie, a capitalised one, then Vietnamese order."""
    best = max(spellings.values())
    tied = [spelling for spelling, count in spellings.items() if count == best]
    return min(tied, key=lambda spelling: (not spelling[:1].isupper(), sort_key(spelling)))


def plan_terms(
    spellings: Iterable[str],
    established: dict[str, str] | None = None,
    first_used: Mapping[str, Any] | None = None,
) -> TermPlan:
    """Group spellings into terms and give each term a stable slug.

    A term already published keeps the slug it was published under (`established`, match key
    -> slug, from wardportal.permalinks' record), whatever spelling becomes common later.
    A new term whose ASCII slug is free takes it ("Dân vận khéo" → dan-van-kheo). Of new
    words wanting one slug ("Hội", "Hồi"), the one most articles use takes it (on a tie, the
    one used first, by `first_used` (match key -> date), then the first in Vietnamese order)
    and the others are slugged by their Telex spelling ("hooij"). So a typo ("Dân vận kheo")
    never moves an established tag, and no slug depends on which file was read first.
    """
    first_used = first_used or {}
    established = established or {}
    by_key: dict[str, Counter] = defaultdict(Counter)
    for spelling in spellings:
        by_key[match_key(spelling)][spelling] += 1
    uses = {key: sum(counts.values()) for key, counts in by_key.items()}
    plan = TermPlan()
    by_slug: dict[str, list[str]] = defaultdict(list)
    owner = {slug: key for key, slug in established.items()}
    for key, counts in by_key.items():
        plan.names[key] = display_name(counts)
        by_slug[slugify(plan.names[key]) or "khac"].append(key)
    for ascii_slug, keys in by_slug.items():
        ranked = sorted(
            keys,
            key=lambda k: (
                k not in established,
                -uses[k],
                first_used.get(k, 0),
                sort_key(plan.names[k]),
            ),
        )
        if len(keys) > 1:
            plan.shared_slugs[ascii_slug] = ranked
        for key in ranked:
            if key in established:
                plan.slugs[key] = established[key]
            elif ascii_slug not in owner:
                plan.slugs[key] = owner[ascii_slug] = ascii_slug
            else:
                plan.slugs[key] = _free_slug(telex(plan.names[key]) or ascii_slug, owner)
                owner[plan.slugs[key]] = key
    return plan


def _free_slug(wanted: str, owner: dict[str, str]) -> str:
    """wanted, or wanted-2, -3 … when another term already holds it."""
    slug, number = wanted, 1
    while slug in owner:
        number += 1
        slug = f"{wanted}-{number}"
    return slug
