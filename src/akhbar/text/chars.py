"""Character classes spelled out, for regexes that test every character of a text.

Python's ``re`` tests a category class such as ``[^\\W\\d_]`` (a letter) with several
Unicode table look-ups per character; the same set written as code point ranges is one
bitmap test. The ranges are computed from ``re`` itself, so they are the same set, but
only for the Basic Multilingual Plane: use them on a text when ``bmp_only(text)``.

>>> import re
>>> words = re.compile(f"[{letters()}]+")
>>> bmp_only("ایران کا دورہ") and words.findall("ایران کا دورہ")
['ایران', 'کا', 'دورہ']
"""

from __future__ import annotations

import re
from functools import lru_cache

from akhbar.text._check import require_str

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def bmp_only(text: str) -> bool:
    """Whether every character of ``text`` is in the Basic Multilingual Plane."""
    require_str(text)
    return _ASTRAL.search(text) is None


def _ranges(category: str) -> str:
    """The BMP characters that match ``category`` (a one-character regex class), as ranges."""
    plane = "".join(map(chr, range(0x10000)))
    out = []
    for m in re.finditer(f"{category}+", plane):
        a, b = m.start(), m.end() - 1
        out.append(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}")
    return "".join(out)


@lru_cache(maxsize=1)
def letters() -> str:
    """``[^\\W\\d_]`` (what ``re`` calls a letter) in the BMP, as the inside of a class."""
    return _ranges(r"[^\W\d_]")


@lru_cache(maxsize=1)
def word_chars() -> str:
    """``\\w`` (letters, digits, underscore) in the BMP, as the inside of a class."""
    return _ranges(r"\w")
