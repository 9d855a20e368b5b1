"""Vietnamese text rules: normalisation, matching, collation, slugs."""

import unicodedata

import pytest

from wardportal.vntext import match_key, nfc, slugify, sort_key, sorted_vi, telex, vocabulary_key


def test_nfd_input_becomes_nfc():
    decomposed = unicodedata.normalize("NFD", "Dân vận khéo")
    assert decomposed != "Dân vận khéo"
    assert nfc(decomposed) == "Dân vận khéo"


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("hoá", "hóa"),
        ("thuỷ", "thủy"),
        ("Văn hoá", "văn hóa"),
        ("Hoà bình", "hòa bình"),
        (unicodedata.normalize("NFD", "Văn hoá"), "VĂN HÓA"),
    ],
)
def test_tone_placement_case_and_form_do_not_matter(one, other):
    assert match_key(one) == match_key(other)


@pytest.mark.parametrize(("one", "other"), [("Hội", "Hồi"), ("hoà", "hoá"), ("Đảng", "Dang")])
def test_different_words_stay_different(one, other):
    assert match_key(one) != match_key(other)


def test_vocabulary_ignores_dashes_and_spacing():
    assert vocabulary_key("văn hóa xã hội") == vocabulary_key("Văn hoá - xã hội")
    assert vocabulary_key("An ninh – quốc phòng") == vocabulary_key("an ninh quốc phòng")
    assert vocabulary_key("văn hoá") != vocabulary_key("văn hoà")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["Âm", "Ăn", "Anh"], ["Anh", "Ăn", "Âm"]),
        (["Đảng viên", "Dược liệu"], ["Dược liệu", "Đảng viên"]),
        (["Âm nhạc", "Ăn uống", "An toàn"], ["An toàn", "Ăn uống", "Âm nhạc"]),
        (["ạ", "á", "ã", "ả", "à", "a"], ["a", "à", "ả", "ã", "á", "ạ"]),
        (["Zalo", "Ơn", "Ô", "O", "Ư", "U"], ["O", "Ô", "Ơn", "U", "Ư", "Zalo"]),
        (["Ban chỉ đạo", "Ba", "Bà"], ["Ba", "Bà", "Ban chỉ đạo"]),
    ],
)
def test_vietnamese_alphabet_order(words, expected):
    assert sorted_vi(words) == expected


def test_python_sort_is_wrong_so_ours_matters():
    # The reason for sort_key: Python's default order puts Ă, Â, Đ after Z.
    assert sorted(["Đảng", "Zalo"]) == ["Zalo", "Đảng"]
    assert sorted_vi(["Đảng", "Zalo"]) == ["Đảng", "Zalo"]


def test_sort_key_is_stable_across_normalisation_forms():
    assert sort_key(unicodedata.normalize("NFD", "Ủy ban")) == sort_key("Ủy ban")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Dân vận khéo", "dan-van-kheo"),
        ("Đảng uỷ phường", "dang-uy-phuong"),
        ("ĐOÀN THANH NIÊN", "doan-thanh-nien"),
        ("Hội Phụ nữ & Đoàn <khu 3>", "hoi-phu-nu-doan-khu-3"),
        (unicodedata.normalize("NFD", "Đường Hải Thượng Lãn Ông"), "duong-hai-thuong-lan-ong"),
    ],
)
def test_slugs_are_lowercase_ascii(text, slug):
    assert slugify(text) == slug


def test_telex_keeps_every_mark():
    assert telex("Hội") == "hooij"
    assert telex("Hồi") == "hooif"
    assert telex("Hội") != telex("Hồi")
    assert telex("hoá") == telex("hóa")
