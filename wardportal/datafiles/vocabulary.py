"""Closed lists of values (kinds, fields, statuses, levels) matched the Vietnamese way.

"văn hóa xã hội", "Văn hoá - xã hội" and its NFD twin are one field, shown in the spelling of
the settings. A value outside the list gets the list and the nearest value as advice.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence

from wardportal.vntext import nfc, slugify, vocabulary_key


class Vocabulary:
    """The allowed values of one key, in the order and spelling of the settings."""

    def __init__(self, values: Sequence[str]) -> None:
        self.values = [nfc(str(value)) for value in values]
        self._by_key = {vocabulary_key(value): value for value in self.values}
        # ASCII spellings ("van hoa xa hoi") find their value when tone marks were left out.
        self._by_ascii = {slugify(value): value for value in self.values}

    def canonical(self, value: str) -> str | None:
        """The settings' spelling of value, or None when value is not in the list."""
        return self._by_key.get(vocabulary_key(value))

    def nearest(self, value: str) -> str | None:
        """The allowed value most like the one typed, to suggest as a fix."""
        ascii_match = self._by_ascii.get(slugify(value))
        if ascii_match:
            return ascii_match
        close = difflib.get_close_matches(vocabulary_key(value), self._by_key, n=1, cutoff=0.5)
        if close:
            return self._by_key[close[0]]
        folded = slugify(value)
        close = difflib.get_close_matches(folded, self._by_ascii, n=1, cutoff=0.5)
        return self._by_ascii[close[0]] if close else None

    def advice(self, value: str) -> str:
        """Vietnamese advice for a value outside the list: the allowed values and a guess."""
        allowed = ", ".join(f"“{item}”" for item in self.values)
        guess = self.nearest(value)
        hint = f"Các giá trị được dùng: {allowed}"
        return f"Có thể bạn muốn viết “{guess}”. {hint}" if guess else hint

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)
