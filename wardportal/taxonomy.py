"""Tags and categories that behave like Vietnamese words.

Pelican treats two tags as one when their ASCII slugs match: "Hội" and "Hồi" merge under
whichever came first, while nothing stops "Văn hoá" and "văn hóa" from looking like two tags
in a template. Here one tag is one word (case, NFC/NFD and tone placement ignored), and
words that share an ASCII slug get distinct slugs that depend only on their own spelling.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

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


def _display_name(spellings: Counter) -> str:
    """The spelling most articles use; on a tie, a capitalised one, then Vietnamese order."""
    best = max(spellings.values())
    tied = [spelling for spelling, count in spellings.items() if count == best]
    return min(tied, key=lambda spelling: (not spelling[:1].isupper(), sort_key(spelling)))


def plan_terms(spellings: Iterable[str]) -> TermPlan:
    """Group spellings into terms and give each term a stable slug.

    A term whose ASCII slug is its own keeps it ("Dân vận khéo" → dan-van-kheo). Of different
    words sharing one ("Hội", "Hồi"), the one most articles use keeps it (on a tie, the first
    in Vietnamese order) and the others are slugged by their Telex spelling ("hooij"). So a
    typo ("Dân vận kheo") never moves the established tag, no slug depends on which file was
    read first, and a tag with another slug never moves an existing URL.
    """
    by_key: dict[str, Counter] = defaultdict(Counter)
    for spelling in spellings:
        by_key[match_key(spelling)][spelling] += 1
    uses = {key: sum(counts.values()) for key, counts in by_key.items()}
    plan = TermPlan()
    by_slug: dict[str, list[str]] = defaultdict(list)
    for key, counts in by_key.items():
        plan.names[key] = _display_name(counts)
        by_slug[slugify(plan.names[key]) or "khac"].append(key)
    for ascii_slug, keys in by_slug.items():
        if len(keys) == 1:
            plan.slugs[keys[0]] = ascii_slug
            continue
        ranked = sorted(keys, key=lambda k: (-uses[k], sort_key(plan.names[k])))
        plan.shared_slugs[ascii_slug] = ranked
        plan.slugs[ranked[0]] = ascii_slug
        for key in ranked[1:]:
            plan.slugs[key] = telex(plan.names[key]) or f"{ascii_slug}-{len(plan.slugs)}"
    return plan
