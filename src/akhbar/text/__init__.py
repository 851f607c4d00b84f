"""The Urdu text layer: pure functions, no I/O, nothing of ours imported.

Public entry points (stable; other layers use only these):

- ``normalize.display(text) -> str``: faithful Urdu display form
- ``normalize.search_key(text) -> str``: display form folded for matching
- ``normalize.normalize(text) -> Normalized``: display form plus offset map to the original
- ``segment.sentences(text) -> list[tuple[int, int]]``: sentence spans in ``text``
- ``segment.tokens(text) -> list[tuple[int, int]]``: token spans in ``text``
- ``segment.words(text) -> list[str]``: token strings that are words or numbers
- ``script.identify(text) -> LanguageGuess``: language code, confidence, script
- ``numbers.parse_number(text) -> float | None``: Urdu numerals and number words
"""
