"""plan_terms: one term per word, and slugs that never move once published."""

from __future__ import annotations

from datetime import datetime

from wardportal.taxonomy import plan_terms
from wardportal.vntext import match_key


def slugs(plan, *names: str) -> list[str]:
    return [plan.slug(name) for name in names]


def test_spellings_of_one_word_are_one_term_shown_as_most_written():
    plan = plan_terms(["Văn hoá", "văn hóa", "Văn hóa", "Văn hóa"])
    assert len(plan.names) == 1
    assert plan.name("VĂN HOÁ") == "Văn hóa"
    assert plan.slug("văn hoá") == "van-hoa"


def test_words_sharing_a_slug_the_more_used_keeps_it():
    plan = plan_terms(["Hồi", "Hội", "Hội"])
    assert slugs(plan, "Hội", "Hồi") == ["hoi", "hooif"]
    assert plan.shared_slugs["hoi"] == [match_key("Hội"), match_key("Hồi")]


def test_on_a_tie_the_older_word_keeps_it_then_vietnamese_order():
    older = {match_key("Hồi"): datetime(2020, 1, 1), match_key("Hội"): datetime(2026, 1, 1)}
    assert slugs(plan_terms(["Hội", "Hồi"], first_used=older), "Hồi", "Hội") == ["hoi", "hooij"]
    assert slugs(plan_terms(["Hội", "Hồi"]), "Hồi", "Hội") == ["hoi", "hooij"]  # huyền < nặng


def test_a_published_slug_never_moves_whatever_becomes_common():
    established = {match_key("Chuyển đổi số"): "chuyen-doi-so"}
    plan = plan_terms(["Chuyển đổi sô"] * 5 + ["Chuyển đổi số"], established)
    assert slugs(plan, "Chuyển đổi số", "Chuyển đổi sô") == ["chuyen-doi-so", "chuyeenr-ddooir-soo"]
    # Even with no article left, the established word's slug is not handed to another.
    plan = plan_terms(["Chuyển đổi sô"], established)
    assert plan.slug("Chuyển đổi sô") != "chuyen-doi-so"


def test_an_established_odd_slug_is_kept_and_never_reused():
    established = {match_key("Hồi"): "hoi", match_key("Hội"): "hooij"}
    plan = plan_terms(["Hội", "Hội", "Hội", "Hồi"], established)
    assert slugs(plan, "Hội", "Hồi") == ["hooij", "hoi"]
    plan = plan_terms(["Hối"], {match_key("Hội"): "hoooi", match_key("Hồi"): "hoi"})
    assert plan.slug("Hối") not in ("hoi", "hoooi")
