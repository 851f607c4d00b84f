"""Language and script identification (first version)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    code: str
    confidence: float
    script: str


def identify(text: str) -> LanguageGuess:
    arab = sum(1 for c in text if "\u0600" <= c <= "\u06ff")
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    if arab >= latin and arab:
        return LanguageGuess("ur", 0.5, "Arab")
    if latin:
        return LanguageGuess("en", 0.5, "Latn")
    return LanguageGuess("und", 0.0, "Zyyy")
