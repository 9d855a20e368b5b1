"""Vietnamese text rules shared by the build, the honour roll and the tools.

Pelican and most libraries treat Vietnamese as "Latin with accents": they keep NFD text,
compare words by their ASCII slug and sort Ă, Đ, Ơ after Z. The functions here give the
rules of docs/settings.md and docs/text-cleaning.md one home: text cleaned and in NFC
everywhere, tone-placement-blind matching ("hoá" = "hóa"), the Vietnamese alphabet for
sorting and ASCII slugs with "đ" → "d".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from slugify import slugify as _ascii_slugify

# Combining marks that carry a tone; the others (breve, circumflex, horn) make a letter.
_TONE_MARKS = {
    "\u0300": 1,  # huyền
    "\u0309": 2,  # hỏi
    "\u0303": 3,  # ngã
    "\u0301": 4,  # sắc
    "\u0323": 5,  # nặng
}
# Telex letters for the tones, used only to tell apart words that share an ASCII slug.
_TELEX_TONES = {1: "f", 2: "r", 3: "x", 4: "s", 5: "j"}
_TELEX_LETTERS = {"ă": "aw", "â": "aa", "đ": "dd", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw"}

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
_WORD = re.compile(r"\w+")
_SEPARATORS = re.compile(r"[\s\-–—_/.,;:]+")


def nfc(text: str) -> str:
    """Return text in NFC: some keyboards and systems send decomposed Vietnamese."""
    return unicodedata.normalize("NFC", text)


# What clean() does to text pasted from Word, Zalo and other sites (docs/text-cleaning.md).
# Letters that look like a Vietnamese letter but are another one: the word would not match,
# sort or search as the Vietnamese word.
LOOKALIKES = {
    "\u00d0": "Đ",  # Ð LATIN CAPITAL LETTER ETH (Icelandic), common on news sites
    "\u00f0": "đ",  # ð LATIN SMALL LETTER ETH, its lower case
    "\u0189": "Đ",  # Ɖ LATIN CAPITAL LETTER AFRICAN D
    "\u0256": "đ",  # ɖ LATIN SMALL LETTER D WITH TAIL, the lower case of Ɖ
}
# "d" or "D" followed by a combining stroke, as some keyboards build "đ".
_STROKED_D = re.compile("([dD])[\u0335\u0336]")
# Characters that print nothing: removed.
INVISIBLE = (
    "\u00ad"  # soft hyphen (Word's optional hyphen)
    "\u034f"  # combining grapheme joiner
    "\u061c"  # Arabic letter mark (bidi)
    "\u115f\u1160\u3164\uffa0"  # Hangul fillers
    "\u17b4\u17b5"  # Khmer inherent vowels
    "\u180e"  # Mongolian vowel separator
    "\u200b\u200c"  # zero-width space, zero-width non-joiner
    "\u200e\u200f"  # left-to-right and right-to-left marks
    "\u202a\u202b\u202c\u202d\u202e"  # bidi embeddings and overrides
    "\u2060\u2061\u2062\u2063\u2064"  # word joiner, invisible operators
    "\u2066\u2067\u2068\u2069"  # bidi isolates
    "\u206a\u206b\u206c\u206d\u206e\u206f"  # deprecated format characters
    "\ufeff"  # byte order mark (zero-width no-break space) inside text
    "\ufff9\ufffa\ufffb"  # interlinear annotation marks
    # Control characters other than tab and line ends (feeds refuse them as XML).
    + "".join(map(chr, (*range(0x00, 0x09), 0x7F, *range(0x80, 0x85), *range(0x86, 0xA0))))
    + "".join(map(chr, (*range(0x0E, 0x20),)))
    + "".join(map(chr, range(0xE0000, 0xE0080)))  # tag characters (hidden ASCII)
)
# Characters that print as a space or a line break: a plain space.
SPACES = (
    "\u000b\u000c\u0085"  # vertical tab (Word's manual line break), form feed, next line
    "\u00a0"  # no-break space
    "\u1680"  # Ogham space mark
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"  # typographic
    "\u2028\u2029"  # line and paragraph separators
    "\u202f"  # narrow no-break space
    "\u205f"  # medium mathematical space
    "\u3000"  # ideographic space
)
# U+200D ZERO WIDTH JOINER is kept only between two emoji ("👨‍👩‍👧" is one picture);
# anywhere else it is removed.
_EMOJI = "\u2190-\u21ff\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\ufe0f\U0001f000-\U0001faff"
_STRAY_JOINER = re.compile(f"(?<![{_EMOJI}])\u200d|\u200d(?![{_EMOJI}])")
_CLEANING = str.maketrans(
    {**LOOKALIKES, **dict.fromkeys(INVISIBLE, None), **dict.fromkeys(SPACES, " ")}
)


def _char_class(chars: str) -> str:
    """A regular-expression class of chars, runs written as ranges (much faster to search)."""
    points = sorted(set(map(ord, chars)))
    runs: list[list[int]] = []
    for point in points:
        if runs and point == runs[-1][1] + 1:
            runs[-1][1] = point
        else:
            runs.append([point, point])
    parts = (re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in runs)
    return "[" + "".join(parts) + "]"


_NEEDS_CLEANING = re.compile(
    _char_class("".join(LOOKALIKES) + INVISIBLE + SPACES + "\u0335\u0336\u200d")
)


def clean(text: str) -> str:
    """Text as it is read everywhere: lookalike letters fixed, invisible characters gone, NFC.

    Officers paste from Word, Zalo and news sites; what they paste carries "Ð" for "Đ",
    no-break and zero-width spaces, soft hyphens and stray byte order marks. Removing them
    keeps line numbers: nothing is replaced by a line break. Most text has none of them,
    and is only checked (one regular-expression search), not rewritten.
    """
    if _NEEDS_CLEANING.search(text) is not None:
        text = text.translate(_CLEANING)
        if "\u200d" in text:
            text = _STRAY_JOINER.sub("", text)
        if "\u0335" in text or "\u0336" in text:
            text = _STROKED_D.sub(lambda m: "Đ" if m.group(1) == "D" else "đ", text)
    return unicodedata.normalize("NFC", text)


def split_tone(word: str) -> tuple[str, int]:
    """Split one syllable into its tone-less NFC letters and its tone (0 = ngang … 5 = nặng).

    Old ("hoá") and new ("hóa") tone placement give the same answer, which is what
    makes them one word for matching.
    """
    tone = 0
    letters = []
    for char in unicodedata.normalize("NFD", word):
        mark = _TONE_MARKS.get(char)
        if mark is None:
            letters.append(char)
        elif tone == 0:
            tone = mark
    return nfc("".join(letters)), tone


@lru_cache(maxsize=8192)
def match_key(text: str) -> str:
    """Key under which spellings of the same words are equal.

    Ignores case, normalisation form and tone placement; keeps the tone itself, so
    "hoà" = "hòa" but "hoà" ≠ "hoá". White space is collapsed.
    """
    words = []
    for word in _WORD.findall(clean(text).casefold()):
        base, tone = split_tone(word)
        words.append(f"{base}{tone}" if tone else base)
    return " ".join(words)


@lru_cache(maxsize=4096)
def vocabulary_key(text: str) -> str:
    """Key for matching vocabulary values: like match_key, and blind to dashes and spacing.

    "văn hóa xã hội" and "Văn hoá - xã hội" are the same field.
    """
    return match_key(_SEPARATORS.sub(" ", text))


def without_marks(text: str) -> str:
    """The text as typed on a keyboard without Vietnamese: marks dropped, "đ" → "d", the
    punctuation kept ("123/QĐ-UBND" → "123/QD-UBND")."""
    folded = unicodedata.normalize("NFD", clean(text).replace("Đ", "D").replace("đ", "d"))
    return nfc("".join(char for char in folded if not unicodedata.combining(char)))


def slugify(text: str) -> str:
    """ASCII slug: lowercase, "đ" → "d", words joined by "-" ("Dân vận khéo" → dan-van-kheo)."""
    return _ascii_slugify(clean(text).replace("Đ", "D").replace("đ", "d"))


def telex(text: str) -> str:
    """Spell text in ASCII with Telex marks ("Hội" → "hooij").

    Unlike the plain slug it keeps every diacritic, so two different words never share it.
    """
    words = []
    for word in _WORD.findall(clean(text).lower()):
        base, tone = split_tone(word)
        spelled = "".join(_TELEX_LETTERS.get(char, char) for char in base)
        words.append(_ascii_slugify(spelled) + _TELEX_TONES.get(tone, ""))
    return "-".join(w for w in words if w)


def _letter_rank(char: str) -> int:
    if char in _LETTER_RANK:
        return 100 + _LETTER_RANK[char]
    if char.isdigit():
        return 10 + int(char) if char.isascii() else 20
    if char.isalpha():
        # Letters outside the Vietnamese alphabet: after it, in code point order.
        return 200 + ord(char)
    return 0


@lru_cache(maxsize=16384)
def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Collation key for the Vietnamese alphabet (a ă â b c d đ e ê …).

    Three levels, like a dictionary: letters first ("Anh" < "Ăn" < "Âm", "Dược" < "Đảng"),
    then tones syllable by syllable (a < à < ả < ã < á < ạ), then lower case before upper.
    Punctuation and spaces only separate words.
    """
    primary: list[int] = []
    tones: list[int] = []
    cases: list[int] = []
    for word in _WORD.findall(clean(text)):
        letters, tone, word_cases = _word_sort_key(word)
        if primary:
            primary.append(0)
        primary.extend(letters)
        tones.append(tone)
        cases.extend(word_cases)
    return tuple(primary), tuple(tones), tuple(cases)


@lru_cache(maxsize=65536)
def _word_sort_key(word: str) -> tuple[tuple[int, ...], int, tuple[int, ...]]:
    """One word's share of sort_key; titles reuse a small vocabulary, so it is kept."""
    base, tone = split_tone(word)
    letters = tuple(_letter_rank(char) for char in base.lower())
    cases = tuple(0 if char.islower() or not char.isalpha() else 1 for char in base)
    return letters, tone, cases


def sorted_vi(items, key=lambda item: item):
    """Sort items by the Vietnamese alphabet of key(item)."""
    return sorted(items, key=lambda item: sort_key(str(key(item))))
