"""plan_moves on its own: what an address published before serves now."""

from __future__ import annotations

from pathlib import Path

from wardportal.permalinks import (
    ARTICLE,
    HONOUR,
    HONOUR_PERIOD,
    TAG,
    Address,
    Listed,
    Lists,
    Record,
    load_record,
    plan_moves,
    read_url_list,
    save_record,
    site_path,
)

A1 = Address("/tin-tuc/2026/hop-dan/", ARTICLE, "articles/a.md", "Họp dân", ("van hoa4",))
TAGS = {TAG: Address("/tu-khoa/", TAG, ""), HONOUR: Address("/bang-vang/", HONOUR, "")}


def record_of(*addresses: Address) -> Record:
    return Record({address.url: address for address in addresses})


def test_the_same_file_at_a_new_address_is_redirected_and_remembered():
    moved = Address("/tin-tuc/2026/hop-dan-pho/", ARTICLE, "articles/a.md", "Họp dân phố")
    moves = plan_moves(record_of(A1), [moved], set(), Lists(), TAGS)
    assert moves.redirects == {A1.url: moved}
    assert moves.errors == []
    assert moves.record.addresses[A1.url].url == A1.url
    assert moves.record.addresses[A1.url].item == moved.item  # a later move goes straight on


def test_a_withheld_item_waits_and_a_vanished_one_is_an_error_until_listed():
    assert plan_moves(record_of(A1), [], {A1.item}, Lists(), TAGS).errors == []
    moves = plan_moves(record_of(A1), [], set(), Lists(), TAGS)
    assert len(moves.errors) == 1 and A1.url in moves.errors[0].problem
    gone = Lists(gone={A1.url: Listed(A1.url, 3)})
    moves = plan_moves(record_of(A1), [], set(), gone, TAGS)
    assert moves.errors == [] and moves.gone == {A1.url: A1}
    assert A1.url in moves.record.addresses


def test_an_entry_in_another_period_is_found_by_its_slug_but_only_when_unique():
    old = Address("/bang-vang/2016-2018/tot/", HONOUR, "2016-2018/tot", "Tốt")
    new = Address("/bang-vang/2019-2021/tot/", HONOUR, "2019-2021/tot", "Tốt")
    twin = Address("/bang-vang/2022-2024/tot/", HONOUR, "2022-2024/tot", "Tốt")
    assert plan_moves(record_of(old), [new], set(), Lists(), TAGS).redirects == {old.url: new}
    assert plan_moves(record_of(old), [new, twin], set(), Lists(), TAGS).errors


def test_a_renamed_tag_follows_its_articles_and_a_dropped_one_goes_to_the_list():
    old_tag = Address("/tu-khoa/van-hoa/", TAG, "van hoa4", "Văn hoá")
    new_tag = Address("/tu-khoa/van-hoa-the-thao/", TAG, "van hoa4 the2 thao", "Văn hoá - Thể thao")
    renamed = Address(A1.url, ARTICLE, A1.key, A1.title, ("van hoa4 the2 thao",))
    moves = plan_moves(record_of(A1, old_tag), [renamed, new_tag], set(), Lists(), TAGS)
    assert moves.redirects == {old_tag.url: new_tag}
    dropped = Address(A1.url, ARTICLE, A1.key, A1.title, ())
    moves = plan_moves(record_of(A1, old_tag), [dropped], set(), Lists(), TAGS)
    assert moves.redirects[old_tag.url].url == "/tu-khoa/"


def test_a_period_without_entries_goes_to_the_roll():
    period = Address("/bang-vang/2016-2018/", HONOUR_PERIOD, "bang-vang/2016-2018/")
    assert plan_moves(record_of(period), [], set(), Lists(), TAGS).redirects == {
        period.url: TAGS[HONOUR]
    }


def test_an_address_now_served_by_another_kind_of_file_is_alive():
    moves = plan_moves(record_of(A1), [], set(), Lists(), TAGS, occupied={A1.url})
    assert moves.errors == [] and moves.redirects == {} and A1.url not in moves.record.addresses


def test_the_record_is_written_only_when_it_changed(tmp_path: Path):
    path = tmp_path / ".portal" / "urls.json"
    record = Record({A1.url: A1}, {TAG: {"van hoa4": "van-hoa"}})
    assert save_record(record, path) is True
    stamp = path.stat().st_mtime_ns
    assert save_record(record, path) is False and path.stat().st_mtime_ns == stamp
    again = load_record(path, "x")
    assert again.addresses == record.addresses and again.term_slugs(TAG) == {"van hoa4": "van-hoa"}
    assert load_record(tmp_path / "none.json", "x").addresses == {}


def test_the_officer_lists_are_read_with_their_lines(tmp_path: Path):
    listed = tmp_path / "redirects.txt"
    listed.write_text("# ghi chú\n\n/a /b/\n/c/index.html /d/ # cũ\nsai\n", encoding="utf-8")
    entries, errors = read_url_list(listed, "content/.portal/redirects.txt", pairs=True)
    assert entries == {"/a/": Listed("/a/", 3, "/b/"), "/c/": Listed("/c/", 4, "/d/")}
    assert [error.line for error in errors] == [5]
    assert site_path("/feeds/all.atom.xml") == "/feeds/all.atom.xml"


def test_thousands_of_vanished_addresses_are_summed_up_not_listed():
    many = [
        Address(f"/tin-tuc/2026/bai-{n}/", ARTICLE, f"articles/{n}.md", f"Bài {n}")
        for n in range(500)
    ]
    errors = plan_moves(record_of(*many), [], set(), Lists(), TAGS).errors
    assert len(errors) == 21
    assert "và 480 địa chỉ đã xuất bản khác" in errors[-1].problem
    assert "thiết lập" in errors[-1].hint
