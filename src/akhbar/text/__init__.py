"""The Urdu text layer: pure functions, no I/O, nothing of ours imported but ``errors``.

Public entry points (stable; other layers use only these):

- ``normalize.display(text) -> str``: faithful Urdu display form
- ``normalize.search_key(text) -> str``: display form folded for matching
  (``search_key(x) == search_key(display(x))``, idempotent)
- ``normalize.normalize(text) -> Normalized``: display form plus the original span of
  each character (``to_original``, ``to_original_end``, ``span_to_original``, ``to_display``)
- ``segment.sentences(text) -> list[tuple[int, int]]``: sentence spans in ``text``
- ``segment.tokens(text) -> list[tuple[int, int]]``: token spans in ``text``
- ``segment.typed_tokens(text) -> list[Token]``: the same spans with their kinds
- ``segment.words(text) -> list[str]``: token strings that are words or numbers
- ``segment.acronyms(text) -> list[tuple[int, int]]``: spelled-out acronyms (پی ٹی آئی)
- ``script.identify(text) -> LanguageGuess``: language code, confidence, script
- ``script.identify_lines(text) -> list[LineGuess]``: the same for each line
- ``numbers.parse_number(text) -> float | None``: Urdu numerals and number words
- ``numbers.find_numbers(text) -> list[NumberMatch]``: number expressions with units
- ``chars.letters()``, ``chars.word_chars()``: ``[^\\W\\d_]`` and ``\\w`` spelled out as
  ranges for fast regexes, valid where ``chars.bmp_only(text)``

Offsets from ``segment`` index the text they are given (the display form, in akhbar).
Any ``str`` gives a result; a non-string gives ``akhbar.errors.InputError``. See
``resources/README.md`` for the shipped word lists and model, and where they come from.
"""
